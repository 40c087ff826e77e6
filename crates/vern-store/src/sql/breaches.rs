//! The breach register in SQL. What happened and the reasons given are sealed with the
//! installation's key; the dates, the risk and the stage stay readable for the clock.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::ControllerId;
use vern_core::breach::{Art34Exemption, Risk};

use super::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, BreachStep, LedgerEvent, NewEntry, WriteTx};
use crate::model::{BreachDetails, BreachNotes, BreachRecord, BreachVersion};
use crate::seal::InstallationKeys;
use crate::store::BreachStore;
use crate::time_codec::{from_micros, to_micros};

const COLUMNS: &str = "id, controller, created_at, occurred_at, aware_at, risk, authority_notified_at, authority_reference, people_notified_at, people_exemption, closed_at, version, sealed";

/// The sealed part of a breach row.
#[derive(Serialize, Deserialize)]
struct Sealed {
    details: BreachDetails,
    notes: BreachNotes,
}

fn context(id: &str) -> String {
    format!("breach:{id}")
}

fn version_context(id: &str, version: i64) -> String {
    format!("breach:{id}:v{version}")
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Integrity(format!("a stored breach has an unreadable {what}"))
}

fn read(keys: &InstallationKeys, row: &AnyRow) -> StoreResult<BreachRecord> {
    let id: String = row.try_get("id")?;
    let opt = |name: &str| -> StoreResult<Option<OffsetDateTime>> {
        Ok(row.try_get::<Option<i64>, _>(name)?.map(from_micros))
    };
    let sealed: Vec<u8> = row.try_get("sealed")?;
    let Sealed { details, notes } =
        serde_json::from_slice(&keys.open_secret(&context(&id), &sealed)?)
            .map_err(|_| corrupt("record"))?;
    let risk = match row.try_get::<Option<String>, _>("risk")? {
        Some(r) => Some(Risk::parse(&r).ok_or_else(|| corrupt("risk"))?),
        None => None,
    };
    let people_exemption = match row.try_get::<Option<String>, _>("people_exemption")? {
        Some(e) => Some(Art34Exemption::parse(&e).ok_or_else(|| corrupt("exemption"))?),
        None => None,
    };
    Ok(BreachRecord {
        controller: ControllerId(row.try_get("controller")?),
        created_at: from_micros(row.try_get("created_at")?),
        occurred_at: opt("occurred_at")?,
        aware_at: from_micros(row.try_get("aware_at")?),
        risk,
        authority_notified_at: opt("authority_notified_at")?,
        authority_reference: row.try_get("authority_reference")?,
        people_notified_at: opt("people_notified_at")?,
        people_exemption,
        closed_at: opt("closed_at")?,
        version: row.try_get("version")?,
        details,
        notes,
        id,
    })
}

fn sealed(keys: &InstallationKeys, record: &BreachRecord) -> StoreResult<Vec<u8>> {
    let json = serde_json::to_vec(&Sealed {
        details: record.details.clone(),
        notes: record.notes.clone(),
    })
    .map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(keys.seal_secret(&context(&record.id), &json))
}

