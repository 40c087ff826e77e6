//! Art. 19 notices: recipients (webhooks) and the deliveries made to them.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::Webhook;
use crate::model::WebhookDelivery;
use async_trait::async_trait;
use time::OffsetDateTime;

/// Art. 19 notices: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Register a recipient; `secret` signs its notices. `processor` names the processor
    /// agreement it belongs to (an unknown id is `Invalid`).
    #[allow(clippy::too_many_arguments)]
    async fn create_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        name: &str,
        url: &str,
        events: &[String],
        secret: &str,
        processor: Option<&str>,
    ) -> StoreResult<(Webhook, i64)>;

    /// Every recipient.
    async fn list_webhooks(&self) -> StoreResult<Vec<Webhook>>;

    /// Disable a recipient.
    async fn disable_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<i64>;

    /// Turn ledger entries after the notifier's cursor into deliveries; returns how many.
    async fn queue_notices(&self, now: OffsetDateTime) -> StoreResult<u64>;

    /// Claim due deliveries, with their recipient's URL and secret.
    async fn claim_deliveries(
        &self,
        now: OffsetDateTime,
        lease: time::Duration,
        limit: i64,
    ) -> StoreResult<Vec<(WebhookDelivery, String, String)>>;

    /// Record a delivery attempt.
    async fn finish_delivery(
        &self,
        now: OffsetDateTime,
        id: &str,
        status: Option<i64>,
        error: Option<String>,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<()>;

    /// A recipient's deliveries, newest first.
    async fn list_deliveries(&self, webhook: &str) -> StoreResult<Vec<WebhookDelivery>>;
}
