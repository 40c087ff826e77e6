//! The global block list in SQL: single entries, imports kept packed, their removal and listing.
//!
//! A block-list entry is a suppression with source `blocklist` and no controller; an import's
//! entries are kept packed only (`sql/packed.rs`), a row recording each one removed since.

use std::collections::HashSet;

use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::objection::SuppressionSource;
use vern_core::{ChannelSet, ControllerId, IdentifierDigest, IdentifierKind};

use super::SqlStore;
use super::suppression_rows::{
    SUPPRESSION_COLUMNS, get_suppression, insert_suppression, record_from,
};
use crate::codec::{
    channels_from_i64, channels_to_i64, digest_from, kind_from_byte, kind_to_byte, kind_to_text,
};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, BlocklistAdded, BlocklistImported, BlocklistRemoved, LedgerEvent, NewEntry, WriteTx,
};
use crate::model::{ImportOutcome, SuppressionRecord};
use crate::time_codec::from_micros;

/// The id of one entry of a block-list import kept packed only: the batch and the digest, so
/// that it sorts after its batch's id and before the next one, like the rows' ids.
fn entry_id(batch: &str, digest: &[u8; 16]) -> String {
    let mut id = String::with_capacity(batch.len() + 33);
    id.push_str(batch);
    id.push('_');
    for b in digest {
        id.push_str(&format!("{b:02x}"));
    }
    id
}

/// The batch and digest of a packed entry's id; `None` for a row's id (a UUID has no `_`).
fn parse_entry_id(id: &str) -> Option<(&str, [u8; 16])> {
    let (batch, hex) = id.rsplit_once('_')?;
    let digest = IdentifierDigest::from_hex(hex)?;
    Some((batch, *digest.as_bytes()))
}

pub(super) fn packed_record(entry: &super::packed::SortedEntry) -> StoreResult<SuppressionRecord> {
    Ok(SuppressionRecord {
        id: entry_id(&entry.batch, &entry.digest),
        digest: digest_from(&entry.digest)?.to_hex(),
        identifier_kind: kind_from_byte(entry.kind)?,
        controller: entry.controller.map(ControllerId),
        channels: channels_from_i64(entry.channels),
        source: entry.source.clone(),
        objection_id: None,
        reason: entry.reason.clone(),
        created_at: from_micros(entry.created_at),
        removed_at: None,
    })
}

/// Every digest on the block list now: single entries, the rows of imports from before they
/// were kept packed only, and the packed entries not removed since. Sorted.
async fn blocklist_digests(tx: &mut WriteTx<'_>) -> StoreResult<Vec<[u8; 16]>> {
    let mut present: Vec<[u8; 16]> = Vec::new();
    let mut after = String::new();
    loop {
        let rows = sqlx::query(
            "SELECT id, digest FROM suppressions WHERE source = 'blocklist' AND removed_at IS NULL AND id > $1 ORDER BY id LIMIT 50000",
        )
        .bind(&after)
        .fetch_all(tx.conn())
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("id")?;
        for row in &rows {
            present.push(*digest_from(&row.try_get::<Vec<u8>, _>("digest")?)?.as_bytes());
        }
    }
    let batches: Vec<String> = sqlx::query(
        "SELECT batch FROM suppression_batches WHERE packed_only = 1 AND source = 'blocklist' ORDER BY batch",
    )
    .fetch_all(tx.conn())
    .await?
    .iter()
    .map(|r| r.try_get("batch"))
    .collect::<Result<_, _>>()?;
    for batch in batches {
        let removed: HashSet<[u8; 16]> = sqlx::query(
            "SELECT digest FROM suppressions WHERE batch = $1 AND removed_at IS NOT NULL",
        )
        .bind(&batch)
        .fetch_all(tx.conn())
        .await?
        .iter()
        .map(|r| Ok(*digest_from(&r.try_get::<Vec<u8>, _>("digest")?)?.as_bytes()))
        .collect::<StoreResult<_>>()?;
        super::packed::stream_on(
            tx.conn(),
            &batch,
            super::packed::Bytes::Kinds,
            &mut |digests, _| {
                let (entries, _) = digests.as_chunks::<16>();
                if removed.is_empty() {
                    present.extend_from_slice(entries);
                } else {
                    present.extend(entries.iter().filter(|d| !removed.contains(*d)));
                }
            },
        )
        .await?;
    }
    present.sort_unstable();
    Ok(present)
}

