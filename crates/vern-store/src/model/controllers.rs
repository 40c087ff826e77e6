//! Controllers and the purposes they declare.

use serde::Serialize;
use time::OffsetDateTime;
use vern_core::{ControllerId, Purpose, RuleSet};

/// A controller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Controller {
    /// Its number.
    pub id: ControllerId,
    /// Its key in API calls (`default`, `acme`).
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its country, if set.
    pub country: Option<vern_core::Country>,
    /// The region national phone numbers are read in.
    pub default_region: String,
    /// The data protection officer's name.
    pub dpo_name: Option<String>,
    /// The data protection officer's e-mail.
    pub dpo_email: Option<String>,
    /// The data protection officer's phone.
    pub dpo_phone: Option<String>,
    /// The privacy notice.
    pub privacy_notice_url: Option<String>,
    /// The national rules it follows.
    pub rules: RuleSet,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// What a controller is made or changed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControllerFields {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Country.
    pub country: Option<vern_core::Country>,
    /// Default phone region.
    pub default_region: String,
    /// DPO name.
    pub dpo_name: Option<String>,
    /// DPO e-mail.
    pub dpo_email: Option<String>,
    /// DPO phone.
    pub dpo_phone: Option<String>,
    /// Privacy notice link.
    pub privacy_notice_url: Option<String>,
    /// Rules followed.
    pub rules: RuleSet,
}

/// A purpose as stored, with what reports need beside the rule-relevant parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurposeRecord {
    /// The controller it belongs to.
    pub controller: ControllerId,
    /// The purpose.
    #[serde(flatten)]
    pub purpose: Purpose,
    /// Who receives data kept for it (recipients and processors).
    pub recipients: Vec<String>,
    /// The processor agreements (Art. 28) it names as recipients, by id.
    pub processors: Vec<String>,
    /// Where the data comes from.
    pub data_source: Option<String>,
    /// For a legal obligation: the profile fields it keeps after an erasure (name, address,
    /// national_id, emails, phones) until its retention ends.
    pub holds_fields: Vec<String>,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}
