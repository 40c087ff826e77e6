//! The staff UI does the admin's whole job (issue 20 §3): controllers, purposes and webhooks
//! edited in a real browser with the API reading back what the page saved and refusing a bad
//! value with the page's words; sales statistics that count anonymized people's deals; each
//! controller's public request form with its national id, in its country's language; and the
//! controller's clock on the pages people see.

use serde_json::{Value, json};
use vern_core::Role;
use vern_store::store::WebhookStore;

use crate::harness::{TestApp, TestDb, backends};
use crate::ui::{Browser, sign_in, user};

async fn spawn(backend: crate::harness::Backend) -> TestApp {
    let db = TestDb::new(backend).await;
    TestApp::spawn_with(db, |s| s.ui.secure_cookies = false).await
}

/// The real time: the server under test runs on the system clock.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

async fn ok(app: &TestApp, method: reqwest::Method, path: &str, body: Value) -> Value {
    let (status, v) = app.send(method, path, &app.admin, &body).await;
    assert!((200..300).contains(&status), "{path}: {status} {v}");
    v
}

fn set(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn an_admin_edits_controllers_purposes_and_webhooks_in_a_real_browser() {
    for (i, backend) in backends().into_iter().enumerate() {
        let shots = i == 0;
        let app = spawn(backend).await;
        user(&app, Role::Admin, "admin@fjord.example", "en").await;
        user(&app, Role::Seller, "seller@fjord.example", "en").await;
        let b = Browser::start().await;
        b.sign_in(&app, "admin@fjord.example").await;

        // A new controller, from the purposes page.
        b.goto(&app.url("/ui/purposes")).await;
        b.click("#new-controller").await;
        b.type_into("#ctl-key", "fjord").await;
        b.type_into("#ctl-name", "Fjord Handel AS").await;
        b.select("#ctl-country", "NO").await;
        b.type_into("#ctl-dpo-name", "Ingrid Berg").await;
        b.type_into("#ctl-dpo-email", "personvern@fjord.example")
            .await;
        b.type_into("#ctl-notice", "https://fjord.example/personvern")
            .await;
        b.click("#ctl-rule-reservasjonsregisteret").await;
        b.click("#save-controller").await;
        b.wait_text("[role=status]", "The controller is saved.")
            .await;
        let c = ok(
            &app,
            reqwest::Method::GET,
            "/v1/controllers/fjord",
            json!({}),
        )
        .await;
        assert_eq!(c["name"], "Fjord Handel AS", "{c}");
        assert_eq!(c["country"], "NO");
        assert_eq!(c["default_region"], "NO");
        assert_eq!(c["dpo"]["name"], "Ingrid Berg");
        assert_eq!(c["dpo"]["email"], "personvern@fjord.example");
        assert_eq!(c["privacy_notice_url"], "https://fjord.example/personvern");
        assert_eq!(c["rules"], json!(["reservasjonsregisteret"]));
        assert_eq!(c["public_form"], true);
        assert_eq!(c["time_zone"], Value::Null);
        assert_eq!(c["effective_time_zone"], "Europe/Oslo");

        // Edited: a DPO phone, the form closed, the calendar kept in Helsinki.
        b.click("#edit-controller-fjord").await;
        b.type_into("#ctl-dpo-phone", "+47 22 33 44 55").await;
        b.click("#ctl-public-form").await;
        b.select("#ctl-zone", "Europe/Helsinki").await;
        b.click("#save-controller").await;
        b.wait_text("[role=status]", "The controller is saved.")
            .await;
        let section = b.text("section[data-controller=fjord]").await;
        assert!(section.contains("Europe/Helsinki"), "{section}");
        let c = ok(
            &app,
            reqwest::Method::GET,
            "/v1/controllers/fjord",
            json!({}),
        )
        .await;
        assert_eq!(c["dpo"]["phone"], "+47 22 33 44 55", "{c}");
        assert_eq!(c["public_form"], false);
        assert_eq!(c["time_zone"], "Europe/Helsinki");
        assert_eq!(c["effective_time_zone"], "Europe/Helsinki");
        assert_eq!(
            app.http
                .get(app.url("/request/fjord"))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
        // A bad link is refused with the API's words, and nothing changes.
        b.goto(&app.url("/ui/controllers/fjord")).await;
        b.type_into("#ctl-notice", "fjord.example/personvern").await;
        b.click("#save-controller").await;
        let said = b.wait_text("[role=alert]", "privacy_notice_url").await;
        let (status, api) = app
            .send(
                reqwest::Method::PATCH,
                "/v1/controllers/fjord",
                &app.admin,
                &json!({"privacy_notice_url": "fjord.example/personvern"}),
            )
            .await;
        assert_eq!(status, 422, "{api}");
        assert!(
            said.contains(api["message"].as_str().unwrap()),
            "{said} / {api}"
        );
        let c = ok(
            &app,
            reqwest::Method::GET,
            "/v1/controllers/fjord",
            json!({}),
        )
        .await;
        assert_eq!(c["privacy_notice_url"], "https://fjord.example/personvern");

        // A purpose declared on the page reads back the same from the API.
        b.goto(&app.url("/ui/purposes")).await;
        b.click("#new-purpose-fjord").await;
        b.type_into("#pur-key", "nyhetsbrev").await;
        b.type_into("#pur-name", "Nyhetsbrev").await;
        b.select("#pur-basis", "consent").await;
        b.click("#pur-marketing").await;
        b.click("#pur-ch-email").await;
        b.click("#pur-ch-sms").await;
        b.type_into("#pur-retention", "P2Y").await;
        b.type_into("#pur-description", "Tilbud på e-post og SMS")
            .await;
        b.click("#save-purpose").await;
        b.wait_text("[role=status]", "The purpose is saved.").await;
        let p = ok(
            &app,
            reqwest::Method::GET,
            "/v1/purposes/nyhetsbrev?controller=fjord",
            json!({}),
        )
        .await;
        assert_eq!(p["controller"], "fjord", "{p}");
        assert_eq!(p["name"], "Nyhetsbrev");
        assert_eq!(p["legal_basis"], "consent");
        assert_eq!(p["direct_marketing"], true);
        assert_eq!(set(&p["channels"]), ["email", "sms"]);
        assert_eq!(p["retention"], "P2Y");
        assert_eq!(p["description"], "Tilbud på e-post og SMS");
        // Edited: a longer retention, on legitimate interests.
        b.click("tr[data-purpose=nyhetsbrev] .edit-purpose").await;
        b.type_into("#pur-retention", "P3Y").await;
        b.select("#pur-basis", "legitimate_interests").await;
        b.click("#save-purpose").await;
        b.wait_text("[role=status]", "The purpose is saved.").await;
        let p = ok(
            &app,
            reqwest::Method::GET,
            "/v1/purposes/nyhetsbrev?controller=fjord",
            json!({}),
        )
        .await;
        assert_eq!(p["retention"], "P3Y", "{p}");
        assert_eq!(p["legal_basis"], "legitimate_interests");
        b.screenshot("purpose-edit", shots).await;
        // A bad retention gets the API's message, and nothing is saved.
        b.goto(&app.url("/ui/controllers/fjord/purposes/nyhetsbrev"))
            .await;
        b.type_into("#pur-retention", "three years").await;
        b.click("#save-purpose").await;
        let said = b.wait_text("[role=alert]", "retention").await;
        let (status, api) = app
            .send(
                reqwest::Method::PATCH,
                "/v1/purposes/nyhetsbrev",
                &app.admin,
                &json!({"controller": "fjord", "retention": "three years"}),
            )
            .await;
        assert_eq!(status, 422, "{api}");
        assert!(
            said.contains(api["message"].as_str().unwrap()),
            "{said} / {api}"
        );
        let p = ok(
            &app,
            reqwest::Method::GET,
            "/v1/purposes/nyhetsbrev?controller=fjord",
            json!({}),
        )
        .await;
        assert_eq!(p["retention"], "P3Y");

        // A webhook: registered with its secret shown once, its deliveries, then stopped.
        b.goto(&app.url("/ui/webhooks")).await;
        b.type_into("#wh-name", "dialer").await;
        b.type_into("#wh-url", "ftp://dialer.example/hook").await;
        b.click("#save-webhook").await;
        let said = b.wait_text("[role=alert]", "url").await;
        let (status, api) = app
            .post(
                "/v1/webhooks",
                &app.admin,
                &json!({"name": "dialer", "url": "ftp://dialer.example/hook"}),
            )
            .await;
        assert_eq!(status, 422);
        assert!(said.contains(api["message"].as_str().unwrap()), "{said}");
        b.type_into("#wh-url", "http://127.0.0.1:9/hook").await;
        b.click("#save-webhook").await;
        b.wait_text("#webhook-secret", "dialer").await;
        let hooks = ok(&app, reqwest::Method::GET, "/v1/webhooks", json!({})).await;
        let hooks = hooks.as_array().unwrap();
        assert_eq!(hooks.len(), 1, "{hooks:?}");
        assert_eq!(hooks[0]["url"], "http://127.0.0.1:9/hook");
        assert_eq!(hooks[0]["events"].as_array().unwrap().len(), 5);
        let hook = hooks[0]["id"].as_str().unwrap().to_owned();
        // An anonymization is an erasure notice for the recipient.
        let person = ok(
            &app,
            reqwest::Method::POST,
            "/v1/people",
            json!({"controller": "fjord", "name": "Ola Nordmann", "emails": ["ola@example.no"]}),
        )
        .await;
        let id = person["id"].as_str().unwrap();
        ok(
            &app,
            reqwest::Method::POST,
            &format!("/v1/people/{id}/anonymize"),
            json!({}),
        )
        .await;
        // The notifier job may have queued it already; queueing again finds nothing new.
        app.store.queue_notices(wall_clock()).await.unwrap();
        b.click("tr[data-webhook=dialer] a").await;
        let rows = b.wait_text("#deliveries", "erasure").await;
        let api = ok(
            &app,
            reqwest::Method::GET,
            &format!("/v1/webhooks/{hook}/deliveries"),
            json!({}),
        )
        .await;
        assert!(!api.as_array().unwrap().is_empty(), "{api}");
        assert_eq!(
            rows.matches("erasure").count(),
            api.as_array().unwrap().len(),
            "{rows}"
        );
        b.goto(&app.url("/ui/webhooks")).await;
        b.click("tr[data-webhook=dialer] .delete-webhook").await;
        b.wait_text("[role=status]", "no more notices").await;
        let hooks = ok(&app, reqwest::Method::GET, "/v1/webhooks", json!({})).await;
        assert!(hooks[0]["disabled_at"].is_string(), "{hooks}");

        // A seller reads the purposes but edits nothing, whatever URL is typed.
        b.sign_out().await;
        b.sign_in(&app, "seller@fjord.example").await;
        b.goto(&app.url("/ui/purposes")).await;
        b.find("section[data-controller=fjord]").await;
        let seller = sign_in(&app, "seller@fjord.example").await;
        let html = seller.get(&app, "/ui/purposes").await.text().await.unwrap();
        assert!(html.contains("Nyhetsbrev"));
        assert!(!html.contains("new-controller") && !html.contains("edit-purpose"));
        for path in [
            "/ui/controllers/new",
            "/ui/controllers/fjord",
            "/ui/controllers/fjord/purposes/nyhetsbrev",
            "/ui/webhooks",
        ] {
            b.goto(&app.url(path)).await;
            b.wait_text("h1", "Not allowed").await;
        }
        let r = seller
            .post(
                &app,
                "/ui/controllers/fjord/purposes/nyhetsbrev",
                &[("csrf", &seller.csrf), ("name", "Hacked")],
            )
            .await;
        assert_eq!(r.status(), 403);
        b.quit().await;
        app.stop().await;
    }
}

/// A deal of `owner` at `stage` for a new person of `controller`: the person's id.
async fn deal(app: &TestApp, controller: &str, owner: &str, stage: &str, amount: i64) -> String {
    let n = amount + i64::from(stage.len() as u8);
    let person = ok(
        app,
        reqwest::Method::POST,
        "/v1/people",
        json!({"controller": controller, "name": format!("Kund {n}"), "emails": [format!("kund{n}@example.se")]}),
    )
    .await;
    let id = person["id"].as_str().unwrap().to_owned();
    let closed = (wall_clock() - time::Duration::hours(2))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    ok(
        app,
        reqwest::Method::POST,
        &format!("/v1/people/{id}/deals"),
        json!({"amount_minor": amount, "currency": "SEK", "stage": stage, "owner": owner, "closed_at": closed}),
    )
    .await;
    id
}

#[tokio::test]
async fn the_purpose_form_sets_recipients_processors_category_and_anchor_as_the_api_does() {
    for backend in backends() {
        let app = spawn(backend).await;
        user(&app, Role::Admin, "admin@bredband.example", "en").await;
        ok(
            &app,
            reqwest::Method::POST,
            "/v1/purposes",
            json!({"key": "kundservice", "name": "Kundservice", "legal_basis": "contract", "channels": ["email"]}),
        )
        .await;
        let agreement = ok(
            &app,
            reqwest::Method::POST,
            "/v1/processors",
            json!({"name": "Utskick AB", "contact": "dpa@utskick.example", "purposes": ["kundservice"], "data_categories": ["e-mail addresses"], "signed_on": "2025-01-15"}),
        )
        .await;
        let agreement = agreement["id"].as_str().unwrap().to_owned();
        let b = Browser::start().await;
        b.sign_in(&app, "admin@bredband.example").await;

        // Declared with the fields the API has: they read back the same.
        b.goto(&app.url("/ui/purposes/new")).await;
        b.type_into("#pur-key", "bredband").await;
        b.type_into("#pur-name", "Bredbandserbjudanden").await;
        b.select("#pur-basis", "legitimate_interests").await;
        b.click("#pur-marketing").await;
        b.click("#pur-ch-phone").await;
        b.type_into("#pur-category", "broadband").await;
        b.select("#pur-anchor", "record").await;
        b.type_into("#pur-recipients", "Telia Sverige AB\nKlarna Bank AB")
            .await;
        b.click(&format!("#pur-pr-{agreement}")).await;
        b.click("#save-purpose").await;
        b.wait_text("[role=status]", "The purpose is saved.").await;
        async fn read(app: &TestApp) -> Value {
            ok(
                app,
                reqwest::Method::GET,
                "/v1/purposes/bredband",
                json!({}),
            )
            .await
        }
        let p = read(&app).await;
        assert_eq!(p["product_category"], "broadband", "{p}");
        assert_eq!(p["retention_from"], "record", "{p}");
        assert_eq!(
            p["recipients"],
            json!(["Telia Sverige AB", "Klarna Bank AB"])
        );
        assert_eq!(p["processors"], json!([agreement]));

        // The edit form shows them: a change elsewhere keeps every one.
        b.click("tr[data-purpose=bredband] .edit-purpose").await;
        b.type_into("#pur-description", "Samtal om bredband").await;
        b.click("#save-purpose").await;
        b.wait_text("[role=status]", "The purpose is saved.").await;
        let p = read(&app).await;
        assert_eq!(p["description"], "Samtal om bredband", "{p}");
        assert_eq!(p["product_category"], "broadband", "{p}");
        assert_eq!(p["retention_from"], "record", "{p}");
        assert_eq!(
            p["recipients"],
            json!(["Telia Sverige AB", "Klarna Bank AB"])
        );
        assert_eq!(p["processors"], json!([agreement]));

        // Refused with the API's words, and nothing saved: a category that is no key, and
        // the bookkeeping anchor on a basis that is no legal obligation.
        for (css, value, field, body) in [
            (
                "#pur-category",
                "Broad Band",
                "product_category",
                json!({"product_category": "Broad Band"}),
            ),
            (
                "#pur-anchor",
                "financial_year_end",
                "retention_from",
                json!({"retention_from": "financial_year_end"}),
            ),
        ] {
            b.goto(&app.url("/ui/controllers/default/purposes/bredband"))
                .await;
            if css == "#pur-anchor" {
                b.select(css, value).await;
            } else {
                b.type_into(css, value).await;
            }
            b.click("#save-purpose").await;
            let said = b.wait_text("[role=alert]", field).await;
            let (status, api) = app
                .send(
                    reqwest::Method::PATCH,
                    "/v1/purposes/bredband",
                    &app.admin,
                    &body,
                )
                .await;
            assert_eq!(status, 422, "{api}");
            assert!(
                said.contains(api["message"].as_str().unwrap()),
                "{said} / {api}"
            );
        }
        let p = read(&app).await;
        assert_eq!(p["product_category"], "broadband", "{p}");
        assert_eq!(p["retention_from"], "record", "{p}");
        b.quit().await;
        drop(b);
        app.stop().await;
    }
}

#[tokio::test]
async fn statistics_count_anonymized_peoples_deals_in_the_api_and_the_page() {
    for backend in backends() {
        let app = spawn(backend).await;
        user(&app, Role::Seller, "seller@kontor.example", "en").await;
        ok(
            &app,
            reqwest::Method::POST,
            "/v1/controllers",
            json!({"key": "kontor", "name": "Kontor AB", "country": "SE"}),
        )
        .await;
        deal(&app, "kontor", "anna", "won", 100_000).await;
        let gone = deal(&app, "kontor", "anna", "won", 50_000).await;
        deal(&app, "kontor", "bo", "won", 300_000).await;
        deal(&app, "kontor", "bo", "lost", 70_000).await;
        // Anna's second customer is anonymized: the sale stays hers, and counts.
        ok(
            &app,
            reqwest::Method::POST,
            &format!("/v1/people/{gone}/anonymize"),
            json!({}),
        )
        .await;
        let seller = app.key(Role::Seller).await;
        let today = vern_core::zone::Zone::Stockholm.local(wall_clock()).date();
        let from = today - time::Duration::days(7);
        let (status, s) = app
            .get(
                &format!("/v1/statistics?controller=kontor&from={from}&to={today}"),
                &seller,
            )
            .await;
        assert_eq!(status, 200, "{s}");
        assert_eq!(s["time_zone"], "Europe/Stockholm");
        let line = |table: &str, key: &str| {
            s[table]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["key"] == key)
                .cloned()
                .unwrap_or_else(|| panic!("{table} {key}: {s}"))
        };
        let anna = line("by_owner", "anna");
        assert_eq!(
            (&anna["deals"], &anna["amount_minor"], &anna["anonymized"]),
            (&json!(2), &json!(150_000), &json!(1)),
            "{s}"
        );
        let bo = line("by_owner", "bo");
        assert_eq!(
            (&bo["deals"], &bo["amount_minor"]),
            (&json!(1), &json!(300_000))
        );
        // The biggest seller first.
        assert_eq!(s["by_owner"][0]["key"], "bo");
        let won = line("by_stage", "won");
        assert_eq!((&won["deals"], &won["anonymized"]), (&json!(3), &json!(1)));
        assert_eq!(line("by_stage", "lost")["deals"], 1);
        let months: u64 = s["by_period"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["deals"].as_u64().unwrap())
            .sum();
        assert_eq!(months, 3);
        // A window in the past has none of them; a backwards one is refused.
        let (_, old) = app
            .get(
                "/v1/statistics?controller=kontor&from=2020-01-01&to=2020-12-31",
                &seller,
            )
            .await;
        assert_eq!(old["by_owner"], json!([]), "{old}");
        let (status, bad) = app
            .get(
                &format!("/v1/statistics?controller=kontor&from={today}&to={from}"),
                &seller,
            )
            .await;
        assert_eq!(status, 422, "{bad}");

        // The page, in a browser, says the same.
        let b = Browser::start().await;
        b.sign_in(&app, "seller@kontor.example").await;
        b.goto(&app.url(&format!(
            "/ui/statistics?controller=kontor&from={from}&to={today}"
        )))
        .await;
        let row = b.text("#by-owner tr[data-key=anna]").await;
        assert!(
            row.contains("1\u{a0}500.00 SEK") || row.contains("1 500.00 SEK"),
            "{row}"
        );
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells.first(), Some(&"anna"), "{row}");
        assert_eq!(cells.get(1), Some(&"2"), "{row}");
        assert_eq!(cells.last(), Some(&"1"), "{row}");
        b.find("#by-stage tr[data-key=lost]").await;
        let zone = b.text("#st-zone").await;
        assert!(zone.contains("Europe/Stockholm"), "{zone}");
        // The same refusal as the API's.
        b.goto(&app.url(&format!(
            "/ui/statistics?controller=kontor&from={today}&to={from}"
        )))
        .await;
        let said = b.wait_text("[role=alert]", "from").await;
        assert!(said.contains(bad["message"].as_str().unwrap()), "{said}");
        b.quit().await;
        app.stop().await;
    }
}

