//! Objections and the suppressions they become, in SQL; the store's suppression methods (the
//! block list's are in `blocklist.rs`, a suppression's row in `suppression_rows.rs`).

use crate::store::SuppressionStore;
use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use std::collections::{BTreeMap, HashSet};
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::calendar::add_months_to;
use vern_core::objection::{ObjectionKind, SuppressionSource};
use vern_core::{ChannelSet, ControllerId, IdentifierDigest, IdentifierKind};

use super::SqlStore;
use super::suppression_rows::{SUPPRESSION_COLUMNS, insert_suppression, record_from};
use crate::codec::{Binds, digest_from, integrity, placeholders, suppression_from};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, LedgerEvent, NewEntry, ObjectionRecorded, ObjectionWithdrawn, RequestReceived, WriteTx,
};
use crate::model::{
    ImportOutcome, IndexedSuppression, ObjectionContext, ObjectionInput, ObjectionRecord,
    SuppressionRecord, WithdrawalInput, WithdrawalRecord, WithdrawnBy,
};
use crate::time_codec::{from_micros, to_micros};

/// A request to open.
pub(super) struct NewRequest<'a> {
    pub(super) controller: ControllerId,
    pub(super) kind: &'a str,
    pub(super) received_via: &'a str,
    pub(super) received_at: OffsetDateTime,
    pub(super) person: Option<&'a str>,
    pub(super) digests: &'a [IdentifierDigest],
    pub(super) agent_key: Option<&'a str>,
}

