//! The storage port: every use case that must be atomic is one method here; the backend opens
//! the transaction, writes the state and its ledger entries, and commits them together.

use async_trait::async_trait;
use std::fmt::Debug;
use time::OffsetDateTime;
use vern_core::Role;

use crate::api_key::ApiKey;
use crate::db::Dialect;
use crate::error::StoreResult;
use crate::ledger::{Actor, LedgerEntry, Verification};
use crate::seal::InstallationKeys;

/// vern's storage.
#[async_trait]
pub trait Store: Send + Sync + Debug {
    /// Which engine is behind the store.
    fn dialect(&self) -> Dialect;

    /// The installation's keys.
    fn keys(&self) -> &InstallationKeys;

    /// Run pending migrations on the data and the keyring.
    async fn migrate(&self) -> StoreResult<()>;

    /// Whether the database answers.
    async fn ping(&self) -> StoreResult<()>;

    // ---- ledger ----

    /// The sequence number of the last entry.
    async fn ledger_head(&self) -> StoreResult<i64>;

    /// Entries after `after`, oldest first.
    async fn ledger_after(&self, after: i64, limit: i64) -> StoreResult<Vec<LedgerEntry>>;

    /// Walk the chain and recompute every hash.
    async fn verify_ledger(&self) -> StoreResult<Verification>;

    // ---- API keys ----

    /// Create a key; returns it with its secret, which is never stored.
    async fn create_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        name: &str,
        role: Role,
    ) -> StoreResult<(ApiKey, String)>;

    /// Every key, newest first.
    async fn list_api_keys(&self) -> StoreResult<Vec<ApiKey>>;

    /// Revoke a key by id, or by its prefix if unique.
    async fn revoke_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<ApiKey>;

    /// The active key with this secret.
    async fn find_api_key(&self, secret: &str) -> StoreResult<Option<ApiKey>>;
}
