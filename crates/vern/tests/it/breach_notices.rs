//! Telling the people affected by a high-risk breach (GDPR Art. 34) through the outbox, and the
//! breach board in the staff UI (Art. 33(1)'s 72 hours), on the harness's test clock.

use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use vern_core::Role;
use vern_store::model::OutboxMessage;
use vern_store::store::{LedgerStore, OutboxStore};

use crate::harness::{TestApp, TestDb, backends};
use crate::ui::{sign_in, user};

/// The test clock's start: the controller became aware of the breach now.
const T: OffsetDateTime = datetime!(2027-03-01 09:00 UTC);

fn at(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

async fn spawn_at(db: TestDb, now: OffsetDateTime) -> TestApp {
    TestApp::spawn_with(db, move |s| {
        s.clock = vern_server::Clock::starting_at(now);
        s.ui.secure_cookies = false;
    })
    .await
}

async fn swedish_controller(app: &TestApp) {
    let (status, c) = app
        .send(
            reqwest::Method::PATCH,
            "/v1/controllers/default",
            &app.admin,
            &json!({"name": "Kundklubben AB", "country": "SE", "dpo": {"name": "Dana Dataskydd", "email": "dpo@kundklubben.example"}}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
}

async fn person(app: &TestApp, key: &str, body: Value) -> String {
    let (status, p) = app.post("/v1/people", key, &body).await;
    assert_eq!(status, 201, "{p}");
    p["id"].as_str().unwrap().to_owned()
}

async fn open_breach(app: &TestApp, key: &str) -> String {
    let (status, b) = app
        .post(
            "/v1/breaches",
            key,
            &json!({
                "aware_at": at(T),
                "nature": "A laptop with an unencrypted export of the customer club was stolen",
                "subject_categories": ["customers"],
                "subjects_approx": 5,
                "record_categories": ["names", "e-mail addresses", "phone numbers"],
                "consequences": "You may receive phishing e-mails or calls in our name",
                "measures": "We reset all passwords and reported the theft to the police",
            }),
        )
        .await;
    assert_eq!(status, 201, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

async fn assess(app: &TestApp, key: &str, id: &str, risk: &str) {
    let (status, b) = app
        .post(
            &format!("/v1/breaches/{id}/assessment"),
            key,
            &json!({"risk": risk, "reasoning": "Names and contact details of customers"}),
        )
        .await;
    assert_eq!(status, 200, "{b}");
}

async fn csv(app: &TestApp, path: &str, key: &str, body: &[u8]) -> (u16, Value) {
    crate::harness::read(
        app.http
            .post(app.url(path))
            .bearer_auth(key)
            .header("content-type", "text/csv")
            .body(body.to_vec())
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// Every breach notice queued so far, opened (claiming them takes them off the queue).
async fn queued_notices(app: &TestApp) -> Vec<OutboxMessage> {
    app.store
        .claim_outbox(T + Duration::days(30), Duration::minutes(5), 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| {
            m.message
                .as_ref()
                .is_some_and(|m| m.template == "breach_notice")
        })
        .collect()
}

async fn notice_entries(app: &TestApp) -> Vec<vern_store::ledger::LedgerEntry> {
    app.store
        .ledger_after(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "breach.notice")
        .collect()
}

#[tokio::test]
async fn the_people_affected_are_told_once_each_in_their_own_language() {
    for backend in backends() {
        let app = spawn_at(TestDb::new(backend).await, T).await;
        swedish_controller(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let club = |extra: Value| {
            let mut body = json!({"lists": ["kundklubben"]});
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            body
        };
        let asa = person(
            &app,
            &po,
            club(json!({"name": "Åsa", "emails": ["asa@example.se"], "language": "sv"})),
        )
        .await;
        let ola = person(
            &app,
            &po,
            club(json!({"name": "Ola", "emails": ["ola@example.no"], "language": "nb"})),
        )
        .await;
        // No e-mail address and no phone: counted as 'no address', never silently dropped.
        let nils = person(&app, &po, club(json!({"name": "Nils"}))).await;
        // Erased people are not contacted.
        let erased = person(
            &app,
            &po,
            club(json!({"name": "Erik", "emails": ["erik@example.se"]})),
        )
        .await;
        let (status, e) = app
            .send(
                reqwest::Method::DELETE,
                &format!("/v1/people/{erased}"),
                &po,
                &json!({"notify": false}),
            )
            .await;
        assert_eq!(status, 200, "{e}");
        // Only in the CSV file, by phone: told by SMS in the controller's language.
        let _stina = person(
            &app,
            &po,
            json!({"name": "Stina", "phones": ["+46701234567"]}),
        )
        .await;
        let _other = person(
            &app,
            &po,
            json!({"name": "Other", "emails": ["o@example.se"]}),
        )
        .await;

        let id = open_breach(&app, &po).await;
        let by_list = json!({"lists": ["kundklubben"]});
        let send = format!("/v1/breaches/{id}/notice");
        let preview = format!("/v1/breaches/{id}/notice/preview");

        // Art. 34(1): the people are told when the breach "is likely to result in a high risk".
        // Not assessed, or assessed as a (mere) risk: refused, and nothing changes.
        let (status, refused) = app.post(&send, &po, &by_list).await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["code"], "breach.not_assessed");
        assess(&app, &po, &id, "risk").await;
        let (status, refused) = app.post(&send, &po, &by_list).await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["code"], "breach.not_high_risk", "{refused}");
        let (_, unchanged) = app.get(&format!("/v1/breaches/{id}"), &po).await;
        assert_eq!(unchanged["stage"], "assessed", "{unchanged}");
        assert_eq!(unchanged["version"], 2);
        assert_eq!(
            unchanged["notices"],
            json!({"pending": 0, "sent": 0, "failed": 0, "no_address": 0})
        );
        assert!(notice_entries(&app).await.is_empty());
        assert!(queued_notices(&app).await.is_empty());

        assess(&app, &po, &id, "high").await;

        // Roles: sellers and marketers see nothing of it; auditors read, never send.
        for role in [Role::Seller, Role::Marketer] {
            let key = app.key(role).await;
            for path in [&preview, &send] {
                let (status, _) = app.post(path, &key, &by_list).await;
                assert_eq!(status, 403, "{role} {path}");
            }
            let (status, _) = app.get(&format!("/v1/breaches/{id}"), &key).await;
            assert_eq!(status, 403, "{role}");
        }
        let auditor = app.key(Role::Auditor).await;
        let (status, _) = app.get(&format!("/v1/breaches/{id}"), &auditor).await;
        assert_eq!(status, 200);
        for path in [&preview, &send] {
            let (status, _) = app.post(path, &auditor, &by_list).await;
            assert_eq!(status, 403, "auditor {path}");
        }

        // Nobody chosen: a clear 422 naming the field.
        let (status, empty) = app.post(&preview, &po, &json!({})).await;
        assert_eq!(status, 422, "{empty}");
        assert_eq!(empty["details"][0]["field"], "people", "{empty}");

        // The preview by list: Åsa, Ola and Nils (Erik is erased); one sample per language,
        // holding Art. 34(2)'s content: the nature, the contact point (Art. 33(3)(b)), the
        // likely consequences (c) and the measures (d).
        let (status, plan) = app.post(&preview, &po, &by_list).await;
        assert_eq!(status, 200, "{plan}");
        assert_eq!(plan["selected"], 3, "{plan}");
        assert_eq!(plan["to_send"], 2, "{plan}");
        assert_eq!(plan["no_address"], 1, "{plan}");
        assert_eq!(plan["already_notified"], 0, "{plan}");
        let samples = plan["samples"].as_array().unwrap();
        let languages: Vec<&str> = samples
            .iter()
            .map(|s| s["language"].as_str().unwrap())
            .collect();
        assert_eq!(languages, ["nb", "sv"], "{plan}");
        for s in samples {
            let body = s["body"].as_str().unwrap();
            for part in [
                "A laptop with an unencrypted export",
                "Dana Dataskydd",
                "dpo@kundklubben.example",
                "phishing e-mails or calls",
                "reset all passwords",
            ] {
                assert!(body.contains(part), "{part} missing: {body}");
            }
            assert!(!body.contains("asa@example.se") && !body.contains("Åsa"));
        }
        assert!(
            samples[1]["body"]
                .as_str()
                .unwrap()
                .contains("Vad som har hänt")
        );
        assert!(
            samples[0]["body"]
                .as_str()
                .unwrap()
                .contains("Hva som har skjedd")
        );
        // The preview changed nothing.
        assert!(notice_entries(&app).await.is_empty());

        // People created or changed in a time window: everyone alive (the erased excepted).
        let (status, window) = app
            .post(
                &preview,
                &po,
                &json!({"changed_from": at(T - Duration::hours(1))}),
            )
            .await;
        assert_eq!(status, 200, "{window}");
        assert_eq!(window["selected"], 5, "{window}");

        // A messy CSV file as spreadsheets write them, in Latin-1 with semicolons: Ola's
        // address in capitals and Stina's number as Swedes write it; one unreadable cell.
        let latin1 = b"Namn;E-post;Telefon\nOla;OLA@EXAMPLE.NO;\nStina;;070-123 45 67\n\xc5ke;inte en adress;\n";
        let (status, from_csv) = csv(&app, &preview, &po, latin1).await;
        assert_eq!(status, 200, "{from_csv}");
        assert_eq!(from_csv["selected"], 2, "{from_csv}");
        assert_eq!(from_csv["unreadable_identifiers"], 1, "{from_csv}");

        // Only a person without an address: counted and recorded, but nobody was told, so the
        // people-notified step is not taken.
        let (status, only_nils) = app.post(&send, &po, &json!({"people": [nils]})).await;
        assert_eq!(status, 200, "{only_nils}");
        assert_eq!(only_nils["queued"], 0, "{only_nils}");
        assert_eq!(only_nils["no_address"], 1, "{only_nils}");
        assert_eq!(only_nils["breach"]["stage"], "assessed", "{only_nils}");
        assert_eq!(
            only_nils["breach"]["notices"]["no_address"], 1,
            "{only_nils}"
        );

        // Sending by list: one message per person with an address, in their language.
        let (status, sent) = app.post(&send, &po, &by_list).await;
        assert_eq!(status, 200, "{sent}");
        assert_eq!(sent["queued"], 2, "{sent}");
        assert_eq!(sent["no_address"], 1, "{sent}");
        assert_eq!(sent["breach"]["stage"], "people_notified", "{sent}");
        assert_eq!(
            sent["breach"]["notices"],
            json!({"pending": 2, "sent": 0, "failed": 0, "no_address": 1}),
            "{sent}"
        );
        let first_notified = sent["breach"]["people_notified_at"].clone();
        assert!(first_notified.is_string(), "{sent}");

        // The same CSV, now UTF-8 with a byte-order mark: Ola was told already, Stina is new.
        let bom = "\u{feff}Namn;E-post;Telefon\nOla;OLA@EXAMPLE.NO;\nStina;;070-123 45 67\n";
        let (status, sent) = csv(&app, &send, &po, bom.as_bytes()).await;
        assert_eq!(status, 200, "{sent}");
        assert_eq!(sent["queued"], 1, "{sent}");
        assert_eq!(sent["already_notified"], 1, "{sent}");
        // The people were told at the first sending; later sendings do not move it.
        assert_eq!(sent["breach"]["people_notified_at"], first_notified);

        // Sending the list again notifies nobody twice.
        let (status, again) = app.post(&send, &po, &by_list).await;
        assert_eq!(status, 200, "{again}");
        assert_eq!(again["queued"], 0, "{again}");
        assert_eq!(again["already_notified"], 2, "{again}");
        assert_eq!(
            again["breach"]["notices"],
            json!({"pending": 3, "sent": 0, "failed": 0, "no_address": 1}),
            "{again}"
        );

        // The outbox holds exactly one notice per person reached, each in the person's own
        // language (else the controller's, Swedish), with the Art. 34(2) content.
        let notices = queued_notices(&app).await;
        assert_eq!(notices.len(), 3);
        let mut seen: Vec<(String, String, String)> = notices
            .iter()
            .map(|m| {
                let m = m.message.as_ref().unwrap();
                assert!(m.body.contains("reset all passwords"), "{}", m.body);
                assert!(m.body.contains("Dana Dataskydd"), "{}", m.body);
                (m.to.clone(), m.channel.clone(), m.language.clone())
            })
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            [
                ("+46701234567".into(), "sms".into(), "sv".into()),
                ("asa@example.se".into(), "email".into(), "sv".into()),
                ("ola@example.no".into(), "email".into(), "nb".into()),
            ]
        );

        // Each notice is a ledger entry naming the person and the breach, never an address.
        let entries = notice_entries(&app).await;
        let queued: Vec<_> = entries
            .iter()
            .filter(|e| e.payload.contains("\"queued\""))
            .collect();
        assert_eq!(queued.len(), 3);
        assert!(
            queued
                .iter()
                .any(|e| e.subject.as_deref() == Some(asa.as_str()))
        );
        assert!(
            queued
                .iter()
                .any(|e| e.subject.as_deref() == Some(ola.as_str()))
        );
        for e in &entries {
            assert!(e.payload.contains(&id), "{}", e.payload);
            assert!(
                !e.payload.contains('@') && !e.payload.contains("+46"),
                "{}",
                e.payload
            );
            assert!(e.subject.as_deref() != Some(erased.as_str()));
        }
        app.stop().await;
    }
}

async fn board(app: &TestApp, session: &crate::ui::Session) -> String {
    let r = session.get(app, "/ui/breaches").await;
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

/// A form posted with a staff session and its CSRF token.
async fn form(
    app: &TestApp,
    session: &crate::ui::Session,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut body: Vec<(&str, &str)> = vec![("csrf", session.csrf.as_str())];
    body.extend_from_slice(fields);
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url(path))
        .header("cookie", &session.cookie)
        .form(&body)
        .send()
        .await
        .unwrap()
}

/// The row of the board for `id`.
fn board_row<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("data-id=\"{id}\""))
        .unwrap_or_else(|| panic!("the breach is on the board: {html}"));
    let row_start = html[..start].rfind("<tr").unwrap();
    let end = start + html[start..].find("</tr>").unwrap();
    &html[row_start..end]
}

#[tokio::test]
async fn the_board_counts_down_the_72_hours_and_turns_red() {
    for backend in backends() {
        let app = spawn_at(TestDb::new(backend).await, T).await;
        swedish_controller(&app).await;
        user(&app, Role::PrivacyOfficer, "po@example.se", "en").await;
        user(&app, Role::Auditor, "auditor@example.se", "en").await;
        user(&app, Role::Seller, "seller@example.se", "en").await;
        user(&app, Role::Marketer, "marketer@example.se", "en").await;
        let po = app.key(Role::PrivacyOfficer).await;
        let id = open_breach(&app, &po).await;

        // Art. 33(1): "not later than 72 hours after having become aware of it".
        let officer = sign_in(&app, "po@example.se").await;
        let html = board(&app, &officer).await;
        assert!(
            html.contains("href=\"/ui/breaches\""),
            "the navigation links the board"
        );
        let row = board_row(&html, &id);
        assert!(row.contains("data-urgency=\"due\""), "{row}");
        assert!(row.contains("<td class=\"num\">72</td>"), "{row}");
        assert!(!row.contains("class=\"urgent\""), "{row}");

        // The breach's page: its details and the notification for the authority.
        let page = officer.get(&app, &format!("/ui/breaches/{id}")).await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(page.contains("reset all passwords"), "{page}");
        assert!(page.contains(&format!("href=\"/ui/breaches/{id}/document\"")));
        let doc = officer
            .get(&app, &format!("/ui/breaches/{id}/document"))
            .await;
        assert_eq!(doc.status(), 200);
        assert!(
            doc.text()
                .await
                .unwrap()
                .contains("A laptop with an unencrypted export")
        );

        // Auditors read the board; sellers and marketers neither see the link nor open it.
        let auditor = sign_in(&app, "auditor@example.se").await;
        assert!(board(&app, &auditor).await.contains(&id));
        for email in ["seller@example.se", "marketer@example.se"] {
            let s = sign_in(&app, email).await;
            let settings = s.get(&app, "/ui/settings").await.text().await.unwrap();
            assert!(!settings.contains("/ui/breaches"), "{email}");
            for path in ["/ui/breaches".to_owned(), format!("/ui/breaches/{id}")] {
                assert_eq!(s.get(&app, &path).await.status(), 403, "{email} {path}");
            }
        }

        // The forms on the breach's page take the steps through the API's use cases, with the
        // same refusals: no notice before the risk is assessed (Art. 34(1) asks for a high
        // risk), no closing before the authority is notified (Art. 33(1)); nothing changes.
        let ana = person(
            &app,
            &po,
            json!({"name": "Ana", "emails": ["ana@example.se"], "lists": ["vip"]}),
        )
        .await;
        let notice = [("lists", "vip")];
        let r = form(
            &app,
            &officer,
            &format!("/ui/breaches/{id}/notice"),
            &notice,
        )
        .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("assess the risk first"));
        let r = form(
            &app,
            &officer,
            &format!("/ui/breaches/{id}/assess"),
            &[
                ("risk", "high"),
                ("reasoning", "Contact details of customers"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        let r = form(&app, &officer, &format!("/ui/breaches/{id}/close"), &[]).await;
        assert_eq!(r.status(), 422);
        let r = form(
            &app,
            &officer,
            &format!("/ui/breaches/{id}/notice"),
            &notice,
        )
        .await;
        assert_eq!(r.status(), 303);
        let (_, b) = app.get(&format!("/v1/breaches/{id}"), &po).await;
        assert_eq!(b["stage"], "people_notified", "{b}");
        assert_eq!(b["risk"], "high", "{b}");
        assert_eq!(b["notices"]["pending"], 1, "{b}");
        let entries = notice_entries(&app).await;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].subject.as_deref(), Some(ana.as_str()));
        // An auditor's session cannot take a step.
        let r = form(&app, &auditor, &format!("/ui/breaches/{id}/close"), &[]).await;
        assert_eq!(r.status(), 403);

        // Recording a breach from the board: the time of awareness in the user's zone
        // (Europe/Stockholm, UTC+1 in March).
        let r = form(
            &app,
            &officer,
            "/ui/breaches",
            &[
                ("aware_at", "2027-03-01T10:00"),
                ("nature", "Mail sent to the wrong list"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        let new_id = r.headers()["location"]
            .to_str()
            .unwrap()
            .trim_start_matches("/ui/breaches/")
            .to_owned();
        let (_, recorded) = app.get(&format!("/v1/breaches/{new_id}"), &po).await;
        assert_eq!(recorded["aware_at"], at(T), "{recorded}");

        // 61 hours later: 11 hours left, under 12: red.
        let app = app
            .restart_with(|s| {
                s.clock = vern_server::Clock::starting_at(T + Duration::hours(61));
                s.ui.secure_cookies = false;
            })
            .await;
        let officer = sign_in(&app, "po@example.se").await;
        let html = board(&app, &officer).await;
        let row = board_row(&html, &id);
        assert!(row.contains("class=\"urgent\""), "{row}");
        assert!(row.contains("data-urgency=\"urgent\""), "{row}");
        assert!(row.contains("<strong class=\"late\">11 "), "{row}");

        // 73 hours later and the authority not notified: overdue, red.
        let app = app
            .restart_with(|s| {
                s.clock = vern_server::Clock::starting_at(T + Duration::hours(73));
                s.ui.secure_cookies = false;
            })
            .await;
        let officer = sign_in(&app, "po@example.se").await;
        let html = board(&app, &officer).await;
        let row = board_row(&html, &id);
        assert!(row.contains("class=\"overdue\""), "{row}");
        assert!(row.contains("data-urgency=\"overdue\""), "{row}");
        assert!(row.contains("<strong class=\"late\">-"), "{row}");
        let page = officer
            .get(&app, &format!("/ui/breaches/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("data-urgency=\"overdue\""), "{page}");
        app.stop().await;
    }
}
