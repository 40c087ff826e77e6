//! Moving in and leaving (docs/import.md): `vern import people`, `POST /v1/imports` and
//! `vern export people`, through the real binary and server, on every backend.

use serde_json::{Value, json};
use vern_core::Role;
use vern_store::store::LedgerStore;

use crate::harness::{StoreExt, TestApp, TestDb, backends, run};

/// The purposes the files name: consent-based marketing on e-mail and SMS, telemarketing, and
/// customer service (a contract) that profile fields serve.
async fn purposes(app: &TestApp) {
    for body in [
        json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true, "channels": ["email", "sms"]}),
        json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "consent", "direct_marketing": true, "channels": ["phone"]}),
        json!({"key": "customer_service", "name": "Customer service", "legal_basis": "contract", "direct_marketing": false, "channels": ["email"]}),
    ] {
        let (status, out) = app.post("/v1/purposes", &app.admin, &body).await;
        assert_eq!(status, 201, "{out}");
    }
}

async fn kinds_since(app: &TestApp, after: i64) -> Vec<String> {
    app.store
        .ledger_after(after, 100_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

/// The entries since `after` less those the Art. 14 job writes on its own schedule: it queues
/// the notice an imported person from a purchased list is owed whenever its round comes, which
/// may fall between any two steps of a test (CI saw it once).
async fn import_kinds_since(app: &TestApp, after: i64) -> Vec<String> {
    kinds_since(app, after)
        .await
        .into_iter()
        .filter(|k| k != "message.queued" && k != "notice.art14_queued")
        .collect()
}

fn count(kinds: &[String], kind: &str) -> usize {
    kinds.iter().filter(|k| *k == kind).count()
}

async fn people_with(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, out) = app.get(&format!("/v1/people?{query}"), &app.admin).await;
    assert_eq!(status, 200, "{out}");
    out["people"].as_array().unwrap().clone()
}

async fn check(app: &TestApp, email: &str, purpose: &str) -> Value {
    let body = json!({"identifiers": {"email": email}, "channel": "email", "purpose": purpose});
    let (status, out) = app.post("/v1/check", &app.admin, &body).await;
    assert_eq!(status, 200, "{out}");
    out
}

/// A file as Excel on a Swedish Windows writes it: Latin-1, semicolons, `\r\n`, Swedish
/// headers; a few bad lines among the good.
fn sheet(first_name: &str) -> String {
    format!(
        "Kundnr;Namn;Telefon;E-post;Personnummer;consent:newsletter:email;consent:newsletter:email:date;consent:newsletter:email:text;field:customer_service:Kundtyp;Invändning\r\n\
         K1;{first_name} Öberg;070-123 45 67;asa@example.se;19811218-9876;ja;2024-03-01;Ja tack till nyhetsbrev;privat;\r\n\
         K2;Bo Ek;12;bo@example.se;;;;;;\r\n\
         K3;Carl Ström;+46 70 999 99 99;carl@example.se;;;;;;\r\n\
         K4;Dora Åberg;;dora@example.se;;;;;;ja\r\n\
         K5;Erik Lund;;erik@example.se;;kanske;;;;\r\n\
         K6;;;fanny@example.se;;;;;;\r\n"
    )
}

/// Latin-1: every character of these files is below U+0100.
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

fn line_of(out: &str, line: u64) -> &str {
    out.lines()
        .find(|l| l.trim_start().starts_with(&format!("line {line}:")))
        .unwrap_or_else(|| panic!("no line {line} in {out}"))
}

#[tokio::test]
async fn a_nordic_spreadsheet_is_imported_checked_reimported_and_its_objection_suppresses() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        purposes(&app).await;
        // Someone already holds the phone number line 4 brings.
        let (status, out) = app
            .post(
                "/v1/people",
                &app.admin,
                &json!({"name": "Existing", "phones": ["+46709999999"]}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        let file = app.db.dir.path().join("kunder.csv");
        std::fs::write(&file, latin1(&sheet("Åsa"))).unwrap();
        let path = file.to_str().unwrap();

        // A dry run reports every line and writes nothing.
        let head = app.store.ledger_head_for_test().await;
        let (code, out, err) = run(&app.db, &["import", "people", path, "--dry-run"]);
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(line_of(&out, 2), "line 2: created");
        assert!(line_of(&out, 3).contains("phones[0]"), "{out}");
        assert!(
            line_of(&out, 4).contains("phone: already held by another person"),
            "{out}"
        );
        assert_eq!(line_of(&out, 5), "line 5: created");
        assert!(
            line_of(&out, 6).contains("consent:newsletter:email"),
            "{out}"
        );
        assert!(line_of(&out, 7).contains("name: required"), "{out}");
        // No line's data appears in a refusal.
        assert!(!out.contains("Ström") && !out.contains("kanske"), "{out}");
        assert_eq!(
            app.store.ledger_head_for_test().await,
            head,
            "a dry run writes nothing"
        );
        assert!(people_with(&app, "email=asa@example.se").await.is_empty());

        // The real run: the good lines go in, the bad ones are reported with their lines.
        let (code, out, err) = run(
            &app.db,
            &["import", "people", path, "--encoding", "iso-8859-1"],
        );
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("created:      2"), "{out}");
        assert!(out.contains("rejected:     4"), "{out}");
        for line in [3, 4, 6, 7] {
            assert!(out.contains(&format!("  line {line}: ")), "{out}");
        }
        let kinds = kinds_since(&app, head).await;
        assert_eq!(count(&kinds, "person.imported"), 2, "{kinds:?}");
        assert_eq!(count(&kinds, "import.batch"), 1, "{kinds:?}");
        assert_eq!(count(&kinds, "objection.recorded"), 1, "{kinds:?}");
        let asa = people_with(&app, "phone=0701234567").await;
        assert_eq!(asa.len(), 1);
        assert_eq!(asa[0]["name"], "Åsa Öberg", "read as Latin-1");
        assert_eq!(asa[0]["national_id"], "198112189876");
        assert_eq!(asa[0]["custom_fields"][0]["purpose"], "customer_service");
        let id = asa[0]["id"].as_str().unwrap().to_owned();
        let (_, consents) = app
            .get(&format!("/v1/people/{id}/consents"), &app.admin)
            .await;
        let history = consents["history"].as_array().unwrap();
        assert_eq!(history.len(), 1, "{consents}");
        assert_eq!(history[0]["action"], "granted");
        assert_eq!(history[0]["given_at"], "2024-03-01T00:00:00Z");
        assert_eq!(history[0]["evidence"]["text"], "Ja tack till nyhetsbrev");
        // Found by name as staff type it, without the Nordic letters (the blind index is
        // written in the import's batch, docs/people-search.md).
        let found = people_with(&app, "q=asa+oberg").await;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0]["id"], asa[0]["id"]);
        assert!(people_with(&app, "email=bo@example.se").await.is_empty());
        assert_eq!(
            people_with(&app, "phone=+46709999999").await.len(),
            1,
            "never merged"
        );

        // The same file again: nothing new. The file read without --encoding (detected).
        let head = app.store.ledger_head_for_test().await;
        let (code, out, err) = run(&app.db, &["import", "people", path]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("created:      0"), "{out}");
        assert!(out.contains("updated:      0"), "{out}");
        assert!(out.contains("unchanged:    2"), "{out}");
        assert_eq!(count(&kinds_since(&app, head).await, "person.imported"), 0);

        // A changed row (UTF-8 with BOM, bare \r endings now) updates its person.
        let changed = sheet("Åsa-Maria").replace("\r\n", "\r");
        std::fs::write(&file, format!("\u{feff}{changed}")).unwrap();
        let (code, out, err) = run(&app.db, &["import", "people", path]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("created:      0"), "{out}");
        assert!(out.contains("updated:      1"), "{out}");
        assert!(out.contains("unchanged:    1"), "{out}");
        let asa = people_with(&app, "phone=0701234567").await;
        assert_eq!(asa.len(), 1, "updated, not duplicated");
        assert_eq!(asa[0]["name"], "Åsa-Maria Öberg");
        // The index follows the new name: the old entries replaced, not added to.
        assert_eq!(people_with(&app, "q=maria+oberg").await.len(), 1);
        assert_eq!(people_with(&app, "q=asa+oberg").await.len(), 1);
        assert!(people_with(&app, "q=carl").await.is_empty());

        // The index of a server started now holds the imported objection.
        let app = app.restart_with(|_| {}).await;
        let answer = check(&app, "dora@example.se", "newsletter").await;
        assert_eq!(answer["allowed"], false, "{answer}");
        assert!(
            answer.to_string().contains("objection.direct_marketing"),
            "{answer}"
        );
        let answer = check(&app, "asa@example.se", "newsletter").await;
        assert_eq!(answer["allowed"], true, "{answer}");
        app.stop().await;
    }
}

