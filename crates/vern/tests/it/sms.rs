//! SMS keywords through the real server (issue 18 §1, docs/sms.md): a signed reply from a
//! person changes the next check at once, is recorded once, and is answered through the SMS
//! gateway, here a small HTTP test double on 127.0.0.1 that keeps what it is sent.

use serde_json::{Value, json};
use std::sync::atomic::Ordering;
use vern_core::Role;
use vern_server::Clock;
use vern_server::outbox as delivery;
use vern_store::Actor;
use vern_store::store::{AdminStore, ApiKeyStore, LedgerStore};

use crate::harness::{TestApp, backends};

pub(crate) mod double;

use double::GatewayDouble;

const SECRET: &str = "the gateway's signing secret, 32+ bytes";
const SHORT_CODE: &str = "72080";

/// The wall clock: the server under test runs on it, and a gateway signs with it.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

/// A gateway's door: its key, and deliveries signed as the gateway signs them.
struct Gateway<'a> {
    app: &'a TestApp,
    key: String,
    key_id: String,
}

impl Gateway<'_> {
    /// Deliver `body` signed `seconds_ago` with `secret` (or unsigned).
    async fn deliver_as(
        &self,
        body: &Value,
        secret: Option<&str>,
        seconds_ago: i64,
    ) -> (u16, Value) {
        let text = body.to_string();
        let mut request = self
            .app
            .http
            .post(self.app.url("/v1/inbound/sms"))
            .bearer_auth(&self.key)
            .header("content-type", "application/json");
        if let Some(secret) = secret {
            let t = wall_clock().unix_timestamp() - seconds_ago;
            request = request.header(
                "Vern-Signature",
                vern_server::webhook_signature(secret, t, &text),
            );
        }
        crate::harness::read(request.body(text).send().await.unwrap()).await
    }

    async fn deliver(&self, body: &Value) -> (u16, Value) {
        self.deliver_as(body, Some(SECRET), 0).await
    }

    async fn text(&self, from: &str, text: &str, id: &str) -> Value {
        let (status, out) = self
            .deliver(&json!({"from": from, "to": SHORT_CODE, "text": text, "message_id": id}))
            .await;
        assert_eq!(status, 200, "{text}: {out}");
        out
    }
}

