//! The breach register's storage (GDPR Art. 33(5)).

use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::ControllerId;

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{BreachRecord, BreachVersion};

/// The breach register. The lifecycle's rules are `vern_core::breach`; the store writes what
/// they allowed, keeps every version, and records each step in the ledger.
#[async_trait]
pub trait BreachStore {
    /// Record a new breach. `record.version` is ignored: the first version is 1.
    async fn open_breach(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        record: &BreachRecord,
    ) -> StoreResult<(BreachRecord, i64)>;

    /// Write the next version of a breach, made by `step` from the version `record.version`
    /// that the caller read. Another writer in between is a conflict, and nothing is written.
    async fn update_breach(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        record: &BreachRecord,
        step: &str,
    ) -> StoreResult<(BreachRecord, i64)>;

    /// One breach.
    async fn get_breach(&self, id: &str) -> StoreResult<BreachRecord>;

    /// The breaches of one controller, or of all, newest awareness first.
    async fn list_breaches(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<BreachRecord>>;

    /// Every kept version of one breach, oldest first.
    async fn breach_versions(&self, id: &str) -> StoreResult<Vec<BreachVersion>>;
}
