//! The HTTP edge: what is refused before any handler or store sees it, and how refusals,
//! slow clients and a lost database are answered.

use serde_json::{Value, json};

use crate::harness::{Backend, StoreExt as _, TestApp, TestDb, backends, read};

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A server whose UI cookies work over plain HTTP.
async fn spawn(backend: Backend) -> TestApp {
    let db = TestDb::new(backend).await;
    TestApp::spawn_with(db, |s| s.ui.secure_cookies = false).await
}

/// The value of the hidden CSRF field and the pre-session cookie of the sign-in page.
async fn login_form(app: &TestApp) -> (String, String) {
    let r = client().get(app.url("/ui/login")).send().await.unwrap();
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("vern_login="))
        .expect("a pre-session cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let html = r.text().await.unwrap();
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    (cookie, html[at..].split('"').next().unwrap().to_owned())
}

/// NUL in a text field, an id or a query value: PostgreSQL cannot store it in text and answered
/// 500; SQLite stored it. Both now refuse it at the edge with 422 naming the field, and nothing
/// is written.
#[tokio::test]
async fn nul_is_refused_at_the_edge_naming_the_field() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (status, out) = app
            .post(
                "/v1/purposes",
                &app.admin,
                &json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"]}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        let head = app.store.ledger_head_for_test().await;
        let json_cases: [(&str, &str, Value, &str); 7] = [
            (
                "POST",
                "/v1/purposes",
                json!({"key": "a\u{0}b", "name": "x", "legal_basis": "consent", "channels": ["email"]}),
                "key",
            ),
            (
                "POST",
                "/v1/purposes",
                json!({"key": "ab", "name": "x\u{0}", "legal_basis": "consent", "channels": ["email"]}),
                "name",
            ),
            (
                "POST",
                "/v1/people",
                json!({"name": "Astrid\u{0}", "emails": ["astrid@example.se"]}),
                "name",
            ),
            (
                "POST",
                "/v1/people",
                json!({"name": "Astrid", "emails": ["astrid@example.se", "a\u{0}@example.se"]}),
                "emails[1]",
            ),
            (
                "POST",
                "/v1/blocklist",
                json!({"email": "bertil@example.se", "reason": "asked\u{0}"}),
                "reason",
            ),
            (
                "POST",
                "/v1/objections",
                json!({"identifiers": {"email": "b\u{0}@example.se"}}),
                "identifiers.email",
            ),
            (
                "DELETE",
                "/v1/blocklist/some-id",
                json!({"reason": "\u{0}"}),
                "reason",
            ),
        ];
        for (method, path, body, field) in json_cases {
            let r = app
                .http
                .request(method.parse().unwrap(), app.url(path))
                .bearer_auth(&app.admin)
                .json(&body)
                .send()
                .await
                .unwrap();
            let (status, out) = read(r).await;
            assert_eq!(status, 422, "{backend:?} {method} {path}: {out}");
            assert_eq!(out["code"], "invalid", "{out}");
            assert_eq!(out["details"][0]["field"], field, "{method} {path}: {out}");
        }
        let uri_cases = [
            ("GET", "/v1/people/abc%00def", "id"),
            ("DELETE", "/v1/people/abc%00", "id"),
            ("GET", "/v1/purposes?controller=x%00", "controller"),
            ("GET", "/v1/people?email=a%00%40example.se", "email"),
            ("GET", "/v1/blocklist?limit=5&after=%00", "after"),
            ("GET", "/v1/requests/r%00/", "id"),
        ];
        for (method, path, field) in uri_cases {
            let r = app
                .http
                .request(method.parse().unwrap(), app.url(path))
                .bearer_auth(&app.admin)
                .send()
                .await
                .unwrap();
            let (status, out) = read(r).await;
            if path.ends_with('/') {
                // No route has this shape: not found, whatever the id holds.
                assert_eq!(status, 404, "{path}: {out}");
                continue;
            }
            assert_eq!(status, 422, "{backend:?} {method} {path}: {out}");
            assert_eq!(out["details"][0]["field"], field, "{path}: {out}");
        }
        // The sign-in form, before any session, and the public request form.
        let (cookie, csrf) = login_form(&app).await;
        let r = client()
            .post(app.url("/ui/login"))
            .header("cookie", &cookie)
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "a\u{0}@example.se"),
                ("password", "x"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("email: must not contain the NUL character"),
            "{page}"
        );
        let r = client()
            .post(app.url("/request"))
            .form(&[
                ("kind", "access"),
                ("email", "a@example.se"),
                ("name", "A\u{0}"),
            ])
            .send()
            .await
            .unwrap();
        let (status, out) = read(r).await;
        assert_eq!(
            (status, &out["details"][0]["field"]),
            (422, &json!("name")),
            "{out}"
        );
        assert_eq!(
            app.store.ledger_head_for_test().await,
            head,
            "{backend:?}: nothing is written"
        );
        app.stop().await;
    }
}

