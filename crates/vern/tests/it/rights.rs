//! Issue 17 §5 through the real server: the person is told before a restriction is lifted, the
//! portability export is not the access report, and wash records expire.

use serde_json::{Value, json};
use vern_core::Role;

use crate::harness::{TestApp, backends, texts};

async fn post(app: &TestApp, key: &str, path: &str, body: Value) -> (u16, Value) {
    app.post(path, key, &body).await
}

/// GDPR Art. 18(3): "A data subject who has obtained restriction of processing … shall be
/// informed by the controller before the restriction of processing is lifted."
#[tokio::test]
async fn lifting_a_restriction_tells_the_person_first_in_their_language() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let (status, p) = post(
            &app,
            &po,
            "/v1/people",
            json!({"name": "Kari Nordmann", "emails": ["kari@example.no"], "language": "nb"}),
        )
        .await;
        assert_eq!(status, 201, "{p}");
        let pid = p["id"].as_str().unwrap().to_owned();
        let (status, r) = post(
            &app,
            &po,
            "/v1/requests",
            json!({"kind": "restriction", "person": pid, "verified": "bankid"}),
        )
        .await;
        assert_eq!(status, 201, "{r}");
        let rid = r["id"].as_str().unwrap().to_owned();
        let (status, c) = post(
            &app,
            &po,
            &format!("/v1/requests/{rid}/complete"),
            json!({"outcome": "Restricted while the accuracy is checked"}),
        )
        .await;
        assert_eq!(status, 200, "{c}");
        let (_, person) = app.get(&format!("/v1/people/{pid}"), &po).await;
        assert_eq!(person["restricted"], true, "{person}");

        let r = app
            .http
            .delete(app.url(&format!("/v1/people/{pid}/restriction")))
            .bearer_auth(&po)
            .json(&json!({"reason": "accuracy confirmed"}))
            .send()
            .await
            .unwrap();
        let (status, out) = crate::harness::read(r).await;
        assert_eq!(status, 200, "{out}");
        let (_, person) = app.get(&format!("/v1/people/{pid}"), &po).await;
        assert_eq!(person["restricted"], false, "{person}");
        let (_, full) = app.get(&format!("/v1/requests/{rid}"), &po).await;
        assert_eq!(
            texts(&full["log"], "kind").last(),
            Some(&"restriction_lift_notice"),
            "the request log records the notice: {full}"
        );
        let notice = full["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["message"]["template"] == "restriction_lifting")
            .unwrap_or_else(|| panic!("no notice queued: {full}"));
        assert_eq!(notice["message"]["to"], "kari@example.no");
        assert_eq!(notice["message"]["language"], "nb", "{notice}");
        assert!(
            notice["message"]["subject"]
                .as_str()
                .unwrap()
                .contains("oppheves"),
            "{notice}"
        );
        // Nothing to lift: a conflict, and no second notice.
        let r = app
            .http
            .delete(app.url(&format!("/v1/people/{pid}/restriction")))
            .bearer_auth(&po)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 409);
        let (_, again) = app.get(&format!("/v1/requests/{rid}"), &po).await;
        assert_eq!(again["messages"], full["messages"]);
        app.stop().await;
    }
}

