//! Erasure (Art. 17): the recycle bin, purge and anonymization, and the legal holds that keep
//! data.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::Hold;
use crate::model::NewMessage;
use crate::model::PurgeKind;
use crate::model::PurgeOutcome;
use crate::model::TrashEntry;
use async_trait::async_trait;
use time::OffsetDateTime;

/// Erasure: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait ErasureStore: Send + Sync {
    /// Move a person to the recycle bin, queueing `messages` (the confirmation) under keys of
    /// their own so they outlive the purge.
    async fn erase_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        reason: &str,
        messages: &[NewMessage],
    ) -> StoreResult<i64>;

    /// Take a person out of the recycle bin: the erasure's messages not yet tried are
    /// withdrawn; if one may have gone out, `tell` is queued to the person.
    async fn restore_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        tell: &[NewMessage],
    ) -> StoreResult<i64>;

    /// The recycle bin.
    async fn list_trash(&self) -> StoreResult<Vec<TrashEntry>>;

    /// Purge a person (recorded as `kind` says): everything goes but what a
    /// legal hold keeps; without a hold their key is destroyed.
    async fn purge_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        kind: PurgeKind,
        digests: Vec<String>,
    ) -> StoreResult<(PurgeOutcome, i64)>;

    /// The holds a purge of this person would leave, as of `now`.
    async fn holds_for(&self, id: &str, now: OffsetDateTime) -> StoreResult<Vec<Hold>>;

    /// The holds on a person now.
    async fn person_holds(&self, id: &str) -> StoreResult<Vec<Hold>>;
}
