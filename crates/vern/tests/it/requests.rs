//! The request inbox: deadlines, the lifecycle, the log, agents' view.

use serde_json::{Value, json};
use vern_core::Role;
use vern_store::store::{LedgerStore, OutboxStore, UserStore};

use crate::harness::{TestApp, backends, texts};

async fn person(app: &TestApp, key: &str) -> String {
    let (status, p) = app
        .post(
            "/v1/people",
            key,
            &json!({"name": "Kim Lind", "emails": ["kim@example.se"], "phones": ["0701112233"]}),
        )
        .await;
    assert_eq!(status, 201, "{p}");
    p["id"].as_str().unwrap().to_owned()
}

async fn post(app: &TestApp, key: &str, path: &str, body: Value) -> (u16, Value) {
    app.post(path, key, &body).await
}

/// Assign request `id` to `assignee`.
async fn assign(app: &TestApp, key: &str, id: &str, assignee: &str) -> (u16, Value) {
    post(
        app,
        key,
        &format!("/v1/requests/{id}/assign"),
        json!({ "assignee": assignee }),
    )
    .await
}

#[tokio::test]
async fn deadlines_lifecycle_and_log() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let pid = person(&app, &po).await;

        // Month ends: received 31 January, due the last day of February.
        for (received, due) in [
            ("2026-01-31T09:00:00Z", "2026-02-28T09:00:00Z"),
            ("2024-01-31T09:00:00Z", "2024-02-29T09:00:00Z"),
        ] {
            let (status, r) = post(&app, &po, "/v1/requests", json!({"kind": "access", "person": pid, "received_via": "letter", "received_at": received})).await;
            assert_eq!(status, 201, "{r}");
            assert_eq!(r["due_at"], due);
            assert_eq!(r["state"], "received");
            assert_eq!(r["overdue"], true);
            // An extension after the first month is refused.
            let (status, e) = post(
                &app,
                &po,
                &format!("/v1/requests/{}/extend", r["id"].as_str().unwrap()),
                json!({"months": 2, "reason": "complex"}),
            )
            .await;
            assert_eq!(status, 409, "{e}");
            assert!(
                e["message"].as_str().unwrap().contains("within one month"),
                "{e}"
            );
            // Staff send a one-time code to the address vern holds: the step is logged and the
            // message queued.
            let id = r["id"].as_str().unwrap();
            let (status, v) = post(
                &app,
                &po,
                &format!("/v1/requests/{id}/verification"),
                json!({}),
            )
            .await;
            assert_eq!((status, v["id"].as_str()), (200, Some(id)), "{v}");
            let (_, v) = app.get(&format!("/v1/requests/{id}"), &po).await;
            let log = v["log"].as_array().unwrap();
            assert_eq!(log.last().unwrap()["kind"], "verification_requested", "{v}");
            let queued = v["messages"].as_array().unwrap();
            assert!(
                queued
                    .iter()
                    .any(|m| m["message"]["template"] == "verification_code"
                        && m["message"]["to"] == "kim@example.se"
                        && m["message"]["body"] == ""),
                "staff see where the code went, never the code: {v}"
            );
        }

        let (status, r) = post(&app, &po, "/v1/requests", json!({"kind": "restriction", "identifiers": {"email": "KIM@example.se"}, "received_via": "email", "message": "Please stop using my data while you check it"})).await;
        assert_eq!(status, 201, "{r}");
        let id = r["id"].as_str().unwrap().to_owned();
        assert_eq!(r["person"], pid.as_str(), "matched by identifier");
        assert_eq!(
            r["details"]["message"],
            "Please stop using my data while you check it"
        );
        // Not before verification.
        let (status, _) = post(
            &app,
            &po,
            &format!("/v1/requests/{id}/complete"),
            json!({"outcome": "done"}),
        )
        .await;
        assert_eq!(status, 409);
        let (status, e) = post(
            &app,
            &po,
            &format!("/v1/requests/{id}/extend"),
            json!({"months": 2, "reason": "We must check with our processors"}),
        )
        .await;
        assert_eq!(status, 200, "{e}");
        assert_eq!(e["extended_months"], 2);
        let (status, _) = post(
            &app,
            &po,
            &format!("/v1/requests/{id}/extend"),
            json!({"months": 1, "reason": "more"}),
        )
        .await;
        assert_eq!(status, 409, "three months at most");
        assert_eq!(assign(&app, &po, &id, "me").await.0, 200);
        // An assignee is a member of staff, never free text; so is how identity was verified.
        let (status, out) = assign(&app, &po, &id, "Anna Svensson, 19811218-9876").await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["details"][0]["field"], "assignee", "{out}");
        assert!(!out.to_string().contains("9876"), "{out}");
        let (status, out) = post(
            &app,
            &po,
            &format!("/v1/requests/{id}/verify"),
            json!({"method": "passport 12345678"}),
        )
        .await;
        assert_eq!(status, 422, "{out}");
        assert!(!out.to_string().contains("12345678"), "{out}");
        let (_, unchanged) = app.get(&format!("/v1/requests/{id}"), &po).await;
        assert_eq!(unchanged["assignee"], "test privacy_officer", "{unchanged}");
        assert_eq!(unchanged["state"], "received", "{unchanged}");
        let (status, out) = assign(&app, &po, &id, "test admin").await;
        assert_eq!(
            (status, out["assignee"].as_str()),
            (200, Some("test admin")),
            "{out}"
        );
        // A web user is named by their sign-in e-mail, in any case.
        app.store
            .create_user(
                &vern_store::Actor::Cli,
                time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000),
                &vern_store::user::NewUser {
                    email: "desk@example.se".to_owned(),
                    role: Role::PrivacyOfficer,
                    password_hash: "$argon2id$not-used".to_owned(),
                    language: "sv".to_owned(),
                    time_zone: "Europe/Stockholm".to_owned(),
                },
            )
            .await
            .unwrap();
        let (status, out) = assign(&app, &po, &id, " Desk@Example.SE").await;
        assert_eq!(
            (status, out["assignee"].as_str()),
            (200, Some("desk@example.se")),
            "{out}"
        );
        let (status, out) = assign(&app, &po, &id, "test admin").await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(
            post(
                &app,
                &po,
                &format!("/v1/requests/{id}/notes"),
                json!({"text": "Called the customer back"})
            )
            .await
            .0,
            200
        );
        let (status, v) = post(
            &app,
            &po,
            &format!("/v1/requests/{id}/verify"),
            json!({"method": "bankid"}),
        )
        .await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["state"], "in_progress");
        let (status, c) = post(
            &app,
            &po,
            &format!("/v1/requests/{id}/complete"),
            json!({"outcome": "Processing restricted while accuracy is checked"}),
        )
        .await;
        assert_eq!(status, 200, "{c}");
        assert_eq!(c["state"], "completed");
        // The restriction request placed the restriction.
        let (_, p) = app.get(&format!("/v1/people/{pid}"), &po).await;
        assert_eq!(p["restricted"], true);
        let (_, full) = app.get(&format!("/v1/requests/{id}"), &po).await;
        let kinds = texts(&full["log"], "kind");
        assert_eq!(
            kinds,
            [
                "received",
                "extended",
                "assigned",
                "assigned",
                "assigned",
                "assigned",
                "note",
                "verified",
                "completed"
            ],
            "{full}"
        );
        let note = full["log"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "note")
            .unwrap();
        assert_eq!(note["text"], "Called the customer back");
        // Messages queued to the person: acknowledgement, extension notice, completion.
        let templates: Vec<&str> = full["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["message"]["template"].as_str().unwrap())
            .collect();
        assert_eq!(
            templates,
            ["request_received", "extension_notice", "request_completed"],
            "{full}"
        );

        // Filters.
        let (_, overdue) = app.get("/v1/requests?overdue=true", &po).await;
        assert_eq!(overdue["requests"].as_array().unwrap().len(), 2);
        let (_, done) = app.get("/v1/requests?state=completed", &po).await;
        assert_eq!(done["requests"].as_array().unwrap().len(), 1);
        let (_, mine) = app.get("/v1/requests?assignee=me", &app.admin).await;
        assert_eq!(mine["requests"][0]["id"], id.as_str());
        let (_, theirs) = app.get("/v1/requests?assignee=me", &po).await;
        assert!(
            theirs["requests"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["id"] != id.as_str()),
            "{theirs}"
        );
        let (status, _) = app.get("/v1/requests?state=lost", &po).await;
        assert_eq!(status, 422);
        // A seller has no inbox.
        assert_eq!(
            app.get("/v1/requests", &app.key(Role::Seller).await)
                .await
                .0,
            403
        );

        // The deadline job flags and counts, in this server's own gauges: the other test servers
        // in this process keep theirs.
        let (soon, over) = vern_server::flag_deadlines(
            app.store.as_ref(),
            &vern_server::Clock::system(),
            &app.gauges,
        )
        .await
        .unwrap();
        assert_eq!((soon, over), (0, 2));
        let metrics = app.metrics().await;
        assert!(metrics.contains("vern_requests_overdue 2\n"), "{metrics}");
        assert!(metrics.contains("vern_requests_due_soon 0\n"), "{metrics}");
        let (code, out, _) = crate::harness::run(&app.db, &["audit", "verify"]);
        assert_eq!(code, 0, "{out}");
        app.stop().await;
    }
}

