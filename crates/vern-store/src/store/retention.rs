//! Retention (Art. 5(1)(e)): finding what is due, dropping what served ended purposes, pruning
//! old messages, recording runs.

use crate::error::StoreResult;
use crate::ledger::{Actor, RetentionRun};
use crate::model::Selection;
use async_trait::async_trait;
use time::OffsetDateTime;

/// Retention: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// People in the recycle bin since before `before`, without holds.
    async fn trash_due(&self, before: OffsetDateTime) -> StoreResult<Vec<String>>;

    /// People whose holds have all ended.
    async fn holds_ended(&self, now: OffsetDateTime) -> StoreResult<Vec<String>>;

    /// People matching a selection.
    async fn select_people(&self, selection: &Selection) -> StoreResult<Vec<String>>;

    /// Live people whose purposes may have ended at `now`: with a consent withdrawn or
    /// expired, or a deal closed. Nobody else can have a purpose that ended.
    async fn retention_candidates(&self, now: OffsetDateTime) -> StoreResult<Vec<String>>;

    /// Remove the custom fields that served `purposes` from a person's profile (their
    /// purposes ended and their retention ran). Returns how many fields went and the sequence
    /// number of the ledger entry.
    async fn drop_purpose_fields(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        purposes: &[String],
    ) -> StoreResult<(u64, i64)>;

    /// How many messages [`RetentionStore::prune_messages`] would delete (a dry run).
    async fn prunable_messages(&self, before: OffsetDateTime) -> StoreResult<u64>;

    /// Delete message metadata older than `before`.
    async fn prune_messages(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        before: OffsetDateTime,
    ) -> StoreResult<(u64, i64)>;

    /// Record a retention run.
    async fn record_retention_run(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        run: RetentionRun,
    ) -> StoreResult<i64>;

    /// Destroy keys whose person is gone, created before `created_before`.
    async fn reconcile_keyring(&self, created_before: OffsetDateTime) -> StoreResult<u64>;
}
