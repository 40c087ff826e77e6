//! The access report: everything vern holds about one person (GDPR Art. 15), gathered into one
//! documented, versioned structure, [`AccessReport`] (`vern.access-report/1`, described field by
//! field in `docs/access-report.md`). The same structure is the portability export of Art. 20.
//!
//! It renders three ways: JSON (the structure itself), a zip of CSV files with one file per
//! section ([`to_zip`]), and a printable HTML page ([`to_html`]). The data subject's share-link
//! page is that page in the person's language, with links to download the data as one CSV file
//! ([`to_single_csv`]) or as the JSON report.
//!
//! Gathering reads; it never writes. The caller records the disclosure in the ledger.

use askama::Template;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use time::OffsetDateTime;
use utoipa::ToSchema;
use vern_core::consent::{self, ConsentAction, ConsentFact};
use vern_core::{ControllerId, PurposeKey};
use vern_store::LedgerEntry;
use vern_store::model::{
    Activity, ConsentRecord, Controller, Deal, Person, Profile, PurposeRecord, RequestFilter,
    RequestRecord, RestrictionRecord, SuppressionRecord, Todo,
};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The report's schema name and version. A change that removes or renames a field, or changes
/// a field's meaning, takes a new version; new fields may be added within a version.
pub const SCHEMA: &str = "vern.access-report/1";

/// The ledger entry kinds that are disclosures of a person's data.
pub const DISCLOSURE_KINDS: [&str; 3] =
    ["report.generated", "share_link.opened", "export.downloaded"];

// ---------------------------------------------------------------------------------------------
// The structure
// ---------------------------------------------------------------------------------------------

/// Everything vern holds about one person, at one instant.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccessReport {
    /// Always `vern.access-report/1` for this version.
    pub schema: &'static str,
    /// When the report was put together (RFC 3339, UTC).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub generated_at: OffsetDateTime,
    /// The controller that holds the data.
    pub controller: ControllerInfo,
    /// The person's profile.
    pub profile: ProfileInfo,
    /// Phone numbers, e-mail addresses and the national identity number.
    pub identifiers: Vec<IdentifierInfo>,
    /// Custom fields, each with the purpose it is kept for.
    pub custom_fields: Vec<CustomFieldInfo>,
    /// Consent: the state now, and every event.
    pub consents: ConsentsInfo,
    /// Objections and block-list entries that match the person's identifiers.
    pub suppressions: Vec<SuppressionInfo>,
    /// Restrictions of processing (Art. 18), placed and lifted.
    pub restrictions: Vec<RestrictionInfo>,
    /// Calls, messages, meetings and notes.
    pub activities: Vec<ActivityInfo>,
    /// Sales.
    pub deals: Vec<DealInfo>,
    /// Tasks about the person.
    pub todos: Vec<TodoInfo>,
    /// The person's data-subject requests.
    pub requests: Vec<RequestInfo>,
    /// Earlier disclosures of the person's data, from the ledger.
    pub disclosures: Vec<DisclosureInfo>,
    /// Every purpose the controller processes data for.
    pub purposes: Vec<PurposeInfo>,
}

/// The controller and how to reach its data protection officer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ControllerInfo {
    /// The controller's key in vern.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its country (SE, NO, DK, FI).
    pub country: Option<String>,
    /// The data protection officer.
    pub dpo: DpoInfo,
    /// The privacy notice.
    pub privacy_notice_url: Option<String>,
}

/// A data protection officer's contact.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DpoInfo {
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// The profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileInfo {
    /// vern's id of the person.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Postal address.
    pub address: Option<AddressInfo>,
    /// Preferred language.
    pub language: Option<String>,
    /// Customer lists.
    pub lists: Vec<String>,
    /// Whether processing is restricted now.
    pub restricted: bool,
    /// When the person was registered.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// When the profile last changed.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

/// A postal address.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AddressInfo {
    /// Street, number, floor and door.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// Country (ISO alpha-2).
    pub country: Option<String>,
}

/// One identifier.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdentifierInfo {
    /// `phone`, `email` or `national_id`.
    pub kind: String,
    /// The normalized value: E.164, lower-case e-mail, canonical national id.
    pub value: String,
    /// For a national id, its country.
    pub country: Option<String>,
}

/// A custom field and why it is kept.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustomFieldInfo {
    /// The field's name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// The purpose's key.
    pub purpose: String,
    /// The purpose's name.
    pub purpose_name: Option<String>,
    /// The purpose's legal basis.
    pub legal_basis: Option<String>,
    /// The purpose's description.
    pub purpose_description: Option<String>,
}

/// Consent now and over time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentsInfo {
    /// The state of every purpose of the controller on every channel it declares.
    pub current: Vec<ConsentStateInfo>,
    /// Every consent event, oldest first.
    pub history: Vec<ConsentEventInfo>,
}

/// One purpose on one channel, now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentStateInfo {
    /// The purpose's key.
    pub purpose: String,
    /// The channel.
    pub channel: String,
    /// `unknown`, `granted`, `withdrawn` or `expired`.
    pub state: String,
    /// When the event behind the state happened.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub since: Option<OffsetDateTime>,
}

/// One consent event on one channel.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentEventInfo {
    /// Id of the row.
    pub id: String,
    /// The event (one per grant or withdrawal, covering its channels).
    pub event_id: String,
    /// The purpose's key.
    pub purpose: String,
    /// The channel.
    pub channel: String,
    /// `granted` or `withdrawn`.
    pub action: String,
    /// When the person expressed it.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub given_at: OffsetDateTime,
    /// When a grant lapses.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<OffsetDateTime>,
    /// How it was collected.
    pub source: String,
    /// The evidence; `null` when it can no longer be opened.
    pub evidence: Option<EvidenceInfo>,
    /// When vern recorded it.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: OffsetDateTime,
}

/// Evidence of a consent event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceInfo {
    /// Who recorded or witnessed it.
    pub by: Option<String>,
    /// The text shown to the person.
    pub text: Option<String>,
    /// The version of the text or form.
    pub version: Option<String>,
    /// A reference (form, call, message).
    pub reference: Option<String>,
    /// The IP address it came from.
    pub ip: Option<String>,
}

/// An objection or block-list entry matching one of the person's identifiers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuppressionInfo {
    /// Id.
    pub id: String,
    /// `blocklist` or `objection:<source>`.
    pub source: String,
    /// `all` (every controller) or the controller's key.
    pub scope: String,
    /// `phone`, `email` or `national_id`.
    pub identifier_kind: String,
    /// The person's identifier it matches.
    pub identifier: Option<String>,
    /// The channels it blocks.
    pub channels: Vec<String>,
    /// Why (block-list entries).
    pub reason: Option<String>,
    /// The objection behind it.
    pub objection: Option<String>,
    /// Since when.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub since: OffsetDateTime,
    /// When it was taken off the block list.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub removed_at: Option<OffsetDateTime>,
}

/// A restriction of processing.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RestrictionInfo {
    /// Id.
    pub id: String,
    /// When placed.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub placed_at: OffsetDateTime,
    /// When lifted.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub lifted_at: Option<OffsetDateTime>,
    /// Why it was placed.
    pub reason: Option<String>,
    /// Why it was lifted.
    pub lift_reason: Option<String>,
}

/// An activity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityInfo {
    /// Id.
    pub id: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// `call`, `sms`, `email`, `meeting` or `note`.
    pub kind: String,
    /// The channel used.
    pub channel: Option<String>,
    /// The staff member.
    pub owner: Option<String>,
    /// Free text.
    pub note: Option<String>,
}

/// A deal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DealInfo {
    /// Id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Amount in minor units (öre, øre, cents).
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// Stage.
    pub stage: String,
    /// The seller.
    pub owner: Option<String>,
    /// Opened.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub opened_at: OffsetDateTime,
    /// Closed.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<OffsetDateTime>,
}

/// A todo.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TodoInfo {
    /// Id.
    pub id: String,
    /// What to do.
    pub text: Option<String>,
    /// Whose task.
    pub owner: Option<String>,
    /// By when.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub due_at: Option<OffsetDateTime>,
    /// When done.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub done_at: Option<OffsetDateTime>,
}

/// A data-subject request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestInfo {
    /// Id.
    pub id: String,
    /// `access`, `rectification`, `erasure`, `restriction`, `objection`, `portability`,
    /// `human_review` or `information`.
    pub kind: String,
    /// The GDPR article of the right.
    pub article: String,
    /// `received`, `verifying`, `in_progress`, `completed` or `rejected`.
    pub state: String,
    /// How it arrived.
    pub received_via: String,
    /// When it arrived.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub received_at: OffsetDateTime,
    /// When it is due.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub due_at: OffsetDateTime,
    /// Months the deadline was extended by.
    pub extended_months: u32,
    /// When it was closed.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<OffsetDateTime>,
}

/// A disclosure recorded in the ledger.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisclosureInfo {
    /// The ledger entry's sequence number.
    pub seq: i64,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// `report.generated`, `share_link.opened` or `export.downloaded`.
    pub kind: String,
    /// Who: `api_key:<id>`, `user:<id>`, `subject` (the person), `cli`, `system:<job>`.
    pub actor: String,
    /// The format disclosed (`json`, `csv`, `html`), when the entry names one.
    pub format: Option<String>,
    /// The share link used, when one was.
    pub link: Option<String>,
}

/// A purpose of the controller.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PurposeInfo {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// `consent`, `contract`, `legal_obligation`, `vital_interests`, `public_task` or
    /// `legitimate_interests`.
    pub legal_basis: String,
    /// The article: `GDPR Art. 6(1)(a)` … `(f)`.
    pub legal_basis_article: String,
    /// Whether it is direct marketing (an objection ends it, always).
    pub direct_marketing: bool,
    /// The channels it may use.
    pub channels: Vec<String>,
    /// How long data is kept for it (ISO 8601 period).
    pub retention: Option<String>,
    /// What it is.
    pub description: String,
    /// Recipients and processors.
    pub recipients: Vec<String>,
    /// Where the data comes from.
    pub data_source: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Gathering
// ---------------------------------------------------------------------------------------------

/// What a report is built from, read from the store.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The person.
    pub person: Person,
    /// Their controller.
    pub controller: Controller,
    /// Every controller's key, to name a suppression's scope.
    pub controller_keys: BTreeMap<ControllerId, String>,
    /// The controller's purposes.
    pub purposes: Vec<PurposeRecord>,
    /// Consent history.
    pub consents: Vec<ConsentRecord>,
    /// Suppressions matching the person's identifiers, each with the identifier it matched.
    pub suppressions: Vec<(SuppressionRecord, Option<IdentifierInfo>)>,
    /// Restrictions.
    pub restrictions: Vec<RestrictionRecord>,
    /// Activities.
    pub activities: Vec<Activity>,
    /// Deals.
    pub deals: Vec<Deal>,
    /// Todos.
    pub todos: Vec<Todo>,
    /// Requests.
    pub requests: Vec<RequestRecord>,
    /// Ledger entries about the person.
    pub ledger: Vec<LedgerEntry>,
}

/// The person's identifiers, as the report lists them.
pub fn identifiers_of(profile: &Profile) -> Vec<IdentifierInfo> {
    let mut out: Vec<IdentifierInfo> = profile
        .phones
        .iter()
        .map(|p| IdentifierInfo {
            kind: "phone".to_owned(),
            value: p.clone(),
            country: None,
        })
        .chain(profile.emails.iter().map(|e| IdentifierInfo {
            kind: "email".to_owned(),
            value: e.clone(),
            country: None,
        }))
        .collect();
    if let Some(id) = &profile.national_id {
        out.push(IdentifierInfo {
            kind: "national_id".to_owned(),
            value: id.clone(),
            country: profile.national_id_country.clone(),
        });
    }
    out
}

