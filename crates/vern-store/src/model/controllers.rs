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
    /// Whether its public request form is open at `/request/{key}`.
    pub public_form: bool,
    /// The time zone of its calendar when set apart from its country's.
    #[serde(serialize_with = "zone_name")]
    pub time_zone: Option<vern_core::zone::Zone>,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A zone by its IANA name.
fn zone_name<S: serde::Serializer>(
    zone: &Option<vern_core::zone::Zone>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_some(&zone.map(|z| z.name()))
}

impl Controller {
    /// The time zone of its calendar: the one it set, else its country's (UTC without either).
    pub fn zone(&self) -> vern_core::zone::Zone {
        self.time_zone
            .unwrap_or_else(|| vern_core::zone::Zone::of_country(self.country))
    }
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
    /// Whether the public request form is open.
    pub public_form: bool,
    /// The calendar's time zone, when not the country's.
    pub time_zone: Option<vern_core::zone::Zone>,
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
