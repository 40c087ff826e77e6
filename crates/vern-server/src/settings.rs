//! Configuration: one typed struct, built from defaults < file < `VERN_*` environment < flags.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use vern_store::master_key::KeySource;
use vern_store::{Location, StoreError};

use crate::clock::Clock;

mod tables;

pub use tables::{
    ErasureSettings, MailSettings, RetentionRule, SmsGatewaySettings, SmtpSettings, SmtpTls,
};
pub(crate) use tables::{PreferenceSettings, UiSettings, WashSettings};

/// One layer of settings: every field optional. The file layer rejects unknown keys.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// Database URL: `sqlite://vern.db` or `postgres://…`.
    pub database: Option<String>,
    /// Keyring URL; default beside the data (see `vern_store::Location`).
    pub keyring: Option<String>,
    /// Address to listen on.
    pub listen: Option<SocketAddr>,
    /// The master key file.
    pub master_key_file: Option<PathBuf>,
    /// Log filter (`info`, `vern_server=debug,info`).
    pub log: Option<String>,
    /// Log format: `text` or `json`.
    pub log_format: Option<String>,
    /// How often, in milliseconds, each server reads new ledger entries written by others.
    pub sync_interval_ms: Option<u64>,
    /// Threads that serve HTTP, each with its own event loop; default: one per core.
    pub http_threads: Option<usize>,
    /// How long, in milliseconds, a client may take to send a request's head, counted from
    /// when the connection is ready for one (so also how long an idle kept-alive connection
    /// stays open).
    pub header_read_timeout_ms: Option<u64>,
    /// How long, in milliseconds, the server waits for the next part of a request's body.
    pub body_read_timeout_ms: Option<u64>,
    /// The most connections served at once; more are answered 503 and closed.
    pub max_connections: Option<usize>,
    /// Reverse proxies (addresses or networks) whose `Forwarded` / `X-Forwarded-For` headers
    /// say who the client is; without them those headers are never read.
    pub trusted_proxies: Option<Vec<String>>,
    /// How messages to data subjects are delivered (`[mail]`).
    pub mail: Option<MailSettings>,
    /// The staff web UI (`[ui]`).
    pub ui: Option<UiSettings>,
    /// The recycle bin and retention rules (`[erasure]`).
    pub erasure: Option<ErasureSettings>,
    /// List washing over HTTP (`[wash]`).
    pub wash: Option<WashSettings>,
    /// What a person's own changes keep as evidence (`[preferences]`).
    pub preferences: Option<PreferenceSettings>,
}

impl Layer {
    /// The layer read from a TOML file.
    pub fn from_file(path: &Path) -> Result<Layer, SettingsError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            SettingsError(format!(
                "cannot read the settings file {}: {e}",
                path.display()
            ))
        })?;
        toml::from_str(&text).map_err(|e| {
            SettingsError(format!(
                "the settings file {} is not valid: {e}",
                path.display()
            ))
        })
    }

    /// `other` on top of `self`.
    pub fn over(self, other: Layer) -> Layer {
        Layer {
            database: other.database.or(self.database),
            keyring: other.keyring.or(self.keyring),
            listen: other.listen.or(self.listen),
            master_key_file: other.master_key_file.or(self.master_key_file),
            log: other.log.or(self.log),
            log_format: other.log_format.or(self.log_format),
            sync_interval_ms: other.sync_interval_ms.or(self.sync_interval_ms),
            http_threads: other.http_threads.or(self.http_threads),
            header_read_timeout_ms: other.header_read_timeout_ms.or(self.header_read_timeout_ms),
            body_read_timeout_ms: other.body_read_timeout_ms.or(self.body_read_timeout_ms),
            max_connections: other.max_connections.or(self.max_connections),
            trusted_proxies: other.trusted_proxies.or(self.trusted_proxies),
            mail: other.mail.or(self.mail),
            ui: other.ui.or(self.ui),
            erasure: other.erasure.or(self.erasure),
            wash: other.wash.or(self.wash),
            preferences: other.preferences.or(self.preferences.clone()),
        }
    }
}