/// Read everything about `person` from the store.
pub async fn collect(state: &AppState, person: Person) -> ApiResult<Sources> {
    let id = person.id.clone();
    let (controller, controller_keys) = {
        let index = state.follower.index();
        let controller = index
            .controller_by_id(person.controller)
            .map(|c| c.record.clone());
        let keys: BTreeMap<ControllerId, String> = index
            .controllers()
            .map(|c| (c.record.id, c.record.key.clone()))
            .collect();
        (controller, keys)
    };
    let controller = match controller {
        Some(c) => c,
        None => state
            .store
            .list_controllers()
            .await?
            .into_iter()
            .find(|c| c.id == person.controller)
            .ok_or_else(|| ApiError::not_found("controller"))?,
    };
    // Each identifier's digest on its own, so that a match names the identifier it came through.
    let mut by_digest: BTreeMap<String, IdentifierInfo> = BTreeMap::new();
    let mut digests = Vec::new();
    for identifier in identifiers_of(&person.profile) {
        let mut single = Profile::default();
        match identifier.kind.as_str() {
            "phone" => single.phones.push(identifier.value.clone()),
            "email" => single.emails.push(identifier.value.clone()),
            _ => {
                single.national_id = Some(identifier.value.clone());
                single.national_id_country = identifier.country.clone();
            }
        }
        for d in crate::routes::people::person_digests(state, &single) {
            by_digest.insert(d.to_hex(), identifier.clone());
            digests.push(d);
        }
    }
    let suppressions = if digests.is_empty() {
        Vec::new()
    } else {
        state
            .store
            .suppressions_with(&digests, true)
            .await?
            .into_iter()
            // Another controller's objections are that controller's business.
            .filter(|s| s.controller.is_none_or(|c| c == person.controller))
            .map(|s| {
                let matched = by_digest.get(&s.digest).cloned();
                (s, matched)
            })
            .collect()
    };
    Ok(Sources {
        controller,
        controller_keys,
        purposes: state.store.list_purposes(Some(person.controller)).await?,
        consents: state.store.list_consents(&id).await?,
        suppressions,
        restrictions: state.store.list_restrictions(&id).await?,
        activities: state.store.list_activities(&id).await?,
        deals: state.store.list_deals(&id).await?,
        todos: state.store.list_todos(&id).await?,
        requests: state
            .store
            .list_requests(&RequestFilter {
                person: Some(id.clone()),
                limit: 1000,
                ..RequestFilter::default()
            })
            .await?,
        ledger: state.store.ledger_for(&id).await?,
        person,
    })
}

/// Gather the report about `person` at `now`.
pub async fn gather(
    state: &AppState,
    person: Person,
    now: OffsetDateTime,
) -> ApiResult<AccessReport> {
    Ok(build(collect(state, person).await?, now))
}

/// Put the report together from what the store returned.
pub fn build(sources: Sources, now: OffsetDateTime) -> AccessReport {
    let Sources {
        person,
        controller,
        controller_keys,
        purposes,
        consents,
        suppressions,
        restrictions,
        activities,
        deals,
        todos,
        requests,
        ledger,
    } = sources;
    let by_key: BTreeMap<&str, &PurposeRecord> = purposes
        .iter()
        .map(|p| (p.purpose.key.as_str(), p))
        .collect();

    let facts: Vec<ConsentFact> = consents
        .iter()
        .filter_map(|r| {
            Some(ConsentFact {
                purpose: PurposeKey::parse(&r.purpose).ok()?,
                channel: r.channel,
                action: r.action,
                at: r.given_at,
                expires_at: r.expires_at,
            })
        })
        .collect();
    let mut current = Vec::new();
    for p in &purposes {
        for channel in p.purpose.channels.iter() {
            let (state, latest) = consent::current(&facts, &p.purpose.key, channel, now);
            current.push(ConsentStateInfo {
                purpose: p.purpose.key.to_string(),
                channel: channel.as_str().to_owned(),
                state: state.as_str().to_owned(),
                since: latest.map(|f| f.at),
            });
        }
    }
    let history = consents
        .into_iter()
        .map(|r| ConsentEventInfo {
            id: r.id,
            event_id: r.event_id,
            purpose: r.purpose,
            channel: r.channel.as_str().to_owned(),
            action: match r.action {
                ConsentAction::Granted => "granted",
                ConsentAction::Withdrawn => "withdrawn",
            }
            .to_owned(),
            given_at: r.given_at,
            expires_at: r.expires_at,
            source: r.source,
            evidence: r.evidence.map(|e| EvidenceInfo {
                by: e.by,
                text: e.text,
                version: e.version,
                reference: e.reference,
                ip: e.ip,
            }),
            recorded_at: r.recorded_at,
        })
        .collect();

    let profile = person.profile;
    let identifiers = identifiers_of(&profile);
    let custom_fields = profile
        .custom_fields
        .into_iter()
        .map(|f| {
            let purpose = by_key.get(f.purpose.as_str());
            CustomFieldInfo {
                purpose_name: purpose.map(|p| p.purpose.name.clone()),
                legal_basis: purpose.map(|p| p.purpose.legal_basis.as_str().to_owned()),
                purpose_description: purpose.map(|p| p.purpose.description.clone()),
                name: f.name,
                value: f.value,
                purpose: f.purpose,
            }
        })
        .collect();

    let suppressions = suppressions
        .into_iter()
        .map(|(s, matched)| SuppressionInfo {
            scope: match s.controller {
                None => "all".to_owned(),
                Some(c) => controller_keys
                    .get(&c)
                    .cloned()
                    .unwrap_or_else(|| c.0.to_string()),
            },
            identifier_kind: s.identifier_kind.as_str().to_owned(),
            identifier: matched.map(|i| i.value),
            channels: s.channels.iter().map(|c| c.as_str().to_owned()).collect(),
            id: s.id,
            source: s.source,
            reason: s.reason,
            objection: s.objection_id,
            since: s.created_at,
            removed_at: s.removed_at,
        })
        .collect();

    let disclosures = ledger
        .into_iter()
        .filter(|e| DISCLOSURE_KINDS.contains(&e.kind.as_str()))
        .map(|e| {
            let payload: Value = serde_json::from_str(&e.payload).unwrap_or(Value::Null);
            let text = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
            DisclosureInfo {
                format: text("format"),
                link: text("link"),
                seq: e.seq,
                at: e.at,
                kind: e.kind,
                actor: e.actor,
            }
        })
        .collect();

    AccessReport {
        schema: SCHEMA,
        generated_at: now,
        controller: ControllerInfo {
            key: controller.key,
            name: controller.name,
            country: controller.country.map(|c| c.code().to_owned()),
            dpo: DpoInfo {
                name: controller.dpo_name,
                email: controller.dpo_email,
                phone: controller.dpo_phone,
            },
            privacy_notice_url: controller.privacy_notice_url,
        },
        profile: ProfileInfo {
            id: person.id,
            name: profile.name,
            address: profile.address.map(|a| AddressInfo {
                street: a.street,
                postal_code: a.postal_code,
                city: a.city,
                country: a.country,
            }),
            language: profile.language,
            lists: person.lists,
            restricted: person.restricted_at.is_some(),
            created_at: person.created_at,
            updated_at: person.updated_at,
        },
        identifiers,
        custom_fields,
        consents: ConsentsInfo { current, history },
        suppressions,
        restrictions: restrictions
            .into_iter()
            .map(|r| RestrictionInfo {
                id: r.id,
                placed_at: r.placed_at,
                lifted_at: r.lifted_at,
                reason: r.reason,
                lift_reason: r.lift_reason,
            })
            .collect(),
        activities: activities
            .into_iter()
            .map(|a| ActivityInfo {
                id: a.id,
                at: a.at,
                kind: a.kind,
                channel: a.channel.map(|c| c.as_str().to_owned()),
                owner: a.owner,
                note: a.note,
            })
            .collect(),
        deals: deals
            .into_iter()
            .map(|d| DealInfo {
                id: d.id,
                title: d.title,
                amount_minor: d.amount_minor,
                currency: d.currency,
                stage: d.stage,
                owner: d.owner,
                opened_at: d.opened_at,
                closed_at: d.closed_at,
            })
            .collect(),
        todos: todos
            .into_iter()
            .map(|t| TodoInfo {
                id: t.id,
                text: t.text,
                owner: t.owner,
                due_at: t.due_at,
                done_at: t.done_at,
            })
            .collect(),
        requests: requests
            .into_iter()
            .map(|r| RequestInfo {
                id: r.id,
                kind: r.kind.as_str().to_owned(),
                article: r.kind.article().to_owned(),
                state: r.state.as_str().to_owned(),
                received_via: r.received_via,
                received_at: r.received_at,
                due_at: r.due_at,
                extended_months: r.extended_months,
                closed_at: r.closed_at,
            })
            .collect(),
        disclosures,
        purposes: purposes
            .into_iter()
            .map(|p| PurposeInfo {
                key: p.purpose.key.to_string(),
                name: p.purpose.name,
                legal_basis: p.purpose.legal_basis.as_str().to_owned(),
                legal_basis_article: p.purpose.legal_basis.article().to_owned(),
                direct_marketing: p.purpose.direct_marketing,
                channels: p
                    .purpose
                    .channels
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect(),
                retention: p.purpose.retention.map(|r| r.to_string()),
                description: p.purpose.description,
                recipients: p.recipients,
                data_source: p.data_source,
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// Rendering failed (never for reasons in the data; the cause names no personal data).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Serializing.
    #[error("serializing the report: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing CSV.
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Writing the zip.
    #[error("writing the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing bytes.
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    /// The HTML template.
    #[error("rendering HTML: {0}")]
    Template(#[from] askama::Error),
}

impl From<RenderError> for ApiError {
    fn from(e: RenderError) -> Self {
        ApiError::internal(&e)
    }
}

/// One section of the CSV renderings: its file, where it sits in the JSON, and its columns
/// (nested fields are named with dots, `evidence.text`).
#[derive(Debug, Clone, Copy)]
pub struct CsvSection {
    /// The section's name (and, with `.csv`, its file in the zip).
    pub name: &'static str,
    /// A JSON pointer into the report.
    pub pointer: &'static str,
    /// The columns, in order.
    pub columns: &'static [&'static str],
}

/// The sections, in the order of the zip and of the single CSV file.
pub const CSV_SECTIONS: [CsvSection; 14] = [
    CsvSection {
        name: "controller",
        pointer: "/controller",
        columns: &[
            "key",
            "name",
            "country",
            "dpo.name",
            "dpo.email",
            "dpo.phone",
            "privacy_notice_url",
        ],
    },
    CsvSection {
        name: "profile",
        pointer: "/profile",
        columns: &[
            "id",
            "name",
            "address.street",
            "address.postal_code",
            "address.city",
            "address.country",
            "language",
            "lists",
            "restricted",
            "created_at",
            "updated_at",
        ],
    },
    CsvSection {
        name: "identifiers",
        pointer: "/identifiers",
        columns: &["kind", "value", "country"],
    },
    CsvSection {
        name: "custom_fields",
        pointer: "/custom_fields",
        columns: &[
            "name",
            "value",
            "purpose",
            "purpose_name",
            "legal_basis",
            "purpose_description",
        ],
    },
    CsvSection {
        name: "consents",
        pointer: "/consents/current",
        columns: &["purpose", "channel", "state", "since"],
    },
    CsvSection {
        name: "consent_history",
        pointer: "/consents/history",
        columns: &[
            "id",
            "event_id",
            "purpose",
            "channel",
            "action",
            "given_at",
            "expires_at",
            "source",
            "evidence.by",
            "evidence.text",
            "evidence.version",
            "evidence.reference",
            "evidence.ip",
            "recorded_at",
        ],
    },
    CsvSection {
        name: "suppressions",
        pointer: "/suppressions",
        columns: &[
            "id",
            "source",
            "scope",
            "identifier_kind",
            "identifier",
            "channels",
            "reason",
            "objection",
            "since",
            "removed_at",
        ],
    },
    CsvSection {
        name: "restrictions",
        pointer: "/restrictions",
        columns: &["id", "placed_at", "lifted_at", "reason", "lift_reason"],
    },
    CsvSection {
        name: "activities",
        pointer: "/activities",
        columns: &["id", "at", "kind", "channel", "owner", "note"],
    },
    CsvSection {
        name: "deals",
        pointer: "/deals",
        columns: &[
            "id",
            "title",
            "amount_minor",
            "currency",
            "stage",
            "owner",
            "opened_at",
            "closed_at",
        ],
    },
    CsvSection {
        name: "todos",
        pointer: "/todos",
        columns: &["id", "text", "owner", "due_at", "done_at"],
    },
    CsvSection {
        name: "requests",
        pointer: "/requests",
        columns: &[
            "id",
            "kind",
            "article",
            "state",
            "received_via",
            "received_at",
            "due_at",
            "extended_months",
            "closed_at",
        ],
    },
    CsvSection {
        name: "disclosures",
        pointer: "/disclosures",
        columns: &["seq", "at", "kind", "actor", "format", "link"],
    },
    CsvSection {
        name: "purposes",
        pointer: "/purposes",
        columns: &[
            "key",
            "name",
            "legal_basis",
            "legal_basis_article",
            "direct_marketing",
            "channels",
            "retention",
            "description",
            "recipients",
            "data_source",
        ],
    },
];

/// Flatten a JSON value into dotted field names; lists of plain values are joined with `; `.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&key(k), v, out);
            }
        }
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            let joined: Vec<String> = items.iter().filter_map(scalar).collect();
            out.insert(prefix.to_owned(), joined.join("; "));
        }
        Value::Array(_) => {
            out.insert(prefix.to_owned(), value.to_string());
        }
        other => {
            if let Some(s) = scalar(other) {
                out.insert(prefix.to_owned(), s);
            }
        }
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// A cell as a spreadsheet may safely open it: text that a spreadsheet would run as a formula
/// gets a leading apostrophe. Phone numbers (`+46…`) and negative amounts stay as they are.
pub fn safe_cell(value: &str) -> String {
    if crate::spreadsheet::is_formula(value.as_bytes()) {
        format!("{}{value}", crate::spreadsheet::PREFIX)
    } else {
        value.to_owned()
    }
}

