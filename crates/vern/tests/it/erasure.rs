//! Erasure that really erases: the recycle bin, purge at a later clock, crypto-shredding
//! (also of backups), statistics kept, objections kept, legal holds, notices to recipients.

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vern_core::Role;
use vern_store::store::{
    ErasureStore, HistoryStore, LedgerStore, OutboxStore, PeopleStore, RetentionStore,
};

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

/// The real binary run with `cmd`'s arguments at the instant `at` (RFC 3339); its output.
fn output_at(mut cmd: std::process::Command, at: &str) -> String {
    let out = cmd
        .env("VERN_TEST_NOW", at)
        .env("VERN_ALLOW_TEST_CLOCK", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// `vern retention run [--dry-run]` at the instant `at` (RFC 3339); its output.
fn retention_run(app: &TestApp, config: Option<&std::path::Path>, at: &str, dry: bool) -> String {
    let mut cmd = app.db.command();
    if let Some(config) = config {
        cmd.arg("--config").arg(config);
    }
    cmd.args(["retention", "run"]);
    if dry {
        cmd.arg("--dry-run");
    }
    output_at(cmd, at)
}

/// `vern trash purge` run 31 days on (past the default recycle period); its output.
fn purge_a_month_on(app: &TestApp) -> String {
    let later = (wall_clock() + time::Duration::days(31))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let mut cmd = app.db.command();
    cmd.args(["trash", "purge"]);
    output_at(cmd, &later)
}

/// A verified erasure request for `person`; its id.
async fn erasure_request(app: &TestApp, key: &str, person: &str) -> String {
    let (status, r) = app
        .post(
            "/v1/requests",
            key,
            &json!({"kind": "erasure", "person": person, "verified": "bankid"}),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    r["id"].as_str().unwrap().to_owned()
}

async fn complete_request(app: &TestApp, key: &str, request: &str, outcome: &str) {
    let (status, done) = app
        .post(
            &format!("/v1/requests/{request}/complete"),
            key,
            &json!({ "outcome": outcome }),
        )
        .await;
    assert_eq!(status, 200, "{done}");
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
        // A rectification, which recipients must hear of too (Art. 19).
        let r = app
            .http
            .patch(app.url(&format!("/v1/people/{other_id}")))
            .bearer_auth(&po)
            .json(&json!({"name": "Other Buyer-Rättad"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
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
        assert_eq!(restore(&app, &po, &id).await, 200);
        assert_eq!(app.get(&format!("/v1/people/{id}"), &po).await.0, 200);
        erase(&app, &po, &id).await;

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
        let text = purge_a_month_on(&app);
        assert!(text.contains("purged from the recycle bin: 1"), "{text}");
        assert_eq!(restore(&app, &po, &id).await, 404, "purged is final");

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
            // The other person (rectified above) is still readable from the backup.
            assert_eq!(
                restored.get_person(&other_id).await.unwrap().profile.name,
                "Other Buyer-Rättad"
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
        let outcome = anonymize(&app, &other_id).await;
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
                && got
                    .iter()
                    .any(|(_, b)| b.contains("\"event\":\"rectification\""))
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
                    assert_eq!(sig, vern_server::webhook_signature(&secret, t, body));
                    for needle in NEEDLES {
                        assert!(!body.contains(needle), "plaintext in a notice: {body}");
                    }
                    // Art. 19: each notice names the person by the recipient's own hashes of
                    // the identifiers (HMAC-SHA-256 keyed with its secret), which it can compute
                    // from its own records; vern's digests, which it cannot, are not sent.
                    let v: Value = serde_json::from_str(body).unwrap();
                    assert!(v["details"].get("digests").is_none(), "{body}");
                    let expected: &[&str] = if v["person"] == id.as_str() {
                        &["phone:+46739871234", "email:quinbertha.zwoggel@example.se"]
                    } else if v["person"] == other_id.as_str() {
                        &["email:other@example.se"]
                    } else {
                        &["phone:+46739871234"]
                    };
                    let mine: Vec<String> = expected
                        .iter()
                        .map(|f| recipient_hash(&secret, f))
                        .collect();
                    assert_eq!(v["details"]["identifiers"], json!(mine), "{body}");
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
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let (status, p) = app.post("/v1/purposes", &app.admin, &json!({"key": "bookkeeping", "name": "Bookkeeping", "legal_basis": "legal_obligation", "direct_marketing": false, "channels": ["post"], "retention": "P7Y", "holds_fields": ["name", "address"]})).await;
        assert_eq!(status, 201, "{p}");
        let (_, person) = app.post("/v1/people", &po, &json!({"name": "Holger Hold", "emails": ["holger@example.se"], "address": {"street": "Storgatan 1", "postal_code": "11122", "city": "Stockholm"}})).await;
        let id = person["id"].as_str().unwrap().to_owned();
        assert_eq!(app.post(&format!("/v1/people/{id}/deals"), &po, &json!({"amount_minor": 1000, "currency": "SEK", "stage": "won", "closed_at": "2026-01-15T10:00:00Z"})).await.0, 201);
        // An erasure request: its outcome says what goes, what is kept, why and until when.
        let rid = erasure_request(&app, &po, &id).await;
        complete_request(&app, &po, &rid, "Erased as asked.").await;
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
                // A legal obligation counts from the end of the financial year (2026, a
                // calendar year by default): seven years after it.
                && outcome.contains("31 December 2033")
                && outcome.contains("name, address"),
            "{outcome}"
        );
        // Purge: the held fields stay, nothing else.
        let (outcome, _) = vern_server::purge(
            app.store.as_ref(),
            &vern_store::Actor::Cli,
            wall_clock(),
            &id,
            vern_store::model::PurgeKind::Purged,
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
        assert_eq!(restore(&app, &po, &id).await, 409);
        // When the hold ends, the rest goes too.
        let after = time::macros::datetime!(2034-01-01 00:00 UTC);
        let (purged, released) = vern_server::purge_due(app.store.as_ref(), after, 30)
            .await
            .unwrap();
        assert_eq!((purged, released), (0, 1));
        assert!(app.store.get_person_any(&id).await.is_err());
        app.stop().await;
    }
}

#[tokio::test]
async fn mass_erasure_with_a_dry_run_and_retention_rules() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
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
        real["notify"] = json!(true);
        let (_, done) = app.post("/v1/erasures", &po, &real).await;
        assert_eq!(done["count"], 1);
        assert_eq!(app.get(&format!("/v1/people/{}", ids[0]), &po).await.0, 404);
        // Retention: no consent and no activity for 24 months, seen three years on.
        let settings = vern_server::ErasureSettings {
            recycle_days: 30,
            rules: vec![vern_server::RetentionRule::Inactive {
                months: 24,
                notify: false,
            }],
        };
        let runs = |entries: &[vern_store::LedgerEntry]| {
            entries.iter().filter(|e| e.kind == "retention.run").count()
        };
        let runs_before = runs(&app.store.ledger_after(0, 10_000).await.unwrap());
        let later = wall_clock() + time::Duration::days(3 * 365);
        let dry = vern_server::run_retention(app.store.as_ref(), later, &settings, true)
            .await
            .unwrap();
        assert_eq!(
            dry.inactive,
            vec![ids[2].clone()],
            "B has consent; A is already in the bin"
        );
        assert_eq!(app.get(&format!("/v1/people/{}", ids[2]), &po).await.0, 200);
        let run = vern_server::run_retention(app.store.as_ref(), later, &settings, false)
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

const OBJECTION: &str = "objection.direct_marketing";

/// The codes of a direct-marketing check of one identifier on one channel.
async fn denial(app: &TestApp, key: &str, identifiers: Value, channel: &str) -> Vec<String> {
    let (status, c) = app
        .post(
            "/v1/check",
            key,
            &json!({"identifiers": identifiers, "channel": channel, "purpose": "telemarketing"}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    // These tests are about what survives an erasure. E-mail marketing under legitimate
    // interests is also refused for want of consent (marknadsföringslagen 19 §), whoever the
    // person is: that reason is left out here.
    c["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .filter(|code| code != "consent.required_electronic")
        .collect()
}

/// `POST /v1/people/{id}/anonymize` as admin: the outcome.
async fn anonymize(app: &TestApp, id: &str) -> Value {
    let (status, outcome) = app
        .post(
            &format!("/v1/people/{id}/anonymize"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(status, 200, "{outcome}");
    outcome
}

/// `POST /v1/trash/{id}/restore`: its status.
async fn restore(app: &TestApp, key: &str, id: &str) -> u16 {
    app.post(&format!("/v1/trash/{id}/restore"), key, &json!({}))
        .await
        .0
}

/// `DELETE /v1/people/{id}`: to the recycle bin.
async fn erase(app: &TestApp, key: &str, id: &str) {
    let r = app
        .http
        .delete(app.url(&format!("/v1/people/{id}")))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

async fn person(app: &TestApp, key: &str, phone: &str, email: &str) -> String {
    let (status, p) = app
        .post(
            "/v1/people",
            key,
            &json!({"name": "Objecting Person", "phones": [phone], "emails": [email]}),
        )
        .await;
    assert_eq!(status, 201, "{p}");
    p["id"].as_str().unwrap().to_owned()
}

/// GDPR Art. 21(3): "Where the data subject objects to processing for direct marketing
/// purposes, the personal data shall no longer be processed for such purposes." An objection
/// made through the phone covers the person's e-mail too; erasing the person (Art. 17) must not
/// undo that, whether they sit in the recycle bin, are restored, purged or anonymized.
#[tokio::test]
async fn an_objection_through_one_identifier_outlives_the_link_to_the_others() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let marketer = app.key(Role::Marketer).await;

        // Through the recycle bin, a restore and the purge.
        let id = person(&app, &po, "070-111 22 33", "binned@example.se").await;
        let (status, o) = app.post("/v1/objections", &po, &json!({"identifiers": {"phone": "+46701112233"}, "kind": "direct_marketing", "source": "subject"})).await;
        assert_eq!(status, 202, "{o}");
        let email = json!({"email": "binned@example.se"});
        assert_eq!(
            denial(&app, &marketer, email.clone(), "email").await,
            [OBJECTION],
            "through the person"
        );
        erase(&app, &po, &id).await;
        assert_eq!(
            denial(&app, &marketer, email.clone(), "email").await,
            [OBJECTION],
            "in the recycle bin"
        );
        assert_eq!(restore(&app, &po, &id).await, 200);
        assert_eq!(
            denial(&app, &marketer, email.clone(), "email").await,
            [OBJECTION],
            "restored"
        );
        erase(&app, &po, &id).await;
        let text = purge_a_month_on(&app);
        assert!(text.contains("purged from the recycle bin: 1"), "{text}");
        // A server started now knows only what the database holds: no person, only digests.
        let second = TestApp::spawn_on(app.db.clone_for_second_server()).await;
        let marketer2 = second.key(Role::Marketer).await;
        assert_eq!(
            denial(&second, &marketer2, email.clone(), "email").await,
            [OBJECTION],
            "purged"
        );
        second.stop_keep_database().await;

        // Anonymized at once; and a block through the phone keeps blocking the e-mail too.
        let id = person(&app, &po, "070-444 55 66", "anonymized@example.se").await;
        assert_eq!(app.post("/v1/objections", &po, &json!({"identifiers": {"phone": "+46704445566"}, "kind": "direct_marketing", "source": "sms"})).await.0, 202);
        let (status, b) = app
            .post(
                "/v1/blocklist",
                &po,
                &json!({"phone": "+46704445566", "reason": "complaint"}),
            )
            .await;
        assert_eq!(status, 201, "{b}");
        anonymize(&app, &id).await;
        let email = json!({"email": "anonymized@example.se"});
        let mut codes = denial(&app, &marketer, email.clone(), "email").await;
        codes.sort();
        assert_eq!(codes, ["blocklist", OBJECTION]);
        let (_, listed) = app
            .get("/v1/blocklist/lookup?email=anonymized@example.se", &po)
            .await;
        assert_eq!(
            listed["entries"].as_array().map(Vec::len),
            Some(1),
            "{listed}"
        );
        // Someone who never objected is not swept up.
        let id = person(&app, &po, "070-777 88 99", "bystander@example.se").await;
        erase(&app, &po, &id).await;
        assert!(
            denial(
                &app,
                &marketer,
                json!({"email": "bystander@example.se"}),
                "email"
            )
            .await
            .is_empty()
        );
        app.stop().await;
    }
}

/// `POST /v1/erasures` with `selection`; its status and body.
async fn erasures(app: &TestApp, key: &str, selection: &Value) -> (u16, Value) {
    app.post("/v1/erasures", key, selection).await
}

/// The ids a selection's dry run lists, sorted.
async fn selected(app: &TestApp, key: &str, selection: Value) -> Vec<String> {
    let (status, out) = erasures(app, key, &selection).await;
    assert_eq!(status, 200, "{selection}: {out}");
    assert_eq!(out["dry_run"], true);
    let mut ids: Vec<String> = out["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// GDPR Art. 17 and Art. 5(1)(c): a mass erasure removes exactly the people its conditions
/// name; consent is per purpose and channel (Art. 7, Art. 21(3)), so a filter on one channel's
/// consent must not read another channel's.
#[tokio::test]
async fn a_selection_never_takes_more_people_than_it_says() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        assert_eq!(app.post("/v1/purposes", &app.admin, &json!({"key": "offers", "name": "Offers", "legal_basis": "consent", "direct_marketing": true, "channels": ["sms", "email"]})).await.0, 201);
        let mut ids = Vec::new();
        for n in 0..3 {
            let (_, p) = app.post("/v1/people", &po, &json!({"name": format!("P{n}"), "emails": [format!("p{n}@example.se")], "phones": [format!("070-100 00 0{n}")], "lists": ["spring"]})).await;
            ids.push(p["id"].as_str().unwrap().to_owned());
        }
        let consent = |channel: &str| json!({"purpose": "offers", "channels": [channel], "state": "granted", "evidence": {"source": "web_form"}});
        // P0 consented by e-mail only, P2 by SMS only, P1 not at all.
        assert_eq!(
            app.post(
                &format!("/v1/people/{}/consents", ids[0]),
                &po,
                &consent("email")
            )
            .await
            .0,
            201
        );
        assert_eq!(
            app.post(
                &format!("/v1/people/{}/consents", ids[2]),
                &po,
                &consent("sms")
            )
            .await
            .0,
            201
        );
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let unknown = |extra: Value| {
            let mut c = json!({"purpose": "offers", "state": "unknown"});
            if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
                c.extend(extra.clone());
            }
            json!({"lists": ["spring"], "consent": c})
        };
        // Unknown on every channel of the purpose: only P1, not P0 (e-mail granted) nor P2.
        assert_eq!(
            selected(&app, &po, unknown(json!({}))).await,
            [ids[1].clone()]
        );
        // Exactly the channel named.
        assert_eq!(
            selected(&app, &po, unknown(json!({"channels": ["sms"]}))).await,
            sorted(vec![ids[0].clone(), ids[1].clone()])
        );
        assert_eq!(
            selected(&app, &po, unknown(json!({"channel": "email"}))).await,
            sorted(vec![ids[1].clone(), ids[2].clone()])
        );
        assert_eq!(
            selected(
                &app,
                &po,
                json!({"consent": {"purpose": "offers", "state": "granted", "channels": ["email"]}})
            )
            .await,
            [ids[0].clone()]
        );
        let (status, e) = erasures(&app, &po, &unknown(json!({"channels": ["phone"]}))).await;
        assert_eq!(
            (status, e["details"][0]["field"].as_str()),
            (422, Some("consent.channels")),
            "{e}"
        );

        // No activity since T: never someone created after T.
        #[allow(clippy::disallowed_methods)]
        let t = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let (_, late) = app
            .post(
                "/v1/people",
                &po,
                &json!({"name": "Late", "emails": ["late@example.se"]}),
            )
            .await;
        let late = late["id"].as_str().unwrap().to_owned();
        assert_eq!(
            app.post(
                &format!("/v1/people/{}/activities", ids[2]),
                &po,
                &json!({"kind": "call", "note": "called"})
            )
            .await
            .0,
            201
        );
        assert_eq!(
            selected(&app, &po, json!({"inactive_since": t})).await,
            sorted(vec![ids[0].clone(), ids[1].clone()]),
            "not {late} (created after), nor P2 (active after)"
        );

        // An empty selection would take everyone: refused, nothing erased.
        for body in [
            json!({}),
            json!({"dry_run": false}),
            json!({"lists": [], "dry_run": false}),
        ] {
            let (status, e) = erasures(&app, &po, &body).await;
            assert_eq!(status, 422, "{body}: {e}");
            assert!(
                e["message"]
                    .as_str()
                    .unwrap()
                    .contains("at least one condition")
                    || e["details"][0]["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains("at least one condition"),
                "{e}"
            );
        }
        let (_, trash) = app.get("/v1/trash", &po).await;
        assert_eq!(trash["people"], json!([]), "nothing was erased");

        // A real run confirming a dry run's list is refused once the selection changed.
        let spring = json!({"lists": ["spring"], "created_before": "2100-01-01T00:00:00Z"});
        let listed = selected(&app, &po, spring.clone()).await;
        let (_, extra) = app
            .post(
                "/v1/people",
                &po,
                &json!({"name": "Joined later", "emails": ["joined@example.se"], "lists": ["spring"]}),
            )
            .await;
        let mut confirmed = spring.clone();
        confirmed["dry_run"] = json!(false);
        confirmed["notify"] = json!(false);
        confirmed["confirm"] = json!(listed);
        let (status, e) = erasures(&app, &po, &confirmed).await;
        assert_eq!(status, 409, "{e}");
        let (_, trash) = app.get("/v1/trash", &po).await;
        assert_eq!(trash["people"], json!([]), "nothing was erased");
        assert!(
            !listed
                .iter()
                .any(|id| Some(id.as_str()) == extra["id"].as_str())
        );

        // The real run takes exactly what the dry run listed.
        let selection = json!({"lists": ["spring"], "consent": {"purpose": "offers", "state": "unknown", "channel": "sms"}});
        let dry = selected(&app, &po, selection.clone()).await;
        let mut real = selection.clone();
        real["dry_run"] = json!(false);
        real["notify"] = json!(false);
        real["confirm"] = json!(dry);
        let (status, done) = erasures(&app, &po, &real).await;
        assert_eq!(status, 200, "{done}");
        assert_eq!(done["dry_run"], false);
        let taken: Vec<String> = sorted(
            done["people"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect(),
        );
        assert_eq!(taken, dry);
        let (_, trash) = app.get("/v1/trash", &po).await;
        let binned: Vec<String> = sorted(
            trash["people"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap().to_owned())
                .collect(),
        );
        assert_eq!(binned, dry);
        for id in [&ids[2], &late] {
            assert_eq!(app.get(&format!("/v1/people/{id}"), &po).await.0, 200);
        }
        app.stop().await;
    }
}

/// GDPR Art. 5(1)(e): message metadata is kept no longer than the retention rule says; the dry
/// run of `vern retention run` reports what the real run will delete.
#[tokio::test]
async fn the_retention_dry_run_counts_the_messages_it_would_delete() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let id = person(&app, &po, "070-222 33 44", "kept@example.se").await;
        let p = app.store.get_person(&id).await.unwrap();
        let now = wall_clock();
        let message = vern_store::model::NewMessage {
            from: None,
            channel: "email".to_owned(),
            to: "kept@example.se".to_owned(),
            subject: "Hej".to_owned(),
            body: "Hej".to_owned(),
            template: "test".to_owned(),
            language: "sv".to_owned(),
        };
        app.store
            .queue_messages(
                &vern_store::Actor::Cli,
                now,
                &id,
                p.controller,
                &[message.clone(), message],
            )
            .await
            .unwrap();
        let claimed = app
            .store
            .claim_outbox(now, time::Duration::minutes(5), 10)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 2);
        for m in &claimed {
            app.store
                .finish_outbox(&vern_store::Actor::Cli, now, &m.id, Ok(()), None)
                .await
                .unwrap();
        }
        let config = app.db.dir.path().join("retention.toml");
        std::fs::write(
            &config,
            "[erasure]\nrules = [{ kind = \"message_metadata\", days = 90 }]\n",
        )
        .unwrap();
        let later = (now + time::Duration::days(91))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let retention = |dry: bool| retention_run(&app, Some(&config), &later, dry);
        let dry = retention(true);
        assert!(
            dry.contains("messages that would be deleted:      2"),
            "{dry}"
        );
        let real = retention(false);
        assert!(
            real.contains("messages that were deleted:      2"),
            "{real}"
        );
        let again = retention(true);
        assert!(
            again.contains("messages that would be deleted:      0"),
            "{again}"
        );
        let ledger = app.store.ledger_after(0, 10_000).await.unwrap();
        let runs: Vec<Value> = ledger
            .iter()
            .filter(|e| e.kind == "retention.run")
            .map(|e| serde_json::from_str(&e.payload).unwrap())
            .collect();
        assert_eq!(runs.len(), 3, "each run is a ledger entry");
        assert_eq!(runs[0]["messages"], 2);
        app.stop().await;
    }
}

/// Claim every message due now and mark it sent; the messages, opened.
async fn sent_messages(app: &TestApp) -> Vec<vern_store::model::NewMessage> {
    let now = wall_clock() + time::Duration::seconds(1);
    let claimed = app
        .store
        .claim_outbox(now, time::Duration::minutes(5), 100)
        .await
        .unwrap();
    for m in &claimed {
        app.store
            .finish_outbox(&vern_store::Actor::Cli, now, &m.id, Ok(()), None)
            .await
            .unwrap();
    }
    claimed.into_iter().map(|m| m.message.unwrap()).collect()
}

/// Words that give English away inside a Swedish message.
const ENGLISH: [&str; 7] = [
    " the ", " and ", "Erased", "erased", "Kept", "your ", "until",
];

/// The one message `sent` holds: its template, in Swedish, without a word of English.
fn one_swedish(sent: &[vern_store::model::NewMessage], template: &str) -> String {
    assert_eq!(
        sent.iter().map(|m| m.template.as_str()).collect::<Vec<_>>(),
        [template],
        "exactly one message"
    );
    let m = &sent[0];
    assert_eq!(m.language, "sv", "{}", m.body);
    for word in ENGLISH {
        assert!(
            !m.body.contains(word) && !m.subject.contains(word),
            "{word:?} in {}",
            m.body
        );
    }
    m.body.clone()
}

/// GDPR Art. 12(1) and 19: what the person is told about an erasure is true when it is sent, in
/// one clear language; the Swedish controller writes Swedish to a person whose language vern
/// does not know. One message per erasure: at the recycle bin, the date it will be erased; a
/// restore withdraws the message or says the erasure was cancelled; the purge adds nothing;
/// an anonymization says it is done; an erasure request's answer carries it all.
#[tokio::test]
async fn one_true_message_per_erasure_in_the_controllers_language() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let r = app
            .http
            .patch(app.url("/v1/controllers/default"))
            .bearer_auth(&app.admin)
            .json(&json!({"name": "Kundklubben AB", "country": "SE"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let po = app.key(Role::PrivacyOfficer).await;
        let id = person(&app, &po, "070-333 44 55", "svensson@example.se").await;

        // To the bin and back before anything went out: the message is withdrawn.
        erase(&app, &po, &id).await;
        assert_eq!(restore(&app, &po, &id).await, 200);
        assert!(sent_messages(&app).await.is_empty(), "withdrawn");

        // To the bin: the date the data will be erased, in Swedish.
        erase(&app, &po, &id).await;
        let body = one_swedish(&sent_messages(&app).await, "erasure_scheduled");
        // The day on the controller's (Stockholm's) clock: between 23:00 and 24:00 UTC the
        // UTC date is a day earlier, and every message must name the same day.
        let purge_on = vern_core::zone::Zone::Stockholm
            .local(wall_clock() + time::Duration::days(30))
            .date();
        let date = vern_server::message::format_date(vern_server::Lang::Sv, purge_on);
        assert!(
            body.contains(&format!("raderas slutligt den {date}")),
            "{body}"
        );
        // Restored after it went out: the person is told the erasure was cancelled.
        assert_eq!(restore(&app, &po, &id).await, 200);
        let body = one_swedish(&sent_messages(&app).await, "erasure_cancelled");
        assert!(body.contains("raderas inte"), "{body}");
        // Erased again and purged: the notice is the one message; the purge sends nothing.
        erase(&app, &po, &id).await;
        one_swedish(&sent_messages(&app).await, "erasure_scheduled");
        let text = purge_a_month_on(&app);
        assert!(text.contains("purged from the recycle bin: 1"), "{text}");
        assert!(
            sent_messages(&app).await.is_empty(),
            "nothing more at the purge"
        );

        // Anonymized: done, said once.
        let id = person(&app, &po, "070-333 44 66", "nilsson@example.se").await;
        anonymize(&app, &id).await;
        let body = one_swedish(&sent_messages(&app).await, "erasure_confirmed");
        assert!(
            body.contains("Vi har raderat dina personuppgifter"),
            "{body}"
        );

        // An erasure request: its answer is the one message, wholly Swedish.
        let id = person(&app, &po, "070-333 44 77", "karlsson@example.se").await;
        let rid = erasure_request(&app, &po, &id).await;
        one_swedish(&sent_messages(&app).await, "request_received");
        complete_request(&app, &po, &rid, "Vi har gjort som du bad om.").await;
        let body = one_swedish(&sent_messages(&app).await, "request_completed");
        assert!(
            body.contains(&format!("raderas slutligt den {date}")),
            "{body}"
        );

        // A mass erasure asks whether to tell; its dry run counts the messages.
        for n in 0..2 {
            let (status, p) = app.post("/v1/people", &po, &json!({"name": "Berg", "emails": [format!("berg{n}@example.se")], "lists": ["autumn"]})).await;
            assert_eq!(status, 201, "{p}");
        }
        let selection = json!({"lists": ["autumn"]});
        let (status, dry) = erasures(&app, &po, &selection).await;
        assert_eq!(status, 200, "{dry}");
        assert_eq!(
            (dry["count"].as_u64(), dry["messages"].as_u64()),
            (Some(2), Some(2)),
            "{dry}"
        );
        let mut quiet = selection.clone();
        quiet["dry_run"] = json!(false);
        let (status, e) = erasures(&app, &po, &quiet).await;
        assert_eq!(
            (status, e["details"][0]["field"].as_str()),
            (422, Some("notify")),
            "{e}"
        );
        quiet["notify"] = json!(false);
        let (status, done) = erasures(&app, &po, &quiet).await;
        assert_eq!(status, 200, "{done}");
        assert_eq!(
            (done["count"].as_u64(), done["messages"].as_u64()),
            (Some(2), Some(0)),
            "{done}"
        );
        assert!(
            sent_messages(&app).await.is_empty(),
            "notify: false sends nothing"
        );
        app.stop().await;
    }
}

/// GDPR Art. 5(1)(e) (storage limitation) and Art. 17(1)(a)-(b): when the last purpose that
/// needed data ends (consent withdrawn, contract ended) and its retention period has run, the
/// data only that purpose needed goes; a person left with no purpose is erased.
#[tokio::test]
async fn each_purposes_retention_is_enforced() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        for body in [
            json!({"key": "club", "name": "Club", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"], "retention": "P6M"}),
            json!({"key": "orders", "name": "Orders", "legal_basis": "contract", "direct_marketing": false, "channels": ["email"], "retention": "P1Y"}),
        ] {
            let (status, p) = app.post("/v1/purposes", &app.admin, &body).await;
            assert_eq!(status, 201, "{p}");
        }
        let field =
            |name: &str, purpose: &str| json!({"name": name, "value": "42", "purpose": purpose});
        let mut ids = Vec::new();
        for (n, fields) in [
            vec![field("shoe_size", "club"), field("customer_no", "orders")],
            vec![field("shoe_size", "club")],
            vec![field("shoe_size", "club")],
        ]
        .into_iter()
        .enumerate()
        {
            let (status, p) = app.post("/v1/people", &po, &json!({"name": format!("R{n}"), "emails": [format!("r{n}@example.se")], "custom_fields": fields})).await;
            assert_eq!(status, 201, "{p}");
            let id = p["id"].as_str().unwrap().to_owned();
            for state in ["granted", "withdrawn"]
                .iter()
                .take(if n == 2 { 1 } else { 2 })
            {
                let (status, c) = app.post(&format!("/v1/people/{id}/consents"), &po, &json!({"purpose": "club", "channels": ["email"], "state": state, "evidence": {"source": "web_form"}})).await;
                assert_eq!(status, 201, "{c}");
            }
            ids.push(id);
        }
        // R0 also bought something: the contract ended now, kept a year.
        let closed = wall_clock()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        assert_eq!(app.post(&format!("/v1/people/{}/deals", ids[0]), &po, &json!({"amount_minor": 100, "currency": "SEK", "stage": "won", "closed_at": closed})).await.0, 201);

        // Five months on, the club's six months have not run.
        let at = |days: i64| {
            (wall_clock() + time::Duration::days(days))
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap()
        };
        let early = retention_run(&app, None, &at(150), true);
        assert!(
            early.contains("people with no purpose left who would be erased: 0"),
            "{early}"
        );
        assert!(
            early.contains("fields of ended purposes that would be purged: 0"),
            "{early}"
        );
        // Seven months on: R0 loses the club's field and keeps the order's; R1 has no purpose
        // left; R2 still consents.
        let dry = retention_run(&app, None, &at(215), true);
        assert!(
            dry.contains("people with no purpose left who would be erased: 1"),
            "{dry}"
        );
        assert!(dry.contains(&format!("  {}", ids[1])), "{dry}");
        assert!(
            dry.contains("fields of ended purposes that would be purged: 1"),
            "{dry}"
        );
        assert_eq!(
            app.get(&format!("/v1/people/{}", ids[1]), &po).await.0,
            200,
            "a dry run changes nothing"
        );
        let real = retention_run(&app, None, &at(215), false);
        assert!(
            real.contains("people with no purpose left who were erased: 1"),
            "{real}"
        );
        assert!(
            real.contains("fields of ended purposes that were purged: 1"),
            "{real}"
        );
        let (_, r0) = app.get(&format!("/v1/people/{}", ids[0]), &po).await;
        let names: Vec<&str> = r0["custom_fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["customer_no"], "{r0}");
        assert_eq!(app.get(&format!("/v1/people/{}", ids[1]), &po).await.0, 404);
        let (_, r2) = app.get(&format!("/v1/people/{}", ids[2]), &po).await;
        assert_eq!(
            r2["custom_fields"].as_array().map(Vec::len),
            Some(1),
            "{r2}"
        );
        let ledger = app.store.ledger_after(0, 10_000).await.unwrap();
        let last: Value = serde_json::from_str(
            &ledger
                .iter()
                .rev()
                .find(|e| e.kind == "retention.run")
                .unwrap()
                .payload,
        )
        .unwrap();
        assert_eq!(
            (last["no_purpose"].as_u64(), last["fields_purged"].as_u64()),
            (Some(1), Some(1)),
            "{last}"
        );
        app.stop().await;
    }
}

/// What a recipient computes from its own record: HMAC-SHA-256 of the identifier's notice form,
/// keyed with the webhook's secret, in hex.
pub(crate) fn recipient_hash(secret: &str, form: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(form.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
