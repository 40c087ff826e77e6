//! Art. 14 notices: where a person's data came from, and where the notice owed to them stands.

use serde::Serialize;
use time::OffsetDateTime;
use vern_core::ControllerId;
use vern_core::notice::Source;

/// The outbox template of the notice: delivering a message of it moves the notice on.
pub const ART14_TEMPLATE: &str = "art14_notice";

/// Where a new person's data came from, as the door that creates them says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSource {
    /// The kind of source.
    pub source: Source,
    /// The supplier of a purchased list (a company's name), or who else gave the data.
    pub supplier: Option<String>,
}

impl Default for PersonSource {
    /// The person themself: Art. 13 applies, nothing is owed under Art. 14.
    fn default() -> Self {
        PersonSource {
            source: Source::Subject,
            supplier: None,
        }
    }
}

/// A person's Art. 14 notice as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Art14Notice {
    /// The person.
    pub person_id: String,
    /// Their controller.
    pub controller: ControllerId,
    /// Where the data came from (`Source::as_str`).
    pub source: String,
    /// The supplier of a purchased list.
    pub supplier: Option<String>,
    /// `owed`, `queued`, `sent`, `failed` or `exempt`.
    pub state: String,
    /// When the data were obtained (the person was created).
    #[serde(with = "time::serde::rfc3339")]
    pub obtained_at: OffsetDateTime,
    /// The latest time Art. 14(3)(a) allows.
    #[serde(with = "time::serde::rfc3339")]
    pub due_at: OffsetDateTime,
    /// The outbox message that carries it.
    pub message_id: Option<String>,
    /// When it was queued.
    #[serde(with = "time::serde::rfc3339::option")]
    pub queued_at: Option<OffsetDateTime>,
    /// When it went.
    #[serde(with = "time::serde::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
    /// How it went: `email`, `sms` or `first_communication`.
    pub sent_via: Option<String>,
    /// The Art. 14(5) ground recorded (`Exemption::as_str`).
    pub exemption: Option<String>,
    /// The reason given for the ground; `None` when it cannot be opened.
    pub exemption_reason: Option<String>,
    /// Who recorded the exemption (the staff member or API key's name).
    pub exempted_by: Option<String>,
    /// Why the last attempt failed for good, as a category without personal data
    /// (`invalid_address`, `refused`, `retries_exhausted`, `erased`, `other`); set while
    /// `failed`.
    pub failure: Option<String>,
    /// When the outbox gave the notice up; set while `failed`.
    #[serde(with = "time::serde::rfc3339::option")]
    pub failed_at: Option<OffsetDateTime>,
    /// How many times the notice was queued in the outbox.
    pub attempts: i64,
}

impl Art14Notice {
    /// Whether the notice still holds up direct marketing: neither sent nor excused.
    pub fn pending(&self) -> bool {
        matches!(self.state.as_str(), "owed" | "queued" | "failed")
    }
}

/// An owed notice the sending job may take: the person has an address of this kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwedNotice {
    /// The person.
    pub person_id: String,
    /// Their controller.
    pub controller: ControllerId,
}

/// The gauges of owed notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Art14Counts {
    /// Owed, queued or failed: not yet given.
    pub owed: u64,
    /// Of those, past the Art. 14(3)(a) deadline.
    pub overdue: u64,
    /// Of those owed, the ones with no address to send to.
    pub no_address: u64,
    /// Of those, the ones the outbox gave up (`failed`): nobody was told.
    pub failed: u64,
}
