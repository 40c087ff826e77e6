//! Payloads of the electronic-mail and Danish telephone-sales facts (issue 17). Ids, digests
//! and categories only: the evidence of a request to be called is sealed in its row.

use serde::{Deserialize, Serialize};

/// `business_contact.set`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessContactSet {
    /// The person.
    pub person: String,
    /// Whether the person is now a business contact.
    pub business_contact: bool,
}

/// `soft_opt_in.recorded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SoftOptInRecorded {
    /// The soft opt-in's id.
    pub soft_opt_in: String,
    /// The person.
    pub person: String,
    /// The won deal in which the address was obtained.
    pub deal: String,
    /// The kind of the identifier obtained.
    pub identifier_kind: String,
    /// The identifier's digest (hex).
    pub digest: String,
    /// The sale's product category.
    pub product_category: String,
    /// Whether an opt-out was offered at collection.
    pub opt_out_offered: bool,
    /// When the address was obtained (microseconds since the epoch).
    pub obtained_at: i64,
}

/// `call_request.recorded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRequestRecorded {
    /// The request's id.
    pub call_request: String,
    /// The person.
    pub person: String,
    /// When the person asked (microseconds since the epoch).
    pub requested_at: i64,
}
