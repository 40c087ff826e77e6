//! Issue 20 §2 and §3 through the real server: the people directory (`GET /v1/people` listing
//! and paging by controller, list, time window, consent and name), the blind name index (found
//! without diacritics, by the beginning of a word, never by two letters; gone with the person;
//! rebuilt with a new key), and the staff UI's people pages in Chromium.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use vern_core::Role;
use vern_store::store::LedgerStore;

use crate::harness::{TestApp, TestDb, backends, read, run};

async fn list(app: &TestApp, key: &str, params: &[(&str, &str)]) -> (u16, Value) {
    let r = app
        .http
        .get(app.url("/v1/people"))
        .query(params)
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    read(r).await
}

/// The names on one page, in order.
fn names(page: &Value) -> Vec<String> {
    page["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Every page of a list, following the cursor: the ids in order and the number of pages.
async fn every_page(app: &TestApp, key: &str, params: &[(&str, &str)]) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut p: Vec<(&str, &str)> = params.to_vec();
        if let Some(c) = &cursor {
            p.push(("cursor", c));
        }
        let (status, page) = list(app, key, &p).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        for person in page["people"].as_array().unwrap() {
            ids.push(person["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return (ids, pages),
        }
        assert!(pages < 100, "the cursor never ends");
    }
}

async fn create(app: &TestApp, body: Value) -> Value {
    let (status, p) = app.post("/v1/people", &app.admin, &body).await;
    assert_eq!(status, 201, "{p}");
    p
}

async fn pool(app: &TestApp) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&app.db.url).await.unwrap()
}

async fn digests_of(pool: &sqlx::AnyPool, person: &str) -> BTreeSet<Vec<u8>> {
    use sqlx::Row;
    sqlx::query("SELECT digest FROM person_names WHERE person_id = $1")
        .bind(person)
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<Vec<u8>, _>("digest").unwrap())
        .collect()
}

async fn found(app: &TestApp, key: &str, q: &str) -> Vec<String> {
    let (status, page) = list(app, key, &[("q", q)]).await;
    assert_eq!(status, 200, "{q}: {page}");
    names(&page)
}