#[tokio::test]
async fn agents_see_only_their_own_requests_status() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let pid = person(&app, &po).await;
        let agent = app.key(Role::AuthorizedAgent).await;
        let other = app.key(Role::AuthorizedAgent).await;
        let (status, r) = post(&app, &agent, "/v1/requests", json!({"kind": "erasure", "identifiers": {"phone": "070-111 22 33"}, "message": "mandate M-7"})).await;
        assert_eq!(status, 201, "{r}");
        assert!(
            r.get("person").is_none() && r.get("details").is_none(),
            "{r}"
        );
        assert_eq!(r["received_via"], "authorized_agent");
        let id = r["id"].as_str().unwrap();
        let (status, mine) = app.get(&format!("/v1/requests/{id}"), &agent).await;
        assert_eq!(status, 200);
        assert!(mine.get("person").is_none() && mine.get("log").is_none());
        assert_eq!(app.get(&format!("/v1/requests/{id}"), &other).await.0, 404);
        let (_, list) = app.get("/v1/requests", &other).await;
        assert!(list["requests"].as_array().unwrap().is_empty());
        let (_, list) = app.get("/v1/requests", &agent).await;
        assert_eq!(list["requests"].as_array().unwrap().len(), 1);
        // Staff see it tied to the person; agents cannot act on it.
        let (_, staff) = app.get(&format!("/v1/requests/{id}"), &po).await;
        assert_eq!(staff["person"], pid.as_str());
        assert_eq!(
            post(
                &app,
                &agent,
                &format!("/v1/requests/{id}/verify"),
                json!({"method": "x"})
            )
            .await
            .0,
            403
        );
        let (status, _) = post(
            &app,
            &agent,
            "/v1/requests",
            json!({"kind": "access", "person": pid}),
        )
        .await;
        assert_eq!(status, 422, "agents name people by identifiers only");
        app.stop().await;
    }
}