/// A setting is wrong; the message says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(pub String);

impl From<StoreError> for SettingsError {
    fn from(e: StoreError) -> Self {
        SettingsError(e.to_string())
    }
}

/// The resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the data and the keyring live.
    pub location: Location,
    /// Where the master key comes from.
    pub master_key: KeySource,
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Log filter.
    pub log: String,
    /// Whether logs are JSON.
    pub log_json: bool,
    /// Ledger poll interval.
    pub sync_interval: std::time::Duration,
    /// Threads that serve HTTP (see `front.rs`).
    pub http_threads: std::num::NonZeroUsize,
    /// Connection limits and read timeouts.
    pub http: HttpLimits,
    /// Reverse proxies whose forwarding headers are believed.
    pub trusted_proxies: crate::proxy::TrustedProxies,
    /// The clock.
    pub clock: Clock,
    /// Message delivery.
    pub mail: MailSettings,
    /// The staff web UI.
    pub ui: UiSettings,
    /// The recycle bin and retention rules.
    pub erasure: ErasureSettings,
    /// List washing over HTTP.
    pub wash: WashSettings,
    /// What a person's own changes keep as evidence.
    pub preferences: PreferenceSettings,
}

/// The default database.
pub(crate) const DEFAULT_DATABASE: &str = "sqlite://vern.db";
/// The most HTTP threads one server may run.
pub(crate) const MAX_HTTP_THREADS: usize = 1024;
/// How many connections are served at once by default: well under the usual limit of 1024
/// open files, which also counts database connections and files.
pub(crate) const DEFAULT_MAX_CONNECTIONS: usize = 768;

/// What a connection may hold and how long its client may take: a client that sends its
/// request slowly, or not at all, must not hold the server's connections or files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// The longest a request's head may take, counted from when the connection is ready for
    /// it; an idle kept-alive connection is closed after as long.
    pub header_read_timeout: std::time::Duration,
    /// The longest wait for the next part of a body.
    pub body_read_timeout: std::time::Duration,
    /// The most connections served at once.
    pub max_connections: usize,
}

impl HttpLimits {
    fn resolve(layer: &Layer) -> Result<HttpLimits, SettingsError> {
        let millis = |value: Option<u64>, default: u64, name: &str| {
            let ms = value.unwrap_or(default);
            if (100..=600_000).contains(&ms) {
                Ok(std::time::Duration::from_millis(ms))
            } else {
                Err(SettingsError(format!(
                    "{name} must be between 100 and 600000 (milliseconds)"
                )))
            }
        };
        let max_connections = layer.max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS);
        if !(1..=1_000_000).contains(&max_connections) {
            return Err(SettingsError(
                "max_connections must be between 1 and 1000000".to_owned(),
            ));
        }
        Ok(HttpLimits {
            header_read_timeout: millis(
                layer.header_read_timeout_ms,
                10_000,
                "header_read_timeout_ms",
            )?,
            body_read_timeout: millis(layer.body_read_timeout_ms, 30_000, "body_read_timeout_ms")?,
            max_connections,
        })
    }
}

/// The default listen address.
pub(crate) const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Facts from the environment that are not plain settings.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `VERN_MASTER_KEY`.
    pub master_key: Option<String>,
    /// `VERN_TEST_NOW`.
    pub test_now: Option<String>,
    /// `VERN_ALLOW_TEST_CLOCK`.
    pub allow_test_clock: bool,
}

impl Environment {
    /// Read from the process environment.
    pub fn from_process() -> Environment {
        Environment {
            master_key: std::env::var("VERN_MASTER_KEY")
                .ok()
                .filter(|v| !v.is_empty()),
            test_now: std::env::var("VERN_TEST_NOW")
                .ok()
                .filter(|v| !v.is_empty()),
            allow_test_clock: std::env::var("VERN_ALLOW_TEST_CLOCK").is_ok_and(|v| v == "1"),
        }
    }
}