#[tokio::test]
async fn people_are_listed_page_by_page_and_by_each_condition() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let seller = app.key(Role::Seller).await;
        let (status, out) = app
            .post(
                "/v1/controllers",
                &app.admin,
                &json!({"key": "norge", "name": "Norge AS", "country": "NO"}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        let (status, out) = app
            .post(
                "/v1/purposes",
                &app.admin,
                &json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true, "channels": ["email", "sms"]}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        let mut people = Vec::new();
        for (i, name) in [
            "Anna Sjöberg",
            "Bertil Ek",
            "Cecilia Åkesson",
            "David Lindqvist",
            "Eva Ström",
            "Filip Nyberg",
            "Greta Holm",
        ]
        .into_iter()
        .enumerate()
        {
            let lists = if i % 2 == 0 {
                vec!["kundklubb"]
            } else {
                vec![]
            };
            people.push(
                create(
                    &app,
                    json!({"name": name, "emails": [format!("p{i}@example.se")], "lists": lists}),
                )
                .await,
            );
        }
        for name in ["Søren Ærø", "Åse Dahl"] {
            people.push(create(&app, json!({"name": name, "controller": "norge"})).await);
        }
        let id = |i: usize| people[i]["id"].as_str().unwrap().to_owned();
        let all: Vec<String> = (0..people.len()).map(id).collect();

        // Every page, three at a time: everybody once, in the order created, then no cursor.
        let (ids, pages) = every_page(&app, &seller, &[("limit", "3")]).await;
        assert_eq!(ids, all);
        assert_eq!(pages, 3, "9 people in pages of 3 end on the third");
        let (ids, pages) = every_page(&app, &seller, &[("limit", "4")]).await;
        assert_eq!((ids, pages), (all.clone(), 3));
        // A person created while someone pages comes at the end, never shifting a page.
        let (_, first) = list(&app, &seller, &[("limit", "4")]).await;
        let cursor = first["next_cursor"].as_str().unwrap().to_owned();
        assert!(!cursor.contains(&id(3)), "the cursor is opaque");
        let late = create(&app, json!({"name": "Hugo Late"})).await;
        let (_, second) = list(&app, &seller, &[("limit", "4"), ("cursor", &cursor)]).await;
        assert_eq!(
            names(&second),
            ["Eva Ström", "Filip Nyberg", "Greta Holm", "Søren Ærø"]
        );
        let late_id = late["id"].as_str().unwrap().to_owned();
        // What a listed person shows.
        let (_, one) = list(&app, &seller, &[("limit", "1")]).await;
        let p = &one["people"][0];
        assert_eq!(
            (
                &p["name"],
                &p["controller"],
                &p["emails"][0],
                &p["lists"][0],
                &p["restricted"]
            ),
            (
                &json!("Anna Sjöberg"),
                &json!("default"),
                &json!("p0@example.se"),
                &json!("kundklubb"),
                &json!(false)
            )
        );

        // By controller, by list.
        let (status, page) = list(&app, &seller, &[("controller", "norge")]).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(names(&page), ["Søren Ærø", "Åse Dahl"]);
        assert!(page["next_cursor"].is_null());
        let (_, page) = list(&app, &seller, &[("list", "kundklubb")]).await;
        assert_eq!(
            names(&page),
            ["Anna Sjöberg", "Cecilia Åkesson", "Eva Ström", "Greta Holm"]
        );
        let (_, page) = list(
            &app,
            &seller,
            &[("list", "kundklubb"), ("controller", "norge")],
        )
        .await;
        assert_eq!(names(&page), Vec::<String>::new());

        // By when created: from the fifth on, and before it.
        let fifth = people[4]["created_at"].as_str().unwrap().to_owned();
        let (_, page) = list(&app, &seller, &[("created_from", &fifth)]).await;
        assert_eq!(
            names(&page),
            [
                "Eva Ström",
                "Filip Nyberg",
                "Greta Holm",
                "Søren Ærø",
                "Åse Dahl",
                "Hugo Late"
            ]
        );
        let (_, page) = list(&app, &seller, &[("created_before", &fifth)]).await;
        assert_eq!(
            names(&page),
            [
                "Anna Sjöberg",
                "Bertil Ek",
                "Cecilia Åkesson",
                "David Lindqvist"
            ]
        );

        // By when changed: a correction moves a person into the window.
        let (status, changed) = app
            .send(
                reqwest::Method::PATCH,
                &format!("/v1/people/{}", id(1)),
                &app.admin,
                &json!({"lists": ["vip"]}),
            )
            .await;
        assert_eq!(status, 200, "{changed}");
        let at = changed["updated_at"].as_str().unwrap().to_owned();
        let (_, page) = list(&app, &seller, &[("changed_from", &at)]).await;
        assert_eq!(names(&page), ["Bertil Ek"]);
        let (_, page) = list(&app, &seller, &[("changed_before", &at), ("list", "vip")]).await;
        assert_eq!(names(&page), Vec::<String>::new());

        // By consent now: granted, withdrawn (after a grant), expired, nothing recorded.
        let consent = |state: &str, given: &str, expires: Option<&str>| {
            let mut body = json!({"purpose": "newsletter", "channels": ["email"], "state": state,
                "evidence": {"source": "web_form", "at": given}});
            if let Some(e) = expires {
                body["expires_at"] = json!(e);
            }
            body
        };
        for (who, body) in [
            (0, consent("granted", "2026-01-01T10:00:00Z", None)),
            (1, consent("granted", "2026-01-01T10:00:00Z", None)),
            (1, consent("withdrawn", "2026-02-01T10:00:00Z", None)),
            (
                2,
                consent(
                    "granted",
                    "2026-01-01T10:00:00Z",
                    Some("2026-03-01T00:00:00Z"),
                ),
            ),
            // A withdrawal then a new grant: granted again.
            (3, consent("withdrawn", "2026-01-01T10:00:00Z", None)),
            (3, consent("granted", "2026-02-01T10:00:00Z", None)),
        ] {
            let (status, out) = app
                .post(&format!("/v1/people/{}/consents", id(who)), &seller, &body)
                .await;
            assert_eq!(status, 201, "{out}");
        }
        let by_consent = |state: &'static str| {
            let app = &app;
            let seller = &seller;
            async move {
                let (status, page) = list(
                    app,
                    seller,
                    &[
                        ("consent_purpose", "newsletter"),
                        ("consent_channel", "email"),
                        ("consent_state", state),
                        ("controller", "default"),
                    ],
                )
                .await;
                assert_eq!(status, 200, "{page}");
                names(&page)
            }
        };
        assert_eq!(
            by_consent("granted").await,
            ["Anna Sjöberg", "David Lindqvist"]
        );
        assert_eq!(by_consent("withdrawn").await, ["Bertil Ek"]);
        assert_eq!(by_consent("expired").await, ["Cecilia Åkesson"]);
        assert_eq!(
            by_consent("none").await,
            ["Eva Ström", "Filip Nyberg", "Greta Holm", "Hugo Late"]
        );
        // SMS has nothing recorded for anybody.
        let (_, page) = list(
            &app,
            &seller,
            &[
                ("consent_purpose", "newsletter"),
                ("consent_channel", "sms"),
                ("consent_state", "granted"),
            ],
        )
        .await;
        assert_eq!(names(&page), Vec::<String>::new());

        // Conditions combine.
        let (_, page) = list(
            &app,
            &seller,
            &[
                ("consent_purpose", "newsletter"),
                ("consent_channel", "email"),
                ("consent_state", "none"),
                ("list", "kundklubb"),
                ("controller", "default"),
            ],
        )
        .await;
        assert_eq!(names(&page), ["Eva Ström", "Greta Holm"]);

        // Bad conditions: each named, nothing listed.
        let head = app.store.ledger_head().await.unwrap();
        for (params, field) in [
            (vec![("controller", "nobody")], "controller"),
            (vec![("created_from", "yesterday")], "created_from"),
            (vec![("consent_purpose", "newsletter")], "consent_channel"),
            (
                vec![
                    ("consent_purpose", "newsletter"),
                    ("consent_channel", "email"),
                    ("consent_state", "maybe"),
                ],
                "consent_state",
            ),
            (
                vec![
                    ("consent_purpose", "nothing_here"),
                    ("consent_channel", "email"),
                    ("consent_state", "granted"),
                    ("controller", "default"),
                ],
                "consent_purpose",
            ),
            (vec![("cursor", "bm90IGEgY3Vyc29y")], "cursor"),
            (vec![("limit", "0")], "limit"),
            (vec![("limit", "201")], "limit"),
            (vec![("q", "an")], "q"),
            (
                vec![("email", "p0@example.se"), ("list", "kundklubb")],
                "list",
            ),
        ] {
            let (status, out) = list(&app, &seller, &params).await;
            assert_eq!(status, 422, "{params:?}: {out}");
            assert!(
                out["details"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["field"] == field))
                    || out["message"].as_str().is_some_and(|m| m.contains(field)),
                "{params:?}: {out}"
            );
        }
        assert_eq!(
            app.store.ledger_head().await.unwrap(),
            head,
            "nothing listed"
        );
        // The lookup by identifier answers as before.
        let (status, out) = list(&app, &seller, &[("email", "p0@example.se")]).await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(out["people"][0]["name"], "Anna Sjöberg");
        assert!(out.get("next_cursor").is_none(), "{out}");

        // Roles that do not work with people may not list them.
        for role in [Role::Marketer, Role::Auditor, Role::AuthorizedAgent] {
            let key = app.key(role).await;
            let (status, out) = list(&app, &key, &[]).await;
            assert_eq!(status, 403, "{role:?}: {out}");
        }
        for role in [Role::PrivacyOfficer, Role::Admin] {
            let key = app.key(role).await;
            let (status, out) = list(&app, &key, &[("limit", "1")]).await;
            assert_eq!(status, 200, "{role:?}: {out}");
        }

        // Each page listed is a disclosure in the ledger: who was shown, by which conditions,
        // never the name typed.
        let head = app.store.ledger_head().await.unwrap();
        let (_, page) = list(&app, &seller, &[("q", "sjoberg"), ("list", "kundklubb")]).await;
        assert_eq!(names(&page), ["Anna Sjöberg"]);
        let entries = app.store.ledger_after(head, 10).await.unwrap();
        assert_eq!(entries.len(), 1, "one entry for the page");
        let e = &entries[0];
        assert_eq!(e.kind, "people.listed");
        let payload: Value = serde_json::from_str(&e.payload).unwrap();
        assert_eq!(payload["people"], json!([id(0)]));
        assert_eq!(payload["filters"], json!(["list", "name"]));
        assert!(
            !e.payload.to_lowercase().contains("sjoberg"),
            "{}",
            e.payload
        );
        // A list that finds nobody discloses nothing.
        let head = app.store.ledger_head().await.unwrap();
        assert_eq!(
            found(&app, &seller, "nobodyhere").await,
            Vec::<String>::new()
        );
        assert_eq!(app.store.ledger_head().await.unwrap(), head);
        assert!(all.contains(&id(0)) && !all.contains(&late_id));
        app.stop().await;
    }
}

