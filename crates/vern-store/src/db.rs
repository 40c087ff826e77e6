//! Connecting to the database and its keyring, and running migrations.

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

use crate::error::{StoreError, StoreResult};

/// Which SQL engine is behind a pool. The SQL vern writes is portable between the two; the
/// dialect decides the few things that are not (how to begin a writing transaction, pragmas,
/// how to reclaim deleted pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite, embedded: the default.
    Sqlite,
    /// PostgreSQL, shared by several servers.
    Postgres,
}

/// Where the data and the keyring live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The dialect of both.
    pub dialect: Dialect,
    /// The data database URL.
    pub data_url: String,
    /// The keyring database URL.
    pub keyring_url: String,
}

/// The schema that holds the keyring when PostgreSQL is used without a keyring URL of its own.
pub const KEYRING_SCHEMA: &str = "vern_keyring";

impl Location {
    /// Work out the data and keyring locations from a database URL and an optional keyring URL.
    ///
    /// Accepted: `sqlite://PATH`, `sqlite:PATH`, `postgres://…`, `postgresql://…`. Anything else
    /// is refused rather than guessed. With SQLite the keyring defaults to a file beside the
    /// database (`vern.db` → `vern.keyring.db`); with PostgreSQL to the schema `vern_keyring`
    /// of the same database.
    pub fn parse(url: &str, keyring_url: Option<&str>) -> StoreResult<Location> {
        let dialect = dialect_of(url)?;
        if let Some(k) = keyring_url
            && dialect_of(k)? != dialect
        {
            return Err(StoreError::Invalid(
                "the keyring must use the same kind of database as the data".to_owned(),
            ));
        }
        match dialect {
            Dialect::Sqlite => {
                let path = sqlite_path(url);
                if path.is_empty() || path.starts_with(':') {
                    return Err(StoreError::Invalid(
                        "give SQLite a file path, e.g. sqlite://vern.db (in-memory databases would lose everything)".to_owned(),
                    ));
                }
                let keyring_path = match keyring_url {
                    Some(k) => sqlite_path(k).to_owned(),
                    None => beside(path),
                };
                Ok(Location {
                    dialect,
                    data_url: format!("sqlite://{path}?mode=rwc"),
                    keyring_url: format!("sqlite://{keyring_path}?mode=rwc"),
                })
            }
            Dialect::Postgres => {
                let keyring_url = match keyring_url {
                    Some(k) => k.to_owned(),
                    None => {
                        let sep = if url.contains('?') { '&' } else { '?' };
                        format!("{url}{sep}options=-c%20search_path%3D{KEYRING_SCHEMA}")
                    }
                };
                Ok(Location {
                    dialect,
                    data_url: url.to_owned(),
                    keyring_url,
                })
            }
        }
    }

    /// The SQLite data file, if SQLite is used.
    pub fn sqlite_file(&self) -> Option<&str> {
        (self.dialect == Dialect::Sqlite).then(|| sqlite_path(&self.data_url))
    }

    /// The SQLite keyring file, if SQLite is used.
    pub fn sqlite_keyring_file(&self) -> Option<&str> {
        (self.dialect == Dialect::Sqlite).then(|| sqlite_path(&self.keyring_url))
    }
}

fn dialect_of(url: &str) -> StoreResult<Dialect> {
    if url.starts_with("sqlite:") {
        Ok(Dialect::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Dialect::Postgres)
    } else {
        Err(StoreError::Invalid(
            "the database URL must start with sqlite:// or postgres:// (for example sqlite://vern.db)".to_owned(),
        ))
    }
}

fn sqlite_path(url: &str) -> &str {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    rest.split('?').next().unwrap_or(rest)
}

/// `dir/vern.db` → `dir/vern.keyring.db`.
fn beside(path: &str) -> String {
    let (dir, file) = match path.rfind('/') {
        Some(i) => path.split_at(i + 1),
        None => ("", path),
    };
    match file.rfind('.') {
        Some(dot) if dot > 0 => format!("{dir}{}.keyring{}", &file[..dot], &file[dot..]),
        _ => format!("{dir}{file}.keyring"),
    }
}

/// Create the SQLite data and keyring files, when missing, readable and writable by their owner
/// only (SQLite would create them `0644`, and gives its WAL and shared-memory files the mode of
/// the database), and refuse a keyring that every user of the machine may read: it holds the
/// keys that unseal every person's data.
pub(crate) fn prepare_sqlite_files(location: &Location) -> StoreResult<()> {
    let (Some(data), Some(keyring)) = (location.sqlite_file(), location.sqlite_keyring_file())
    else {
        return Ok(());
    };
    for path in [data, keyring] {
        create_private(std::path::Path::new(path))?;
    }
    refuse_world_readable(std::path::Path::new(keyring))
}

fn create_private(path: &std::path::Path) -> StoreResult<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::Unavailable(format!(
            "cannot create the database file {}: {e}",
            path.display()
        ))),
    }
}

