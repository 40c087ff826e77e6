//! The portability export, `vern.portability/1` (GDPR Art. 20), documented field by field in
//! `docs/access-report.md`.
//!
//! Art. 20 is not Art. 15. The access report says everything vern holds and does with the data;
//! the export carries, "in a structured, commonly used and machine-readable format", the data
//! the person **provided** (their profile, identifiers and consents, their objections and
//! requests) and the data **observed** about them through what they took part in (contacts,
//! purchases, customer relationships). It leaves out what the controller made itself: staff
//! notes (an activity's note, `note` activities, deal titles, todos), inferences (custom fields,
//! whose values staff or systems set), the staff who handled them, restrictions' reasons, the
//! controller's purposes, and the audit trail (disclosures, the ledger).

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use vern_core::consent::ConsentAction;

use super::{AddressInfo, CustomerRelationshipInfo, IdentifierInfo, Sources, identifiers_of};

/// The export's schema name and version.
pub(crate) const PORTABILITY_SCHEMA: &str = "vern.portability/1";

/// The data a person provided and the data observed about them, at one instant.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct PortabilityExport {
    /// Always `vern.portability/1` for this version.
    pub schema: &'static str,
    /// When it was put together (RFC 3339, UTC).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub generated_at: OffsetDateTime,
    /// The controller the data comes from (its key and name).
    pub controller: ExportController,
    /// What the person told the controller about themselves.
    pub profile: ExportProfile,
    /// Phone numbers, e-mail addresses and the national identity number.
    pub identifiers: Vec<IdentifierInfo>,
    /// Every consent the person gave or withdrew.
    pub consents: Vec<ExportConsent>,
    /// Objections to direct marketing through the person's identifiers.
    pub objections: Vec<ExportObjection>,
    /// Calls, messages and meetings the person took part in (no notes).
    pub contacts: Vec<ExportContact>,
    /// The person's purchases and offers (no titles or sellers).
    pub deals: Vec<ExportDeal>,
    /// What the person is a customer for.
    pub customer_relationships: Vec<CustomerRelationshipInfo>,
    /// The requests the person made.
    pub requests: Vec<ExportRequest>,
}

/// The controller.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ExportController {
    /// Its key in vern.
    pub key: String,
    /// Its name.
    pub name: String,
}

/// The profile the person provided.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ExportProfile {
    /// The person's id in vern.
    pub id: String,
    /// Name.
    pub name: String,
    /// Postal address.
    pub address: Option<AddressInfo>,
    /// Preferred language.
    pub language: Option<String>,
}

/// A consent event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ExportConsent {
    /// The purpose's key.
    pub purpose: String,
    /// The channel.
    pub channel: String,
    /// `granted` or `withdrawn`.
    pub action: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// When a grant lapses.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<OffsetDateTime>,
    /// How it was given (web_form, call, …).
    pub source: String,
}

/// An objection (or block-list entry) matching the person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ExportObjection {
    /// The channels it covers.
    pub channels: Vec<String>,
    /// Who conveyed it.
    pub source: String,
    /// Since when.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub since: OffsetDateTime,
    /// When it was withdrawn.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub removed_at: Option<OffsetDateTime>,
}

/// A contact the person took part in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ExportContact {
    /// call, sms, email or meeting.
    pub kind: String,
    /// The channel.
    pub channel: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
}

/// A purchase or offer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ExportDeal {
    /// Amount in minor units.
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// Stage (won, lost, …).
    pub stage: String,
    /// What was sold.
    pub product_category: Option<String>,
    /// Opened.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub opened_at: OffsetDateTime,
    /// Closed.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<OffsetDateTime>,
}

/// A request the person made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ExportRequest {
    /// Its kind (`access`, `erasure`, …).
    pub kind: String,
    /// Its state.
    pub state: String,
    /// When it arrived.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub received_at: OffsetDateTime,
    /// When it was closed.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<OffsetDateTime>,
}

/// The export from what the store returned.
pub(crate) fn export(sources: Sources, now: OffsetDateTime) -> PortabilityExport {
    let Sources {
        person,
        controller,
        consents,
        suppressions,
        activities,
        deals,
        relationships,
        requests,
        ..
    } = sources;
    let identifiers = identifiers_of(&person.profile);
    let profile = person.profile;
    PortabilityExport {
        schema: PORTABILITY_SCHEMA,
        generated_at: now,
        controller: ExportController {
            key: controller.key,
            name: controller.name,
        },
        profile: ExportProfile {
            id: person.id,
            name: profile.name,
            address: profile.address.map(Into::into),
            language: profile.language,
        },
        identifiers,
        consents: consents
            .into_iter()
            .map(|c| ExportConsent {
                purpose: c.purpose,
                channel: c.channel.as_str().to_owned(),
                action: match c.action {
                    ConsentAction::Granted => "granted",
                    ConsentAction::Withdrawn => "withdrawn",
                }
                .to_owned(),
                at: c.given_at,
                expires_at: c.expires_at,
                source: c.source,
            })
            .collect(),
        objections: suppressions
            .into_iter()
            .map(|(s, _)| ExportObjection {
                channels: s.channels.iter().map(|c| c.as_str().to_owned()).collect(),
                source: s.source,
                since: s.created_at,
                removed_at: s.removed_at,
            })
            .collect(),
        // A `note` activity is staff writing about the person, not a contact they took part in.
        contacts: activities
            .into_iter()
            .filter(|a| a.kind != "note")
            .map(|a| ExportContact {
                kind: a.kind,
                channel: a.channel.map(|c| c.as_str().to_owned()),
                at: a.at,
            })
            .collect(),
        deals: deals
            .into_iter()
            .map(|d| ExportDeal {
                amount_minor: d.amount_minor,
                currency: d.currency,
                stage: d.stage,
                product_category: d.product_category.map(|c| c.as_str().to_owned()),
                opened_at: d.opened_at,
                closed_at: d.closed_at,
            })
            .collect(),
        customer_relationships: relationships.into_iter().map(Into::into).collect(),
        requests: requests
            .into_iter()
            .map(|r| ExportRequest {
                kind: r.kind.as_str().to_owned(),
                state: r.state.as_str().to_owned(),
                received_at: r.received_at,
                closed_at: r.closed_at,
            })
            .collect(),
    }
}
