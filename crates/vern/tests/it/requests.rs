//! The request inbox: deadlines, the lifecycle, the log, agents' view.

use serde_json::{Value, json};
use vern_core::Role;
use vern_store::Store;

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
                        && m["message"]["to"] == "kim@example.se"),
                "{v}"
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

        // The deadline job flags and counts. The gauge lives in the process's one metrics
        // recorder, which every test server in this process shares (a real process runs one
        // server): another test's server starting its deadline job may set it in between, so the
        // job runs again until the gauge shows this server's count, a few times at most.
        let mut metrics = String::new();
        for _ in 0..20 {
            let (soon, over) = vern_server::jobs::flag_deadlines(
                app.store.as_ref(),
                &vern_server::Clock::system(),
            )
            .await
            .unwrap();
            assert_eq!((soon, over), (0, 2));
            metrics = app.metrics().await;
            if metrics.contains("vern_requests_overdue 2") {
                break;
            }
        }
        assert!(metrics.contains("vern_requests_overdue 2"), "{metrics}");
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
        let smtp = crate::smtp::SmtpServer::start().await;
        let db = crate::harness::TestDb::new(backend).await;
        let port = smtp.port();
        let app = TestApp::spawn_with(db, |s| {
            s.mail.smtp = Some(vern_server::delivery::SmtpSettings {
                host: "127.0.0.1".into(),
                port: Some(port),
                tls: vern_server::delivery::SmtpTls::None,
                username: None,
                password: None,
                from: "privacy@vern.test".into(),
            });
        })
        .await;
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
        let r = app
            .http
            .post(app.url("/request"))
            .form(&[
                ("kind", "access"),
                ("email", "Kim@Example.SE"),
                ("name", "Kim"),
                ("message", "Vad har ni om mig?"),
                ("lang", "sv"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        let action = html
            .split("action=\"/request/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let request_id = action.trim_end_matches("/verify").to_owned();
        // The code arrives at the address on file.
        let mail = smtp
            .wait_for(
                |m| m.to.iter().any(|t| t.contains("kim@example.se")) && m.body().contains("30"),
                std::time::Duration::from_secs(20),
            )
            .await;
        let body = mail.body();
        let code: String = body
            .split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .unwrap_or_else(|| panic!("no code in {body}"))
            .to_owned();
        // A wrong code first, then the right one.
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let r = app
            .http
            .post(app.url(&format!("/request/{request_id}/verify")))
            .form(&[("code", wrong)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let r = app
            .http
            .post(app.url(&format!("/request/{request_id}/verify")))
            .form(&[("code", code.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
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
