//! Processor agreements (GDPR Art. 28) and the record of processing activities (Art. 30):
//! the register with its roles and refusals, agreements expiring on the UI page and in
//! /metrics, purposes naming processors as recipients, and the record generated from the
//! configuration in JSON, CSV and HTML.

use base64::Engine;
use serde_json::{Value, json};
use time::macros::datetime;
use vern_core::Role;
use vern_store::store::LedgerStore;

use crate::harness::{TestApp, TestDb, backends, has_metric};

/// The day the test clock starts on.
const TODAY: &str = "2027-03-01";

async fn spawn(backend: crate::harness::Backend) -> TestApp {
    // The UI's session cookie travels over plain HTTP in the tests.
    let db = TestDb::new(backend).await;
    TestApp::spawn_with(db, |s| {
        s.clock = vern_server::Clock::starting_at(datetime!(2027-03-01 10:00 UTC));
        s.ui.secure_cookies = false;
        s.erasure.rules = vec![
            vern_server::RetentionRule::Inactive {
                months: 24,
                notify: false,
            },
            vern_server::RetentionRule::MessageMetadata { days: 90 },
        ];
    })
    .await
}

async fn put(app: &TestApp, path: &str, key: &str, body: &Value) -> (u16, Value) {
    app.send(reqwest::Method::PUT, path, key, body).await
}

