//! A database made by the release before typed ledger events (issue #16) still verifies, still
//! serves, and every stored payload reads back as its typed event with the same bytes: the chain
//! hashes those bytes, so a changed key order or a renamed key would break every installation.
//! SQLite only: the fixture is a SQLite file made by that release's binary. The payloads are
//! the same text on PostgreSQL.

use serde_json::{Value, json};
use sqlx::{Connection, Row};
use vern_store::LedgerEvent;

use crate::harness::{Backend, TestDb, run, serve_binary};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/ledger-before-typed-events"
);

/// The fixture, copied where the test may change it.
async fn old_database() -> TestDb {
    let mut db = TestDb::new(Backend::Sqlite).await;
    for file in ["vern.db", "vern.keyring.db"] {
        let to = db.dir.path().join(file);
        std::fs::copy(format!("{FIXTURE}/{file}"), &to).unwrap();
        // vern refuses a keyring others may read; a checkout leaves files 0644.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
    db.master_key_hex = std::fs::read_to_string(format!("{FIXTURE}/master-key.hex"))
        .unwrap()
        .trim()
        .to_owned();
    db
}

async fn check(http: &reqwest::Client, addr: &str, key: &str, phone: &str) -> Value {
    let r = http
        .post(format!("http://{addr}/v1/check"))
        .bearer_auth(key)
        .json(&json!({"identifiers": {"phone": phone}, "channel": "sms", "purpose": "offers"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn verified(db: &TestDb) -> String {
    let (code, out, err) = run(db, &["audit", "verify"]);
    assert_eq!(code, 0, "{out}{err}");
    out
}

#[tokio::test]
async fn a_database_from_the_release_before_typed_events_verifies_serves_and_reads_back() {
    let db = old_database().await;
    assert!(
        verified(&db).contains("ledger intact: 43 entries checked"),
        "the old chain verifies with the new binary"
    );

    let key = std::fs::read_to_string(format!("{FIXTURE}/admin-api-key.txt")).unwrap();
    let key = key.trim();
    let mut cmd = db.command();
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--http-threads", "1"]);
    let (mut child, addr) = serve_binary(cmd);
    let http = reqwest::Client::new();
    // On the block list since the old release (its CSV import): the index was built from it.
    let old = check(&http, &addr, key, "+46701234567").await;
    assert_eq!(old["allowed"], false, "{old}");
    // Written now, through a typed event that the follower reads back.
    let r = http
        .post(format!("http://{addr}/v1/blocklist"))
        .bearer_auth(key)
        .json(&json!({"phone": "+46709998877", "reason": "asked on the phone"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let new = check(&http, &addr, key, "+46709998877").await;
    assert_eq!(new["allowed"], false, "{new}");
    child.kill().unwrap();
    child.wait().unwrap();

    // The first start built the name index for the fixture's people (`name_index.rebuilt`),
    // and the block-list entry was added.
    assert!(
        verified(&db).contains("ledger intact: 45 entries checked"),
        "old and new entries chain"
    );

    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let rows = sqlx::query("SELECT kind, payload FROM ledger ORDER BY seq")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    let mut kinds = std::collections::BTreeSet::new();
    for row in rows {
        let kind: String = row.get("kind");
        let stored: String = row.get("payload");
        let event = LedgerEvent::parse(&kind, &stored);
        assert!(
            !matches!(event, LedgerEvent::Other { .. }),
            "{kind} reads as its typed event: {stored}"
        );
        assert_eq!(event.kind(), kind);
        assert_eq!(event.payload().to_string(), stored, "{kind}: same bytes");
        kinds.insert(kind);
    }
    // 31 kinds, report.generated among them, and the name index's build at the first start;
    // the block-list entry added above is of a kind already there.
    assert!(kinds.contains("name_index.rebuilt"), "{kinds:?}");
    assert_eq!(kinds.len(), 32, "the fixture's kinds: {kinds:?}");
}