#[tokio::test]
async fn names_are_found_as_people_type_them() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let seller = app.key(Role::Seller).await;
        for body in [
            json!({"name": "Anna Sjöberg"}),
            json!({"name": "Anders Sjöstrand"}),
            json!({"name": "Søren Ærø", "controller": "default"}),
            json!({"name": "Åsa Ålund"}),
            json!({"name": "Li Wu"}),
        ] {
            create(&app, body).await;
        }
        // Without diacritics, with the two-letter spelling, in any case, by a word's beginning
        // from three letters, every word typed.
        assert_eq!(found(&app, &seller, "sjoberg").await, ["Anna Sjöberg"]);
        assert_eq!(found(&app, &seller, "Sjoeberg").await, ["Anna Sjöberg"]);
        assert_eq!(found(&app, &seller, "SJÖBERG").await, ["Anna Sjöberg"]);
        assert_eq!(
            found(&app, &seller, "sjö").await,
            ["Anna Sjöberg", "Anders Sjöstrand"]
        );
        assert_eq!(found(&app, &seller, "sjo ann").await, ["Anna Sjöberg"]);
        assert_eq!(found(&app, &seller, "soren aeroe").await, ["Søren Ærø"]);
        assert_eq!(found(&app, &seller, "aasa alu").await, ["Åsa Ålund"]);
        // Not the middle of a word, not a word nobody has.
        assert_eq!(found(&app, &seller, "berg").await, Vec::<String>::new());
        assert_eq!(
            found(&app, &seller, "anna lind").await,
            Vec::<String>::new()
        );
        // Two letters are refused, even for a two-letter name.
        for q in ["sj", "li", "anna s"] {
            let (status, out) = list(&app, &seller, &[("q", q)]).await;
            assert_eq!(status, 422, "{q}: {out}");
            assert_eq!(out["details"][0]["field"], "q", "{out}");
        }
        // A correction changes what is found, in the same write.
        let (_, page) = list(&app, &seller, &[("q", "sjoberg")]).await;
        let anna = page["people"][0]["id"].as_str().unwrap().to_owned();
        let (status, out) = app
            .send(
                reqwest::Method::PATCH,
                &format!("/v1/people/{anna}"),
                &app.admin,
                &json!({"name": "Anna Berglund"}),
            )
            .await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(found(&app, &seller, "sjoberg").await, Vec::<String>::new());
        assert_eq!(found(&app, &seller, "berglund").await, ["Anna Berglund"]);
        app.stop().await;
    }
}

