//! The facts the electronic-mail and Danish telephone-sales rules read: business contacts,
//! soft opt-ins from sales, and consumers' requests to be called.

use serde::Serialize;
use time::OffsetDateTime;
use vern_core::{IdentifierDigest, IdentifierKind};

/// A soft opt-in to record: an identifier the controller obtained in its own sale (a won deal).
#[derive(Debug, Clone)]
pub struct SoftOptInInput {
    /// The kind of the identifier obtained (e-mail or phone).
    pub kind: IdentifierKind,
    /// Its digest.
    pub digest: IdentifierDigest,
    /// The won deal in which it was obtained.
    pub deal: String,
    /// The sale's product category.
    pub product_category: String,
    /// Whether a free, simple opt-out was offered when the address was collected.
    pub opt_out_offered: bool,
    /// When it was obtained.
    pub obtained_at: OffsetDateTime,
}

/// A recorded soft opt-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SoftOptInRecord {
    /// Id.
    pub id: String,
    /// The person.
    pub person_id: String,
    /// The won deal.
    pub deal: String,
    /// The sale's product category.
    pub product_category: String,
    /// Whether an opt-out was offered at collection.
    pub opt_out_offered: bool,
    /// When the address was obtained.
    #[serde(with = "time::serde::rfc3339")]
    pub obtained_at: OffsetDateTime,
}

/// A consumer's request to be called, to record.
#[derive(Debug, Clone)]
pub struct CallRequestInput {
    /// When the person asked.
    pub requested_at: OffsetDateTime,
    /// How it is known (a note, a reference to a form or a recording); sealed.
    pub evidence: String,
}

/// A recorded request to be called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallRequestRecord {
    /// Id.
    pub id: String,
    /// The person.
    pub person_id: String,
    /// When the person asked.
    #[serde(with = "time::serde::rfc3339")]
    pub requested_at: OffsetDateTime,
    /// The evidence.
    pub evidence: String,
}