async fn post_ndjson(app: &TestApp, key: &str, query: &str, body: String) -> (u16, Value) {
    let r = app
        .http
        .post(app.url(&format!("/v1/imports{query}")))
        .bearer_auth(key)
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send()
        .await
        .unwrap();
    crate::harness::read(r).await
}

#[tokio::test]
async fn ndjson_over_http_is_imported_line_by_line_and_an_objection_suppresses_at_once() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        purposes(&app).await;
        let lines = [
            json!({"external_id": "A1", "name": "Anna Berg", "emails": ["anna@example.se"], "consents": [{"purpose": "newsletter", "channels": ["email"], "state": "granted", "date": "2024-05-01"}]}).to_string(),
            "{\"name\": \"Bad\", \"phones\": \"not a list\"}".to_owned(),
            json!({"external_id": "A2", "name": "Olle Dahl", "emails": ["olle@example.se"], "objection": {"source": "staff"}}).to_string(),
        ];
        let body = lines.join("\n");

        let head = app.store.ledger_head_for_test().await;
        let (status, out) = post_ndjson(&app, &app.admin, "?dry_run=true", body.clone()).await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(out["created"], 2, "{out}");
        assert_eq!(out["lines"][1]["outcome"], "rejected", "{out}");
        assert!(!out.to_string().contains("not a list"), "{out}");
        assert_eq!(app.store.ledger_head_for_test().await, head);

        let (status, out) = post_ndjson(&app, &app.admin, "", body.clone()).await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(
            (out["created"].as_u64(), out["committed_batches"].as_u64()),
            (Some(2), Some(1)),
            "{out}"
        );
        assert_eq!(out["rejected"][0]["line"], 2, "{out}");
        // The answer came after this server's index took the objection in.
        let answer = check(&app, "olle@example.se", "newsletter").await;
        assert_eq!(answer["allowed"], false, "{answer}");
        assert!(
            answer.to_string().contains("objection.direct_marketing"),
            "{answer}"
        );
        let answer = check(&app, "anna@example.se", "newsletter").await;
        assert_eq!(answer["allowed"], true, "{answer}");

        // Again: unchanged. A seller may create but not change people.
        let (status, out) = post_ndjson(&app, &app.admin, "", body.clone()).await;
        assert_eq!((status, out["unchanged"].as_u64()), (200, Some(2)), "{out}");
        let seller = app.key(Role::Seller).await;
        let changed = json!({"external_id": "A1", "name": "Anna Berg-Ek"}).to_string();
        let (status, out) = post_ndjson(&app, &seller, "", changed).await;
        assert_eq!(status, 200, "{out}");
        assert!(
            out["rejected"][0]["reason"]
                .as_str()
                .unwrap()
                .contains("privacy_officer"),
            "{out}"
        );
        let marketer = app.key(Role::Marketer).await;
        assert_eq!(post_ndjson(&app, &marketer, "", body.clone()).await.0, 403);

        // An objection's date is read back, and cannot lie in the future.
        let dated = [
            json!({"external_id": "A3", "name": "Per Ek", "emails": ["per@example.se"], "objection": {"date": "2099-01-01"}}),
            json!({"external_id": "A4", "name": "Eva Ek", "emails": ["eva@example.se"], "objection": {"date": "1 March"}}),
        ]
        .map(|v| v.to_string())
        .join("\n");
        let (status, out) = post_ndjson(&app, &app.admin, "", dated).await;
        assert_eq!(status, 200, "{out}");
        let reasons: Vec<&str> = out["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["reason"].as_str().unwrap())
            .collect();
        assert_eq!(reasons.len(), 2, "{out}");
        assert!(
            reasons[0].contains("objection.date: an objection cannot be dated in the future"),
            "{out}"
        );
        assert!(reasons[1].contains("objection.date: a date"), "{out}");

        // A line that never ends is refused once it passes 64 KiB; nothing of it is written.
        let endless = format!("{}\n{{\"name\": \"{}", lines[0], "x".repeat(200_000));
        let (status, out) = post_ndjson(&app, &app.admin, "", endless).await;
        assert_eq!(status, 413, "{out}");
        assert_eq!(out["code"], "too_large", "{out}");
        assert_eq!(out["summary"]["committed_batches"], 0, "{out}");
        app.stop().await;
    }
}