/// The rows of one section, flattened.
fn section_rows(json: &Value, section: &CsvSection) -> Vec<BTreeMap<String, String>> {
    let mut rows = Vec::new();
    match json.pointer(section.pointer) {
        Some(Value::Array(items)) => {
            for item in items {
                let mut row = BTreeMap::new();
                flatten("", item, &mut row);
                rows.push(row);
            }
        }
        Some(v @ Value::Object(_)) => {
            let mut row = BTreeMap::new();
            flatten("", v, &mut row);
            rows.push(row);
        }
        _ => {}
    }
    rows
}

/// One section as a CSV file: a header row, then one row per record.
pub fn section_csv(json: &Value, section: &CsvSection) -> Result<Vec<u8>, RenderError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(section.columns)?;
    for row in section_rows(json, section) {
        w.write_record(
            section
                .columns
                .iter()
                .map(|c| safe_cell(row.get(*c).map_or("", String::as_str))),
        )?;
    }
    w.flush()?;
    w.into_inner().map_err(|e| RenderError::Io(e.into_error()))
}

/// The report as a zip with one CSV file per section (`profile.csv`, `identifiers.csv`, …),
/// the schema and time in the zip's comment.
pub fn to_zip(report: &AccessReport) -> Result<Vec<u8>, RenderError> {
    let json = serde_json::to_value(report)?;
    let t = report.generated_at.to_offset(time::UtcOffset::UTC);
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).unwrap_or(1980),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.set_comment(format!(
        "{SCHEMA} generated {}",
        rfc3339(report.generated_at)
    ))?;
    for section in &CSV_SECTIONS {
        zip.start_file(format!("{}.csv", section.name), options)?;
        zip.write_all(&section_csv(&json, section)?)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The whole report as one CSV file, for a spreadsheet: `section,item,field,value`, one line
/// per filled field (`item` numbers the records of a list from 1). UTF-8 with a byte-order mark,
/// so that spreadsheets read å, ä and ø right.
pub fn to_single_csv(report: &AccessReport) -> Result<Vec<u8>, RenderError> {
    let json = serde_json::to_value(report)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "item", "field", "value"])?;
    w.write_record(["report", "", "schema", SCHEMA])?;
    w.write_record(["report", "", "generated_at", &rfc3339(report.generated_at)])?;
    for section in &CSV_SECTIONS {
        let is_list = matches!(json.pointer(section.pointer), Some(Value::Array(_)));
        for (i, row) in section_rows(&json, section).into_iter().enumerate() {
            let item = if is_list {
                (i + 1).to_string()
            } else {
                String::new()
            };
            for column in section.columns {
                if let Some(v) = row.get(*column).filter(|v| !v.is_empty()) {
                    w.write_record([section.name, &item, column, &safe_cell(v)])?;
                }
            }
        }
    }
    w.flush()?;
    let body = w
        .into_inner()
        .map_err(|e| RenderError::Io(e.into_error()))?;
    let mut out = Vec::with_capacity(body.len() + 3);
    out.extend_from_slice("\u{feff}".as_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Languages
// ---------------------------------------------------------------------------------------------

/// A language the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Swedish.
    Sv,
    /// Norwegian (bokmål).
    Nb,
    /// Danish.
    Da,
    /// Finnish.
    Fi,
    /// English, the fallback.
    En,
}

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 5] = [Lang::Sv, Lang::Nb, Lang::Da, Lang::Fi, Lang::En];

    /// The language with this code (`sv`, `nb`, `no`, `nn`, `da`, `fi`, `en`, any case, with or
    /// without a region: `sv-FI`).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Lang::Sv),
            // Norwegian in general and nynorsk readers get bokmål, the closest we have.
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "da" => Some(Lang::Da),
            "fi" => Some(Lang::Fi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The code, as in `<html lang>`.
    pub fn code(self) -> &'static str {
        self.texts().code
    }

    /// The best language of an `Accept-Language` header (by q-value, then order); English
    /// when the header is missing or names none of ours.
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        let Some(header) = accept_language else {
            return Lang::En;
        };
        let mut best: Option<(u16, Lang)> = None;
        for part in header.split(',').take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let mut q: u16 = 1000;
            for p in pieces {
                if let Some(v) = p
                    .trim()
                    .strip_prefix("q=")
                    .or_else(|| p.trim().strip_prefix("Q="))
                {
                    q = parse_q(v).unwrap_or(0);
                }
            }
            if q == 0 {
                continue;
            }
            if let Some(lang) = Lang::from_code(tag)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::En, |(_, l)| l)
    }

    /// The person's own language if their profile names one, else the browser's.
    pub fn for_person(profile_language: Option<&str>, accept_language: Option<&str>) -> Lang {
        profile_language
            .and_then(Lang::from_code)
            .unwrap_or_else(|| Lang::negotiate(accept_language))
    }

    /// The texts.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Sv => &SV,
            Lang::Nb => &NB,
            Lang::Da => &DA,
            Lang::Fi => &FI,
            Lang::En => &EN,
        }
    }
}

/// A q-value in thousandths (`0.8` → 800); `None` when malformed.
fn parse_q(v: &str) -> Option<u16> {
    let v = v.trim();
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: u16 = match whole {
        "0" => 0,
        "1" => 1,
        _ => return None,
    };
    let mut thousandths: u16 = 0;
    for (i, c) in frac.chars().enumerate() {
        let digit = u16::try_from(c.to_digit(10)?).ok()?;
        thousandths += digit * [100, 10, 1][i];
    }
    let q = whole * 1000 + thousandths;
    (q <= 1000).then_some(q)
}

