//! The staff UI does the whole job (issue 20 §3): a request that came by letter registered with
//! its true received date, an access request completed with a share link, the recycle bin with
//! restore, mass erasure with its dry run, retention runs, and loading a register version and a
//! block list. Each page is driven in Chromium, and each checks that the UI and the API agree:
//! both call the same use case.

use serde_json::{Value, json};
use vern_core::Role;
use vern_store::store::{LedgerStore, OutboxStore, RequestStore};

use crate::harness::{TestApp, TestDb, backends};
use crate::ui::{Browser, sign_in, user};

/// The real time: the server under test runs on the system clock.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

async fn spawn(backend: crate::harness::Backend, recycle_days: u32) -> TestApp {
    let db = TestDb::new(backend).await;
    TestApp::spawn_with(db, |s| {
        s.ui.secure_cookies = false;
        s.erasure.recycle_days = recycle_days;
    })
    .await
}

async fn api(app: &TestApp, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
    let r = app
        .http
        .request(method, app.url(path))
        .bearer_auth(&app.admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    crate::harness::read(r).await
}

async fn api_ok(app: &TestApp, method: reqwest::Method, path: &str, body: Value) -> Value {
    let (status, v) = api(app, method, path, body).await;
    assert!((200..300).contains(&status), "{path}: {status} {v}");
    v
}

async fn person(app: &TestApp, name: &str, phone: &str, email: &str) -> String {
    api_ok(
        app,
        reqwest::Method::POST,
        "/v1/people",
        json!({"name": name, "phones": [phone], "emails": [email], "lists": ["kundklubb"]}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn requests(app: &TestApp) -> Vec<Value> {
    let (status, v) = app.get("/v1/requests?limit=500", &app.admin).await;
    assert_eq!(status, 200, "{v}");
    v["requests"].as_array().unwrap().clone()
}

fn ymd(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The local date of an RFC 3339 instant in Stockholm (the test users' zone).
fn stockholm_day(rfc3339: &str) -> String {
    let at = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .unwrap();
    let local = vern_core::zone::Zone::Stockholm.local(at);
    ymd(local.date())
}

async fn staff(app: &TestApp) {
    user(app, Role::PrivacyOfficer, "dpo@desk.example", "en").await;
    user(app, Role::Seller, "seller@desk.example", "en").await;
    user(app, Role::Marketer, "marketing@desk.example", "en").await;
}

// ---------------------------------------------------------------------------------------------
// Requests received by letter, and completion with a share link
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_letter_request_is_registered_in_the_browser_with_its_true_received_date() {
    for backend in backends() {
        let app = spawn(backend, 30).await;
        staff(&app).await;
        let astrid = person(
            &app,
            "Astrid Lindqvist",
            "070-111 22 33",
            "astrid@example.se",
        )
        .await;
        // Over plain HTTP first: a day after today is refused.
        let s = sign_in(&app, "dpo@desk.example").await;
        let future = ymd((wall_clock() + time::Duration::days(2)).date());
        let r = s
            .post(
                &app,
                "/ui/requests/new",
                &[
                    ("csrf", s.csrf.as_str()),
                    ("kind", "access"),
                    ("received_via", "letter"),
                    ("received_on", &future),
                    ("email", "astrid@example.se"),
                ],
            )
            .await;
        let status = r.status();
        let body = r.text().await.unwrap();
        assert_eq!(status, 422, "{}", &body[body.find("<main").unwrap_or(0)..]);
        assert!(body.contains("cannot be in the future"));
        let b = Browser::start().await;
        b.sign_in(&app, "dpo@desk.example").await;
        b.click("#new-request-link").await;
        b.wait_text("h1", "Register a request").await;

        // A date after today is refused with the API's message, and nothing is stored.
        let before = requests(&app).await.len();
        let tomorrow = ymd((wall_clock() + time::Duration::days(2)).date());
        b.select("#nr-kind", "erasure").await;
        b.select("#nr-via", "letter").await;
        set_date(&b, "#nr-received", &tomorrow).await;
        b.type_into("#nr-email", "astrid@example.se").await;
        b.type_into("#nr-name", "Astrid Lindqvist").await;
        b.click("#register-request").await;
        let alert = b.wait_text("[role=alert]", "received_at").await;
        assert!(alert.contains("cannot be in the future"), "{alert}");
        assert_eq!(requests(&app).await.len(), before, "nothing stored");
        // What was typed is still there.
        b.find("#nr-email[value=\"astrid@example.se\"]").await;

        // Twelve days ago, by letter: the deadline counts from that day.
        let received = ymd((wall_clock() - time::Duration::days(12)).date());
        set_date(&b, "#nr-received", &received).await;
        b.select("#nr-kind", "erasure").await;
        b.type_into("#nr-message", "Please erase everything about me.")
            .await;
        b.click("#register-request").await;
        b.wait_text("[role=status]", "The request is registered")
            .await;
        let id = b
            .url()
            .await
            .split("/ui/requests/")
            .nth(1)
            .unwrap()
            .split('?')
            .next()
            .unwrap()
            .to_owned();
        let facts = b.text("dl.facts").await;

        // The API sees the same request, for the same person, with the same deadline.
        let all = requests(&app).await;
        assert_eq!(all.len(), before + 1);
        let r = all.iter().find(|r| r["id"] == id.as_str()).unwrap();
        assert_eq!(r["kind"], "erasure");
        assert_eq!(r["received_via"], "letter");
        assert_eq!(
            r["person"],
            astrid.as_str(),
            "matched by the e-mail address"
        );
        let received_at = r["received_at"].as_str().unwrap();
        assert_eq!(stockholm_day(received_at), received, "{r}");
        let due = stockholm_day(r["due_at"].as_str().unwrap());
        assert!(
            facts.contains(&due),
            "the page shows the API's deadline {due}: {facts}"
        );
        let received_date = time::Date::parse(
            &received,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .unwrap();
        let expected_due = vern_core::request::due(
            received_date
                .with_time(time::Time::from_hms(12, 0, 0).unwrap())
                .assume_utc(),
            0,
        );
        assert_eq!(
            due,
            ymd(expected_due.date()),
            "one month from the letter's day"
        );
        let days_left = r["days_left"].as_i64().unwrap();
        assert!((15..=20).contains(&days_left), "{days_left}");
        // The acknowledgement went to the person.
        let messages = app.store.request_messages(&id).await.unwrap();
        assert_eq!(messages.len(), 1, "the acknowledgement");

        // A seller cannot reach the form.
        b.sign_out().await;
        b.sign_in(&app, "seller@desk.example").await;
        b.goto(&app.url("/ui/requests/new")).await;
        b.wait_text("h1", "Not allowed").await;
        b.quit().await;
        drop(b);

        // Over plain HTTP: a bad kind is refused with the API's own message.
        let s = sign_in(&app, "dpo@desk.example").await;
        let r = s
            .post(
                &app,
                "/ui/requests/new",
                &[
                    ("csrf", s.csrf.as_str()),
                    ("kind", "complaint"),
                    ("received_via", "letter"),
                    ("received_on", &received),
                    ("email", "astrid@example.se"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        let (_, api_error) = api(
            &app,
            reqwest::Method::POST,
            "/v1/requests",
            json!({"kind": "complaint", "identifiers": {"email": "astrid@example.se"}}),
        )
        .await;
        let message = api_error["message"].as_str().unwrap();
        assert!(page.contains(message), "{message} in the page");
        assert_eq!(requests(&app).await.len(), before + 1);
        app.stop().await;
    }
}

/// Set a date input's value: WebDriver typing follows the browser's locale, the value does not.
async fn set_date(b: &Browser, css: &str, value: &str) {
    b.find(css).await;
    let answer = b
        .call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({
                "script": "var e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true})); return e.value;",
                "args": [css, value]
            })),
        )
        .await;
    assert_eq!(answer, json!(value), "{css} takes {value}");
}

#[tokio::test]
async fn completing_an_access_request_sends_a_share_link_in_one_step() {
    for backend in backends() {
        let app = spawn(backend, 30).await;
        staff(&app).await;
        let bertil = person(&app, "Bertil Ek", "070-222 33 44", "bertil@example.se").await;
        let request = api_ok(
            &app,
            reqwest::Method::POST,
            "/v1/requests",
            json!({"kind": "access", "person": bertil, "received_via": "letter"}),
        )
        .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let b = Browser::start().await;
        b.sign_in(&app, "dpo@desk.example").await;
        b.goto(&app.url(&format!("/ui/requests/{request}"))).await;
        b.select("#v-method", "id_document").await;
        b.click("#verify").await;
        b.wait_text("#request-state", "In progress").await;
        b.type_into("#c-outcome", "Here is everything we hold about you.")
            .await;
        b.click("#c-share").await;
        b.click("#complete").await;
        b.wait_text("#request-state", "Completed").await;
        b.quit().await;
        drop(b);

        // The answer to the person carries the link; the outcome kept does not.
        let messages = app.store.request_messages(&request).await.unwrap();
        let answer = messages
            .iter()
            .filter_map(|m| m.message.as_ref())
            .find(|m| m.template == "request_completed")
            .expect("the answer");
        assert!(answer.body.contains("/s/"), "{}", answer.body);
        assert!(answer.body.contains("24 hours"), "{}", answer.body);
        let token = answer.body.split("/s/").nth(1).unwrap();
        let token: String = token
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert_eq!(token.len(), 43);
        let log = app.store.request_log(&request).await.unwrap();
        let completed = log.iter().find(|e| e.kind == "completed").unwrap();
        assert!(
            !completed.text.as_deref().unwrap_or("").contains("/s/"),
            "the outcome kept holds no link"
        );
        // The link opens the person's page.
        let page = app
            .http
            .get(app.url(&format!("/s/{token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let ledger = app
            .store
            .ledger_page(None, Some("share_link.created"), 10)
            .await
            .unwrap();
        assert!(
            ledger
                .iter()
                .any(|e| e.subject.as_deref() == Some(bertil.as_str())),
            "the link is in the ledger"
        );

        // The API does the same in one call; on another kind it refuses and changes nothing.
        let erasure = api_ok(
            &app,
            reqwest::Method::POST,
            "/v1/requests",
            json!({"kind": "rectification", "person": bertil, "received_via": "call"}),
        )
        .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        api_ok(
            &app,
            reqwest::Method::POST,
            &format!("/v1/requests/{erasure}/verify"),
            json!({"method": "known_sender"}),
        )
        .await;
        let (status, e) = api(
            &app,
            reqwest::Method::POST,
            &format!("/v1/requests/{erasure}/complete"),
            json!({"outcome": "Corrected.", "share_link": true}),
        )
        .await;
        assert_eq!(status, 422, "{e}");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("access request only")
        );
        let record = app.store.get_request(&erasure).await.unwrap();
        assert_eq!(record.state.as_str(), "in_progress");
        app.stop().await;
    }
}

// ---------------------------------------------------------------------------------------------
// The recycle bin
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_recycle_bin_shows_the_days_left_and_restores() {
    for backend in backends() {
        let app = spawn(backend, 30).await;
        staff(&app).await;
        let cecilia = person(&app, "Cecilia Berg", "070-333 44 55", "cecilia@example.se").await;
        api_ok(
            &app,
            reqwest::Method::DELETE,
            &format!("/v1/people/{cecilia}"),
            json!({"reason": "asked on the phone", "notify": false}),
        )
        .await;
        // Someone whose bookkeeping a law keeps: the bin shows what the purge will leave.
        api_ok(
            &app,
            reqwest::Method::POST,
            "/v1/purposes",
            json!({"key": "bookkeeping", "name": "Bookkeeping", "legal_basis": "legal_obligation",
                   "direct_marketing": false, "channels": ["post"], "retention": "P7Y",
                   "holds_fields": ["name", "address"]}),
        )
        .await;
        let holger = person(&app, "Holger Hold", "070-999 00 11", "holger@example.se").await;
        api_ok(
            &app,
            reqwest::Method::POST,
            &format!("/v1/people/{holger}/deals"),
            json!({"amount_minor": 1000, "currency": "SEK", "stage": "won", "closed_at": "2026-01-15T10:00:00Z"}),
        )
        .await;
        api_ok(
            &app,
            reqwest::Method::DELETE,
            &format!("/v1/people/{holger}"),
            json!({"notify": false}),
        )
        .await;
        let b = Browser::start().await;
        b.sign_in(&app, "dpo@desk.example").await;
        b.click("header nav a[href=\"/ui/trash\"]").await;
        let row = b
            .wait_text(
                &format!("#trash tr[data-id=\"{cecilia}\"]"),
                "asked on the phone",
            )
            .await;
        assert_eq!(
            b.text(&format!("#trash tr[data-id=\"{cecilia}\"] .days-left"))
                .await,
            "30",
            "{row}"
        );
        let purge = ymd((wall_clock() + time::Duration::days(30)).date());
        assert!(
            row.contains(&purge)
                || row.contains(&ymd((wall_clock() + time::Duration::days(31)).date())),
            "{row}"
        );
        let holds = b
            .text(&format!("#trash tr[data-id=\"{holger}\"] .holds"))
            .await;
        assert!(
            holds.contains("bookkeeping")
                && holds.contains("name, address")
                && holds.contains("2033-12-31"),
            "{holds}"
        );
        b.screenshot("trash", true).await;
        b.click(&format!("#trash tr[data-id=\"{cecilia}\"] button.restore"))
            .await;
        b.wait_text("[role=status]", "The person is restored").await;
        // The API agrees: the bin is empty, the person is back.
        let (_, trash) = app.get("/v1/trash", &app.admin).await;
        let left: Vec<&str> = trash["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        assert_eq!(left, vec![holger.as_str()], "{trash}");
        let (status, _) = app.get(&format!("/v1/people/{cecilia}"), &app.admin).await;
        assert_eq!(status, 200);
        b.goto(&app.url("/ui/trash")).await;
        b.find(&format!("#trash tr[data-id=\"{holger}\"]")).await;
        assert!(!b.text("#trash").await.contains(&cecilia));
        // Restoring someone not in the bin: the use case's refusal, on the page.
        b.sign_out().await;
        b.sign_in(&app, "seller@desk.example").await;
        b.goto(&app.url("/ui/trash")).await;
        b.wait_text("h1", "Not allowed").await;
        b.quit().await;
        drop(b);
        let s = sign_in(&app, "dpo@desk.example").await;
        let r = s
            .post(
                &app,
                "/ui/trash/no-such-person/restore",
                &[("csrf", s.csrf.as_str())],
            )
            .await;
        assert_eq!(r.status(), 404);
        app.stop().await;
    }
}

// ---------------------------------------------------------------------------------------------
// Mass erasure
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn mass_erasure_shows_its_dry_run_before_the_real_run() {
    for backend in backends() {
        let app = spawn(backend, 30).await;
        staff(&app).await;
        let a = person(&app, "David Ek", "070-444 55 66", "david@example.se").await;
        let c = person(&app, "Eva Lund", "070-555 66 77", "eva@example.se").await;
        let keep = person(&app, "Frida Ström", "070-666 77 88", "frida@example.se").await;
        let b = Browser::start().await;
        b.sign_in(&app, "dpo@desk.example").await;
        b.goto(&app.url("/ui/trash")).await;
        b.click("#mass-erasure-link").await;

        // A line that is no identifier refuses the whole list; nothing is erased.
        b.type_into("#m-identifiers", "david@example.se\nnot an identifier\n")
            .await;
        b.click("#dry-run-button").await;
        let alert = b.wait_text("[role=alert]", "identifiers").await;
        assert!(alert.contains("line 2"), "{alert}");

        // Pasted and uploaded identifiers: the dry run finds two, one names nobody.
        let file = app.db.dir.path().join("erase.csv");
        std::fs::write(
            &file,
            "phone;note\n070-555 66 77;called\nnobody@example.se;x\n",
        )
        .unwrap();
        b.type_into("#m-identifiers", "david@example.se").await;
        b.type_into("#m-file", file.to_str().unwrap()).await;
        b.type_into("#m-reason", "closed shop").await;
        b.click("#dry-run-button").await;
        b.wait_text("#found-count", "2").await;
        assert_eq!(b.text("#found-unmatched").await, "1", "nobody@");
        assert_eq!(b.text("#found-messages").await, "2");
        let (_, trash) = app.get("/v1/trash", &app.admin).await;
        assert_eq!(
            trash["people"].as_array().unwrap().len(),
            0,
            "a dry run erases nobody"
        );
        // The API's dry run with the same identifiers finds the same people.
        let dry = api_ok(
            &app,
            reqwest::Method::POST,
            "/v1/erasures",
            json!({"identifiers": ["david@example.se", "070-555 66 77", "nobody@example.se"]}),
        )
        .await;
        let mut expected = vec![a.clone(), c.clone()];
        expected.sort();
        assert_eq!(dry["people"], json!(expected));
        b.screenshot("mass-erasure-dry-run", true).await;

        // Confirmed: the real run erases exactly them.
        b.click("#notify-no").await;
        b.click("#confirm-erasure").await;
        b.wait_text("#erased-count", "2").await;
        assert_eq!(b.text("#erased-messages").await, "0");
        let (_, trash) = app.get("/v1/trash", &app.admin).await;
        let mut binned: Vec<String> = trash["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect();
        binned.sort();
        assert_eq!(binned, expected);
        assert!(!binned.contains(&keep));
        let entry = trash["people"][0]["reason"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(entry, "closed shop");
        b.quit().await;
        drop(b);

        // A confirmation that no longer matches the selection is refused, nothing erased.
        let s = sign_in(&app, "dpo@desk.example").await;
        let r = s
            .post(
                &app,
                "/ui/erasures/run",
                &[
                    ("csrf", s.csrf.as_str()),
                    ("identifiers", "frida@example.se"),
                    ("confirm", "someone-else"),
                    ("notify", "no"),
                ],
            )
            .await;
        assert_eq!(r.status(), 409);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("the selection changed since the dry run")
        );
        let (status, _) = app.get(&format!("/v1/people/{keep}"), &app.admin).await;
        assert_eq!(status, 200, "Frida is still there");
        // A seller may not.
        let seller = sign_in(&app, "seller@desk.example").await;
        assert_eq!(seller.get(&app, "/ui/erasures").await.status(), 403);
        app.stop().await;
    }
}

// ---------------------------------------------------------------------------------------------
// Retention
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn retention_runs_from_the_browser_after_its_dry_run() {
    for backend in backends() {
        // A recycle period of no days: whoever is in the bin is due for the purge.
        let app = spawn(backend, 0).await;
        staff(&app).await;
        let gone = person(&app, "Gustav Holm", "070-777 88 99", "gustav@example.se").await;
        api_ok(
            &app,
            reqwest::Method::DELETE,
            &format!("/v1/people/{gone}"),
            json!({"notify": false}),
        )
        .await;
        let b = Browser::start().await;
        b.sign_in(&app, "dpo@desk.example").await;
        b.goto(&app.url("/ui/trash")).await;
        b.click("#retention-link").await;
        b.click("#retention-dry-run").await;
        b.wait_text("#dry-purged", "1").await;
        let (_, trash) = app.get("/v1/trash", &app.admin).await;
        assert_eq!(
            trash["people"].as_array().unwrap().len(),
            1,
            "a dry run purges nobody"
        );
        b.click("#retention-run").await;
        b.wait_text("[role=status]", "The retention rules ran")
            .await;
        let runs = b.text("#retention-runs").await;
        assert!(runs.contains("dpo@desk.example"), "{runs}");
        b.find("#retention-runs tr[data-dry=\"true\"]").await;
        let real = b
            .text("#retention-runs tr[data-dry=\"false\"] .ret-purged")
            .await;
        assert_eq!(real, "1");
        let (_, trash) = app.get("/v1/trash", &app.admin).await;
        assert_eq!(trash["people"].as_array().unwrap().len(), 0, "purged");
        b.quit().await;
        drop(b);
        let seller = sign_in(&app, "seller@desk.example").await;
        assert_eq!(seller.get(&app, "/ui/retention").await.status(), 403);
        app.stop().await;
    }
}

// ---------------------------------------------------------------------------------------------
// Registers and the block list
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_register_version_and_a_block_list_load_from_the_browser() {
    for backend in backends() {
        let app = spawn(backend, 30).await;
        staff(&app).await;
        let dir = app.db.dir.path();
        let nix = dir.join("nix.txt");
        std::fs::write(
            &nix,
            "46701234567\n46702345678\nnot a number\n46703456789\n",
        )
        .unwrap();
        let b = Browser::start().await;
        b.sign_in(&app, "dpo@desk.example").await;
        b.goto(&app.url("/ui/registers")).await;

        // A version dated after today is refused; nothing is loaded.
        let tomorrow = ymd((wall_clock() + time::Duration::days(2)).date());
        b.select("#ru-register", "nix_telefon").await;
        set_date(&b, "#ru-date", &tomorrow).await;
        b.type_into("#ru-file", nix.to_str().unwrap()).await;
        b.click("#register-submit").await;
        b.wait_text("[role=alert]", "version_date").await;
        let (_, registers) = app.get("/v1/registers", &app.admin).await;
        assert_eq!(registers.as_array().unwrap().len(), 0, "{registers}");

        let today = ymd(wall_clock().date());
        b.select("#ru-register", "nix_telefon").await;
        set_date(&b, "#ru-date", &today).await;
        b.type_into("#ru-file", nix.to_str().unwrap()).await;
        b.click("#register-submit").await;
        let notice = b.wait_text("[role=status]", "Loaded: 3 listings").await;
        assert!(notice.contains("1 lines could not be read"), "{notice}");
        b.find("#registers tr[data-status=in_force]").await;
        let (_, registers) = app.get("/v1/registers", &app.admin).await;
        let versions = registers.as_array().unwrap();
        assert_eq!(versions.len(), 1, "{registers}");
        assert_eq!(versions[0]["entries"], 3);
        assert_eq!(versions[0]["source_name"], "nix.txt");

        // The block list from a file: every phone and e-mail column.
        let list = dir.join("block.csv");
        std::fs::write(
            &list,
            "name;mobil;e-post\nA;070-123 45 67;a@example.se\nB;;b@example.se\nC;garbage;\n",
        )
        .unwrap();
        b.goto(&app.url("/ui/blocklist")).await;
        b.type_into("#bi-file", list.to_str().unwrap()).await;
        b.click("#blocklist-import-submit").await;
        let notice = b.wait_text("[role=status]", "3 new blocks").await;
        assert!(notice.contains("1 rows could not be read"), "{notice}");
        assert!(notice.contains("lines: 4"), "{notice}");
        let (_, found) = app
            .get("/v1/blocklist/lookup?email=b@example.se", &app.admin)
            .await;
        assert_eq!(found["entries"].as_array().unwrap().len(), 1, "{found}");
        // A file without a phone or e-mail column changes nothing.
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, "name;city\nA;Lund\n").unwrap();
        b.type_into("#bi-file", bad.to_str().unwrap()).await;
        b.click("#blocklist-import-submit").await;
        b.wait_text("[role=alert]", "no phone or email column")
            .await;
        b.quit().await;
        drop(b);

        // A marketer sees the registers but may not load one, nor import a block list.
        let m = sign_in(&app, "marketing@desk.example").await;
        let page = m.get(&app, "/ui/registers").await.text().await.unwrap();
        assert!(!page.contains("register-upload"));
        let r = m
            .post(&app, "/ui/registers/upload", &[("csrf", m.csrf.as_str())])
            .await;
        assert_eq!(r.status(), 403);
        app.stop().await;
    }
}
