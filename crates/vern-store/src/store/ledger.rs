//! Reading the ledger: following it by sequence number, verifying its chain, browsing it and
//! the entries about one person.

use crate::error::StoreResult;
use crate::ledger::LedgerEntry;
use crate::ledger::Verification;
use async_trait::async_trait;

/// The ledger, read back: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait LedgerStore: Send + Sync {
    /// The sequence number of the last entry.
    async fn ledger_head(&self) -> StoreResult<i64>;

    /// Entries after `after`, oldest first.
    async fn ledger_after(&self, after: i64, limit: i64) -> StoreResult<Vec<LedgerEntry>>;

    /// Walk the chain and recompute every hash.
    async fn verify_ledger(&self) -> StoreResult<Verification>;

    /// Ledger entries before `before` (all when `None`), newest first, optionally only kinds
    /// starting with `kind_prefix`.
    async fn ledger_page(
        &self,
        before: Option<i64>,
        kind_prefix: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<LedgerEntry>>;

    /// The ledger entries about a person.
    async fn ledger_for(&self, person: &str) -> StoreResult<Vec<LedgerEntry>>;
}
