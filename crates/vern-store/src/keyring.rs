//! The keyring: person keys, wrapped by the installation key, kept apart from the data.

use sqlx::{AnyPool, Row};
use std::collections::HashMap;
use time::OffsetDateTime;

use crate::db::Dialect;
use crate::error::StoreResult;
use crate::seal::{InstallationKeys, PersonKey};
use crate::time_codec::to_micros;

/// Access to the keyring database.
#[derive(Debug, Clone)]
pub struct Keyring {
    pool: AnyPool,
    dialect: Dialect,
}

impl Keyring {
    pub(crate) fn new(pool: AnyPool, dialect: Dialect) -> Keyring {
        Keyring { pool, dialect }
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Create and store a key for a new person. Committed before the person's data is written:
    /// a key whose person never arrived is harmless and is swept up later.
    pub async fn create(
        &self,
        keys: &InstallationKeys,
        person_id: &str,
        now: OffsetDateTime,
    ) -> StoreResult<PersonKey> {
        let key = PersonKey::generate();
        sqlx::query("INSERT INTO person_keys (person_id, wrapped, created_at) VALUES ($1, $2, $3)")
            .bind(person_id)
            .bind(keys.wrap(person_id, &key))
            .bind(to_micros(now))
            .execute(&self.pool)
            .await?;
        Ok(key)
    }

    /// Create and store the keys of many new people in one transaction (an import's batch),
    /// committed before their data is written, like [`Keyring::create`].
    pub async fn create_many(
        &self,
        keys: &InstallationKeys,
        person_ids: &[String],
        now: OffsetDateTime,
    ) -> StoreResult<Vec<PersonKey>> {
        const ROWS: usize = 500;
        let made: Vec<PersonKey> = person_ids.iter().map(|_| PersonKey::generate()).collect();
        let at = to_micros(now);
        let mut tx = self.pool.begin().await?;
        for (ids, chunk) in person_ids.chunks(ROWS).zip(made.chunks(ROWS)) {
            let values: Vec<String> = (0..ids.len())
                .map(|i| format!("(${}, ${}, {at})", 2 * i + 1, 2 * i + 2))
                .collect();
            let sql = format!(
                "INSERT INTO person_keys (person_id, wrapped, created_at) VALUES {}",
                values.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for (id, key) in ids.iter().zip(chunk) {
                query = query.bind(id).bind(keys.wrap(id, key));
            }
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(made)
    }

    /// The key of one person; `None` once it has been destroyed.
    pub async fn get(
        &self,
        keys: &InstallationKeys,
        person_id: &str,
    ) -> StoreResult<Option<PersonKey>> {
        let row = sqlx::query("SELECT wrapped FROM person_keys WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| keys.unwrap_key(person_id, &r.try_get::<Vec<u8>, _>("wrapped")?))
            .transpose()
    }

    /// The keys of several people at once.
    pub async fn get_many(
        &self,
        keys: &InstallationKeys,
        person_ids: &[String],
    ) -> StoreResult<HashMap<String, PersonKey>> {
        let mut out = HashMap::with_capacity(person_ids.len());
        for chunk in person_ids.chunks(500) {
            // `?` on SQLite: numbered parameters cost time in n² there (`codec::Binds`).
            let sql = format!(
                "SELECT person_id, wrapped FROM person_keys WHERE person_id IN ({})",
                crate::codec::Binds::new(self.dialect).list(chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            for row in query.fetch_all(&self.pool).await? {
                let id: String = row.try_get("person_id")?;
                let key = keys.unwrap_key(&id, &row.try_get::<Vec<u8>, _>("wrapped")?)?;
                out.insert(id, key);
            }
        }
        Ok(out)
    }

    /// Destroy a person's key: everything sealed with it becomes unreadable, in the live data
    /// and in every backup of the data. Deleted pages are overwritten (SQLite `secure_delete`)
    /// or reclaimed (PostgreSQL `VACUUM`) so the key does not linger in the keyring's own files.
    pub async fn destroy(&self, person_ids: &[String]) -> StoreResult<u64> {
        let mut destroyed = 0;
        for id in person_ids {
            destroyed += sqlx::query("DELETE FROM person_keys WHERE person_id = $1")
                .bind(id)
                .execute(&self.pool)
                .await?
                .rows_affected();
        }
        match self.dialect {
            Dialect::Sqlite => {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(&self.pool)
                    .await?;
            }
            Dialect::Postgres => {
                sqlx::query("VACUUM person_keys")
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(destroyed)
    }
}