impl Settings {
    /// Resolve a merged layer into settings, validating everything.
    pub fn resolve(layer: Layer, env: &Environment) -> Result<Settings, SettingsError> {
        let http = HttpLimits::resolve(&layer)?;
        let trusted_proxies =
            crate::proxy::TrustedProxies::parse(layer.trusted_proxies.as_deref().unwrap_or(&[]))
                .map_err(SettingsError)?;
        let database = layer
            .database
            .unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
        let location = Location::parse(&database, layer.keyring.as_deref())?;
        let master_key = match (&env.master_key, layer.master_key_file) {
            (Some(value), _) => KeySource::Value(value.clone()),
            (None, Some(path)) => KeySource::File(path),
            (None, None) => KeySource::File(default_key_file(&location)),
        };
        let listen = match layer.listen {
            Some(addr) => addr,
            None => DEFAULT_LISTEN
                .parse()
                .map_err(|_| SettingsError("the default listen address is invalid".to_owned()))?,
        };
        let log_json = match layer.log_format.as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(_) => {
                return Err(SettingsError(
                    "log_format must be \"text\" or \"json\"".to_owned(),
                ));
            }
        };
        let sync_ms = layer.sync_interval_ms.unwrap_or(250);
        if !(10..=10_000).contains(&sync_ms) {
            return Err(SettingsError(
                "sync_interval_ms must be between 10 and 10000".to_owned(),
            ));
        }
        let http_threads = match layer.http_threads {
            None => std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN),
            Some(n) => std::num::NonZeroUsize::new(n)
                .filter(|n| n.get() <= MAX_HTTP_THREADS)
                .ok_or_else(|| {
                    SettingsError(format!(
                        "http_threads must be between 1 and {MAX_HTTP_THREADS}"
                    ))
                })?,
        };
        let clock = match (&env.test_now, env.allow_test_clock) {
            (None, _) => Clock::system(),
            (Some(_), false) => {
                return Err(SettingsError(
                    "VERN_TEST_NOW is set but VERN_ALLOW_TEST_CLOCK=1 is not: the test clock is refused".to_owned(),
                ));
            }
            (Some(text), true) => {
                let at =
                    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                        .map_err(|_| {
                            SettingsError(
                        "VERN_TEST_NOW must be an RFC 3339 instant, such as 2026-01-31T12:00:00Z"
                            .to_owned(),
                    )
                        })?;
                Clock::starting_at(at)
            }
        };
        Ok(Settings {
            location,
            master_key,
            listen,
            log: layer.log.unwrap_or_else(|| "info".to_owned()),
            log_json,
            sync_interval: std::time::Duration::from_millis(sync_ms),
            http_threads,
            http,
            trusted_proxies,
            clock,
            mail: layer.mail.unwrap_or_default(),
            ui: layer.ui.unwrap_or_default(),
            erasure: layer.erasure.unwrap_or_default(),
            wash: layer.wash.unwrap_or_default().validated()?,
            preferences: layer.preferences.unwrap_or_default().validated()?,
        })
    }
}

