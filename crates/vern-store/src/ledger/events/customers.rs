//! Customer relationships and a controller's terms (issue 17): the index follows these.

use serde::{Deserialize, Serialize};

/// `customer.relationship_started` and `customer.relationship_ended`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRelationshipChanged {
    /// The relationship's id.
    pub relationship: String,
    /// The person.
    pub person: String,
    /// The product category.
    pub product_category: String,
    /// The first day, ISO 8601.
    pub started: String,
    /// The last day, ISO 8601, once ended.
    pub ended: Option<String>,
    /// The won deal it comes from, if any.
    pub deal: Option<String>,
}

/// `controller.terms_set`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControllerTermsSet {
    /// The controller.
    pub controller: i64,
    /// The month its financial year starts in.
    pub financial_year_start_month: u8,
    /// Months a former customer stays exempt from NIX-Telefon.
    pub nix_telefon_months: u8,
    /// Months a former customer stays exempt from Reservasjonsregisteret.
    pub reservasjonsregisteret_months: u8,
}
