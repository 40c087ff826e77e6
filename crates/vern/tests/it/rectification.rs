//! Rectification (GDPR Art. 16) through both doors that correct a person, `PATCH
//! /v1/people/{id}` and the staff UI's edit form: the person is told what was corrected
//! (Art. 12(3)) in the transaction that corrects it, in their language, at their corrected
//! address; recipients hear of it through the `rectification` webhook (Art. 19).

use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use vern_core::Role;
use vern_store::model::NewMessage;
use vern_store::store::{LedgerStore, OutboxStore, WebhookStore};

use crate::erasure::Receiver;
use crate::harness::{Backend, TestApp, TestDb, backends};
use crate::ui::{sign_in, user};

/// The test clock's start.
const T: OffsetDateTime = datetime!(2027-04-12 09:00 UTC);

async fn spawn(backend: Backend) -> TestApp {
    let app = TestApp::spawn_with(TestDb::new(backend).await, |s| {
        s.clock = vern_server::Clock::starting_at(T);
        s.ui.secure_cookies = false;
    })
    .await;
    // A Swedish controller: Swedish unless the person has a language of their own.
    let (status, c) = app
        .send(
            reqwest::Method::PATCH,
            "/v1/controllers/default",
            &app.admin,
            &json!({"name": "Kundklubben AB", "country": "SE", "dpo": {"email": "dpo@kundklubben.example"}}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    app
}

async fn create(app: &TestApp, body: Value) -> String {
    let (status, p) = app.post("/v1/people", &app.admin, &body).await;
    assert_eq!(status, 201, "{p}");
    p["id"].as_str().unwrap().to_owned()
}

async fn patch(app: &TestApp, key: &str, id: &str, body: Value) -> (u16, Value) {
    app.send(
        reqwest::Method::PATCH,
        &format!("/v1/people/{id}"),
        key,
        &body,
    )
    .await
}

/// The messages queued since the last call, opened (claiming them takes them off the queue).
async fn queued(app: &TestApp) -> Vec<NewMessage> {
    app.store
        .claim_outbox(T + Duration::days(30), Duration::minutes(5), 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.message.expect("a message the store can open"))
        .collect()
}

/// The payloads of the person's ledger entries of `kind`.
async fn entries(app: &TestApp, person: &str, kind: &str) -> Vec<Value> {
    app.store
        .ledger_for(person)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == kind)
        .map(|e| serde_json::from_str(&e.payload).unwrap())
        .collect()
}

/// The `rectification` notices the receiver got about `person`, each its `details.fields`.
async fn notices_about(receiver: &Receiver, person: &str, want: usize) -> Vec<Value> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let got: Vec<Value> = receiver
            .got
            .lock()
            .unwrap()
            .iter()
            .map(|(_, body)| serde_json::from_str::<Value>(body).unwrap())
            .filter(|b| b["event"] == "rectification" && b["person"] == person)
            .map(|b| b["details"]["fields"].clone())
            .collect();
        if got.len() >= want || std::time::Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_api_door_tells_the_person_what_was_corrected_in_their_language() {
    for backend in backends() {
        let receiver = Receiver::start().await;
        let app = spawn(backend).await;
        let url = format!("http://127.0.0.1:{}/hook", receiver.port);
        let (status, hook) = app
            .post(
                "/v1/webhooks",
                &app.admin,
                &json!({"name": "crm", "url": url, "events": ["rectification"]}),
            )
            .await;
        assert_eq!(status, 201, "{hook}");
        let po = app.key(Role::PrivacyOfficer).await;
        let kaisa = create(
            &app,
            json!({"name": "Kaisa Virtanen", "emails": ["kaisa@example.fi"], "phones": ["070-111 22 33"], "language": "fi"}),
        )
        .await;
        queued(&app).await;

        // The name and the e-mail address corrected: one message, in Finnish, to the
        // corrected address, naming both fields.
        let (status, out) = patch(
            &app,
            &po,
            &kaisa,
            json!({"name": "Kaisa Mäkinen", "emails": ["kaisa.makinen@example.fi"]}),
        )
        .await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(out["name"], "Kaisa Mäkinen");
        assert_eq!(
            out["confirmation"],
            json!({"state": "queued", "channel": "email", "fields": ["name", "emails"]})
        );
        let sent = queued(&app).await;
        assert_eq!(sent.len(), 1, "{sent:?}");
        let m = &sent[0];
        assert_eq!(
            (
                m.template.as_str(),
                m.channel.as_str(),
                m.to.as_str(),
                m.language.as_str()
            ),
            (
                "rectification_done",
                "email",
                "kaisa.makinen@example.fi",
                "fi"
            )
        );
        assert!(
            m.body
                .contains("Olemme korjanneet seuraavat sinua koskevat henkilötiedot: nimi ja sähköpostiosoite."),
            "{}",
            m.body
        );
        assert!(m.subject.contains("Kundklubben AB"), "{}", m.subject);
        let updated = entries(&app, &kaisa, "person.updated").await;
        assert_eq!(updated.last().unwrap()["person_told"], true, "{updated:?}");
        let told = entries(&app, &kaisa, "message.queued").await;
        assert_eq!(told.last().unwrap()["template"], "rectification_done");

        // The same values again: nothing changed, nothing to tell.
        let (status, out) = patch(
            &app,
            &po,
            &kaisa,
            json!({"name": "Kaisa Mäkinen", "emails": ["kaisa.makinen@example.fi"]}),
        )
        .await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(
            out["confirmation"],
            json!({"state": "unchanged", "fields": []})
        );
        assert!(queued(&app).await.is_empty(), "no message for a no-op edit");
        assert!(
            entries(&app, &kaisa, "person.updated")
                .await
                .last()
                .unwrap()["person_told"]
                .is_null()
        );
        assert_eq!(
            entries(&app, &kaisa, "message.queued").await.len(),
            told.len()
        );

        // The e-mail address removed, the number and the language corrected: by SMS to the
        // corrected number, in the corrected language.
        let (status, out) = patch(
            &app,
            &po,
            &kaisa,
            json!({"emails": [], "phones": ["070-444 55 66"], "language": "nb"}),
        )
        .await;
        assert_eq!(status, 200, "{out}");
        let sent = queued(&app).await;
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(
            (
                sent[0].channel.as_str(),
                sent[0].to.as_str(),
                sent[0].language.as_str()
            ),
            ("sms", "+46704445566", "nb")
        );
        assert!(
            sent[0]
                .body
                .starts_with("Kundklubben AB: Vi har rettet følgende personopplysninger om deg:"),
            "{}",
            sent[0].body
        );
        assert_eq!(out["confirmation"]["channel"], "sms", "{out}");
        let fields = out["confirmation"]["fields"].clone();
        assert!(
            fields.as_array().unwrap().contains(&json!("phones")),
            "{fields}"
        );

        // A person with no address to reach: corrected, not told, and the answer and the
        // ledger say so.
        let nils = create(
            &app,
            json!({"name": "Nils Utan", "national_id": "19811218-9876"}),
        )
        .await;
        let (status, out) = patch(&app, &po, &nils, json!({"name": "Nils Utan Adress"})).await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(
            out["confirmation"],
            json!({"state": "no_address", "fields": ["name"]})
        );
        assert!(queued(&app).await.is_empty());
        assert_eq!(
            entries(&app, &nils, "person.updated").await.last().unwrap()["person_told"],
            false
        );

        // Recipients heard of the corrections (Art. 19), and only of those that happened: the
        // no-op edit between them is no rectification and sent nothing.
        let notices = notices_about(&receiver, &kaisa, 2).await;
        assert!(notices.contains(&json!(["emails", "name"])), "{notices:?}");
        assert!(
            notices
                .iter()
                .any(|f| f.as_array().is_some_and(|f| f.contains(&json!("phones")))),
            "{notices:?}"
        );
        // The later correction was queued, so the no-op's entry before it was looked at too.
        let queued_about_kaisa: Vec<Value> = app
            .store
            .list_deliveries(hook["id"].as_str().unwrap())
            .await
            .unwrap()
            .iter()
            .map(|d| serde_json::from_str::<Value>(&d.payload).unwrap())
            .filter(|b| b["person"] == kaisa)
            .map(|b| b["details"]["fields"].clone())
            .collect();
        assert_eq!(queued_about_kaisa.len(), 2, "{queued_about_kaisa:?}");
        assert!(
            !queued_about_kaisa.contains(&json!([])),
            "{queued_about_kaisa:?}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_staff_ui_door_tells_the_person_too() {
    for backend in backends() {
        let receiver = Receiver::start().await;
        let app = spawn(backend).await;
        let url = format!("http://127.0.0.1:{}/hook", receiver.port);
        let (status, hook) = app
            .post(
                "/v1/webhooks",
                &app.admin,
                &json!({"name": "crm", "url": url, "events": ["rectification"]}),
            )
            .await;
        assert_eq!(status, 201, "{hook}");
        user(&app, Role::PrivacyOfficer, "po@kundklubben.example", "en").await;
        let s = sign_in(&app, "po@kundklubben.example").await;
        let bertil = create(
            &app,
            json!({"name": "Bertil Berg", "phones": ["070-123 45 67"]}),
        )
        .await;
        queued(&app).await;

        let edit = format!("/ui/people/{bertil}/edit");
        let form = |name: &'static str, phones: &'static str| {
            [
                ("name", name),
                ("phones", phones),
                ("emails", ""),
                ("national_id", ""),
                ("lists", ""),
                ("request", ""),
            ]
        };
        let mut fields: Vec<(&str, &str)> = vec![("csrf", s.csrf.as_str())];
        fields.extend(form("Bertil Bergström", "070-765 43 21"));
        let r = s.post(&app, &edit, &fields).await;
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.ends_with("?done=corrected"), "{to}");
        let sent = queued(&app).await;
        assert_eq!(sent.len(), 1, "{sent:?}");
        let m = &sent[0];
        assert_eq!(
            (
                m.template.as_str(),
                m.channel.as_str(),
                m.to.as_str(),
                m.language.as_str()
            ),
            ("rectification_done", "sms", "+46707654321", "sv")
        );
        assert_eq!(
            m.body,
            "Kundklubben AB: Vi har rättat följande personuppgifter om dig: namn och telefonnummer."
        );
        let page = s.get(&app, &to).await.text().await.unwrap();
        assert!(page.contains("The person gets a confirmation"), "{page}");

        // Saved again unchanged: no message, and the notice says nothing changed.
        let mut fields: Vec<(&str, &str)> = vec![("csrf", s.csrf.as_str())];
        fields.extend(form("Bertil Bergström", "+46707654321"));
        let r = s.post(&app, &edit, &fields).await;
        assert_eq!(r.status(), 303);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .ends_with("?done=unchanged")
        );
        assert!(queued(&app).await.is_empty(), "no message for a no-op edit");

        let notices = notices_about(&receiver, &bertil, 1).await;
        assert!(notices.contains(&json!(["name", "phones"])), "{notices:?}");
        app.stop().await;
    }
}

/// Make every insert into the outbox fail, as a database refusing the write would.
async fn refuse_messages(app: &TestApp) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    let statements: &[&str] = match app.db.backend {
        Backend::Sqlite => &[
            "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'refused'); END",
        ],
        Backend::Postgres => &[
            "CREATE FUNCTION refuse_outbox() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox()",
        ],
    };
    for sql in statements {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
}

#[tokio::test]
async fn a_store_failure_leaves_neither_the_change_nor_the_message() {
    for backend in backends() {
        let app = spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let id = create(
            &app,
            json!({"name": "Åsa Öberg", "emails": ["asa@example.se"]}),
        )
        .await;
        queued(&app).await;
        let before = entries(&app, &id, "person.updated").await.len();
        refuse_messages(&app).await;

        let (status, out) = patch(
            &app,
            &po,
            &id,
            json!({"name": "Åsa Berg", "emails": ["asa.berg@example.se"]}),
        )
        .await;
        assert_eq!(status, 500, "{out}");
        let (_, person) = app.get(&format!("/v1/people/{id}"), &po).await;
        assert_eq!(person["name"], "Åsa Öberg", "the change was kept: {person}");
        assert_eq!(person["emails"], json!(["asa@example.se"]));
        assert!(queued(&app).await.is_empty());
        assert_eq!(entries(&app, &id, "person.updated").await.len(), before);
        let (_, found) = app.get("/v1/people?email=asa.berg@example.se", &po).await;
        assert!(found["people"].as_array().unwrap().is_empty(), "{found}");
        app.stop().await;
    }
}
