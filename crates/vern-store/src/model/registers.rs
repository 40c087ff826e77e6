//! National register versions and the washes that apply them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use vern_core::{Channel, ControllerId};

/// A version of a national register as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterVersionRecord {
    /// Id.
    pub id: String,
    /// Which register.
    pub register: vern_core::register::Register,
    /// The publisher's update date of this version (ISO 8601 on the wire).
    #[serde(with = "vern_core::calendar::iso_date")]
    pub version_date: time::Date,
    /// When it was imported.
    #[serde(with = "time::serde::rfc3339")]
    pub imported_at: OffsetDateTime,
    /// When a newer version replaced it.
    #[serde(with = "time::serde::rfc3339::option")]
    pub superseded_at: Option<OffsetDateTime>,
    /// How many listings it holds.
    pub entries: i64,
    /// The file it came from.
    pub source_name: String,
    /// BLAKE3 of the file.
    pub file_digest: String,
}

/// A register version applied in a wash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedRegister {
    /// Which register.
    pub register: vern_core::register::Register,
    /// The version's id, if one was loaded.
    pub version_id: Option<String>,
    /// Its date.
    pub version_date: Option<time::Date>,
    /// Whether it was valid at the planned time of contact.
    pub valid: bool,
}

/// What a wash found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WashCounts {
    /// Data rows read.
    pub rows: u64,
    /// Rows allowed.
    pub allowed: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Rows with an identifier that could not be read.
    pub unparseable: u64,
    /// Rejected rows by reason code (a row may count under several).
    pub by_reason: std::collections::BTreeMap<String, u64>,
    /// Cells written with a leading `'` (or a phone number in E.164) because a spreadsheet
    /// would have run them as formulas.
    #[serde(default)]
    pub neutralized: u64,
}

/// A wash as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WashRecord {
    /// Id.
    pub id: String,
    /// The controller.
    pub controller: ControllerId,
    /// The purpose's key.
    pub purpose: String,
    /// The channel.
    pub channel: Channel,
    /// The list's name (file name).
    pub list_name: String,
    /// BLAKE3 of the list as received.
    pub file_digest: String,
    /// The planned time of contact the wash decided for.
    #[serde(with = "time::serde::rfc3339")]
    pub planned_at: OffsetDateTime,
    /// Registers applied.
    pub registers: Vec<AppliedRegister>,
    /// Counts.
    pub counts: WashCounts,
    /// `cli` or `api`.
    pub via: String,
    /// When it ran.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}
