//! Processor agreements (GDPR Art. 28) and the record of processing (Art. 30).

use serde::{Deserialize, Serialize};

/// `processor.created`, `processor.updated`: which agreement, with which processor, which
/// version, and whether its document was replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessorSaved {
    /// The agreement's id.
    pub processor: String,
    /// The processor's name.
    pub name: String,
    /// The version written.
    pub version: i64,
    /// The SHA-256 of the document stored with this write, hex; none when none was.
    pub document_sha256: Option<String>,
}

/// `record_settings.set`: the Art. 30 record's settings of a controller were set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordSettingsSet {
    /// Whether the controller wrote its own description of the security measures.
    pub own_security_measures: bool,
    /// The client controllers it processes for (Art. 30(2)), by name.
    pub clients: Vec<String>,
}
