//! People moving in from another system (`vern import people`, `POST /v1/imports`) and leaving
//! it again (`vern export people`): a batch of checked people the store writes in one
//! transaction.

use vern_core::IdentifierDigest;

use super::{
    ActivityInput, ConsentInput, DealInput, ObjectionInput, PersonInput, RelationshipInput,
    TodoInput,
};

/// One person of an import batch, checked by the use case and ready to write.
#[derive(Debug, Clone)]
pub struct ImportedPerson {
    /// The line of the file (or the record of the stream) it came from.
    pub line: u64,
    /// The person to update; `None` creates one.
    pub existing: Option<String>,
    /// The keyed digest of the id the person has in the system they come from.
    pub external_key: Option<IdentifierDigest>,
    /// The profile, identifiers, lists and source (the source only on create).
    pub person: PersonInput,
    /// Consent events to add, oldest first (history is never overwritten).
    pub consents: Vec<ConsentInput>,
    /// Customer relationships to add.
    pub relationships: Vec<RelationshipInput>,
    /// Direct-marketing objections to record (each becomes suppressions of its digests).
    pub objections: Vec<ObjectionInput>,
    /// Activities to add, oldest first (each with its `activity.recorded`).
    pub activities: Vec<ActivityInput>,
    /// Deals to add, oldest first (each with its `deal.recorded`).
    pub deals: Vec<ImportedDeal>,
    /// Todos to add, oldest first (each with its `todo.recorded`).
    pub todos: Vec<TodoInput>,
}

/// A deal of an import, with the customer relationship it starts.
#[derive(Debug, Clone)]
pub struct ImportedDeal {
    /// The deal.
    pub deal: DealInput,
    /// The relationship the deal starts (a won deal with a product category,
    /// [`DealInput::relationship`]), written linked to it with its own
    /// `customer.relationship_started`; `None` when the person already has it.
    pub relationship: Option<RelationshipInput>,
}

/// A batch to write: all of it or nothing.
#[derive(Debug, Clone)]
pub struct ImportBatch<'a> {
    /// The import run's id, shared by its batches.
    pub import: &'a str,
    /// The batch's number in the run, from 1.
    pub number: u64,
    /// The people to write.
    pub people: &'a [ImportedPerson],
    /// Lines of this batch left as they were.
    pub unchanged: u64,
    /// Lines of this batch refused.
    pub rejected: u64,
    /// Where the data came from: `cli` or `api`, and the file or stream's name.
    pub via: &'a str,
}

/// What a batch wrote: the people created and updated, with their lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportWritten {
    /// `(line, person id)` of each person created.
    pub created: Vec<(u64, String)>,
    /// `(line, person id)` of each person updated.
    pub updated: Vec<(u64, String)>,
}

/// A live or erased person holding an external id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalHolder {
    /// The external id's digest.
    pub external_key: IdentifierDigest,
    /// The person.
    pub person: String,
    /// Whether the person is in the recycle bin (or held): an import leaves them alone.
    pub erased: bool,
}
