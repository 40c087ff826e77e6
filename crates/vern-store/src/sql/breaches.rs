//! The breach register in SQL. What happened and the reasons given are sealed with the
//! installation's key; the dates, the risk and the stage stay readable for the clock.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeSet, HashMap};
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::ControllerId;
use vern_core::breach::{Art34Exemption, Risk};

use super::SqlStore;
use crate::codec::placeholders;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, BreachNotice, BreachStep, LedgerEvent, NewEntry, WriteTx};
use crate::model::{
    BreachAudience, BreachAudienceFound, BreachDetails, BreachNotes, BreachNoticeCounts,
    BreachNoticeInput, BreachRecord, BreachVersion,
};
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

/// Write the version after `record.version` (the one the caller read) and keep it, in `tx`.
/// `false`: the row is missing or someone wrote a newer version since; nothing was written.
async fn write_next(
    tx: &mut WriteTx<'_>,
    keys: &InstallationKeys,
    record: &BreachRecord,
    step: &str,
) -> StoreResult<bool> {
    let mut next = record.clone();
    next.version = record.version + 1;
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
    .bind(sealed(keys, &next)?)
    .bind(&next.id)
    .bind(record.version)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    keep_version(tx, keys, &next, step).await?;
    Ok(true)
}

impl SqlStore {
    /// Why a versioned write found nothing to update: the breach does not exist (not found), or
    /// someone wrote a newer version since it was read (a conflict).
    async fn lost_race(&self, id: &str) -> StoreError {
        match self.get_breach(id).await {
            Err(e) => e,
            Ok(_) => StoreError::Conflict(
                "the breach was changed by someone else; reload it and try again".to_owned(),
            ),
        }
    }
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
        let mut tx = self.write(actor, now).await?;
        if !write_next(&mut tx, &self.keys, record, step).await? {
            drop(tx);
            return Err(self.lost_race(&record.id).await);
        }
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

    async fn breach_audience(
        &self,
        controller: ControllerId,
        a: &BreachAudience,
    ) -> StoreResult<BreachAudienceFound> {
        const CHUNK: usize = 500;
        let live = "p.controller = $1 AND p.erased_at IS NULL";
        let mut found = BTreeSet::new();
        let mut ids_found = 0;
        for chunk in a.people.chunks(CHUNK) {
            let sql = format!(
                "SELECT p.id FROM people p WHERE {live} AND p.id IN ({})",
                placeholders(2, chunk.len())
            );
            let mut q = sqlx::query(&sql).bind(controller.0);
            for id in chunk {
                q = q.bind(id);
            }
            for row in q.fetch_all(self.pool()).await? {
                ids_found += 1;
                found.insert(row.try_get::<String, _>("id")?);
            }
        }
        for (names, join) in [
            (
                &a.lists,
                "JOIN person_lists x ON x.person_id = p.id WHERE {live} AND x.list",
            ),
            (
                &a.purposes,
                "JOIN consents x ON x.person_id = p.id WHERE {live} AND x.purpose",
            ),
        ] {
            for chunk in names.chunks(CHUNK) {
                let sql = format!(
                    "SELECT DISTINCT p.id FROM people p {} IN ({})",
                    join.replace("{live}", live),
                    placeholders(2, chunk.len())
                );
                let mut q = sqlx::query(&sql).bind(controller.0);
                for name in chunk {
                    q = q.bind(name);
                }
                for row in q.fetch_all(self.pool()).await? {
                    found.insert(row.try_get::<String, _>("id")?);
                }
            }
        }
        let mut digests_found = BTreeSet::new();
        for chunk in a.digests.chunks(CHUNK) {
            let sql = format!(
                "SELECT p.id, x.digest FROM people p JOIN person_identifiers x ON x.person_id = p.id WHERE {live} AND x.digest IN ({})",
                placeholders(2, chunk.len())
            );
            let mut q = sqlx::query(&sql).bind(controller.0);
            for d in chunk {
                q = q.bind(d.as_bytes().to_vec());
            }
            for row in q.fetch_all(self.pool()).await? {
                found.insert(row.try_get::<String, _>("id")?);
                digests_found.insert(row.try_get::<Vec<u8>, _>("digest")?);
            }
        }
        if let Some((from, to)) = a.changed {
            let rows = sqlx::query(&format!(
                "SELECT p.id FROM people p WHERE {live} AND ((p.created_at >= $2 AND p.created_at < $3) OR (p.updated_at >= $2 AND p.updated_at < $3))"
            ))
            .bind(controller.0)
            .bind(to_micros(from))
            .bind(to_micros(to))
            .fetch_all(self.pool())
            .await?;
            for row in rows {
                found.insert(row.try_get::<String, _>("id")?);
            }
        }
        let given: BTreeSet<&str> = a.people.iter().map(String::as_str).collect();
        let distinct_digests: BTreeSet<&[u8]> =
            a.digests.iter().map(|d| d.as_bytes().as_slice()).collect();
        Ok(BreachAudienceFound {
            people: found.into_iter().collect(),
            unknown_people: given.len().saturating_sub(ids_found),
            unmatched_identifiers: distinct_digests.len().saturating_sub(digests_found.len()),
        })
    }