/// A UI form post without a body, or without a token, is refused as every CSRF failure is: 403.
#[tokio::test]
async fn ui_posts_without_a_body_or_token_are_403() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (cookie, _) = login_form(&app).await;
        for (path, content_type, body) in [
            ("/ui/login", None, ""),
            ("/ui/login", Some("application/x-www-form-urlencoded"), ""),
            ("/ui/login", Some("text/plain"), "email=a"),
            (
                "/ui/login",
                Some("application/x-www-form-urlencoded"),
                "%zz=%",
            ),
            ("/ui/logout", None, ""),
        ] {
            let mut r = client()
                .post(app.url(path))
                .header("cookie", &cookie)
                .body(body);
            if let Some(t) = content_type {
                r = r.header("content-type", t);
            }
            let r = r.send().await.unwrap();
            assert_eq!(
                r.status(),
                403,
                "{backend:?} {path} {content_type:?} {body:?}"
            );
        }
        // Signed in: a form post without a body, or of another kind, has no token either.
        let admin = "admin@kundklubben.example";
        crate::ui::user(&app, vern_core::Role::Admin, admin, "en").await;
        let session = crate::ui::sign_in(&app, admin).await;
        for (path, content_type) in [
            ("/ui/wash", None),
            ("/ui/wash", Some("application/x-www-form-urlencoded")),
            ("/ui/users", None),
            ("/ui/settings", Some("text/plain")),
            ("/ui/logout", None),
        ] {
            let mut r = client()
                .post(app.url(path))
                .header("cookie", &session.cookie);
            if let Some(t) = content_type {
                r = r.header("content-type", t);
            }
            let r = r.send().await.unwrap();
            assert_eq!(r.status(), 403, "{backend:?} {path} {content_type:?}");
        }
        app.stop().await;
    }
}

/// The mode bits of a file, for others and the group.
#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Files vern creates are its owner's alone: the SQLite database, its WAL, the keyring and its
/// WAL (they were `0644`); a keyring every user may read is refused at start-up, saying how to
/// fix it.
#[cfg(unix)]
#[tokio::test]
async fn files_vern_creates_are_private() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut cmd = db.command();
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--http-threads", "1"]);
        let (mut child, addr) = crate::harness::serve_binary(cmd);
        let r = reqwest::get(format!("http://{addr}/readyz")).await.unwrap();
        assert_eq!(r.status(), 200);
        let files: Vec<_> = std::fs::read_dir(db.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        if backend == Backend::Sqlite {
            for name in [
                "vern.db",
                "vern.db-wal",
                "vern.keyring.db",
                "vern.keyring.db-wal",
            ] {
                assert!(
                    files.contains(&db.dir.path().join(name)),
                    "{name} in {files:?}"
                );
            }
        }
        for file in &files {
            assert_eq!(mode(file), 0o600, "{}", file.display());
        }
        child.kill().unwrap();
        child.wait().unwrap();
        if backend == Backend::Sqlite {
            use std::os::unix::fs::PermissionsExt;
            let keyring = db.dir.path().join("vern.keyring.db");
            std::fs::set_permissions(&keyring, std::fs::Permissions::from_mode(0o644)).unwrap();
            let (code, _, err) = crate::harness::run(&db, &["serve", "--listen", "127.0.0.1:0"]);
            assert_ne!(code, 0);
            assert!(err.contains("can be read by every user"), "{err}");
            assert!(err.contains("chmod 600"), "{err}");
        }
        db.drop_database().await;
    }
}

