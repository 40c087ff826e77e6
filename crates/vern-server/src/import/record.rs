//! One person as an import reads them and an export writes them: the record model behind the
//! CSV columns and the NDJSON lines (docs/import.md). A field left out (`None`) keeps what a
//! re-import finds stored; a field given replaces it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vern_store::model::{Address, CustomField};

/// A person with their identifiers, fields, lists, consents, objection, customer
/// relationships and where their data came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    /// The person's id in the system they come from (a CRM's customer number): a re-import
    /// with the same id updates the person instead of creating another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Full name (required for a new person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Phone numbers in any common format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phones: Option<Vec<String>>,
    /// E-mail addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emails: Option<Vec<String>>,
    /// A Swedish, Norwegian, Danish or Finnish national identity number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_id: Option<String>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub address: Option<Address>,
    /// sv, nb, da, fi or en.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Profile fields, each with the purpose it serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub fields: Option<Vec<CustomField>>,
    /// Customer lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lists: Option<Vec<String>>,
    /// A business contact (a company's role address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_contact: Option<bool>,
    /// Where the data came from (GDPR Art. 14): `subject`, `customer_relationship`,
    /// `purchased_list`, `public_register` or `referral`. Recorded when the person is created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The supplier of a purchased list, or who else gave the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// Consent events, oldest first; one already recorded is not recorded again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<ConsentEvent>,
    /// A direct-marketing objection (Art. 21(2)): once recorded, nothing in vern overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objection: Option<ObjectionEntry>,
    /// Customer relationships with the controller.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer: Vec<Relationship>,
    /// Activities (calls, messages, meetings, notes), oldest first; one the person already has
    /// is not recorded again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<ActivityEntry>,
    /// Deals, oldest first; one the person already has is not recorded again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deals: Vec<DealEntry>,
    /// Todos, oldest first; one the person already has is not recorded again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub todos: Vec<TodoEntry>,
}

/// A consent event with its evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentEvent {
    /// The purpose's key.
    pub purpose: String,
    /// The channels it covers.
    pub channels: Vec<String>,
    /// `granted` or `withdrawn`.
    pub state: String,
    /// When the person gave or withdrew it: RFC 3339, or a date (`2024-03-01`, read as midnight
    /// UTC). Without it, an event already recorded with the same evidence counts as the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// How it was collected (`web_form`, `call`, `sms`, `email`, `import`, `api`, `in_person`,
    /// `paper`); default `import`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The text shown to the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The version of the text or form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Who recorded or witnessed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// A reference (form id, call id, message id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The IP address it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// When a grant lapses (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// A direct-marketing objection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionEntry {
    /// Who conveyed it: `subject` (default), `staff`, `sms`, `unsubscribe_link` or `gpc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `controller` (the default: this controller's marketing) or `all` (every controller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// When the person objected: RFC 3339, or a date (`2024-03-01`, midnight UTC); default:
    /// the time of the import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A customer relationship.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    /// The product category.
    pub product_category: String,
    /// The first day (ISO 8601 date).
    pub started: String,
    /// The last day, when it has ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
}

/// An activity: a call, a message, a meeting, a note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityEntry {
    /// `call`, `sms`, `email`, `meeting` or `note`.
    pub kind: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The channel used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Who did it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When: RFC 3339, or a date (`2024-03-01`, midnight UTC); default: the time of the
    /// import, and then an activity the person has with the same other fields counts as the
    /// same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A deal: a sale, won, lost or under way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DealEntry {
    /// A title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Amount in minor units (öre, øre, cents); zero or more.
    pub amount_minor: i64,
    /// ISO 4217 currency (SEK, NOK, DKK, EUR).
    pub currency: String,
    /// Stage: `lead`, `proposal`, `won`, `lost`, …
    pub stage: String,
    /// The seller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Opened: RFC 3339, or a date (midnight UTC); default: the time of the import, and then a
    /// deal the person has with the same other fields counts as the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<String>,
    /// Closed: RFC 3339, or a date (midnight UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// What was sold: a won deal with a product category starts a customer relationship on
    /// the day it closed (the relationship of `customer` that starts that day, if the record
    /// lists one, is that one, recorded once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_category: Option<String>,
}

/// A todo: a task for staff about the person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TodoEntry {
    /// What to do.
    pub text: String,
    /// Whose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// By when: RFC 3339, or a date (midnight UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
    /// When it was done (RFC 3339, or a date); absent while open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
}