    async fn breach_notice_outcomes(&self, breach: &str) -> StoreResult<HashMap<String, String>> {
        sqlx::query("SELECT person_id, outcome FROM breach_notices WHERE breach_id = $1")
            .bind(breach)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("person_id")?, r.try_get("outcome")?)))
            .collect()
    }

    async fn send_breach_notices(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        record: &BreachRecord,
        step: &str,
        notices: &[BreachNoticeInput],
    ) -> StoreResult<(BreachRecord, u64, i64)> {
        // The keys first: the keyring is read outside the writing transaction.
        let mut keys = HashMap::new();
        for n in notices.iter().filter(|n| n.message.is_some()) {
            if let Some(key) = self.keyring().get(&self.keys, &n.person).await? {
                keys.insert(n.person.as_str(), key);
            }
        }
        let mut tx = self.write(actor, now).await?;
        // The breach's next version first: two sendings at once meet here, and the second
        // writes nothing.
        if !write_next(&mut tx, &self.keys, record, step).await? {
            drop(tx);
            return Err(self.lost_race(&record.id).await);
        }
        let at = tx.at_micros();
        let mut queued = 0;
        for n in notices {
            let earlier: Option<String> = sqlx::query(
                "SELECT outcome FROM breach_notices WHERE breach_id = $1 AND person_id = $2",
            )
            .bind(&record.id)
            .bind(&n.person)
            .fetch_optional(tx.conn())
            .await?
            .map(|r| r.try_get("outcome"))
            .transpose()?;
            if earlier.as_deref() == Some("queued") {
                continue;
            }
            // Erased since the people were selected: not contacted.
            let live = sqlx::query("SELECT id FROM people WHERE id = $1 AND erased_at IS NULL")
                .bind(&n.person)
                .fetch_optional(tx.conn())
                .await?
                .is_some();
            if !live {
                continue;
            }
            let message = match (&n.message, keys.get(n.person.as_str())) {
                (Some(m), Some(key)) => super::queue::enqueue(
                    &mut tx,
                    key,
                    &n.person,
                    record.controller,
                    None,
                    std::slice::from_ref(m),
                )
                .await?
                .pop(),
                _ => None,
            };
            let outcome = if message.is_some() {
                "queued"
            } else {
                "no_address"
            };
            if earlier.is_some() {
                sqlx::query("UPDATE breach_notices SET outcome = $1, message_id = $2, at = $3 WHERE breach_id = $4 AND person_id = $5")
                    .bind(outcome)
                    .bind(message.as_deref())
                    .bind(at)
                    .bind(&record.id)
                    .bind(&n.person)
                    .execute(tx.conn())
                    .await?;
            } else {
                sqlx::query("INSERT INTO breach_notices (breach_id, person_id, outcome, message_id, at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&record.id)
                    .bind(&n.person)
                    .bind(outcome)
                    .bind(message.as_deref())
                    .bind(at)
                    .execute(tx.conn())
                    .await?;
            }
            if message.is_some() {
                queued += 1;
            }
            tx.record(
                NewEntry::event(LedgerEvent::BreachNotice(BreachNotice {
                    breach: record.id.clone(),
                    outcome: outcome.to_owned(),
                    message,
                }))
                .controller(record.controller.0)
                .subject(&n.person, None),
            )
            .await?;
        }
        let seq = tx.commit().await?;
        Ok((self.get_breach(&record.id).await?, queued, seq))
    }

    async fn breach_notice_counts(
        &self,
        breach: Option<&str>,
    ) -> StoreResult<HashMap<String, BreachNoticeCounts>> {
        let rows = sqlx::query(
            "SELECT n.breach_id, n.outcome, o.state, COUNT(*) AS n FROM breach_notices n LEFT JOIN outbox o ON o.id = n.message_id \
             WHERE ($1 IS NULL OR n.breach_id = $1) GROUP BY n.breach_id, n.outcome, o.state",
        )
        .bind(breach)
        .fetch_all(self.pool())
        .await?;
        let mut out: HashMap<String, BreachNoticeCounts> = HashMap::new();
        for row in rows {
            let counts = out.entry(row.try_get("breach_id")?).or_default();
            let outcome: String = row.try_get("outcome")?;
            let state: Option<String> = row.try_get("state")?;
            let n = u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0);
            match (outcome.as_str(), state.as_deref()) {
                ("no_address", _) => counts.no_address += n,
                (_, Some("failed")) => counts.failed += n,
                (_, Some("pending")) => counts.pending += n,
                // Sent, or a sent message retention has since removed from the outbox.
                _ => counts.sent += n,
            }
        }
        Ok(out)
    }
}