async fn text(app: &TestApp, path: &str, key: &str) -> (u16, String) {
    let r = app
        .http
        .get(app.url(path))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn kinds_since(app: &TestApp, after: i64) -> Vec<String> {
    app.store
        .ledger_after(after, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

async fn purpose(app: &TestApp, body: Value) -> Value {
    let (status, p) = app.post("/v1/purposes", &app.admin, &body).await;
    assert_eq!(status, 201, "{p}");
    p
}

fn agreement(name: &str) -> Value {
    json!({
        "name": name,
        "contact": format!("dpa@{}.example", name.to_lowercase().replace(' ', "-")),
        "sub_processors": ["Hosting Oy"],
        "purposes": ["nyhetsbrev"],
        "data_categories": ["e-mail addresses", "opening statistics"],
        "signed_on": "2025-01-15",
        "expires_on": "2028-01-15",
        "review_on": "2027-12-01",
    })
}

// GDPR Art. 28(3): processing by a processor is governed by a contract "that is binding on
// the processor with regard to the controller"; Art. 28(9): in writing. Art. 30(4): the
// records are made available to the supervisory authority, so an auditor reads the register.
#[tokio::test]
async fn agreements_are_kept_by_privacy_officers_and_read_by_auditors() {
    for backend in backends() {
        let app = spawn(backend).await;
        purpose(
            &app,
            json!({"key": "nyhetsbrev", "name": "Nyhetsbrev", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"]}),
        )
        .await;
        let officer = app.key(Role::PrivacyOfficer).await;
        let auditor = app.key(Role::Auditor).await;
        let seller = app.key(Role::Seller).await;
        let marketer = app.key(Role::Marketer).await;

        let pdf = b"%PDF-1.4 signed agreement".to_vec();
        let mut body = agreement("Mailer AB");
        body["document"] = json!({
            "name": "mailer-dpa.pdf",
            "content_base64": base64::engine::general_purpose::STANDARD.encode(&pdf),
        });
        body["transfer"] = json!({"mechanism": "scc", "country": "US", "scc_version": "2021/914"});
        let head = app.store.ledger_head().await.unwrap();
        let (status, created) = app.post("/v1/processors", &officer, &body).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(kinds_since(&app, head).await, ["processor.created"]);
        assert_eq!(created["status"], "in_force");
        assert_eq!(created["transfer"]["scc_version"], "2021/914");
        assert_eq!(created["document"]["size"], pdf.len());
        let id = created["id"].as_str().unwrap().to_owned();

        // The auditor reads the register, one agreement and its document.
        let (status, all) = app.get("/v1/processors", &auditor).await;
        assert_eq!(status, 200, "{all}");
        assert_eq!(all["processors"].as_array().unwrap().len(), 1);
        let (status, one) = app.get(&format!("/v1/processors/{id}"), &auditor).await;
        assert_eq!(status, 200);
        assert_eq!(one["name"], "Mailer AB");
        let r = app
            .http
            .get(app.url(&format!("/v1/processors/{id}/document")))
            .bearer_auth(&auditor)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);

        // Sellers and marketers see none of it; an auditor writes nothing.
        for key in [&seller, &marketer] {
            assert_eq!(app.get("/v1/processors", key).await.0, 403);
            assert_eq!(app.get(&format!("/v1/processors/{id}"), key).await.0, 403);
            assert_eq!(
                app.get(&format!("/v1/processors/{id}/document"), key)
                    .await
                    .0,
                403
            );
            assert_eq!(
                app.post("/v1/processors", key, &agreement("X")).await.0,
                403
            );
            assert_eq!(app.get("/v1/record-of-processing", key).await.0, 403);
        }
        assert_eq!(
            app.post("/v1/processors", &auditor, &agreement("X"))
                .await
                .0,
            403
        );
        assert_eq!(
            put(
                &app,
                &format!("/v1/processors/{id}"),
                &auditor,
                &agreement("X")
            )
            .await
            .0,
            403
        );

        // Bad input: a clear 4xx naming the field, and nothing written.
        let head = app.store.ledger_head().await.unwrap();
        let mut bad = agreement("Early AB");
        bad["expires_on"] = json!("2024-12-31");
        let (status, e) = app.post("/v1/processors", &officer, &bad).await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["details"][0]["field"], "expires_on", "{e}");
        let mut bad = agreement("Unknown AB");
        bad["controller"] = json!("nobody");
        let (status, e) = app.post("/v1/processors", &officer, &bad).await;
        assert_eq!(status, 422, "{e}");
        assert!(e.to_string().contains("controller"), "{e}");
        let mut bad = agreement("Purposeless AB");
        bad["purposes"] = json!(["no-such-purpose"]);
        let (status, e) = app.post("/v1/processors", &officer, &bad).await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["details"][0]["field"], "purposes", "{e}");
        let mut bad = agreement("Transfer AB");
        bad["transfer"] = json!({"mechanism": "scc", "country": "US"});
        let (status, e) = app.post("/v1/processors", &officer, &bad).await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["details"][0]["field"], "transfer.scc_version", "{e}");
        let mut bad = agreement("Huge AB");
        bad["document"] = json!({
            "name": "huge.pdf",
            "content_base64": base64::engine::general_purpose::STANDARD.encode(vec![7u8; (1 << 20) + 1]),
        });
        let (status, e) = app.post("/v1/processors", &officer, &bad).await;
        assert_eq!(status, 413, "{e}");
        assert!(e["message"].as_str().unwrap().contains("document"), "{e}");
        let (status, _) = app
            .post("/v1/processors", &officer, &json!({"name": "No dates"}))
            .await;
        assert_eq!(status, 422);
        assert_eq!(
            app.store.ledger_head().await.unwrap(),
            head,
            "nothing written"
        );
        assert_eq!(
            app.get("/v1/processors", &officer).await.1["processors"]
                .as_array()
                .unwrap()
                .len(),
            1
        );

        // A replacement keeps the stored document when none is sent, and is a ledger entry.
        let mut changed = agreement("Mailer AB");
        changed["contact"] = json!("privacy@mailer.example");
        let (status, updated) =
            put(&app, &format!("/v1/processors/{id}"), &officer, &changed).await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["contact"], "privacy@mailer.example");
        assert_eq!(updated["version"], 2);
        assert_eq!(updated["document"]["size"], pdf.len());
        assert_eq!(updated["transfer"]["mechanism"], "none");
        assert_eq!(kinds_since(&app, head).await, ["processor.updated"]);
        let mut bad = changed.clone();
        bad["signed_on"] = json!("2025-02-30");
        let (status, e) = put(&app, &format!("/v1/processors/{id}"), &officer, &bad).await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["details"][0]["field"], "signed_on");
        assert_eq!(
            put(&app, "/v1/processors/nope", &officer, &changed).await.0,
            404
        );
        assert_eq!(app.get("/v1/processors/nope", &auditor).await.0, 404);
        app.stop().await;
    }
}

