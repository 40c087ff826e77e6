//! The breach register's storage (GDPR Art. 33(5)).

use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::ControllerId;

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{
    BreachAudience, BreachAudienceFound, BreachNoticeCounts, BreachNoticeInput, BreachRecord,
    BreachVersion,
};
use std::collections::HashMap;

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

    /// The live people of `controller` an audience names.
    async fn breach_audience(
        &self,
        controller: ControllerId,
        audience: &BreachAudience,
    ) -> StoreResult<BreachAudienceFound>;

    /// The people a breach's notice was already recorded for, with the outcome (`queued`,
    /// `no_address`).
    async fn breach_notice_outcomes(&self, breach: &str) -> StoreResult<HashMap<String, String>>;

    /// Record the Art. 34 notices in one transaction: queue each message in the outbox, keep one
    /// row per person (a person already `queued` is never queued again: their input is
    /// skipped), write a `breach.notice` entry per person, and write `record`, the next version
    /// of the breach made by `step` from the version the caller read (another writer in between
    /// is a conflict, and nothing is written). Returns the breach as written and how many
    /// messages were queued.
    async fn send_breach_notices(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        record: &BreachRecord,
        step: &str,
        notices: &[BreachNoticeInput],
    ) -> StoreResult<(BreachRecord, u64, i64)>;

    /// Where the notices stand, per breach (one breach, or all).
    async fn breach_notice_counts(
        &self,
        breach: Option<&str>,
    ) -> StoreResult<HashMap<String, BreachNoticeCounts>>;
}
