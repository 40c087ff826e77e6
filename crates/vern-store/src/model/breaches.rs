//! Personal-data breaches as the register keeps them (GDPR Art. 33(5)).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use vern_core::ControllerId;
use vern_core::breach::{Art34Exemption, Breach, PeopleNotice, Risk};

/// What happened, as Art. 33(3) asks the notification to describe it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BreachDetails {
    /// (a) The nature of the breach: what happened, how it was found.
    pub nature: String,
    /// (a) The categories of people concerned (customers, employees, children…).
    pub subject_categories: Vec<String>,
    /// (a) Approximately how many people.
    pub subjects_approx: Option<u64>,
    /// (a) The categories of personal data records concerned.
    pub record_categories: Vec<String>,
    /// (a) Approximately how many records.
    pub records_approx: Option<u64>,
    /// (c) The likely consequences.
    pub consequences: String,
    /// (d) The measures taken or proposed, including to mitigate adverse effects.
    pub measures: String,
    /// (b) A contact point other than the controller's DPO, if there is one.
    pub contact: Option<String>,
}

/// The reasons given at each step, kept with the record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BreachNotes {
    /// Why the risk was assessed as it was.
    pub risk_reasoning: Option<String>,
    /// Art. 33(1): why the notification came after 72 hours.
    pub delay_reasons: Option<String>,
    /// How the people were told, or why an Art. 34(3) ground applies.
    pub people: Option<String>,
}

/// One breach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachRecord {
    /// Its id.
    pub id: String,
    /// The controller whose data were breached.
    pub controller: ControllerId,
    /// When it was recorded in vern.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it happened, if known.
    #[serde(with = "time::serde::rfc3339::option")]
    pub occurred_at: Option<OffsetDateTime>,
    /// When the controller became aware of it.
    #[serde(with = "time::serde::rfc3339")]
    pub aware_at: OffsetDateTime,
    /// The assessed risk.
    pub risk: Option<Risk>,
    /// When the supervisory authority was notified.
    #[serde(with = "time::serde::rfc3339::option")]
    pub authority_notified_at: Option<OffsetDateTime>,
    /// The authority's reference for the notification.
    pub authority_reference: Option<String>,
    /// When the people affected were told.
    #[serde(with = "time::serde::rfc3339::option")]
    pub people_notified_at: Option<OffsetDateTime>,
    /// The Art. 34(3) ground for not telling them.
    pub people_exemption: Option<Art34Exemption>,
    /// When it was closed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub closed_at: Option<OffsetDateTime>,
    /// How many times the record was written; each version is kept.
    pub version: i64,
    /// What happened.
    pub details: BreachDetails,
    /// The reasons given at each step.
    pub notes: BreachNotes,
}

impl BreachRecord {
    /// The record as the lifecycle rules see it.
    pub fn rules(&self) -> Breach {
        Breach {
            occurred_at: self.occurred_at,
            aware_at: self.aware_at,
            risk: self.risk,
            authority_notified_at: self.authority_notified_at,
            people: match (self.people_notified_at, self.people_exemption) {
                (Some(at), _) => PeopleNotice::Notified(at),
                (None, Some(ground)) => PeopleNotice::Exempt(ground),
                (None, None) => PeopleNotice::Pending,
            },
            closed: self.closed_at.is_some(),
        }
    }
}

/// One kept version of a breach record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreachVersion {
    /// Its number, from 1.
    pub version: i64,
    /// When it was written.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Who wrote it.
    pub actor: String,
    /// Which step wrote it (`opened`, `details`, `assessed`, `authority_notified`,
    /// `people_notified`, `people_exempt`, `closed`).
    pub step: String,
    /// The record as it then stood.
    pub record: BreachRecord,
}

/// Who a breach's Art. 34 notice goes to: the live people of the breach's controller who match
/// any of these (erased people never match).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BreachAudience {
    /// These people, by id.
    pub people: Vec<String>,
    /// Members of any of these customer lists.
    pub lists: Vec<String>,
    /// People with a consent event for any of these purposes.
    pub purposes: Vec<String>,
    /// People holding any of these identifiers.
    pub digests: Vec<vern_core::IdentifierDigest>,
    /// People created or changed in `[from, to)`.
    pub changed: Option<(OffsetDateTime, OffsetDateTime)>,
}

/// The people an audience found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BreachAudienceFound {
    /// The live people found, by id, sorted.
    pub people: Vec<String>,
    /// Ids given that name no live person of the controller (unknown or erased).
    pub unknown_people: usize,
    /// Identifiers given that no live person of the controller holds.
    pub unmatched_identifiers: usize,
}

/// One person's Art. 34 notice to record: the message to queue, or `None` when the person has
/// no address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachNoticeInput {
    /// The person.
    pub person: String,
    /// The message, in their language, to their address.
    pub message: Option<crate::model::NewMessage>,
}

/// Where a breach's notices stand, from the outbox's delivery state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BreachNoticeCounts {
    /// Queued, not yet delivered (or being retried).
    pub pending: u64,
    /// Delivered.
    pub sent: u64,
    /// Given up after the last attempt.
    pub failed: u64,
    /// Found without an e-mail address or phone number: not sent, to be told another way.
    pub no_address: u64,
}
