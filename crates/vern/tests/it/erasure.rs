//! Erasure that really erases: the recycle bin, purge at a later clock, crypto-shredding
//! (also of backups), statistics kept, objections kept, legal holds, notices to recipients.

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vern_core::Role;
use vern_store::Store;

use crate::harness::{Backend, TestApp, backends};

/// A webhook receiver on localhost: keeps (headers, body) of each POST and answers 200.
pub(crate) struct Receiver {
    pub(crate) port: u16,
    pub(crate) got: Arc<Mutex<Vec<(String, String)>>>,
}

impl Receiver {
    pub(crate) async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&got);
        tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    return;
                };
                let sink = Arc::clone(&sink);
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    loop {
                        let n = sock.read(&mut chunk).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                        let text = String::from_utf8_lossy(&buf).into_owned();
                        if let Some((head, body)) = text.split_once("\r\n\r\n") {
                            let len = head
                                .lines()
                                .find_map(|l| {
                                    l.to_ascii_lowercase()
                                        .strip_prefix("content-length:")
                                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                                })
                                .unwrap_or(0);
                            if body.len() >= len {
                                sink.lock()
                                    .unwrap()
                                    .push((head.to_owned(), body[..len].to_owned()));
                                let _ = sock.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
                                return;
                            }
                        }
                    }
                });
            }
        });
        Receiver { port, got }
    }
}

/// The wall clock: these tests look at purges a month or years on from now.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

async fn setup(app: &TestApp) {
    for body in [
        json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone", "sms", "email"]}),
        json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"]}),
    ] {
        assert_eq!(app.post("/v1/purposes", &app.admin, &body).await.0, 201);
    }
}

const NEEDLES: [&str; 6] = [
    "Quinbertha",
    "Zwoggel",
    "quinbertha.zwoggel@example.se",
    "46739871234",
    "739871234",
    "Quintessential-note",
];

fn files_contain(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                hits.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    hits
}

async fn deal_totals(app: &TestApp) -> Vec<(String, i64)> {
    sqlx::any::install_default_drivers();
    let url = match app.db.backend {
        Backend::Sqlite => format!("{}?mode=ro", app.db.url),
        Backend::Postgres => app.db.url.clone(),
    };
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let rows = sqlx::query("SELECT owner, CAST(SUM(amount_minor) AS BIGINT) AS total FROM deals GROUP BY owner ORDER BY owner").fetch_all(&mut conn).await.unwrap();
    use sqlx::Row;
    rows.iter()
        .map(|r| (r.get::<String, _>("owner"), r.get::<i64, _>("total")))
        .collect()
}