#[tokio::test]
async fn erasure_removes_the_name_digests_and_a_new_key_keeps_search_working() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let seller = app.key(Role::Seller).await;
        let anna = create(
            &app,
            json!({"name": "Anna Sjöberg", "phones": ["070-123 45 67"]}),
        )
        .await;
        let anna = anna["id"].as_str().unwrap().to_owned();
        let bo = create(&app, json!({"name": "Bo Sjöström"})).await;
        let bo = bo["id"].as_str().unwrap().to_owned();
        let db = pool(&app).await;
        let before = digests_of(&db, &anna).await;
        assert!(!before.is_empty());

        // A new key generation: every digest is made again, none equal to one before, and
        // search still finds the same people.
        let (code, out, err) = run(&app.db, &["keys", "rotate-name-index"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("key generation 2: 2 people"), "{out}{err}");
        let after = digests_of(&db, &anna).await;
        assert_eq!(after.len(), before.len());
        assert!(after.is_disjoint(&before), "the old digests are gone");
        assert_eq!(found(&app, &seller, "sjoberg").await, ["Anna Sjöberg"]);
        assert_eq!(
            found(&app, &seller, "sjo").await,
            ["Anna Sjöberg", "Bo Sjöström"]
        );
        // New people are indexed with the new key.
        create(&app, json!({"name": "Cecilia Sjögren"})).await;
        assert_eq!(found(&app, &seller, "sjogren").await, ["Cecilia Sjögren"]);
        let head = app.store.ledger_head().await.unwrap();
        let entries = app.store.ledger_after(0, head).await.unwrap();
        let rebuilt: Vec<&vern_store::LedgerEntry> = entries
            .iter()
            .filter(|e| e.kind == "name_index.rebuilt")
            .collect();
        assert_eq!(rebuilt.len(), 1);
        assert!(
            rebuilt[0].payload.contains("\"rotation\""),
            "{}",
            rebuilt[0].payload
        );

        // Erased to the recycle bin: not listed, digests kept until the purge; restored: found.
        let (status, out) = app
            .send(
                reqwest::Method::DELETE,
                &format!("/v1/people/{bo}"),
                &app.admin,
                &json!({"reason": "asked"}),
            )
            .await;
        assert!((200..300).contains(&status), "{status} {out}");
        assert_eq!(found(&app, &seller, "sjostrom").await, Vec::<String>::new());
        // Anonymized: the digests go with the person.
        let (status, out) = app
            .post(
                &format!("/v1/people/{anna}/anonymize"),
                &app.admin,
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{out}");
        assert!(digests_of(&db, &anna).await.is_empty());
        assert_eq!(found(&app, &seller, "sjoberg").await, Vec::<String>::new());
        // Anonymized while bookkeeping holds the name: the sealed name stays for the books, its
        // digests go, and nobody finds the person by it.
        let (status, out) = app
            .post(
                "/v1/purposes",
                &app.admin,
                &json!({"key": "bookkeeping", "name": "Bookkeeping", "legal_basis": "legal_obligation", "direct_marketing": false, "channels": ["post"], "retention": "P7Y", "holds_fields": ["name"]}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        let hilda = create(&app, json!({"name": "Hilda Sjöholm"})).await;
        let hilda = hilda["id"].as_str().unwrap().to_owned();
        let (status, out) = app
            .post(
                &format!("/v1/people/{hilda}/deals"),
                &app.admin,
                &json!({"amount_minor": 1000, "currency": "SEK", "stage": "won", "closed_at": "2026-01-15T10:00:00Z"}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        assert!(!digests_of(&db, &hilda).await.is_empty());
        let (status, out) = app
            .post(
                &format!("/v1/people/{hilda}/anonymize"),
                &app.admin,
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{out}");
        let (held, _) = vern_store::store::PeopleStore::get_person_any(app.store.as_ref(), &hilda)
            .await
            .unwrap();
        assert_eq!(held.profile.name, "Hilda Sjöholm", "kept for the books");
        assert!(digests_of(&db, &hilda).await.is_empty());
        assert_eq!(found(&app, &seller, "sjoholm").await, Vec::<String>::new());
        db.close().await;
        app.stop().await;
    }
}

/// A database from before the name index: its people are indexed at the next start, once.
#[tokio::test]
async fn people_stored_before_the_index_are_indexed_at_the_next_start() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let seller = app.key(Role::Seller).await;
        create(&app, json!({"name": "Dagny Öberg"})).await;
        let db = pool(&app).await;
        // As the upgrade left it: no digests, the index waiting to be built.
        sqlx::query("DELETE FROM person_names")
            .execute(&db)
            .await
            .unwrap();
        sqlx::query("UPDATE name_index SET built_at = NULL")
            .execute(&db)
            .await
            .unwrap();
        db.close().await;
        assert_eq!(found(&app, &seller, "oberg").await, Vec::<String>::new());
        let app = app.restart_with(|_| {}).await;
        let seller = app.key(Role::Seller).await;
        assert_eq!(found(&app, &seller, "oberg").await, ["Dagny Öberg"]);
        let app = app.restart_with(|_| {}).await;
        let head = app.store.ledger_head().await.unwrap();
        let entries = app.store.ledger_after(0, head).await.unwrap();
        let rebuilt: Vec<_> = entries
            .iter()
            .filter(|e| e.kind == "name_index.rebuilt")
            .collect();
        assert_eq!(rebuilt.len(), 1, "built once");
        assert!(rebuilt[0].payload.contains("\"upgrade\""));
        app.stop().await;
    }
}

/// Staff list, search, create and correct people in Chromium, without leaving the UI.
#[tokio::test]
async fn staff_find_create_and_correct_people_in_a_real_browser() {
    use crate::ui::{Browser, user};
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let app = TestApp::spawn_with(db, |s| s.ui.secure_cookies = false).await;
        for i in 0..55 {
            create(&app, json!({"name": format!("Person Nummer{i:02}")})).await;
        }
        let anna = create(
            &app,
            json!({"name": "Anna Sjöberg", "emails": ["anna@example.se"], "lists": ["kundklubb"]}),
        )
        .await;
        let anna = anna["id"].as_str().unwrap().to_owned();
        let (status, out) = app
            .post(
                &format!("/v1/people/{anna}/relationships"),
                &app.admin,
                &json!({"product_category": "broadband", "started": "2025-03-01"}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        user(&app, Role::PrivacyOfficer, "dpo@kundklubben.example", "en").await;
        let b = Browser::start().await;
        b.sign_in(&app, "dpo@kundklubben.example").await;

        // The list, a page at a time: 56 people, 50 on the first page, the rest on the next.
        b.goto(&app.url("/ui/people")).await;
        b.wait_text("#results", "Person Nummer00").await;
        let first = b.text("#results").await;
        assert!(!first.contains("Anna Sjöberg"), "{first}");
        b.click("#next-page").await;
        let second = b.wait_text("#results", "Anna Sjöberg").await;
        assert!(second.contains("Person Nummer54") && !second.contains("Person Nummer00"));
        b.click("#first-page").await;
        b.wait_text("#results", "Person Nummer00").await;
        // Narrowed to a list, the pages keep to it.
        b.goto(&app.url("/ui/people?list=kundklubb")).await;
        let listed = b.wait_text("#results", "Anna Sjöberg").await;
        assert!(!listed.contains("Nummer"), "{listed}");

        // Searching a name typed without diacritics.
        b.goto(&app.url("/ui/people")).await;
        b.type_into("#q", "sjoberg").await;
        b.click("form.search button").await;
        let results = b.wait_text("#results", "Anna Sjöberg").await;
        assert!(!results.contains("Nummer"), "{results}");
        b.screenshot("people-search", true).await;
        // Two letters: the reason, not a list.
        b.type_into("#q", "sj").await;
        b.click("form.search button").await;
        b.wait_text("[role=alert]", "at least 3 letters").await;

        // The card shows the customer relationship and where the data came from.
        b.goto(&app.url(&format!("/ui/people/{anna}"))).await;
        let rel = b.wait_text("#relationships", "broadband").await;
        assert!(
            rel.contains("2025-03-01") && rel.contains("Ongoing"),
            "{rel}"
        );
        b.wait_text("#data-source", "The person").await;

        // Correcting the name (rectification): the card and the search follow.
        b.click("#edit-person").await;
        b.type_into("#p-name", "Anna Berglund").await;
        b.type_into("#p-emails", "anna.berglund@example.se").await;
        b.click("#person-save").await;
        b.wait_text("[role=status]", "The data is corrected").await;
        b.wait_text("#person-name", "Anna Berglund").await;
        let p = vern_store::store::PeopleStore::get_person(app.store.as_ref(), &anna)
            .await
            .unwrap();
        assert_eq!(p.profile.emails, ["anna.berglund@example.se"]);

        // Creating a person from a purchased list: the Art. 14 notice is owed on the card.
        b.goto(&app.url("/ui/people")).await;
        b.click("#new-person").await;
        b.type_into("#p-name", "Åke Öst").await;
        b.type_into("#p-phones", "070-765 43 21").await;
        b.select("#p-source", "purchased_list").await;
        b.click("#person-save").await;
        // Without the supplier the use case refuses, naming it; the form keeps what was typed.
        b.wait_text("[role=alert]", "supplier").await;
        b.type_into("#p-supplier", "Listmäklarna AB").await;
        b.click("#person-save").await;
        b.wait_text("[role=status]", "The person is created").await;
        b.wait_text("#person-name", "Åke Öst").await;
        b.wait_text("#data-source", "Listmäklarna AB").await;
        b.find("#art14-state").await;
        b.goto(&app.url("/ui/people?q=ake+ost")).await;
        b.wait_text("#results", "Åke Öst").await;
        b.quit().await;
        app.stop().await;
    }
}
