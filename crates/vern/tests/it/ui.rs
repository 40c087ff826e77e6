//! The staff web UI: plain HTTP tests of its security (sign-in, roles, CSRF, headers), and
//! end-to-end tests that drive headless Chromium through chromedriver (WebDriver) against the
//! real server, as a seller, a privacy officer, a marketer and an auditor would use it. The
//! browser run takes screenshots of the main pages, and saves them to `docs/screenshots/` when
//! `VERN_SCREENSHOTS=1` is set (so that test runs leave the checkout as they found it).

use base64::Engine;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vern_core::Role;
use vern_server::password;
use vern_store::Actor;
use vern_store::store::{
    AdminStore, LedgerStore, PeopleStore, RegisterStore, RequestStore, UserStore,
};
use vern_store::user::NewUser;

use crate::harness::{TestApp, TestDb, backends};

const PASSWORD: &str = "correct horse battery staple";

/// The real time: the server under test runs on the system clock, and so do its deadlines.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

async fn spawn(backend: crate::harness::Backend) -> TestApp {
    let db = TestDb::new(backend).await;
    TestApp::spawn_with(db, |s| s.ui.secure_cookies = false).await
}

pub(crate) async fn user(app: &TestApp, role: Role, email: &str, language: &str) {
    let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
    let hash = password::hash(PASSWORD.to_owned()).await.unwrap();
    app.store
        .create_user(
            &Actor::Cli,
            now,
            &NewUser {
                email: email.to_owned(),
                role,
                password_hash: hash,
                language: language.to_owned(),
                time_zone: "Europe/Stockholm".to_owned(),
            },
        )
        .await
        .unwrap();
}

async fn api_ok(app: &TestApp, method: reqwest::Method, path: &str, body: Value) -> Value {
    let r = app
        .http
        .request(method, app.url(path))
        .bearer_auth(&app.admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    assert!((200..300).contains(&status), "{path}: {status} {v}");
    v
}

/// Purposes, a controller with its DPO, a person who objected through an authorized agent,
/// another without objections, and an access request. Returns (objector, other, request).
async fn seed(app: &TestApp) -> (String, String, String) {
    use reqwest::Method;
    for p in [
        json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true,
               "channels": ["email", "sms"], "retention": "P2Y", "description": "Offers every week", "recipients": ["Mailer AB"]}),
        json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "legitimate_interests", "direct_marketing": true,
               "channels": ["phone"], "retention": "P1Y", "description": "Calls about member offers"}),
        json!({"key": "customer_service", "name": "Customer service", "legal_basis": "contract", "direct_marketing": false,
               "channels": ["phone", "email"], "retention": "P3Y", "description": "Help with orders"}),
    ] {
        api_ok(app, Method::POST, "/v1/purposes", p).await;
    }
    api_ok(
        app,
        Method::PATCH,
        "/v1/controllers/default",
        json!({"name": "Kundklubben AB", "country": "SE", "rules": ["nix_telefon"],
               "dpo": {"name": "Dana Dataskydd", "email": "dpo@kundklubben.example", "phone": "+46 8 123 45 00"},
               "privacy_notice_url": "https://kundklubben.example/integritet"}),
    )
    .await;
    let astrid = api_ok(
        app,
        Method::POST,
        "/v1/people",
        json!({"name": "Astrid Lindqvist", "phones": ["070-111 22 33"], "emails": ["astrid@example.se"],
               "custom_fields": [{"name": "shoe_size", "value": "41", "purpose": "customer_service"}],
               "lists": ["kundklubb"], "language": "sv"}),
    )
    .await["id"]
    .as_str()
    .unwrap()
    .to_owned();
    let bertil = api_ok(
        app,
        Method::POST,
        "/v1/people",
        json!({"name": "Bertil Ek", "phones": ["070-222 33 44"], "emails": ["bertil@example.se"]}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api_ok(
        app,
        Method::POST,
        "/v1/objections",
        json!({"identifiers": {"phone": "+46701112233"}, "kind": "direct_marketing",
               "source": {"type": "authorized_agent", "agent_name": "Nej Tack AB", "mandate_reference": "M-2026-7", "mandate_verification": "BankID"}}),
    )
    .await;
    api_ok(
        app,
        Method::POST,
        &format!("/v1/people/{astrid}/consents"),
        json!({"purpose": "newsletter", "channels": ["email"], "state": "granted", "evidence": {"source": "web_form"}}),
    )
    .await;
    api_ok(
        app,
        Method::POST,
        &format!("/v1/people/{astrid}/activities"),
        json!({"kind": "call", "channel": "phone", "note": "Asked about the member offer"}),
    )
    .await;
    api_ok(
        app,
        Method::POST,
        &format!("/v1/people/{astrid}/deals"),
        json!({"title": "Member renewal", "amount_minor": 49900, "currency": "SEK", "stage": "won"}),
    )
    .await;
    let request = api_ok(
        app,
        Method::POST,
        "/v1/requests",
        json!({"kind": "access", "person": bertil, "received_via": "letter", "name": "Bertil Ek",
               "message": "Please send me everything you hold about me."}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (astrid, bertil, request)
}

// ---------------------------------------------------------------------------------------------
// Plain HTTP
// ---------------------------------------------------------------------------------------------

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn hidden_csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_owned()
}

fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

/// A signed-in HTTP session: its cookie and its CSRF token.
pub(crate) struct Session {
    pub(crate) cookie: String,
    pub(crate) csrf: String,
}

async fn try_sign_in(app: &TestApp, email: &str, pw: &str) -> reqwest::Response {
    let http = client();
    let r = http.get(app.url("/ui/login")).send().await.unwrap();
    let login = cookie_pair(&set_cookie(&r, "vern_login").expect("a pre-session cookie"));
    let csrf = hidden_csrf(&r.text().await.unwrap());
    http.post(app.url("/ui/login"))
        .header("cookie", login)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", pw),
            ("next", "/ui/"),
        ])
        .send()
        .await
        .unwrap()
}

