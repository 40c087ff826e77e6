//! Messages to people: queueing them, claiming them for delivery and recording each attempt.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::NewMessage;
use crate::model::OutboxMessage;
use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::ControllerId;

/// The outbox: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queue messages to a person outside any request.
    async fn queue_messages(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        controller: ControllerId,
        messages: &[NewMessage],
    ) -> StoreResult<i64>;

    /// Claim due messages for delivery.
    async fn claim_outbox(
        &self,
        now: OffsetDateTime,
        lease: time::Duration,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMessage>>;

    /// Record a delivery attempt.
    async fn finish_outbox(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        result: Result<(), String>,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<i64>;

    /// The messages of a request, as staff see them: a one-time code's text is withheld.
    async fn request_messages(&self, id: &str) -> StoreResult<Vec<OutboxMessage>>;
}
