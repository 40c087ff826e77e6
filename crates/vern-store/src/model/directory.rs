//! The people directory: which people a list asks for, a page at a time.

use time::OffsetDateTime;
use vern_core::{Channel, ControllerId};

use super::Person;

/// The consent a listed person must have now for one purpose on one channel, as
/// `vern_core::consent::current` decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentWanted {
    /// Given and in force.
    Granted,
    /// Withdrawn.
    Withdrawn,
    /// Given with an end date that has passed.
    Expired,
    /// Nothing recorded.
    None,
}

/// A consent condition of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentFilter {
    /// The purpose's key.
    pub purpose: String,
    /// The channel.
    pub channel: Channel,
    /// The state wanted.
    pub state: ConsentWanted,
}

/// Which people to list: every condition given must hold. Live people only (not those in the
/// recycle bin), in the order of their ids, which is the order they were created in.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// Only this controller's people.
    pub controller: Option<ControllerId>,
    /// Only members of this customer list.
    pub list: Option<String>,
    /// Created at or after.
    pub created_from: Option<OffsetDateTime>,
    /// Created before.
    pub created_before: Option<OffsetDateTime>,
    /// Last changed at or after.
    pub changed_from: Option<OffsetDateTime>,
    /// Last changed before.
    pub changed_before: Option<OffsetDateTime>,
    /// The consent they have now.
    pub consent: Option<ConsentFilter>,
    /// Their name matches this search, as typed (the blind index; checked first with
    /// `vern_core::name_index::query`, which refuses a word of fewer than three letters).
    pub name: Option<String>,
    /// After this person's id (the page before ended there).
    pub after: Option<String>,
}

/// A page of people.
#[derive(Debug, Clone)]
pub struct PeoplePage {
    /// The people, opened, in the order of their ids.
    pub people: Vec<Person>,
    /// Whether more people match after the last one.
    pub more: bool,
    /// The `people.listed` entry recording the disclosure; `None` when nobody was listed.
    pub seq: Option<i64>,
}

/// What one rebuild of the name index did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameIndexBuilt {
    /// The key generation the index is now made with.
    pub generation: i64,
    /// The people indexed.
    pub people: u64,
}
