//! A suppression's row: its columns, reading one, writing one. Objections, the block list, SMS
//! stop words and the suppressions kept after an erasure all write theirs here.

use sqlx::Row;
use sqlx::any::AnyRow;
use uuid::Uuid;
use vern_core::objection::SuppressionSource;
use vern_core::{ChannelSet, ControllerId, IdentifierDigest, IdentifierKind};

use super::SqlStore;
use crate::codec::{
    channels_from_i64, channels_to_i64, digest_from, kind_from_text, kind_to_text, source_to_text,
};
use crate::error::{StoreError, StoreResult};
use crate::ledger::WriteTx;
use crate::model::SuppressionRecord;
use crate::time_codec::from_micros;

pub(super) const SUPPRESSION_COLUMNS: &str = "id, digest, identifier_kind, controller, channels, source, objection_id, reason, created_at, removed_at";

pub(super) fn record_from(row: &AnyRow) -> StoreResult<SuppressionRecord> {
    Ok(SuppressionRecord {
        id: row.try_get("id")?,
        digest: digest_from(&row.try_get::<Vec<u8>, _>("digest")?)?.to_hex(),
        identifier_kind: kind_from_text(&row.try_get::<String, _>("identifier_kind")?)?,
        controller: row
            .try_get::<Option<i64>, _>("controller")?
            .map(ControllerId),
        channels: channels_from_i64(row.try_get("channels")?),
        source: row.try_get("source")?,
        objection_id: row.try_get("objection_id")?,
        reason: row.try_get("reason")?,
        created_at: from_micros(row.try_get("created_at")?),
        removed_at: row
            .try_get::<Option<i64>, _>("removed_at")?
            .map(from_micros),
    })
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_suppression(
    tx: &mut WriteTx<'_>,
    digest: &IdentifierDigest,
    kind: IdentifierKind,
    controller: Option<ControllerId>,
    channels: ChannelSet,
    source: SuppressionSource,
    objection: Option<&str>,
    reason: Option<&str>,
    batch: Option<&str>,
) -> StoreResult<String> {
    let id = Uuid::now_v7().to_string();
    let at = tx.at_micros();
    sqlx::query(&format!(
        "INSERT INTO suppressions ({SUPPRESSION_COLUMNS}, batch) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10)"
    ))
    .bind(&id)
    .bind(digest.as_bytes().to_vec())
    .bind(kind_to_text(kind))
    .bind(controller.map(|c| c.0))
    .bind(channels_to_i64(channels))
    .bind(source_to_text(source))
    .bind(objection)
    .bind(reason)
    .bind(at)
    .bind(batch)
    .execute(tx.conn())
    .await?;
    Ok(id)
}

pub(super) async fn get_suppression(store: &SqlStore, id: &str) -> StoreResult<SuppressionRecord> {
    let row = sqlx::query(&format!(
        "SELECT {SUPPRESSION_COLUMNS} FROM suppressions WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(store.pool())
    .await?
    .ok_or(StoreError::NotFound)?;
    record_from(&row)
}
