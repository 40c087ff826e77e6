//! National register versions and washes in SQL.

use crate::store::{PackedSink, RegisterStore};
use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;
use vern_core::register::Register;
use vern_core::{ChannelSet, ControllerId, IdentifierDigest};

use super::SqlStore;
use crate::codec::integrity;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, LedgerEvent, NewEntry, RegisterImported, WashCompleted};
use crate::model::{RegisterVersionRecord, WashRecord};
use crate::time_codec::{from_micros, to_micros};

const VERSION_COLUMNS: &str =
    "id, register, version_date, imported_at, superseded_at, entries, source_name, file_digest";

fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn parse_date(text: &str) -> StoreResult<Date> {
    Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| integrity("date"))
}

fn version_from(row: &AnyRow) -> StoreResult<RegisterVersionRecord> {
    Ok(RegisterVersionRecord {
        id: row.try_get("id")?,
        register: row
            .try_get::<String, _>("register")?
            .parse()
            .map_err(|_| integrity("register"))?,
        version_date: parse_date(&row.try_get::<String, _>("version_date")?)?,
        imported_at: from_micros(row.try_get("imported_at")?),
        superseded_at: row
            .try_get::<Option<i64>, _>("superseded_at")?
            .map(from_micros),
        entries: row.try_get("entries")?,
        source_name: row.try_get("source_name")?,
        file_digest: row.try_get("file_digest")?,
    })
}

fn wash_from(row: &AnyRow) -> StoreResult<WashRecord> {
    Ok(WashRecord {
        id: row.try_get("id")?,
        controller: ControllerId(row.try_get("controller")?),
        purpose: row.try_get("purpose")?,
        channel: row
            .try_get::<String, _>("channel")?
            .parse()
            .map_err(|_| integrity("channel"))?,
        list_name: row.try_get("list_name")?,
        file_digest: row.try_get("file_digest")?,
        planned_at: from_micros(row.try_get("planned_at")?),
        registers: serde_json::from_str(&row.try_get::<String, _>("registers")?)
            .map_err(|_| integrity("registers"))?,
        counts: serde_json::from_str(&row.try_get::<String, _>("counts")?)
            .map_err(|_| integrity("counts"))?,
        via: row.try_get("via")?,
        created_at: from_micros(row.try_get("created_at")?),
    })
}

const WASH_COLUMNS: &str = "id, controller, purpose, channel, list_name, file_digest, planned_at, registers, counts, via, created_at";

#[async_trait]
impl RegisterStore for SqlStore {
    async fn stream_packed(&self, owner: &str, sink: &mut PackedSink<'_>) -> StoreResult<()> {
        // The block list's import batches are packed the same way; both read through this.
        super::packed::stream(self, owner, sink).await
    }

    /// Import a register version: it replaces the previous version of the same register in one
    /// transaction, so there is never a moment with the register half loaded.
    #[allow(clippy::too_many_arguments)]
    async fn import_register(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        register: Register,
        version_date: Date,
        listings: &[(IdentifierDigest, ChannelSet)],
        source_name: &str,
        file_digest: &str,
    ) -> StoreResult<(RegisterVersionRecord, i64)> {
        let mut digests = Vec::with_capacity(listings.len() * 16);
        let mut channels = Vec::with_capacity(listings.len());
        for (d, c) in listings {
            digests.extend_from_slice(d.as_bytes());
            channels.push(c.bits());
        }
        let id = Uuid::now_v7().to_string();
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        let previous = sqlx::query(
            "SELECT id FROM register_versions WHERE register = $1 AND superseded_at IS NULL",
        )
        .bind(register.as_str())
        .fetch_optional(tx.conn())
        .await?
        .map(|r| r.try_get::<String, _>("id"))
        .transpose()?;
        sqlx::query("UPDATE register_versions SET superseded_at = $1 WHERE register = $2 AND superseded_at IS NULL")
            .bind(at)
            .bind(register.as_str())
            .execute(tx.conn())
            .await?;
        sqlx::query(
            "INSERT INTO register_versions (id, register, version_date, imported_at, superseded_at, entries, source_name, file_digest) \
             VALUES ($1, $2, $3, $4, NULL, $5, $6, $7)",
        )
        .bind(&id)
        .bind(register.as_str())
        .bind(date_text(version_date))
        .bind(at)
        .bind(i64::try_from(listings.len()).unwrap_or(i64::MAX))
        .bind(source_name)
        .bind(file_digest)
        .execute(tx.conn())
        .await?;
        super::packed::write(&mut tx, &id, &digests, Some(&channels)).await?;
        tx.record(NewEntry::event(LedgerEvent::RegisterImported(
            RegisterImported {
                version: id.clone(),
                register,
                version_date: date_text(version_date),
                entries: listings.len() as u64,
                source: source_name.to_owned(),
                file_digest: file_digest.to_owned(),
                replaces: previous,
                valid_until: date_text(register.valid_until(version_date)),
            },
        )))
        .await?;
        let seq = tx.commit().await?;
        let record = self
            .list_register_versions()
            .await?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or(StoreError::NotFound)?;
        Ok((record, seq))
    }

    async fn list_register_versions(&self) -> StoreResult<Vec<RegisterVersionRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM register_versions ORDER BY imported_at DESC, id DESC"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(version_from).collect()
    }

    async fn current_register_versions(&self) -> StoreResult<Vec<RegisterVersionRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM register_versions WHERE superseded_at IS NULL"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(version_from).collect()
    }

    async fn record_wash(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        wash: &WashRecord,
    ) -> StoreResult<i64> {
        let mut tx = self.write(actor, now).await?;
        let registers =
            serde_json::to_string(&wash.registers).map_err(|e| StoreError::Other(e.to_string()))?;
        let counts =
            serde_json::to_string(&wash.counts).map_err(|e| StoreError::Other(e.to_string()))?;
        sqlx::query(
            "INSERT INTO washes (id, controller, purpose, channel, list_name, file_digest, planned_at, registers, counts, via, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&wash.id)
        .bind(wash.controller.0)
        .bind(&wash.purpose)
        .bind(wash.channel.as_str())
        .bind(&wash.list_name)
        .bind(&wash.file_digest)
        .bind(to_micros(wash.planned_at))
        .bind(&registers)
        .bind(&counts)
        .bind(&wash.via)
        .bind(tx.at_micros())
        .execute(tx.conn())
        .await?;
        tx.record(
            NewEntry::event(LedgerEvent::WashCompleted(WashCompleted {
                wash: wash.id.clone(),
                list: wash.list_name.clone(),
                file_digest: wash.file_digest.clone(),
                purpose: wash.purpose.clone(),
                channel: json!(wash.channel),
                planned_at: to_micros(wash.planned_at),
                registers: json!(wash.registers),
                counts: json!(wash.counts),
                via: wash.via.clone(),
            }))
            .controller(wash.controller.0),
        )
        .await?;
        tx.commit().await
    }

    async fn list_washes(&self, limit: i64) -> StoreResult<Vec<WashRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {WASH_COLUMNS} FROM washes ORDER BY created_at DESC, id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(wash_from).collect()
    }

    async fn get_wash(&self, id: &str) -> StoreResult<WashRecord> {
        let row = sqlx::query(&format!("SELECT {WASH_COLUMNS} FROM washes WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        wash_from(&row)
    }
}
