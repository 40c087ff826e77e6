//! The ledger read back: followed by sequence number, verified, browsed newest first (auditors
//! in the web UI), and the entries about one person.

use async_trait::async_trait;
use sqlx::Row;

use super::SqlStore;
use crate::error::StoreResult;
use crate::ledger::{self, LedgerEntry, Verification};
use crate::store::LedgerStore;

#[async_trait]
impl LedgerStore for SqlStore {
    async fn ledger_head(&self) -> StoreResult<i64> {
        let row = sqlx::query("SELECT seq FROM ledger_head WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("seq")?)
    }

    async fn ledger_after(&self, after: i64, limit: i64) -> StoreResult<Vec<LedgerEntry>> {
        ledger::read_after(self.pool(), after, limit).await
    }

    async fn verify_ledger(&self) -> StoreResult<Verification> {
        ledger::verify(self.pool(), &self.keys).await
    }

    /// The ledger entries about a person, oldest first.
    async fn ledger_for(&self, person: &str) -> StoreResult<Vec<LedgerEntry>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, kind, controller, subject, payload, CASE WHEN sealed IS NULL THEN 0 ELSE 1 END AS has_sealed, hash \
             FROM ledger WHERE subject = $1 ORDER BY seq",
        )
        .bind(person)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(crate::ledger::entry_from_row).collect()
    }

    async fn ledger_page(
        &self,
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
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(crate::ledger::entry_from_row).collect()
    }
}
