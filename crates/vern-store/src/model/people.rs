//! People: their profiles, addresses, custom fields, restrictions (Art. 18) and what the
//! in-memory index holds about them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use vern_core::{ControllerId, IdentifierDigest, IdentifierKind};

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Address {
    /// Street and number, with floor and door.
    #[serde(default)]
    pub street: String,
    /// Postal code.
    #[serde(default)]
    pub postal_code: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// Country (ISO alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A custom field and the purpose it serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    /// The field's name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// The purpose it is kept for.
    pub purpose: String,
}

/// A person's profile: everything here is personal data and is stored sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Profile {
    /// Full name.
    #[serde(default)]
    pub name: String,
    /// Phone numbers, E.164.
    #[serde(default)]
    pub phones: Vec<String>,
    /// E-mail addresses, normalized.
    #[serde(default)]
    pub emails: Vec<String>,
    /// National identity number, canonical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_id: Option<String>,
    /// The national id's country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_id_country: Option<String>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Custom fields, each with its purpose.
    #[serde(default)]
    pub custom_fields: Vec<CustomField>,
    /// Preferred language (`sv`, `nb`, `da`, `fi`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The person's id in the system they were imported from (a CRM's customer number); the
    /// store matches it by digest only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

impl Profile {
    /// Each profile field a rectification can change, by the name the ledger and the
    /// confirmation to the person use, with its value.
    pub fn field_values(&self) -> [(&'static str, serde_json::Value); 7] {
        use serde_json::json;
        [
            ("name", json!(self.name)),
            ("phones", json!(self.phones)),
            ("emails", json!(self.emails)),
            ("national_id", json!(self.national_id)),
            ("address", json!(self.address)),
            ("custom_fields", json!(self.custom_fields)),
            ("language", json!(self.language)),
        ]
    }

    /// The names of the fields whose value differs in `after` (empty when nothing changed).
    pub fn changed_fields(&self, after: &Profile) -> Vec<&'static str> {
        self.field_values()
            .into_iter()
            .zip(after.field_values())
            .filter(|((_, old), (_, new))| old != new)
            .map(|((field, _), _)| field)
            .collect()
    }

    /// The person's identifiers as Art. 19 notices hash them for each recipient:
    /// `kind:normalized`, as in `phone:+46701234567`, `email:kim@example.se`,
    /// `national_id:198112189876`.
    pub fn notice_forms(&self) -> Vec<String> {
        let phones = self.phones.iter().map(|v| format!("phone:{v}"));
        let emails = self.emails.iter().map(|v| format!("email:{v}"));
        let national = self.national_id.iter().map(|v| format!("national_id:{v}"));
        phones.chain(emails).chain(national).collect()
    }
}

/// A person as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Id.
    pub id: String,
    /// The controller that holds the person.
    pub controller: ControllerId,
    /// The profile.
    #[serde(flatten)]
    pub profile: Profile,
    /// Customer lists the person belongs to.
    pub lists: Vec<String>,
    /// When processing was restricted, if it is.
    #[serde(with = "time::serde::rfc3339::option")]
    pub restricted_at: Option<OffsetDateTime>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// What is stored of a live person, whole: the person opened, their consent history (oldest
/// first), their customer relationships (oldest first) and whether they are a business
/// contact. A re-import compares each line with it ([`PeopleStore::stored_people`]).
///
/// [`PeopleStore::stored_people`]: crate::store::PeopleStore::stored_people
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPerson {
    /// The person, as `get_person` opens them.
    pub person: Person,
    /// As `list_consents` reads them.
    pub consents: Vec<super::ConsentRecord>,
    /// As `list_relationships` reads them.
    pub relationships: Vec<super::CustomerRelationshipRecord>,
    /// As `is_business_contact` says.
    pub business_contact: bool,
}

/// A person to create or the new state of one.
#[derive(Debug, Clone)]
pub struct PersonInput {
    /// The profile.
    pub profile: Profile,
    /// The digests of the profile's identifiers, with their kinds.
    pub digests: Vec<(IdentifierKind, IdentifierDigest)>,
    /// Customer lists.
    pub lists: Vec<String>,
    /// Mark (or unmark) the person as a business contact in the same write; `None` leaves it.
    pub business_contact: Option<bool>,
    /// Where the data came from (create only; an update leaves it): anything but the person
    /// themself makes the Art. 14 notice owed.
    pub source: super::PersonSource,
}

/// A restriction (Art. 18).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestrictionRecord {
    /// Id.
    pub id: String,
    /// Why, as recorded; `None` when it can no longer be opened.
    pub reason: Option<String>,
    /// When placed.
    #[serde(with = "time::serde::rfc3339")]
    pub placed_at: OffsetDateTime,
    /// When lifted.
    #[serde(with = "time::serde::rfc3339::option")]
    pub lifted_at: Option<OffsetDateTime>,
    /// Why it was lifted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lift_reason: Option<String>,
}

/// What the in-memory index needs to know about one person.
#[derive(Debug, Clone)]
pub struct PersonIndexFacts {
    /// The person.
    pub id: String,
    /// Their controller.
    pub controller: ControllerId,
    /// The facts the decision reads.
    pub facts: vern_core::PersonFacts,
}
