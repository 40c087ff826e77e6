//! Share links to a person's report, and the disclosures of a person's data.

use serde::Serialize;
use time::OffsetDateTime;

use crate::ledger::{LinkDisclosed, PreferencesShown, ReportGenerated};

/// A share link as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShareLink {
    /// Id.
    pub id: String,
    /// The person.
    pub person_id: String,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Expires.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// How many times it was opened.
    pub opened: i64,
}

/// A disclosure of a person's data (Art. 15), recorded in the ledger about them.
#[derive(Debug, Clone, PartialEq)]
pub enum Disclosure {
    /// A report produced for staff or an API caller.
    Report(ReportGenerated),
    /// The person's page opened through a share link (which counts the opening).
    LinkOpened(LinkDisclosed),
    /// The person's data downloaded through a share link (which counts the opening).
    Downloaded(LinkDisclosed),
    /// The person's preference centre shown through a signed link.
    PreferencesShown(PreferencesShown),
}
