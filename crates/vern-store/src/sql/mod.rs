//! The SQL backend, for SQLite and PostgreSQL alike.
//!
//! One implementation serves both engines: the SQL is written once in the subset both speak
//! (BIGINT, TEXT and BLOB/BYTEA columns, `$n` parameters, `ON CONFLICT`, `RETURNING`), and
//! [`Dialect`] decides the few statements that differ. Each engine keeps its own migrations.
//! Writing the queries once avoids the drift that two hand-kept copies suffer.

mod api_keys;
mod blocklist;
mod breaches;
mod cells;
mod controllers;
mod customers;
mod directory;
mod erasure;
mod facts;
mod history;
mod imports;
mod kept_suppressions;
mod ledger;
mod marketing;
mod notices;
mod outbox;
mod packed;
mod people;
mod person_keys;
mod person_rows;
mod pg_copy;
mod preferences;
mod processors;
mod queue;
mod registers;
mod requests;
mod restrictions;
mod retention;
mod share_links;
mod sms;
mod stored_people;
mod suppression_rows;
mod suppressions;
mod users;
mod webhooks;

pub use directory::index_name;

use async_trait::async_trait;
use sqlx::AnyPool;
use time::OffsetDateTime;

use crate::db::{Dialect, Location, open_pool, prepare_keyring_schema, prepare_sqlite_files};
use crate::error::{StoreError, StoreResult};
use crate::keyring::Keyring;
use crate::ledger::{Actor, WriteTx};
use crate::master_key::{MasterKey, key_check, write_new};
use crate::model::ControllerFields;
use crate::seal::InstallationKeys;
use crate::store::AdminStore;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");
static SQLITE_KEYRING_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("keyring-migrations/sqlite");
static POSTGRES_KEYRING_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("keyring-migrations/postgres");

/// The SQL store.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pool: AnyPool,
    keyring: Keyring,
    dialect: Dialect,
    keys: InstallationKeys,
    location: Location,
}

impl SqlStore {
    /// Connect to the data and the keyring. Does not migrate.
    pub async fn open(location: Location, keys: InstallationKeys) -> StoreResult<SqlStore> {
        let dialect = location.dialect;
        let max = match dialect {
            Dialect::Sqlite => 8,
            Dialect::Postgres => 16,
        };
        prepare_sqlite_files(&location)?;
        let pool = open_pool(dialect, &location.data_url, max).await?;
        prepare_keyring_schema(&pool, &location).await?;
        let keyring_pool = open_pool(dialect, &location.keyring_url, 4).await?;
        Ok(SqlStore {
            pool,
            keyring: Keyring::new(keyring_pool, dialect),
            dialect,
            keys,
            location,
        })
    }

    /// Where the store lives.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The keyring.
    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub(crate) async fn write(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> StoreResult<WriteTx<'_>> {
        WriteTx::begin(&self.pool, self.dialect, &self.keys, actor, now).await
    }

    /// Confirm the database belongs to this master key. A fresh installation is claimed for
    /// it (and a newly generated key file written first); a database sealed with another key
    /// is refused, since writing to it would make data that nobody can read.
    pub async fn claim(&self, master: &MasterKey, now: OffsetDateTime) -> StoreResult<()> {
        use sqlx::Row;
        let check = key_check(&master.bytes).to_vec();
        let row = sqlx::query("SELECT key_check FROM installation WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => {
                let stored: Vec<u8> = row.try_get("key_check")?;
                if stored != check {
                    return Err(StoreError::Invalid(match &master.pending_file {
                        Some(path) => format!(
                            "the database already holds data but the key file {} is missing: restore it (or set VERN_MASTER_KEY)",
                            path.display()
                        ),
                        None => {
                            "the master key does not match the one this database was created with"
                                .to_owned()
                        }
                    }));
                }
            }
            None => {
                if let Some(path) = &master.pending_file {
                    write_new(path, &master.bytes)?;
                }
                // A fresh installation: claim it and create the default controller, which
                // starts with no national rules until someone configures them.
                let mut tx = self.write(&Actor::System("install"), now).await?;
                sqlx::query(
                    "INSERT INTO installation (id, key_check, created_at) VALUES (1, $1, $2)",
                )
                .bind(check)
                .bind(tx.at_micros())
                .execute(tx.conn())
                .await?;
                let default = ControllerFields {
                    key: "default".to_owned(),
                    name: "Default controller".to_owned(),
                    country: None,
                    default_region: "SE".to_owned(),
                    dpo_name: None,
                    dpo_email: None,
                    dpo_phone: None,
                    privacy_notice_url: None,
                    rules: vern_core::RuleSet::EMPTY,
                    public_form: true,
                    time_zone: None,
                };
                controllers::insert_controller(&mut tx, &default).await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Close the pools, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
        self.keyring.pool().close().await;
    }
}

#[async_trait]
impl AdminStore for SqlStore {
    fn dialect(&self) -> Dialect {
        self.dialect
    }

    fn keys(&self) -> &InstallationKeys {
        &self.keys
    }

    async fn migrate(&self) -> StoreResult<()> {
        let (data, keyring) = match self.dialect {
            Dialect::Sqlite => (&SQLITE_MIGRATIONS, &SQLITE_KEYRING_MIGRATIONS),
            Dialect::Postgres => (&POSTGRES_MIGRATIONS, &POSTGRES_KEYRING_MIGRATIONS),
        };
        data.run(&self.pool).await?;
        keyring.run(self.keyring.pool()).await?;
        Ok(())
    }

    async fn ping(&self) -> StoreResult<()> {
        // Both at once: a database that has gone away is reported after one acquire timeout.
        tokio::try_join!(
            sqlx::query("SELECT 1").execute(&self.pool),
            sqlx::query("SELECT 1").execute(self.keyring.pool()),
        )?;
        Ok(())
    }
}
