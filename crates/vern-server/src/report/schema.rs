//! The report's structure, `vern.access-report/1`: what a person is told, field by field
//! (documented in `docs/access-report.md`).

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Everything vern holds about one person, at one instant.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct AccessReport {
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
    /// Customer relationships with the controller (what the person is a customer for, since
    /// when, until when): they exempt calls about the same products from the telemarketing
    /// registers.
    pub customer_relationships: Vec<CustomerRelationshipInfo>,
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
pub(crate) struct ControllerInfo {
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
pub(crate) struct DpoInfo {
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// The profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ProfileInfo {
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
pub(crate) struct AddressInfo {
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
pub(crate) struct IdentifierInfo {
    /// `phone`, `email` or `national_id`.
    pub kind: String,
    /// The normalized value: E.164, lower-case e-mail, canonical national id.
    pub value: String,
    /// For a national id, its country.
    pub country: Option<String>,
}

/// A custom field and why it is kept.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct CustomFieldInfo {
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
pub(crate) struct ConsentsInfo {
    /// The state of every purpose of the controller on every channel it declares.
    pub current: Vec<ConsentStateInfo>,
    /// Every consent event, oldest first.
    pub history: Vec<ConsentEventInfo>,
}

/// One purpose on one channel, now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ConsentStateInfo {
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
pub(crate) struct ConsentEventInfo {
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
pub(crate) struct EvidenceInfo {
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
pub(crate) struct SuppressionInfo {
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
pub(crate) struct RestrictionInfo {
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
pub(crate) struct ActivityInfo {
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
pub(crate) struct DealInfo {
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

/// A customer relationship.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct CustomerRelationshipInfo {
    /// Id.
    pub id: String,
    /// What the person is a customer for.
    pub product_category: String,
    /// The first day, ISO 8601.
    #[serde(with = "vern_core::calendar::iso_date")]
    #[schema(value_type = String, format = Date)]
    pub started: time::Date,
    /// The last day, ISO 8601, once ended.
    #[serde(with = "vern_core::calendar::iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub ended: Option<time::Date>,
    /// The won deal it comes from, if any.
    pub deal: Option<String>,
}

impl From<vern_store::model::CustomerRelationshipRecord> for CustomerRelationshipInfo {
    fn from(r: vern_store::model::CustomerRelationshipRecord) -> Self {
        CustomerRelationshipInfo {
            id: r.id,
            product_category: r.product_category.as_str().to_owned(),
            started: r.started,
            ended: r.ended,
            deal: r.deal,
        }
    }
}

impl From<vern_store::model::Address> for AddressInfo {
    fn from(a: vern_store::model::Address) -> Self {
        AddressInfo {
            street: a.street,
            postal_code: a.postal_code,
            city: a.city,
            country: a.country,
        }
    }
}

/// A todo.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct TodoInfo {
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
pub(crate) struct RequestInfo {
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
pub(crate) struct DisclosureInfo {
    /// The ledger entry's sequence number.
    pub seq: i64,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// `report.generated`, `share_link.opened`, `export.downloaded` or `preferences.shown`.
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
pub(crate) struct PurposeInfo {
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