/// The key file beside the SQLite database, or in the working directory for PostgreSQL.
fn default_key_file(location: &Location) -> PathBuf {
    let dir = location
        .sqlite_file()
        .and_then(|f| Path::new(f).parent().map(Path::to_path_buf))
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    dir.join("vern.key")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_and_defaults() {
        let file: Layer =
            toml::from_str("database = \"sqlite://a.db\"\nlisten = \"127.0.0.1:9000\"").unwrap();
        let flags = Layer {
            listen: Some("127.0.0.1:9001".parse().unwrap()),
            ..Layer::default()
        };
        let s = Settings::resolve(file.over(flags), &Environment::default()).unwrap();
        assert_eq!(s.listen.port(), 9001);
        assert_eq!(s.location.sqlite_file(), Some("a.db"));
        assert_eq!(s.master_key, KeySource::File(PathBuf::from("./vern.key")));
        assert!(toml::from_str::<Layer>("datbase = \"x\"").is_err());
        let d = Settings::resolve(Layer::default(), &Environment::default()).unwrap();
        assert_eq!(d.listen.to_string(), DEFAULT_LISTEN);
    }

    #[test]
    fn http_threads_default_to_the_cores_and_are_bounded() {
        let env = Environment::default();
        let d = Settings::resolve(Layer::default(), &env).unwrap();
        assert_eq!(
            Some(d.http_threads),
            std::thread::available_parallelism().ok()
        );
        let file: Layer = toml::from_str("http_threads = 3").unwrap();
        assert_eq!(Settings::resolve(file, &env).unwrap().http_threads.get(), 3);
        for wrong in [0, MAX_HTTP_THREADS + 1] {
            let layer = Layer {
                http_threads: Some(wrong),
                ..Layer::default()
            };
            let e = Settings::resolve(layer, &env).unwrap_err();
            assert!(e.0.starts_with("http_threads must be between 1 and"), "{e}");
        }
    }

    #[test]
    fn http_limits_and_trusted_proxies() {
        let env = Environment::default();
        let d = Settings::resolve(Layer::default(), &env).unwrap();
        assert_eq!(
            d.http.header_read_timeout,
            std::time::Duration::from_secs(10)
        );
        assert_eq!(d.http.body_read_timeout, std::time::Duration::from_secs(30));
        assert_eq!(d.http.max_connections, DEFAULT_MAX_CONNECTIONS);
        assert_eq!(d.trusted_proxies, crate::proxy::TrustedProxies::default());
        let file: Layer = toml::from_str(
            "header_read_timeout_ms = 2000\nmax_connections = 50\ntrusted_proxies = [\"10.0.0.0/8\", \"::1\"]",
        )
        .unwrap();
        let s = Settings::resolve(file, &env).unwrap();
        assert_eq!(
            s.http.header_read_timeout,
            std::time::Duration::from_secs(2)
        );
        assert_eq!(s.http.max_connections, 50);
        assert_ne!(s.trusted_proxies, crate::proxy::TrustedProxies::default());
        for (wrong, says) in [
            (
                "header_read_timeout_ms = 5",
                "header_read_timeout_ms must be between",
            ),
            (
                "body_read_timeout_ms = 99999999",
                "body_read_timeout_ms must be between",
            ),
            ("max_connections = 0", "max_connections must be between"),
            (
                "trusted_proxies = [\"proxy.example\"]",
                "trusted_proxies: \"proxy.example\" is not",
            ),
        ] {
            let layer: Layer = toml::from_str(wrong).unwrap();
            let e = Settings::resolve(layer, &env).unwrap_err();
            assert!(e.0.starts_with(says), "{wrong}: {e}");
        }
    }

    #[test]
    fn test_clock_needs_permission() {
        let mut env = Environment {
            test_now: Some("2027-01-31T00:00:00Z".to_owned()),
            ..Environment::default()
        };
        assert!(Settings::resolve(Layer::default(), &env).is_err());
        env.allow_test_clock = true;
        let s = Settings::resolve(Layer::default(), &env).unwrap();
        assert!(s.clock.is_test_clock());
        env.test_now = Some("yesterday".to_owned());
        assert!(Settings::resolve(Layer::default(), &env).is_err());
    }

    #[test]
    fn the_public_address_for_links_in_messages_is_an_http_address() {
        let env = Environment::default();
        let ok: Layer =
            toml::from_str("[preferences]\npublic_url = \"https://vern.example.se/\"").unwrap();
        let s = Settings::resolve(ok, &env).unwrap();
        assert_eq!(
            s.preferences.public_link("/p/AQ").as_deref(),
            Some("https://vern.example.se/p/AQ")
        );
        for wrong in [
            "vern.example.se",
            "https://",
            "ftp://vern.example.se",
            "https://v.se/?a=1",
        ] {
            let layer: Layer =
                toml::from_str(&format!("[preferences]\npublic_url = \"{wrong}\"")).unwrap();
            let e = Settings::resolve(layer, &env).unwrap_err();
            assert!(e.0.starts_with("preferences.public_url"), "{wrong}: {e}");
        }
        let none = Settings::resolve(Layer::default(), &env).unwrap();
        assert_eq!(none.preferences.public_link("/p/AQ"), None);
    }
}
