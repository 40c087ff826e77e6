//! Personal-data breaches (GDPR Art. 33, 34).

use serde::{Deserialize, Serialize};

/// `breach.opened`, `breach.updated`: which breach, which step, which kept version. What
/// happened is in the breach's sealed record, not here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreachStep {
    /// The breach's id.
    pub breach: String,
    /// The step (`opened`, `details`, `assessed`, `authority_notified`, `people_notified`,
    /// `people_exempt`, `closed`).
    pub step: String,
    /// The version this step wrote.
    pub version: i64,
}
