//! The access report and the data subject's share-link page.

use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use vern_core::{Channel, Role};
use vern_store::Actor;
use vern_store::model::{ActivityInput, DealInput, TodoInput};
use vern_store::store::{AdminStore, HistoryStore, LedgerStore, ShareLinkStore};

use crate::harness::{TestApp, backends};

/// Texts that belong to the second person only: none may appear in the first one's report.
const OTHER_PERSON: [&str; 6] = [
    "Zyxwvut",
    "bertil.zyxwvut@example.se",
    "+46702223344",
    "SECRET-FIELD-B",
    "EVIDENCE-B",
    "NOTE-B",
];

async fn ok(app: &TestApp, path: &str, body: &Value) -> Value {
    let (status, out) = app.post(path, &app.admin, body).await;
    assert!(status == 200 || status == 201, "{path}: {status} {out}");
    out
}

async fn setup(app: &TestApp) -> (String, String) {
    for body in [
        json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true,
               "channels": ["email", "sms"], "retention": "P2Y", "description": "Offers every week",
               "recipients": ["Mailer AB (processor)"], "data_source": "Web form"}),
        json!({"key": "customer_service", "name": "Customer service", "legal_basis": "contract", "direct_marketing": false,
               "channels": ["phone", "email"], "retention": "P3Y", "description": "Help with orders",
               "recipients": ["Helpdesk Oy"], "data_source": "The person"}),
    ] {
        ok(app, "/v1/purposes", &body).await;
    }
    let r = app
        .http
        .patch(app.url("/v1/controllers/default"))
        .bearer_auth(&app.admin)
        .json(&json!({"name": "Kundklubben AB", "dpo": {"name": "Dana Dataskydd", "email": "dpo@kundklubben.example"}, "privacy_notice_url": "https://kundklubben.example/integritet"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    let a = ok(app, "/v1/people", &json!({
        "name": "Astrid Lindqvist", "phones": ["070-111 22 33"], "emails": ["Astrid@Example.se"],
        "custom_fields": [{"name": "shoe_size", "value": "SHOE-41", "purpose": "customer_service"}],
        "lists": ["kundklubb"], "language": "sv"
    }))
    .await;
    let b = ok(app, "/v1/people", &json!({
        "name": "Bertil Zyxwvut", "phones": ["070-222 33 44"], "emails": ["bertil.zyxwvut@example.se"],
        "custom_fields": [{"name": "note", "value": "SECRET-FIELD-B", "purpose": "customer_service"}]
    }))
    .await;
    let a = a["id"].as_str().unwrap().to_owned();
    let b = b["id"].as_str().unwrap().to_owned();

    for (id, evidence) in [(&a, "Ja tack, EVIDENCE-A"), (&b, "EVIDENCE-B")] {
        ok(
            app,
            &format!("/v1/people/{id}/consents"),
            &json!({
                "purpose": "newsletter", "channels": ["email"], "state": "granted",
                "evidence": {"source": "web_form", "text": evidence, "reference": "form-1"}
            }),
        )
        .await;
    }
    ok(
        app,
        &format!("/v1/people/{a}/consents"),
        &json!({
            "purpose": "newsletter", "channels": ["email"], "state": "withdrawn",
            "evidence": {"source": "email", "text": "Sluta skicka"}
        }),
    )
    .await;
    for phone in ["+46701112233", "+46702223344"] {
        let (status, out) = app
            .post(
                "/v1/objections",
                &app.admin,
                &json!({"identifiers": {"phone": phone}, "kind": "direct_marketing", "source": "staff"}),
            )
            .await;
        assert_eq!(status, 202, "{out}");
    }
    ok(
        app,
        &format!("/v1/people/{a}/restriction"),
        &json!({"reason": "accuracy contested"}),
    )
    .await;

    let now = OffsetDateTime::UNIX_EPOCH + Duration::days(20_500);
    for (id, note) in [(&a, "NOTE-A"), (&b, "NOTE-B")] {
        app.store
            .add_activity(
                &Actor::Cli,
                now,
                id,
                &ActivityInput {
                    kind: "call".into(),
                    note: Some(note.into()),
                    channel: Some(Channel::Phone),
                    owner: Some("Sven".into()),
                    at: now,
                },
            )
            .await
            .unwrap();
    }
    app.store
        .add_deal(
            &Actor::Cli,
            now,
            &a,
            &DealInput {
                title: Some("DEAL-A".into()),
                amount_minor: 49_900,
                currency: "SEK".into(),
                stage: "won".into(),
                owner: Some("Sven".into()),
                opened_at: now,
                closed_at: None,
                product_category: None,
            },
        )
        .await
        .unwrap();
    app.store
        .add_todo(
            &Actor::Cli,
            now,
            &a,
            &TodoInput {
                text: "TODO-A".into(),
                owner: None,
                due_at: Some(now + Duration::days(3)),
                done_at: None,
            },
        )
        .await
        .unwrap();
    (a, b)
}

/// The file names in a zip's central directory, checking that each entry's local header is
/// where the directory says.
fn zip_names(bytes: &[u8]) -> Vec<String> {
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let u32_at = |i: usize| {
        u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
    };
    let end = (0..=bytes.len() - 22)
        .rev()
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("no end of central directory: not a zip");
    let entries = u16_at(end + 10);
    let mut at = u32_at(end + 16);
    let mut names = Vec::new();
    for _ in 0..entries {
        assert_eq!(
            bytes[at..at + 4],
            [0x50, 0x4b, 0x01, 0x02],
            "central directory"
        );
        let name_len = u16_at(at + 28);
        let extra = u16_at(at + 30);
        let comment = u16_at(at + 32);
        let local = u32_at(at + 42);
        assert_eq!(
            bytes[local..local + 4],
            [0x50, 0x4b, 0x03, 0x04],
            "local header"
        );
        names.push(String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap());
        at += 46 + name_len + extra + comment;
    }
    names
}

async fn get_raw(
    app: &TestApp,
    path: &str,
    key: Option<&str>,
    lang: Option<&str>,
) -> reqwest::Response {
    let mut request = app.http.get(app.url(path));
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    if let Some(lang) = lang {
        request = request.header("accept-language", lang);
    }
    request.send().await.unwrap()
}

fn kinds(entries: &[vern_store::LedgerEntry], kind: &str) -> usize {
    entries.iter().filter(|e| e.kind == kind).count()
}

#[tokio::test]
async fn access_report_holds_everything_about_the_person_and_nothing_else() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (a, b) = setup(&app).await;

        let (status, report) = app.get(&format!("/v1/people/{a}/report"), &app.admin).await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["schema"], "vern.access-report/1");
        assert!(report["generated_at"].as_str().is_some());
        assert_eq!(report["controller"]["name"], "Kundklubben AB");
        assert_eq!(
            report["controller"]["dpo"]["email"],
            "dpo@kundklubben.example"
        );
        assert_eq!(
            report["controller"]["privacy_notice_url"],
            "https://kundklubben.example/integritet"
        );
        assert_eq!(report["profile"]["id"], a.as_str());
        assert_eq!(report["profile"]["name"], "Astrid Lindqvist");
        assert_eq!(report["profile"]["restricted"], true);
        assert_eq!(report["profile"]["lists"], json!(["kundklubb"]));
        let identifiers: Vec<(&str, &str)> = report["identifiers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["kind"].as_str().unwrap(), i["value"].as_str().unwrap()))
            .collect();
        assert_eq!(
            identifiers,
            [("phone", "+46701112233"), ("email", "astrid@example.se")]
        );
        let field = &report["custom_fields"][0];
        assert_eq!(field["value"], "SHOE-41");
        assert_eq!(field["purpose"], "customer_service");
        assert_eq!(field["purpose_name"], "Customer service");
        assert_eq!(field["legal_basis"], "contract");

        let current = report["consents"]["current"].as_array().unwrap();
        let email = current
            .iter()
            .find(|c| c["purpose"] == "newsletter" && c["channel"] == "email")
            .unwrap();
        assert_eq!(email["state"], "withdrawn");
        let history = report["consents"]["history"].as_array().unwrap();
        assert_eq!(history.len(), 2, "{history:?}");
        assert_eq!(history[0]["action"], "granted");
        assert_eq!(history[0]["evidence"]["text"], "Ja tack, EVIDENCE-A");
        assert_eq!(history[0]["evidence"]["reference"], "form-1");
        assert_eq!(history[1]["action"], "withdrawn");

        let suppressions = report["suppressions"].as_array().unwrap();
        assert_eq!(suppressions.len(), 1, "{suppressions:?}");
        assert_eq!(suppressions[0]["source"], "objection:staff");
        assert_eq!(suppressions[0]["identifier"], "+46701112233");
        assert!(suppressions[0]["since"].as_str().is_some());
        assert!(suppressions[0]["scope"].as_str().is_some());

        assert_eq!(report["restrictions"][0]["reason"], "accuracy contested");
        assert_eq!(report["activities"].as_array().unwrap().len(), 1);
        assert_eq!(report["activities"][0]["note"], "NOTE-A");
        assert_eq!(report["deals"][0]["title"], "DEAL-A");
        assert_eq!(report["deals"][0]["amount_minor"], 49_900);
        assert_eq!(report["todos"][0]["text"], "TODO-A");
        assert!(report["requests"].as_array().is_some());
        assert_eq!(report["disclosures"], json!([]));

        let purposes = report["purposes"].as_array().unwrap();
        assert_eq!(purposes.len(), 2);
        let newsletter = purposes.iter().find(|p| p["key"] == "newsletter").unwrap();
        assert_eq!(newsletter["legal_basis"], "consent");
        assert_eq!(newsletter["legal_basis_article"], "GDPR Art. 6(1)(a)");
        assert_eq!(newsletter["retention"], "P2Y");
        assert_eq!(newsletter["recipients"], json!(["Mailer AB (processor)"]));
        assert_eq!(newsletter["data_source"], "Web form");
        assert_eq!(newsletter["description"], "Offers every week");

        let text = report.to_string();
        for other in OTHER_PERSON {
            assert!(!text.contains(other), "the report shows {other}");
        }
        assert!(!text.contains(&b), "the report names the other person's id");

        // Producing it was a disclosure, and the next report lists it.
        let ledger = app.store.ledger_for(&a).await.unwrap();
        assert_eq!(kinds(&ledger, "report.generated"), 1);
        let (_, again) = app.get(&format!("/v1/people/{a}/report"), &app.admin).await;
        assert_eq!(again["disclosures"][0]["kind"], "report.generated");
        assert_eq!(again["disclosures"][0]["format"], "json");
        assert!(
            app.store
                .ledger_for(&b)
                .await
                .unwrap()
                .iter()
                .all(|e| e.kind != "report.generated")
        );

        // CSV: a zip with one file per section.
        let r = get_raw(
            &app,
            &format!("/v1/people/{a}/report?format=csv"),
            Some(&app.admin),
            None,
        )
        .await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/zip");
        let disposition = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.starts_with("attachment;") && disposition.contains(".zip"),
            "{disposition}"
        );
        let bytes = r.bytes().await.unwrap();
        let names = zip_names(&bytes);
        for file in [
            "profile.csv",
            "identifiers.csv",
            "custom_fields.csv",
            "consents.csv",
            "consent_history.csv",
            "suppressions.csv",
            "restrictions.csv",
            "activities.csv",
            "deals.csv",
            "todos.csv",
            "requests.csv",
            "disclosures.csv",
            "purposes.csv",
        ] {
            assert!(names.iter().any(|n| n == file), "{file} not in {names:?}");
        }

        // HTML: a printable page in the person's language.
        let r = get_raw(
            &app,
            &format!("/v1/people/{a}/report?format=html"),
            Some(&app.admin),
            None,
        )
        .await;
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let html = r.text().await.unwrap();
        assert!(html.contains("<html lang=\"sv\">"), "{html}");
        assert!(html.contains("Astrid Lindqvist") && html.contains("NOTE-A"));
        assert!(html.contains("Samtycke (GDPR art. 6.1 a)"));
        assert!(!html.contains("<script"));
        for other in OTHER_PERSON {
            assert!(!html.contains(other), "the page shows {other}");
        }
        let r = get_raw(
            &app,
            &format!("/v1/people/{a}/report?format=html&lang=fi"),
            Some(&app.admin),
            None,
        )
        .await;
        assert!(r.text().await.unwrap().contains("<html lang=\"fi\">"));
        let ledger = app.store.ledger_for(&a).await.unwrap();
        assert_eq!(kinds(&ledger, "report.generated"), 5);

        let (status, _) = app
            .get(&format!("/v1/people/{a}/report?format=xml"), &app.admin)
            .await;
        assert_eq!(status, 422);
        let (status, _) = app
            .get("/v1/people/no-such-person/report", &app.admin)
            .await;
        assert_eq!(status, 404);

        // A privacy officer may; sellers, marketers, auditors and agents may not.
        let officer = app.key(Role::PrivacyOfficer).await;
        let (status, _) = app.get(&format!("/v1/people/{a}/report"), &officer).await;
        assert_eq!(status, 200);
        let (status, link) = app
            .post(&format!("/v1/people/{a}/share-links"), &officer, &json!({}))
            .await;
        assert_eq!(status, 201, "{link}");
        for role in [
            Role::Seller,
            Role::Marketer,
            Role::Auditor,
            Role::AuthorizedAgent,
        ] {
            let key = app.key(role).await;
            let (status, _) = app.get(&format!("/v1/people/{a}/report"), &key).await;
            assert_eq!(status, 403, "{role} report");
            let (status, _) = app
                .post(&format!("/v1/people/{a}/share-links"), &key, &json!({}))
                .await;
            assert_eq!(status, 403, "{role} create link");
            let (status, _) = app.get(&format!("/v1/people/{a}/share-links"), &key).await;
            assert_eq!(status, 403, "{role} list links");
            let r = app
                .http
                .delete(app.url(&format!("/v1/share-links/{}", link["id"].as_str().unwrap())))
                .bearer_auth(&key)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403, "{role} revoke");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn share_link_shows_the_person_their_data_until_revoked_or_expired() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (a, b) = setup(&app).await;

        let (status, created) = app
            .post(
                &format!("/v1/people/{a}/share-links"),
                &app.admin,
                &json!({}),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        let url = created["url"].as_str().unwrap().to_owned();
        let token = url.strip_prefix("/s/").unwrap().to_owned();
        assert_eq!(token.len(), 43, "{url}");
        let link_id = created["id"].as_str().unwrap().to_owned();
        assert!(created["absolute_url"].as_str().unwrap().ends_with(&url));

        let (status, list) = app
            .get(&format!("/v1/people/{a}/share-links"), &app.admin)
            .await;
        assert_eq!(status, 200);
        assert_eq!(list["links"][0]["id"], link_id.as_str());
        assert_eq!(list["links"][0]["state"], "active");
        assert!(
            !list.to_string().contains(&token),
            "a listing shows the token"
        );
        let created_at =
            OffsetDateTime::parse(list["links"][0]["created_at"].as_str().unwrap(), &Rfc3339)
                .unwrap();
        let expires_at =
            OffsetDateTime::parse(created["expires_at"].as_str().unwrap(), &Rfc3339).unwrap();
        assert_eq!(expires_at - created_at, Duration::hours(24));

        // The person's page, in the language of their profile (sv), whatever the browser says.
        let r = get_raw(&app, &url, None, Some("en-GB,en;q=0.9")).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
        assert_eq!(r.headers()["referrer-policy"], "no-referrer");
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("script"),
            "{csp}"
        );
        let html = r.text().await.unwrap();
        assert!(html.contains("<html lang=\"sv\">"));
        assert!(html.contains("Dina personuppgifter"));
        for expected in [
            "Astrid Lindqvist",
            "+46701112233",
            "astrid@example.se",
            "SHOE-41",
            "NOTE-A",
            "DEAL-A",
            "TODO-A",
            "Kundklubben AB",
            "dpo@kundklubben.example",
            "Avtal (GDPR art. 6.1 b)",
            "Återkallat",
        ] {
            assert!(html.contains(expected), "the page lacks {expected}");
        }
        assert!(html.contains(&format!("href=\"/s/{token}/data.csv\"")));
        assert!(html.contains(&format!("href=\"/s/{token}/data.json\"")));
        for other in OTHER_PERSON {
            assert!(!html.contains(other), "the page shows {other}");
        }
        let ledger = app.store.ledger_for(&a).await.unwrap();
        let opened: Vec<_> = ledger
            .iter()
            .filter(|e| e.kind == "share_link.opened")
            .collect();
        assert_eq!(opened.len(), 1);
        assert_eq!(opened[0].actor, "subject");
        assert!(opened[0].payload.contains(&link_id));

        // Downloads.
        let r = get_raw(&app, &format!("{url}/data.csv"), None, None).await;
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert_eq!(r.headers()["cache-control"], "no-store");
        let csv = r.text().await.unwrap();
        assert!(csv.contains("section,item,field,value"));
        assert!(csv.contains("profile,,name,Astrid Lindqvist"), "{csv}");
        assert!(csv.contains("NOTE-A"));
        let r = get_raw(&app, &format!("{url}/data.json"), None, None).await;
        assert_eq!(r.status(), 200);
        let json: Value = r.json().await.unwrap();
        assert_eq!(json["schema"], "vern.access-report/1");
        assert_eq!(json["profile"]["name"], "Astrid Lindqvist");
        for other in OTHER_PERSON {
            assert!(
                !csv.contains(other) && !json.to_string().contains(other),
                "a download shows {other}"
            );
        }
        let ledger = app.store.ledger_for(&a).await.unwrap();
        assert_eq!(kinds(&ledger, "export.downloaded"), 2);
        let (_, list) = app
            .get(&format!("/v1/people/{a}/share-links"), &app.admin)
            .await;
        assert_eq!(list["links"][0]["opened"], 3);

        // Revoked: no data, in the person's language.
        let r = app
            .http
            .delete(app.url(&format!("/v1/share-links/{link_id}")))
            .bearer_auth(&app.admin)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let revoked: Value = r.json().await.unwrap();
        assert_eq!(revoked["state"], "revoked");
        let r = app
            .http
            .delete(app.url(&format!("/v1/share-links/{link_id}")))
            .bearer_auth(&app.admin)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
        for path in [
            url.clone(),
            format!("{url}/data.csv"),
            format!("{url}/data.json"),
        ] {
            let r = get_raw(&app, &path, None, None).await;
            assert_eq!(r.status(), 410, "{path}");
            assert_eq!(r.headers()["cache-control"], "no-store");
            let page = r.text().await.unwrap();
            assert!(page.contains("Länken gäller inte längre"), "{page}");
            assert!(!page.contains("Astrid") && !page.contains("NOTE-A"));
        }
        let ledger = app.store.ledger_for(&a).await.unwrap();
        assert_eq!(kinds(&ledger, "share_link.opened"), 1);

        // Expired: made through the store, its end already past.
        let expired_token = "expired-link-token-0123456789abcdefghijklmn";
        assert_eq!(expired_token.len(), 43);
        let hash = app.store.keys().token_hash(expired_token);
        app.store
            .create_share_link(
                &Actor::Cli,
                created_at - Duration::hours(25),
                &a,
                &hash,
                created_at - Duration::hours(1),
            )
            .await
            .unwrap();
        let r = get_raw(&app, &format!("/s/{expired_token}"), None, None).await;
        assert_eq!(r.status(), 410);
        let page = r.text().await.unwrap();
        assert!(!page.contains("Astrid") && !page.contains("SHOE-41"));
        let (_, list) = app
            .get(&format!("/v1/people/{a}/share-links"), &app.admin)
            .await;
        assert!(
            list["links"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["state"] == "expired")
        );

        // The other person's link shows the other person, in the browser's language.
        let (_, other) = app
            .post(
                &format!("/v1/people/{b}/share-links"),
                &app.admin,
                &json!({}),
            )
            .await;
        let r = get_raw(
            &app,
            other["url"].as_str().unwrap(),
            None,
            Some("da-DK,da;q=0.9"),
        )
        .await;
        let page = r.text().await.unwrap();
        assert!(page.contains("<html lang=\"da\">") && page.contains("Bertil Zyxwvut"));
        assert!(!page.contains("Astrid"));

        // Unknown tokens: 404 in the browser's language; after 20 failures, 429 for everything.
        let unknown = "A".repeat(43);
        let r = get_raw(&app, &format!("/s/{unknown}"), None, Some("fi")).await;
        assert_eq!(r.status(), 404);
        assert!(r.text().await.unwrap().contains("Linkkiä ei löydy"));
        let mut failures = 1;
        loop {
            let r = get_raw(&app, &format!("/s/guess-{failures}"), None, None).await;
            if r.status() == 429 {
                break;
            }
            assert_eq!(r.status(), 404);
            failures += 1;
            assert!(failures <= 20, "never limited");
        }
        assert_eq!(failures, 20);
        let r = get_raw(&app, other["url"].as_str().unwrap(), None, None).await;
        assert_eq!(
            r.status(),
            429,
            "a good token is not even looked up once limited"
        );
        assert!(r.headers().contains_key("retry-after"));
        app.stop().await;
    }
}