#[tokio::test]
async fn each_controller_has_its_public_form_with_a_national_id_in_its_language() {
    for backend in backends() {
        let app = spawn(backend).await;
        ok(
            &app,
            reqwest::Method::POST,
            "/v1/controllers",
            json!({"key": "fjord", "name": "Fjord Handel AS", "country": "NO"}),
        )
        .await;
        ok(
            &app,
            reqwest::Method::POST,
            "/v1/controllers",
            json!({"key": "stengt", "name": "Stengt AS", "country": "NO", "public_form": false}),
        )
        .await;
        let person = ok(
            &app,
            reqwest::Method::POST,
            "/v1/people",
            json!({"controller": "fjord", "name": "Kari Nordmann", "national_id": "15108695088", "emails": ["kari@example.no"]}),
        )
        .await;
        let pid = person["id"].as_str().unwrap().to_owned();
        let b = Browser::start().await;
        b.goto(&app.url("/request/fjord")).await;
        // Norwegian by default, the national id named as Norway names it.
        b.find("html[lang=nb]").await;
        let label = b.text("label[for=national_id]").await;
        assert_eq!(label, "Fødselsnummer");
        let intro = b.text("p.lead").await;
        assert!(intro.contains("Fjord Handel AS"), "{intro}");
        // A number with a wrong check digit is refused, and no request is made.
        b.select("#kind", "access").await;
        b.type_into("#national_id", "15108695089").await;
        b.click("#request-form button[type=submit]").await;
        b.wait_text("[role=alert]", "Fødselsnummeret stemmer ikke")
            .await;
        let (_, none) = app.get("/v1/requests", &app.admin).await;
        assert_eq!(none["requests"], json!([]), "{none}");
        // The right number finds the person: the request is theirs, sent on their form.
        b.select("#kind", "access").await;
        b.type_into("#national_id", "151086 95088").await;
        b.click("#request-form button[type=submit]").await;
        b.find("#code").await;
        let (_, listed) = app.get("/v1/requests", &app.admin).await;
        let requests = listed["requests"].as_array().unwrap();
        assert_eq!(requests.len(), 1, "{listed}");
        let id = requests[0]["id"].as_str().unwrap();
        let (_, full) = app.get(&format!("/v1/requests/{id}"), &app.admin).await;
        assert_eq!(full["person"], pid.as_str(), "{full}");
        assert_eq!(full["received_via"], "web_form");
        // In English when chosen, the Norwegian word beside.
        b.goto(&app.url("/request/fjord?lang=en")).await;
        let label = b.text("label[for=national_id]").await;
        assert_eq!(label, "Personal identity number (fødselsnummer)");
        // A controller without a country asks for no national id; a closed form is not there.
        let html = app
            .http
            .get(app.url("/request"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("name=\"national_id\""), "{html}");
        for path in ["/request/stengt", "/request/nobody"] {
            let r = app.http.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), 404, "{path}");
            let r = app
                .http
                .post(app.url(path))
                .form(&[("kind", "access"), ("email", "kari@example.no")])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 404, "{path}");
        }
        b.quit().await;
        app.stop().await;
    }
}

