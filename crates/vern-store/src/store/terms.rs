//! The storage port for controller terms (issue 17 §2, §4): a controller's financial year,
//! which bookkeeping holds count from, and how long former customers stay exempt from the
//! telemarketing registers. A controller without stored terms has the defaults.

use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::ControllerId;

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{ControllerTerms, ControllerTermsRecord};

/// Controller terms.
#[async_trait]
pub trait TermsStore {
    /// Every controller's terms (the defaults for those that set none).
    async fn list_controller_terms(&self) -> StoreResult<Vec<ControllerTermsRecord>>;

    /// One controller's terms.
    async fn controller_terms(&self, controller: ControllerId) -> StoreResult<ControllerTerms>;

    /// Set a controller's terms, with its `controller.terms_set` entry. Returns the sequence.
    async fn set_controller_terms(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        terms: &ControllerTerms,
    ) -> StoreResult<i64>;
}
