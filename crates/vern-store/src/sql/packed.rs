//! Packed digests: millions of 16-byte digests kept as a few rows of concatenated bytes, so
//! they load in a few reads and never sit in memory all at once.

use sqlx::Row;

use super::SqlStore;
use crate::error::StoreResult;
use crate::ledger::WriteTx;

/// Entries per chunk: 1 MiB of digests.
const CHUNK: usize = 65_536;

/// Store `digests` (16 bytes each) and, optionally, one channel byte each, under `owner`.
pub(super) async fn write(
    tx: &mut WriteTx<'_>,
    owner: &str,
    digests: &[u8],
    channels: Option<&[u8]>,
) -> StoreResult<()> {
    for (seq, chunk) in digests.chunks(CHUNK * 16).enumerate() {
        let from = seq * CHUNK;
        let bits = channels.map(|c| c[from..(from + chunk.len() / 16).min(c.len())].to_vec());
        sqlx::query(
            "INSERT INTO packed_chunks (owner, seq, digests, channels) VALUES ($1, $2, $3, $4)",
        )
        .bind(owner)
        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
        .bind(chunk.to_vec())
        .bind(bits)
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// Hand every chunk of `owner` to `sink`, in order: (digests, channel bytes).
pub(super) async fn stream(
    store: &SqlStore,
    owner: &str,
    sink: &mut crate::store::PackedSink<'_>,
) -> StoreResult<()> {
    let mut conn = store.pool().acquire().await?;
    stream_on(&mut conn, owner, Bytes::Channels, sink).await
}

/// The byte per entry a chunk is read with.
#[derive(Debug, Clone, Copy)]
pub(super) enum Bytes {
    /// Channel bits (register versions).
    Channels,
    /// Identifier kinds (block-list imports kept packed only).
    Kinds,
}

/// Hand every chunk of `owner` to `sink` in order, read on `conn` (inside a transaction, or
/// a connection of the pool): (digests, the byte per entry asked for).
pub(super) async fn stream_on(
    conn: &mut sqlx::AnyConnection,
    owner: &str,
    bytes: Bytes,
    sink: &mut crate::store::PackedSink<'_>,
) -> StoreResult<()> {
    let sql = match bytes {
        Bytes::Channels => {
            "SELECT seq, digests, channels AS bytes FROM packed_chunks WHERE owner = $1 AND seq > $2 ORDER BY seq LIMIT 4"
        }
        Bytes::Kinds => {
            "SELECT seq, digests, kinds AS bytes FROM packed_chunks WHERE owner = $1 AND seq > $2 ORDER BY seq LIMIT 4"
        }
    };
    let mut after = -1i64;
    loop {
        let rows = sqlx::query(sql)
            .bind(owner)
            .bind(after)
            .fetch_all(&mut *conn)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get("seq")?;
        for row in rows {
            let digests: Vec<u8> = row.try_get("digests")?;
            let bytes: Option<Vec<u8>> = row.try_get("bytes")?;
            sink(&digests, bytes.as_deref());
        }
    }
}

/// Entries per chunk of a block-list import kept packed only: 64 KiB of digests, so that finding
/// one entry by digest reads one small chunk.
pub(super) const SORTED_CHUNK: usize = 4096;

/// Store sorted, distinct `digests` with one identifier-kind byte each under `owner`, with each
/// chunk's first and last digest so that an entry can be found without reading the rest.
pub(super) async fn write_sorted(
    tx: &mut WriteTx<'_>,
    owner: &str,
    digests: &[[u8; 16]],
    kinds: &[u8],
) -> StoreResult<()> {
    for (seq, (chunk, kinds)) in digests
        .chunks(SORTED_CHUNK)
        .zip(kinds.chunks(SORTED_CHUNK))
        .enumerate()
    {
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        sqlx::query(
            "INSERT INTO packed_chunks (owner, seq, digests, channels, kinds) VALUES ($1, $2, $3, NULL, $4)",
        )
        .bind(owner)
        .bind(seq)
        .bind(chunk.as_flattened().to_vec())
        .bind(kinds.to_vec())
        .execute(tx.conn())
        .await?;
        sqlx::query(
            "INSERT INTO packed_ranges (owner, seq, first_digest, last_digest) VALUES ($1, $2, $3, $4)",
        )
        .bind(owner)
        .bind(seq)
        .bind(first.to_vec())
        .bind(last.to_vec())
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// One entry of a block-list import kept packed only.
#[derive(Debug, Clone)]
pub(super) struct SortedEntry {
    pub(super) batch: String,
    pub(super) digest: [u8; 16],
    pub(super) kind: u8,
    /// The batch's scope, channels, source, reason and time.
    pub(super) controller: Option<i64>,
    pub(super) channels: i64,
    pub(super) source: String,
    pub(super) reason: Option<String>,
    pub(super) created_at: i64,
}

/// The entries of the packed-only block-list imports that hold one of `digests`, less those
/// removed one by one since.
pub(super) async fn find_sorted(
    conn: &mut sqlx::AnyConnection,
    digests: &[[u8; 16]],
) -> StoreResult<Vec<SortedEntry>> {
    let mut wanted: Vec<[u8; 16]> = digests.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = Vec::new();
    for digest in wanted {
        let rows = sqlx::query(
            "SELECT c.owner, c.digests, c.kinds, b.controller, b.channels, b.source, b.reason, b.created_at \
             FROM packed_ranges r JOIN packed_chunks c ON c.owner = r.owner AND c.seq = r.seq \
             JOIN suppression_batches b ON b.batch = r.owner \
             WHERE r.first_digest <= $1 AND r.last_digest >= $1 AND b.packed_only = 1",
        )
        .bind(digest.to_vec())
        .fetch_all(&mut *conn)
        .await?;
        for row in rows {
            let packed: Vec<u8> = row.try_get("digests")?;
            let kinds: Vec<u8> = row
                .try_get::<Option<Vec<u8>>, _>("kinds")?
                .unwrap_or_default();
            let (entries, _) = packed.as_chunks::<16>();
            let Ok(i) = entries.binary_search(&digest) else {
                continue;
            };
            let batch: String = row.try_get("owner")?;
            let removed = sqlx::query(
                "SELECT 1 AS one FROM suppressions WHERE batch = $1 AND digest = $2 AND removed_at IS NOT NULL",
            )
            .bind(&batch)
            .bind(digest.to_vec())
            .fetch_optional(&mut *conn)
            .await?;
            if removed.is_none() {
                out.push(SortedEntry {
                    batch,
                    digest,
                    kind: kinds.get(i).copied().unwrap_or(0),
                    controller: row.try_get("controller")?,
                    channels: row.try_get("channels")?,
                    source: row.try_get("source")?,
                    reason: row.try_get("reason")?,
                    created_at: row.try_get("created_at")?,
                });
            }
        }
    }
    Ok(out)
}
