//! Activities, deals and todos recorded against people.

use serde::Serialize;
use time::OffsetDateTime;
use vern_core::{Channel, ProductCategory};

use super::RelationshipInput;

/// An activity to record: a call, a message, a meeting, a note.
#[derive(Debug, Clone)]
pub struct ActivityInput {
    /// call, sms, email, meeting or note.
    pub kind: String,
    /// Free text (sealed).
    pub note: Option<String>,
    /// The channel used.
    pub channel: Option<Channel>,
    /// Who did it (staff).
    pub owner: Option<String>,
    /// When.
    pub at: OffsetDateTime,
}

/// A recorded activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// Id.
    pub id: String,
    /// The person, until anonymized.
    pub person_id: Option<String>,
    /// Kind.
    pub kind: String,
    /// Free text; `None` once anonymized.
    pub note: Option<String>,
    /// Channel.
    pub channel: Option<Channel>,
    /// Owner.
    pub owner: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A deal to record.
#[derive(Debug, Clone)]
pub struct DealInput {
    /// A title (sealed).
    pub title: Option<String>,
    /// Amount in minor units (öre, øre, cents).
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// Stage: lead, proposal, won, lost, …
    pub stage: String,
    /// Owner (seller).
    pub owner: Option<String>,
    /// Opened.
    pub opened_at: OffsetDateTime,
    /// Closed.
    pub closed_at: Option<OffsetDateTime>,
    /// What was sold: a won deal with a category starts a customer relationship.
    pub product_category: Option<ProductCategory>,
}

impl DealInput {
    /// The customer relationship this deal starts: a won deal is an entered contract, and with
    /// a product category it starts the relationship NIX-Telefon and markedsføringsloven § 12
    /// speak of, on the day it closed (or, without a closing time, opened).
    pub fn relationship(&self) -> Option<RelationshipInput> {
        let category = self
            .product_category
            .as_ref()
            .filter(|_| self.stage == "won")?;
        Some(RelationshipInput {
            product_category: category.clone(),
            started: self.closed_at.unwrap_or(self.opened_at).date(),
            ended: None,
            deal: None,
        })
    }
}

/// A recorded deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deal {
    /// Id.
    pub id: String,
    /// The person, until anonymized.
    pub person_id: Option<String>,
    /// Title; `None` once anonymized.
    pub title: Option<String>,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: String,
    /// Stage.
    pub stage: String,
    /// Owner.
    pub owner: Option<String>,
    /// Opened.
    #[serde(with = "time::serde::rfc3339")]
    pub opened_at: OffsetDateTime,
    /// Closed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub closed_at: Option<OffsetDateTime>,
    /// What was sold.
    pub product_category: Option<ProductCategory>,
}

/// What statistics read of a deal: no title and no person, only whether it is still tied to
/// one (an erased or anonymized person's deal is not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealFact {
    /// Owner (seller).
    pub owner: Option<String>,
    /// Stage.
    pub stage: String,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: String,
    /// Opened.
    pub opened_at: OffsetDateTime,
    /// Closed.
    pub closed_at: Option<OffsetDateTime>,
    /// The person it was made with was erased or anonymized: the deal is kept without them.
    pub anonymized: bool,
}

/// A todo to record.
#[derive(Debug, Clone)]
pub struct TodoInput {
    /// What to do (sealed).
    pub text: String,
    /// Whose.
    pub owner: Option<String>,
    /// By when.
    pub due_at: Option<OffsetDateTime>,
    /// When it was done (an import carries it over; a new todo is open).
    pub done_at: Option<OffsetDateTime>,
}

/// A recorded todo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Todo {
    /// Id.
    pub id: String,
    /// The person, until anonymized.
    pub person_id: Option<String>,
    /// Text; `None` once anonymized.
    pub text: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Due.
    #[serde(with = "time::serde::rfc3339::option")]
    pub due_at: Option<OffsetDateTime>,
    /// Done.
    #[serde(with = "time::serde::rfc3339::option")]
    pub done_at: Option<OffsetDateTime>,
}