/// Put one identifier on the block list.
pub(super) async fn add(
    store: &SqlStore,
    actor: &Actor,
    now: OffsetDateTime,
    kind: IdentifierKind,
    digest: &IdentifierDigest,
    reason: &str,
) -> StoreResult<(SuppressionRecord, i64)> {
    let mut tx = store.write(actor, now).await?;
    let existing = sqlx::query("SELECT id FROM suppressions WHERE digest = $1 AND source = 'blocklist' AND removed_at IS NULL")
        .bind(digest.as_bytes().to_vec())
        .fetch_optional(tx.conn())
        .await?;
    if existing.is_some()
        || !super::packed::find_sorted(tx.conn(), &[*digest.as_bytes()])
            .await?
            .is_empty()
    {
        return Err(StoreError::Conflict(
            "the identifier is already on the block list".to_owned(),
        ));
    }
    let id = insert_suppression(
        &mut tx,
        digest,
        kind,
        None,
        ChannelSet::ALL,
        SuppressionSource::Blocklist,
        None,
        Some(reason),
        None,
    )
    .await?;
    tx.record(NewEntry::event(LedgerEvent::BlocklistAdded(
        BlocklistAdded {
            suppression: id.clone(),
            digests: vec![digest.to_hex()],
            identifier_kind: kind,
            reason: reason.to_owned(),
        },
    )))
    .await?;
    let seq = tx.commit().await?;
    Ok((get_suppression(store, &id).await?, seq))
}

