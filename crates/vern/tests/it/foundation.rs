//! The foundation: health, OpenAPI, authentication, roles, keys, the ledger's tamper evidence.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use vern_core::Role;

use crate::harness::{Backend, TestApp, TestDb, backends, has_metric, read, texts};

#[tokio::test]
async fn health_openapi_and_authentication() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let r = app.http.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let r = app.http.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        // Every answer, an unknown route's too, carries the security headers; and the metrics
        // count requests by route template and status.
        for path in ["/healthz", "/no/such/route"] {
            let r = app.http.get(app.url(path)).send().await.unwrap();
            let h = r.headers();
            assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
            assert_eq!(h["x-frame-options"], "DENY", "{path}");
            assert_eq!(h["cache-control"], "no-store", "{path}");
        }
        let metrics = app.metrics().await;
        assert!(
            has_metric(
                &metrics,
                "vern_http_requests_total",
                &[r#"route="/healthz""#, r#"status="200""#, r#"method="GET""#]
            ),
            "{metrics}"
        );
        assert!(
            has_metric(
                &metrics,
                "vern_http_request_seconds_bucket",
                &[r#"route="/healthz""#, r#"le="0.001""#]
            ),
            "{metrics}"
        );
        // A status outside the usual few is counted too; and each answered check is counted by
        // its answer. The recorder is shared by every test in this process, so the check counter
        // is compared, not matched exactly.
        let checks_refused = |metrics: &str| -> f64 {
            metrics
                .lines()
                .find(|l| l.starts_with("vern_checks_total") && l.contains("allowed=\"false\""))
                .and_then(|l| l.rsplit(' ').next())
                .map_or(0.0, |v| v.parse().unwrap())
        };
        let before = checks_refused(&metrics);
        let r = app.http.get(app.url("/v1/check")).send().await.unwrap();
        assert_eq!(r.status(), 405);
        let (status, out) = app
            .post(
                "/v1/purposes",
                &app.admin,
                &serde_json::json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["sms"]}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        let marketer = app.key(Role::Marketer).await;
        let (status, out) = app
            .post(
                "/v1/check",
                &marketer,
                &serde_json::json!({"identifiers": {"email": "nobody@example.se"}, "channel": "sms", "purpose": "telemarketing"}),
            )
            .await;
        assert_eq!(
            (status, out["allowed"].as_bool()),
            (200, Some(false)),
            "{out}"
        );
        let metrics = app.metrics().await;
        assert!(
            has_metric(
                &metrics,
                "vern_http_requests_total",
                &[r#"route="/v1/check""#, r#"status="405""#]
            ),
            "{metrics}"
        );
        assert!(checks_refused(&metrics) >= before + 1.0, "{metrics}");
        // The check is answered before the router (front.rs): it is still observed under its
        // route template and carries the same headers.
        assert!(
            has_metric(
                &metrics,
                "vern_http_requests_total",
                &[
                    r#"route="/v1/check""#,
                    r#"method="POST""#,
                    r#"status="200""#
                ]
            ),
            "{metrics}"
        );
        assert!(
            has_metric(
                &metrics,
                "vern_http_request_seconds_bucket",
                &[r#"route="/v1/check""#]
            ),
            "{metrics}"
        );
        let r = app
            .http
            .post(app.url("/v1/check"))
            .bearer_auth(&marketer)
            .json(&serde_json::json!({"identifiers": {"email": "nobody@example.se"}, "channel": "sms", "purpose": "telemarketing"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert_eq!(r.headers()["content-type"], "application/json");

        let doc: Value = app.openapi().await;
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3.1"),
            "{}",
            doc["openapi"]
        );
        assert!(doc["paths"]["/v1/whoami"]["get"].is_object());
        // Every schema the document refers to is in it.
        fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
            match v {
                Value::Object(map) => {
                    for (k, v) in map {
                        match (k.as_str(), v.as_str()) {
                            ("$ref", Some(r)) => out.push(r),
                            _ => refs(v, out),
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 50, "{}", found.len());
        for r in found {
            let name = r.trim_start_matches("#/components/schemas/");
            assert!(
                doc["components"]["schemas"][name].is_object(),
                "{r} is missing"
            );
        }
        assert_eq!(
            doc["components"]["securitySchemes"]["api_key"]["scheme"],
            "bearer"
        );
        // Bodies: the wrong content type, broken JSON and a wrong field each get a clear
        // error that never repeats what was sent.
        let key = app.key(Role::Marketer).await;
        let send = |content_type: &'static str, body: &'static str| {
            app.http
                .post(app.url("/v1/check"))
                .bearer_auth(&key)
                .header("content-type", content_type)
                .body(body)
                .send()
        };
        let (status, out) = read(send("text/plain", "{}").await.unwrap()).await;
        assert_eq!(status, 400, "{out}");
        assert!(out.to_string().contains("application/json"), "{out}");
        let (status, out) = read(
            send("application/json", "{\"identifiers\": {")
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 400, "{out}");
        let (status, out) = read(
            send(
                "application/json; charset=utf-8",
                r#"{"identifiers": {"phone": 46701234567}, "channel": "sms", "purpose": "x"}"#,
            )
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(status, 422, "{out}");
        assert!(!out.to_string().contains("46701234567"), "{out}");
        // A string with an escape is read like any other: only the unknown purpose is wrong.
        let (status, out) = read(
            send(
                "application/json",
                r#"{"identifiers": {"phone": "\u002b46701234567"}, "channel": "sms", "purpose": "x"}"#,
            )
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(texts(&out["details"], "field"), ["purpose"], "{out}");
        let docs = app.http.get(app.url("/docs")).send().await.unwrap();
        assert_eq!(docs.status(), 200);

        // No key, a malformed header, a wrong key: 401 with a JSON body.
        let r = app.http.get(app.url("/v1/whoami")).send().await.unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "unauthorized");
        let r = app
            .http
            .get(app.url("/v1/whoami"))
            .header("authorization", "Basic abc")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let (status, body) = app.get("/v1/whoami", "vern_not-a-real-key").await;
        assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));

        let (status, body) = app.get("/v1/whoami", &app.admin).await;
        assert_eq!(status, 200);
        assert_eq!(body["role"], "admin");
        assert_eq!(body["name"], "test admin");
        let marketer = app.key(Role::Marketer).await;
        let (_, body) = app.get("/v1/whoami", &marketer).await;
        assert_eq!(body["role"], "marketer");

        let metrics = app.metrics().await;
        assert!(metrics.contains("vern_http_requests_total"), "{metrics}");
        assert!(!metrics.contains("vern_not-a-real-key"));
        app.stop().await;
    }
}

/// The API as the server describes it, against the committed `docs/openapi.json`, so that every
/// change to the API is seen in review. The document does not depend on the backend: SQLite
/// only. After an intended change, rewrite the file with
/// `VERN_UPDATE_OPENAPI=1 cargo test -p vern --test it openapi_document` and commit it.
#[tokio::test]
async fn openapi_document_matches_the_committed_snapshot() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc: Value = app.openapi().await;
    app.stop().await;
    let served = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var_os("VERN_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &served).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != served {
        let line = committed
            .lines()
            .zip(served.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(served.lines().count()));
        panic!(
            "/openapi.json differs from docs/openapi.json from line {}: review the API change, then \
             rewrite the file with VERN_UPDATE_OPENAPI=1 cargo test -p vern --test it openapi_document",
            line + 1
        );
    }
}

/// Walk every documented operation with a key of every role: an operation must refuse (403)
/// exactly the roles its security requirement does not list, and let the listed ones past
/// authorization. Operations without a security requirement are public. Authorization is decided
/// before any storage is reached, so one backend (SQLite) proves it for both.
#[tokio::test]
async fn every_route_enforces_its_documented_roles() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut keys = Vec::new();
    for role in Role::ALL {
        keys.push((role, app.key(role).await));
    }
    let doc: Value = app.openapi().await;
    let mut walked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(security) = op.get("security") else {
                continue;
            };
            let allowed: Vec<String> = security[0]["api_key"]
                .as_array()
                .unwrap_or_else(|| panic!("{method} {path} names no roles"))
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .collect();
            let concrete = fill_path(path);
            for (role, key) in &keys {
                let request = app
                    .http
                    .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
                    .bearer_auth(key)
                    .json(&json!({}));
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                // Past authorization, a door may still refuse with 401 or 403 for a reason of
                // its own (an SMS gateway's unsigned delivery); the codes tell which.
                let code = response
                    .json::<Value>()
                    .await
                    .ok()
                    .map(|b| b["code"].clone());
                let refused_role = matches!(
                    code.as_ref().and_then(Value::as_str),
                    Some("unauthorized" | "forbidden")
                );
                let listed = allowed.iter().any(|a| a == role.as_str());
                if listed {
                    assert!(
                        !refused_role || (status != 403 && status != 401),
                        "{method} {path} refused {role} ({status})"
                    );
                } else {
                    assert_eq!(status, 403, "{method} {path} let {role} through");
                }
                // Without a key, always 401.
            }
            let anonymous = app
                .http
                .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
                .send()
                .await
                .unwrap();
            assert_eq!(
                anonymous.status(),
                401,
                "{method} {path} answered without a key"
            );
            walked += 1;
        }
    }
    assert!(walked >= 1);
    app.stop().await;
}

fn fill_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("00000000-0000-7000-8000-000000000000");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

fn run(db: &TestDb, args: &[&str]) -> (i32, String, String) {
    let out = db.command().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The real binary: keys are ledger entries, `audit verify` passes on a fresh database and
/// names the entry after a row is altered behind vern's back.
#[tokio::test]
async fn cli_keys_and_tamper_evident_ledger() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let (code, out, err) = run(&db, &["audit", "verify"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("1 entries checked"), "{out}"); // the default controller

        let (code, out, err) = run(
            &db,
            &[
                "keys",
                "create",
                "--role",
                "privacy_officer",
                "--name",
                "Dana",
            ],
        );
        assert_eq!(code, 0, "{err}");
        let secret = out.lines().last().unwrap().to_owned();
        assert!(secret.starts_with("vern_") && !secret.contains(' '));
        let (code, _, err) = run(&db, &["keys", "create", "--role", "emperor", "--name", "x"]);
        assert_eq!(code, 2);
        assert!(err.contains("unknown role"));
        for name in ["second", "third"] {
            assert_eq!(
                run(
                    &db,
                    &["keys", "create", "--role", "auditor", "--name", name]
                )
                .0,
                0
            );
        }
        let (code, out, _) = run(&db, &["keys", "list"]);
        assert_eq!(code, 0);
        assert!(out.contains("privacy_officer") && out.contains("active"));
        assert!(!out.contains(&secret));

        let (code, out, _) = run(&db, &["audit", "verify"]);
        assert_eq!(code, 0);
        assert!(out.contains("4 entries checked"), "{out}");

        // Alter entry 3 (the key named "second") directly in the database.
        sqlx::any::install_default_drivers();
        let url = match backend {
            Backend::Sqlite => format!("{}?mode=rw", db.url),
            Backend::Postgres => db.url.clone(),
        };
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE ledger SET payload = replace(payload, 'second', 'sec0nd') WHERE seq = 3",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        drop(conn);
        let (code, out, _) = run(&db, &["audit", "verify"]);
        assert_ne!(code, 0);
        assert!(out.contains("entry 3"), "{out}");
        db.drop_database().await;
    }
}

/// A reader that leaves early (`vern keys list | head -1`) ends the output quietly: the command
/// exits with its own code and prints no panic. `println!` panicked on the closed pipe and the
/// command exited 101.
#[tokio::test]
async fn cli_output_to_a_closed_pipe_is_a_quiet_end() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let created = run(
            &db,
            &["keys", "create", "--role", "auditor", "--name", "reader"],
        );
        assert_eq!(created.0, 0, "{}", created.2);
        let commands: [&[&str]; 3] = [
            &["keys", "list"],
            &["audit", "verify"],
            &["normalize", "phone", "0701234567", "--region", "SE"],
        ];
        for args in commands {
            let mut child = db
                .command()
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            // The only reader goes before the command has written a line: every line it writes
            // meets a closed pipe.
            drop(child.stdout.take());
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        }
        db.drop_database().await;
    }
}