#[tokio::test]
async fn erase_restore_purge_and_nothing_remains() {
    for backend in backends() {
        let receiver = Receiver::start().await;
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let marketer = app.key(Role::Marketer).await;
        let (status, hook) = app.post("/v1/webhooks", &app.admin, &json!({"name": "mailer", "url": format!("http://127.0.0.1:{}/hook", receiver.port)})).await;
        assert_eq!(status, 201, "{hook}");
        let secret = hook["secret"].as_str().unwrap().to_owned();

        let (status, p) = app.post("/v1/people", &po, &json!({"name": "Quinbertha Zwoggel", "emails": ["quinbertha.zwoggel@example.se"], "phones": ["073-987 12 34"]})).await;
        assert_eq!(status, 201, "{p}");
        let id = p["id"].as_str().unwrap().to_owned();
        assert_eq!(app.post(&format!("/v1/people/{id}/consents"), &po, &json!({"purpose": "newsletter", "channels": ["email"], "state": "granted", "evidence": {"source": "web_form", "text": "Quintessential-note consent text"}})).await.0, 201);
        assert_eq!(app.post(&format!("/v1/people/{id}/activities"), &po, &json!({"kind": "call", "note": "Quintessential-note: called about the offer", "owner": "sara"})).await.0, 201);
        assert_eq!(app.post(&format!("/v1/people/{id}/deals"), &po, &json!({"title": "Quintessential-note deal", "amount_minor": 129_900, "currency": "SEK", "stage": "won", "owner": "sara"})).await.0, 201);
        assert_eq!(
            app.post(
                &format!("/v1/people/{id}/todos"),
                &po,
                &json!({"text": "Quintessential-note todo"})
            )
            .await
            .0,
            201
        );
        // A second person with a deal by the same seller: the statistics to keep.
        let (_, other) = app
            .post(
                "/v1/people",
                &po,
                &json!({"name": "Other Buyer", "emails": ["other@example.se"]}),
            )
            .await;
        let other_id = other["id"].as_str().unwrap().to_owned();
        assert_eq!(
            app.post(
                &format!("/v1/people/{other_id}/deals"),
                &po,
                &json!({"amount_minor": 50_000, "currency": "SEK", "stage": "won", "owner": "sara"})
            )
            .await
            .0,
            201
        );
        // The person objected to direct marketing before the erasure.
        assert_eq!(app.post("/v1/objections", &po, &json!({"identifiers": {"phone": "+46739871234"}, "kind": "direct_marketing", "source": "subject"})).await.0, 202);
        let totals_before = deal_totals(&app).await;

        // Erase: to the recycle bin, invisible.
        let r = app
            .http
            .delete(app.url(&format!("/v1/people/{id}")))
            .bearer_auth(&po)
            .json(&json!({"reason": "the person asked"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(app.get(&format!("/v1/people/{id}"), &po).await.0, 404);
        let (_, found) = app
            .get("/v1/people?email=quinbertha.zwoggel@example.se", &po)
            .await;
        assert!(found["people"].as_array().unwrap().is_empty(), "{found}");
        assert_eq!(
            app.get(&format!("/v1/people/{id}/report?format=json"), &po)
                .await
                .0,
            404
        );
        let (_, trash) = app.get("/v1/trash", &po).await;
        assert_eq!(trash["people"][0]["id"], id.as_str());
        // Restore, and erase again.
        assert_eq!(
            app.post(&format!("/v1/trash/{id}/restore"), &po, &json!({}))
                .await
                .0,
            200
        );
        assert_eq!(app.get(&format!("/v1/people/{id}"), &po).await.0, 200);
        let r = app
            .http
            .delete(app.url(&format!("/v1/people/{id}")))
            .bearer_auth(&po)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);

        // A backup of the data taken before the purge.
        let backup = app.db.dir.path().join("backup");
        std::fs::create_dir_all(&backup).unwrap();
        if backend == Backend::Sqlite {
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&format!(
                "{}?mode=rw",
                app.db.url
            ))
            .await
            .unwrap();
            sqlx::query(&format!(
                "VACUUM INTO '{}'",
                backup.join("vern.db").display()
            ))
            .execute(&mut conn)
            .await
            .unwrap();
        }

        // Purge at a later clock, from the command line.
        let later = (wall_clock() + time::Duration::days(31))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let out = app
            .db
            .command()
            .args(["trash", "purge"])
            .env("VERN_TEST_NOW", &later)
            .env("VERN_ALLOW_TEST_CLOCK", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("purged from the recycle bin: 1"), "{text}");
        assert_eq!(
            app.post(&format!("/v1/trash/{id}/restore"), &po, &json!({}))
                .await
                .0,
            404,
            "purged is final"
        );

        // Statistics per seller unchanged; the history has no link and no text.
        assert_eq!(deal_totals(&app).await, totals_before);
        // The objection still denies the number.
        let (_, c) = app.post("/v1/check", &marketer, &json!({"identifiers": {"phone": "0739871234"}, "channel": "sms", "purpose": "telemarketing"})).await;
        assert_eq!(c["allowed"], false, "{c}");
        assert_eq!(c["reasons"][0]["code"], "objection.direct_marketing");

        // Nothing of the person remains in the files (with the WAL) or a dump.
        match backend {
            Backend::Sqlite => {
                for needle in NEEDLES {
                    let hits = files_contain(app.db.dir.path(), needle);
                    assert!(hits.is_empty(), "{needle} found in {hits:?}");
                }
            }
            Backend::Postgres => {
                let name = app
                    .db
                    .url
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .split('?')
                    .next()
                    .unwrap()
                    .to_owned();
                let admin = std::env::var("VERN_TEST_POSTGRES_URL").unwrap();
                let host_url = admin.rsplit_once('/').unwrap().0.to_owned();
                let dump = std::process::Command::new("pg_dump")
                    .arg(format!("{host_url}/{name}"))
                    .output()
                    .expect("pg_dump is needed for this test");
                assert!(
                    dump.status.success(),
                    "{}",
                    String::from_utf8_lossy(&dump.stderr)
                );
                let dump = String::from_utf8_lossy(&dump.stdout).into_owned();
                assert!(dump.contains("CREATE TABLE"), "the dump is empty");
                for needle in NEEDLES {
                    assert!(!dump.contains(needle), "{needle} found in the dump");
                }
            }
        }
        // The backup, restored beside today's keyring, shows nothing of the person.
        if backend == Backend::Sqlite {
            let keyring = app.db.dir.path().join("vern.keyring.db");
            let location = vern_store::Location::parse(
                &format!("sqlite://{}", backup.join("vern.db").display()),
                Some(&format!("sqlite://{}", keyring.display())),
            )
            .unwrap();
            let master = app.db.master_key_hex.clone();
            let bytes: Vec<u8> = (0..32)
                .map(|i| u8::from_str_radix(&master[2 * i..2 * i + 2], 16).unwrap())
                .collect();
            let keys = vern_store::InstallationKeys::derive(&bytes.try_into().unwrap());
            let restored = vern_store::SqlStore::open(location, keys).await.unwrap();
            assert!(
                restored.get_person_any(&id).await.is_err(),
                "the backup still opens the person"
            );
            // The rows are in the backup; what they held about the person no longer opens.
            let consents = restored.list_consents(&id).await.unwrap();
            let activities = restored.list_activities(&id).await.unwrap();
            assert!(!consents.is_empty() && !activities.is_empty());
            assert!(consents.iter().all(|c| c.evidence.is_none()));
            assert!(activities.iter().all(|a| a.note.is_none()));
            // The other person is still readable from the backup.
            assert_eq!(
                restored.get_person(&other_id).await.unwrap().profile.name,
                "Other Buyer"
            );
            restored.close().await;
        }

        // Anonymize: admins only, immediate.
        let r = app
            .http
            .post(app.url(&format!("/v1/people/{other_id}/anonymize")))
            .bearer_auth(&po)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let (status, outcome) = app
            .post(
                &format!("/v1/people/{other_id}/anonymize"),
                &app.admin,
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{outcome}");
        assert_eq!(outcome["shredded"], true);
        assert_eq!(app.get(&format!("/v1/people/{other_id}"), &po).await.0, 404);
        assert_eq!(deal_totals(&app).await, totals_before);

        // The recipient got signed notices of the objection and both erasures.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let got = receiver.got.lock().unwrap().clone();
            let erasures = got
                .iter()
                .filter(|(_, b)| b.contains("\"event\":\"erasure\""))
                .count();
            if erasures >= 2
                && got
                    .iter()
                    .any(|(_, b)| b.contains("\"event\":\"objection\""))
            {
                for (head, body) in &got {
                    let sig = head
                        .lines()
                        .find_map(|l| l.strip_prefix("x-vern-signature: "))
                        .unwrap_or_else(|| panic!("unsigned: {head}"));
                    let t: i64 = sig
                        .split(',')
                        .next()
                        .unwrap()
                        .trim_start_matches("t=")
                        .parse()
                        .unwrap();
                    assert_eq!(sig, vern_server::erasure::signature(&secret, t, body));
                    for needle in NEEDLES {
                        assert!(!body.contains(needle), "plaintext in a notice: {body}");
                    }
                    let v: Value = serde_json::from_str(body).unwrap();
                    assert!(
                        v["details"]["digests"].is_array() || v["event"] != "erasure",
                        "{body}"
                    );
                }
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "notices not received: {got:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let (code, out, _) = crate::harness::run(&app.db, &["audit", "verify"]);
        assert_eq!(code, 0, "{out}");
        app.stop().await;
    }
}

#[tokio::test]
async fn legal_hold_keeps_what_bookkeeping_needs_until_its_end() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    setup(&app).await;
    let po = app.key(Role::PrivacyOfficer).await;
    let (status, p) = app.post("/v1/purposes", &app.admin, &json!({"key": "bookkeeping", "name": "Bookkeeping", "legal_basis": "legal_obligation", "direct_marketing": false, "channels": ["post"], "retention": "P7Y", "holds_fields": ["name", "address"]})).await;
    assert_eq!(status, 201, "{p}");
    let (_, person) = app.post("/v1/people", &po, &json!({"name": "Holger Hold", "emails": ["holger@example.se"], "address": {"street": "Storgatan 1", "postal_code": "11122", "city": "Stockholm"}})).await;
    let id = person["id"].as_str().unwrap().to_owned();
    assert_eq!(app.post(&format!("/v1/people/{id}/deals"), &po, &json!({"amount_minor": 1000, "currency": "SEK", "stage": "won", "closed_at": "2026-01-15T10:00:00Z"})).await.0, 201);
    // An erasure request: its outcome says what goes, what is kept, why and until when.
    let (_, r) = app
        .post(
            "/v1/requests",
            &po,
            &json!({"kind": "erasure", "person": id, "verified": "bankid"}),
        )
        .await;
    let rid = r["id"].as_str().unwrap();
    let (status, done) = app
        .post(
            &format!("/v1/requests/{rid}/complete"),
            &po,
            &json!({"outcome": "Erased as asked."}),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    let (_, full) = app.get(&format!("/v1/requests/{rid}"), &po).await;
    let outcome = full["log"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "completed")
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        outcome.contains("bookkeeping")
            && outcome.contains("2033-01-15")
            && outcome.contains("name, address"),
        "{outcome}"
    );
    // Purge: the held fields stay, nothing else.
    let (outcome, _) = vern_server::erasure::purge(
        app.store.as_ref(),
        &vern_store::Actor::Cli,
        wall_clock(),
        &id,
        "person.purged",
    )
    .await
    .unwrap();
    assert!(!outcome.shredded);
    let (held, _) = app.store.get_person_any(&id).await.unwrap();
    assert_eq!(held.profile.name, "Holger Hold");
    assert!(held.profile.emails.is_empty());
    assert_eq!(held.profile.address.as_ref().unwrap().street, "Storgatan 1");
    assert_eq!(
        app.store.person_holds(&id).await.unwrap()[0].purpose,
        "bookkeeping"
    );
    assert_eq!(
        app.post(&format!("/v1/trash/{id}/restore"), &po, &json!({}))
            .await
            .0,
        409
    );
    // When the hold ends, the rest goes too.
    let after = time::macros::datetime!(2033-01-16 00:00 UTC);
    let (purged, released) = vern_server::erasure::purge_due(app.store.as_ref(), after, 30)
        .await
        .unwrap();
    assert_eq!((purged, released), (0, 1));
    assert!(app.store.get_person_any(&id).await.is_err());
    app.stop().await;
}

#[tokio::test]
async fn mass_erasure_with_a_dry_run_and_retention_rules() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    setup(&app).await;
    let po = app.key(Role::PrivacyOfficer).await;
    let mut ids = Vec::new();
    for (name, list) in [("A", "old-campaign"), ("B", "old-campaign"), ("C", "club")] {
        let (_, p) = app
            .post(
                "/v1/people",
                &po,
                &json!({"name": name, "emails": [format!("{name}@example.se")], "lists": [list]}),
            )
            .await;
        ids.push(p["id"].as_str().unwrap().to_owned());
    }
    // B consented to the newsletter: only those without consent go.
    assert_eq!(app.post(&format!("/v1/people/{}/consents", ids[1]), &po, &json!({"purpose": "newsletter", "channels": ["email"], "state": "granted", "evidence": {"source": "web_form"}})).await.0, 201);
    let selection = json!({"lists": ["old-campaign"], "consent": {"purpose": "newsletter", "state": "unknown"}});
    let (status, dry) = app.post("/v1/erasures", &po, &selection).await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["people"], json!([ids[0]]));
    assert_eq!(
        app.get(&format!("/v1/people/{}", ids[0]), &po).await.0,
        200,
        "a dry run erases nothing"
    );
    let mut real = selection.clone();
    real["dry_run"] = json!(false);
    let (_, done) = app.post("/v1/erasures", &po, &real).await;
    assert_eq!(done["count"], 1);
    assert_eq!(app.get(&format!("/v1/people/{}", ids[0]), &po).await.0, 404);
    // Retention: no consent and no activity for 24 months, seen three years on.
    let settings = vern_server::erasure::ErasureSettings {
        recycle_days: 30,
        rules: vec![vern_server::erasure::RetentionRule::Inactive { months: 24 }],
    };
    let runs = |entries: &[vern_store::LedgerEntry]| {
        entries.iter().filter(|e| e.kind == "retention.run").count()
    };
    let runs_before = runs(&app.store.ledger_after(0, 10_000).await.unwrap());
    let later = wall_clock() + time::Duration::days(3 * 365);
    let dry = vern_server::erasure::run_retention(app.store.as_ref(), later, &settings, true)
        .await
        .unwrap();
    assert_eq!(
        dry.inactive,
        vec![ids[2].clone()],
        "B has consent; A is already in the bin"
    );
    assert_eq!(app.get(&format!("/v1/people/{}", ids[2]), &po).await.0, 200);
    let run = vern_server::erasure::run_retention(app.store.as_ref(), later, &settings, false)
        .await
        .unwrap();
    assert_eq!(run.inactive.len(), 1);
    assert_eq!(run.purged, 1, "A's time in the bin is over three years on");
    let ledger = app.store.ledger_after(0, 10_000).await.unwrap();
    assert_eq!(
        runs(&ledger),
        runs_before + 2,
        "each run, dry or not, is a ledger entry"
    );
    app.stop().await;
}