#[cfg(unix)]
fn refuse_world_readable(path: &std::path::Path) -> StoreResult<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| {
            StoreError::Unavailable(format!("cannot read the keyring {}: {e}", path.display()))
        })?
        .permissions()
        .mode();
    if mode & 0o004 != 0 {
        return Err(StoreError::Invalid(format!(
            "the keyring {path} can be read by every user of this machine (mode {mode:o}); it holds the keys to everyone's data. Make it private and start again: chmod 600 {path}",
            path = path.display(),
            mode = mode & 0o777,
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_world_readable(_: &std::path::Path) -> StoreResult<()> {
    Ok(())
}

/// How long a request waits for a database connection before it is answered 503. The pool
/// retries a refused connection until this runs out, so it is also how soon a database that
/// has gone away is reported: short, since a client would rather retry than wait, and long
/// enough for every connection of a busy pool to come free once.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// How long the first connection at start-up may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Connect once, before the pool is built, so that a server that cannot be reached is reported
/// at once and as what it is ("connection refused", "password authentication failed"): the
/// pool retries a refused connection until its timeout and then says only that it timed out.
async fn probe(url: &str) -> StoreResult<()> {
    use sqlx::Connection as _;
    let unreachable =
        |why: String| StoreError::Unavailable(format!("cannot connect to the database: {why}"));
    match tokio::time::timeout(CONNECT_TIMEOUT, sqlx::AnyConnection::connect(url)).await {
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
            Ok(())
        }
        Ok(Err(sqlx::Error::Io(e))) if e.kind() == std::io::ErrorKind::ConnectionRefused => Err(
            unreachable("connection refused (is PostgreSQL running, and listening at the host and port of the URL?)".to_owned()),
        ),
        Ok(Err(e)) => Err(unreachable(e.to_string())),
        Err(_) => Err(unreachable(format!(
            "no answer within {} seconds",
            CONNECT_TIMEOUT.as_secs()
        ))),
    }
}

/// Open a pool with the settings vern relies on.
pub(crate) async fn open_pool(dialect: Dialect, url: &str, max: u32) -> StoreResult<AnyPool> {
    install_default_drivers();
    if dialect == Dialect::Postgres {
        probe(url).await?;
    }
    let options = AnyPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(ACQUIRE_TIMEOUT);
    let options = match dialect {
        Dialect::Sqlite => options.after_connect(|conn, _| {
            Box::pin(async move {
                // The busy timeout first, so that the others wait for a writer in another
                // process instead of failing. WAL lets readers work beside the writer (switched
                // on once: asking again would need the lock for nothing); FULL makes every
                // commit durable (the ledger promises what it acknowledged); secure_delete
                // overwrites what is deleted, so purged rows do not linger in free pages.
                conn.execute("PRAGMA busy_timeout = 15000").await?;
                let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                    .fetch_one(&mut *conn)
                    .await?;
                if !mode.eq_ignore_ascii_case("wal") {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                }
                for pragma in [
                    "PRAGMA synchronous = FULL",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA secure_delete = ON",
                    // Bulk imports insert millions of random digests into indexes; a small
                    // page cache makes every insert a page miss.
                    "PRAGMA cache_size = -65536",
                    "PRAGMA temp_store = MEMORY",
                ] {
                    conn.execute(pragma).await?;
                }
                Ok(())
            })
        }),
        Dialect::Postgres => options,
    };
    options
        .connect(url)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Other(m) => StoreError::Unavailable(m),
            other => other,
        })
}

/// Create the keyring schema on PostgreSQL when the keyring lives in the data database.
pub(crate) async fn prepare_keyring_schema(data: &AnyPool, location: &Location) -> StoreResult<()> {
    if location.dialect == Dialect::Postgres && location.keyring_url.contains(KEYRING_SCHEMA) {
        sqlx::query("CREATE SCHEMA IF NOT EXISTS vern_keyring")
            .execute(data)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        let l = Location::parse("sqlite://vern.db", None).unwrap();
        assert_eq!(l.data_url, "sqlite://vern.db?mode=rwc");
        assert_eq!(l.keyring_url, "sqlite://vern.keyring.db?mode=rwc");
        let l = Location::parse("sqlite:/var/lib/vern/data.sqlite", None).unwrap();
        assert_eq!(
            l.sqlite_keyring_file(),
            Some("/var/lib/vern/data.keyring.sqlite")
        );
        let l = Location::parse("postgres://u@h/db", None).unwrap();
        assert!(l.keyring_url.starts_with("postgres://u@h/db?options="));
        assert!(Location::parse("vern.db", None).is_err());
        assert!(Location::parse("mysql://x", None).is_err());
        assert!(Location::parse("sqlite::memory:", None).is_err());
        assert!(Location::parse("sqlite://a.db", Some("postgres://x/y")).is_err());
    }
}