// Art. 28(3) binds the processor "for the duration" of the agreement: one that has run out
// leaves the processing without a contract. The privacy officer sees it coming 30 days ahead.
#[tokio::test]
async fn expiring_and_expired_agreements_show_on_the_page_the_board_and_in_metrics() {
    for backend in backends() {
        let app = spawn(backend).await;
        let officer = app.key(Role::PrivacyOfficer).await;
        let metrics = app.metrics().await;
        assert!(
            has_metric(&metrics, "vern_processor_agreements_expiring 0", &[]),
            "{metrics}"
        );

        // The test clock reads 2027-03-01.
        let mut soon = agreement("Soon AB");
        soon["purposes"] = json!([]);
        soon["expires_on"] = json!("2027-03-20");
        let (status, soon) = app.post("/v1/processors", &officer, &soon).await;
        assert_eq!(status, 201, "{soon}");
        assert_eq!(soon["status"], "expiring");
        let mut gone = agreement("Gone AB");
        gone["purposes"] = json!([]);
        gone["expires_on"] = json!("2027-02-28");
        let (_, gone) = app.post("/v1/processors", &officer, &gone).await;
        assert_eq!(gone["status"], "expired");
        let mut stale = agreement("Stale AB");
        stale["purposes"] = json!([]);
        stale["review_on"] = json!("2027-01-01");
        let (_, stale) = app.post("/v1/processors", &officer, &stale).await;
        assert_eq!(stale["status"], "review_overdue");
        let mut fine = agreement("Fine AB");
        fine["purposes"] = json!([]);
        fine["expires_on"] = json!("2027-04-01");
        let (_, fine) = app.post("/v1/processors", &officer, &fine).await;
        assert_eq!(fine["status"], "in_force", "{fine} on {TODAY}");

        let metrics = app.metrics().await;
        for line in [
            "vern_processor_agreements_expiring 1",
            "vern_processor_agreements_expired 1",
            "vern_processor_agreements_review_overdue 1",
        ] {
            assert!(metrics.contains(line), "{line} in {metrics}");
        }

        // The privacy officer's page, linked in the navigation for the roles that read it.
        crate::ui::user(&app, Role::PrivacyOfficer, "po@example.se", "en").await;
        crate::ui::user(&app, Role::Seller, "seller@example.se", "en").await;
        let po = crate::ui::sign_in(&app, "po@example.se").await;
        let r = po.get(&app, "/ui/processors").await;
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("href=\"/ui/processors\""),
            "linked in the navigation"
        );
        let row = |id: &Value| {
            let anchor = format!("id=\"agreement-{}\"", id.as_str().unwrap());
            let start = html
                .find(&anchor)
                .unwrap_or_else(|| panic!("{anchor} on the page"));
            html[start..start + html[start..].find("</tr>").unwrap()].to_owned()
        };
        assert!(row(&soon["id"]).contains("data-status=\"expiring\""));
        assert!(row(&soon["id"]).contains("2027-03-20"));
        assert!(row(&gone["id"]).contains("data-status=\"expired\""));
        assert!(row(&stale["id"]).contains("data-status=\"review_overdue\""));
        assert!(row(&fine["id"]).contains("data-status=\"in_force\""));
        // Those needing attention come before those in force.
        let at = |id: &Value| html.find(id.as_str().unwrap()).unwrap();
        assert!(at(&soon["id"]) < at(&fine["id"]));
        assert!(at(&gone["id"]) < at(&fine["id"]));

        // The breach board, where the privacy officer starts the day, lists the same three
        // and not the one in force.
        let board = po.get(&app, "/ui/breaches").await.text().await.unwrap();
        let start = board
            .find("id=\"agreements\"")
            .expect("the agreements on the board");
        let panel = &board[start..start + board[start..].find("</section>").unwrap()];
        for (id, standing) in [
            (&soon["id"], "expiring"),
            (&gone["id"], "expired"),
            (&stale["id"], "review_overdue"),
        ] {
            let id = id.as_str().unwrap();
            assert!(
                panel.contains(&format!("data-id=\"{id}\" data-standing=\"{standing}\"")),
                "{id} {standing} in {panel}"
            );
        }
        assert!(panel.contains("2027-03-20"));
        assert!(!panel.contains(fine["id"].as_str().unwrap()));

        let seller = crate::ui::sign_in(&app, "seller@example.se").await;
        let r = seller.get(&app, "/ui/processors").await;
        assert_eq!(r.status(), 403);
        let home = seller.get(&app, "/ui/purposes").await.text().await.unwrap();
        assert!(
            !home.contains("href=\"/ui/processors\""),
            "not offered to a seller"
        );
        app.stop().await;
    }
}

