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
    let mut after = -1i64;
    loop {
        let rows = sqlx::query("SELECT seq, digests, channels FROM packed_chunks WHERE owner = $1 AND seq > $2 ORDER BY seq LIMIT 4")
            .bind(owner)
            .bind(after)
            .fetch_all(store.pool())
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get("seq")?;
        for row in rows {
            let digests: Vec<u8> = row.try_get("digests")?;
            let channels: Option<Vec<u8>> = row.try_get("channels")?;
            sink(&digests, channels.as_deref());
        }
    }
}
