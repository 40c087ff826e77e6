//! People moving in (`vern import people`, `POST /v1/imports`) and leaving (`vern export
//! people`).

use serde::{Deserialize, Serialize};

/// `person.imported`: one person of an import batch was created or updated, with everything
/// the line brought (profile sealed with the person's key in the entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonImported {
    /// The person.
    pub person: String,
    /// The import run.
    pub import: String,
    /// `created` or `updated`.
    pub outcome: String,
    /// The kinds of the person's identifiers.
    pub identifier_kinds: Vec<String>,
    /// The customer lists.
    pub lists: Vec<String>,
    /// The consent events added, by id.
    pub consents: Vec<String>,
    /// The customer relationships added, by id.
    pub relationships: Vec<String>,
    /// Where the data came from (Art. 14), on create.
    pub source: Option<String>,
}

/// `import.batch`: one batch of an import was written, all of it in one transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportBatchWritten {
    /// The import run.
    pub import: String,
    /// The batch's number in the run, from 1.
    pub batch: u64,
    /// People created.
    pub created: u64,
    /// People updated.
    pub updated: u64,
    /// Lines that changed nothing.
    pub unchanged: u64,
    /// Lines refused.
    pub rejected: u64,
    /// `cli`, `api` or `ui` (the staff UI's import page).
    pub via: String,
}

/// `people.exported`: a controller's people were written out (a disclosure of their data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeopleExported {
    /// `csv` or `ndjson`.
    pub format: String,
    /// How many people.
    pub people: u64,
    /// `cli` or `api`.
    pub via: String,
}
