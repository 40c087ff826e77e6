//! The storage port for customer relationships (issue 17 §2): what a person is a customer of
//! the controller for, since when and until when. The decision reads them (through the index)
//! to exempt existing customers from the telemarketing registers.

use async_trait::async_trait;
use time::{Date, OffsetDateTime};

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{CustomerRelationshipRecord, RelationshipInput};

/// Customer relationships.
#[async_trait]
pub trait CustomerStore {
    /// Record a relationship of a live person with their controller, with its
    /// `customer.relationship_started` entry. Returns it and the ledger sequence.
    async fn start_relationship(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &RelationshipInput,
    ) -> StoreResult<(CustomerRelationshipRecord, i64)>;

    /// End a relationship on `ended` (its last day), with its `customer.relationship_ended`
    /// entry. A relationship that already ended, or an end before its start, is refused.
    async fn end_relationship(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        relationship: &str,
        ended: Date,
    ) -> StoreResult<(CustomerRelationshipRecord, i64)>;

    /// A person's relationships, oldest first.
    async fn list_relationships(
        &self,
        person: &str,
    ) -> StoreResult<Vec<CustomerRelationshipRecord>>;
}