/// Open a request; general objections use this, and the request inbox builds on it.
pub(super) async fn open_request(tx: &mut WriteTx<'_>, r: NewRequest<'_>) -> StoreResult<String> {
    let NewRequest {
        controller,
        kind,
        received_via,
        received_at,
        person,
        digests,
        agent_key,
    } = r;
    let id = Uuid::now_v7().to_string();
    let due = add_months_to(received_at, 1);
    let at = tx.at_micros();
    sqlx::query(
        "INSERT INTO requests (id, controller, kind, state, person_id, received_via, received_at, due_at, agent_key, created_at, updated_at) \
         VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(&id)
    .bind(controller.0)
    .bind(kind)
    .bind(person)
    .bind(received_via)
    .bind(to_micros(received_at))
    .bind(to_micros(due))
    .bind(agent_key)
    .bind(at)
    .execute(tx.conn())
    .await?;
    let mut seen = HashSet::new();
    for d in digests {
        if seen.insert(*d) {
            sqlx::query("INSERT INTO request_digests (request_id, digest) VALUES ($1, $2)")
                .bind(&id)
                .bind(d.as_bytes().to_vec())
                .execute(tx.conn())
                .await?;
        }
    }
    tx.record(
        NewEntry::event(LedgerEvent::RequestReceived(RequestReceived {
            request: id.clone(),
            kind: kind.to_owned(),
            received_via: received_via.to_owned(),
            received_at: to_micros(received_at),
            due_at: to_micros(due),
            person: person.map(str::to_owned),
            verified: None,
        }))
        .controller(controller.0),
    )
    .await?;
    Ok(id)
}

/// The known person an objection is about: the person of the request that is its evidence (or
/// that it opened), else the one person its identifiers belong to under `controller`. None for
/// a stranger, and for identifiers that several people share: naming one of them would put the
/// objection in another person's history.
async fn objector(
    tx: &mut WriteTx<'_>,
    request: Option<&str>,
    controller: ControllerId,
    digests: &[IdentifierDigest],
) -> StoreResult<Option<String>> {
    if let Some(request) = request {
        let linked: Option<String> = sqlx::query("SELECT person_id FROM requests WHERE id = $1")
            .bind(request)
            .fetch_optional(tx.conn())
            .await?
            .map(|r| r.try_get("person_id"))
            .transpose()?
            .flatten();
        if linked.is_some() {
            return Ok(linked);
        }
    }
    if digests.is_empty() {
        return Ok(None);
    }
    let sql = format!(
        "SELECT DISTINCT person_id FROM person_identifiers WHERE controller = $1 AND digest IN ({}) ORDER BY person_id LIMIT 2",
        placeholders(2, digests.len())
    );
    let mut q = sqlx::query(&sql).bind(controller.0);
    for d in digests {
        q = q.bind(d.as_bytes().to_vec());
    }
    let mut people: Vec<String> = q
        .fetch_all(tx.conn())
        .await?
        .iter()
        .map(|r| r.try_get("person_id"))
        .collect::<Result<_, _>>()?;
    Ok(if people.len() == 1 {
        people.pop()
    } else {
        None
    })
}

async fn person_for(
    tx: &mut WriteTx<'_>,
    controller: ControllerId,
    digests: &[IdentifierDigest],
) -> StoreResult<Option<String>> {
    let sql = format!(
        "SELECT person_id FROM person_identifiers WHERE controller = $1 AND digest IN ({}) ORDER BY person_id LIMIT 1",
        placeholders(2, digests.len())
    );
    let mut q = sqlx::query(&sql).bind(controller.0);
    for d in digests {
        q = q.bind(d.as_bytes().to_vec());
    }
    Ok(q.fetch_optional(tx.conn())
        .await?
        .map(|r| r.try_get("person_id"))
        .transpose()?)
}

/// Write an objection in `tx`: its row, the suppressions a direct-marketing one becomes (or
/// the request a general one opens) and its ledger entry.
pub(super) async fn write_objection(
    store: &SqlStore,
    tx: &mut WriteTx<'_>,
    input: &ObjectionInput,
    context: ObjectionContext<'_>,
    opening: Option<super::requests::Opening>,
) -> StoreResult<ObjectionRecord> {
    let id = Uuid::now_v7().to_string();
    // An objection carried over from another system keeps the day it was made.
    let at = input.received_at.map_or_else(|| tx.at_micros(), to_micros);
    let digests: Vec<IdentifierDigest> = input.digests.iter().map(|(_, d)| *d).collect();
    let request_id = match (input.kind, opening, context.request) {
        (ObjectionKind::DirectMarketing, _, _) => context.evidence.map(str::to_owned),
        (ObjectionKind::General, Some(opening), Some((request, messages))) => {
            Some(opening.write(tx, request, messages).await?)
        }
        (ObjectionKind::General, _, _) => {
            let controller = input.controller.unwrap_or(input.request_controller);
            let person = person_for(tx, controller, &digests).await?;
            let via = if input.source.kind
                == vern_core::objection::ObjectionSourceKind::AuthorizedAgent
            {
                "authorized_agent"
            } else {
                "api"
            };
            let request = NewRequest {
                controller,
                kind: "objection",
                received_via: via,
                received_at: from_micros(at),
                person: person.as_deref(),
                digests: &digests,
                agent_key: input.agent_key.as_deref(),
            };
            Some(open_request(tx, request).await?)
        }
    };
    let kind = match input.kind {
        ObjectionKind::DirectMarketing => "direct_marketing",
        ObjectionKind::General => "general",
    };
    sqlx::query(
        "INSERT INTO objections (id, controller, kind, source, agent_name, mandate_reference, mandate_verification, request_id, received_at, agent_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(input.controller.map(|c| c.0))
    .bind(kind)
    .bind(input.source.kind.as_str())
    .bind(&input.source.agent_name)
    .bind(&input.source.mandate_reference)
    .bind(&input.source.mandate_verification)
    .bind(&request_id)
    .bind(at)
    .bind(&input.agent_key)
    .execute(tx.conn())
    .await?;
    if input.kind == ObjectionKind::DirectMarketing {
        for (ident_kind, digest) in &input.digests {
            insert_suppression(
                tx,
                digest,
                *ident_kind,
                input.controller,
                ChannelSet::ALL,
                SuppressionSource::Objection(input.source.kind),
                Some(&id),
                None,
                None,
            )
            .await?;
        }
        if input.received_at.is_some() {
            sqlx::query("UPDATE suppressions SET created_at = $1 WHERE objection_id = $2")
                .bind(at)
                .bind(&id)
                .execute(tx.conn())
                .await?;
        }
    }
    let hex: Vec<String> = digests.iter().map(IdentifierDigest::to_hex).collect();
    let recipients = match input.kind {
        ObjectionKind::DirectMarketing => {
            super::webhooks::recipient_hashes(store, tx, "objection", context.identifiers).await?
        }
        ObjectionKind::General => BTreeMap::new(),
    };
    let mut entry = NewEntry::event(LedgerEvent::ObjectionRecorded(ObjectionRecorded {
        objection: id.clone(),
        kind: kind.to_owned(),
        source: json!(input.source),
        controller: input.controller.map(|c| c.0),
        scope: if input.controller.is_some() {
            "controller"
        } else {
            "all"
        }
        .to_owned(),
        digests: hex,
        request: request_id.clone(),
        recipients: Some(recipients),
    }));
    entry.controller = input.controller.map(|c| c.0);
    // The person it is about, when vern knows them, by id only: the entry joins their history
    // (and reloads their facts); the payload keeps only digests.
    let controller = input.controller.unwrap_or(input.request_controller);
    if let Some(person) = objector(tx, request_id.as_deref(), controller, &digests).await? {
        entry = entry.subject(&person, None);
    }
    tx.record(entry).await?;
    Ok(ObjectionRecord {
        id,
        kind: input.kind,
        source: input.source.clone(),
        controller: input.controller,
        request_id,
        received_at: from_micros(at),
    })
}

#[async_trait]
impl SuppressionStore for SqlStore {
    async fn record_objection_in(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &ObjectionInput,
        context: ObjectionContext<'_>,
    ) -> StoreResult<(ObjectionRecord, i64)> {
        if input.digests.is_empty() {
            return Err(StoreError::Invalid(
                "an objection needs at least one identifier".to_owned(),
            ));
        }
        let opening = match (input.kind, context.request) {
            (ObjectionKind::General, Some((request, _))) => {
                Some(super::requests::Opening::prepare(self, request, now).await?)
            }
            _ => None,
        };
        let mut tx = self.write(actor, now).await?;
        let record = write_objection(self, &mut tx, input, context, opening).await?;
        let seq = tx.commit().await?;
        Ok((record, seq))
    }

    /// Withdraw direct-marketing objections for a person's identifiers: their suppressions end
    /// (the objections and their history stay), with one ledger entry. A person lifts every
    /// objection on their identifiers; an agent only those it filed under the mandate it names.
    async fn withdraw_objection(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &WithdrawalInput,
    ) -> StoreResult<(WithdrawalRecord, i64)> {
        if input.digests.is_empty() {
            return Err(StoreError::Invalid(
                "a withdrawal needs at least one identifier".to_owned(),
            ));
        }
        let mut tx = self.write(actor, now).await?;
        let mut sql = format!(
            "SELECT s.id, s.digest, s.objection_id FROM suppressions s JOIN objections o ON o.id = s.objection_id \
             WHERE s.removed_at IS NULL AND o.kind = 'direct_marketing' AND (s.controller IS NULL OR s.controller = $1) \
             AND s.digest IN ({})",
            placeholders(2, input.digests.len())
        );
        let next = input.digests.len() + 2;
        if let WithdrawnBy::AuthorizedAgent { .. } = &input.by {
            sql.push_str(&format!(
                " AND o.agent_key = ${next} AND o.mandate_reference = ${}",
                next + 1
            ));
        }
        let mut q = sqlx::query(&sql).bind(input.controller.0);
        for d in &input.digests {
            q = q.bind(d.as_bytes().to_vec());
        }
        if let WithdrawnBy::AuthorizedAgent {
            agent_key,
            mandate_reference,
        } = &input.by
        {
            q = q.bind(agent_key).bind(mandate_reference);
        }
        let rows = q.fetch_all(tx.conn()).await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound);
        }
        let at = tx.at_micros();
        let mut suppressions = Vec::new();
        let mut objections = Vec::new();
        let mut digests = Vec::new();
        for row in &rows {
            let id: String = row.try_get("id")?;
            sqlx::query("UPDATE suppressions SET removed_at = $1 WHERE id = $2")
                .bind(at)
                .bind(&id)
                .execute(tx.conn())
                .await?;
            suppressions.push(id);
            let objection: String = row.try_get("objection_id")?;
            if !objections.contains(&objection) {
                objections.push(objection);
            }
            let digest = digest_from(&row.try_get::<Vec<u8>, _>("digest")?)?.to_hex();
            if !digests.contains(&digest) {
                digests.push(digest);
            }
        }
        let id = Uuid::now_v7().to_string();
        let mut entry = NewEntry::event(LedgerEvent::ObjectionWithdrawn(ObjectionWithdrawn {
            withdrawal: id.clone(),
            by: json!(input.by),
            controller: input.controller.0,
            objections: objections.clone(),
            suppressions: suppressions.clone(),
            digests,
        }))
        .controller(input.controller.0);
        if let Some(person) = &input.person {
            entry = entry.subject(person, None);
        }
        tx.record(entry).await?;
        let seq = tx.commit().await?;
        Ok((
            WithdrawalRecord {
                id,
                objections,
                lifted: suppressions.len() as u64,
                withdrawn_at: from_micros(at),
            },
            seq,
        ))
    }

    async fn blocklist_add(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        kind: IdentifierKind,
        digest: &IdentifierDigest,
        reason: &str,
    ) -> StoreResult<(SuppressionRecord, i64)> {
        super::blocklist::add(self, actor, now, kind, digest, reason).await
    }

    async fn blocklist_remove(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        reason: &str,
    ) -> StoreResult<(SuppressionRecord, i64)> {
        super::blocklist::remove(self, actor, now, id, reason).await
    }

    async fn blocklist_import(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        entries: &[(IdentifierKind, IdentifierDigest)],
        reason: &str,
        source_name: &str,
    ) -> StoreResult<(ImportOutcome, i64)> {
        super::blocklist::import(self, actor, now, entries, reason, source_name).await
    }

    async fn list_blocklist(
        &self,
        limit: i64,
        after: Option<&str>,
    ) -> StoreResult<Vec<SuppressionRecord>> {
        super::blocklist::list(self, limit, after).await
    }

    /// Suppressions (active, or all when `include_removed`) kept as rows, with these digests.
    async fn suppression_rows_with(
        &self,
        digests: &[IdentifierDigest],
        include_removed: bool,
    ) -> StoreResult<Vec<SuppressionRecord>> {
        let mut out = Vec::new();
        for chunk in digests.chunks(500) {
            let sql = format!(
                "SELECT {SUPPRESSION_COLUMNS} FROM suppressions WHERE digest IN ({}){} ORDER BY created_at, id",
                Binds::new(self.dialect).list(chunk.len()),
                if include_removed {
                    ""
                } else {
                    " AND removed_at IS NULL"
                }
            );
            let mut q = sqlx::query(&sql);
            for d in chunk {
                q = q.bind(d.as_bytes().to_vec());
            }
            for row in q.fetch_all(self.pool()).await? {
                out.push(record_from(&row)?);
            }
        }
        Ok(out)
    }

    /// Suppressions (active, or all when `include_removed`) with these digests.
    async fn suppressions_with(
        &self,
        digests: &[IdentifierDigest],
        include_removed: bool,
    ) -> StoreResult<Vec<SuppressionRecord>> {
        let mut out = self.suppression_rows_with(digests, include_removed).await?;
        // Entries of block-list imports kept packed (a removed one is its row above).
        let wanted: Vec<[u8; 16]> = digests.iter().map(|d| *d.as_bytes()).collect();
        let mut conn = self.pool().acquire().await?;
        let found = super::packed::find_sorted(&mut conn, &wanted).await?;
        if !found.is_empty() {
            for entry in &found {
                out.push(super::blocklist::packed_record(entry)?);
            }
            out.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        }
        Ok(out)
    }

    /// Stream active suppressions to `sink`: all of them, or one import batch. Imports are read
    /// from their packed form (one row per batch), less the entries removed since.
    /// Individual active suppressions plus the digests held in the packed chunks of bulk batches
    /// (removals from batches are few and not subtracted). Both parts read indexes and blob
    /// lengths only.
    async fn suppression_count_hint(&self) -> StoreResult<u64> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM suppressions WHERE batch IS NULL AND removed_at IS NULL) AS singles, \
             (SELECT COALESCE(SUM(LENGTH(digests)), 0) FROM packed_chunks WHERE owner IN (SELECT batch FROM suppression_batches)) AS packed_bytes",
        )
        .fetch_one(self.pool())
        .await?;
        let singles: i64 = row.try_get("singles")?;
        let packed_bytes: i64 = row.try_get("packed_bytes")?;
        Ok(u64::try_from(singles).unwrap_or(0) + u64::try_from(packed_bytes).unwrap_or(0) / 16)
    }

    async fn stream_suppressions(
        &self,
        batch: Option<&str>,
        sink: &mut (dyn FnMut(IndexedSuppression) + Send),
    ) -> StoreResult<u64> {
        let mut count = 0;
        if batch.is_none() {
            let mut after = String::new();
            loop {
                let rows = sqlx::query(
                    "SELECT id, digest, controller, channels, source FROM suppressions WHERE batch IS NULL AND removed_at IS NULL AND id > $1 ORDER BY id LIMIT 50000",
                )
                .bind(&after)
                .fetch_all(self.pool())
                .await?;
                let Some(last) = rows.last() else { break };
                after = last.try_get("id")?;
                for row in &rows {
                    let source: String = row.try_get("source")?;
                    sink(IndexedSuppression {
                        digest: digest_from(&row.try_get::<Vec<u8>, _>("digest")?)?,
                        suppression: suppression_from(
                            row.try_get("controller")?,
                            row.try_get("channels")?,
                            &source,
                        )
                        .map_err(|_| integrity("suppression"))?,
                    });
                    count += 1;
                }
            }
        }
        let mut removed: HashSet<(String, [u8; 16])> = HashSet::new();
        let removed_rows = match batch {
            Some(b) => sqlx::query("SELECT batch, digest FROM suppressions WHERE batch = $1 AND removed_at IS NOT NULL").bind(b),
            None => sqlx::query("SELECT batch, digest FROM suppressions WHERE batch IS NOT NULL AND removed_at IS NOT NULL"),
        }
        .fetch_all(self.pool())
        .await?;
        for row in removed_rows {
            removed.insert((
                row.try_get("batch")?,
                *digest_from(&row.try_get::<Vec<u8>, _>("digest")?)?.as_bytes(),
            ));
        }
        let batches = match batch {
            Some(b) => sqlx::query(
                "SELECT batch, controller, channels, source FROM suppression_batches WHERE batch = $1",
            )
            .bind(b),
            None => sqlx::query("SELECT batch, controller, channels, source FROM suppression_batches"),
        }
        .fetch_all(self.pool())
        .await?;
        for row in batches {
            let name: String = row.try_get("batch")?;
            let source: String = row.try_get("source")?;
            let suppression = suppression_from(
                row.try_get("controller")?,
                row.try_get("channels")?,
                &source,
            )?;
            let mut bad = false;
            super::packed::stream(self, &name, &mut |digests, _| {
                for chunk in digests.chunks_exact(16) {
                    let Some(digest) = IdentifierDigest::from_slice(chunk) else {
                        bad = true;
                        continue;
                    };
                    if !removed.is_empty() && removed.contains(&(name.clone(), *digest.as_bytes()))
                    {
                        continue;
                    }
                    sink(IndexedSuppression {
                        digest,
                        suppression,
                    });
                    count += 1;
                }
            })
            .await?;
            if bad {
                return Err(integrity("packed digests"));
            }
        }
        Ok(count)
    }
}
