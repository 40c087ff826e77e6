//! API keys in SQL.

use crate::store::ApiKeyStore;
use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::Role;

use super::SqlStore;
use crate::api_key::{ApiKey, generate_secret};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, ApiKeyCreated, ApiKeyRevoked, LedgerEvent, NewEntry};
use crate::time_codec::from_micros;

const COLUMNS: &str = "id, name, role, prefix, created_at, revoked_at";

fn from_row(row: &AnyRow) -> StoreResult<ApiKey> {
    let role: String = row.try_get("role")?;
    Ok(ApiKey {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: role
            .parse()
            .map_err(|_| StoreError::Integrity("an API key has an unknown role".to_owned()))?,
        prefix: row.try_get("prefix")?,
        created_at: from_micros(row.try_get("created_at")?),
        revoked_at: row
            .try_get::<Option<i64>, _>("revoked_at")?
            .map(from_micros),
    })
}

#[async_trait]
impl ApiKeyStore for SqlStore {
    async fn create_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        name: &str,
        role: Role,
    ) -> StoreResult<(ApiKey, String)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(StoreError::Invalid(
                "a key's name is 1 to 100 characters".to_owned(),
            ));
        }
        let secret = generate_secret();
        let id = Uuid::now_v7().to_string();
        let prefix: String = secret.chars().take(12).collect();
        let mut tx = self.write(actor, now).await?;
        sqlx::query(
            "INSERT INTO api_keys (id, name, role, prefix, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(name)
        .bind(role.as_str())
        .bind(&prefix)
        .bind(self.keys.token_hash(&secret).to_vec())
        .bind(tx.at_micros())
        .execute(tx.conn())
        .await?;
        tx.record(NewEntry::event(LedgerEvent::ApiKeyCreated(ApiKeyCreated {
            id: id.clone(),
            name: name.to_owned(),
            role,
            prefix: prefix.clone(),
        })))
        .await?;
        tx.commit().await?;
        let key = ApiKey {
            id,
            name: name.to_owned(),
            role,
            prefix,
            created_at: now,
            revoked_at: None,
        };
        Ok((key, secret))
    }

    async fn list_api_keys(&self) -> StoreResult<Vec<ApiKey>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_keys ORDER BY created_at DESC, id DESC"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    async fn revoke_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id_or_prefix: &str,
    ) -> StoreResult<ApiKey> {
        let mut tx = self.write(actor, now).await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_keys WHERE id = $1 OR prefix = $1"
        ))
        .bind(id_or_prefix)
        .fetch_all(tx.conn())
        .await?;
        let mut key = match rows.as_slice() {
            [row] => from_row(row)?,
            [] => return Err(StoreError::NotFound),
            _ => {
                return Err(StoreError::Conflict(
                    "several keys match: give the full id".to_owned(),
                ));
            }
        };
        if key.revoked_at.is_some() {
            return Err(StoreError::Conflict(
                "the key is already revoked".to_owned(),
            ));
        }
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2")
            .bind(tx.at_micros())
            .bind(&key.id)
            .execute(tx.conn())
            .await?;
        tx.record(NewEntry::event(LedgerEvent::ApiKeyRevoked(ApiKeyRevoked {
            id: key.id.clone(),
            name: key.name.clone(),
            role: key.role,
        })))
        .await?;
        tx.commit().await?;
        key.revoked_at = Some(now);
        Ok(key)
    }

    async fn find_api_key(&self, secret: &str) -> StoreResult<Option<ApiKey>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL"
        ))
        .bind(self.keys.token_hash(secret).to_vec())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(from_row).transpose()
    }
}