pub(crate) async fn sign_in(app: &TestApp, email: &str) -> Session {
    let r = try_sign_in(app, email, PASSWORD).await;
    assert_eq!(r.status(), 303, "sign-in of {email}");
    let cookie = cookie_pair(&set_cookie(&r, "vern_session").expect("a session cookie"));
    let page = client()
        .get(app.url("/ui/settings"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csrf = hidden_csrf(&page.text().await.unwrap());
    Session { cookie, csrf }
}

impl Session {
    pub(crate) async fn get(&self, app: &TestApp, path: &str) -> reqwest::Response {
        client()
            .get(app.url(path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn post(
        &self,
        app: &TestApp,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client()
            .post(app.url(path))
            .header("cookie", &self.cookie)
            .form(form)
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn sign_in_fails_with_a_wrong_password_or_an_unknown_user() {
    for backend in backends() {
        let app = spawn(backend).await;
        user(&app, Role::PrivacyOfficer, "po@kundklubben.example", "en").await;
        for (email, pw) in [
            ("po@kundklubben.example", "wrong password entirely"),
            ("nobody@kundklubben.example", PASSWORD),
        ] {
            let r = try_sign_in(&app, email, pw).await;
            assert_eq!(r.status(), 401);
            assert!(set_cookie(&r, "vern_session").is_none());
            let body = r.text().await.unwrap();
            assert!(body.contains("Wrong e-mail address or password"), "{body}");
        }
        // Without a session every page asks to sign in, and the right password lets one in.
        let r = client().get(app.url("/ui/inbox")).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/ui/login?next=%2Fui%2Finbox");
        let r = try_sign_in(&app, "PO@Kundklubben.example", PASSWORD).await;
        assert_eq!(r.status(), 303);
        assert!(set_cookie(&r, "vern_session").unwrap().contains("HttpOnly"));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_sellers_session_cannot_reach_report_export_or_anonymize() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (astrid, _, _) = seed(&app).await;
        user(&app, Role::Seller, "seller@kundklubben.example", "en").await;
        user(&app, Role::PrivacyOfficer, "po@kundklubben.example", "en").await;
        let seller = sign_in(&app, "seller@kundklubben.example").await;
        // The seller works the person card…
        let card = seller.get(&app, &format!("/ui/people/{astrid}")).await;
        assert_eq!(card.status(), 200);
        let html = card.text().await.unwrap();
        assert!(html.contains("Do not contact for marketing"));
        assert!(!html.contains("/report\"") && !html.contains("/anonymize\""));
        // …but typing the URLs of the report, the export, anonymizing or erasing is refused.
        for path in ["report", "export", "anonymize", "erase"] {
            let r = seller
                .get(&app, &format!("/ui/people/{astrid}/{path}"))
                .await;
            assert_eq!(r.status(), 403, "GET {path}");
            assert!(
                r.text()
                    .await
                    .unwrap()
                    .contains("Your role does not give access")
            );
        }
        for path in ["anonymize", "erase", "share-link"] {
            let r = seller
                .post(
                    &app,
                    &format!("/ui/people/{astrid}/{path}"),
                    &[("csrf", seller.csrf.as_str()), ("confirm", "1")],
                )
                .await;
            assert_eq!(r.status(), 403, "POST {path}");
        }
        for path in ["/ui/inbox", "/ui/ledger", "/ui/users", "/ui/wash"] {
            assert_eq!(seller.get(&app, path).await.status(), 403, "{path}");
        }
        let ledger = app.store.ledger_for(&astrid).await.unwrap();
        assert!(
            !ledger.iter().any(|e| e.kind == "report.generated"),
            "nothing was disclosed to the seller"
        );
        // A privacy officer may read the report (and it is recorded), but not anonymize.
        let po = sign_in(&app, "po@kundklubben.example").await;
        let r = po.get(&app, &format!("/ui/people/{astrid}/report")).await;
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("Astrid Lindqvist"));
        assert_eq!(
            po.get(&app, &format!("/ui/people/{astrid}/anonymize"))
                .await
                .status(),
            403
        );
        let ledger = app.store.ledger_for(&astrid).await.unwrap();
        let disclosed = ledger
            .iter()
            .filter(|e| e.kind == "report.generated")
            .collect::<Vec<_>>();
        assert_eq!(disclosed.len(), 1);
        assert!(disclosed[0].actor.starts_with("user:"));
        app.stop().await;
    }
}

#[tokio::test]
async fn erase_and_anonymize_from_the_person_card() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (astrid, bertil, _) = seed(&app).await;
        user(&app, Role::PrivacyOfficer, "po@kundklubben.example", "en").await;
        user(&app, Role::Admin, "admin@kundklubben.example", "en").await;
        let po = sign_in(&app, "po@kundklubben.example").await;
        let path = format!("/ui/people/{bertil}/erase");
        // The confirmation box is required.
        let r = po.post(&app, &path, &[("csrf", po.csrf.as_str())]).await;
        assert_eq!(r.status(), 422);
        assert!(app.store.get_person(&bertil).await.is_ok());
        let r = po
            .post(
                &app,
                &path,
                &[
                    ("csrf", po.csrf.as_str()),
                    ("confirm", "1"),
                    ("reason", "asked by letter"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/ui/people?done=erased");
        assert!(app.store.get_person(&bertil).await.is_err(), "erased");
        let html = po
            .get(&app, "/ui/people?done=erased")
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("The person is erased"));
        // Only an administrator anonymizes.
        let admin = sign_in(&app, "admin@kundklubben.example").await;
        let path = format!("/ui/people/{astrid}/anonymize");
        assert_eq!(admin.get(&app, &path).await.status(), 200);
        let r = admin
            .post(
                &app,
                &path,
                &[("csrf", admin.csrf.as_str()), ("confirm", "1")],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert!(app.store.get_person(&astrid).await.is_err(), "anonymized");
        let head = app.store.ledger_head().await.unwrap();
        let entries = app.store.ledger_after(0, head).await.unwrap();
        let anonymized = entries
            .iter()
            .find(|e| e.kind == "person.anonymized")
            .expect("anonymized in the ledger");
        assert!(anonymized.actor.starts_with("user:"));
        // The objection outlives the person: the number is still refused.
        let html = admin
            .get(
                &app,
                "/ui/check?value=070-111+22+33&channel=phone&purpose=default%2Ftelemarketing",
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("May not be contacted"), "{html}");
        app.stop().await;
    }
}

/// Issue 20 §3: a purpose that does not rest on consent shows "not needed" with its legal basis
/// on the card, not "? Unknown"; but direct marketing by e-mail or SMS needs consent whatever the
/// basis (SE marknadsföringslagen 19 §, NO markedsføringsloven § 15, DK markedsføringsloven § 10,
/// FI tietoyhteiskuntakaari § 200), so there a missing consent is said to be missing.
#[tokio::test]
async fn the_card_says_where_consent_is_not_needed_and_where_it_is_missing() {
    for backend in backends() {
        let app = spawn(backend).await;
        api_ok(
            &app,
            reqwest::Method::POST,
            "/v1/purposes",
            json!({"key": "offers", "name": "Offers", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["email", "phone"]}),
        )
        .await;
        let (astrid, _, _) = seed(&app).await;
        user(&app, Role::PrivacyOfficer, "po@kundklubben.example", "en").await;
        let po = sign_in(&app, "po@kundklubben.example").await;
        let html = po
            .get(&app, &format!("/ui/people/{astrid}"))
            .await
            .text()
            .await
            .unwrap();
        let row = |key: &str| {
            let start = html
                .find(&format!("<tr data-purpose=\"{key}\">"))
                .unwrap_or_else(|| panic!("no row for {key}: {html}"));
            let end = start + html[start..].find("</tr>").unwrap();
            html[start..end].to_owned()
        };
        let service = row("customer_service");
        assert_eq!(
            service.matches("data-state=\"not_needed\"").count(),
            2,
            "{service}"
        );
        assert!(service.contains("Not needed (Contract)"), "{service}");
        assert!(!service.contains("data-state=\"unknown\""), "{service}");
        let calls = row("telemarketing");
        assert!(calls.contains("data-state=\"not_needed\""), "{calls}");
        let offers = row("offers");
        assert!(
            offers.contains("data-state=\"unknown\" title=\"Missing: e-mail and SMS marketing needs consent or a soft opt-in\""),
            "{offers}"
        );
        assert!(
            offers.contains("data-state=\"not_needed\""),
            "the phone call does not: {offers}"
        );
        app.stop().await;
    }
}

/// A multipart upload to the wash page, as the browser sends it: the fields, then the file.
async fn post_list(
    app: &TestApp,
    session: &Session,
    fields: &[(&str, &str)],
    list: &str,
) -> reqwest::Response {
    const BOUNDARY: &str = "vern-test-boundary";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{BOUNDARY}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{BOUNDARY}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\ncontent-type: text/csv\r\n\r\n{list}\r\n--{BOUNDARY}--\r\n"
    ));
    client()
        .post(app.url("/ui/wash"))
        .header("cookie", &session.cookie)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The web UI reads a wash's plan by the API's rules: a region, a planned time or an encoding
/// that cannot be read is refused with the API's message, and nothing is washed or recorded.
/// (The UI used to wash anyway, with the default in its place: a list washed for the wrong
/// time or region is a wrong answer given as a right one.)
#[tokio::test]
async fn the_ui_refuses_a_wash_plan_the_api_refuses_with_the_same_message() {
    for backend in backends() {
        let app = spawn(backend).await;
        seed(&app).await;
        user(&app, Role::Marketer, "marketing@kundklubben.example", "en").await;
        let marketer = sign_in(&app, "marketing@kundklubben.example").await;
        let list = "name;phone\nCecilia;070-555 66 77\n";
        for (field, value) in [("region", "XX"), ("at", "tomorrow"), ("encoding", "ebcdic")] {
            let r = app
                .http
                .post(app.url(&format!(
                    "/v1/wash?purpose=telemarketing&channel=phone&{field}={value}"
                )))
                .bearer_auth(&app.admin)
                .header("content-type", "text/csv")
                .body(list)
                .send()
                .await
                .unwrap();
            let (status, body) = crate::harness::read(r).await;
            assert_eq!(status, 422, "{field}: {body}");
            let message = body["message"].as_str().unwrap().to_owned();
            assert!(message.starts_with(&format!("{field}: ")), "{message}");

            let r = post_list(
                &app,
                &marketer,
                &[
                    ("csrf", marketer.csrf.as_str()),
                    ("purpose", "default/telemarketing"),
                    ("channel", "phone"),
                    (field, value),
                ],
                list,
            )
            .await;
            assert_eq!(r.status(), 422, "{field}={value} in the UI");
            let html = r.text().await.unwrap();
            assert!(
                html.contains(&message),
                "{field}: {message} not in the page"
            );
        }
        assert!(app.store.list_washes(10).await.unwrap().is_empty());
        // The same form with readable values washes.
        let r = post_list(
            &app,
            &marketer,
            &[
                ("csrf", marketer.csrf.as_str()),
                ("purpose", "default/telemarketing"),
                ("channel", "phone"),
                ("region", "SE"),
                ("at", "2026-11-24T18:30"),
                ("encoding", "windows-1252"),
            ],
            list,
        )
        .await;
        assert_eq!(r.status(), 303);
        let washes = app.store.list_washes(10).await.unwrap();
        assert_eq!(washes.len(), 1);
        assert_eq!(washes[0].via, "ui");
        assert_eq!(washes[0].counts.rows, 1);
        app.stop().await;
    }
}

/// Behind a proxy, a share link is made on the address the proxy names (`X-Forwarded-Host`,
/// `X-Forwarded-Proto`) whether the API or the person card makes it: the person is sent a link
/// that opens. (The card used to name the `Host` the proxy connected to, and guess the scheme.)
#[tokio::test]
async fn share_links_have_one_base_url_behind_a_proxy() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (astrid, _, _) = seed(&app).await;
        user(&app, Role::PrivacyOfficer, "po@kundklubben.example", "en").await;
        let po = sign_in(&app, "po@kundklubben.example").await;
        let proxied = [
            ("x-forwarded-host", "privacy.kundklubben.example"),
            ("x-forwarded-proto", "https"),
        ];
        let mut api = app
            .http
            .post(app.url(&format!("/v1/people/{astrid}/share-links")))
            .bearer_auth(&app.admin)
            .json(&json!({}));
        let mut ui = client()
            .post(app.url(&format!("/ui/people/{astrid}/share-link")))
            .header("cookie", &po.cookie)
            .form(&[("csrf", po.csrf.as_str())]);
        for (name, value) in proxied {
            api = api.header(name, value);
            ui = ui.header(name, value);
        }
        let (status, created) = crate::harness::read(api.send().await.unwrap()).await;
        assert_eq!(status, 201, "{created}");
        let base = "https://privacy.kundklubben.example/s/";
        let absolute = created["absolute_url"].as_str().unwrap();
        assert!(absolute.starts_with(base), "{absolute}");

        let r = ui.send().await.unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        let at = html
            .find(base)
            .expect("the card shows the link on the proxy's address");
        let token: String = html[at + base.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        assert_eq!(token.len(), 43, "{token}");
        // The link made by the card opens the person's page.
        let page = client()
            .get(app.url(&format!("/s/{token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_form_posted_without_its_csrf_token_is_refused() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (astrid, _, _) = seed(&app).await;
        user(&app, Role::Seller, "seller@kundklubben.example", "en").await;
        let s = sign_in(&app, "seller@kundklubben.example").await;
        let consent = |csrf: Option<&'static str>| {
            let mut f = vec![
                ("purpose", "newsletter"),
                ("channels", "sms"),
                ("state", "granted"),
                ("source", "call"),
            ];
            if let Some(c) = csrf {
                f.push(("csrf", c));
            }
            f
        };
        let path = format!("/ui/people/{astrid}/consent");
        let before = app.store.list_consents(&astrid).await.unwrap().len();
        let r = s.post(&app, &path, &consent(None)).await;
        assert_eq!(r.status(), 403);
        let r = s
            .post(
                &app,
                &path,
                &consent(Some("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
            )
            .await;
        assert_eq!(r.status(), 403);
        assert_eq!(
            app.store.list_consents(&astrid).await.unwrap().len(),
            before
        );
        // Another session's token is no good either.
        user(&app, Role::Seller, "seller2@kundklubben.example", "en").await;
        let other = sign_in(&app, "seller2@kundklubben.example").await;
        let mut form = consent(None);
        form.push(("csrf", other.csrf.as_str()));
        assert_eq!(s.post(&app, &path, &form).await.status(), 403);
        // Signing out without the token does not sign out; the sign-in form needs its token.
        assert_eq!(s.post(&app, "/ui/logout", &[]).await.status(), 403);
        let r = client()
            .post(app.url("/ui/login"))
            .form(&[
                ("email", "seller@kundklubben.example"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        assert!(set_cookie(&r, "vern_session").is_none());
        // With the token, the same form works.
        let mut form = consent(None);
        form.push(("csrf", s.csrf.as_str()));
        let r = s.post(&app, &path, &form).await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            app.store.list_consents(&astrid).await.unwrap().len(),
            before + 1
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn ui_responses_carry_security_headers_and_strict_cookies() {
    // Headers and cookies are set above the storage: SQLite only.
    // Default settings: cookies are Secure with the __Host- prefix.
    let db = TestDb::new(crate::harness::Backend::Sqlite).await;
    let app = TestApp::spawn_on(db).await;
    let r = client().get(app.url("/ui/login")).send().await.unwrap();
    let cookie = set_cookie(&r, "__Host-vern_login").expect("a __Host- cookie");
    for part in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Domain"));
    app.stop().await;

    let app = spawn(crate::harness::Backend::Sqlite).await;
    user(&app, Role::Admin, "admin@kundklubben.example", "en").await;
    let s = sign_in(&app, "admin@kundklubben.example").await;
    for r in [
        client().get(app.url("/ui/login")).send().await.unwrap(),
        s.get(&app, "/ui/inbox").await,
        s.get(&app, "/ui/nonexistent-page").await,
        s.get(&app, "/ui/people/nobody").await,
    ] {
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["cache-control"], "no-store");
    }
    app.stop().await;
}

#[tokio::test]
async fn the_cli_makes_the_first_admin_and_pages_speak_the_users_language() {
    for backend in backends() {
        // Before the server ever ran: `vern users create` makes the database and the first admin.
        let db = TestDb::new(backend).await;
        let out = db
            .command()
            .args([
                "users",
                "create",
                "--role",
                "admin",
                "--email",
                "Boss@Kundklubben.example",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        // A generated password, printed alone on the last line.
        let generated = stdout.lines().last().unwrap().trim().to_owned();
        assert_eq!(generated.len(), 24);
        assert!(!stdout.contains("Boss@"), "the address is shown normalized");
        // A chosen password from standard input, and a Swedish seller.
        let mut child = db
            .command()
            .args([
                "users",
                "create",
                "--role",
                "seller",
                "--email",
                "saljare@kundklubben.example",
                "--password-stdin",
                "--language",
                "sv",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            writeln!(stdin, "{PASSWORD}").unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        assert!(!String::from_utf8_lossy(&out.stdout).contains(PASSWORD));
        // Agents use keys, not the UI; a taken address is refused.
        for args in [
            [
                "users",
                "create",
                "--role",
                "authorized_agent",
                "--email",
                "a@kundklubben.example",
            ],
            [
                "users",
                "create",
                "--role",
                "seller",
                "--email",
                "boss@kundklubben.example",
            ],
        ] {
            let out = db.command().args(args).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
        }

        let app = TestApp::spawn_with(db, |s| s.ui.secure_cookies = false).await;
        let r = try_sign_in(&app, "boss@kundklubben.example", &generated).await;
        assert_eq!(r.status(), 303);
        let s = sign_in(&app, "saljare@kundklubben.example").await;
        let html = s.get(&app, "/ui/people").await.text().await.unwrap();
        assert!(
            html.contains("lang=\"sv\"") && html.contains("Hitta en person"),
            "{html}"
        );
        // Signing out ends the session.
        let r = s
            .post(&app, "/ui/logout", &[("csrf", s.csrf.as_str())])
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(s.get(&app, "/ui/people").await.status(), 303, "signed out");
        // Creating users and signing in and out are in the ledger, without staff addresses.
        let head = app.store.ledger_head().await.unwrap();
        let entries = app.store.ledger_after(0, head).await.unwrap();
        for k in ["user.created", "session.started", "session.ended"] {
            assert!(entries.iter().any(|e| e.kind == k), "{k}");
        }
        assert!(
            entries
                .iter()
                .all(|e| !e.payload.contains("kundklubben.example")),
            "staff e-mail stays out of the ledger"
        );
        app.stop().await;
    }
}

// ---------------------------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------------------------

/// chromedriver, started by the test on a free port, with one Chromium session.
pub(crate) struct Browser {
    http: reqwest::Client,
    base: String,
    session: String,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        let p = Path::new(name);
        if p.is_absolute() && p.exists() {
            return Some(p.to_path_buf());
        }
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

const DEADLINE: Duration = Duration::from_secs(20);

impl Browser {
    pub(crate) async fn start() -> Browser {
        let driver_path = find_program(&["chromedriver", "/usr/lib/chromium/chromedriver"])
            .expect("chromedriver was not found: install the Debian packages `chromium chromium-driver` (apt-get install -y chromium chromium-driver); .ci/run installs them");
        let chromium =
            find_program(&["/usr/lib/chromium/chromium", "chromium", "chromium-browser"]).expect(
                "Chromium was not found: install the Debian packages `chromium chromium-driver`",
            );
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver could not be started");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let ready = match http.get(format!("{base}/status")).send().await {
                Ok(r) => r
                    .json::<Value>()
                    .await
                    .is_ok_and(|v| v["value"]["ready"] == true),
                Err(_) => false,
            };
            if ready {
                break;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "chromedriver did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,1400", "--lang=en-GB",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        }}});
        let r: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {r}"))
            .to_owned();
        Browser {
            http,
            base,
            session,
            driver,
            _profile: profile,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        v["value"].clone()
    }

    pub(crate) async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    pub(crate) async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The element `css` selects, waiting for it to appear.
    pub(crate) async fn find(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            let v = self
                .call(
                    reqwest::Method::POST,
                    "/element",
                    Some(json!({"using": "css selector", "value": css})),
                )
                .await;
            if let Some(id) = v.as_object().and_then(|o| {
                o.iter()
                    .find(|(k, _)| k.starts_with("element-"))
                    .and_then(|(_, v)| v.as_str())
            }) {
                return id.to_owned();
            }
            assert!(
                started.elapsed() < DEADLINE,
                "no element {css} on {}",
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(crate) async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    pub(crate) async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/clear"),
            Some(json!({})),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    pub(crate) async fn text(&self, css: &str) -> String {
        let id = self.find(css).await;
        self.call(reqwest::Method::GET, &format!("/element/{id}/text"), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Wait until the text of `css` contains `wanted`.
    pub(crate) async fn wait_text(&self, css: &str, wanted: &str) -> String {
        let started = Instant::now();
        loop {
            let t = self.text(css).await;
            if t.contains(wanted) {
                return t;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "{css} never said {wanted:?}; it says {t:?} on {}",
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(crate) async fn select(&self, select_css: &str, value: &str) {
        self.click(&format!("{select_css} option[value=\"{value}\"]"))
            .await;
    }

    pub(crate) async fn screenshot(&self, name: &str, save: bool) {
        if !save {
            return;
        }
        let v = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        if std::env::var_os("VERN_SCREENSHOTS").is_none() {
            return;
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    async fn cookie(&self, name: &str) -> String {
        let v = self.call(reqwest::Method::GET, "/cookie", None).await;
        let c = v
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no cookie {name}"));
        format!("{name}={}", c["value"].as_str().unwrap())
    }

    pub(crate) async fn sign_in(&self, app: &TestApp, email: &str) {
        self.goto(&app.url("/ui/login")).await;
        self.type_into("#email", email).await;
        self.type_into("#password", PASSWORD).await;
        self.click("button[type=submit]").await;
        // Signed in: the header names the user.
        self.wait_text("header .me", email).await;
    }

    pub(crate) async fn sign_out(&self) {
        self.click("header .me button").await;
        self.find("#password").await;
    }

    pub(crate) async fn quit(&self) {
        self.call(reqwest::Method::DELETE, "", None).await;
    }
}

#[tokio::test]
async fn staff_work_in_a_real_browser() {
    for (i, backend) in backends().into_iter().enumerate() {
        let shots = i == 0;
        let app = spawn(backend).await;
        let (astrid, _bertil, request) = seed(&app).await;
        user(&app, Role::Seller, "seller@kundklubben.example", "en").await;
        user(
            &app,
            Role::PrivacyOfficer,
            "dpo-desk@kundklubben.example",
            "en",
        )
        .await;
        user(&app, Role::Marketer, "marketing@kundklubben.example", "en").await;
        user(&app, Role::Auditor, "audit@kundklubben.example", "en").await;
        // Two register versions: one in force, one long stale.
        let today = wall_clock().date();
        let key = app.store.keys().digest().clone();
        let listed = vern_core::identifier::phone_digest(&key, "+46702223344");
        app.store
            .import_register(
                &Actor::Cli,
                wall_clock(),
                vern_core::register::Register::NixTelefon,
                today,
                &[(listed, vern_core::ChannelSet::ALL)],
                "nix-2026.csv",
                "00",
            )
            .await
            .unwrap();
        app.store
            .import_register(
                &Actor::Cli,
                wall_clock(),
                vern_core::register::Register::Robinsonlisten,
                today - time::Duration::days(400),
                &[],
                "robinson-old.csv",
                "00",
            )
            .await
            .unwrap();
        // More of an inbox: one long overdue, one due soon, one just in.
        let now = wall_clock();
        for (kind, days, email) in [
            ("erasure", 40, "cecilia@example.se"),
            ("objection", 26, "david@example.se"),
            ("rectification", 2, "eva@example.se"),
        ] {
            let at = (now - time::Duration::days(days))
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap();
            api_ok(
                &app,
                reqwest::Method::POST,
                "/v1/requests",
                json!({"kind": kind, "identifiers": {"email": email}, "received_via": "email", "received_at": at}),
            )
            .await;
        }
        let b = Browser::start().await;

        // A seller finds a person, sees the objection banner, records a consent heard on a call.
        b.sign_in(&app, "seller@kundklubben.example").await;
        assert!(b.url().await.ends_with("/ui/people"));
        b.type_into("#q", "070-111 22 33").await;
        b.click("form.search button").await;
        b.wait_text("#results", "Astrid Lindqvist").await;
        b.click("#results a").await;
        let banner = b
            .wait_text("#contact-banner", "Do not contact for marketing")
            .await;
        assert!(
            banner.contains("objection via authorized agent"),
            "{banner}"
        );
        b.select("#c-purpose", "newsletter").await;
        b.click("#c-ch-sms").await;
        b.click("#c-granted").await;
        b.type_into("#c-text", "Yes, texts about offers are fine")
            .await;
        b.click("#save-consent").await;
        b.wait_text("[role=status]", "The consent is recorded")
            .await;
        let row = b.text("#consents tr[data-purpose=newsletter]").await;
        assert!(row.contains("SMS"), "{row}");
        b.find("#consents tr[data-purpose=newsletter] .consent.granted[data-state=granted]")
            .await;
        let consents = app.store.list_consents(&astrid).await.unwrap();
        assert!(consents.iter().any(|c| c.channel == vern_core::Channel::Sms
            && c.action == vern_core::consent::ConsentAction::Granted
            && c.evidence.as_ref().and_then(|e| e.by.as_deref())
                == Some("seller@kundklubben.example")));
        b.screenshot("person-card", shots).await;
        // Typing the report's URL is refused.
        b.goto(&app.url(&format!("/ui/people/{astrid}/report")))
            .await;
        b.wait_text("h1", "Not allowed").await;
        b.sign_out().await;

        // A privacy officer works a request from arrival to completion.
        b.sign_in(&app, "dpo-desk@kundklubben.example").await;
        assert!(b.url().await.ends_with("/ui/inbox"));
        b.wait_text("#inbox", "Access").await;
        b.find("#inbox tr.overdue").await;
        b.screenshot("inbox", shots).await;
        b.click(&format!("#inbox a[href=\"/ui/requests/{request}\"]"))
            .await;
        b.wait_text("#request-state", "Received").await;
        b.click("#assign-me").await;
        b.wait_text("[role=status]", "assigned to you").await;
        b.select("#v-method", "id_document").await;
        b.click("#verify").await;
        b.wait_text("#request-state", "In progress").await;
        b.type_into(
            "#c-outcome",
            "Your data is in the attached report, sent by post.",
        )
        .await;
        b.click("#complete").await;
        b.wait_text("#request-state", "Completed").await;
        let log = b.text("#request-log").await;
        for step in ["Received", "Assigned", "Identity verified", "Completed"] {
            assert!(log.contains(step), "{step} in {log}");
        }
        b.find("#request-messages").await;
        b.screenshot("request", shots).await;
        let record = app.store.get_request(&request).await.unwrap();
        assert_eq!(record.state.as_str(), "completed");
        assert_eq!(
            record.assignee.as_deref(),
            Some("dpo-desk@kundklubben.example")
        );
        b.sign_out().await;

        // A marketer checks a number as they type, and washes a list.
        b.sign_in(&app, "marketing@kundklubben.example").await;
        assert!(b.url().await.ends_with("/ui/check"));
        b.select("#purpose", "default/telemarketing").await;
        b.select("#channel", "phone").await;
        b.type_into("#value", "070-111 22 33").await;
        let answer = b.wait_text("#check-result", "May not be contacted").await;
        assert!(answer.contains("objection.direct_marketing"), "{answer}");
        b.screenshot("check", shots).await;
        b.type_into("#value", "070-555 66 77").await;
        b.wait_text("#check-result", "May be contacted").await;

        let list = app.db.dir.path().join("campaign.csv");
        std::fs::write(
            &list,
            "name;phone\nAstrid;070-111 22 33\nBertil;070-222 33 44\nCecilia;070-555 66 77\nDavid;not a number\n",
        )
        .unwrap();
        b.goto(&app.url("/ui/wash")).await;
        b.select("#w-purpose", "default/telemarketing").await;
        b.select("#w-channel", "phone").await;
        b.type_into("#w-file", list.to_str().unwrap()).await;
        b.click("#wash-submit").await;
        b.wait_text("#count-rows", "4").await;
        assert_eq!(b.text("#count-allowed").await, "1");
        assert_eq!(b.text("#count-rejected").await, "3");
        b.screenshot("wash-result", shots).await;
        let href = {
            let id = b.find("#download-allowed").await;
            b.call(
                reqwest::Method::GET,
                &format!("/element/{id}/attribute/href"),
                None,
            )
            .await
            .as_str()
            .unwrap()
            .to_owned()
        };
        let cookie = b.cookie("vern_session").await;
        let url = if href.starts_with("http") {
            href
        } else {
            app.url(&href)
        };
        let csv = client()
            .get(url)
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(csv.contains("Cecilia"), "{csv}");
        assert!(!csv.contains("Astrid") && !csv.contains("Bertil"), "{csv}");
        // Old-Mac line endings and a formula: the objector is found, the formula counted.
        std::fs::write(
            &list,
            "name;phone\rAstrid;070-111 22 33\r=HYPERLINK(\"x\");070-555 66 77\r",
        )
        .unwrap();
        b.goto(&app.url("/ui/wash")).await;
        b.select("#w-purpose", "default/telemarketing").await;
        b.select("#w-channel", "phone").await;
        b.type_into("#w-file", list.to_str().unwrap()).await;
        b.click("#wash-submit").await;
        b.wait_text("#count-rows", "2").await;
        assert_eq!(b.text("#count-allowed").await, "1");
        assert_eq!(b.text("#count-neutralized").await, "1");
        b.goto(&app.url("/ui/registers")).await;
        b.find("#registers tr[data-status=stale]").await;
        b.find("#registers tr[data-status=in_force]").await;
        b.screenshot("registers", shots).await;
        b.sign_out().await;

        // An auditor browses the ledger and verifies the chain.
        b.sign_in(&app, "audit@kundklubben.example").await;
        assert!(b.url().await.ends_with("/ui/ledger"));
        b.wait_text("#ledger", "consent.granted").await;
        b.click("#verify-ledger").await;
        b.wait_text("#verify-result", "The chain is intact").await;
        b.screenshot("ledger", shots).await;
        // The auditor sees no people.
        b.goto(&app.url(&format!("/ui/people/{astrid}"))).await;
        b.wait_text("h1", "Not allowed").await;

        b.quit().await;
        drop(b);
        app.stop().await;
    }
}