/// Everything a person can carry, as NDJSON lines.
fn rich_people() -> String {
    [
        json!({
            "external_id": "C-1", "name": "Åsa Öberg", "phones": ["+46701234567", "08-123 456"],
            "emails": ["asa@example.se"], "national_id": "19811218-9876",
            "address": {"street": "Storgatan 1", "postal_code": "111 22", "city": "Stockholm", "country": "SE"},
            "language": "sv", "fields": [{"name": "kundtyp", "value": "privat", "purpose": "customer_service"}],
            "lists": ["vip", "kundklubb"], "source": "purchased_list", "supplier": "Adresslistor AB",
            "consents": [
                {"purpose": "newsletter", "channels": ["email", "sms"], "state": "granted", "date": "2024-01-10", "source": "web_form", "text": "Ja tack", "version": "v2", "reference": "form-7", "ip": "192.0.2.4"},
                {"purpose": "newsletter", "channels": ["sms"], "state": "withdrawn", "date": "2025-02-01T10:00:00Z", "source": "sms"},
                {"purpose": "telemarketing", "channels": ["phone"], "state": "granted", "date": "2024-06-01", "expires": "2026-06-01T00:00:00Z"},
                // Given again on a call: the CSV's newsletter:sms columns show only this one.
                {"purpose": "newsletter", "channels": ["sms"], "state": "granted", "date": "2025-06-01T08:30:00.123456Z", "source": "call", "by": "sara"},
            ],
            "customer": [
                {"product_category": "subscription", "started": "2023-05-01", "ended": "2024-04-30"},
                {"product_category": "subscription", "started": "2024-09-01"},
            ],
        }),
        json!({"external_id": "C-2", "name": "=cmd|' /C calc'!A0", "emails": ["bo@example.se"], "objection": {"source": "subject", "scope": "all", "date": "2025-03-04T08:00:00Z"}, "business_contact": true}),
        json!({"name": "Carl Utan Nummer", "phones": ["+4791234567"]}),
    ]
    .map(|v| v.to_string())
    .join("\n")
}

