//! Customer relationships and the per-controller terms that bookkeeping holds and the register
//! exemptions read.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use vern_core::calendar::iso_date;
use vern_core::{ControllerId, CustomerTerms, FinancialYear, ProductCategory};

/// A customer relationship to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationshipInput {
    /// What the person became a customer for.
    pub product_category: ProductCategory,
    /// The first day (the contract was entered).
    pub started: Date,
    /// The last day, if it has already ended.
    pub ended: Option<Date>,
    /// The won deal it comes from, if any.
    pub deal: Option<String>,
}

/// A recorded customer relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerRelationshipRecord {
    /// Id.
    pub id: String,
    /// The person.
    pub person_id: String,
    /// The controller the person is a customer of.
    pub controller: ControllerId,
    /// What for.
    pub product_category: ProductCategory,
    /// The first day.
    #[serde(with = "iso_date")]
    pub started: Date,
    /// The last day, once ended.
    #[serde(with = "iso_date::option")]
    pub ended: Option<Date>,
    /// The won deal it comes from, if any.
    pub deal: Option<String>,
    /// When recorded.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl CustomerRelationshipRecord {
    /// What the decision reads of it.
    pub fn fact(&self) -> vern_core::CustomerRelationship {
        vern_core::CustomerRelationship {
            product_category: self.product_category.clone(),
            started: self.started,
            ended: self.ended,
        }
    }
}

/// A controller's terms: its financial year and how long former customers stay exempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ControllerTerms {
    /// The financial year bookkeeping holds count from.
    pub financial_year: FinancialYear,
    /// The register exemptions of former customers.
    pub customer: CustomerTerms,
}

/// A controller's stored terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControllerTermsRecord {
    /// The controller.
    pub controller: ControllerId,
    /// The terms.
    pub terms: ControllerTerms,
}
