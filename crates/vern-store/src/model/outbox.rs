//! Messages to people, queued in the outbox until they are delivered.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A message to queue for a data subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    /// email or sms.
    pub channel: String,
    /// The address or number.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Body text.
    pub body: String,
    /// Which template.
    pub template: String,
    /// Which language.
    pub language: String,
    /// The sender of an SMS: the number or short code the person wrote to, so that a reply
    /// comes from where they wrote; `None`: the gateway's own sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// A queued message, opened for delivery or display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    /// Id.
    pub id: String,
    /// The request it belongs to.
    pub request_id: Option<String>,
    /// pending, sent or failed.
    pub state: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The last error.
    pub last_error: Option<String>,
    /// When queued.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When sent.
    #[serde(with = "time::serde::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
    /// When it is next due.
    #[serde(skip)]
    pub next_attempt_at: OffsetDateTime,
    /// The message; `None` when it cannot be opened.
    pub message: Option<NewMessage>,
}