#[tokio::test]
async fn share_pages_show_times_on_the_controllers_clock() {
    for backend in backends() {
        let app = spawn(backend).await;
        ok(
            &app,
            reqwest::Method::POST,
            "/v1/controllers",
            json!({"key": "suomi", "name": "Suomi Oy", "country": "FI"}),
        )
        .await;
        let person = ok(
            &app,
            reqwest::Method::POST,
            "/v1/people",
            json!({"controller": "suomi", "name": "Aino Virtanen", "emails": ["aino@example.fi"]}),
        )
        .await;
        let id = person["id"].as_str().unwrap();
        let link = ok(
            &app,
            reqwest::Method::POST,
            &format!("/v1/people/{id}/share-links"),
            json!({}),
        )
        .await;
        let expires = time::OffsetDateTime::parse(
            link["expires_at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        let local = vern_core::zone::Zone::Helsinki.local(expires);
        let shown = format!(
            "{:04}-{:02}-{:02} {:02}:{:02} Europe/Helsinki",
            local.year(),
            u8::from(local.month()),
            local.day(),
            local.hour(),
            local.minute()
        );
        let page = app
            .http
            .get(app.url(link["url"].as_str().unwrap()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // Finnish, and the expiry on Helsinki's clock, not UTC's.
        assert!(page.contains("lang=\"fi\""), "{page}");
        assert!(page.contains(&shown), "{shown} not in {page}");
        assert!(!page.contains(" UTC"), "{page}");
        // A controller set to keep its calendar elsewhere shows that clock instead.
        ok(
            &app,
            reqwest::Method::PATCH,
            "/v1/controllers/suomi",
            json!({"time_zone": "UTC"}),
        )
        .await;
        let page = app
            .http
            .get(app.url(link["url"].as_str().unwrap()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let utc = format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            expires.year(),
            u8::from(expires.month()),
            expires.day(),
            expires.hour(),
            expires.minute()
        );
        assert!(page.contains(&utc), "{utc} not in {page}");
        app.stop().await;
    }
}