/// GDPR Art. 20(1): the data the person "provided", "in a structured, commonly used and
/// machine-readable format"; Art. 15 is the full copy. Staff notes, inferences and the audit
/// trail are the controller's, not the person's to port.
#[tokio::test]
async fn the_portability_export_holds_what_the_person_provided_and_no_staff_notes() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let (status, purpose) = post(&app, &app.admin, "/v1/purposes", json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"]})).await;
        assert_eq!(status, 201, "{purpose}");
        let (_, p) = post(
            &app,
            &po,
            "/v1/people",
            json!({"name": "Pia Portabel", "emails": ["pia@example.se"], "custom_fields": [{"name": "churn_score", "value": "INFERRED-0.93", "purpose": "newsletter"}]}),
        )
        .await;
        let pid = p["id"].as_str().unwrap().to_owned();
        assert_eq!(post(&app, &po, &format!("/v1/people/{pid}/consents"), json!({"purpose": "newsletter", "channels": ["email"], "state": "granted", "evidence": {"source": "web_form"}})).await.0, 201);
        assert_eq!(
            post(
                &app,
                &po,
                &format!("/v1/people/{pid}/activities"),
                json!({"kind": "call", "channel": "phone", "note": "STAFF-NOTE-difficult customer"})
            )
            .await
            .0,
            201
        );
        assert_eq!(
            post(
                &app,
                &po,
                &format!("/v1/people/{pid}/activities"),
                json!({"kind": "note", "note": "STAFF-NOTE-second"})
            )
            .await
            .0,
            201
        );
        assert_eq!(
            post(
                &app,
                &po,
                &format!("/v1/people/{pid}/todos"),
                json!({"text": "STAFF-TODO-call back"})
            )
            .await
            .0,
            201
        );
        assert_eq!(post(&app, &po, &format!("/v1/people/{pid}/deals"), json!({"title": "STAFF-TITLE-upsell", "amount_minor": 9900, "currency": "SEK", "stage": "won"})).await.0, 201);

        let (status, export) = app.get(&format!("/v1/people/{pid}/export"), &po).await;
        assert_eq!(status, 200, "{export}");
        assert_eq!(export["schema"], "vern.portability/1");
        assert_eq!(export["profile"]["name"], "Pia Portabel");
        assert_eq!(export["identifiers"][0]["value"], "pia@example.se");
        assert_eq!(export["consents"][0]["action"], "granted");
        assert_eq!(export["contacts"].as_array().unwrap().len(), 1, "{export}");
        assert_eq!(export["contacts"][0]["kind"], "call");
        assert_eq!(export["deals"][0]["amount_minor"], 9900);
        let text = export.to_string();
        for staff in ["STAFF-", "INFERRED-", "disclosures", "\"ledger\""] {
            assert!(!text.contains(staff), "{staff} in the export: {text}");
        }
        // The access report (Art. 15) keeps everything, and records both disclosures.
        let (_, report) = app.get(&format!("/v1/people/{pid}/report"), &po).await;
        let text = report.to_string();
        for staff in ["STAFF-NOTE-difficult", "STAFF-TODO", "INFERRED-0.93"] {
            assert!(text.contains(staff), "{staff} missing from the report");
        }
        assert_eq!(
            texts(&report["disclosures"], "kind"),
            ["report.generated"],
            "{report}"
        );
        app.stop().await;
    }
}

/// NIX-Telefon (nixtelefon.org/for-foretag): a number found not to be listed may be called "i två
/// månader" from the update date of the register version used; after that the wash's result
/// may not be relied on.
#[tokio::test]
async fn a_wash_record_says_until_when_and_shows_itself_expired_after() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let marketer = app.key(Role::Marketer).await;
        let (status, out) = post(&app, &app.admin, "/v1/purposes", json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone"]})).await;
        assert_eq!(status, 201, "{out}");
        let r = app
            .http
            .patch(app.url("/v1/controllers/default"))
            .bearer_auth(&app.admin)
            .json(&json!({"rules": ["nix_telefon"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let today = wall_clock().date();
        let iso = |d: time::Date| d.format(vern_core::calendar::ISO_DATE).unwrap();
        let dir = app.db.dir.path();
        std::fs::write(dir.join("nix.txt"), "0701234567\n").unwrap();
        let mut ids = Vec::new();
        for version in [today - time::Duration::days(100), today] {
            let (code, out, err) = crate::harness::run(
                &app.db,
                &[
                    "registers",
                    "import",
                    "nix-telefon",
                    "nix.txt",
                    "--version-date",
                    &iso(version),
                ],
            );
            assert_eq!(code, 0, "{out}{err}");
            let at = format!("{}T10:00:00Z", iso(version + time::Duration::days(1)));
            // The server sees the import when it next polls the ledger.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
            let id = loop {
                let r = app
                    .http
                    .post(app.url(&format!(
                        "/v1/wash?purpose=telemarketing&channel=phone&at={at}"
                    )))
                    .bearer_auth(&marketer)
                    .header("content-type", "text/csv")
                    .body("phone\n0709999999\n")
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 200);
                let id = r.headers()["x-vern-wash-id"].to_str().unwrap().to_owned();
                // The record is written as the streamed answer ends: read it all first.
                r.bytes().await.unwrap();
                let (_, w) = app.get(&format!("/v1/washes/{id}"), &marketer).await;
                if w["registers"][0]["version_date"] == iso(version) {
                    break id;
                }
                assert!(std::time::Instant::now() < deadline, "import not seen: {w}");
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            };
            ids.push((id, version));
        }
        for (id, version) in &ids {
            let (status, w) = app.get(&format!("/v1/washes/{id}"), &marketer).await;
            assert_eq!(status, 200, "{w}");
            let until = iso(vern_core::calendar::add_months(*version, 2));
            assert_eq!(w["registers"][0]["valid_until"], until.as_str(), "{w}");
            assert_eq!(w["valid_until"], until.as_str(), "{w}");
            let old = *version < today;
            assert_eq!(w["expired"], old, "{w}");
            assert_eq!(w["valid"], !old, "{w}");
            assert_eq!(w["registers"][0]["expired"], old, "{w}");
            assert_eq!(w["registers"][0]["valid"], !old, "{w}");
        }
        let (_, list) = app.get("/v1/washes", &marketer).await;
        assert!(
            list["washes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["expired"] == true),
            "{list}"
        );
        app.stop().await;
    }
}

/// The wall clock: the server judges a wash's expiry by its own clock, the real one.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}
