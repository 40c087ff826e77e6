//! The people directory (docs/people-search.md).

use serde::{Deserialize, Serialize};

/// `people.listed`: a page of people was listed, with their names and identifiers, to a caller;
/// which people it disclosed, and how they were chosen (never what was typed in a name search:
/// that is a name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeopleListed {
    /// The ids of the people disclosed, in the order listed.
    pub people: Vec<String>,
    /// The conditions the list had, by name (`controller`, `list`, `created`, `changed`,
    /// `consent`, `name`), without their values when they are personal data.
    pub filters: Vec<String>,
    /// `ui` when listed in the staff UI; absent (not stored at all) through the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// `name_index.rebuilt`: every live person's name digests were made again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameIndexRebuilt {
    /// The key generation the index is made with now.
    pub generation: i64,
    /// The people indexed.
    pub people: u64,
    /// `upgrade` (built for the people stored before the index existed) or `rotation` (a new
    /// key generation).
    pub reason: String,
}