// Art. 30(1)(d) asks for "the categories of recipients to whom the personal data have been or
// will be disclosed"; Art. 19 tells each recipient of rectifications and erasures.
#[tokio::test]
async fn a_purpose_names_a_processor_as_its_recipient() {
    for backend in backends() {
        let app = spawn(backend).await;
        let p = purpose(
            &app,
            json!({"key": "nyhetsbrev", "name": "Nyhetsbrev", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"], "recipients": ["mailer ab", "Print Oy"]}),
        )
        .await;
        // Nothing to link to yet: both texts stay, with no suggestion.
        assert_eq!(p["unlinked_recipients"].as_array().unwrap().len(), 2, "{p}");
        assert_eq!(
            p["unlinked_recipients"][0]["suggested_processor"],
            Value::Null
        );

        let (_, mailer) = app
            .post("/v1/processors", &app.admin, &agreement("Mailer AB"))
            .await;
        let mailer_id = mailer["id"].as_str().unwrap();
        // Now the free text "mailer ab" has an agreement of the same name to convert to.
        let (status, found) = app
            .get("/v1/processors/unlinked-recipients", &app.admin)
            .await;
        assert_eq!(status, 200, "{found}");
        let mailer_row = found["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["recipient"] == "mailer ab")
            .cloned()
            .unwrap();
        assert_eq!(mailer_row["purpose"], "nyhetsbrev");
        assert_eq!(mailer_row["suggested_processor"]["id"], mailer_id);

        // An unknown agreement is refused, naming the field, with nothing written.
        let head = app.store.ledger_head().await.unwrap();
        let r = app
            .http
            .patch(app.url("/v1/purposes/nyhetsbrev"))
            .bearer_auth(&app.admin)
            .json(&json!({"processors": ["no-such-agreement"]}))
            .send()
            .await
            .unwrap();
        let (status, e) = crate::harness::read(r).await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["details"][0]["field"], "processors");
        assert_eq!(app.store.ledger_head().await.unwrap(), head);

        // Link it: the purpose names the agreement; the text of the same name is covered.
        let r = app
            .http
            .patch(app.url("/v1/purposes/nyhetsbrev"))
            .bearer_auth(&app.admin)
            .json(&json!({"processors": [mailer_id]}))
            .send()
            .await
            .unwrap();
        let (status, linked) = crate::harness::read(r).await;
        assert_eq!(status, 200, "{linked}");
        assert_eq!(linked["processors"], json!([mailer_id]));
        assert_eq!(
            linked["unlinked_recipients"],
            json!([{"recipient": "Print Oy", "suggested_processor": null}])
        );
        let ledger = app.store.ledger_after(head, 100).await.unwrap();
        assert_eq!(ledger.len(), 1);
        assert!(
            ledger[0].payload.contains(mailer_id),
            "the change is in the ledger"
        );

        // The purposes page names the agreement, then the free text no agreement stands for.
        crate::ui::user(&app, Role::PrivacyOfficer, "po@example.se", "en").await;
        let po = crate::ui::sign_in(&app, "po@example.se").await;
        let page = po.get(&app, "/ui/purposes").await.text().await.unwrap();
        assert!(page.contains("<td>Mailer AB, Print Oy</td>"), "{page}");

        // The Art. 19 recipient of this processor names it.
        let (status, hook) = app
            .post(
                "/v1/webhooks",
                &app.admin,
                &json!({"name": "Mailer AB", "url": "https://mailer.example/hook", "processor": mailer_id}),
            )
            .await;
        assert_eq!(status, 201, "{hook}");
        assert_eq!(hook["processor"], mailer_id);
        let (status, e) = app
            .post(
                "/v1/webhooks",
                &app.admin,
                &json!({"name": "X", "url": "https://x.example/hook", "processor": "nope"}),
            )
            .await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["details"][0]["field"], "processor");
        app.stop().await;
    }
}

/// What the test configured, to find in every format of the record.
struct Expected {
    purposes: Vec<(&'static str, &'static str, &'static str)>,
    recipients: Vec<&'static str>,
    retention: Vec<(String, &'static str)>,
}

fn csv_rows(csv: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn check_record(json: &Value, csv: &str, html: &str, expected: &Expected) {
    let rows = csv_rows(csv);
    let has = |section: &str, subject: &str, field: &str, value: &str| {
        rows.iter()
            .any(|r| r[0] == section && r[1] == subject && r[2] == field && r[3] == value)
    };
    // Every purpose with its legal basis, in all three formats, and no other.
    let purposes = json["purposes"].as_array().unwrap();
    assert_eq!(purposes.len(), expected.purposes.len(), "{json}");
    for (key, name, basis) in &expected.purposes {
        let p = purposes.iter().find(|p| p["key"] == *key).unwrap();
        assert_eq!(p["name"], *name);
        assert_eq!(p["legal_basis"], *basis);
        assert!(has("purpose", key, "legal_basis", basis), "{key} in {csv}");
        assert!(
            html.contains(&format!("id=\"purpose-{key}\"")),
            "{key} in the page"
        );
        assert!(html.contains(name));
    }
    // Every recipient.
    let recipients: Vec<&str> = json["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    let mut want = expected.recipients.clone();
    want.sort_unstable();
    let mut got = recipients.clone();
    got.sort_unstable();
    assert_eq!(got, want, "{json}");
    for r in &expected.recipients {
        assert!(
            rows.iter().any(|row| row[0] == "recipient" && row[1] == *r),
            "{r} in {csv}"
        );
        assert!(html.contains(r), "{r} in the page");
    }
    // Every retention period.
    let retention = json["retention"].as_array().unwrap();
    assert_eq!(retention.len(), expected.retention.len(), "{json}");
    for (applies_to, period) in &expected.retention {
        assert!(
            retention
                .iter()
                .any(|r| r["applies_to"] == applies_to.as_str() && r["period"] == *period),
            "{applies_to} {period} in {json}"
        );
        assert!(
            has("retention", applies_to, "period", period),
            "{applies_to} in {csv}"
        );
        assert!(html.contains(applies_to.as_str()) && html.contains(period));
    }
}

// GDPR Art. 30(1): the controller keeps a record with (a) its name and contact details and
// its DPO's, (b) the purposes, (c) the categories of data subjects and of personal data,
// (d) the recipients, (e) transfers to third countries with their safeguards, (f) the time
// limits for erasure, and (g) a description of the security measures of Art. 32(1).
// Art. 30(2): a processor keeps one per controller it processes for.
#[tokio::test]
async fn the_record_of_processing_lists_what_is_configured_and_follows_its_changes() {
    for backend in backends() {
        let app = spawn(backend).await;
        let r = app
            .http
            .patch(app.url("/v1/controllers/default"))
            .bearer_auth(&app.admin)
            .json(&json!({"name": "Kundklubben AB", "country": "SE", "dpo": {"name": "Dana Dataskydd", "email": "dpo@kundklubben.example"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        purpose(
            &app,
            json!({"key": "nyhetsbrev", "name": "Nyhetsbrev", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"], "retention": "P2Y", "recipients": ["Print Oy"], "data_source": "web sign-up"}),
        )
        .await;
        purpose(
            &app,
            json!({"key": "bokforing", "name": "Bokföring", "legal_basis": "legal_obligation", "channels": ["post"], "holds_fields": ["name", "address"]}),
        )
        .await;
        let (_, person) = app
            .post(
                "/v1/people",
                &app.admin,
                &json!({"name": "Kim Berg", "emails": ["kim@example.se"], "lists": ["vårkampanj"]}),
            )
            .await;
        assert!(person["id"].is_string(), "{person}");
        let mut mailer = agreement("Mailer AB");
        mailer["transfer"] =
            json!({"mechanism": "scc", "country": "US", "scc_version": "2021/914"});
        let (_, mailer) = app.post("/v1/processors", &app.admin, &mailer).await;
        let mailer_id = mailer["id"].as_str().unwrap().to_owned();
        let r = app
            .http
            .patch(app.url("/v1/purposes/nyhetsbrev"))
            .bearer_auth(&app.admin)
            .json(&json!({"processors": [mailer_id]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);

        let auditor = app.key(Role::Auditor).await;
        let fetch = async |app: &TestApp| {
            let (status, json) = app
                .get(
                    "/v1/record-of-processing?controller=default&format=json",
                    &auditor,
                )
                .await;
            assert_eq!(status, 200, "{json}");
            let (status, csv) = text(app, "/v1/record-of-processing?format=csv", &auditor).await;
            assert_eq!(status, 200, "{csv}");
            let (status, html) = text(app, "/v1/record-of-processing?format=html", &auditor).await;
            assert_eq!(status, 200);
            (json, csv, html)
        };
        let (json, csv, html) = fetch(&app).await;
        let mut expected = Expected {
            purposes: vec![
                ("nyhetsbrev", "Nyhetsbrev", "consent"),
                ("bokforing", "Bokföring", "legal_obligation"),
            ],
            recipients: vec!["Mailer AB", "Print Oy"],
            retention: vec![
                ("purpose:nyhetsbrev".to_owned(), "P2Y"),
                // A legal obligation with no period keeps the Swedish bookkeeping act's seven years.
                ("purpose:bokforing".to_owned(), "P7Y"),
                ("inactive".to_owned(), "P24M"),
                ("message_metadata".to_owned(), "P90D"),
                ("recycle_bin".to_owned(), "P30D"),
            ],
        };
        check_record(&json, &csv, &html, &expected);
        assert_eq!(json["controller"]["name"], "Kundklubben AB");
        assert_eq!(json["controller"]["dpo_name"], "Dana Dataskydd");
        let nyhetsbrev = &json["purposes"].as_array().unwrap()[1];
        assert_eq!(nyhetsbrev["key"], "nyhetsbrev");
        assert_eq!(
            nyhetsbrev["recipients"],
            json!([{"name": "Mailer AB", "processor": mailer_id}, {"name": "Print Oy", "processor": null}])
        );
        assert_eq!(
            json["transfers"],
            json!([{"processor": "Mailer AB", "processor_id": mailer_id, "country": "US", "mechanism": "scc", "article": "Art. 46(2)(c)", "safeguard": "standard contractual clauses (2021/914)"}])
        );
        let subjects: Vec<&str> = json["data_subject_categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(
            subjects,
            ["customer list: vårkampanj", "source: web sign-up"]
        );
        let data = json["data_categories"].to_string();
        assert!(
            data.contains("opening statistics") && data.contains("address"),
            "{data}"
        );
        assert_eq!(json["security_measures_source"], "vern");
        assert!(
            json["security_measures"]
                .as_str()
                .unwrap()
                .contains("hash-chained ledger")
        );
        assert!(html.contains("hash-chained ledger"));
        assert!(
            !json.to_string().contains("kim@example.se"),
            "no personal data"
        );
        assert!(!csv.contains("Kim Berg") && !html.contains("Kim Berg"));

        // The configuration changes, and so does the record.
        purpose(
            &app,
            json!({"key": "kundservice", "name": "Kundservice", "legal_basis": "contract", "channels": ["phone"], "retention": "P90D", "recipients": ["Callcenter Ab"]}),
        )
        .await;
        let (status, _) = app
            .send(
                reqwest::Method::PUT,
                "/v1/record-of-processing/settings",
                &app.admin,
                &json!({"security_measures": "Our own measures: locked racks.", "clients": [{"name": "Elbolaget AB", "contact": "dpo@elbolaget.example", "processing": ["outbound telephone sales"], "transfers": []}]}),
            )
            .await;
        assert_eq!(status, 200);
        let (json, csv, html) = fetch(&app).await;
        expected
            .purposes
            .push(("kundservice", "Kundservice", "contract"));
        expected.recipients.push("Callcenter Ab");
        expected
            .retention
            .push(("purpose:kundservice".to_owned(), "P90D"));
        check_record(&json, &csv, &html, &expected);
        assert_eq!(json["security_measures"], "Our own measures: locked racks.");
        assert_eq!(json["as_processor"][0]["client"]["name"], "Elbolaget AB");
        assert_eq!(json["as_processor"][0]["processor"], "Kundklubben AB");
        assert!(html.contains("Elbolaget AB") && html.contains("Art. 30(2)"));
        assert!(csv.contains("outbound telephone sales"));

        assert_eq!(
            app.get("/v1/record-of-processing?format=pdf", &auditor)
                .await
                .0,
            422
        );
        assert_eq!(
            app.get("/v1/record-of-processing?controller=nobody", &auditor)
                .await
                .0,
            422
        );
        app.stop().await;
    }
}
