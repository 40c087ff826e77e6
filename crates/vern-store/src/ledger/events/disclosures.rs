//! Disclosures of a person's data (Art. 15, 20) and retention runs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `report.generated`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportGenerated {
    /// `html`, `csv` or `json`.
    pub format: String,
    /// The report's schema (`vern.access-report/1`).
    pub schema: String,
    /// `ui` when produced in the staff UI; absent (not stored at all) through the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// `share_link.opened` and `export.downloaded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkDisclosed {
    /// The share link's id.
    pub link: String,
    /// The format downloaded (`csv`, `json`); absent (not stored at all) for the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

/// `preferences.shown`: a person's preference centre showed what they consent to, to whoever
/// held a signed link to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreferencesShown {
    /// When the link used was issued (Unix seconds): which link it was.
    pub link_issued_at: i64,
}

/// `retention.run`: what one run did (or, dry, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionRun {
    /// Whether nothing was changed.
    pub dry_run: bool,
    /// People put in the recycle bin by the inactivity rule.
    pub inactive: u64,
    /// Messages deleted.
    pub messages: u64,
    /// Notices telling people their data will be erased.
    pub notices: u64,
    /// Custom fields dropped because their purposes ended.
    pub fields_purged: u64,
    /// People put in the recycle bin because none of their purposes remains.
    pub no_purpose: u64,
    /// People purged from the recycle bin.
    pub purged: u64,
    /// People whose legal holds ended.
    pub holds_released: u64,
    /// The rules the run applied, as the settings serialize them.
    pub rules: Value,
}