/// A TCP relay to PostgreSQL that the test can pull out, as a database server going away looks
/// to vern: open connections drop, new ones are refused.
struct Relay {
    addr: std::net::SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    async fn to(target: String) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            // Dropped with this task: every relayed connection ends with it.
            let mut links = tokio::task::JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                let target = target.clone();
                links.spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        Relay { addr, task }
    }

    async fn pull_out(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

/// `host:port` of a PostgreSQL URL.
fn authority(url: &str) -> &str {
    let rest = &url[url.find("://").unwrap() + 3..];
    let rest = rest.split('/').next().unwrap();
    rest.rsplit('@').next().unwrap()
}

/// The database going away is reported within a few seconds, not after 30: `/readyz` and a
/// write answer 503, the contact check goes on answering from memory, and a server started on
/// a port where nothing listens says "connection refused" at once. (A PostgreSQL scenario: an
/// SQLite file does not go away under an open connection.)
#[tokio::test]
async fn the_database_going_away_is_reported_at_once() {
    if !backends().contains(&Backend::Postgres) {
        return;
    }
    let mut db = TestDb::new(Backend::Postgres).await;
    let real = db.url.clone();
    let relay = Relay::to(authority(&real).to_owned()).await;
    db.url = real.replacen(authority(&real), &relay.addr.to_string(), 1);
    let app = TestApp::spawn_on(db).await;
    let (status, out) = app
        .post(
            "/v1/purposes",
            &app.admin,
            &json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"]}),
        )
        .await;
    assert_eq!(status, 201, "{out}");
    let marketer = app.key(vern_core::Role::Marketer).await;
    let check = json!({"identifiers": {"email": "a@example.se"}, "channel": "email", "purpose": "newsletter"});
    assert_eq!(app.post("/v1/check", &marketer, &check).await.0, 200);
    relay.pull_out().await;

    let started = std::time::Instant::now();
    let r = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let (status, out) = app
        .post(
            "/v1/purposes",
            &app.admin,
            &json!({"key": "sms", "name": "SMS", "legal_basis": "consent", "channels": ["sms"]}),
        )
        .await;
    assert_eq!(
        (status, out["code"].as_str()),
        (503, Some("unavailable")),
        "{out}"
    );
    let waited = started.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(10),
        "took {waited:?}"
    );
    let (status, out) = app.post("/v1/check", &marketer, &check).await;
    assert_eq!(status, 200, "the check answers from memory: {out}");

    // Nothing listens where the relay was: refused, said as such, at once.
    let started = std::time::Instant::now();
    let (code, _, err) = crate::harness::run(&app.db, &["serve", "--listen", "127.0.0.1:0"]);
    assert_ne!(code, 0);
    assert!(err.contains("connection refused"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    app.stop().await;
}

/// One HTTP/1.1 exchange on an open connection, written the way most clients write: the whole
/// request, then the answer read (both at once, so that a large body never stalls the reader).
/// The answer's status, its lower-cased headers and its body; `None` if the connection ended
/// before a whole answer.
async fn exchange(
    stream: &mut tokio::net::TcpStream,
    request: &[u8],
) -> Option<(u16, Vec<(String, String)>, String)> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let (mut reader, mut writer) = stream.split();
    let write = async {
        // A server that answers and closes early may reset the rest of the write.
        let _ = writer.write_all(request).await;
    };
    let read = async {
        let mut got = Vec::new();
        let mut buf = [0u8; 8192];
        let head_end = loop {
            if let Some(i) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let n = reader.read(&mut buf).await.ok()?;
            if n == 0 {
                return None;
            }
            got.extend_from_slice(&buf[..n]);
        };
        let head = String::from_utf8_lossy(&got[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let length: usize = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .map_or(0, |(_, v)| v.parse().unwrap());
        while got.len() < head_end + length {
            let n = reader.read(&mut buf).await.ok()?;
            if n == 0 {
                return None;
            }
            got.extend_from_slice(&buf[..n]);
        }
        let body = String::from_utf8_lossy(&got[head_end..head_end + length]).into_owned();
        Some((status, headers, body))
    };
    let ((), answer) = tokio::join!(write, read);
    answer
}

fn post_request(path: &str, key: Option<&str>, content_type: &str, body: &[u8]) -> Vec<u8> {
    let auth = key.map_or(String::new(), |k| format!("Authorization: Bearer {k}\r\n"));
    let mut r = format!(
        "POST {path} HTTP/1.1\r\nHost: vern\r\n{auth}Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: vern\r\n\r\n";

/// A refusal before the body is read (401, 403, a wrong content type) leaves the connection
/// usable for the client's next request: the rest of the body is read and thrown away. A body
/// too long to read through is answered with `Connection: close`, said, not done silently.
#[tokio::test]
async fn refusals_keep_the_connection_usable() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let marketer = app.key(vern_core::Role::Marketer).await;
        let auditor = app.key(vern_core::Role::Auditor).await;
        // Both known to the fast path after one use.
        for key in [&marketer, &auditor] {
            app.post("/v1/check", key, &json!({})).await;
        }
        // Larger than what hyper reads ahead, so that it is not all there when the refusal is.
        let big = format!("{{\"name\": \"{}\"}}", "a".repeat(1_000_000)).into_bytes();
        let cases: [(&str, Option<&str>, &str, u16); 7] = [
            ("/v1/people", None, "application/json", 401),
            ("/v1/people", Some(&marketer), "application/json", 403),
            ("/v1/purposes", Some(&app.admin), "text/plain", 400),
            ("/v1/check", Some("vern_not_a_key"), "application/json", 401),
            ("/v1/check", Some(&marketer), "text/plain", 400),
            ("/v1/check", Some(&auditor), "application/json", 403),
            ("/v1/check/batch", Some(&auditor), "application/json", 403),
        ];
        let addr = app.base.trim_start_matches("http://").to_owned();
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        for (path, key, content_type, status) in cases {
            let (got, headers, body) =
                exchange(&mut stream, &post_request(path, key, content_type, &big))
                    .await
                    .unwrap_or_else(|| panic!("{backend:?} {path}: no answer"));
            assert_eq!(got, status, "{path}: {body}");
            assert!(
                !headers
                    .iter()
                    .any(|(k, v)| k == "connection" && v == "close"),
                "{path}"
            );
            let next = exchange(&mut stream, HEALTHZ).await;
            assert_eq!(
                next.map(|(s, _, _)| s),
                Some(200),
                "{backend:?}: the connection is still usable after {path}'s {status}"
            );
        }
        // Past what is read through: the answer says the connection closes.
        let huge = vec![b'x'; 5 * 1024 * 1024];
        let (got, headers, _) = exchange(
            &mut stream,
            &post_request("/v1/people", None, "application/json", &huge),
        )
        .await
        .unwrap();
        assert_eq!(got, 401);
        assert!(
            headers
                .iter()
                .any(|(k, v)| k == "connection" && v == "close"),
            "{headers:?}"
        );
        app.stop().await;
    }
}

/// Hundreds of clients that send half a request and stop neither hold the server nor stop it
/// accepting: connections past the cap are answered 503, the slow ones are closed after the
/// header read timeout, and then the server answers as before. A body that stops coming is
/// given up after the body read timeout.
#[tokio::test]
async fn slow_clients_are_bounded() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let app = TestApp::spawn_with(db, |s| {
            // Long enough that the first slow clients are still held when the last of the
            // 300 connects on a loaded machine (at 1.5 s they were sometimes let go first, and
            // the late client found the server under its cap).
            s.http.header_read_timeout = std::time::Duration::from_millis(4000);
            s.http.body_read_timeout = std::time::Duration::from_millis(1500);
            s.http.max_connections = 200;
        })
        .await;
        let addr = app.base.trim_start_matches("http://").to_owned();
        let mut slow = Vec::new();
        for _ in 0..300 {
            let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: vern\r\n")
                .await
                .unwrap();
            slow.push(s);
        }
        // Accepted after the 300: past the cap, answered at once with a clear 503.
        let mut late = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let (status, headers, body) = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            exchange(&mut late, HEALTHZ),
        )
        .await
        .expect("an answer past the cap")
        .expect("an answer, not a closed connection");
        assert_eq!(status, 503, "{body}");
        assert!(body.contains("too_many_connections"), "{body}");
        assert!(
            headers
                .iter()
                .any(|(k, v)| k == "connection" && v == "close")
        );
        // Every slow client is let go after the header read timeout.
        let started = std::time::Instant::now();
        for s in &mut slow {
            let mut buf = [0u8; 512];
            let ended = tokio::time::timeout(std::time::Duration::from_secs(10), async {
                loop {
                    match s.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {}
                    }
                }
            })
            .await;
            assert!(
                ended.is_ok(),
                "{backend:?}: a slow client was held past the timeout"
            );
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        drop(slow);
        let (status, _) = read(app.http.get(app.url("/healthz")).send().await.unwrap()).await;
        assert_eq!(status, 200);
        // A body that stops halfway.
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        // 100 bytes announced, 8 sent.
        let mut request = post_request(
            "/v1/purposes",
            Some(&app.admin),
            "application/json",
            &[b' '; 100],
        );
        request.truncate(request.len() - 92);
        let answer = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            exchange(&mut stream, &request),
        )
        .await
        .expect("the server gives up on the body");
        let (status, headers, _) = answer.expect("an answer");
        assert_eq!(status, 400);
        assert!(
            headers
                .iter()
                .any(|(k, v)| k == "connection" && v == "close")
        );
        app.stop().await;
    }
}

