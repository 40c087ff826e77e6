//! Issue 18 §2-§4 through the real server (docs/preferences.md): one-click unsubscribe links
//! (RFC 8058), the preference centre a person reaches by a signed link, and Global Privacy
//! Control. Each change shows in the next check and in the ledger, and never twice.

use serde_json::{Value, json};
use vern_core::Role;
use vern_store::store::LedgerStore;

use crate::harness::{TestApp, backends};

async fn created(app: &TestApp, path: &str, key: &str, body: Value) -> Value {
    let (status, out) = app.post(path, key, &body).await;
    assert_eq!(status, 201, "{path}: {out}");
    out
}

/// A Swedish default controller with a consent newsletter (e-mail, SMS) and offers on
/// legitimate interests (e-mail, phone).
async fn setup(app: &TestApp) {
    let (status, out) = app
        .send(
            reqwest::Method::PATCH,
            "/v1/controllers/default",
            &app.admin,
            &json!({"name": "Cykelhuset AB", "country": "SE"}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    created(
        app,
        "/v1/purposes",
        &app.admin,
        json!({"key": "news", "name": "Nyhetsbrev", "description": "Nyheter om våra cyklar en gång i månaden", "legal_basis": "consent", "direct_marketing": true, "channels": ["email", "sms"]}),
    )
    .await;
    created(
        app,
        "/v1/purposes",
        &app.admin,
        json!({"key": "offers", "name": "Erbjudanden", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["email", "phone"]}),
    )
    .await;
}

async fn person(app: &TestApp, body: Value) -> String {
    created(app, "/v1/people", &app.admin, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn grant(app: &TestApp, id: &str, channels: &[&str]) {
    created(
        app,
        &format!("/v1/people/{id}/consents"),
        &app.admin,
        json!({"purpose": "news", "channels": channels, "state": "granted", "evidence": {"source": "web_form", "version": "v1"}}),
    )
    .await;
}

/// The check now: allowed, and the reason codes.
async fn check(app: &TestApp, ids: Value, channel: &str, purpose: &str) -> (bool, Vec<String>) {
    let body = json!({"identifiers": ids, "channel": channel, "purpose": purpose});
    let (status, out) = app.post("/v1/check", &app.admin, &body).await;
    assert_eq!(status, 200, "{body}: {out}");
    let codes = out["reasons"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|r| r["code"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    (out["allowed"] == true, codes)
}

/// The kinds of the ledger entries written after `seq`.
async fn kinds_after(app: &TestApp, seq: i64) -> Vec<String> {
    app.store
        .ledger_after(seq, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

async fn head(app: &TestApp) -> i64 {
    app.store.ledger_head().await.unwrap()
}

/// The unsubscribe link for an address, issued by a marketer.
async fn unsubscribe_link(app: &TestApp, marketer: &str, purpose: &str, email: &str) -> String {
    let (status, out) = app
        .post(
            "/v1/unsubscribe-links",
            marketer,
            &json!({"purpose": purpose, "email": email}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    let link = &out["links"][0];
    let url = link["url"].as_str().unwrap().to_owned();
    // RFC 8058 §3.1: the two header fields, the URI in angle brackets.
    assert_eq!(link["headers"]["List-Unsubscribe"], format!("<{url}>"));
    assert_eq!(
        link["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    assert!(url.starts_with(&format!("{}/u/", app.base)), "{url}");
    url
}

async fn one_click(app: &TestApp, url: &str) -> reqwest::Response {
    app.http
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap()
}

/// `url` with one character of its token changed.
fn altered(url: &str) -> String {
    let mut chars: Vec<char> = url.chars().collect();
    let at = chars.len() - 10;
    chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

/// RFC 8058 §3.2: a POST with `List-Unsubscribe=One-Click` unsubscribes at once, with no
/// cookie, confirmation or redirect; a GET changes nothing (mail scanners follow links). For a
/// purpose the person consented to, it withdraws that consent on e-mail (GDPR Art. 7(3)).
#[tokio::test]
async fn a_one_click_post_withdraws_consent_once_and_a_get_changes_nothing() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let marketer = app.key(Role::Marketer).await;
        let anna = person(
            &app,
            json!({"name": "Anna Berg", "emails": ["anna@example.se"], "phones": ["070-123 45 67"]}),
        )
        .await;
        grant(&app, &anna, &["email", "sms"]).await;
        let email = json!({"email": "anna@example.se"});
        assert_eq!(
            check(&app, email.clone(), "email", "news").await,
            (true, vec![])
        );

        // Least privilege: those who send marketing mail, and admins.
        for role in [Role::Seller, Role::Auditor, Role::PrivacyOfficer] {
            let key = app.key(role).await;
            let (status, _) = app
                .post(
                    "/v1/unsubscribe-links",
                    &key,
                    &json!({"purpose": "news", "email": "anna@example.se"}),
                )
                .await;
            assert_eq!(status, 403, "{role}");
        }
        for (body, field) in [
            (
                json!({"purpose": "nope", "email": "anna@example.se"}),
                "purpose",
            ),
            (
                json!({"purpose": "news", "email": "not an address"}),
                "email",
            ),
            (
                json!({"purpose": "news", "emails": ["a@example.se", "bad"]}),
                "emails[1]",
            ),
            (json!({"purpose": "news"}), "emails"),
        ] {
            let (status, out) = app.post("/v1/unsubscribe-links", &marketer, &body).await;
            assert_eq!(status, 422, "{body}: {out}");
            assert_eq!(out["code"], "invalid", "{out}");
            assert!(out.to_string().contains(field), "{field}: {out}");
            assert!(!out.to_string().contains("a@example.se"), "{out}");
        }
        let (status, batch) = app
            .post(
                "/v1/unsubscribe-links",
                &marketer,
                &json!({"purpose": "news", "emails": ["anna@example.se", "bo@example.se"]}),
            )
            .await;
        assert_eq!(status, 200, "{batch}");
        assert_eq!(batch["links"].as_array().unwrap().len(), 2);
        assert_eq!(batch["links"][1]["email"], "bo@example.se");

        let url = unsubscribe_link(&app, &marketer, "news", "anna@example.se").await;
        assert!(!url.contains("anna"), "no address in clear: {url}");
        let before = head(&app).await;

        // The GET shows one button and changes nothing.
        let page = app.http.get(&url).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.headers().get("set-cookie").is_none());
        let html = page.text().await.unwrap();
        assert!(
            html.contains("name=\"List-Unsubscribe\" value=\"One-Click\""),
            "{html}"
        );
        assert!(html.contains("lang=\"sv\""), "{html}");
        assert!(html.contains("sluta få e-post om detta"), "{html}");
        assert!(
            html.contains("href=\"/p/"),
            "a way to the preference centre: {html}"
        );
        assert_eq!(head(&app).await, before);
        assert_eq!(
            check(&app, email.clone(), "email", "news").await,
            (true, vec![])
        );

        // An altered token, a wrong body, an oversize body: refused, nothing written.
        let forged = one_click(&app, &altered(&url)).await;
        assert_eq!(forged.status(), 404);
        assert_eq!(
            app.http.get(altered(&url)).send().await.unwrap().status(),
            404
        );
        let wrong = app
            .http
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=Later")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 422);
        let huge = app
            .http
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "List-Unsubscribe=One-Click&pad={}",
                "x".repeat(40_000)
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(huge.status(), 413);
        assert_eq!(head(&app).await, before);

        // The one-click POST: withdrawn at once, seen by the very next check.
        let done = one_click(&app, &url).await;
        assert_eq!(done.status(), 200);
        assert!(done.headers().get("set-cookie").is_none());
        assert!(done.headers().get("location").is_none());
        assert_eq!(
            check(&app, email.clone(), "email", "news").await,
            (false, vec!["consent.withdrawn".to_owned()])
        );
        // E-mail only: the SMS consent stands.
        assert_eq!(
            check(&app, json!({"phone": "0701234567"}), "sms", "news").await,
            (true, vec![])
        );
        assert_eq!(kinds_after(&app, before).await, ["consent.withdrawn"]);
        let (_, consents) = app
            .get(&format!("/v1/people/{anna}/consents"), &app.admin)
            .await;
        let last = consents["history"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["channel"], "email", "{last}");
        assert_eq!(last["source"], "email", "{last}");
        assert!(
            last["evidence"]["by"]
                .as_str()
                .unwrap()
                .contains("RFC 8058"),
            "{last}"
        );
        assert!(
            last["evidence"].get("ip").is_none(),
            "not kept unless configured: {last}"
        );

        // Again, as multipart/form-data (RFC 8058's preferred encoding): the same answer,
        // nothing new.
        let after = head(&app).await;
        let again = app
            .http
            .post(&url)
            .header("content-type", "multipart/form-data; boundary=b0undary")
            .body("--b0undary\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b0undary--\r\n")
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 200);
        assert_eq!(head(&app).await, after);
        app.stop().await;
    }
}

/// A purpose on legitimate interests has no consent to withdraw: the click is the person
/// objecting to direct marketing by automated means (GDPR Art. 21(5)), which stops it on every
/// channel (Art. 21(3)). So is a click for an address vern knows nobody by.
#[tokio::test]
async fn a_click_without_a_consent_to_withdraw_records_an_objection() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let marketer = app.key(Role::Marketer).await;
        person(
            &app,
            json!({"name": "Bo Ek", "emails": ["bo@example.se"], "phones": ["070-765 43 21"]}),
        )
        .await;
        let phone = json!({"phone": "0707654321"});
        assert_eq!(
            check(&app, phone.clone(), "phone", "offers").await,
            (true, vec![])
        );

        let url = unsubscribe_link(&app, &marketer, "offers", "bo@example.se").await;
        // The page says what the button does: an objection to all marketing, not one list.
        let html = app
            .http
            .get(&url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("invända mot direktreklam"), "{html}");
        let before = head(&app).await;
        assert_eq!(one_click(&app, &url).await.status(), 200);
        let (allowed, codes) = check(&app, phone.clone(), "phone", "offers").await;
        assert!(
            !allowed && codes.contains(&"objection.direct_marketing".to_owned()),
            "{codes:?}"
        );
        let entries = app.store.ledger_after(before, 100).await.unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].kind, "objection.recorded");
        let payload: Value = serde_json::from_str(&entries[0].payload).unwrap();
        assert_eq!(payload["source"]["type"], "unsubscribe_link", "{payload}");
        assert!(!entries[0].payload.contains("bo@example.se"));

        let after = head(&app).await;
        assert_eq!(one_click(&app, &url).await.status(), 200);
        assert_eq!(head(&app).await, after, "a second click records nothing");

        // An address nobody is known by: suppressed all the same.
        let stranger = unsubscribe_link(&app, &marketer, "news", "okand@example.se").await;
        let page = one_click(&app, &stranger).await;
        assert_eq!(page.status(), 200);
        let (allowed, codes) =
            check(&app, json!({"email": "okand@example.se"}), "email", "news").await;
        assert!(
            !allowed && codes.contains(&"objection.direct_marketing".to_owned()),
            "{codes:?}"
        );
        app.stop().await;
    }
}

async fn preference_link(app: &TestApp, key: &str, id: &str) -> String {
    let out = created(
        app,
        &format!("/v1/people/{id}/preference-links"),
        key,
        json!({}),
    )
    .await;
    let url = out["absolute_url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("{}/p/", app.base)), "{out}");
    url
}

async fn post_form(app: &TestApp, url: &str, form: &str) -> reqwest::Response {
    app.http
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_owned())
        .send()
        .await
        .unwrap()
}

/// The preference centre: a change is a consent event with its evidence, seen by the next
/// check (GDPR Art. 7(1): the controller shall be able to demonstrate consent); showing it is
/// a disclosure in the ledger; "stop all marketing" records the Art. 21(2) objection.
#[tokio::test]
async fn the_preference_centre_changes_what_the_next_check_answers() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let cecilia = person(
            &app,
            json!({"name": "Cecilia Lund", "emails": ["cecilia@example.se"], "phones": ["070-111 22 33"], "language": "en"}),
        )
        .await;
        let marketer = app.key(Role::Marketer).await;
        let (status, _) = app
            .post(
                &format!("/v1/people/{cecilia}/preference-links"),
                &marketer,
                &json!({}),
            )
            .await;
        assert_eq!(status, 403, "marketers see no person");
        let seller = app.key(Role::Seller).await;
        let url = preference_link(&app, &seller, &cecilia).await;
        let (status, out) = app
            .post(
                "/v1/people/no-such-person/preference-links",
                &seller,
                &json!({}),
            )
            .await;
        assert_eq!(
            (status, out["code"].as_str()),
            (404, Some("not_found")),
            "{out}"
        );
        // A genuine link older than its 30 days: gone, with a page that says what to do.
        let stale = {
            use vern_store::store::{AdminStore, PeopleStore};
            let person = app.store.get_person(&cecilia).await.unwrap();
            let token = vern_core::preference::PreferenceLink {
                controller: person.controller,
                person: cecilia.clone(),
                // 1 January 2020: long before any clock this test runs by.
                issued_at: time::OffsetDateTime::from_unix_timestamp(1_577_836_800).unwrap(),
            }
            .sign(app.store.keys().preferences())
            .unwrap();
            app.url(&format!("/p/{token}"))
        };
        let expired = app.http.get(&stale).send().await.unwrap();
        assert_eq!(expired.status(), 410);
        assert!(expired.text().await.unwrap().contains("expired"));
        let email = json!({"email": "cecilia@example.se"});
        let sms = json!({"phone": "0701112233"});
        assert!(!check(&app, email.clone(), "email", "news").await.0);

        let before = head(&app).await;
        let page = app.http.get(&url).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let h = page.headers();
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        assert_eq!(h["cache-control"], "no-store");
        assert_eq!(h["x-frame-options"], "DENY");
        assert!(h.get("set-cookie").is_none());
        let html = page.text().await.unwrap();
        assert!(html.contains("lang=\"en\""), "the person's language");
        assert!(html.contains("Nyhetsbrev") && html.contains("Nyheter om våra cyklar"));
        assert!(html.contains("value=\"news:email\">"), "unchecked: {html}");
        assert!(
            !html.contains("offers:"),
            "only purposes that need consent: {html}"
        );
        assert!(!html.contains("<script"), "works without JavaScript");
        assert_eq!(kinds_after(&app, before).await, ["preferences.shown"]);

        // Switch e-mail on and leave SMS off: only e-mail changes.
        let before = head(&app).await;
        let saved = post_form(
            &app,
            &url,
            "shown=news%3Aemail&shown=news%3Asms&on=news%3Aemail",
        )
        .await;
        assert_eq!(saved.status(), 200);
        let html = saved.text().await.unwrap();
        assert!(html.contains("value=\"news:email\" checked"), "{html}");
        assert_eq!(
            check(&app, email.clone(), "email", "news").await,
            (true, vec![])
        );
        assert!(!check(&app, sms.clone(), "sms", "news").await.0);
        assert_eq!(
            kinds_after(&app, before).await,
            ["consent.granted", "preferences.shown"]
        );
        let (_, consents) = app
            .get(&format!("/v1/people/{cecilia}/consents"), &app.admin)
            .await;
        let history = consents["history"].as_array().unwrap();
        let granted = history.iter().find(|c| c["action"] == "granted").unwrap();
        assert_eq!(granted["source"], "web_form");
        let text = granted["evidence"]["text"].as_str().unwrap();
        assert!(
            text.contains("Nyhetsbrev") && text.contains("E-mail"),
            "{text}"
        );

        // The same form again: nothing changes, only the page is shown again.
        let before = head(&app).await;
        let again = post_form(
            &app,
            &url,
            "shown=news%3Aemail&shown=news%3Asms&on=news%3Aemail",
        )
        .await;
        assert_eq!(again.status(), 200);
        assert_eq!(kinds_after(&app, before).await, ["preferences.shown"]);

        // Switched off again: withdrawn, as easily as it was given (Art. 7(3)).
        let before = head(&app).await;
        let off = post_form(&app, &url, "shown=news%3Aemail&shown=news%3Asms").await;
        assert_eq!(off.status(), 200);
        assert_eq!(
            check(&app, email.clone(), "email", "news").await,
            (false, vec!["consent.withdrawn".to_owned()])
        );
        assert_eq!(
            kinds_after(&app, before).await,
            ["consent.withdrawn", "preferences.shown"]
        );

        // A switch the page never showed, an altered link: refused, nothing changed.
        let before = head(&app).await;
        let bad = post_form(&app, &url, "shown=offers%3Aemail&on=offers%3Aemail").await;
        assert_eq!(bad.status(), 422);
        let forged = post_form(&app, &altered(&url), "shown=news%3Asms&on=news%3Asms").await;
        assert_eq!(forged.status(), 404);
        assert!(
            !kinds_after(&app, before)
                .await
                .iter()
                .any(|k| k.starts_with("consent"))
        );
        assert!(!check(&app, sms.clone(), "sms", "news").await.0);

        // Stop all marketing: the objection, on every channel and identifier.
        let before = head(&app).await;
        let stopped = post_form(&app, &format!("{url}/object"), "stop=all").await;
        assert_eq!(stopped.status(), 200);
        assert!(stopped.text().await.unwrap().contains("id=\"objected\""));
        let (allowed, codes) = check(&app, email.clone(), "email", "news").await;
        assert!(
            !allowed && codes.contains(&"objection.direct_marketing".to_owned()),
            "{codes:?}"
        );
        assert!(!check(&app, sms.clone(), "phone", "offers").await.0);
        assert_eq!(
            kinds_after(&app, before).await,
            ["objection.recorded", "preferences.shown"]
        );
        app.stop().await;
    }
}

/// Global Privacy Control: `Sec-GPC: 1` from a person the link identifies records their
/// objection to direct marketing by automated means (GDPR Art. 21(5)), with the signal as its
/// source, and the page says it was honoured; any other value is ignored (GPC specification).
#[tokio::test]
async fn sec_gpc_on_the_preference_centre_records_the_objection() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let dag = person(
            &app,
            json!({"name": "Dag Holm", "emails": ["dag@example.se"]}),
        )
        .await;
        let eva = person(
            &app,
            json!({"name": "Eva Holm", "emails": ["eva@example.se"]}),
        )
        .await;
        grant(&app, &dag, &["email"]).await;
        grant(&app, &eva, &["email"]).await;

        let eva_url = preference_link(&app, &app.admin, &eva).await;
        let before = head(&app).await;
        let ignored = app
            .http
            .get(&eva_url)
            .header("Sec-GPC", "0")
            .send()
            .await
            .unwrap();
        assert_eq!(ignored.status(), 200);
        assert!(
            !ignored
                .text()
                .await
                .unwrap()
                .contains("Global Privacy Control")
        );
        assert_eq!(kinds_after(&app, before).await, ["preferences.shown"]);
        assert!(
            check(&app, json!({"email": "eva@example.se"}), "email", "news")
                .await
                .0
        );

        let dag_url = preference_link(&app, &app.admin, &dag).await;
        let before = head(&app).await;
        let honoured = app
            .http
            .get(&dag_url)
            .header("Sec-GPC", "1")
            .send()
            .await
            .unwrap();
        assert_eq!(honoured.status(), 200);
        let html = honoured.text().await.unwrap();
        // Swedish: the controller's language, the person having none of their own.
        assert!(
            html.contains("Global Privacy Control") && html.contains("lang=\"sv\""),
            "{html}"
        );
        let (allowed, codes) =
            check(&app, json!({"email": "dag@example.se"}), "email", "news").await;
        assert!(
            !allowed && codes.contains(&"objection.direct_marketing".to_owned()),
            "{codes:?}"
        );
        let entries = app.store.ledger_after(before, 100).await.unwrap();
        let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["objection.recorded", "preferences.shown"]);
        let payload: Value = serde_json::from_str(&entries[0].payload).unwrap();
        assert_eq!(payload["source"]["type"], "gpc", "{payload}");

        // The signal again: the objection stands, nothing new is recorded.
        let before = head(&app).await;
        let again = app
            .http
            .get(&dag_url)
            .header("Sec-GPC", "1")
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 200);
        assert_eq!(kinds_after(&app, before).await, ["preferences.shown"]);
        app.stop().await;
    }
}

