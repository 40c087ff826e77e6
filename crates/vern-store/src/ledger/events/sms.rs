//! SMS keywords (issue 18 §1): receiving numbers, gateways and inbound messages. Ids, keys and
//! what a message did only: the sender's number and the text are sealed in the message's row.

use serde::{Deserialize, Serialize};

/// `sms_number.set`: a receiving number's configuration was created or replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmsNumberSet {
    /// The receiving number's id.
    pub number: String,
    /// The purposes it sends for.
    pub purposes: Vec<String>,
    /// Whether a "stop everything" word is set.
    pub has_all_keyword: bool,
    /// How long an opt-in waits for confirmation, in minutes.
    pub confirm_window_minutes: i64,
}

/// `sms_gateway.set`: a gateway's signing secret was set or replaced (the secret is not here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmsGatewaySet {
    /// The gateway's API key.
    pub key: String,
}

/// `sms.received`: an inbound message was recorded, and what it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmsReceived {
    /// The message's id in vern.
    pub inbound: String,
    /// The gateway's id of it.
    pub message_id: String,
    /// The receiving number's id.
    pub number: String,
    /// `withdrawn`, `objection`, `confirmation_asked`, `granted`, `help` or `kept`.
    pub effect: String,
    /// The purposes it concerned.
    pub purposes: Vec<String>,
    /// The sender's digest (hex).
    pub digest: String,
    /// The reply queued, if any.
    pub reply: Option<String>,
}

/// `sms.opened`: staff read an inbound message's number and text (a disclosure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmsOpened {
    /// The message's id in vern.
    pub inbound: String,
}
