//! Reading the ledger newest first, for people browsing it (auditors in the web UI).

use super::SqlStore;
use crate::error::StoreResult;
use crate::ledger::LedgerEntry;

pub(super) async fn ledger_page(
    store: &SqlStore,
    before: Option<i64>,
    kind_prefix: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<LedgerEntry>> {
    let before = before.unwrap_or(i64::MAX);
    let pattern = kind_prefix.map(|k| {
        let escaped: String = k
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'))
            .collect();
        format!("{escaped}%")
    });
    let rows = sqlx::query(
        "SELECT seq, at, actor, kind, controller, subject, payload, CASE WHEN sealed IS NULL THEN 0 ELSE 1 END AS has_sealed, hash \
         FROM ledger WHERE seq < $1 AND ($2 IS NULL OR kind LIKE $2) ORDER BY seq DESC LIMIT $3",
    )
    .bind(before)
    .bind(pattern)
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(crate::ledger::entry_from_row).collect()
}