/// On the public form, `Sec-GPC: 1` with the one-time code that identifies the sender is their
/// objection to direct marketing (GDPR Art. 21(5)); without the code nothing is recorded.
#[tokio::test]
async fn sec_gpc_with_a_confirmed_code_on_the_public_form_records_the_objection() {
    use crate::requests::{code_sent_to, request_id_in, submit_form, with_smtp};
    for backend in backends() {
        let (smtp, app) = with_smtp(backend).await;
        setup(&app).await;
        let frida = person(
            &app,
            json!({"name": "Frida Ek", "emails": ["frida@example.se"]}),
        )
        .await;
        grant(&app, &frida, &["email"]).await;
        let email = json!({"email": "frida@example.se"});

        let before = head(&app).await;
        let (status, html) = submit_form(
            &app,
            &[
                ("kind", "access"),
                ("email", "frida@example.se"),
                ("lang", "en"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{html}");
        assert!(
            !kinds_after(&app, before)
                .await
                .contains(&"objection.recorded".to_owned())
        );
        let request = request_id_in(&html);
        let code = code_sent_to(&smtp, "frida@example.se", &[]).await;
        let before = head(&app).await;
        let r = app
            .http
            .post(app.url(&format!("/request/{request}/verify")))
            .header("Sec-GPC", "1")
            .form(&[("code", code.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("id=\"gpc\"") && html.contains("Global Privacy Control"),
            "{html}"
        );
        // The code identified the person: the page leads on to their preference centre.
        let centre = html
            .split("id=\"preferences\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no preference link in {html}"))
            .to_owned();
        assert!(centre.starts_with("/p/"), "{centre}");
        let page = app.http.get(app.url(&centre)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("value=\"news:email\""));
        let entries = app.store.ledger_after(before, 100).await.unwrap();
        let objection = entries
            .iter()
            .find(|e| e.kind == "objection.recorded")
            .expect("the objection");
        let payload: Value = serde_json::from_str(&objection.payload).unwrap();
        assert_eq!(payload["source"]["type"], "gpc", "{payload}");
        let (allowed, codes) = check(&app, email, "email", "news").await;
        assert!(
            !allowed && codes.contains(&"objection.direct_marketing".to_owned()),
            "{codes:?}"
        );
        app.stop().await;
    }
}

/// The GPC support resource (GPC specification, "/.well-known/gpc.json").
#[tokio::test]
async fn the_gpc_support_resource_says_the_signal_is_honoured() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let r = app
            .http
            .get(app.url("/.well-known/gpc.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["gpc"], true);
        assert!(body["lastUpdate"].as_str().unwrap().len() == 10, "{body}");
        app.stop().await;
    }
}

/// `[preferences] record_client_address`: the client's address goes into the evidence of a
/// consent the person changed themselves.
#[tokio::test]
async fn the_client_address_is_kept_in_the_evidence_when_configured() {
    for backend in backends() {
        let db = crate::harness::TestDb::new(backend).await;
        let app = TestApp::spawn_with(db, |s| s.preferences.record_client_address = true).await;
        setup(&app).await;
        let marketer = app.key(Role::Marketer).await;
        let gustav = person(
            &app,
            json!({"name": "Gustav Ek", "emails": ["gustav@example.se"]}),
        )
        .await;
        grant(&app, &gustav, &["email"]).await;
        let url = unsubscribe_link(&app, &marketer, "news", "gustav@example.se").await;
        assert_eq!(one_click(&app, &url).await.status(), 200);
        let (_, consents) = app
            .get(&format!("/v1/people/{gustav}/consents"), &app.admin)
            .await;
        let last = consents["history"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["action"], "withdrawn", "{last}");
        assert_eq!(last["evidence"]["ip"], "127.0.0.1", "{last}");
        app.stop().await;
    }
}

/// The preference centre in a real browser, without JavaScript's help: a switch ticked and the
/// form sent, and the next check allows what the person chose.
#[tokio::test]
async fn the_preference_centre_works_in_a_real_browser() {
    let app = TestApp::spawn(backends().remove(0)).await;
    setup(&app).await;
    let hanna = person(
        &app,
        json!({"name": "Hanna Lind", "emails": ["hanna@example.se"], "language": "fi"}),
    )
    .await;
    let url = preference_link(&app, &app.admin, &hanna).await;
    let b = crate::ui::Browser::start().await;
    b.goto(&url).await;
    b.wait_text("h1", "Valintasi").await;
    b.click("input[type=checkbox][value=\"news:email\"]").await;
    b.click("form[action^=\"/p/\"] button[type=submit]").await;
    b.wait_text("[role=status]", "Valintasi on tallennettu")
        .await;
    b.find("input[type=checkbox][value=\"news:email\"]:checked")
        .await;
    b.quit().await;
    assert_eq!(
        check(&app, json!({"email": "hanna@example.se"}), "email", "news").await,
        (true, vec![])
    );
    app.stop().await;
}