/// Ten failed sign-ins from `forwarded_for` (as `X-Forwarded-For` says), then one more: its
/// status.
async fn sign_in_failures(app: &TestApp, forwarded_for: &str, attempts: usize) -> Vec<u16> {
    let (cookie, csrf) = login_form(app).await;
    let mut statuses = Vec::new();
    for _ in 0..attempts {
        let r = client()
            .post(app.url("/ui/login"))
            .header("cookie", &cookie)
            .header("x-forwarded-for", forwarded_for)
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "nobody@example.se"),
                ("password", "wrong"),
            ])
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    statuses
}

/// Behind a reverse proxy every client comes from the proxy's address. With the proxy among
/// `trusted_proxies`, the sign-in limit counts each forwarded client apart, so one client's
/// failures lock out only that client; without it, the forwarded header is not believed.
#[tokio::test]
async fn trusted_proxies_tell_clients_apart() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let app = TestApp::spawn_with(db, |s| {
            s.ui.secure_cookies = false;
            s.trusted_proxies =
                vern_server::TrustedProxies::parse(&["127.0.0.0/8".to_owned()]).unwrap();
        })
        .await;
        let first = sign_in_failures(&app, "203.0.113.5", 11).await;
        assert_eq!(first.last(), Some(&429), "{first:?}");
        assert!(!first[..10].contains(&429), "{first:?}");
        // Another client behind the same proxy is not locked out; what a client writes to the
        // left of the proxy's own entry changes nothing.
        let other = sign_in_failures(&app, "203.0.113.5, 198.51.100.7", 1).await;
        assert_ne!(other, [429], "{backend:?}");
        let spoofed = sign_in_failures(&app, "198.51.100.7, 203.0.113.5", 1).await;
        assert_eq!(spoofed, [429], "{backend:?}");
        app.stop().await;

        // Not trusted (the default): the header is ignored and everyone shares the address.
        let app = spawn(backend).await;
        sign_in_failures(&app, "203.0.113.5", 10).await;
        let other = sign_in_failures(&app, "198.51.100.7", 1).await;
        assert_eq!(other, [429], "{backend:?}");
        app.stop().await;
    }
}

