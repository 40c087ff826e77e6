//! Consent events and the evidence behind them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use vern_core::consent::ConsentAction;
use vern_core::{Channel, ChannelSet};

/// Evidence of a consent event: personal data, stored sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Evidence {
    /// Who recorded or witnessed it (staff member, system).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The text shown to the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The version of the text or form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// A reference (form id, call id, message id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The IP address it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

/// A consent event to record, on one or more channels.
#[derive(Debug, Clone)]
pub struct ConsentInput {
    /// For which purpose.
    pub purpose: String,
    /// On which channels.
    pub channels: ChannelSet,
    /// Given or withdrawn.
    pub action: ConsentAction,
    /// When the person expressed it.
    pub given_at: OffsetDateTime,
    /// When a grant lapses.
    pub expires_at: Option<OffsetDateTime>,
    /// How it was collected: `web_form`, `call`, `sms`, `import`, `api`, `in_person`, `email`, `paper`.
    pub source: String,
    /// The evidence.
    pub evidence: Evidence,
}

/// A recorded consent event on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentRecord {
    /// Id of this row.
    pub id: String,
    /// The event it belongs to (one per request, covering its channels).
    pub event_id: String,
    /// Purpose key.
    pub purpose: String,
    /// Channel.
    pub channel: Channel,
    /// Given or withdrawn.
    pub action: ConsentAction,
    /// When the person expressed it.
    #[serde(with = "time::serde::rfc3339")]
    pub given_at: OffsetDateTime,
    /// When it lapses.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// How it was collected.
    pub source: String,
    /// The evidence; `None` when it can no longer be opened.
    pub evidence: Option<Evidence>,
    /// When vern recorded it.
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}
