//! Personal-data breaches (GDPR Art. 33, 34).

use serde::{Deserialize, Serialize};

/// `breach.opened`, `breach.updated`: which breach, which step, which kept version. What
/// happened is in the breach's sealed record, not here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreachStep {
    /// The breach's id.
    pub breach: String,
    /// The step (`opened`, `details`, `assessed`, `authority_notified`, `people_notified`,
    /// `people_exempt`, `closed`).
    pub step: String,
    /// The version this step wrote.
    pub version: i64,
}

/// `breach.notice`: the Art. 34 notice of a breach to one person, the entry's subject. No
/// address and no text: the message is in the outbox, sealed with the person's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreachNotice {
    /// The breach's id.
    pub breach: String,
    /// `queued` (in the outbox) or `no_address` (nowhere to send it: the person is told
    /// another way).
    pub outcome: String,
    /// The queued message's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}
