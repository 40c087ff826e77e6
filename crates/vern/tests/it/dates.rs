//! Issue 17 §6 through the real server: dates and times that tools can read, `days_left` defined
//! once, and the block list taking the same `identifiers` object as an objection. Every answer
//! any integration test reads is also checked for unreadable times (`harness::read`).

use serde_json::json;
use time::macros::datetime;
use vern_core::Role;

use crate::harness::{TestApp, TestDb, backends, texts};

/// A request's deadline is a calendar day (GDPR Art. 12(3): "within one month of receipt",
/// counted with Regulation 1182/71 on periods, dates and time limits, whose days run from
/// midnight to midnight). A Swedish controller's request due at 00:30 Stockholm time tomorrow
/// has one day left today, although fewer than 24 hours remain; the API and the staff UI both
/// say so, because both ask `vern_core::request::days_left`.
#[tokio::test]
async fn days_left_count_the_controllers_calendar_days() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        // 2027-01-19 11:00 in Stockholm.
        let app = TestApp::spawn_with(db, |s| {
            s.clock = vern_server::Clock::starting_at(datetime!(2027-01-19 10:00 UTC));
        })
        .await;
        let (status, c) = app
            .send(
                reqwest::Method::PATCH,
                "/v1/controllers/default",
                &app.admin,
                &json!({"country": "SE"}),
            )
            .await;
        assert_eq!(status, 200, "{c}");
        let po = app.key(Role::PrivacyOfficer).await;
        let (status, p) = app
            .post(
                "/v1/people",
                &po,
                &json!({"name": "Brita Brevsson", "emails": ["brev@example.se"]}),
            )
            .await;
        assert_eq!(status, 201, "{p}");
        let (status, r) = app
            .post(
                "/v1/requests",
                &po,
                // Received by letter at 00:30 on 20 December: due 00:30 on 20 January, 13.5
                // hours from now but on tomorrow's date.
                &json!({"kind": "access", "person": p["id"], "received_via": "letter", "received_at": "2026-12-20T00:30:00+01:00"}),
            )
            .await;
        assert_eq!(status, 201, "{r}");
        assert_eq!(r["due_at"], "2027-01-19T23:30:00Z", "{r}");
        assert_eq!(r["days_left"], 1, "{r}");
        assert_eq!(r["overdue"], false, "{r}");
        let id = r["id"].as_str().unwrap().to_owned();
        let (_, listed) = app.get("/v1/requests", &po).await;
        let row = listed["requests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id.as_str())
            .unwrap_or_else(|| panic!("the request is in the inbox: {listed}"));
        assert_eq!(row["days_left"], 1, "{row}");

        // The request's log holds its instants as RFC 3339 text, not microseconds.
        let (status, v) = app
            .post(&format!("/v1/requests/{id}/verification"), &po, &json!({}))
            .await;
        assert_eq!(status, 200, "{v}");
        let (_, full) = app.get(&format!("/v1/requests/{id}"), &po).await;
        assert_eq!(
            texts(&full["log"], "kind"),
            ["received", "verification_requested"],
            "{full}"
        );
        let received = &full["log"][0]["payload"];
        assert_eq!(received["received_at"], "2026-12-19T23:30:00Z", "{full}");
        assert_eq!(received["due_at"], "2027-01-19T23:30:00Z", "{full}");
        let expires = full["log"][1]["payload"]["expires_at"]
            .as_str()
            .unwrap_or_else(|| panic!("expires_at is text: {full}"));
        assert!(
            time::OffsetDateTime::parse(expires, &time::format_description::well_known::Rfc3339)
                .is_ok(),
            "{expires}"
        );
        app.stop().await;
    }
}

/// `POST /v1/blocklist` takes `{"identifiers": {...}}` as `/v1/objections` does; the flat form
/// keeps working; both at once is refused and blocks nothing.
#[tokio::test]
async fn the_block_list_takes_the_identifiers_object() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let (status, out) = app
            .post(
                "/v1/blocklist",
                &po,
                &json!({"identifiers": {"phone": "+46701234567", "email": "spam@example.se"}, "reason": "complaint"}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        assert_eq!(out["entries"].as_array().unwrap().len(), 2, "{out}");
        let (status, out) = app
            .post(
                "/v1/blocklist",
                &po,
                &json!({"phone": "+46701234568", "reason": "complaint"}),
            )
            .await;
        assert_eq!(status, 201, "the flat form still works: {out}");
        let (status, out) = app
            .post(
                "/v1/blocklist",
                &po,
                &json!({"identifiers": {"phone": "+46701234569"}, "email": "also@example.se", "reason": "complaint"}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["details"][0]["field"], "identifiers", "{out}");
        let (_, listed) = app.get("/v1/blocklist", &po).await;
        assert_eq!(
            listed["entries"].as_array().unwrap().len(),
            3,
            "the refused body blocked nothing: {listed}"
        );
        let (status, found) = app
            .get("/v1/blocklist/lookup?email=spam@example.se", &po)
            .await;
        assert_eq!(status, 200, "{found}");
        assert_eq!(found["entries"].as_array().unwrap().len(), 1, "{found}");
        app.stop().await;
    }
}
