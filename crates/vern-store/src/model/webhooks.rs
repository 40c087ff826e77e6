//! Art. 19 notice recipients and their deliveries.

use serde::Serialize;
use time::OffsetDateTime;

/// A recipient of Art. 19 notices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Webhook {
    /// Id.
    pub id: String,
    /// A name.
    pub name: String,
    /// Where notices are posted.
    pub url: String,
    /// Which notices: erasure, rectification, restriction, objection.
    pub events: Vec<String>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Disabled.
    #[serde(with = "time::serde::rfc3339::option")]
    pub disabled_at: Option<OffsetDateTime>,
    /// The processor agreement it belongs to, if any.
    pub processor: Option<String>,
}

/// One notice to one recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookDelivery {
    /// Id.
    pub id: String,
    /// The recipient.
    pub webhook_id: String,
    /// The event.
    pub event: String,
    /// The JSON posted (digests, never plaintext).
    pub payload: String,
    /// pending, delivered or failed.
    pub state: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The last HTTP status.
    pub last_status: Option<i64>,
    /// The last error.
    pub last_error: Option<String>,
    /// When it is due.
    #[serde(with = "time::serde::rfc3339")]
    pub next_attempt_at: OffsetDateTime,
    /// When delivered.
    #[serde(with = "time::serde::rfc3339::option")]
    pub delivered_at: Option<OffsetDateTime>,
}