/// Every API error is `{code, message}` JSON: an unknown route (404) and a wrong method (405)
/// had empty bodies, a path id that is not UTF-8 a plain-text 400; a webhook that does not
/// exist has no deliveries to list (404, not `[]`). Pages stay HTML.
#[tokio::test]
async fn every_error_is_json() {
    for backend in backends() {
        let app = spawn(backend).await;
        for (method, path, status, code) in [
            ("GET", "/no/such/route", 404, "not_found"),
            ("GET", "/v1/nothing-here", 404, "not_found"),
            ("DELETE", "/healthz", 405, "method_not_allowed"),
            ("GET", "/v1/check", 405, "method_not_allowed"),
            ("PUT", "/v1/people", 405, "method_not_allowed"),
            ("GET", "/v1/people/%FF%FE", 400, "bad_request"),
            ("GET", "/v1/blocklist?limit=many", 422, "invalid"),
            (
                "GET",
                "/v1/webhooks/no-such-webhook/deliveries",
                404,
                "not_found",
            ),
        ] {
            let r = app
                .http
                .request(method.parse().unwrap(), app.url(path))
                .bearer_auth(&app.admin)
                .send()
                .await
                .unwrap();
            assert_eq!(
                r.headers().get("content-type").map(|v| v.to_str().unwrap()),
                Some("application/json"),
                "{backend:?} {method} {path}"
            );
            let (got, out) = read(r).await;
            assert_eq!(
                (got, out["code"].as_str()),
                (status, Some(code)),
                "{method} {path}: {out}"
            );
            assert!(
                out["message"].as_str().is_some_and(|m| !m.is_empty()),
                "{out}"
            );
        }
        // Pages stay pages, also when the edge refuses before the page's handler runs.
        for (path, status) in [
            ("/ui/no-such-page", 404),
            ("/ui/people/a%00b", 422),
            ("/ui/people?q=%00", 422),
            ("/ui/login?next=a&next=b", 400),
        ] {
            let r = client().get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), status, "{path}");
            let html = r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html");
            assert!(html, "{backend:?} {path}");
        }
        app.stop().await;
    }
}