/// The CRM history of the person with this e-mail address, as the API lists it.
async fn crm_of(app: &TestApp, email: &str) -> (String, Value, Value, Value, Value) {
    let found = people_with(app, &format!("email={email}")).await;
    assert_eq!(found.len(), 1, "{found:?}");
    let id = found[0]["id"].as_str().unwrap().to_owned();
    let mut lists = Vec::new();
    for what in ["activities", "deals", "todos", "relationships"] {
        let (status, out) = app
            .get(&format!("/v1/people/{id}/{what}"), &app.admin)
            .await;
        assert_eq!(status, 200, "{out}");
        lists.push(out[what].clone());
    }
    let [a, d, t, r] = <[Value; 4]>::try_from(lists).unwrap();
    (id, a, d, t, r)
}

/// Åsa's calls, notes, sales and tasks, recorded through the API as staff record them: a won
/// deal with a product category starts a customer relationship of its own.
async fn record_crm_history(app: &TestApp) {
    let (id, ..) = crm_of(app, "asa@example.se").await;
    let posts = [
        (
            "activities",
            json!({"kind": "call", "note": "Ville ha bredband", "channel": "phone", "owner": "sara", "at": "2025-01-05T09:00:00Z"}),
        ),
        // The same instant as the call: the order of the two must survive the round trip.
        (
            "activities",
            json!({"kind": "email", "channel": "email", "owner": "sara", "at": "2025-01-05T09:00:00Z"}),
        ),
        // Undated and without an owner: now, and the caller's key.
        (
            "activities",
            json!({"kind": "note", "note": "=HYPERLINK(\"x\")"}),
        ),
        (
            "deals",
            json!({"title": "Bredband 250", "amount_minor": 49_900, "currency": "SEK", "stage": "won", "owner": "sara", "opened_at": "2024-12-01T10:00:00Z", "closed_at": "2025-01-10T12:00:00.25Z", "product_category": "broadband"}),
        ),
        (
            "deals",
            json!({"amount_minor": 0, "currency": "sek", "stage": "lead"}),
        ),
        (
            "todos",
            json!({"text": "Ring tillbaka om TV", "owner": "sara", "due_at": "2025-02-01T09:00:00+01:00"}),
        ),
        ("todos", json!({"text": "Skicka avtal"})),
    ];
    for (what, body) in posts {
        let (status, out) = app
            .post(&format!("/v1/people/{id}/{what}"), &app.admin, &body)
            .await;
        assert_eq!(status, 201, "{what}: {out}");
    }
    let (_, activities, deals, todos, relationships) = crm_of(app, "asa@example.se").await;
    assert_eq!(
        (
            activities.as_array().unwrap().len(),
            deals.as_array().unwrap().len()
        ),
        (3, 2)
    );
    assert_eq!(todos.as_array().unwrap().len(), 2);
    // The won deal's relationship beside the two the import brought.
    assert_eq!(
        relationships.as_array().unwrap().len(),
        3,
        "{relationships}"
    );
}