/// A request arrives by the public form, the one-time code goes out by SMTP to the address
/// vern holds, the sender enters it, and the request is verified: every step in the ledger.
#[tokio::test]
async fn public_form_verified_with_the_code_from_smtp() {
    for backend in backends() {
        let (smtp, app) = with_smtp(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let pid = person(&app, &po).await;
        // The form itself.
        let r = app
            .http
            .get(app.url("/request"))
            .header("accept-language", "sv-SE,sv;q=0.9")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("lang=\"sv\"") && html.contains("Skicka begäran"),
            "{html}"
        );
        // Submitted with the e-mail address in another case.
        let (status, html) = submit_form(
            &app,
            &[
                ("kind", "access"),
                ("email", "Kim@Example.SE"),
                ("name", "Kim"),
                ("message", "Vad har ni om mig?"),
                ("lang", "sv"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{html}");
        let request_id = request_id_in(&html);
        // The code arrives at the address on file.
        let code = code_sent_to(&smtp, "kim@example.se", &[]).await;
        // A wrong code first, then the right one.
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert_eq!(enter_code(&app, &request_id, wrong).await.0, 422);
        let (status, html) = enter_code(&app, &request_id, &code).await;
        assert_eq!(status, 200);
        assert!(html.contains("bekräftad"), "{html}");
        let (_, full) = app.get(&format!("/v1/requests/{request_id}"), &po).await;
        assert_eq!(full["state"], "in_progress", "{full}");
        assert_eq!(full["received_via"], "web_form");
        assert_eq!(full["person"], pid.as_str());
        assert_eq!(full["details"]["message"], "Vad har ni om mig?");
        let kinds = texts(&full["log"], "kind");
        assert_eq!(kinds, ["received", "verification_requested", "verified"]);
        let ledger: Vec<String> = app
            .store
            .ledger_for(&pid)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        for kind in [
            "request.received",
            "request.verification_requested",
            "request.verified",
        ] {
            assert!(
                ledger.iter().any(|k| k == kind),
                "{kind} missing from {ledger:?}"
            );
        }
        // Someone vern does not know gets the same page, and no code is sent anywhere.
        let r = app
            .http
            .post(app.url("/request"))
            .form(&[("kind", "erasure"), ("email", "stranger@example.org")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let html2 = r.text().await.unwrap();
        assert!(html2.contains("action=\"/request/"));
        let (_, strangers) = app.get("/v1/requests?kind=erasure", &po).await;
        assert_eq!(strangers["requests"].as_array().unwrap().len(), 1);
        // What is sent is queued with the request before the page is answered: the
        // acknowledgement, and no code. Looking at the queue rather than at the first message
        // that arrives leaves no later message unseen.
        let stranger_id = strangers["requests"][0]["id"].as_str().unwrap();
        let queued = app.store.request_messages(stranger_id).await.unwrap();
        assert_eq!(queued.len(), 1, "{queued:?}");
        let (_, stranger) = app.get(&format!("/v1/requests/{stranger_id}"), &po).await;
        let kinds = texts(&stranger["log"], "kind");
        assert_eq!(kinds, ["received"], "{stranger}");
        // The acknowledgement goes to the address given; no code does.
        let ack = smtp
            .wait_for(
                |m| m.to.iter().any(|t| t.contains("stranger@example.org")),
                std::time::Duration::from_secs(20),
            )
            .await;
        assert!(
            !ack.body()
                .split(|c: char| !c.is_ascii_digit())
                .any(|w| w.len() == 6),
            "no code to a stranger: {}",
            ack.body()
        );
        app.stop().await;
    }
}

/// A server whose messages go out by SMTP to `smtp`.
pub(crate) async fn with_smtp(
    backend: crate::harness::Backend,
) -> (crate::smtp::SmtpServer, TestApp) {
    let smtp = crate::smtp::SmtpServer::start().await;
    let db = crate::harness::TestDb::new(backend).await;
    let port = smtp.port();
    let app = TestApp::spawn_with(db, |s| {
        s.ui.secure_cookies = false;
        s.mail.smtp = Some(vern_server::SmtpSettings {
            host: "127.0.0.1".into(),
            port: Some(port),
            tls: vern_server::SmtpTls::None,
            username: None,
            password: None,
            from: "privacy@vern.test".into(),
        });
    })
    .await;
    (smtp, app)
}

/// The six-digit code in the message that reached `to`, other than the codes in `not`.
pub(crate) async fn code_sent_to(
    smtp: &crate::smtp::SmtpServer,
    to: &str,
    not: &[String],
) -> String {
    let code_in = |body: String| {
        body.split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6 && !not.iter().any(|n| n == w))
            .map(str::to_owned)
    };
    let mail = smtp
        .wait_for(
            |m| m.to.iter().any(|t| t.contains(to)) && code_in(m.body()).is_some(),
            std::time::Duration::from_secs(20),
        )
        .await;
    code_in(mail.body()).unwrap_or_else(|| panic!("no code in {}", mail.body()))
}

/// A direct-marketing purpose to check against.
async fn telemarketing(app: &TestApp) {
    let (status, out) = app
        .post(
            "/v1/purposes",
            &app.admin,
            &json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone", "sms", "email"]}),
        )
        .await;
    assert_eq!(status, 201, "{out}");
}

/// Whether telemarketing to `ids` on `channel` is allowed, and the reasons' codes.
async fn marketable(app: &TestApp, ids: Value, channel: &str) -> (bool, Vec<String>) {
    allowed_for(app, ids, channel, "telemarketing").await
}

/// Whether contact for `purpose` to `ids` on `channel` is allowed, and the reasons' codes.
async fn allowed_for(
    app: &TestApp,
    ids: Value,
    channel: &str,
    purpose: &str,
) -> (bool, Vec<String>) {
    let (status, out) = app
        .post(
            "/v1/check",
            &app.admin,
            &json!({"identifiers": ids, "channel": channel, "purpose": purpose}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    let codes = out["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect();
    (out["allowed"].as_bool().unwrap(), codes)
}

/// Submit the public form; returns the status and the page.
pub(crate) async fn submit_form(app: &TestApp, fields: &[(&str, &str)]) -> (u16, String) {
    let r = app
        .http
        .post(app.url("/request"))
        .form(fields)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

pub(crate) fn request_id_in(html: &str) -> String {
    html.split("action=\"/request/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no code form in {html}"))
        .trim_end_matches("/verify")
        .to_owned()
}

async fn enter_code(app: &TestApp, request: &str, code: &str) -> (u16, String) {
    let r = app
        .http
        .post(app.url(&format!("/request/{request}/verify")))
        .form(&[("code", code)])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The public form's "stop all direct marketing" choice: a code goes to the identifier typed,
/// known or not, and once it is entered the objection holds, with no staff step, for every
/// identifier of a known person and for a stranger's identifier alike. Art. 21(3): the
/// objection admits no balancing; Art. 12(2): exercising it must not be made harder than
/// necessary.
#[tokio::test]
async fn the_forms_stop_marketing_choice_takes_effect_at_once() {
    for backend in backends() {
        let (smtp, app) = with_smtp(backend).await;
        telemarketing(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let pid = person(&app, &po).await;
        // The choice is on the form, in every language.
        for lang in ["sv", "nb", "da", "fi", "en"] {
            let r = app
                .http
                .get(app.url("/request"))
                .header("accept-language", lang)
                .send()
                .await
                .unwrap();
            let html = r.text().await.unwrap();
            assert!(
                html.contains("<option value=\"stop_marketing\">"),
                "{lang}: {html}"
            );
        }
        assert!(
            marketable(&app, json!({"phone": "0701112233"}), "phone")
                .await
                .0
        );

        // A known person types the address vern holds, in another case.
        let (status, known_page) = submit_form(
            &app,
            &[
                ("kind", "stop_marketing"),
                ("email", "Kim@Example.SE"),
                ("lang", "en"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{known_page}");
        // A stranger gets the same page, and a code to the address typed.
        let (status, stranger_page) = submit_form(
            &app,
            &[
                ("kind", "stop_marketing"),
                ("email", "stranger@example.org"),
                ("lang", "en"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{stranger_page}");
        let known = request_id_in(&known_page);
        let stranger = request_id_in(&stranger_page);
        assert_eq!(
            known_page.replace(&known, "ID"),
            stranger_page.replace(&stranger, "ID"),
            "the page reveals nothing"
        );
        // Both an e-mail address and a phone number: one code cannot confirm both.
        let (status, both) = submit_form(
            &app,
            &[
                ("kind", "stop_marketing"),
                ("email", "a@example.org"),
                ("phone", "0709998877"),
                ("lang", "en"),
            ],
        )
        .await;
        assert_eq!(status, 422, "{both}");
        assert!(both.contains("either your e-mail address or"), "{both}");

        // Nothing holds before the code is entered: no objection (e-mail marketing under
        // legitimate interests is refused only for want of consent, marknadsföringslagen 19 §).
        let (_, codes) = marketable(&app, json!({"email": "stranger@example.org"}), "email").await;
        assert_eq!(codes, ["consent.required_electronic"]);
        let code = code_sent_to(&smtp, "stranger@example.org", &[]).await;
        let (status, done) = enter_code(&app, &stranger, &code).await;
        assert_eq!(status, 200, "{done}");
        assert!(
            done.contains("objection to direct marketing is recorded"),
            "{done}"
        );
        let (allowed, codes) =
            marketable(&app, json!({"email": "stranger@example.org"}), "email").await;
        assert!(!allowed);
        assert!(
            codes.contains(&"objection.direct_marketing".to_owned()),
            "{codes:?}"
        );

        // The known person: every identifier vern holds for them, the phone too.
        let code = code_sent_to(&smtp, "kim@example.se", &[]).await;
        let (status, done) = enter_code(&app, &known, &code).await;
        assert_eq!(status, 200, "{done}");
        let (allowed, codes) = marketable(&app, json!({"phone": "0701112233"}), "sms").await;
        assert!(!allowed, "{codes:?}");
        assert!(
            codes.contains(&"objection.direct_marketing".to_owned()),
            "{codes:?}"
        );
        // The request is the evidence: completed as upheld by the person, with the
        // confirmation queued (the delivered code's text is gone); the objection names it in
        // the ledger.
        let (_, full) = app.get(&format!("/v1/requests/{known}"), &po).await;
        assert_eq!(full["state"], "completed", "{full}");
        assert_eq!(full["verified"], true);
        assert_eq!(full["details"]["direct_marketing"], true, "{full}");
        let templates: Vec<&str> = full["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["message"]["template"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(templates, ["", "objection_confirmed"], "{full}");
        let recorded: Vec<_> = app
            .store
            .ledger_after(0, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "objection.recorded")
            .collect();
        assert_eq!(recorded.len(), 2, "{recorded:?}");
        let known_entry = recorded
            .iter()
            .map(|e| serde_json::from_str::<Value>(&e.payload).unwrap())
            .find(|p| p["request"] == known.as_str())
            .unwrap_or_else(|| panic!("no objection names {known}: {recorded:?}"));
        assert_eq!(known_entry["source"]["type"], "subject");
        assert_eq!(
            known_entry["digests"].as_array().unwrap().len(),
            2,
            "the e-mail address and the phone: {known_entry:?}"
        );
        assert_eq!(full["person"], pid.as_str());
        app.stop().await;
    }
}

/// Staff who complete an objection request as upheld record the direct-marketing objection
/// for every identifier of the person, not only the one the request named (Art. 21(3)).
#[tokio::test]
async fn an_upheld_objection_request_suppresses_every_identifier() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        telemarketing(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        person(&app, &po).await;
        let (status, r) = post(&app, &po, "/v1/requests", json!({"kind": "objection", "identifiers": {"email": "kim@example.se"}, "received_via": "letter", "verified": "signed_letter"})).await;
        assert_eq!(status, 201, "{r}");
        let id = r["id"].as_str().unwrap();
        let complete = format!("/v1/requests/{id}/complete");
        // A decision that is neither upheld nor rejected is refused and changes nothing.
        let (status, e) = post(
            &app,
            &po,
            &complete,
            json!({"outcome": "ok", "decision": "maybe"}),
        )
        .await;
        assert_eq!(status, 422, "{e}");
        assert!(
            marketable(&app, json!({"phone": "0701112233"}), "phone")
                .await
                .0
        );
        let (status, done) = post(
            &app,
            &po,
            &complete,
            json!({"outcome": "We will stop.", "decision": "upheld"}),
        )
        .await;
        assert_eq!(status, 200, "{done}");
        let (allowed, codes) = marketable(&app, json!({"phone": "0701112233"}), "phone").await;
        assert!(!allowed, "{codes:?}");
        assert!(
            codes.contains(&"objection.direct_marketing".to_owned()),
            "{codes:?}"
        );

        // A rejected one records nothing.
        let (_, r) = post(&app, &po, "/v1/requests", json!({"kind": "objection", "identifiers": {"email": "other@example.se"}, "verified": "known_sender"})).await;
        let id = r["id"].as_str().unwrap();
        let (status, _) = post(
            &app,
            &po,
            &format!("/v1/requests/{id}/complete"),
            json!({"outcome": "Compelling grounds.", "decision": "rejected"}),
        )
        .await;
        assert_eq!(status, 200);
        // No objection; e-mail marketing on legitimate interests still needs consent
        // (marknadsföringslagen 19 §).
        let (_, codes) = marketable(&app, json!({"email": "other@example.se"}), "email").await;
        assert_eq!(codes, ["consent.required_electronic"]);
        app.stop().await;
    }
}

/// A general objection (Art. 21(1)) sent through `/v1/objections` is acknowledged as one sent
/// through `/v1/requests` is: the same message, to the same address.
#[tokio::test]
async fn a_general_objection_is_acknowledged_like_a_request() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        person(&app, &po).await;
        let ids = json!({"email": "kim@example.se"});
        let (status, o) = post(
            &app,
            &po,
            "/v1/objections",
            json!({"identifiers": ids, "kind": "general", "source": "subject"}),
        )
        .await;
        assert_eq!(status, 202, "{o}");
        let by_objection = o["request"].as_str().unwrap().to_owned();
        let (status, r) = post(
            &app,
            &po,
            "/v1/requests",
            json!({"kind": "objection", "identifiers": ids}),
        )
        .await;
        assert_eq!(status, 201, "{r}");
        let by_request = r["id"].as_str().unwrap().to_owned();
        let mut acks = Vec::new();
        for id in [&by_objection, &by_request] {
            let (_, full) = app.get(&format!("/v1/requests/{id}"), &po).await;
            let messages = full["messages"].as_array().unwrap().clone();
            assert_eq!(messages.len(), 1, "{full}");
            acks.push(messages[0]["message"].clone());
        }
        assert_eq!(acks[0]["template"], "request_received", "{acks:?}");
        assert_eq!(acks[0], acks[1]);
        app.stop().await;
    }
}

/// A one-time code is for the person alone: once sent, no answer to staff contains it, in
/// the API or the web UI, before or after it was delivered (Art. 32: the code is what proves
/// who the sender is; whoever reads it can pass for them).
#[tokio::test]
async fn no_staff_response_contains_a_code_that_was_sent() {
    for backend in backends() {
        let (smtp, app) = with_smtp(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let pid = person(&app, &po).await;
        crate::ui::user(&app, Role::Admin, "admin@vern.test", "en").await;
        let session = crate::ui::sign_in(&app, "admin@vern.test").await;
        // A code sent by staff, one by the form, and one for the stop-marketing choice.
        let (_, r) = post(
            &app,
            &po,
            "/v1/requests",
            json!({"kind": "access", "person": pid}),
        )
        .await;
        let by_staff = r["id"].as_str().unwrap().to_owned();
        let (status, _) = post(
            &app,
            &po,
            &format!("/v1/requests/{by_staff}/verification"),
            json!({}),
        )
        .await;
        assert_eq!(status, 200);
        let mut codes = vec![code_sent_to(&smtp, "kim@example.se", &[]).await];
        let (_, page) = submit_form(
            &app,
            &[("kind", "stop_marketing"), ("email", "fresh@example.org")],
        )
        .await;
        let by_form = request_id_in(&page);
        codes.push(code_sent_to(&smtp, "fresh@example.org", &[]).await);
        // A second code for the same person, after the first.
        let (_, r) = post(
            &app,
            &po,
            "/v1/requests",
            json!({"kind": "erasure", "person": pid}),
        )
        .await;
        let again = r["id"].as_str().unwrap().to_owned();
        let (status, out) = post(
            &app,
            &po,
            &format!("/v1/requests/{again}/verification"),
            json!({}),
        )
        .await;
        assert_eq!(status, 200, "{out}");
        codes.push(code_sent_to(&smtp, "kim@example.se", &codes).await);

        let mut seen = Vec::new();
        for path in [
            format!("/v1/requests/{by_staff}"),
            format!("/v1/requests/{by_form}"),
            format!("/v1/requests/{again}"),
            "/v1/requests".to_owned(),
            format!("/v1/people/{pid}"),
        ] {
            for key in [&po, &app.admin] {
                let (status, body) = app.get(&path, key).await;
                assert_eq!(status, 200, "{path}: {body}");
                seen.push((path.clone(), body.to_string()));
            }
        }
        // Staff still see that a code went out; once delivered its text is gone for good.
        let (_, staff_view) = app.get(&format!("/v1/requests/{by_staff}"), &po).await;
        let states: Vec<&str> = staff_view["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["state"].as_str().unwrap())
            .collect();
        assert!(states.contains(&"sent"), "{staff_view}");
        for path in [
            format!("/ui/requests/{by_staff}"),
            format!("/ui/requests/{by_form}"),
            format!("/ui/requests/{again}"),
            "/ui/inbox".to_owned(),
            format!("/ui/people/{pid}"),
            "/ui/ledger".to_owned(),
        ] {
            let r = session.get(&app, &path).await;
            assert_eq!(r.status(), 200, "{path}");
            seen.push((path, r.text().await.unwrap()));
        }
        for (path, body) in &seen {
            for code in &codes {
                assert!(
                    !body.contains(code.as_str()),
                    "{path} shows the code {code}: {body}"
                );
            }
        }
        app.stop().await;
    }
}

/// The person withdraws their own objection on the form, confirmed by a code to the identifier
/// they type; the next consented contact is then allowed, for every identifier of theirs. Only
/// a code to the identifier proves it is the person (Art. 21(3) belongs to them; Art. 7(3) by
/// analogy: they may change their mind).
#[tokio::test]
async fn the_person_withdraws_their_objection_on_the_form() {
    for backend in backends() {
        let (smtp, app) = with_smtp(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let pid = person(&app, &po).await;
        let (status, out) = app
            .post(
                "/v1/purposes",
                &app.admin,
                &json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true, "channels": ["email", "sms"]}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        let newsletter = |ids: Value, channel: &'static str| {
            let app = &app;
            async move { allowed_for(app, ids, channel, "newsletter").await.0 }
        };
        let form =
            |kind: &'static str| [("kind", kind), ("email", "kim@example.se"), ("lang", "en")];
        let (_, page) = submit_form(&app, &form("stop_marketing")).await;
        let stop = request_id_in(&page);
        let code = code_sent_to(&smtp, "kim@example.se", &[]).await;
        assert_eq!(enter_code(&app, &stop, &code).await.0, 200);
        let consent = json!({"purpose": "newsletter", "channels": ["email", "sms"], "state": "granted", "evidence": {"source": "web_form", "version": "v1"}});
        let (status, out) = app
            .post(&format!("/v1/people/{pid}/consents"), &po, &consent)
            .await;
        assert_eq!(status, 201, "{out}");
        assert_eq!(
            out["warnings"][0]["code"], "objection.direct_marketing",
            "{out}"
        );
        assert!(!newsletter(json!({"email": "kim@example.se"}), "email").await);

        // Hear from us again: a code to what was typed, then the objection ends.
        let (status, page) = submit_form(&app, &form("resume_marketing")).await;
        assert_eq!(status, 200, "{page}");
        let resume = request_id_in(&page);
        let code = code_sent_to(&smtp, "kim@example.se", &[code]).await;
        // A wrong code withdraws nothing.
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert_eq!(enter_code(&app, &resume, wrong).await.0, 422);
        assert!(!newsletter(json!({"email": "kim@example.se"}), "email").await);
        let (status, done) = enter_code(&app, &resume, &code).await;
        assert_eq!(status, 200, "{done}");
        assert!(
            done.contains("objection to direct marketing is withdrawn"),
            "{done}"
        );
        assert!(newsletter(json!({"email": "kim@example.se"}), "email").await);
        assert!(newsletter(json!({"phone": "0701112233"}), "sms").await);
        // The withdrawal names the person's request as its evidence.
        let withdrawn: Vec<Value> = app
            .store
            .ledger_for(&pid)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "objection.withdrawn")
            .map(|e| serde_json::from_str(&e.payload).unwrap())
            .collect();
        assert_eq!(withdrawn.len(), 1, "{withdrawn:?}");
        assert_eq!(withdrawn[0]["by"]["by"], "subject");
        assert_eq!(withdrawn[0]["by"]["verification"], "code");
        assert_eq!(withdrawn[0]["by"]["request"], resume.as_str());
        let (_, r) = app.get(&format!("/v1/requests/{resume}"), &po).await;
        assert_eq!(r["state"], "completed", "{r}");
        app.stop().await;
    }
}
