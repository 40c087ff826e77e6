//! What a person changes themselves, by a link in a marketing e-mail or on their preference
//! centre: consent changes and objections that are written only when they change something, so
//! that a link followed twice (a mail client retrying, a double click) records nothing twice.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{ConsentInput, ObjectionContext, ObjectionInput, ObjectionRecord};
use async_trait::async_trait;
use time::OffsetDateTime;

/// Changes a person makes themselves: this part of the [`Store`](super::Store) port (see the
/// module).
#[async_trait]
pub trait PreferenceStore: Send + Sync {
    /// Record these consent events for a person in one transaction, each only on the channels
    /// where it changes the latest event (a withdrawal where the latest is not a withdrawal, a
    /// grant where the latest is not a standing grant). Returns the ledger sequence, or `None`
    /// when nothing changed and nothing was written.
    async fn record_consent_changes(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        changes: &[ConsentInput],
    ) -> StoreResult<Option<i64>>;

    /// Record a direct-marketing objection for those of its identifiers that no standing
    /// direct-marketing objection covers yet for its controller; in one transaction with the
    /// check, so that two identical requests at once record it once. `None` when every
    /// identifier was covered already.
    async fn record_objection_once(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &ObjectionInput,
        context: ObjectionContext<'_>,
    ) -> StoreResult<Option<(ObjectionRecord, i64)>>;
}