async fn export(app: &TestApp, format: &str) -> String {
    let out = app.db.dir.path().join(format!("export.{format}"));
    let (code, stdout, err) = run(
        &app.db,
        &[
            "export",
            "people",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stdout}{err}");
    std::fs::read_to_string(out).unwrap()
}

#[tokio::test]
async fn export_then_import_into_an_empty_database_then_export_gives_the_same_file() {
    for backend in backends() {
        let first = TestApp::spawn(backend).await;
        purposes(&first).await;
        let (status, out) = post_ndjson(&first, &first.admin, "", rich_people()).await;
        assert_eq!((status, out["created"].as_u64()), (200, Some(3)), "{out}");
        record_crm_history(&first).await;
        let (_, activities, deals, todos, relationships) = crm_of(&first, "asa@example.se").await;
        let head = first.store.ledger_head_for_test().await;
        let ndjson = export(&first, "ndjson").await;
        let csv = export(&first, "csv").await;
        let kinds = kinds_since(&first, head).await;
        assert_eq!(
            kinds,
            ["people.exported", "people.exported"],
            "an export is a disclosure"
        );
        assert_eq!(ndjson.lines().count(), 3);
        assert!(
            ndjson.contains("\"withdrawn\""),
            "the history is kept: {ndjson}"
        );
        assert!(
            ndjson.contains(
                r#""objection":{"source":"subject","scope":"all","date":"2025-03-04T08:00:00Z"}"#
            ),
            "the objection keeps its date: {ndjson}"
        );
        assert_eq!(
            ndjson.matches(r#""purpose":"newsletter""#).count(),
            3,
            "{ndjson}"
        );
        assert!(
            csv.lines()
                .next()
                .unwrap()
                .ends_with(",consent_history,customer_history,activities,deals,todos"),
            "{csv}"
        );
        // The CRM history, oldest first, every field the API shows.
        assert!(
            ndjson.contains(r#""activities":[{"kind":"call","note":"Ville ha bredband","channel":"phone","owner":"sara","at":"2025-01-05T09:00:00Z"},{"kind":"email","channel":"email","owner":"sara","at":"2025-01-05T09:00:00Z"},{"kind":"note","#),
            "{ndjson}"
        );
        assert!(
            ndjson.contains(r#""deals":[{"title":"Bredband 250","amount_minor":49900,"currency":"SEK","stage":"won","owner":"sara","opened_at":"2024-12-01T10:00:00Z","closed_at":"2025-01-10T12:00:00.25Z","product_category":"broadband"},{"amount_minor":0,"currency":"SEK","stage":"lead","owner":"#),
            "{ndjson}"
        );
        assert!(
            ndjson.contains(r#""todos":[{"text":"Ring tillbaka om TV","owner":"sara","due_at":"2025-02-01T08:00:00Z"},{"text":"Skicka avtal","owner":"#),
            "{ndjson}"
        );
        assert!(
            ndjson.contains(r#"{"product_category":"broadband","started":"2025-01-10"}"#),
            "the won deal's relationship: {ndjson}"
        );
        assert!(csv.contains(",2025-03-04T08:00:00Z,"), "{csv}");
        assert!(csv.contains("'=cmd"), "a formula is neutralized: {csv}");
        first.stop().await;

        // NDJSON: into an empty database over HTTP, and out again.
        let second = TestApp::spawn_on(TestDb::new(backend).await).await;
        purposes(&second).await;
        let (status, out) = post_ndjson(&second, &second.admin, "", ndjson.clone()).await;
        assert_eq!((status, out["created"].as_u64()), (200, Some(3)), "{out}");
        assert_eq!(
            export(&second, "ndjson").await,
            ndjson,
            "lossless round trip (NDJSON)"
        );
        // Every activity, deal and todo once, and the won deal's relationship once, linked
        // to the deal again (the relationship listed in `customer` is the deal's).
        let (_, a2, d2, t2, r2) = crm_of(&second, "asa@example.se").await;
        let no_ids = |v: &Value| {
            let mut v = v.clone();
            for item in v.as_array_mut().unwrap() {
                let item = item.as_object_mut().unwrap();
                item.remove("id");
                item.remove("person_id");
                item.remove("deal");
                item.remove("created_at");
            }
            v
        };
        assert_eq!(no_ids(&a2), no_ids(&activities));
        assert_eq!(no_ids(&d2), no_ids(&deals));
        assert_eq!(no_ids(&t2), no_ids(&todos));
        assert_eq!(no_ids(&r2), no_ids(&relationships));
        let won = d2
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["stage"] == "won")
            .unwrap();
        let linked: Vec<&Value> = r2
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["deal"] == won["id"])
            .collect();
        assert_eq!(linked.len(), 1, "{r2}");
        let kinds = kinds_since(&second, 0).await;
        for (kind, n) in [
            ("activity.recorded", 3),
            ("deal.recorded", 2),
            ("todo.recorded", 2),
            ("customer.relationship_started", 1),
        ] {
            assert_eq!(count(&kinds, kind), n, "{kind}: {kinds:?}");
        }
        // And the export imported again changes nothing.
        let head = second.store.ledger_head_for_test().await;
        let (status, out) = post_ndjson(&second, &second.admin, "", ndjson.clone()).await;
        assert_eq!((status, out["unchanged"].as_u64()), (200, Some(3)), "{out}");
        let kinds = import_kinds_since(&second, head).await;
        assert_eq!(kinds, ["import.batch"], "nothing recorded twice");

        // A line that adds one activity updates the person; the rest is held already.
        let mut asa: Value = serde_json::from_str(ndjson.lines().next().unwrap()).unwrap();
        asa["activities"]
            .as_array_mut()
            .unwrap()
            .push(json!({"kind": "sms", "channel": "sms", "at": "2025-03-01T10:00:00Z"}));
        let (status, out) = post_ndjson(&second, &second.admin, "", asa.to_string()).await;
        assert_eq!((status, out["updated"].as_u64()), (200, Some(1)), "{out}");
        let (_, a3, d3, t3, r3) = crm_of(&second, "asa@example.se").await;
        assert_eq!(a3.as_array().unwrap().len(), 4, "{a3}");
        assert_eq!(
            a3.as_array()
                .unwrap()
                .iter()
                .filter(|a| a["kind"] == "sms")
                .count(),
            1,
            "{a3}"
        );
        assert_eq!((d3, t3, r3), (d2, t2, r2.clone()));
        // A todo done in the old system keeps its done time, and the export carries it.
        let mut done = asa.clone();
        done["todos"]
            .as_array_mut()
            .unwrap()
            .push(json!({"text": "Boka tekniker", "done_at": "2025-03-02"}));
        let (status, out) = post_ndjson(&second, &second.admin, "", done.to_string()).await;
        assert_eq!((status, out["updated"].as_u64()), (200, Some(1)), "{out}");
        let (_, _, _, t4, _) = crm_of(&second, "asa@example.se").await;
        assert_eq!(t4[0]["done_at"], "2025-03-02T00:00:00Z", "{t4}");
        assert!(
            export(&second, "ndjson")
                .await
                .contains(r#"{"text":"Boka tekniker","done_at":"2025-03-02T00:00:00Z"}]"#)
        );

        // A bad deal amount, time and channel refuse the line, naming the fields only; nothing
        // of the line is written.
        let mut bad = asa.clone();
        bad["name"] = json!("Åsa Nyström");
        bad["deals"].as_array_mut().unwrap().push(json!({"title": "Hemlig affär", "amount_minor": -100, "currency": "SEK", "stage": "won", "closed_at": "igår", "product_category": "tv"}));
        bad["activities"]
            .as_array_mut()
            .unwrap()
            .push(json!({"kind": "call", "channel": "brevduva"}));
        let head = second.store.ledger_head_for_test().await;
        let (status, out) = post_ndjson(&second, &second.admin, "", bad.to_string()).await;
        assert_eq!(status, 200, "{out}");
        let reason = out["rejected"][0]["reason"].as_str().unwrap();
        for field in [
            "deals[2].amount_minor",
            "deals[2].closed_at",
            "activities[4].channel",
        ] {
            assert!(reason.contains(field), "{field}: {out}");
        }
        for value in ["-100", "igår", "brevduva", "Hemlig", "Nyström"] {
            assert!(!reason.contains(value), "{value}: {out}");
        }
        assert_eq!(import_kinds_since(&second, head).await, ["import.batch"]);
        let (_, _, d5, _, r5) = crm_of(&second, "asa@example.se").await;
        assert_eq!(d5.as_array().unwrap().len(), 2);
        assert_eq!(r5, r2);
        assert_eq!(people_with(&second, "q=nystrom").await.len(), 0);
        second.stop().await;

        // CSV: into an empty database with the CLI, and out again.
        let third = TestApp::spawn_on(TestDb::new(backend).await).await;
        purposes(&third).await;
        let file = third.db.dir.path().join("in.csv");
        std::fs::write(&file, &csv).unwrap();
        let (code, out, err) = run(&third.db, &["import", "people", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("created:      3"), "{out}");
        assert_eq!(
            export(&third, "csv").await,
            csv,
            "lossless round trip (CSV)"
        );
        let (code, out, err) = run(&third.db, &["import", "people", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("unchanged:    3"), "{out}");
        // A bad amount in the CSV's deals list refuses the line, naming the field.
        let bad = csv.replacen(r#"""amount_minor"":49900"#, r#"""amount_minor"":-49900"#, 1);
        assert_ne!(bad, csv);
        std::fs::write(&file, &bad).unwrap();
        let (code, out, err) = run(&third.db, &["import", "people", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("rejected:     1"), "{out}");
        assert!(out.contains("deals[0].amount_minor"), "{out}");
        assert!(!out.contains("49900"), "{out}");
        // The CSV carried everything the NDJSON does: the whole consent history with its
        // evidence, every relationship, the objection's date.
        assert_eq!(
            export(&third, "ndjson").await,
            ndjson,
            "nothing lost through the CSV"
        );
        third.stop().await;
    }
}
