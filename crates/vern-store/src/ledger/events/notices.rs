//! Art. 14 notices to people whose data were not obtained from them (issue 19 §2,
//! docs/notices.md). Ids, kinds and times only: the notice's text is in the outbox, sealed, and
//! an exemption's reason is sealed in its row.

use serde::{Deserialize, Serialize};

/// `notice.art14_owed`, `notice.art14_queued`, `notice.art14_sent`, `notice.art14_failed`,
/// `notice.art14_exempted`, `notice.art14_requeued`: one step of a person's Art. 14 notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Art14Step {
    /// The person.
    pub person: String,
    /// Where the data came from (`purchased_list`, `public_register`, …; owed only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The latest time allowed by Art. 14(3), microseconds since the epoch (owed only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<i64>,
    /// The outbox message carrying the notice (queued, sent, failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// How it went or goes: `email`, `sms`, or `first_communication` when a contact checked
    /// with `carries_art14_notice` carried it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The Art. 14(5) ground relied on (exempted only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<String>,
    /// Why delivery failed for good, as a category without personal data (failed only):
    /// `invalid_address`, `refused`, `retries_exhausted`, `erased` or `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// Why a failed notice is owed again (requeued only): `address_changed` or `staff_retry`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// `notice.art14_text_set`: a controller's own introduction to its Art. 14 notice, in one
/// language, was set (or cleared).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Art14TextSet {
    /// The controller.
    pub controller: i64,
    /// The language (`sv`, `nb`, `da`, `fi`, `en`).
    pub language: String,
    /// Whether a text is set now (false: the generated default again).
    pub set: bool,
}