/// The OpenAPI document declares the statuses the edge answers for every operation, before any
/// handler: 401 and 403 where a key is needed, 400 and 422 where a parameter or a body is read,
/// 404 where the path names something, 408 and 413 where a body is sent, 503 where the database
/// is used. (schemathesis found about 97 statuses undocumented.)
#[tokio::test]
async fn openapi_declares_the_edge_statuses() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc: Value = app.openapi().await;
    let operation = |path: &str, method: &str| doc["paths"][path][method].clone();
    let statuses = |op: &Value| -> Vec<String> {
        op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    for (path, method, expected) in [
        (
            "/v1/webhooks/{id}/deliveries",
            "get",
            &["200", "401", "403", "404", "422", "503"][..],
        ),
        (
            "/v1/purposes",
            "post",
            &["400", "401", "403", "408", "413", "422", "503"],
        ),
        (
            "/v1/blocklist",
            "get",
            &["200", "400", "401", "403", "422", "503"],
        ),
        (
            "/v1/check",
            "post",
            &["200", "400", "401", "403", "413", "422"],
        ),
        ("/healthz", "get", &["200"]),
    ] {
        let got = statuses(&operation(path, method));
        for status in expected {
            assert!(
                got.contains(&status.to_string()),
                "{method} {path}: {status} not in {got:?}"
            );
        }
    }
    assert!(!statuses(&operation("/healthz", "get")).contains(&"503".to_owned()));
    // The error answers point at the one error body.
    assert_eq!(
        operation("/v1/purposes", "post")["responses"]["413"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/ErrorBody"
    );
    app.stop().await;
}