/// Keep this version whole, and record the step in the ledger.
async fn keep_version(
    tx: &mut WriteTx<'_>,
    keys: &InstallationKeys,
    record: &BreachRecord,
    step: &str,
) -> StoreResult<i64> {
    let snapshot = serde_json::to_vec(record).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let at = tx.at_micros();
    let actor = tx.actor().to_owned();
    sqlx::query(
        "INSERT INTO breach_versions (breach_id, version, at, actor, step, sealed) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&record.id)
    .bind(record.version)
    .bind(at)
    .bind(actor)
    .bind(step)
    .bind(keys.seal_secret(&version_context(&record.id, record.version), &snapshot))
    .execute(tx.conn())
    .await?;
    let payload = BreachStep {
        breach: record.id.clone(),
        step: step.to_owned(),
        version: record.version,
    };
    let event = if record.version == 1 {
        LedgerEvent::BreachOpened(payload)
    } else {
        LedgerEvent::BreachUpdated(payload)
    };
    tx.record(NewEntry::event(event).controller(record.controller.0))
        .await
}

#[async_trait]
impl BreachStore for SqlStore {
    async fn open_breach(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        record: &BreachRecord,
    ) -> StoreResult<(BreachRecord, i64)> {
        let mut record = record.clone();
        record.id = Uuid::now_v7().to_string();
        record.version = 1;
        record.created_at = from_micros(to_micros(now));
        let mut tx = self.write(actor, now).await?;
        sqlx::query(&format!(
            "INSERT INTO breaches ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        ))
        .bind(&record.id)
        .bind(record.controller.0)
        .bind(to_micros(record.created_at))
        .bind(record.occurred_at.map(to_micros))
        .bind(to_micros(record.aware_at))
        .bind(record.risk.map(|r| r.as_str().to_owned()))
        .bind(record.authority_notified_at.map(to_micros))
        .bind(record.authority_reference.clone())
        .bind(record.people_notified_at.map(to_micros))
        .bind(record.people_exemption.map(|e| e.as_str().to_owned()))
        .bind(record.closed_at.map(to_micros))
        .bind(record.version)
        .bind(sealed(&self.keys, &record)?)
        .execute(tx.conn())
        .await?;
        keep_version(&mut tx, &self.keys, &record, "opened").await?;
        let seq = tx.commit().await?;
        Ok((self.get_breach(&record.id).await?, seq))
    }

    async fn update_breach(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        record: &BreachRecord,
        step: &str,
    ) -> StoreResult<(BreachRecord, i64)> {
        let mut next = record.clone();
        next.version = record.version + 1;
        let mut tx = self.write(actor, now).await?;
        let done = sqlx::query(
            "UPDATE breaches SET occurred_at = $1, aware_at = $2, risk = $3, authority_notified_at = $4, authority_reference = $5, people_notified_at = $6, people_exemption = $7, closed_at = $8, version = $9, sealed = $10 WHERE id = $11 AND version = $12",
        )
        .bind(next.occurred_at.map(to_micros))
        .bind(to_micros(next.aware_at))
        .bind(next.risk.map(|r| r.as_str().to_owned()))
        .bind(next.authority_notified_at.map(to_micros))
        .bind(next.authority_reference.clone())
        .bind(next.people_notified_at.map(to_micros))
        .bind(next.people_exemption.map(|e| e.as_str().to_owned()))
        .bind(next.closed_at.map(to_micros))
        .bind(next.version)
        .bind(sealed(&self.keys, &next)?)
        .bind(&next.id)
        .bind(record.version)
        .execute(tx.conn())
        .await?;
        if done.rows_affected() != 1 {
            // Either it does not exist, or someone wrote a newer version since it was read.
            drop(tx);
            self.get_breach(&record.id).await?;
            return Err(StoreError::Conflict(
                "the breach was changed by someone else; reload it and try again".to_owned(),
            ));
        }
        keep_version(&mut tx, &self.keys, &next, step).await?;
        let seq = tx.commit().await?;
        Ok((self.get_breach(&record.id).await?, seq))
    }

    async fn get_breach(&self, id: &str) -> StoreResult<BreachRecord> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM breaches WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        read(&self.keys, &row)
    }

    async fn list_breaches(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<BreachRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM breaches WHERE ($1 IS NULL OR controller = $1) ORDER BY aware_at DESC, id DESC"
        ))
        .bind(controller.map(|c| c.0))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| read(&self.keys, r)).collect()
    }

    async fn breach_versions(&self, id: &str) -> StoreResult<Vec<BreachVersion>> {
        self.get_breach(id).await?;
        let rows = sqlx::query(
            "SELECT version, at, actor, step, sealed FROM breach_versions WHERE breach_id = $1 ORDER BY version",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let version: i64 = row.try_get("version")?;
                let sealed: Vec<u8> = row.try_get("sealed")?;
                let bytes = self
                    .keys
                    .open_secret(&version_context(id, version), &sealed)?;
                Ok(BreachVersion {
                    version,
                    at: from_micros(row.try_get("at")?),
                    actor: row.try_get("actor")?,
                    step: row.try_get("step")?,
                    record: serde_json::from_slice(&bytes).map_err(|_| corrupt("version"))?,
                })
            })
            .collect()
    }
}
