//! People: their profiles and identifiers, consents, restrictions (Art. 18), and the facts the
//! in-memory index holds about them.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::ConsentInput;
use crate::model::ConsentRecord;
use crate::model::ExternalHolder;
use crate::model::ImportBatch;
use crate::model::ImportWritten;
use crate::model::NewMessage;
use crate::model::Person;
use crate::model::PersonIndexFacts;
use crate::model::PersonInput;
use crate::model::RestrictionRecord;
use crate::model::StoredPerson;
use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::ControllerId;
use vern_core::IdentifierDigest;

/// Where [`PeopleStore::person_facts`] hands the people it reads. A closure taking each person
/// is one; the index is another, which makes room for everyone before they arrive.
pub trait PeopleSink: Send {
    /// `n` more people are about to be handed over (told before a start-up scan's people, whose
    /// number is known once they are read): room can be made for them at once.
    fn expect(&mut self, n: usize) {
        let _ = n;
    }

    /// One person's facts.
    fn add(&mut self, person: PersonIndexFacts);
}

impl<F: FnMut(PersonIndexFacts) + Send> PeopleSink for F {
    fn add(&mut self, person: PersonIndexFacts) {
        self(person);
    }
}

/// People: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// Create a person with a key of their own.
    async fn create_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        input: &PersonInput,
    ) -> StoreResult<(Person, i64)>;

    /// Replace a person's profile, identifiers and lists (rectification, when `request` names
    /// one), and queue `messages` to the person (the confirmation) in the same transaction.
    async fn update_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        input: &PersonInput,
        request: Option<&str>,
        messages: &[NewMessage],
    ) -> StoreResult<(Person, i64)>;

    /// One person, opened.
    async fn get_person(&self, id: &str) -> StoreResult<Person>;

    /// A person in the recycle bin or held, with the instant they were erased.
    async fn get_person_any(&self, id: &str) -> StoreResult<(Person, Option<OffsetDateTime>)>;

    /// What is stored of each of these people, whole ([`StoredPerson`]): the same values
    /// `get_person`, `list_consents`, `list_relationships` and `is_business_contact` give one
    /// by one, read with one query per table for each chunk of ids, whatever the number of
    /// people. People not live (erased, or never stored) are left out; the rest come in the
    /// order of `ids`.
    async fn stored_people(&self, ids: &[String]) -> StoreResult<Vec<StoredPerson>>;

    /// The people of `controller` holding any of these digests.
    async fn find_people(
        &self,
        controller: ControllerId,
        digests: &[IdentifierDigest],
    ) -> StoreResult<Vec<Person>>;

    /// Record a consent event on the channels it names.
    async fn record_consent(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &ConsentInput,
    ) -> StoreResult<(Vec<ConsentRecord>, i64)>;

    /// A person's consent history, oldest first.
    async fn list_consents(&self, person: &str) -> StoreResult<Vec<ConsentRecord>>;

    /// Place (`place`) or lift a restriction.
    async fn set_restriction(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        place: bool,
        reason: &str,
        request: Option<&str>,
    ) -> StoreResult<(RestrictionRecord, i64)>;

    /// A person's restrictions, oldest first.
    async fn list_restrictions(&self, person: &str) -> StoreResult<Vec<RestrictionRecord>>;

    /// The facts of these people (all people when `None`), handed to `sink` one by one.
    async fn person_facts(
        &self,
        ids: Option<&[String]>,
        sink: &mut dyn PeopleSink,
    ) -> StoreResult<()>;

    // ---- moving in and leaving (docs/import.md) ----

    /// Write one batch of an import in one transaction: people created or updated with their
    /// identifiers, lists, consents, relationships, Art. 14 notices and objections, a
    /// `person.imported` entry each and an `import.batch` entry. All or nothing.
    async fn import_people(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        batch: &ImportBatch<'_>,
    ) -> StoreResult<(ImportWritten, i64)>;

    /// The people of `controller` holding these external-id digests, live or erased.
    async fn external_holders(
        &self,
        controller: ControllerId,
        keys: &[IdentifierDigest],
    ) -> StoreResult<Vec<ExternalHolder>>;

    /// Who of `controller` holds each of these identifier digests.
    async fn identifier_holders(
        &self,
        controller: ControllerId,
        digests: &[IdentifierDigest],
    ) -> StoreResult<Vec<(IdentifierDigest, String)>>;

    /// The ids of a controller's live people, oldest first.
    async fn people_of(&self, controller: ControllerId) -> StoreResult<Vec<String>>;

    /// Record that `people` people of `controller` were exported (`people.exported`).
    async fn record_people_export(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        format: &str,
        people: u64,
        via: &str,
    ) -> StoreResult<i64>;
}
