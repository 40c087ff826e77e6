//! Objections (Art. 21), the global block list and the suppressions they become, and what the
//! in-memory index is built from.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::ImportOutcome;
use crate::model::IndexedSuppression;
use crate::model::ObjectionContext;
use crate::model::ObjectionInput;
use crate::model::ObjectionRecord;
use crate::model::SuppressionRecord;
use crate::model::WithdrawalInput;
use crate::model::WithdrawalRecord;
use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::IdentifierDigest;
use vern_core::IdentifierKind;

/// Objections, the block list and suppressions: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait SuppressionStore: Send + Sync {
    /// Record an objection: a direct-marketing one becomes suppressions of its digests; a
    /// general one opens a request.
    async fn record_objection(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &ObjectionInput,
    ) -> StoreResult<(ObjectionRecord, i64)> {
        self.record_objection_in(actor, now, input, ObjectionContext::default())
            .await
    }

    /// Record an objection with its context: the request a general objection opens (and its
    /// acknowledgement), or the request that is its evidence.
    async fn record_objection_in(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &ObjectionInput,
        context: ObjectionContext<'_>,
    ) -> StoreResult<(ObjectionRecord, i64)>;

    /// Withdraw direct-marketing objections for a person's identifiers; fails with not found
    /// when none that the withdrawer may lift stands.
    async fn withdraw_objection(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &WithdrawalInput,
    ) -> StoreResult<(WithdrawalRecord, i64)>;

    /// Put one identifier on the global block list.
    async fn blocklist_add(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        kind: IdentifierKind,
        digest: &IdentifierDigest,
        reason: &str,
    ) -> StoreResult<(SuppressionRecord, i64)>;

    /// Take an entry off the block list.
    async fn blocklist_remove(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        reason: &str,
    ) -> StoreResult<(SuppressionRecord, i64)>;

    /// Load many identifiers onto the block list in one transaction and one ledger entry.
    async fn blocklist_import(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        entries: &[(IdentifierKind, IdentifierDigest)],
        reason: &str,
        source_name: &str,
    ) -> StoreResult<(ImportOutcome, i64)>;

    /// Active block-list entries, by id after `after`.
    async fn list_blocklist(
        &self,
        limit: i64,
        after: Option<&str>,
    ) -> StoreResult<Vec<SuppressionRecord>>;

    /// Suppressions with these digests.
    async fn suppressions_with(
        &self,
        digests: &[IdentifierDigest],
        include_removed: bool,
    ) -> StoreResult<Vec<SuppressionRecord>>;

    /// Suppressions with these digests that are kept as rows of their own: every objection,
    /// SMS stop word and single block-list entry, but not the entries of block-list imports
    /// kept packed (whose source is always `blocklist`). One query per chunk of digests,
    /// where [`SuppressionStore::suppressions_with`] also looks each digest up in the packed
    /// ranges.
    async fn suppression_rows_with(
        &self,
        digests: &[IdentifierDigest],
        include_removed: bool,
    ) -> StoreResult<Vec<SuppressionRecord>>;

    /// About how many digests [`SuppressionStore::stream_suppressions`] will give for all suppressions,
    /// so that the index can be sized once; never used for an answer.
    async fn suppression_count_hint(&self) -> StoreResult<u64>;

    /// Every active suppression, or those of one import batch.
    async fn stream_suppressions(
        &self,
        batch: Option<&str>,
        sink: &mut (dyn FnMut(IndexedSuppression) + Send),
    ) -> StoreResult<u64>;
}