async fn setup(app: &TestApp) -> Gateway<'_> {
    let (status, out) = app
        .send(
            reqwest::Method::PATCH,
            "/v1/controllers/default",
            &app.admin,
            &json!({"name": "Acme AB", "country": "SE", "dpo": {"email": "dpo@acme.example"}}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    // Erbjudanden are never sent as MMS.
    for (key, name, channels) in [
        ("nyheter", "Nyheter", json!(["sms", "mms", "phone"])),
        ("erbjudanden", "Erbjudanden", json!(["sms", "phone"])),
    ] {
        let (status, out) = app
            .post(
                "/v1/purposes",
                &app.admin,
                &json!({"key": key, "name": name, "legal_basis": "consent", "direct_marketing": true, "channels": channels}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
    }
    let now = wall_clock();
    let (key, secret) = app
        .store
        .create_api_key(&Actor::Cli, now, "LINK gateway", Role::Gateway)
        .await
        .unwrap();
    let gateway = Gateway {
        app,
        key: secret,
        key_id: key.id,
    };
    let (status, out) = app
        .send(
            reqwest::Method::PUT,
            &format!("/v1/sms/gateways/{}", gateway.key_id),
            &app.admin,
            &json!({"secret": SECRET}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    assert!(!out.to_string().contains(SECRET), "{out}");
    let (status, out) = app
        .send(
            reqwest::Method::PUT,
            &format!("/v1/sms/numbers/{SHORT_CODE}"),
            &app.admin,
            &json!({"purposes": ["nyheter", "erbjudanden"], "all_keyword": "STOPP ALT", "keywords": {"opt_out": ["SLUTT"]}}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["confirm_window_minutes"], 1440, "{out}");
    gateway
}

async fn check(app: &TestApp, key: &str, phone: &str, channel: &str, purpose: &str) -> Value {
    let (status, out) = app
        .post(
            "/v1/check",
            key,
            &json!({"identifiers": {"phone": phone}, "channel": channel, "purpose": purpose}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    out
}

fn codes(v: &Value) -> Vec<&str> {
    v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect()
}

async fn kinds(app: &TestApp, kind: &str) -> usize {
    app.store
        .ledger_after(0, 100_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.kind == kind)
        .count()
}

#[tokio::test]
async fn a_signed_stop_withdraws_sms_consent_at_once_and_a_replay_changes_nothing() {
    // Marknadsföringslagen 20 § (SE) and markedsføringsloven § 10(4) (DK): every marketing text
    // must offer a free, easy way to stop; GDPR Art. 7(3): withdrawing is as easy as giving.
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let gateway = setup(&app).await;
        let seller = app.key(Role::Seller).await;
        let marketer = app.key(Role::Marketer).await;
        let (status, anna) = app
            .post(
                "/v1/people",
                &seller,
                &json!({"name": "Anna Berg", "phones": ["070-123 45 67"]}),
            )
            .await;
        assert_eq!(status, 201, "{anna}");
        let anna = anna["id"].as_str().unwrap().to_owned();
        for (purpose, channels) in [
            ("nyheter", json!(["sms", "mms"])),
            ("erbjudanden", json!(["sms"])),
        ] {
            let (status, out) = app
                .post(
                    &format!("/v1/people/{anna}/consents"),
                    &seller,
                    &json!({"purpose": purpose, "channels": channels, "state": "granted", "evidence": {"source": "web_form"}}),
                )
                .await;
            assert_eq!(status, 201, "{out}");
        }
        assert_eq!(
            check(&app, &marketer, "0701234567", "sms", "nyheter").await["allowed"],
            true
        );
        // A dialer that markets for the controller hears of every stop (Art. 19).
        let receiver = crate::erasure::Receiver::start().await;
        let (status, hook) = app
            .post(
                "/v1/webhooks",
                &app.admin,
                &json!({"name": "dialer", "url": format!("http://127.0.0.1:{}/hook", receiver.port), "events": ["consent.withdrawn", "objection"]}),
            )
            .await;
        assert_eq!(status, 201, "{hook}");

        // "STOPP NYHETER": only that subscription.
        // The gateway's clock runs two minutes ahead of vern's: the stop holds at once all the same.
        let ahead = (wall_clock() + time::Duration::minutes(2))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let stop = json!({"from": "+46701234567", "to": SHORT_CODE, "text": "Stopp nyheter!", "message_id": "m-1", "received_at": ahead});
        let (status, out) = gateway.deliver(&stop).await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(out["effect"], "withdrawn", "{out}");
        assert_eq!(out["purposes"], json!(["nyheter"]));
        assert_eq!(out["replied"], true);
        let denied = check(&app, &marketer, "0701234567", "sms", "nyheter").await;
        assert_eq!(denied["allowed"], false, "{denied}");
        assert_eq!(codes(&denied), ["consent.withdrawn"], "{denied}");
        // The answer says what stopped, and nothing more.
        let double = GatewayDouble::start(0).await;
        let sent = delivery::deliver_due(
            app.store.as_ref(),
            &Clock::system(),
            &double.deliverer(),
            10,
        )
        .await
        .unwrap();
        assert_eq!(sent, 1);
        assert_eq!(
            double.posted.lock().await[0].body["userData"],
            "Acme AB: Du får inga fler sms från oss om Nyheter. Svara START om du vill börja igen."
        );
        let mms = check(&app, &marketer, "0701234567", "mms", "nyheter").await;
        assert_eq!(codes(&mms), ["consent.withdrawn"], "{mms}");
        assert_eq!(
            check(&app, &marketer, "0701234567", "sms", "erbjudanden").await["allowed"],
            true
        );

        // The evidence: the message id, the text, the time, the numbers.
        let (_, consents) = app
            .get(&format!("/v1/people/{anna}/consents"), &seller)
            .await;
        let history = consents["history"].as_array().unwrap();
        let withdrawn: Vec<&Value> = history
            .iter()
            .filter(|c| c["action"] == "withdrawn")
            .collect();
        assert_eq!(withdrawn.len(), 2, "sms and mms: {consents}");
        for c in &withdrawn {
            assert_eq!(c["source"], "sms");
            assert_eq!(c["evidence"]["reference"], "sms:m-1");
            assert_eq!(c["evidence"]["text"], "Stopp nyheter!");
            assert_eq!(c["evidence"]["by"], "SMS from +46701234567 to 72080");
        }

        // The gateway retries the same delivery: the same answer, nothing written twice.
        let consents_before = history.len();
        let received_before = kinds(&app, "sms.received").await;
        let (status, again) = gateway.deliver(&stop).await;
        assert_eq!(status, 200, "{again}");
        assert_eq!(again, out);
        let (_, consents) = app
            .get(&format!("/v1/people/{anna}/consents"), &seller)
            .await;
        assert_eq!(
            consents["history"].as_array().unwrap().len(),
            consents_before
        );
        assert_eq!(kinds(&app, "sms.received").await, received_before);

        // A word of the number's own stops the rest.
        let out = gateway.text("+46701234567", "slutt", "m-2").await;
        assert_eq!(out["purposes"], json!(["nyheter", "erbjudanden"]), "{out}");
        assert_eq!(
            codes(&check(&app, &marketer, "0701234567", "sms", "erbjudanden").await),
            ["consent.withdrawn"]
        );
        // Withdrawn on the channels each purpose declares: no MMS for erbjudanden.
        let (_, consents) = app
            .get(&format!("/v1/people/{anna}/consents"), &seller)
            .await;
        let mut offers: Vec<&str> = consents["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["purpose"] == "erbjudanden" && c["action"] == "withdrawn")
            .map(|c| c["channel"].as_str().unwrap())
            .collect();
        offers.sort_unstable();
        assert_eq!(offers, ["sms"], "{consents}");
        // A phone call is not what a text stopped: no consent was ever given for calls.
        let call = check(&app, &marketer, "0701234567", "phone", "nyheter").await;
        assert_eq!(codes(&call), ["consent.missing"], "{call}");

        // The stop-everything word: a full objection to direct marketing, on every channel.
        let out = gateway.text("+46701234567", "STOPP ALT", "m-3").await;
        assert_eq!(out["effect"], "objection", "{out}");
        let call = check(&app, &marketer, "0701234567", "phone", "nyheter").await;
        assert!(
            codes(&call).contains(&"objection.direct_marketing"),
            "{call}"
        );
        assert_eq!(kinds(&app, "objection.recorded").await, 1);

        // After that, START cannot start anything, and the answer does not pretend it did:
        // only the person, verified, lifts an objection (docs/objections.md).
        let out = gateway.text("+46701234567", "START", "m-4").await;
        assert_eq!(
            (out["effect"].as_str(), out["replied"].as_bool()),
            (Some("kept"), Some(true)),
            "{out}"
        );
        let out = gateway.text("+46701234567", "JA", "m-5").await;
        assert_eq!(out["effect"], "kept", "{out}");
        let denied = check(&app, &marketer, "0701234567", "sms", "nyheter").await;
        assert_eq!(denied["allowed"], false, "{denied}");
        delivery::deliver_due(
            app.store.as_ref(),
            &Clock::system(),
            &double.deliverer(),
            10,
        )
        .await
        .unwrap();
        let posted = double.posted.lock().await.clone();
        let blocked: Vec<&str> = posted
            .iter()
            .filter_map(|p| p.body["userData"].as_str())
            .filter(|t| t.starts_with("Acme AB: Du har bett oss att inte skicka marknadsföring"))
            .collect();
        assert_eq!(blocked.len(), 2, "{posted:?}");
        assert!(
            posted
                .iter()
                .all(|p| !p.body["userData"].as_str().unwrap().contains("Tack!"))
        );

        // The notices: the withdrawals and the objection, without the number.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let bodies = loop {
            let got: Vec<String> = receiver
                .got
                .lock()
                .unwrap()
                .iter()
                .map(|(_, b)| b.clone())
                .collect();
            let withdrawn = got
                .iter()
                .filter(|b| b.contains("\"event\":\"consent.withdrawn\""))
                .count();
            // Two purposes' events from SLUTT, one from STOPP NYHETER.
            if withdrawn >= 3 && got.iter().any(|b| b.contains("\"event\":\"objection\"")) {
                break got;
            }
            assert!(std::time::Instant::now() < deadline, "notices: {got:?}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        assert!(
            bodies
                .iter()
                .any(|b| b.contains("\"purpose\":\"nyheter\"") && b.contains("\"source\":\"sms\"")),
            "{bodies:?}"
        );
        assert!(
            bodies.iter().all(|b| !b.contains("46701234567")),
            "{bodies:?}"
        );

        app.stop().await;
    }
}

#[tokio::test]
async fn opt_in_is_double_and_the_answers_go_out_through_the_gateway() {
    // GDPR Art. 7(1): the controller must be able to show consent; a first START could come
    // from anyone's phone, so only the confirming reply grants, with both messages as evidence.
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let gateway = setup(&app).await;
        let marketer = app.key(Role::Marketer).await;
        let officer = app.key(Role::PrivacyOfficer).await;
        let double = GatewayDouble::start(1).await;
        let deliverer = double.deliverer();

        // START alone grants nothing.
        let out = gateway.text("+46709876543", "START", "in-1").await;
        assert_eq!(out["effect"], "confirmation_asked", "{out}");
        let refused = check(&app, &marketer, "+46709876543", "sms", "nyheter").await;
        assert_eq!(refused["allowed"], false, "{refused}");

        // The question goes out through the gateway, from the short code, after one 503.
        let clock = Clock::system();
        assert_eq!(
            delivery::deliver_due(app.store.as_ref(), &clock, &deliverer, 10)
                .await
                .unwrap(),
            0
        );
        assert_eq!(double.attempts.load(Ordering::SeqCst), 1);
        let later = Clock::starting_at(wall_clock() + time::Duration::minutes(2));
        assert_eq!(
            delivery::deliver_due(app.store.as_ref(), &later, &deliverer, 10)
                .await
                .unwrap(),
            1
        );
        let posted = double.posted.lock().await.clone();
        assert_eq!(posted.len(), 1);
        assert_eq!(
            posted[0].authorization.as_deref(),
            Some("Bearer gateway-token")
        );
        assert!(posted[0].idempotency_key.is_some());
        assert_eq!(posted[0].body["destination"], "+46709876543");
        assert_eq!(posted[0].body["source"], SHORT_CODE);
        let question = posted[0].body["userData"].as_str().unwrap().to_owned();
        assert!(
            question.starts_with("Acme AB: ") && question.contains("Svara JA inom 24 timmar"),
            "{question}"
        );
        assert_eq!(kinds(&app, "message.retrying").await, 1);
        assert_eq!(kinds(&app, "message.sent").await, 1);

        // The confirming reply grants, and the next check allows.
        let out = gateway.text("+46709876543", "ja", "in-2").await;
        assert_eq!(out["effect"], "granted", "{out}");
        let allowed = check(&app, &marketer, "+46709876543", "sms", "nyheter").await;
        assert_eq!(allowed["allowed"], true, "{allowed}");
        assert_eq!(allowed["basis"], "consent");
        let (_, inbound) = app.get("/v1/sms/inbound", &officer).await;
        let person = inbound["messages"][0]["person"]
            .as_str()
            .unwrap()
            .to_owned();
        let (_, consents) = app
            .get(&format!("/v1/people/{person}/consents"), &app.admin)
            .await;
        let granted = &consents["history"][0];
        assert_eq!(granted["action"], "granted", "{consents}");
        assert_eq!(granted["evidence"]["reference"], "sms:in-1 sms:in-2");
        assert_eq!(
            granted["evidence"]["text"],
            format!("START\n{question}\nja")
        );

        // HELP is answered with the controller's name and contact.
        let out = gateway.text("+46701112233", "Hjälp", "in-3").await;
        assert_eq!(out["effect"], "help", "{out}");
        assert_eq!(
            delivery::deliver_due(app.store.as_ref(), &later, &deliverer, 10)
                .await
                .unwrap(),
            2
        );
        let posted = double.posted.lock().await.clone();
        let help = posted
            .iter()
            .find(|p| p.body["destination"] == "+46701112233")
            .map(|p| p.body["userData"].as_str().unwrap().to_owned())
            .unwrap();
        assert!(
            help.starts_with("Acme AB: ") && help.ends_with("dpo@acme.example"),
            "{help}"
        );
        assert!(
            posted
                .iter()
                .any(|p| p.body["userData"].as_str().unwrap().contains("Tack!"))
        );

        // A person whose processing is restricted (Art. 18(2)) starts nothing by text, and is not
        // told that anything started.
        let (status, cia) = app
            .post(
                "/v1/people",
                &officer,
                &json!({"name": "Cia", "phones": ["+46702223344"]}),
            )
            .await;
        assert_eq!(status, 201, "{cia}");
        let (status, out) = app
            .post(
                &format!("/v1/people/{}/restriction", cia["id"].as_str().unwrap()),
                &officer,
                &json!({"reason": "accuracy contested"}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        for (text, id) in [("START", "in-r1"), ("JA", "in-r2")] {
            let out = gateway.text("+46702223344", text, id).await;
            assert_eq!(
                (out["effect"].as_str(), out["replied"].as_bool()),
                (Some("kept"), Some(false)),
                "{out}"
            );
        }

        // A confirmation after the window (the START reached the gateway 25 hours ago) asks
        // again and grants nothing.
        let day_ago = (wall_clock() - time::Duration::hours(25))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let (status, out) = gateway
            .deliver(&json!({"from": "+46705550000", "to": SHORT_CODE, "text": "START", "message_id": "in-4", "received_at": day_ago}))
            .await;
        assert_eq!(
            (status, out["effect"].as_str()),
            (200, Some("confirmation_asked")),
            "{out}"
        );
        let out = gateway.text("+46705550000", "JA", "in-5").await;
        assert_eq!(out["effect"], "confirmation_asked", "{out}");
        let refused = check(&app, &marketer, "+46705550000", "sms", "nyheter").await;
        assert_eq!(refused["allowed"], false, "{refused}");
        // A time in the future is refused: a gateway's clock cannot run a day ahead.
        let tomorrow = (wall_clock() + time::Duration::hours(25))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let (status, out) = gateway
            .deliver(&json!({"from": "+46705550000", "to": SHORT_CODE, "text": "JA", "message_id": "in-6", "received_at": tomorrow}))
            .await;
        assert_eq!(status, 422, "{out}");

        app.stop().await;
    }
}

#[tokio::test]
async fn bad_deliveries_are_refused_and_change_nothing() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let gateway = setup(&app).await;
        let officer = app.key(Role::PrivacyOfficer).await;
        let marketer = app.key(Role::Marketer).await;
        let body =
            json!({"from": "+46701234567", "to": SHORT_CODE, "text": "STOPP", "message_id": "x-1"});
        let cases: Vec<(u16, &str, (u16, Value))> = vec![
            (401, "signature_missing", gateway.deliver_as(&body, None, 0).await),
            (401, "signature_stale", gateway.deliver_as(&body, Some(SECRET), 301).await),
            (401, "signature_invalid", gateway.deliver_as(&body, Some("not the gateway's secret at all!!"), 0).await),
            (404, "unknown_number", gateway.deliver(&json!({"from": "+46701234567", "to": "+46800000000", "text": "STOPP", "message_id": "x-2"})).await),
            (422, "text_too_long", gateway.deliver(&json!({"from": "+46701234567", "to": SHORT_CODE, "text": "a".repeat(1601), "message_id": "x-3"})).await),
            (422, "invalid", gateway.deliver(&json!({"from": "not a number", "to": SHORT_CODE, "text": "STOPP", "message_id": "x-4"})).await),
            (422, "invalid", gateway.deliver(&json!({"from": "+46701234567", "to": SHORT_CODE, "text": "STOPP", "message_id": ""})).await),
            (422, "invalid", gateway.deliver(&json!({"from": "+46701234567", "to": SHORT_CODE, "text": "STOPP", "message_id": "x-5", "extra": 1})).await),
        ];
        for (status, code, (got, out)) in cases {
            assert_eq!(
                (got, out["code"].as_str().unwrap_or_default()),
                (status, code),
                "{out}"
            );
            // No number or text in any answer.
            assert!(!out.to_string().contains("46701234567"), "{out}");
        }
        // Only gateways deliver, and a gateway does nothing else.
        let (status, _) = app.post("/v1/inbound/sms", &marketer, &body).await;
        assert_eq!(status, 403);
        let (status, _) = app.post("/v1/check", &gateway.key, &json!({"identifiers": {"phone": "+46701234567"}, "channel": "sms", "purpose": "nyheter"})).await;
        assert_eq!(status, 403);
        let (_, inbound) = app.get("/v1/sms/inbound", &officer).await;
        assert_eq!(inbound["messages"], json!([]), "{inbound}");
        assert_eq!(kinds(&app, "sms.received").await, 0);

        // Unknown words are kept for staff and change nothing; a stop among other words is
        // flagged for a person to read.
        let out = gateway
            .text("+46701234567", "Snälla sluta skicka sms", "x-6")
            .await;
        assert_eq!(
            (
                out["effect"].as_str(),
                out["mentions_opt_out"].as_bool(),
                out["replied"].as_bool()
            ),
            (Some("kept"), Some(true), Some(false))
        );
        let (_, inbound) = app.get("/v1/sms/inbound", &officer).await;
        assert_eq!(inbound["messages"][0]["done"]["effect"], "kept");
        assert!(
            !inbound.to_string().contains("Snälla"),
            "no text in the list: {inbound}"
        );
        // Reading it is a disclosure, in the ledger; a marketer may not.
        let id = inbound["messages"][0]["done"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (status, _) = app.get(&format!("/v1/sms/inbound/{id}"), &marketer).await;
        assert_eq!(status, 403);
        assert_eq!(kinds(&app, "sms.opened").await, 0);
        let (status, opened) = app.get(&format!("/v1/sms/inbound/{id}"), &officer).await;
        assert_eq!(status, 200, "{opened}");
        assert_eq!(
            (
                opened["from"].as_str(),
                opened["to"].as_str(),
                opened["text"].as_str()
            ),
            (
                Some("+46701234567"),
                Some(SHORT_CODE),
                Some("Snälla sluta skicka sms")
            )
        );
        assert_eq!(kinds(&app, "sms.opened").await, 1);
        let (status, _) = app.get("/v1/sms/inbound/no-such-message", &officer).await;
        assert_eq!(status, 404);
        assert_eq!(
            kinds(&app, "objection.recorded").await + kinds(&app, "consent.withdrawn").await,
            0
        );

        // A stop from a number vern does not know still stops it: an objection on SMS and MMS.
        let out = gateway.text("+46701234567", "STOPP", "x-7").await;
        assert_eq!(out["effect"], "withdrawn");
        let (status, _) = app
            .post(
                "/v1/people",
                &app.admin,
                &json!({"name": "Anna", "phones": ["+46701234567"]}),
            )
            .await;
        assert_eq!(status, 201);
        let sms = check(&app, &marketer, "+46701234567", "sms", "nyheter").await;
        assert!(codes(&sms).contains(&"objection.direct_marketing"), "{sms}");

        // Configuration is the admin's, and checked.
        let (status, _) = app
            .send(
                reqwest::Method::PUT,
                "/v1/sms/numbers/1919",
                &officer,
                &json!({"purposes": ["nyheter"]}),
            )
            .await;
        assert_eq!(status, 403);
        for bad in [
            json!({"purposes": []}),
            json!({"purposes": ["unknown"]}),
            json!({"purposes": ["nyheter"], "keywords": {"opt_out": ["JA"]}}),
            json!({"purposes": ["nyheter"], "confirm_window_minutes": 0}),
        ] {
            let (status, out) = app
                .send(
                    reqwest::Method::PUT,
                    "/v1/sms/numbers/1919",
                    &app.admin,
                    &bad,
                )
                .await;
            assert_eq!(status, 422, "{bad}: {out}");
        }
        let (status, out) = app
            .send(
                reqwest::Method::PUT,
                "/v1/sms/gateways/no-such-key",
                &app.admin,
                &json!({"secret": SECRET}),
            )
            .await;
        assert_eq!(status, 404, "{out}");
        let (status, out) = app
            .send(
                reqwest::Method::PUT,
                &format!("/v1/sms/gateways/{}", gateway.key_id),
                &app.admin,
                &json!({"secret": "short"}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        let (_, gateways) = app.get("/v1/sms/gateways", &app.admin).await;
        assert!(!gateways.to_string().contains(SECRET), "{gateways}");
        assert_eq!(gateways["gateways"][0]["key_id"], gateway.key_id.as_str());

        // Retention: texts from people vern did not know are message metadata; they go, and
        // the keys that sealed them are destroyed. The objection one of them made stays.
        let holder = format!("sms:{id}");
        let keys = app.store.keys();
        assert!(
            app.store
                .keyring()
                .get(keys, &holder)
                .await
                .unwrap()
                .is_some()
        );
        let settings = vern_server::ErasureSettings {
            recycle_days: 30,
            rules: vec![vern_server::RetentionRule::MessageMetadata { days: 30 }],
        };
        let later = wall_clock() + time::Duration::days(31);
        let dry = vern_server::run_retention(app.store.as_ref(), later, &settings, true)
            .await
            .unwrap();
        assert_eq!(dry.messages, 2, "the kept text and the stop");
        let run = vern_server::run_retention(app.store.as_ref(), later, &settings, false)
            .await
            .unwrap();
        assert_eq!(run.messages, 2);
        assert!(
            app.store
                .keyring()
                .get(keys, &holder)
                .await
                .unwrap()
                .is_none()
        );
        let (_, inbound) = app.get("/v1/sms/inbound", &officer).await;
        assert_eq!(inbound["messages"], json!([]), "{inbound}");
        assert_eq!(
            app.get(&format!("/v1/sms/inbound/{id}"), &officer).await.0,
            404
        );
        let sms = check(&app, &marketer, "+46701234567", "sms", "nyheter").await;
        assert!(codes(&sms).contains(&"objection.direct_marketing"), "{sms}");

        // The CLI gives a gateway a new secret, printed once; the old one stops working.
        let (code, out, err) = crate::harness::run(&app.db, &["sms", "gateway", &gateway.key_id]);
        assert_eq!(code, 0, "{out} {err}");
        let fresh = out.lines().last().unwrap().trim().to_owned();
        assert_eq!(fresh.len(), 64, "{out}");
        let next =
            json!({"from": "+46701234567", "to": SHORT_CODE, "text": "hej", "message_id": "x-8"});
        let (status, refused) = gateway.deliver(&next).await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (401, Some("signature_invalid"))
        );
        let (status, out) = gateway.deliver_as(&next, Some(&fresh), 0).await;
        assert_eq!(status, 200, "{out}");
        let (code, _, _) = crate::harness::run(&app.db, &["sms", "gateway", "no-such-key"]);
        assert_eq!(code, 2);
        let (code, out, _) = crate::harness::run(&app.db, &["sms", "numbers"]);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("72080")
                && out.contains("STOPP ALT")
                && out.contains("nyheter, erbjudanden"),
            "{out}"
        );

        let (code, out, _) = crate::harness::run(&app.db, &["audit", "verify"]);
        assert_eq!(code, 0, "{out}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_stop_from_a_number_two_people_share_withdraws_both_consents() {
    // GDPR Art. 7(3): withdrawing consent is as easy as giving it; marknadsföringslagen 20 §: a
    // text stopped from a phone must stop reaching that phone. Two people of the controller
    // with one number (a shared family phone): a STOP cannot leave the second person's consent
    // standing, or the same texts would go on reaching the phone that said stop.
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let gateway = setup(&app).await;
        let seller = app.key(Role::Seller).await;
        let mut people = Vec::new();
        for name in ["Anna Berg", "Olle Berg"] {
            let (status, person) = app
                .post(
                    "/v1/people",
                    &seller,
                    &json!({"name": name, "phones": ["070-123 45 67"]}),
                )
                .await;
            assert_eq!(status, 201, "{person}");
            let id = person["id"].as_str().unwrap().to_owned();
            let (status, out) = app
                .post(
                    &format!("/v1/people/{id}/consents"),
                    &seller,
                    &json!({"purpose": "nyheter", "channels": ["sms"], "state": "granted", "evidence": {"source": "web_form"}}),
                )
                .await;
            assert_eq!(status, 201, "{out}");
            people.push(id);
        }
        let out = gateway
            .text("+46701234567", "Stopp nyheter", "shared-1")
            .await;
        assert_eq!(out["effect"], "withdrawn", "{out}");
        for id in &people {
            let (status, consents) = app.get(&format!("/v1/people/{id}/consents"), &seller).await;
            assert_eq!(status, 200, "{consents}");
            let withdrawn = consents["history"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| {
                    c["purpose"] == "nyheter" && c["channel"] == "sms" && c["action"] == "withdrawn"
                })
                .count();
            assert_eq!(
                withdrawn, 1,
                "each holder's consent is withdrawn: {consents}"
            );
        }
        // One message recorded, one withdrawal per holder in the ledger.
        assert_eq!(kinds(&app, "sms.received").await, 1);
        assert_eq!(kinds(&app, "consent.withdrawn").await, 2);
    }
}