#[tokio::test]
async fn keys_left_without_data_are_destroyed() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let (status, p) = app
            .post(
                "/v1/people",
                &po,
                &json!({"name": "Ottilie Brammerud", "phones": ["070-555 12 34"]}),
            )
            .await;
        assert_eq!(status, 201, "{p}");
        let id = p["id"].as_str().unwrap().to_owned();
        // A key whose data never committed (the process stopped between the two stores),
        // written straight into the keyring.
        let (url, table) = match backend {
            Backend::Sqlite => (
                format!(
                    "sqlite://{}",
                    app.db.dir.path().join("vern.keyring.db").display()
                ),
                "person_keys",
            ),
            Backend::Postgres => (app.db.url.clone(), "vern_keyring.person_keys"),
        };
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        sqlx::query(&format!(
            "INSERT INTO {table} (person_id, wrapped, created_at) VALUES ($1, $2, 0)"
        ))
        .bind("0199-orphan")
        .bind(vec![0u8; 72])
        .execute(&mut conn)
        .await
        .unwrap();
        let later = time::macros::datetime!(2100-01-01 00:00 UTC);
        assert_eq!(app.store.reconcile_keyring(later).await.unwrap(), 1);
        let left: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table} WHERE person_id = '0199-orphan'"
        ))
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(left, 0);
        // The person's own key stays: their data still reads.
        let (status, got) = app.get(&format!("/v1/people/{id}"), &po).await;
        assert_eq!(status, 200, "{got}");
        assert_eq!(got["name"], "Ottilie Brammerud");
        assert_eq!(app.store.reconcile_keyring(later).await.unwrap(), 0);
        drop(conn);
        app.stop().await;
    }
}
