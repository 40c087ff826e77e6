//! Objections, the block list, kept suppressions and national register imports: what the
//! suppression index is built from.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use vern_core::IdentifierKind;
use vern_core::register::Register;

/// `objection.recorded`. The entry's subject is the person it is about when vern knows them
/// (the person of its request, else the one person its identifiers belong to); none for a
/// stranger or identifiers several people share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectionRecorded {
    /// The objection's id.
    pub objection: String,
    /// `direct_marketing` or `general`.
    pub kind: String,
    /// Who conveyed it (the model's `ObjectionSource`).
    pub source: Value,
    /// The controller objected to; `None` for every controller.
    pub controller: Option<i64>,
    /// `controller` or `all`.
    pub scope: String,
    /// The identifiers' digests, hex.
    #[serde(default)]
    pub digests: Vec<String>,
    /// The request opened for a general objection.
    #[serde(default)]
    pub request: Option<String>,
    /// Per webhook id, that recipient's own hashes of the identifiers (`None` in entries
    /// written before recipients got their own hashes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<BTreeMap<String, Vec<String>>>,
}

/// `objection.withdrawn`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectionWithdrawn {
    /// The withdrawal's id.
    pub withdrawal: String,
    /// Who withdrew (the model's `WithdrawnBy`).
    pub by: Value,
    /// The controller.
    pub controller: i64,
    /// The objections withdrawn.
    #[serde(default)]
    pub objections: Vec<String>,
    /// The suppressions removed.
    #[serde(default)]
    pub suppressions: Vec<String>,
    /// Their digests, hex.
    #[serde(default)]
    pub digests: Vec<String>,
}

/// `blocklist.added`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlocklistAdded {
    /// The suppression's id.
    pub suppression: String,
    /// The identifier's digest, hex (one).
    #[serde(default)]
    pub digests: Vec<String>,
    /// What kind of identifier.
    pub identifier_kind: IdentifierKind,
    /// Why.
    pub reason: String,
}

/// `blocklist.removed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlocklistRemoved {
    /// The suppression's id.
    pub suppression: String,
    /// The identifier's digest, hex (one).
    #[serde(default)]
    pub digests: Vec<String>,
    /// Why.
    pub reason: String,
}

/// `blocklist.imported`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlocklistImported {
    /// The batch the new suppressions are stored in.
    pub batch: String,
    /// Identifiers added.
    pub added: u64,
    /// Identifiers already on the list.
    pub duplicates: u64,
    /// Why.
    pub reason: String,
    /// The file's name.
    pub source: String,
}

/// `suppression.kept`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuppressionKept {
    /// The person erased.
    pub person: String,
    /// The digests kept, hex.
    #[serde(default)]
    pub digests: Vec<String>,
}

/// `register.imported`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterImported {
    /// The version's id.
    pub version: String,
    /// Which register.
    pub register: Register,
    /// The register's own date for the version (`YYYY-MM-DD`).
    pub version_date: String,
    /// Listings in it.
    pub entries: u64,
    /// The file's name.
    pub source: String,
    /// The file's digest.
    pub file_digest: String,
    /// The version it replaces.
    pub replaces: Option<String>,
    /// Until when a wash may rely on it (`YYYY-MM-DD`).
    pub valid_until: String,
}
