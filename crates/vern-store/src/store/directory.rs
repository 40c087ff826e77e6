//! The people directory: listing and paging people, and the blind index that finds them by name
//! although names are sealed (docs/people-search.md).

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{NameIndexBuilt, PeopleFilter, PeoplePage};
use async_trait::async_trait;
use time::OffsetDateTime;

/// The people directory: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait DirectoryStore: Send + Sync {
    /// Up to `limit` people matching `filter`, opened, in the order of their ids, with the
    /// `people.listed` ledger entry that records the disclosure of those returned, written in
    /// the same transaction as the read. `via` names the door (`ui`); `None` for the API.
    async fn list_people(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        filter: &PeopleFilter,
        limit: u32,
        via: Option<&str>,
    ) -> StoreResult<PeoplePage>;

    /// Build the name index for the people stored before it existed, once (after the upgrade
    /// that added it); `None` when it was built already.
    async fn build_name_index(&self, now: OffsetDateTime) -> StoreResult<Option<NameIndexBuilt>>;

    /// Move the name index to a new key generation and rebuild every live person's digests
    /// with it, in one transaction with its `name_index.rebuilt` entry.
    async fn rotate_name_index(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> StoreResult<NameIndexBuilt>;
}
