//! The breach register (GDPR Art. 33, 34): the 72-hour clock, the lifecycle's rules, the
//! document for the supervisory authority, the register, roles and metrics.

use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use vern_core::Role;

use crate::harness::{TestApp, backends, has_metric};

/// The wall clock, to the second: the server runs on it, and a breach's clock counts from the
/// awareness given (stored to the microsecond).
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}

fn at(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap()
}

async fn put(app: &TestApp, path: &str, key: &str, body: &Value) -> (u16, Value) {
    crate::harness::read(
        app.http
            .put(app.url(path))
            .bearer_auth(key)
            .json(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn swedish_controller(app: &TestApp) {
    let r = app
        .http
        .patch(app.url("/v1/controllers/default"))
        .bearer_auth(&app.admin)
        .json(&json!({"name": "Kundklubben AB", "country": "SE", "dpo": {"name": "Dana Dataskydd", "email": "dpo@kundklubben.example"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

fn breach(aware_at: OffsetDateTime) -> Value {
    json!({
        "aware_at": at(aware_at),
        "occurred_at": at(aware_at - Duration::hours(5)),
        "nature": "A laptop with an unencrypted export of the customer club was stolen",
        "subject_categories": ["customers"],
        "subjects_approx": 1200,
        "record_categories": ["names", "phone numbers"],
        "records_approx": 1200,
        "consequences": "Unwanted calls; phishing",
        "measures": "Accounts reset; the police told",
    })
}

#[tokio::test]
async fn the_72_hour_clock_and_a_late_notification() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        swedish_controller(&app).await;
        let officer = app.key(Role::PrivacyOfficer).await;
        let now = wall_clock();

        // Art. 33(1): "not later than 72 hours after having become aware of it".
        let (status, fresh) = app.post("/v1/breaches", &officer, &breach(now)).await;
        assert_eq!(status, 201, "{fresh}");
        assert_eq!(fresh["stage"], "open");
        assert_eq!(fresh["hours_left"], 72, "{fresh}");
        assert_eq!(fresh["urgency"], "due");
        assert_eq!(fresh["deadline"], at(now + Duration::hours(72)).as_str());

        // Became aware 72 and a half hours ago: overdue, and the board and /metrics say so.
        // Half an hour past the deadline reads "-1 h" however long the request takes (at
        // 73 hours, a request slower than a second made it "-2 h").
        let late_aware = now - Duration::hours(72) - Duration::minutes(30);
        let (status, late) = app
            .post("/v1/breaches", &officer, &breach(late_aware))
            .await;
        assert_eq!(status, 201, "{late}");
        assert_eq!(late["urgency"], "overdue");
        assert_eq!(late["hours_left"], -1);
        let id = late["id"].as_str().unwrap();
        let metrics = app.metrics().await;
        assert!(has_metric(&metrics, "vern_breaches_open", &[]), "{metrics}");
        assert!(
            metrics.lines().any(|l| l == "vern_breaches_overdue 1"),
            "{metrics}"
        );

        // Assessing late does not restart the clock.
        let (status, assessed) = app
            .post(
                &format!("/v1/breaches/{id}/assessment"),
                &officer,
                &json!({"risk": "high", "reasoning": "Phone numbers and names of 1 200 customers"}),
            )
            .await;
        assert_eq!(status, 200, "{assessed}");
        assert_eq!(assessed["urgency"], "overdue");

        // Art. 33(1): a notification after 72 hours "shall be accompanied by reasons for the
        // delay". Without them it is refused and nothing changes.
        let path = format!("/v1/breaches/{id}/authority-notification");
        let (status, refused) = app
            .post(&path, &officer, &json!({"reference": "IMY-2027-1"}))
            .await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["code"], "breach.late_without_reasons");
        let (_, unchanged) = app.get(&format!("/v1/breaches/{id}"), &officer).await;
        assert_eq!(unchanged["stage"], "assessed");
        assert_eq!(unchanged["version"], 2);

        let (status, notified) = app
            .post(
                &path,
                &officer,
                &json!({"reference": "IMY-2027-1", "reasons_for_delay": "The processor told us on day four"}),
            )
            .await;
        assert_eq!(status, 200, "{notified}");
        assert_eq!(notified["stage"], "authority_notified");
        assert_eq!(notified["urgency"], "not_due");
        assert!(notified["hours_left"].is_null());

        // Art. 34(1): a high risk cannot close before the people are told.
        let close = format!("/v1/breaches/{id}/close");
        let (status, open) = app.post(&close, &officer, &json!({})).await;
        assert_eq!(status, 422, "{open}");
        assert_eq!(open["code"], "breach.people_not_notified");
        let (status, told) = app
            .post(
                &format!("/v1/breaches/{id}/people-notification"),
                &officer,
                &json!({"note": "By e-mail and SMS to each customer"}),
            )
            .await;
        assert_eq!(status, 200, "{told}");
        let (status, closed) = app.post(&close, &officer, &json!({})).await;
        assert_eq!(status, 200, "{closed}");
        assert_eq!(closed["stage"], "closed");

        // Every step kept (Art. 33(5)), in the ledger too.
        let (_, versions) = app
            .get(&format!("/v1/breaches/{id}/versions"), &officer)
            .await;
        let steps: Vec<&str> = versions["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["step"].as_str().unwrap())
            .collect();
        assert_eq!(
            steps,
            [
                "opened",
                "assessed",
                "authority_notified",
                "people_notified",
                "closed"
            ]
        );
        let metrics = app.metrics().await;
        assert!(
            metrics.lines().any(|l| l == "vern_breaches_overdue 0"),
            "{metrics}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_authority_document_names_every_article_33_field_in_swedish() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        swedish_controller(&app).await;
        let officer = app.key(Role::PrivacyOfficer).await;
        let auditor = app.key(Role::Auditor).await;
        let now = wall_clock();
        let (_, b) = app
            .post("/v1/breaches", &officer, &breach(now - Duration::hours(2)))
            .await;
        let id = b["id"].as_str().unwrap();

        // Art. 33(4): information in phases; the revised description is a new version.
        let mut revised = breach(now);
        revised.as_object_mut().unwrap().remove("aware_at");
        revised.as_object_mut().unwrap().remove("occurred_at");
        revised["records_approx"] = json!(2400);
        let (status, v2) = put(
            &app,
            &format!("/v1/breaches/{id}/details"),
            &officer,
            &revised,
        )
        .await;
        assert_eq!(status, 200, "{v2}");
        assert_eq!(v2["version"], 2);

        // The auditor reads the register and the document (Art. 33(5) documentation).
        let (status, doc) = app
            .get(&format!("/v1/breaches/{id}/document"), &auditor)
            .await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["language"], "sv");
        assert!(doc["authority"].as_str().unwrap().contains("IMY"));
        // Art. 33(3)(a)-(d).
        assert_eq!(doc["subjects_approx"], 1200);
        assert_eq!(doc["records_approx"], 2400);
        assert_eq!(doc["subject_categories"], json!(["customers"]));
        assert!(doc["nature"].as_str().unwrap().contains("laptop"));
        assert!(
            doc["contact"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "dpo@kundklubben.example")
        );
        assert_eq!(doc["consequences"], "Unwanted calls; phishing");
        assert_eq!(doc["measures"], "Accounts reset; the police told");
        assert_eq!(doc["labels"]["nature"], "Incidentens art");

        let html = app
            .http
            .get(app.url(&format!("/v1/breaches/{id}/document?format=html")))
            .bearer_auth(&auditor)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("<html lang=\"sv\">"), "{html}");
        assert!(html.contains("Anmälan om personuppgiftsincident"));
        assert!(html.contains("Sannolika konsekvenser"));

        let csv = app
            .http
            .get(app.url("/v1/breach-register?format=csv"))
            .bearer_auth(&auditor)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(csv.lines().count(), 2, "{csv}");
        assert!(csv.contains(id));

        // The auditor cannot write; sellers and marketers see nothing of it.
        let (status, _) = app.post("/v1/breaches", &auditor, &breach(now)).await;
        assert_eq!(status, 403);
        for role in [Role::Seller, Role::Marketer] {
            let key = app.key(role).await;
            let (status, _) = app.get("/v1/breaches", &key).await;
            assert_eq!(status, 403, "{role}");
            let (status, _) = app.get(&format!("/v1/breaches/{id}"), &key).await;
            assert_eq!(status, 403, "{role}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn impossible_breaches_are_refused_and_change_nothing() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let officer = app.key(Role::PrivacyOfficer).await;
        let now = wall_clock();
        let mut after = breach(now - Duration::hours(3));
        after["occurred_at"] = json!(at(now - Duration::hours(1)));
        let future = breach(now + Duration::hours(2));
        let mut empty = breach(now);
        empty["nature"] = json!("  ");
        let mut bad_date = breach(now);
        bad_date["aware_at"] = json!("yesterday");
        for (body, code) in [
            (after, "breach.occurred_after_aware"),
            (future, "breach.in_the_future"),
            (empty, "invalid"),
            (bad_date, "invalid"),
        ] {
            let (status, out) = app.post("/v1/breaches", &officer, &body).await;
            assert_eq!(status, 422, "{out}");
            assert_eq!(out["code"], code, "{out}");
        }
        let (_, list) = app.get("/v1/breaches", &officer).await;
        assert_eq!(list["breaches"], json!([]));

        let (_, b) = app.post("/v1/breaches", &officer, &breach(now)).await;
        let id = b["id"].as_str().unwrap();
        // A notification before awareness; an unknown risk; an unknown breach.
        let (status, out) = app
            .post(
                &format!("/v1/breaches/{id}/authority-notification"),
                &officer,
                &json!({"at": at(now - Duration::hours(1))}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["code"], "breach.before_aware");
        let (status, _) = app
            .post(
                &format!("/v1/breaches/{id}/assessment"),
                &officer,
                &json!({"risk": "medium", "reasoning": "x"}),
            )
            .await;
        assert_eq!(status, 422);
        let (status, _) = app.get("/v1/breaches/nope", &officer).await;
        assert_eq!(status, 404);
        let (_, same) = app.get(&format!("/v1/breaches/{id}"), &officer).await;
        assert_eq!(same["version"], 1);
        app.stop().await;
    }
}