/// Take an entry (a single one, or one of a packed import) off the block list.
pub(super) async fn remove(
    store: &SqlStore,
    actor: &Actor,
    now: OffsetDateTime,
    id: &str,
    reason: &str,
) -> StoreResult<(SuppressionRecord, i64)> {
    let mut tx = store.write(actor, now).await?;
    if let Some((batch, digest)) = parse_entry_id(id) {
        // An entry of an import kept packed: a row records its removal.
        let entry = super::packed::find_sorted(tx.conn(), &[digest])
            .await?
            .into_iter()
            .find(|e| e.batch == batch && e.source == "blocklist")
            .ok_or(StoreError::NotFound)?;
        let record = packed_record(&entry)?;
        sqlx::query(&format!(
            "INSERT INTO suppressions ({SUPPRESSION_COLUMNS}, batch) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $9, $10)"
        ))
        .bind(&record.id)
        .bind(digest.to_vec())
        .bind(kind_to_text(record.identifier_kind))
        .bind(entry.controller)
        .bind(entry.channels)
        .bind(&entry.source)
        .bind(&entry.reason)
        .bind(entry.created_at)
        .bind(tx.at_micros())
        .bind(&entry.batch)
        .execute(tx.conn())
        .await?;
        tx.record(NewEntry::event(LedgerEvent::BlocklistRemoved(
            BlocklistRemoved {
                suppression: record.id.clone(),
                digests: vec![record.digest.clone()],
                reason: reason.to_owned(),
            },
        )))
        .await?;
        let seq = tx.commit().await?;
        return Ok((get_suppression(store, &record.id).await?, seq));
    }
    let row = sqlx::query("SELECT digest FROM suppressions WHERE id = $1 AND source = 'blocklist' AND removed_at IS NULL")
        .bind(id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    let digest = digest_from(&row.try_get::<Vec<u8>, _>("digest")?)?;
    let at = tx.at_micros();
    sqlx::query("UPDATE suppressions SET removed_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(tx.conn())
        .await?;
    tx.record(NewEntry::event(LedgerEvent::BlocklistRemoved(
        BlocklistRemoved {
            suppression: id.to_owned(),
            digests: vec![digest.to_hex()],
            reason: reason.to_owned(),
        },
    )))
    .await?;
    let seq = tx.commit().await?;
    Ok((get_suppression(store, id).await?, seq))
}

/// Put a file's identifiers on the block list as one packed batch, less those already on it.
pub(super) async fn import(
    store: &SqlStore,
    actor: &Actor,
    now: OffsetDateTime,
    entries: &[(IdentifierKind, IdentifierDigest)],
    reason: &str,
    source_name: &str,
) -> StoreResult<(ImportOutcome, i64)> {
    let batch = Uuid::now_v7().to_string();
    // The file's entries by digest, each once (a digest is of one kind: they are keyed by it).
    let mut fresh: Vec<([u8; 16], u8)> = entries
        .iter()
        .map(|(kind, digest)| (*digest.as_bytes(), kind_to_byte(*kind)))
        .collect();
    fresh.sort_unstable();
    fresh.dedup_by(|a, b| a.0 == b.0);
    let mut tx = store.write(actor, now).await?;
    // Less what is on the list already: both sorted, one walk.
    let present = blocklist_digests(&mut tx).await?;
    let mut p = present.iter().peekable();
    fresh.retain(|(d, _)| {
        while p.next_if(|x| *x < d).is_some() {}
        p.peek() != Some(&d)
    });
    drop(present);
    let at = tx.at_micros();
    let all = channels_to_i64(ChannelSet::ALL);
    sqlx::query("INSERT INTO suppression_batches (batch, controller, channels, source, created_at, reason, packed_only) VALUES ($1, NULL, $2, 'blocklist', $3, $4, 1)")
        .bind(&batch)
        .bind(all)
        .bind(at)
        .bind(reason)
        .execute(tx.conn())
        .await?;
    let (digests, kinds): (Vec<[u8; 16]>, Vec<u8>) = fresh.iter().copied().unzip();
    super::packed::write_sorted(&mut tx, &batch, &digests, &kinds).await?;
    let outcome = ImportOutcome {
        added: fresh.len() as u64,
        duplicates: (entries.len() - fresh.len()) as u64,
    };
    tx.record(NewEntry::event(LedgerEvent::BlocklistImported(
        BlocklistImported {
            batch,
            added: outcome.added,
            duplicates: outcome.duplicates,
            reason: reason.to_owned(),
            source: source_name.to_owned(),
        },
    )))
    .await?;
    let seq = tx.commit().await?;
    Ok((outcome, seq))
}

/// A page of the block list, in the order of ids: rows, then packed entries by batch and digest.
pub(super) async fn list(
    store: &SqlStore,
    limit: i64,
    after: Option<&str>,
) -> StoreResult<Vec<SuppressionRecord>> {
    let after = after.unwrap_or("");
    let rows = sqlx::query(&format!(
        "SELECT {SUPPRESSION_COLUMNS} FROM suppressions WHERE source = 'blocklist' AND removed_at IS NULL AND id > $1 ORDER BY id LIMIT $2"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    let mut out: Vec<SuppressionRecord> =
        rows.iter().map(record_from).collect::<StoreResult<_>>()?;
    // The entries of imports kept packed, in the same order of ids: by batch, then digest.
    let want = usize::try_from(limit).unwrap_or(0);
    let (after_batch, after_digest) = match parse_entry_id(after) {
        Some((batch, digest)) => (batch, digest.to_vec()),
        None => (after, Vec::new()),
    };
    let batches = sqlx::query(
        "SELECT batch, controller, channels, source, reason, created_at FROM suppression_batches \
         WHERE packed_only = 1 AND source = 'blocklist' AND batch >= $1 ORDER BY batch",
    )
    .bind(after_batch)
    .fetch_all(store.pool())
    .await?;
    let mut packed: Vec<SuppressionRecord> = Vec::new();
    for b in &batches {
        if packed.len() >= want {
            break;
        }
        let batch: String = b.try_get("batch")?;
        let from: &[u8] = if batch == after_batch {
            &after_digest
        } else {
            &[]
        };
        let removed: HashSet<[u8; 16]> = sqlx::query(
            "SELECT digest FROM suppressions WHERE batch = $1 AND removed_at IS NOT NULL",
        )
        .bind(&batch)
        .fetch_all(store.pool())
        .await?
        .iter()
        .map(|r| Ok(*digest_from(&r.try_get::<Vec<u8>, _>("digest")?)?.as_bytes()))
        .collect::<StoreResult<_>>()?;
        // The first chunk that holds a digest after `from`, found among the chunks' ranges.
        let Some(start) = sqlx::query(
            "SELECT seq FROM packed_ranges WHERE owner = $1 AND last_digest > $2 ORDER BY seq LIMIT 1",
        )
        .bind(&batch)
        .bind(from.to_vec())
        .fetch_optional(store.pool())
        .await?
        else {
            continue;
        };
        let mut seq = start.try_get::<i64, _>("seq")? - 1;
        'chunks: loop {
            let Some(row) = sqlx::query(
                "SELECT seq, digests, kinds FROM packed_chunks WHERE owner = $1 AND seq > $2 ORDER BY seq LIMIT 1",
            )
            .bind(&batch)
            .bind(seq)
            .fetch_optional(store.pool())
            .await?
            else {
                break;
            };
            seq = row.try_get("seq")?;
            let digests: Vec<u8> = row.try_get("digests")?;
            let kinds: Vec<u8> = row
                .try_get::<Option<Vec<u8>>, _>("kinds")?
                .unwrap_or_default();
            for (i, digest) in digests.as_chunks::<16>().0.iter().enumerate() {
                if digest.as_slice() <= from || removed.contains(digest) {
                    continue;
                }
                packed.push(packed_record(&super::packed::SortedEntry {
                    batch: batch.clone(),
                    digest: *digest,
                    kind: kinds.get(i).copied().unwrap_or(0),
                    controller: b.try_get("controller")?,
                    channels: b.try_get("channels")?,
                    source: b.try_get("source")?,
                    reason: b.try_get("reason")?,
                    created_at: b.try_get("created_at")?,
                })?);
                if packed.len() >= want {
                    break 'chunks;
                }
            }
        }
    }
    out.extend(packed);
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.truncate(want);
    Ok(out)
}
