//! Erasure: the recycle bin, legal holds, purges and mass-erasure selections.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use vern_core::ControllerId;

/// A person in the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrashEntry {
    /// The person.
    pub id: String,
    /// Their controller.
    pub controller: ControllerId,
    /// When erased.
    #[serde(with = "time::serde::rfc3339")]
    pub erased_at: OffsetDateTime,
    /// Why (erasure request, staff, retention rule).
    pub reason: Option<String>,
    /// Whether the rest is kept under a legal hold (then it is not restorable).
    pub held: bool,
}

/// What a legal obligation keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// The purpose (legal basis: legal obligation).
    pub purpose: String,
    /// The profile fields and custom fields kept.
    pub fields: Vec<String>,
    /// Kept until.
    #[serde(with = "time::serde::rfc3339")]
    pub until: OffsetDateTime,
}

/// How a purge is recorded: `person.purged` when the person asked (Art. 17) or their time in
/// the recycle bin ran out, `person.anonymized` when staff anonymize them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurgeKind {
    /// `person.purged`.
    Purged,
    /// `person.anonymized`.
    Anonymized,
}

/// What a purge removed and what it kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PurgeOutcome {
    /// Whether the person's key was destroyed (nothing of them can be read anywhere).
    pub shredded: bool,
    /// What is kept, why and until when.
    pub kept: Vec<Hold>,
    /// Consent events deleted.
    pub consents: u64,
    /// Activities, deals and todos kept for statistics without the person.
    pub history_anonymized: u64,
    /// Requests kept without their correspondence.
    pub requests_anonymized: u64,
}

/// Which people a mass erasure selects.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Of this controller.
    pub controller: Option<ControllerId>,
    /// On any of these customer lists.
    pub lists: Vec<String>,
    /// Created before.
    pub created_before: Option<OffsetDateTime>,
    /// With no activity at or after this instant.
    pub inactive_since: Option<OffsetDateTime>,
}