/// A secret shown once (a new key) that meets a closed pipe was shown to nobody: the command
/// says so on standard error, names the key to revoke, and fails, unlike an ordinary listing.
#[tokio::test]
async fn a_key_whose_secret_could_not_be_written_is_reported() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut child = db
            .command()
            .args(["keys", "create", "--role", "auditor", "--name", "lost"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("was created, but its secret could not be written")
                && err.contains("vern keys revoke"),
            "{err}"
        );
        db.drop_database().await;
    }
}

/// Any other failure to write standard output is an error the command reports, so that an answer
/// that was not written never passes for one that was. `/dev/full` fails every write with
/// "no space left on device"; `println!` panicked there too (exit 101).
#[cfg(target_os = "linux")]
#[tokio::test]
async fn cli_output_that_cannot_be_written_is_an_error() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = db
            .command()
            .args(["keys", "list"])
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.starts_with("error: cannot write to standard output"),
            "{err}"
        );
        assert_eq!(out.status.code(), Some(1), "{err}");
        db.drop_database().await;
    }
}

#[tokio::test]
async fn cli_revokes_a_key_and_the_running_server_notices() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let seller = app.key(Role::Seller).await;
        assert_eq!(app.get("/v1/whoami", &seller).await.0, 200);
        // The first check learns the key through the router; the next are answered on the
        // connection's thread from the key cache. All must stop once the key is revoked.
        let purpose = json!({"key": "offers", "name": "Offers", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone"]});
        assert_eq!(app.post("/v1/purposes", &app.admin, &purpose).await.0, 201);
        let check = json!({"identifiers": {"phone": "+46701234567"}, "channel": "phone", "purpose": "offers"});
        let batch = json!({"items": [check, check]});
        for _ in 0..2 {
            let (status, answer) = app.post("/v1/check", &seller, &check).await;
            assert_eq!(
                (status, &answer["allowed"]),
                (200, &json!(true)),
                "{answer}"
            );
            let (status, answer) = app.post("/v1/check/batch", &seller, &batch).await;
            assert_eq!(status, 200, "{answer}");
            assert_eq!(answer["results"][1]["allowed"], json!(true), "{answer}");
        }
        let (_, body) = app.get("/v1/whoami", &seller).await;
        let id = body["key_id"].as_str().unwrap().to_owned();
        let (code, out, err) = run(&app.db, &["keys", "revoke", &id]);
        assert_eq!(code, 0, "{out}{err}");
        // Another process wrote the revocation; this server sees it within a poll interval.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let status = app.get("/v1/whoami", &seller).await.0;
            if status == 401 {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "revoked key still accepted"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(app.post("/v1/check", &seller, &check).await.0, 401);
        assert_eq!(app.post("/v1/check/batch", &seller, &batch).await.0, 401);
        assert_eq!(run(&app.db, &["keys", "revoke", &id]).0, 1);
        app.stop().await;
    }
}

/// `vern serve` from the binary answers /healthz; the key file is created on first start.
#[tokio::test]
async fn serve_binary_starts_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_vern"))
        .args(["serve", "--listen", "127.0.0.1:0", "--http-threads", "0"])
        .env_clear()
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("http_threads must be between 1 and"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vern"))
        .args(["serve", "--listen", "127.0.0.1:0", "--http-threads", "3"])
        .env_clear()
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // Reads the log until the address, then closes it: a server whose log reader has gone
    // must go on serving and stop cleanly (it used to panic on its next log line).
    std::thread::spawn(move || {
        let addr = BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| {
                line.split("addr=")
                    .nth(1)
                    .map(|a| a.split_whitespace().next().unwrap_or("").to_owned())
            });
        let _ = tx.send(addr);
    });
    let Ok(Some(addr)) = rx.recv_timeout(std::time::Duration::from_secs(60)) else {
        child.kill().unwrap();
        panic!("the server never said where it listens");
    };
    let body: Value = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["status"], "ok");
    // Many connections at once, spread over the three HTTP threads, all answered.
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..24 {
        // A client each: a connection each.
        let request = reqwest::Client::new().get(format!("http://{addr}/healthz"));
        requests.spawn(async move { request.send().await.map(|r| r.status().as_u16()) });
    }
    let answers = requests.join_all().await;
    assert!(answers.iter().all(|a| matches!(a, Ok(200))), "{answers:?}");
    // SIGTERM stops every HTTP thread and the server exits cleanly.
    let term = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let exit = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the server did not stop on SIGTERM");
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert!(exit.success(), "{exit:?}");
    assert!(dir.path().join("vern.db").exists());
    assert!(dir.path().join("vern.keyring.db").exists());
    let key = std::fs::read_to_string(dir.path().join("vern.key")).unwrap();
    assert_eq!(key.trim().len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("vern.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the key file must be private");
    }
    // Without its key file the database is refused, not silently re-keyed.
    std::fs::rename(dir.path().join("vern.key"), dir.path().join("moved.key")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vern"))
        .args(["audit", "verify"])
        .env_clear()
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("key file"));
    assert!(!dir.path().join("vern.key").exists());
}

#[test]
fn normalize_command() {
    let bin = env!("CARGO_BIN_EXE_vern");
    let run = |args: &[&str]| {
        let o = std::process::Command::new(bin)
            .args(args)
            .env_clear()
            .output()
            .unwrap();
        (
            o.status.code().unwrap(),
            String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        )
    };
    assert_eq!(
        run(&["normalize", "phone", "070-123 45 67", "--region", "SE"]),
        (0, "+46701234567".into())
    );
    assert_eq!(
        run(&["normalize", "phone", "912 34 567", "--region", "NO"]),
        (0, "+4791234567".into())
    );
    assert_eq!(
        run(&["normalize", "email", "  Anna.Berg@Example.COM "]),
        (0, "anna.berg@example.com".into())
    );
    assert_eq!(
        run(&["normalize", "national-id", "131052-308T"]),
        (0, "131052-308T FI hetu".into())
    );
    assert_eq!(run(&["normalize", "phone", "N/A", "--region", "SE"]).0, 2);
    assert_eq!(run(&["normalize", "national-id", "8001613294"]).0, 2);
    assert_eq!(
        run(&["normalize", "phone", "0701234567", "--region", "XX"]).0,
        2
    );
}