/// Every text of the pages, in one language.
#[derive(Debug)]
pub struct Texts {
    /// The language code.
    pub code: &'static str,
    /// The share page's title.
    pub share_title: &'static str,
    /// The staff report's title.
    pub report_title: &'static str,
    /// `{controller}` is replaced.
    pub intro: &'static str,
    /// `{time}` is replaced.
    pub valid_until: &'static str,
    /// `{time}` is replaced.
    pub generated: &'static str,
    /// Heading.
    pub controller: &'static str,
    /// Label.
    pub dpo: &'static str,
    /// Label.
    pub privacy_notice: &'static str,
    /// Heading.
    pub downloads: &'static str,
    /// Link text.
    pub download_csv: &'static str,
    /// Link text.
    pub download_json: &'static str,
    /// Section heading.
    pub sec_profile: &'static str,
    /// Section heading.
    pub sec_identifiers: &'static str,
    /// Section heading.
    pub sec_custom_fields: &'static str,
    /// Section heading.
    pub sec_consents: &'static str,
    /// Section heading.
    pub sec_consent_history: &'static str,
    /// Section heading.
    pub sec_suppressions: &'static str,
    /// Section heading.
    pub sec_restrictions: &'static str,
    /// Section heading.
    pub sec_activities: &'static str,
    /// Section heading.
    pub sec_deals: &'static str,
    /// Section heading.
    pub sec_todos: &'static str,
    /// Section heading.
    pub sec_requests: &'static str,
    /// Section heading.
    pub sec_disclosures: &'static str,
    /// Section heading.
    pub sec_purposes: &'static str,
    /// An empty section.
    pub empty: &'static str,
    /// Column.
    pub col_field: &'static str,
    /// Column.
    pub col_value: &'static str,
    /// Column.
    pub col_type: &'static str,
    /// Column.
    pub col_purpose: &'static str,
    /// Column.
    pub col_legal_basis: &'static str,
    /// Column.
    pub col_channel: &'static str,
    /// Column.
    pub col_state: &'static str,
    /// Column.
    pub col_since: &'static str,
    /// Column.
    pub col_when: &'static str,
    /// Column.
    pub col_note: &'static str,
    /// Column.
    pub col_description: &'static str,
    /// Column.
    pub col_amount: &'static str,
    /// Column.
    pub col_opened: &'static str,
    /// Column.
    pub col_closed: &'static str,
    /// Column.
    pub col_task: &'static str,
    /// Column.
    pub col_due: &'static str,
    /// Column.
    pub col_done: &'static str,
    /// Column.
    pub col_retention: &'static str,
    /// Column.
    pub col_recipients: &'static str,
    /// Column.
    pub col_data_source: &'static str,
    /// Column.
    pub col_source: &'static str,
    /// Column.
    pub col_scope: &'static str,
    /// Column.
    pub col_identifier: &'static str,
    /// Column.
    pub col_removed: &'static str,
    /// Column.
    pub col_from: &'static str,
    /// Column.
    pub col_to: &'static str,
    /// Column.
    pub col_reason: &'static str,
    /// Column.
    pub col_request: &'static str,
    /// Column.
    pub col_received: &'static str,
    /// Column.
    pub col_who: &'static str,
    /// Column.
    pub col_event: &'static str,
    /// Column.
    pub col_evidence: &'static str,
    /// Profile row.
    pub name: &'static str,
    /// Profile row.
    pub address: &'static str,
    /// Profile row.
    pub language: &'static str,
    /// Profile row.
    pub lists: &'static str,
    /// Profile row.
    pub registered: &'static str,
    /// Profile row.
    pub updated: &'static str,
    /// Profile row.
    pub restricted: &'static str,
    /// Yes.
    pub yes: &'static str,
    /// No.
    pub no: &'static str,
    /// Identifier kind.
    pub id_phone: &'static str,
    /// Identifier kind.
    pub id_email: &'static str,
    /// Identifier kind.
    pub id_national_id: &'static str,
    /// Channels, in [`vern_core::Channel::ALL`] order.
    pub channels: [&'static str; 7],
    /// Consent states: granted, withdrawn, expired, unknown.
    pub states: [&'static str; 4],
    /// Legal bases, in [`vern_core::LegalBasis::ALL`] order.
    pub bases: [&'static str; 6],
    /// The article of a legal basis; `{letter}` is replaced (a … f).
    pub article: &'static str,
    /// Retention units, singular and plural: years, months, days.
    pub units: [(&'static str, &'static str); 3],
    /// No retention stated.
    pub retention_none: &'static str,
    /// Activity kinds: call, sms, email, meeting, note.
    pub activity_kinds: [&'static str; 5],
    /// Request kinds, in [`vern_core::request::RequestKind::ALL`] order.
    pub request_kinds: [&'static str; 8],
    /// Request states, in [`vern_core::request::RequestState::ALL`] order.
    pub request_states: [&'static str; 5],
    /// Disclosure kinds, in [`DISCLOSURE_KINDS`] order.
    pub disclosure_kinds: [&'static str; 3],
    /// A suppression for every controller.
    pub scope_all: &'static str,
    /// The global block list.
    pub blocklist: &'static str,
    /// The person.
    pub by_you: &'static str,
    /// Staff.
    pub by_staff: &'static str,
    /// vern itself.
    pub by_system: &'static str,
    /// Heading.
    pub rights_title: &'static str,
    /// The rights.
    pub rights_text: &'static str,
    /// `{authority}` is replaced.
    pub authority: &'static str,
    /// Unknown link.
    pub not_found_title: &'static str,
    /// Unknown link.
    pub not_found_text: &'static str,
    /// Expired or revoked link.
    pub gone_title: &'static str,
    /// Expired or revoked link.
    pub gone_text: &'static str,
    /// Rate limited.
    pub limited_title: &'static str,
    /// Rate limited.
    pub limited_text: &'static str,
    /// Failure.
    pub error_title: &'static str,
    /// Failure.
    pub error_text: &'static str,
}

static EN: Texts = Texts {
    code: "en",
    share_title: "Your personal data",
    report_title: "Access report: the personal data we hold",
    intro: "This page shows the personal data {controller} holds about you, why it is processed and on what legal basis.",
    valid_until: "This link works until {time}.",
    generated: "Prepared {time}.",
    controller: "Controller",
    dpo: "Data protection officer",
    privacy_notice: "Privacy notice",
    downloads: "Download your data",
    download_csv: "All your data as a CSV file (opens in a spreadsheet)",
    download_json: "All your data as a JSON file (machine-readable, to move it to another service)",
    sec_profile: "About you",
    sec_identifiers: "Contact details and identifiers",
    sec_custom_fields: "Other data, and why we keep it",
    sec_consents: "Your consents",
    sec_consent_history: "Consent history",
    sec_suppressions: "Objections and blocks",
    sec_restrictions: "Restrictions of processing",
    sec_activities: "Our contacts with you",
    sec_deals: "Purchases and offers",
    sec_todos: "Planned follow-ups",
    sec_requests: "Your requests",
    sec_disclosures: "Disclosures of your data",
    sec_purposes: "Why we process your data",
    empty: "Nothing recorded.",
    col_field: "Data",
    col_value: "Value",
    col_type: "Type",
    col_purpose: "Purpose",
    col_legal_basis: "Legal basis",
    col_channel: "Channel",
    col_state: "Status",
    col_since: "Since",
    col_when: "When",
    col_note: "Note",
    col_description: "Description",
    col_amount: "Amount",
    col_opened: "Opened",
    col_closed: "Closed",
    col_task: "Task",
    col_due: "Due",
    col_done: "Done",
    col_retention: "Kept for",
    col_recipients: "Recipients and processors",
    col_data_source: "Where the data comes from",
    col_source: "Source",
    col_scope: "Applies to",
    col_identifier: "Identifier",
    col_removed: "Removed",
    col_from: "From",
    col_to: "Until",
    col_reason: "Reason",
    col_request: "Request",
    col_received: "Received",
    col_who: "Who",
    col_event: "Event",
    col_evidence: "Evidence",
    name: "Name",
    address: "Postal address",
    language: "Language",
    lists: "Customer lists",
    registered: "Registered",
    updated: "Last changed",
    restricted: "Processing restricted",
    yes: "Yes",
    no: "No",
    id_phone: "Phone",
    id_email: "E-mail",
    id_national_id: "National identity number",
    channels: [
        "Phone call",
        "SMS",
        "MMS",
        "E-mail",
        "Letter",
        "Messaging apps",
        "In person",
    ],
    states: ["Given", "Withdrawn", "Expired", "Not given"],
    bases: [
        "Consent",
        "Contract",
        "Legal obligation",
        "Vital interests",
        "Task in the public interest",
        "Legitimate interests",
    ],
    article: "GDPR Art. 6(1)({letter})",
    units: [("year", "years"), ("month", "months"), ("day", "days")],
    retention_none: "Not stated",
    activity_kinds: ["Call", "SMS", "E-mail", "Meeting", "Note"],
    request_kinds: [
        "Access to data",
        "Correction",
        "Erasure",
        "Restriction",
        "Objection",
        "Data portability",
        "Human review of an automated decision",
        "Information",
    ],
    request_states: [
        "Received",
        "Verifying identity",
        "In progress",
        "Completed",
        "Refused",
    ],
    disclosure_kinds: [
        "Report prepared",
        "Your page was opened",
        "Your data was downloaded",
    ],
    scope_all: "All companies",
    blocklist: "Block list",
    by_you: "You",
    by_staff: "Staff",
    by_system: "System",
    rights_title: "Your rights",
    rights_text: "You may ask us to correct data that is wrong, to erase your data, to restrict its use or to move it to another service. You may object to direct marketing at any time, and withdraw a consent as easily as you gave it. Contact us or our data protection officer above. You also have the right to complain to a data protection authority.",
    authority: "Data protection authority: {authority}",
    not_found_title: "Link not found",
    not_found_text: "There is no such link. Check that you copied the whole address, or ask us for a new link.",
    gone_title: "This link is no longer valid",
    gone_text: "For your security, a link to your data works for 24 hours and can be withdrawn. Ask us for a new link if you still want to see your data.",
    limited_title: "Too many attempts",
    limited_text: "Too many links have been tried from your network. Wait a few minutes and try again.",
    error_title: "Something went wrong",
    error_text: "Your data cannot be shown right now. Please try again later.",
};

static SV: Texts = Texts {
    code: "sv",
    share_title: "Dina personuppgifter",
    report_title: "Registerutdrag",
    intro: "Här ser du vilka personuppgifter {controller} har om dig, varför de behandlas och med vilken rättslig grund.",
    valid_until: "Länken fungerar till {time}.",
    generated: "Sammanställt {time}.",
    controller: "Personuppgiftsansvarig",
    dpo: "Dataskyddsombud",
    privacy_notice: "Integritetspolicy",
    downloads: "Ladda ner dina uppgifter",
    download_csv: "Alla dina uppgifter som CSV-fil (öppnas i ett kalkylprogram)",
    download_json: "Alla dina uppgifter som JSON-fil (maskinläsbar, för att flytta dem till en annan tjänst)",
    sec_profile: "Om dig",
    sec_identifiers: "Kontaktuppgifter och identitetsuppgifter",
    sec_custom_fields: "Övriga uppgifter och varför vi har dem",
    sec_consents: "Dina samtycken",
    sec_consent_history: "Samtyckeshistorik",
    sec_suppressions: "Invändningar och spärrar",
    sec_restrictions: "Begränsningar av behandlingen",
    sec_activities: "Våra kontakter med dig",
    sec_deals: "Köp och erbjudanden",
    sec_todos: "Planerade uppföljningar",
    sec_requests: "Dina begäranden",
    sec_disclosures: "Utlämnanden av dina uppgifter",
    sec_purposes: "Varför vi behandlar dina uppgifter",
    empty: "Inget registrerat.",
    col_field: "Uppgift",
    col_value: "Värde",
    col_type: "Typ",
    col_purpose: "Ändamål",
    col_legal_basis: "Rättslig grund",
    col_channel: "Kanal",
    col_state: "Status",
    col_since: "Sedan",
    col_when: "När",
    col_note: "Anteckning",
    col_description: "Beskrivning",
    col_amount: "Belopp",
    col_opened: "Påbörjad",
    col_closed: "Avslutad",
    col_task: "Att göra",
    col_due: "Senast",
    col_done: "Klar",
    col_retention: "Sparas i",
    col_recipients: "Mottagare och personuppgiftsbiträden",
    col_data_source: "Varifrån uppgifterna kommer",
    col_source: "Källa",
    col_scope: "Gäller",
    col_identifier: "Identitetsuppgift",
    col_removed: "Borttagen",
    col_from: "Från",
    col_to: "Till",
    col_reason: "Skäl",
    col_request: "Begäran",
    col_received: "Mottagen",
    col_who: "Vem",
    col_event: "Händelse",
    col_evidence: "Underlag",
    name: "Namn",
    address: "Postadress",
    language: "Språk",
    lists: "Kundlistor",
    registered: "Registrerad",
    updated: "Senast ändrad",
    restricted: "Behandlingen begränsad",
    yes: "Ja",
    no: "Nej",
    id_phone: "Telefon",
    id_email: "E-post",
    id_national_id: "Personnummer",
    channels: [
        "Telefonsamtal",
        "SMS",
        "MMS",
        "E-post",
        "Brev",
        "Meddelandeappar",
        "Personligen",
    ],
    states: ["Lämnat", "Återkallat", "Har upphört", "Inte lämnat"],
    bases: [
        "Samtycke",
        "Avtal",
        "Rättslig förpliktelse",
        "Grundläggande intressen",
        "Uppgift av allmänt intresse",
        "Berättigat intresse",
    ],
    article: "GDPR art. 6.1 {letter}",
    units: [("år", "år"), ("månad", "månader"), ("dag", "dagar")],
    retention_none: "Inte angivet",
    activity_kinds: ["Samtal", "SMS", "E-post", "Möte", "Anteckning"],
    request_kinds: [
        "Registerutdrag",
        "Rättelse",
        "Radering",
        "Begränsning",
        "Invändning",
        "Dataportabilitet",
        "Manuell prövning av ett automatiserat beslut",
        "Information",
    ],
    request_states: [
        "Mottagen",
        "Identiteten kontrolleras",
        "Pågår",
        "Avslutad",
        "Avslagen",
    ],
    disclosure_kinds: [
        "Registerutdrag sammanställt",
        "Din sida öppnades",
        "Dina uppgifter laddades ner",
    ],
    scope_all: "Alla företag",
    blocklist: "Spärrlista",
    by_you: "Du",
    by_staff: "Personal",
    by_system: "Systemet",
    rights_title: "Dina rättigheter",
    rights_text: "Du kan be oss rätta uppgifter som är fel, radera dina uppgifter, begränsa hur de används eller flytta dem till en annan tjänst. Du kan när som helst invända mot direktmarknadsföring och återkalla ett samtycke lika enkelt som du lämnade det. Kontakta oss eller vårt dataskyddsombud ovan. Du har också rätt att lämna klagomål till en tillsynsmyndighet för dataskydd.",
    authority: "Tillsynsmyndighet: {authority}",
    not_found_title: "Länken finns inte",
    not_found_text: "Vi hittar ingen sådan länk. Kontrollera att du har kopierat hela adressen, eller be oss om en ny länk.",
    gone_title: "Länken gäller inte längre",
    gone_text: "Av säkerhetsskäl fungerar en länk till dina uppgifter i 24 timmar och kan dras tillbaka. Be oss om en ny länk om du fortfarande vill se dina uppgifter.",
    limited_title: "För många försök",
    limited_text: "För många länkar har prövats från ditt nätverk. Vänta några minuter och försök igen.",
    error_title: "Något gick fel",
    error_text: "Dina uppgifter kan inte visas just nu. Försök igen senare.",
};

static NB: Texts = Texts {
    code: "nb",
    share_title: "Dine personopplysninger",
    report_title: "Innsyn i personopplysninger",
    intro: "Her ser du hvilke personopplysninger {controller} har om deg, hvorfor de behandles og hvilket rettslig grunnlag som gjelder.",
    valid_until: "Lenken virker til {time}.",
    generated: "Satt sammen {time}.",
    controller: "Behandlingsansvarlig",
    dpo: "Personvernombud",
    privacy_notice: "Personvernerklæring",
    downloads: "Last ned opplysningene dine",
    download_csv: "Alle opplysningene dine som CSV-fil (åpnes i et regneark)",
    download_json: "Alle opplysningene dine som JSON-fil (maskinlesbar, for å flytte dem til en annen tjeneste)",
    sec_profile: "Om deg",
    sec_identifiers: "Kontaktopplysninger og identifikatorer",
    sec_custom_fields: "Andre opplysninger og hvorfor vi har dem",
    sec_consents: "Dine samtykker",
    sec_consent_history: "Samtykkehistorikk",
    sec_suppressions: "Protester og sperringer",
    sec_restrictions: "Begrensninger av behandlingen",
    sec_activities: "Vår kontakt med deg",
    sec_deals: "Kjøp og tilbud",
    sec_todos: "Planlagte oppfølginger",
    sec_requests: "Dine henvendelser",
    sec_disclosures: "Utleveringer av opplysningene dine",
    sec_purposes: "Hvorfor vi behandler opplysningene dine",
    empty: "Ingenting registrert.",
    col_field: "Opplysning",
    col_value: "Verdi",
    col_type: "Type",
    col_purpose: "Formål",
    col_legal_basis: "Rettslig grunnlag",
    col_channel: "Kanal",
    col_state: "Status",
    col_since: "Siden",
    col_when: "Når",
    col_note: "Notat",
    col_description: "Beskrivelse",
    col_amount: "Beløp",
    col_opened: "Opprettet",
    col_closed: "Avsluttet",
    col_task: "Oppgave",
    col_due: "Frist",
    col_done: "Utført",
    col_retention: "Lagres i",
    col_recipients: "Mottakere og databehandlere",
    col_data_source: "Hvor opplysningene kommer fra",
    col_source: "Kilde",
    col_scope: "Gjelder",
    col_identifier: "Identifikator",
    col_removed: "Fjernet",
    col_from: "Fra",
    col_to: "Til",
    col_reason: "Årsak",
    col_request: "Henvendelse",
    col_received: "Mottatt",
    col_who: "Hvem",
    col_event: "Hendelse",
    col_evidence: "Dokumentasjon",
    name: "Navn",
    address: "Postadresse",
    language: "Språk",
    lists: "Kundelister",
    registered: "Registrert",
    updated: "Sist endret",
    restricted: "Behandlingen begrenset",
    yes: "Ja",
    no: "Nei",
    id_phone: "Telefon",
    id_email: "E-post",
    id_national_id: "Fødselsnummer",
    channels: [
        "Telefonsamtale",
        "SMS",
        "MMS",
        "E-post",
        "Brev",
        "Meldingsapper",
        "Personlig oppmøte",
    ],
    states: ["Gitt", "Trukket tilbake", "Utløpt", "Ikke gitt"],
    bases: [
        "Samtykke",
        "Avtale",
        "Rettslig forpliktelse",
        "Vitale interesser",
        "Oppgave i allmennhetens interesse",
        "Berettiget interesse",
    ],
    article: "GDPR art. 6 nr. 1 bokstav {letter}",
    units: [("år", "år"), ("måned", "måneder"), ("dag", "dager")],
    retention_none: "Ikke angitt",
    activity_kinds: ["Samtale", "SMS", "E-post", "Møte", "Notat"],
    request_kinds: [
        "Innsyn",
        "Retting",
        "Sletting",
        "Begrensning",
        "Protest",
        "Dataportabilitet",
        "Manuell vurdering av en automatisert avgjørelse",
        "Informasjon",
    ],
    request_states: [
        "Mottatt",
        "Identiteten kontrolleres",
        "Under behandling",
        "Fullført",
        "Avslått",
    ],
    disclosure_kinds: [
        "Innsynsrapport satt sammen",
        "Siden din ble åpnet",
        "Opplysningene dine ble lastet ned",
    ],
    scope_all: "Alle selskaper",
    blocklist: "Sperreliste",
    by_you: "Du",
    by_staff: "Ansatte",
    by_system: "Systemet",
    rights_title: "Dine rettigheter",
    rights_text: "Du kan be oss rette opplysninger som er feil, slette opplysningene dine, begrense bruken av dem eller flytte dem til en annen tjeneste. Du kan når som helst protestere mot direkte markedsføring og trekke tilbake et samtykke like enkelt som du ga det. Kontakt oss eller personvernombudet vårt ovenfor. Du har også rett til å klage til en tilsynsmyndighet for personvern.",
    authority: "Tilsynsmyndighet: {authority}",
    not_found_title: "Fant ikke lenken",
    not_found_text: "Vi finner ingen slik lenke. Kontroller at du har kopiert hele adressen, eller be oss om en ny lenke.",
    gone_title: "Lenken er ikke lenger gyldig",
    gone_text: "Av sikkerhetshensyn virker en lenke til opplysningene dine i 24 timer, og den kan trekkes tilbake. Be oss om en ny lenke hvis du fortsatt vil se opplysningene dine.",
    limited_title: "For mange forsøk",
    limited_text: "For mange lenker er prøvd fra nettverket ditt. Vent noen minutter og prøv igjen.",
    error_title: "Noe gikk galt",
    error_text: "Opplysningene dine kan ikke vises akkurat nå. Prøv igjen senere.",
};

static DA: Texts = Texts {
    code: "da",
    share_title: "Dine personoplysninger",
    report_title: "Indsigt i personoplysninger",
    intro: "Her kan du se, hvilke personoplysninger {controller} har om dig, hvorfor de behandles, og hvilket retsgrundlag der gælder.",
    valid_until: "Linket virker indtil {time}.",
    generated: "Udarbejdet {time}.",
    controller: "Dataansvarlig",
    dpo: "Databeskyttelsesrådgiver",
    privacy_notice: "Privatlivspolitik",
    downloads: "Download dine oplysninger",
    download_csv: "Alle dine oplysninger som CSV-fil (kan åbnes i et regneark)",
    download_json: "Alle dine oplysninger som JSON-fil (maskinlæsbar, til at flytte dem til en anden tjeneste)",
    sec_profile: "Om dig",
    sec_identifiers: "Kontaktoplysninger og identifikatorer",
    sec_custom_fields: "Andre oplysninger, og hvorfor vi har dem",
    sec_consents: "Dine samtykker",
    sec_consent_history: "Samtykkehistorik",
    sec_suppressions: "Indsigelser og spærringer",
    sec_restrictions: "Begrænsninger af behandlingen",
    sec_activities: "Vores kontakt med dig",
    sec_deals: "Køb og tilbud",
    sec_todos: "Planlagte opfølgninger",
    sec_requests: "Dine anmodninger",
    sec_disclosures: "Videregivelser af dine oplysninger",
    sec_purposes: "Hvorfor vi behandler dine oplysninger",
    empty: "Intet registreret.",
    col_field: "Oplysning",
    col_value: "Værdi",
    col_type: "Type",
    col_purpose: "Formål",
    col_legal_basis: "Retsgrundlag",
    col_channel: "Kanal",
    col_state: "Status",
    col_since: "Siden",
    col_when: "Hvornår",
    col_note: "Notat",
    col_description: "Beskrivelse",
    col_amount: "Beløb",
    col_opened: "Oprettet",
    col_closed: "Afsluttet",
    col_task: "Opgave",
    col_due: "Frist",
    col_done: "Udført",
    col_retention: "Opbevares i",
    col_recipients: "Modtagere og databehandlere",
    col_data_source: "Hvor oplysningerne kommer fra",
    col_source: "Kilde",
    col_scope: "Gælder",
    col_identifier: "Identifikator",
    col_removed: "Fjernet",
    col_from: "Fra",
    col_to: "Til",
    col_reason: "Årsag",
    col_request: "Anmodning",
    col_received: "Modtaget",
    col_who: "Hvem",
    col_event: "Hændelse",
    col_evidence: "Dokumentation",
    name: "Navn",
    address: "Postadresse",
    language: "Sprog",
    lists: "Kundelister",
    registered: "Registreret",
    updated: "Senest ændret",
    restricted: "Behandlingen begrænset",
    yes: "Ja",
    no: "Nej",
    id_phone: "Telefon",
    id_email: "E-mail",
    id_national_id: "Personnummer",
    channels: [
        "Telefonopkald",
        "SMS",
        "MMS",
        "E-mail",
        "Brev",
        "Beskedapps",
        "Personligt fremmøde",
    ],
    states: ["Givet", "Trukket tilbage", "Udløbet", "Ikke givet"],
    bases: [
        "Samtykke",
        "Kontrakt",
        "Retlig forpligtelse",
        "Vitale interesser",
        "Opgave i samfundets interesse",
        "Legitim interesse",
    ],
    article: "GDPR art. 6, stk. 1, litra {letter}",
    units: [("år", "år"), ("måned", "måneder"), ("dag", "dage")],
    retention_none: "Ikke angivet",
    activity_kinds: ["Opkald", "SMS", "E-mail", "Møde", "Notat"],
    request_kinds: [
        "Indsigt",
        "Berigtigelse",
        "Sletning",
        "Begrænsning",
        "Indsigelse",
        "Dataportabilitet",
        "Menneskelig prøvelse af en automatisk afgørelse",
        "Oplysning",
    ],
    request_states: [
        "Modtaget",
        "Identiteten kontrolleres",
        "Under behandling",
        "Afsluttet",
        "Afvist",
    ],
    disclosure_kinds: [
        "Indsigtsrapport udarbejdet",
        "Din side blev åbnet",
        "Dine oplysninger blev downloadet",
    ],
    scope_all: "Alle virksomheder",
    blocklist: "Spærreliste",
    by_you: "Dig",
    by_staff: "Medarbejdere",
    by_system: "Systemet",
    rights_title: "Dine rettigheder",
    rights_text: "Du kan bede os om at rette oplysninger, der er forkerte, slette dine oplysninger, begrænse brugen af dem eller flytte dem til en anden tjeneste. Du kan til enhver tid gøre indsigelse mod direkte markedsføring og trække et samtykke tilbage lige så let, som du gav det. Kontakt os eller vores databeskyttelsesrådgiver ovenfor. Du har også ret til at klage til en databeskyttelsesmyndighed.",
    authority: "Tilsynsmyndighed: {authority}",
    not_found_title: "Linket findes ikke",
    not_found_text: "Vi kan ikke finde et sådant link. Kontrollér, at du har kopieret hele adressen, eller bed os om et nyt link.",
    gone_title: "Linket er ikke længere gyldigt",
    gone_text: "Af sikkerhedshensyn virker et link til dine oplysninger i 24 timer, og det kan trækkes tilbage. Bed os om et nyt link, hvis du stadig vil se dine oplysninger.",
    limited_title: "For mange forsøg",
    limited_text: "Der er prøvet for mange links fra dit netværk. Vent et par minutter, og prøv igen.",
    error_title: "Noget gik galt",
    error_text: "Dine oplysninger kan ikke vises lige nu. Prøv igen senere.",
};

static FI: Texts = Texts {
    code: "fi",
    share_title: "Henkilötietosi",
    report_title: "Rekisteriote",
    intro: "Tällä sivulla näet, mitä henkilötietoja {controller} käsittelee sinusta, miksi niitä käsitellään ja millä oikeusperusteella.",
    valid_until: "Linkki toimii {time} asti.",
    generated: "Koottu {time}.",
    controller: "Rekisterinpitäjä",
    dpo: "Tietosuojavastaava",
    privacy_notice: "Tietosuojaseloste",
    downloads: "Lataa tietosi",
    download_csv: "Kaikki tietosi CSV-tiedostona (avautuu taulukkolaskentaohjelmassa)",
    download_json: "Kaikki tietosi JSON-tiedostona (koneluettava, siirtämiseen toiseen palveluun)",
    sec_profile: "Perustiedot",
    sec_identifiers: "Yhteystiedot ja tunnisteet",
    sec_custom_fields: "Muut tiedot ja miksi säilytämme niitä",
    sec_consents: "Suostumuksesi",
    sec_consent_history: "Suostumushistoria",
    sec_suppressions: "Vastustamiset ja estot",
    sec_restrictions: "Käsittelyn rajoitukset",
    sec_activities: "Yhteydenottomme",
    sec_deals: "Ostot ja tarjoukset",
    sec_todos: "Suunnitellut jatkotoimet",
    sec_requests: "Pyyntösi",
    sec_disclosures: "Tietojesi luovutukset",
    sec_purposes: "Miksi käsittelemme tietojasi",
    empty: "Ei kirjattuja tietoja.",
    col_field: "Tieto",
    col_value: "Arvo",
    col_type: "Tyyppi",
    col_purpose: "Käyttötarkoitus",
    col_legal_basis: "Oikeusperuste",
    col_channel: "Kanava",
    col_state: "Tila",
    col_since: "Alkaen",
    col_when: "Milloin",
    col_note: "Muistiinpano",
    col_description: "Kuvaus",
    col_amount: "Summa",
    col_opened: "Aloitettu",
    col_closed: "Päättynyt",
    col_task: "Tehtävä",
    col_due: "Määräaika",
    col_done: "Tehty",
    col_retention: "Säilytysaika",
    col_recipients: "Vastaanottajat ja henkilötietojen käsittelijät",
    col_data_source: "Tietojen lähde",
    col_source: "Lähde",
    col_scope: "Koskee",
    col_identifier: "Tunniste",
    col_removed: "Poistettu",
    col_from: "Alkaen",
    col_to: "Päättyen",
    col_reason: "Syy",
    col_request: "Pyyntö",
    col_received: "Vastaanotettu",
    col_who: "Kuka",
    col_event: "Tapahtuma",
    col_evidence: "Todisteet",
    name: "Nimi",
    address: "Postiosoite",
    language: "Kieli",
    lists: "Asiakasryhmät",
    registered: "Rekisteröity",
    updated: "Muutettu viimeksi",
    restricted: "Käsittely rajoitettu",
    yes: "Kyllä",
    no: "Ei",
    id_phone: "Puhelin",
    id_email: "Sähköposti",
    id_national_id: "Henkilötunnus",
    channels: [
        "Puhelu",
        "Tekstiviesti",
        "Multimediaviesti",
        "Sähköposti",
        "Kirje",
        "Pikaviestisovellukset",
        "Henkilökohtaisesti",
    ],
    states: ["Annettu", "Peruttu", "Vanhentunut", "Ei annettu"],
    bases: [
        "Suostumus",
        "Sopimus",
        "Lakisääteinen velvoite",
        "Elintärkeät edut",
        "Yleisen edun mukainen tehtävä",
        "Oikeutettu etu",
    ],
    article: "GDPR 6 artiklan 1 kohdan {letter} alakohta",
    units: [
        ("vuosi", "vuotta"),
        ("kuukausi", "kuukautta"),
        ("päivä", "päivää"),
    ],
    retention_none: "Ei määritelty",
    activity_kinds: [
        "Puhelu",
        "Tekstiviesti",
        "Sähköposti",
        "Tapaaminen",
        "Muistiinpano",
    ],
    request_kinds: [
        "Tietojen tarkastaminen",
        "Oikaiseminen",
        "Poistaminen",
        "Käsittelyn rajoittaminen",
        "Vastustaminen",
        "Tietojen siirtäminen",
        "Automaattisen päätöksen ihmisarviointi",
        "Tiedonsaanti",
    ],
    request_states: [
        "Vastaanotettu",
        "Henkilöllisyyttä tarkistetaan",
        "Käsittelyssä",
        "Valmis",
        "Hylätty",
    ],
    disclosure_kinds: [
        "Rekisteriote koottu",
        "Sivusi avattiin",
        "Tietosi ladattiin",
    ],
    scope_all: "Kaikki yritykset",
    blocklist: "Estolista",
    by_you: "Sinä",
    by_staff: "Henkilöstö",
    by_system: "Järjestelmä",
    rights_title: "Oikeutesi",
    rights_text: "Voit pyytää meitä oikaisemaan virheelliset tiedot, poistamaan tietosi, rajoittamaan niiden käyttöä tai siirtämään ne toiseen palveluun. Voit milloin tahansa vastustaa suoramarkkinointia ja perua suostumuksen yhtä helposti kuin annoit sen. Ota yhteyttä meihin tai tietosuojavastaavaamme, jonka yhteystiedot ovat yllä. Sinulla on myös oikeus tehdä valitus tietosuojaviranomaiselle.",
    authority: "Valvontaviranomainen: {authority}",
    not_found_title: "Linkkiä ei löydy",
    not_found_text: "Tällaista linkkiä ei ole. Tarkista, että kopioit koko osoitteen, tai pyydä meiltä uusi linkki.",
    gone_title: "Linkki ei ole enää voimassa",
    gone_text: "Turvallisuussyistä linkki tietoihisi toimii 24 tuntia, ja se voidaan perua. Pyydä meiltä uusi linkki, jos haluat yhä nähdä tietosi.",
    limited_title: "Liian monta yritystä",
    limited_text: "Verkostasi on kokeiltu liian monta linkkiä. Odota muutama minuutti ja yritä uudelleen.",
    error_title: "Jokin meni vikaan",
    error_text: "Tietojasi ei voi näyttää juuri nyt. Yritä myöhemmin uudelleen.",
};

impl Texts {
    fn channel(&self, code: &str) -> String {
        vern_core::Channel::ALL
            .iter()
            .position(|c| c.as_str() == code)
            .map_or_else(|| code.to_owned(), |i| self.channels[i].to_owned())
    }

    fn consent_state(&self, code: &str) -> String {
        match code {
            "granted" => self.states[0],
            "withdrawn" => self.states[1],
            "expired" => self.states[2],
            _ => self.states[3],
        }
        .to_owned()
    }

    fn legal_basis(&self, code: &str) -> String {
        let Some(i) = vern_core::LegalBasis::ALL
            .iter()
            .position(|b| b.as_str() == code)
        else {
            return code.to_owned();
        };
        let letter = ["a", "b", "c", "d", "e", "f"][i];
        format!(
            "{} ({})",
            self.bases[i],
            self.article.replace("{letter}", letter)
        )
    }

    fn retention(&self, period: Option<&str>) -> String {
        let Some(period) = period else {
            return self.retention_none.to_owned();
        };
        let Some(rest) = period.strip_prefix('P') else {
            return period.to_owned();
        };
        let mut parts = Vec::new();
        let mut number = String::new();
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let unit = match c {
                'Y' => 0,
                'M' => 1,
                'D' => 2,
                _ => return period.to_owned(),
            };
            let (one, many) = self.units[unit];
            let word = if number == "1" { one } else { many };
            if number != "0" {
                parts.push(format!("{number} {word}"));
            }
            number.clear();
        }
        if parts.is_empty() {
            return period.to_owned();
        }
        parts.join(", ")
    }

    fn activity_kind(&self, code: &str) -> String {
        ["call", "sms", "email", "meeting", "note"]
            .iter()
            .position(|k| *k == code)
            .map_or_else(|| code.to_owned(), |i| self.activity_kinds[i].to_owned())
    }

    fn request_kind(&self, code: &str) -> String {
        vern_core::request::RequestKind::ALL
            .iter()
            .position(|k| k.as_str() == code)
            .map_or_else(|| code.to_owned(), |i| self.request_kinds[i].to_owned())
    }

    fn request_state(&self, code: &str) -> String {
        vern_core::request::RequestState::ALL
            .iter()
            .position(|k| k.as_str() == code)
            .map_or_else(|| code.to_owned(), |i| self.request_states[i].to_owned())
    }

    fn disclosure_kind(&self, code: &str) -> String {
        DISCLOSURE_KINDS
            .iter()
            .position(|k| *k == code)
            .map_or_else(|| code.to_owned(), |i| self.disclosure_kinds[i].to_owned())
    }

    fn who(&self, actor: &str) -> String {
        if actor == "subject" {
            self.by_you
        } else if actor.starts_with("system:") {
            self.by_system
        } else {
            self.by_staff
        }
        .to_owned()
    }

    fn identifier_kind(&self, code: &str) -> String {
        match code {
            "phone" => self.id_phone,
            "email" => self.id_email,
            "national_id" => self.id_national_id,
            other => other,
        }
        .to_owned()
    }

    fn suppression_source(&self, source: &str) -> String {
        if source == "blocklist" {
            return self.blocklist.to_owned();
        }
        match source.strip_prefix("objection:") {
            Some(from) => format!("{} ({from})", self.request_kinds[4]),
            None => source.to_owned(),
        }
    }

    fn yes_no(&self, b: bool) -> String {
        if b { self.yes } else { self.no }.to_owned()
    }
}

/// The native name of a language code.
fn language_name(code: &str) -> String {
    match Lang::from_code(code) {
        Some(Lang::Sv) => "Svenska",
        Some(Lang::Nb) => "Norsk",
        Some(Lang::Da) => "Dansk",
        Some(Lang::Fi) => "Suomi",
        Some(Lang::En) => "English",
        None => code,
    }
    .to_owned()
}

/// The data protection authority of the controller's country.
fn authority_of(country: Option<&str>) -> Option<&'static str> {
    match country? {
        "SE" => Some("Integritetsskyddsmyndigheten (IMY), imy.se"),
        "NO" => Some("Datatilsynet, datatilsynet.no"),
        "DK" => Some("Datatilsynet, datatilsynet.dk"),
        "FI" => Some("Tietosuojavaltuutetun toimisto, tietosuoja.fi"),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

/// Which page to render.
#[derive(Debug, Clone, Copy)]
pub enum Page<'a> {
    /// The full report for staff to print or send: every section.
    Report,
    /// The data subject's share-link page: their data, the purposes, the controller, and links
    /// to download everything.
    Share {
        /// Link to the CSV download.
        csv_url: &'a str,
        /// Link to the JSON download.
        json_url: &'a str,
        /// When the link stops working.
        expires_at: OffsetDateTime,
    },
}

struct Downloads<'a> {
    csv_url: &'a str,
    json_url: &'a str,
}

struct HtmlSection {
    title: &'static str,
    columns: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "access_report.html")]
struct AccessPage<'a> {
    t: &'static Texts,
    title: &'static str,
    intro: String,
    generated: String,
    valid_until: Option<String>,
    controller_name: &'a str,
    dpo: Vec<String>,
    privacy_notice_link: Option<&'a str>,
    privacy_notice_text: Option<&'a str>,
    downloads: Option<Downloads<'a>>,
    sections: Vec<HtmlSection>,
    authority: Option<String>,
}

#[derive(Template)]
#[template(path = "share_status.html")]
struct StatusPage {
    lang: &'static str,
    title: &'static str,
    text: &'static str,
}

/// What a share link turned out to be, when it shows no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStatus {
    /// No such link.
    NotFound,
    /// Expired or revoked.
    Gone,
    /// Too many failed attempts from the client's network.
    Limited,
    /// Something failed on our side.
    Error,
}

/// A plain page saying what became of a share link, with no data.
pub fn status_html(lang: Lang, status: LinkStatus) -> String {
    let t = lang.texts();
    let (title, text) = match status {
        LinkStatus::NotFound => (t.not_found_title, t.not_found_text),
        LinkStatus::Gone => (t.gone_title, t.gone_text),
        LinkStatus::Limited => (t.limited_title, t.limited_text),
        LinkStatus::Error => (t.error_title, t.error_text),
    };
    StatusPage {
        lang: t.code,
        title,
        text,
    }
    .render()
    .unwrap_or_else(|_| title.to_owned())
}

/// A time as the pages show it.
pub fn display_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

fn display_opt(t: Option<OffsetDateTime>) -> String {
    t.map(display_time).unwrap_or_default()
}

fn money(minor: i64, currency: &str, lang: Lang) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let a = minor.unsigned_abs();
    let sep = if lang == Lang::En { '.' } else { ',' };
    format!("{sign}{}{sep}{:02} {currency}", a / 100, a % 100)
}

/// The report as a printable HTML page in `lang`.
pub fn to_html(report: &AccessReport, lang: Lang, page: Page<'_>) -> Result<String, RenderError> {
    let t = lang.texts();
    let full = matches!(page, Page::Report);
    let purpose_name = |key: &str| {
        report
            .purposes
            .iter()
            .find(|p| p.key == key)
            .map_or_else(|| key.to_owned(), |p| p.name.clone())
    };

    let mut sections = Vec::new();

    let p = &report.profile;
    let mut profile_rows = vec![vec![t.name.to_owned(), p.name.clone()]];
    if let Some(a) = &p.address {
        let mut text = [a.street.as_str(), &format!("{} {}", a.postal_code, a.city)]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(c) = &a.country {
            text = format!("{text}, {c}");
        }
        profile_rows.push(vec![t.address.to_owned(), text]);
    }
    if let Some(l) = &p.language {
        profile_rows.push(vec![t.language.to_owned(), language_name(l)]);
    }
    if !p.lists.is_empty() {
        profile_rows.push(vec![t.lists.to_owned(), p.lists.join(", ")]);
    }
    profile_rows.push(vec![t.registered.to_owned(), display_time(p.created_at)]);
    profile_rows.push(vec![t.updated.to_owned(), display_time(p.updated_at)]);
    profile_rows.push(vec![t.restricted.to_owned(), t.yes_no(p.restricted)]);
    sections.push(HtmlSection {
        title: t.sec_profile,
        columns: vec![t.col_field, t.col_value],
        rows: profile_rows
            .into_iter()
            .filter(|r| !r[1].is_empty())
            .collect(),
    });

    sections.push(HtmlSection {
        title: t.sec_identifiers,
        columns: vec![t.col_type, t.col_value],
        rows: report
            .identifiers
            .iter()
            .map(|i| {
                let value = match &i.country {
                    Some(c) => format!("{} ({c})", i.value),
                    None => i.value.clone(),
                };
                vec![t.identifier_kind(&i.kind), value]
            })
            .collect(),
    });

    sections.push(HtmlSection {
        title: t.sec_custom_fields,
        columns: vec![t.col_field, t.col_value, t.col_purpose, t.col_legal_basis],
        rows: report
            .custom_fields
            .iter()
            .map(|f| {
                vec![
                    f.name.clone(),
                    f.value.clone(),
                    f.purpose_name.clone().unwrap_or_else(|| f.purpose.clone()),
                    f.legal_basis
                        .as_deref()
                        .map(|b| t.legal_basis(b))
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    });

    sections.push(HtmlSection {
        title: t.sec_consents,
        columns: vec![t.col_purpose, t.col_channel, t.col_state, t.col_since],
        rows: report
            .consents
            .current
            .iter()
            .filter(|c| c.state != "unknown")
            .map(|c| {
                vec![
                    purpose_name(&c.purpose),
                    t.channel(&c.channel),
                    t.consent_state(&c.state),
                    display_opt(c.since),
                ]
            })
            .collect(),
    });

    if full {
        sections.push(HtmlSection {
            title: t.sec_consent_history,
            columns: vec![
                t.col_when,
                t.col_purpose,
                t.col_channel,
                t.col_event,
                t.col_source,
                t.col_evidence,
            ],
            rows: report
                .consents
                .history
                .iter()
                .map(|c| {
                    let evidence = c
                        .evidence
                        .as_ref()
                        .map(|e| {
                            [&e.text, &e.by, &e.reference, &e.version, &e.ip]
                                .into_iter()
                                .flatten()
                                .cloned()
                                .collect::<Vec<_>>()
                                .join("; ")
                        })
                        .unwrap_or_default();
                    vec![
                        display_time(c.given_at),
                        purpose_name(&c.purpose),
                        t.channel(&c.channel),
                        t.consent_state(&c.action),
                        c.source.clone(),
                        evidence,
                    ]
                })
                .collect(),
        });
        sections.push(HtmlSection {
            title: t.sec_suppressions,
            columns: vec![
                t.col_source,
                t.col_scope,
                t.col_identifier,
                t.col_channel,
                t.col_since,
                t.col_removed,
            ],
            rows: report
                .suppressions
                .iter()
                .map(|s| {
                    vec![
                        t.suppression_source(&s.source),
                        if s.scope == "all" {
                            t.scope_all.to_owned()
                        } else {
                            s.scope.clone()
                        },
                        s.identifier
                            .clone()
                            .unwrap_or_else(|| t.identifier_kind(&s.identifier_kind)),
                        s.channels
                            .iter()
                            .map(|c| t.channel(c))
                            .collect::<Vec<_>>()
                            .join(", "),
                        display_time(s.since),
                        display_opt(s.removed_at),
                    ]
                })
                .collect(),
        });
        sections.push(HtmlSection {
            title: t.sec_restrictions,
            columns: vec![t.col_from, t.col_to, t.col_reason],
            rows: report
                .restrictions
                .iter()
                .map(|r| {
                    vec![
                        display_time(r.placed_at),
                        display_opt(r.lifted_at),
                        r.reason.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        });
    }

    sections.push(HtmlSection {
        title: t.sec_activities,
        columns: vec![t.col_when, t.col_type, t.col_channel, t.col_note],
        rows: report
            .activities
            .iter()
            .map(|a| {
                vec![
                    display_time(a.at),
                    t.activity_kind(&a.kind),
                    a.channel
                        .as_deref()
                        .map(|c| t.channel(c))
                        .unwrap_or_default(),
                    a.note.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    });
    sections.push(HtmlSection {
        title: t.sec_deals,
        columns: vec![
            t.col_opened,
            t.col_description,
            t.col_amount,
            t.col_state,
            t.col_closed,
        ],
        rows: report
            .deals
            .iter()
            .map(|d| {
                vec![
                    display_time(d.opened_at),
                    d.title.clone().unwrap_or_default(),
                    money(d.amount_minor, &d.currency, lang),
                    d.stage.clone(),
                    display_opt(d.closed_at),
                ]
            })
            .collect(),
    });
    sections.push(HtmlSection {
        title: t.sec_todos,
        columns: vec![t.col_task, t.col_due, t.col_done],
        rows: report
            .todos
            .iter()
            .map(|x| {
                vec![
                    x.text.clone().unwrap_or_default(),
                    display_opt(x.due_at),
                    display_opt(x.done_at),
                ]
            })
            .collect(),
    });

    if full {
        sections.push(HtmlSection {
            title: t.sec_requests,
            columns: vec![
                t.col_request,
                t.col_state,
                t.col_received,
                t.col_due,
                t.col_closed,
            ],
            rows: report
                .requests
                .iter()
                .map(|r| {
                    vec![
                        format!("{} ({})", t.request_kind(&r.kind), r.article),
                        t.request_state(&r.state),
                        display_time(r.received_at),
                        display_time(r.due_at),
                        display_opt(r.closed_at),
                    ]
                })
                .collect(),
        });
        sections.push(HtmlSection {
            title: t.sec_disclosures,
            columns: vec![t.col_when, t.col_event, t.col_who],
            rows: report
                .disclosures
                .iter()
                .map(|d| {
                    let mut event = t.disclosure_kind(&d.kind);
                    if let Some(f) = &d.format {
                        event = format!("{event} ({})", f.to_uppercase());
                    }
                    vec![display_time(d.at), event, t.who(&d.actor)]
                })
                .collect(),
        });
    }

    sections.push(HtmlSection {
        title: t.sec_purposes,
        columns: vec![
            t.col_purpose,
            t.col_description,
            t.col_legal_basis,
            t.col_retention,
            t.col_recipients,
            t.col_data_source,
        ],
        rows: report
            .purposes
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.description.clone(),
                    t.legal_basis(&p.legal_basis),
                    t.retention(p.retention.as_deref()),
                    p.recipients.join(", "),
                    p.data_source.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    });

    let c = &report.controller;
    let dpo: Vec<String> = [&c.dpo.name, &c.dpo.email, &c.dpo.phone]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect();
    let notice = c
        .privacy_notice_url
        .as_deref()
        .filter(|u| !u.trim().is_empty());
    // Only web addresses become links; anything else is shown as text.
    let notice_is_link =
        notice.is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"));
    let (title, valid_until, downloads) = match page {
        Page::Report => (t.report_title, None, None),
        Page::Share {
            csv_url,
            json_url,
            expires_at,
        } => (
            t.share_title,
            Some(t.valid_until.replace("{time}", &display_time(expires_at))),
            Some(Downloads { csv_url, json_url }),
        ),
    };
    let html = AccessPage {
        t,
        title,
        intro: t.intro.replace("{controller}", &c.name),
        generated: t
            .generated
            .replace("{time}", &display_time(report.generated_at)),
        valid_until,
        controller_name: &c.name,
        dpo,
        privacy_notice_link: notice.filter(|_| notice_is_link),
        privacy_notice_text: notice.filter(|_| !notice_is_link),
        downloads,
        sections,
        authority: authority_of(c.country.as_deref())
            .map(|a| t.authority.replace("{authority}", a)),
    }
    .render()?;
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use time::macros::datetime;
    use vern_core::{Channel, ChannelSet, IdentifierKind, LegalBasis, Purpose, Retention, RuleSet};
    use vern_store::model::{Address, CustomField, Evidence};

    fn sample() -> AccessReport {
        let now = datetime!(2026-03-01 12:00 UTC);
        let controller = Controller {
            id: ControllerId(1),
            key: "default".into(),
            name: "Kundklubben AB".into(),
            country: Some(vern_core::Country::Se),
            default_region: "SE".into(),
            dpo_name: Some("Dana Dataskydd".into()),
            dpo_email: Some("dpo@example.se".into()),
            dpo_phone: None,
            privacy_notice_url: Some("https://example.se/integritet".into()),
            rules: RuleSet::default(),
            created_at: now,
            updated_at: now,
        };
        let purpose = PurposeRecord {
            controller: ControllerId(1),
            purpose: Purpose {
                key: PurposeKey::parse("newsletter").unwrap(),
                name: "Nyhetsbrev".into(),
                legal_basis: LegalBasis::Consent,
                direct_marketing: true,
                channels: ChannelSet::of(&[Channel::Email, Channel::Sms]),
                retention: Some(Retention::parse("P2Y").unwrap()),
                description: "Erbjudanden <varje> vecka".into(),
                dk_telemarketing_exception: false,
            },
            recipients: vec!["Mailer AB".into(), "Print Oy".into()],
            data_source: Some("=cmd|' /C calc'!A0".into()),
            holds_fields: Vec::new(),
            created_at: now,
            updated_at: now,
        };
        let person = Person {
            id: "p-1".into(),
            controller: ControllerId(1),
            profile: Profile {
                name: "Anna <script>alert(1)</script> Berg".into(),
                phones: vec!["+46701234567".into()],
                emails: vec!["anna@example.se".into()],
                national_id: Some("19900101-0017".into()),
                national_id_country: Some("SE".into()),
                address: Some(Address {
                    street: "Storgatan 1".into(),
                    postal_code: "111 22".into(),
                    city: "Stockholm".into(),
                    country: Some("SE".into()),
                }),
                custom_fields: vec![CustomField {
                    name: "shoe_size".into(),
                    value: "39".into(),
                    purpose: "newsletter".into(),
                }],
                language: Some("sv".into()),
            },
            lists: vec!["kundklubb".into(), "vip".into()],
            restricted_at: Some(now),
            created_at: now,
            updated_at: now,
        };
        let consent = ConsentRecord {
            id: "c-1".into(),
            event_id: "e-1".into(),
            purpose: "newsletter".into(),
            channel: Channel::Email,
            action: ConsentAction::Granted,
            given_at: datetime!(2026-01-01 10:00 UTC),
            expires_at: Some(datetime!(2027-01-01 10:00 UTC)),
            source: "web_form".into(),
            evidence: Some(Evidence {
                by: Some("web".into()),
                text: Some("Ja, skicka nyhetsbrev".into()),
                version: Some("v3".into()),
                reference: Some("form-9".into()),
                ip: Some("192.0.2.1".into()),
            }),
            recorded_at: datetime!(2026-01-01 10:00 UTC),
        };
        let suppression = SuppressionRecord {
            id: "s-1".into(),
            digest: "00".into(),
            identifier_kind: IdentifierKind::Phone,
            controller: None,
            channels: ChannelSet::ALL,
            source: "objection:authorized_agent".into(),
            objection_id: Some("o-1".into()),
            reason: Some("asked on the phone".into()),
            created_at: now,
            removed_at: Some(now),
        };
        let opened = LedgerEntry {
            seq: 7,
            at: now,
            actor: "subject".into(),
            kind: "export.downloaded".into(),
            controller: Some(1),
            subject: Some("p-1".into()),
            payload: r#"{"link":"l-1","format":"csv"}"#.into(),
            has_sealed: false,
            hash: "ab".into(),
        };
        let created = LedgerEntry {
            kind: "person.created".into(),
            seq: 1,
            ..opened.clone()
        };
        let request = RequestRecord {
            id: "q-1".into(),
            controller: ControllerId(1),
            kind: vern_core::request::RequestKind::Access,
            state: vern_core::request::RequestState::Completed,
            person_id: Some("p-1".into()),
            received_via: "email".into(),
            received_at: now,
            due_at: now,
            extended_months: 1,
            assignee: None,
            verified_at: None,
            verification: None,
            closed_at: Some(now),
            flag: "on_time".into(),
            agent_key: None,
            language: None,
            details: None,
        };
        let sources = Sources {
            person,
            controller,
            controller_keys: BTreeMap::new(),
            purposes: vec![purpose],
            consents: vec![consent],
            suppressions: vec![(
                suppression,
                Some(IdentifierInfo {
                    kind: "phone".into(),
                    value: "+46701234567".into(),
                    country: None,
                }),
            )],
            restrictions: vec![RestrictionRecord {
                id: "r-1".into(),
                reason: Some("accuracy contested".into()),
                placed_at: now,
                lifted_at: Some(now),
                lift_reason: Some("corrected".into()),
            }],
            activities: vec![Activity {
                id: "a-1".into(),
                person_id: Some("p-1".into()),
                kind: "call".into(),
                note: Some("Ringde om leverans".into()),
                channel: Some(Channel::Phone),
                owner: Some("Sven".into()),
                at: now,
            }],
            deals: vec![Deal {
                id: "d-1".into(),
                person_id: Some("p-1".into()),
                title: Some("Årsabonnemang".into()),
                amount_minor: 123_450,
                currency: "SEK".into(),
                stage: "won".into(),
                owner: Some("Sven".into()),
                opened_at: now,
                closed_at: Some(now),
            }],
            todos: vec![Todo {
                id: "t-1".into(),
                person_id: Some("p-1".into()),
                text: Some("Skicka offert".into()),
                owner: Some("Sven".into()),
                due_at: Some(now),
                done_at: Some(now),
            }],
            requests: vec![request],
            ledger: vec![created, opened],
        };
        build(sources, now)
    }

    #[test]
    fn builds_every_section() {
        let r = sample();
        assert_eq!(r.schema, "vern.access-report/1");
        assert_eq!(r.identifiers.len(), 3);
        assert_eq!(r.identifiers[2].kind, "national_id");
        assert_eq!(r.identifiers[2].country.as_deref(), Some("SE"));
        assert_eq!(
            r.custom_fields[0].purpose_name.as_deref(),
            Some("Nyhetsbrev")
        );
        assert_eq!(r.custom_fields[0].legal_basis.as_deref(), Some("consent"));
        // One current state per declared channel of each purpose.
        assert_eq!(r.consents.current.len(), 2);
        let email = r
            .consents
            .current
            .iter()
            .find(|c| c.channel == "email")
            .unwrap();
        assert_eq!(email.state, "granted");
        let sms = r
            .consents
            .current
            .iter()
            .find(|c| c.channel == "sms")
            .unwrap();
        assert_eq!(sms.state, "unknown");
        assert_eq!(r.suppressions[0].scope, "all");
        assert_eq!(
            r.suppressions[0].identifier.as_deref(),
            Some("+46701234567")
        );
        // Only disclosures come from the ledger.
        assert_eq!(r.disclosures.len(), 1);
        assert_eq!(r.disclosures[0].format.as_deref(), Some("csv"));
        assert_eq!(r.disclosures[0].link.as_deref(), Some("l-1"));
        assert_eq!(r.purposes[0].legal_basis_article, "GDPR Art. 6(1)(a)");
        assert_eq!(r.purposes[0].retention.as_deref(), Some("P2Y"));
        assert_eq!(r.requests[0].article, "Art. 15");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["generated_at"], "2026-03-01T12:00:00Z");
        assert_eq!(json["controller"]["dpo"]["email"], "dpo@example.se");
    }

    /// Every field of a fully filled report has a CSV column: nothing is left out of the zip.
    #[test]
    fn csv_columns_cover_every_field() {
        let json = serde_json::to_value(sample()).unwrap();
        let mut covered: Vec<&str> = vec!["/schema", "/generated_at"];
        for section in &CSV_SECTIONS {
            covered.push(section.pointer);
            let rows = section_rows(&json, section);
            assert!(
                !rows.is_empty(),
                "{} has no rows in the sample",
                section.name
            );
            for row in rows {
                for key in row.keys() {
                    assert!(
                        section.columns.contains(&key.as_str()),
                        "{}: no column for {key}",
                        section.name
                    );
                }
            }
        }
        // And every top-level section is rendered.
        for key in json.as_object().unwrap().keys() {
            assert!(
                covered
                    .iter()
                    .any(|p| p.trim_start_matches('/').split('/').next() == Some(key)),
                "section {key} has no CSV file"
            );
        }
    }

    #[test]
    fn zip_holds_one_csv_per_section() {
        let bytes = to_zip(&sample()).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        for file in [
            "profile.csv",
            "identifiers.csv",
            "custom_fields.csv",
            "consents.csv",
            "consent_history.csv",
            "suppressions.csv",
            "restrictions.csv",
            "activities.csv",
            "deals.csv",
            "todos.csv",
            "requests.csv",
            "disclosures.csv",
            "purposes.csv",
        ] {
            assert!(names.iter().any(|n| n == file), "{file} missing: {names:?}");
        }
        let mut text = String::new();
        archive
            .by_name("consent_history.csv")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let row = reader.records().next().unwrap().unwrap();
        let at = |c: &str| {
            row.get(headers.iter().position(|h| h == c).unwrap())
                .unwrap()
                .to_owned()
        };
        assert_eq!(at("evidence.text"), "Ja, skicka nyhetsbrev");
        assert_eq!(at("given_at"), "2026-01-01T10:00:00Z");
        let mut purposes = String::new();
        archive
            .by_name("purposes.csv")
            .unwrap()
            .read_to_string(&mut purposes)
            .unwrap();
        // A formula is neutralized; lists are joined.
        assert!(purposes.contains("'=cmd"), "{purposes}");
        assert!(purposes.contains("Mailer AB; Print Oy"), "{purposes}");
        let mut identifiers = String::new();
        archive
            .by_name("identifiers.csv")
            .unwrap()
            .read_to_string(&mut identifiers)
            .unwrap();
        assert!(identifiers.contains("+46701234567"), "{identifiers}");
        assert!(!identifiers.contains("'+46"), "{identifiers}");
    }

    #[test]
    fn single_csv_has_every_filled_field() {
        let bytes = to_single_csv(&sample()).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let find = |section: &str, field: &str| {
            rows.iter()
                .find(|r| &r[0] == section && &r[2] == field)
                .map(|r| (r[1].to_owned(), r[3].to_owned()))
        };
        assert_eq!(find("report", "schema").unwrap().1, SCHEMA);
        assert_eq!(
            find("profile", "name").unwrap(),
            (
                String::new(),
                "Anna <script>alert(1)</script> Berg".to_owned()
            )
        );
        assert_eq!(
            find("identifiers", "value").unwrap(),
            ("1".to_owned(), "+46701234567".to_owned())
        );
        assert_eq!(find("activities", "note").unwrap().1, "Ringde om leverans");
        assert_eq!(find("deals", "title").unwrap().1, "Årsabonnemang");
        assert_eq!(
            find("consent_history", "evidence.ip").unwrap().1,
            "192.0.2.1"
        );
    }

    #[test]
    fn cells_that_would_be_formulas_are_neutralized() {
        assert_eq!(safe_cell("=1+1"), "'=1+1");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("+cmd|x"), "'+cmd|x");
        assert_eq!(safe_cell("-2+3"), "'-2+3");
        assert_eq!(safe_cell("+46701234567"), "+46701234567");
        assert_eq!(safe_cell("-1500"), "-1500");
        assert_eq!(safe_cell("Anna"), "Anna");
        assert_eq!(safe_cell(""), "");
    }

    #[test]
    fn html_escapes_and_localizes() {
        let r = sample();
        let html = to_html(&r, Lang::Sv, Page::Report).unwrap();
        assert!(html.contains("<html lang=\"sv\">"), "{html}");
        assert!(!html.contains("<script>alert(1)</script>"));
        assert!(html.contains("&#60;script&#62;"), "{html}");
        assert!(html.contains("Registerutdrag"));
        assert!(html.contains("Samtycke (GDPR art. 6.1 a)"));
        assert!(html.contains("2 år"));
        assert!(html.contains("1234,50 SEK"));
        assert!(html.contains("Dana Dataskydd"));
        assert!(html.contains("href=\"https://example.se/integritet\""));
        assert!(html.contains("Integritetsskyddsmyndigheten"));
        assert!(html.contains("Samtyckeshistorik"));
        assert!(html.contains("Utlämnanden av dina uppgifter"));
        assert!(!html.contains("<script"), "no scripts at all");

        let share = to_html(
            &r,
            Lang::Fi,
            Page::Share {
                csv_url: "/s/abc/data.csv",
                json_url: "/s/abc/data.json",
                expires_at: datetime!(2026-03-02 12:00 UTC),
            },
        )
        .unwrap();
        assert!(share.contains("<html lang=\"fi\">"));
        assert!(share.contains("Henkilötietosi"));
        assert!(share.contains("href=\"/s/abc/data.csv\""));
        assert!(share.contains("href=\"/s/abc/data.json\""));
        assert!(share.contains("Linkki toimii 2026-03-02 12:00 UTC asti."));
        assert!(share.contains("Suostumus (GDPR 6 artiklan 1 kohdan a alakohta)"));
        assert!(share.contains("Ringde om leverans"));
        // The staff-only sections are not on the share page.
        assert!(!share.contains("Suostumushistoria"));
        assert!(!share.contains("Tietojesi luovutukset"));
    }

    #[test]
    fn every_language_has_every_text() {
        for lang in Lang::ALL {
            let t = lang.texts();
            assert_eq!(Lang::from_code(t.code), Some(lang));
            assert!(t.intro.contains("{controller}"), "{}", t.code);
            assert!(t.valid_until.contains("{time}"), "{}", t.code);
            assert!(t.generated.contains("{time}"), "{}", t.code);
            assert!(t.article.contains("{letter}"), "{}", t.code);
            assert!(t.authority.contains("{authority}"), "{}", t.code);
            for status in [
                LinkStatus::NotFound,
                LinkStatus::Gone,
                LinkStatus::Limited,
                LinkStatus::Error,
            ] {
                let page = status_html(lang, status);
                assert!(page.contains(&format!("lang=\"{}\"", t.code)));
            }
        }
        // The languages differ where it matters.
        let titles: std::collections::BTreeSet<&str> =
            Lang::ALL.iter().map(|l| l.texts().gone_title).collect();
        assert_eq!(titles.len(), 5);
    }

    #[test]
    fn negotiates_languages() {
        assert_eq!(Lang::negotiate(None), Lang::En);
        assert_eq!(Lang::negotiate(Some("")), Lang::En);
        assert_eq!(Lang::negotiate(Some("de-DE,fr;q=0.8")), Lang::En);
        assert_eq!(Lang::negotiate(Some("sv-SE,sv;q=0.9,en;q=0.8")), Lang::Sv);
        assert_eq!(Lang::negotiate(Some("en;q=0.5, da")), Lang::Da);
        assert_eq!(Lang::negotiate(Some("nn-NO")), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("no")), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("fi;q=0, sv;q=0.1")), Lang::Sv);
        assert_eq!(Lang::negotiate(Some("FI-fi;q=1.0")), Lang::Fi);
        assert_eq!(Lang::negotiate(Some("fi;q=abc, en;q=0.2")), Lang::En);
        assert_eq!(Lang::for_person(Some("nb"), Some("sv")), Lang::Nb);
        assert_eq!(Lang::for_person(None, Some("da")), Lang::Da);
        assert_eq!(Lang::for_person(Some("xx"), None), Lang::En);
        assert_eq!(parse_q("0.75"), Some(750));
        assert_eq!(parse_q("1.5"), None);
    }

    #[test]
    fn retention_and_money_read_naturally() {
        assert_eq!(EN.retention(Some("P1Y6M")), "1 year, 6 months");
        assert_eq!(FI.retention(Some("P90D")), "90 päivää");
        assert_eq!(DA.retention(None), "Ikke angivet");
        assert_eq!(money(-5, "EUR", Lang::En), "-0.05 EUR");
        assert_eq!(money(100_000, "NOK", Lang::Nb), "1000,00 NOK");
    }
}
