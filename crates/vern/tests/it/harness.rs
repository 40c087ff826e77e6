//! Starting vern for a test.

use rand::RngCore;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use tempfile::TempDir;
use tokio::task::JoinHandle;
use vern_core::Role;
use vern_server::{Environment, Layer, Settings};
use vern_store::store::{ApiKeyStore, LedgerStore};
use vern_store::{Actor, SqlStore, Store};

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// SQLite always; PostgreSQL when `VERN_TEST_POSTGRES_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    if std::env::var("VERN_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty()) {
        out.push(Backend::Postgres);
    }
    out
}

/// A database of its own for one test: a temporary directory for SQLite, a fresh database on
/// the PostgreSQL server for PostgreSQL (dropped by [`TestDb::drop_database`]).
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    pub dir: TempDir,
    pub master_key_hex: String,
    pg_admin: Option<(String, String)>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        let master_key_hex = key.iter().map(|b| format!("{b:02x}")).collect();
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}", dir.path().join("vern.db").display());
                TestDb {
                    backend,
                    url,
                    dir,
                    master_key_hex,
                    pg_admin: None,
                }
            }
            Backend::Postgres => {
                let admin = std::env::var("VERN_TEST_POSTGRES_URL").unwrap();
                let name = format!("vern_t_{}", uuid::Uuid::now_v7().simple());
                sqlx::any::install_default_drivers();
                let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                    .await
                    .expect("VERN_TEST_POSTGRES_URL is set but PostgreSQL cannot be reached");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                let url = replace_database(&admin, &name);
                TestDb {
                    backend,
                    url,
                    dir,
                    master_key_hex,
                    pg_admin: Some((admin, name)),
                }
            }
        }
    }

    /// The same database, for a second server (PostgreSQL only: it does not own the database).
    pub fn clone_for_second_server(&self) -> TestDb {
        TestDb {
            backend: self.backend,
            url: self.url.clone(),
            dir: tempfile::tempdir().unwrap(),
            master_key_hex: self.master_key_hex.clone(),
            pg_admin: None,
        }
    }

    /// The SQLite data file.
    pub fn sqlite_file(&self) -> PathBuf {
        self.dir.path().join("vern.db")
    }

    pub fn settings(&self) -> Settings {
        let layer = Layer {
            database: Some(self.url.clone()),
            listen: Some("127.0.0.1:0".parse().unwrap()),
            sync_interval_ms: Some(50),
            ..Layer::default()
        };
        let env = Environment {
            master_key: Some(self.master_key_hex.clone()),
            ..Environment::default()
        };
        Settings::resolve(layer, &env).unwrap()
    }

    /// Environment for running the real binary against this database.
    pub fn command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_vern"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("VERN_DATABASE_URL", &self.url)
            .env("VERN_MASTER_KEY", &self.master_key_hex)
            .current_dir(self.dir.path());
        cmd
    }

    pub async fn drop_database(&self) {
        if let Some((admin, name)) = &self.pg_admin {
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(admin)
                .await
                .unwrap();
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await;
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map(|i| i + scheme_end);
    let host = match path_start {
        Some(i) => &base[..i],
        None => base,
    };
    match query {
        Some(q) => format!("{host}/{name}?{q}"),
        None => format!("{host}/{name}"),
    }
}

/// A running server.
pub struct TestApp {
    pub db: TestDb,
    pub base: String,
    pub http: reqwest::Client,
    pub store: Arc<SqlStore>,
    /// The server's own gauges, for a test that runs a job by hand.
    pub gauges: Arc<vern_server::Gauges>,
    pub admin: String,
    server: Option<JoinHandle<()>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        let db = TestDb::new(backend).await;
        TestApp::spawn_on(db).await
    }

    pub async fn spawn_on(db: TestDb) -> TestApp {
        TestApp::spawn_with(db, |_| {}).await
    }

    /// Start with adjusted settings (mail delivery, for instance).
    pub async fn spawn_with(db: TestDb, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        if std::env::var("VERN_TEST_LOG").is_ok() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(
                    std::env::var("VERN_TEST_LOG").unwrap_or_default(),
                ))
                .with_test_writer()
                .try_init();
        }
        let mut settings = db.settings();
        adjust(&mut settings);
        let store = Arc::new(vern_server::open_store(&settings).await.unwrap());
        let built = vern_server::build_app(&settings, Arc::clone(&store) as Arc<dyn Store>)
            .await
            .unwrap();
        let gauges = Arc::clone(&built.state.gauges);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            vern_server::serve(built, &settings, listener, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let (_, admin) = store
            .create_api_key(&Actor::Cli, now, "test admin", Role::Admin)
            .await
            .unwrap();
        TestApp {
            db,
            base,
            http: reqwest::Client::new(),
            store,
            gauges,
            admin,
            server: Some(server),
            stop: Some(stop),
        }
    }

    /// A new key with `role`.
    pub async fn key(&self, role: Role) -> String {
        let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        self.store
            .create_api_key(&Actor::Cli, now, &format!("test {role}"), role)
            .await
            .unwrap()
            .1
    }

    /// The Prometheus text at `/metrics` (no key needed).
    pub async fn metrics(&self) -> String {
        self.http
            .get(self.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The OpenAPI document the server serves.
    pub async fn openapi(&self) -> Value {
        self.http
            .get(self.url("/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str, key: &str) -> (u16, Value) {
        let r = self
            .http
            .get(self.url(path))
            .bearer_auth(key)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    pub async fn post(&self, path: &str, key: &str, body: &Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, key, body).await
    }

    /// Any method with a JSON body: the status and the JSON answer.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        key: &str,
        body: &Value,
    ) -> (u16, Value) {
        let r = self
            .http
            .request(method, self.url(path))
            .bearer_auth(key)
            .json(body)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    pub async fn stop_keep_database(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        self.store.close().await;
    }

    /// Stop the server and start a new one on the same database, with adjusted settings (a
    /// later test clock, for instance).
    pub async fn restart_with(mut self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        self.store.close().await;
        let TestApp { db, .. } = self;
        TestApp::spawn_with(db, adjust).await
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        self.store.close().await;
        self.db.drop_database().await;
    }
}

pub async fn read(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    assert_readable_times(&value, "$");
    (status, value)
}

/// Issue 17 §6: every date an answer holds is ISO 8601 text and every instant RFC 3339 text,
/// never the `time` crate's default tuples (`[2027, 140]` for a date, nine numbers for an
/// instant) and never a bare number of (micro)seconds under a name that says it is a time.
/// Every answer every integration test reads passes through here. The one exception is a ledger
/// entry's `payload`: it is the hashed record, kept as written so anyone can recompute the chain.
pub fn assert_readable_times(value: &Value, path: &str) {
    match value {
        Value::Array(items) => {
            let numbers: Vec<i64> = items.iter().filter_map(Value::as_i64).collect();
            let all_numbers = !items.is_empty() && numbers.len() == items.len();
            let date_tuple = all_numbers
                && matches!(numbers.len(), 2 | 9)
                && (1900..=2300).contains(&numbers[0])
                && (1..=366).contains(&numbers[1]);
            assert!(!date_tuple, "{path} is a date or time as a tuple: {value}");
            for (i, item) in items.iter().enumerate() {
                assert_readable_times(item, &format!("{path}[{i}]"));
            }
        }
        Value::Object(fields) => {
            let ledger_entry = fields.contains_key("hash") && fields.contains_key("payload");
            for (name, item) in fields {
                if ledger_entry && name == "payload" {
                    continue;
                }
                let timely = name == "at"
                    || name.ends_with("_at")
                    || name.ends_with("_until")
                    || name == "until"
                    || name.ends_with("_date");
                assert!(
                    !(timely && item.is_number()),
                    "{path}.{name} is a time as a number, not RFC 3339 / ISO 8601 text: {item}"
                );
                assert_readable_times(item, &format!("{path}.{name}"));
            }
        }
        _ => {}
    }
}

/// The string field `key` of every element of the array `array` (a log's kinds, an error's
/// fields), in order.
pub fn texts<'a>(array: &'a Value, key: &str) -> Vec<&'a str> {
    array
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {array}"))
        .iter()
        .map(|e| {
            e[key]
                .as_str()
                .unwrap_or_else(|| panic!("no text {key} in {e}"))
        })
        .collect()
}

/// Whether the Prometheus text holds a sample of `metric` whose line contains every one of
/// `labels` (written as in the text: `route="/healthz"`).
pub fn has_metric(metrics: &str, metric: &str, labels: &[&str]) -> bool {
    metrics
        .lines()
        .any(|l| l.starts_with(metric) && labels.iter().all(|label| l.contains(label)))
}

/// Test-only helpers on the store.
pub trait StoreExt {
    async fn ledger_head_for_test(&self) -> i64;
}

impl StoreExt for SqlStore {
    async fn ledger_head_for_test(&self) -> i64 {
        self.ledger_head().await.unwrap()
    }
}

/// Run the real binary against a test database.
pub fn run(db: &TestDb, args: &[&str]) -> (i32, String, String) {
    let out = db.command().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Start `vern serve` from the binary (`cmd` holds its environment and arguments) and wait until
/// it logs the address it listens on. The caller ends the child.
pub fn serve_binary(mut cmd: std::process::Command) -> (std::process::Child, String) {
    use std::io::BufRead as _;
    let mut child = cmd
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok);
        let addr = lines.by_ref().find_map(|line| {
            line.split("addr=")
                .nth(1)
                .map(|a| a.split_whitespace().next().unwrap_or("").to_owned())
        });
        let _ = tx.send(addr);
        // Keep reading, so that the server never blocks on a full pipe.
        lines.for_each(drop);
    });
    match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(Some(addr)) => (child, addr),
        _ => {
            child.kill().unwrap();
            panic!("the server never said where it listens");
        }
    }
}
