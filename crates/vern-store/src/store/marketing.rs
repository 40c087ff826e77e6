//! The store methods of the electronic-mail and Danish telephone-sales rules (issue 17).

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{CallRequestInput, CallRequestRecord, SoftOptInInput, SoftOptInRecord};

/// Business contacts, soft opt-ins and requests to be called. Each write records its ledger
/// entry in the same transaction, with the person as its subject, so the index reloads the
/// person's facts.
#[async_trait]
pub trait MarketingStore: Send + Sync {
    /// Mark or unmark a person as a business contact.
    async fn set_business_contact(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        business_contact: bool,
    ) -> StoreResult<i64>;

    /// Whether a person is marked as a business contact.
    async fn is_business_contact(&self, person: &str) -> StoreResult<bool>;

    /// Record an address the controller obtained in its own sale.
    async fn record_soft_opt_in(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &SoftOptInInput,
    ) -> StoreResult<(SoftOptInRecord, i64)>;

    /// Record a consumer's request to be called by the person's controller.
    async fn record_call_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &CallRequestInput,
    ) -> StoreResult<(CallRequestRecord, i64)>;
}
