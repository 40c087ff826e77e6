//! The records the store keeps and returns.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use vern_core::consent::ConsentAction;
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_core::{
    Channel, ChannelSet, ControllerId, IdentifierDigest, IdentifierKind, Purpose, RuleSet,
};

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
}

impl Profile {
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

/// A person to create or the new state of one.
#[derive(Debug, Clone)]
pub struct PersonInput {
    /// The profile.
    pub profile: Profile,
    /// The digests of the profile's identifiers, with their kinds.
    pub digests: Vec<(IdentifierKind, IdentifierDigest)>,
    /// Customer lists.
    pub lists: Vec<String>,
}

/// Evidence of a consent event: personal data, stored sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Evidence {
    /// Who recorded or witnessed it (staff member, system).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The text shown to the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The version of the text or form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// A reference (form id, call id, message id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The IP address it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

/// A consent event to record, on one or more channels.
#[derive(Debug, Clone)]
pub struct ConsentInput {
    /// For which purpose.
    pub purpose: String,
    /// On which channels.
    pub channels: ChannelSet,
    /// Given or withdrawn.
    pub action: ConsentAction,
    /// When the person expressed it.
    pub given_at: OffsetDateTime,
    /// When a grant lapses.
    pub expires_at: Option<OffsetDateTime>,
    /// How it was collected: `web_form`, `call`, `sms`, `import`, `api`, `in_person`, `email`, `paper`.
    pub source: String,
    /// The evidence.
    pub evidence: Evidence,
}

/// A recorded consent event on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentRecord {
    /// Id of this row.
    pub id: String,
    /// The event it belongs to (one per request, covering its channels).
    pub event_id: String,
    /// Purpose key.
    pub purpose: String,
    /// Channel.
    pub channel: Channel,
    /// Given or withdrawn.
    pub action: ConsentAction,
    /// When the person expressed it.
    #[serde(with = "time::serde::rfc3339")]
    pub given_at: OffsetDateTime,
    /// When it lapses.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// How it was collected.
    pub source: String,
    /// The evidence; `None` when it can no longer be opened.
    pub evidence: Option<Evidence>,
    /// When vern recorded it.
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

/// Who conveyed an objection, with the agent's mandate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectionSource {
    /// Kind of source.
    #[serde(rename = "type")]
    pub kind: ObjectionSourceKind,
    /// The authorized agent's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    /// The mandate's reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandate_reference: Option<String>,
    /// How the mandate was verified (BankID, signed letter…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandate_verification: Option<String>,
}

/// An objection to record.
#[derive(Debug, Clone)]
pub struct ObjectionInput {
    /// Which right.
    pub kind: ObjectionKind,
    /// Who conveyed it.
    pub source: ObjectionSource,
    /// One controller, or `None` for every controller.
    pub controller: Option<ControllerId>,
    /// The controller a request is opened under (general objections), when `controller` is all.
    pub request_controller: ControllerId,
    /// The identifiers' digests.
    pub digests: Vec<(IdentifierKind, IdentifierDigest)>,
    /// The API key that submitted it, for an agent's view of its own requests.
    pub agent_key: Option<String>,
}

/// Who withdraws a direct-marketing objection: only the person, or the agent that filed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum WithdrawnBy {
    /// The person, verified: how (`code`, `in_person`, `bankid`, …), and the request that holds
    /// the evidence, if any.
    Subject {
        /// How the person was verified.
        verification: String,
        /// The request whose verification is the evidence.
        #[serde(skip_serializing_if = "Option::is_none")]
        request: Option<String>,
    },
    /// The authorized agent that filed the objection, under its mandate.
    AuthorizedAgent {
        /// The agent's API key id.
        agent_key: String,
        /// The mandate's reference, as given when the objection was filed.
        mandate_reference: String,
    },
}

/// A withdrawal of direct-marketing objections.
#[derive(Debug, Clone)]
pub struct WithdrawalInput {
    /// The controller whose marketing the person accepts again.
    pub controller: ControllerId,
    /// The person, when known.
    pub person: Option<String>,
    /// The person's identifiers' digests: the suppressions end for these only.
    pub digests: Vec<IdentifierDigest>,
    /// Who withdraws.
    pub by: WithdrawnBy,
}

/// A recorded withdrawal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WithdrawalRecord {
    /// Id (in the ledger entry).
    pub id: String,
    /// The objections withdrawn (they stay in the history).
    pub objections: Vec<String>,
    /// How many suppressions ended.
    pub lifted: u64,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub withdrawn_at: OffsetDateTime,
}

/// What comes with an objection besides its identifiers, written in the same transaction.
#[derive(Debug, Default, Clone, Copy)]
pub struct ObjectionContext<'a> {
    /// For a general objection: the request to open, as `/v1/requests` opens one, with its
    /// acknowledgement to the person.
    pub request: Option<(&'a RequestInput, &'a [NewMessage])>,
    /// The request that is the objection's evidence (the form, its time, the verified
    /// identifier, how it was verified).
    pub evidence: Option<&'a str>,
    /// The identifiers in their notice form (`phone:+46701234567`), for the recipients' own
    /// hashes in Art. 19 notices; kept nowhere in plaintext.
    pub identifiers: &'a [String],
}

/// A recorded objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectionRecord {
    /// Id.
    pub id: String,
    /// Which right.
    pub kind: ObjectionKind,
    /// Who conveyed it.
    pub source: ObjectionSource,
    /// One controller, or none for all.
    pub controller: Option<ControllerId>,
    /// For a general objection, the request opened for the balancing decision.
    pub request_id: Option<String>,
    /// When it was received.
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
}

/// A suppression as stored (digest only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressionRecord {
    /// Id.
    pub id: String,
    /// The digest, hex.
    pub digest: String,
    /// Which kind of identifier it is the digest of.
    pub identifier_kind: IdentifierKind,
    /// One controller, or none for all.
    pub controller: Option<ControllerId>,
    /// Channels covered.
    pub channels: ChannelSet,
    /// `blocklist` or `objection:<source>`.
    pub source: String,
    /// The objection behind it.
    pub objection_id: Option<String>,
    /// Why (block list entries).
    pub reason: Option<String>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Removed (block list entries can be removed; objections cannot).
    #[serde(with = "time::serde::rfc3339::option")]
    pub removed_at: Option<OffsetDateTime>,
}

/// The result of a bulk block-list import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// New entries.
    pub added: u64,
    /// Entries already on the list (or repeated in the input).
    pub duplicates: u64,
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

/// An active suppression as the index holds it.
#[derive(Debug, Clone, Copy)]
pub struct IndexedSuppression {
    /// The digest.
    pub digest: IdentifierDigest,
    /// The suppression.
    pub suppression: vern_core::objection::Suppression,
}

impl SuppressionRecord {
    /// The digest and the suppression as the decision reads them.
    pub fn as_indexed(&self) -> crate::error::StoreResult<IndexedSuppression> {
        let digest = IdentifierDigest::from_hex(&self.digest)
            .ok_or_else(|| crate::codec::integrity("digest"))?;
        let suppression = crate::codec::suppression_from(
            self.controller.map(|c| c.0),
            crate::codec::channels_to_i64(self.channels),
            &self.source,
        )?;
        Ok(IndexedSuppression {
            digest,
            suppression,
        })
    }
}

/// A version of a national register as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterVersionRecord {
    /// Id.
    pub id: String,
    /// Which register.
    pub register: vern_core::register::Register,
    /// The publisher's update date of this version.
    pub version_date: time::Date,
    /// When it was imported.
    #[serde(with = "time::serde::rfc3339")]
    pub imported_at: OffsetDateTime,
    /// When a newer version replaced it.
    #[serde(with = "time::serde::rfc3339::option")]
    pub superseded_at: Option<OffsetDateTime>,
    /// How many listings it holds.
    pub entries: i64,
    /// The file it came from.
    pub source_name: String,
    /// BLAKE3 of the file.
    pub file_digest: String,
}

/// A register version applied in a wash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedRegister {
    /// Which register.
    pub register: vern_core::register::Register,
    /// The version's id, if one was loaded.
    pub version_id: Option<String>,
    /// Its date.
    pub version_date: Option<time::Date>,
    /// Whether it was valid at the planned time of contact.
    pub valid: bool,
}

/// What a wash found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WashCounts {
    /// Data rows read.
    pub rows: u64,
    /// Rows allowed.
    pub allowed: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Rows with an identifier that could not be read.
    pub unparseable: u64,
    /// Rejected rows by reason code (a row may count under several).
    pub by_reason: std::collections::BTreeMap<String, u64>,
    /// Cells written with a leading `'` (or a phone number in E.164) because a spreadsheet
    /// would have run them as formulas.
    #[serde(default)]
    pub neutralized: u64,
}

/// A wash as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WashRecord {
    /// Id.
    pub id: String,
    /// The controller.
    pub controller: ControllerId,
    /// The purpose's key.
    pub purpose: String,
    /// The channel.
    pub channel: Channel,
    /// The list's name (file name).
    pub list_name: String,
    /// BLAKE3 of the list as received.
    pub file_digest: String,
    /// The planned time of contact the wash decided for.
    #[serde(with = "time::serde::rfc3339")]
    pub planned_at: OffsetDateTime,
    /// Registers applied.
    pub registers: Vec<AppliedRegister>,
    /// Counts.
    pub counts: WashCounts,
    /// `cli` or `api`.
    pub via: String,
    /// When it ran.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// An activity to record: a call, a message, a meeting, a note.
#[derive(Debug, Clone)]
pub struct ActivityInput {
    /// call, sms, email, meeting or note.
    pub kind: String,
    /// Free text (sealed).
    pub note: Option<String>,
    /// The channel used.
    pub channel: Option<Channel>,
    /// Who did it (staff).
    pub owner: Option<String>,
    /// When.
    pub at: OffsetDateTime,
}

/// A recorded activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// Id.
    pub id: String,
    /// The person, until anonymized.
    pub person_id: Option<String>,
    /// Kind.
    pub kind: String,
    /// Free text; `None` once anonymized.
    pub note: Option<String>,
    /// Channel.
    pub channel: Option<Channel>,
    /// Owner.
    pub owner: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A deal to record.
#[derive(Debug, Clone)]
pub struct DealInput {
    /// A title (sealed).
    pub title: Option<String>,
    /// Amount in minor units (öre, øre, cents).
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// Stage: lead, proposal, won, lost, …
    pub stage: String,
    /// Owner (seller).
    pub owner: Option<String>,
    /// Opened.
    pub opened_at: OffsetDateTime,
    /// Closed.
    pub closed_at: Option<OffsetDateTime>,
}

/// A recorded deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deal {
    /// Id.
    pub id: String,
    /// The person, until anonymized.
    pub person_id: Option<String>,
    /// Title; `None` once anonymized.
    pub title: Option<String>,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: String,
    /// Stage.
    pub stage: String,
    /// Owner.
    pub owner: Option<String>,
    /// Opened.
    #[serde(with = "time::serde::rfc3339")]
    pub opened_at: OffsetDateTime,
    /// Closed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub closed_at: Option<OffsetDateTime>,
}

/// A todo to record.
#[derive(Debug, Clone)]
pub struct TodoInput {
    /// What to do (sealed).
    pub text: String,
    /// Whose.
    pub owner: Option<String>,
    /// By when.
    pub due_at: Option<OffsetDateTime>,
}

/// A recorded todo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Todo {
    /// Id.
    pub id: String,
    /// The person, until anonymized.
    pub person_id: Option<String>,
    /// Text; `None` once anonymized.
    pub text: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Due.
    #[serde(with = "time::serde::rfc3339::option")]
    pub due_at: Option<OffsetDateTime>,
    /// Done.
    #[serde(with = "time::serde::rfc3339::option")]
    pub done_at: Option<OffsetDateTime>,
}

/// What a request says, sealed: it is the person's own words and identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RequestDetails {
    /// A phone number given, normalized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// An e-mail address given, normalized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A national id given, canonical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_id: Option<String>,
    /// The name given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The sender asked to stop all direct marketing (the public form's own choice): the
    /// objection is recorded as soon as a code confirms the identifier given.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub direct_marketing: bool,
    /// With `direct_marketing`: the sender asks to hear from the controller again (the form's
    /// choice): their objection is withdrawn as soon as a code confirms the identifier given.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resume_marketing: bool,
}

/// A request to open.
#[derive(Debug, Clone)]
pub struct RequestInput {
    /// Under which controller.
    pub controller: ControllerId,
    /// What is asked.
    pub kind: vern_core::request::RequestKind,
    /// The person, if known.
    pub person: Option<String>,
    /// Digests of the identifiers given.
    pub digests: Vec<IdentifierDigest>,
    /// api, letter, call, email, web_form, authorized_agent.
    pub received_via: String,
    /// When it was received.
    pub received_at: OffsetDateTime,
    /// What it says.
    pub details: RequestDetails,
    /// The agent key that submitted it.
    pub agent_key: Option<String>,
    /// The person's language.
    pub language: Option<String>,
    /// Whether identity is already established (staff recorded a request from a known person).
    pub verified_by: Option<String>,
}

/// A stored request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    /// Id.
    pub id: String,
    /// Controller.
    pub controller: ControllerId,
    /// Kind.
    pub kind: vern_core::request::RequestKind,
    /// State.
    pub state: vern_core::request::RequestState,
    /// The person, if known.
    pub person_id: Option<String>,
    /// How it arrived.
    pub received_via: String,
    /// When it arrived.
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    /// When it is due.
    #[serde(with = "time::serde::rfc3339")]
    pub due_at: OffsetDateTime,
    /// Months of extension.
    pub extended_months: u32,
    /// Who works on it.
    pub assignee: Option<String>,
    /// When identity was verified.
    #[serde(with = "time::serde::rfc3339::option")]
    pub verified_at: Option<OffsetDateTime>,
    /// How.
    pub verification: Option<String>,
    /// When it was closed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub closed_at: Option<OffsetDateTime>,
    /// on_time, due_soon or overdue (set by the deadline job).
    pub flag: String,
    /// The agent key that submitted it.
    #[serde(skip)]
    pub agent_key: Option<String>,
    /// The person's language.
    pub language: Option<String>,
    /// What it says; `None` when it cannot be opened (erased).
    pub details: Option<RequestDetails>,
}

/// A step on a request, as the store records it.
#[derive(Debug, Clone)]
pub enum RequestAction {
    /// A code was sent; keep its hash.
    AskVerification {
        /// Keyed hash of the code.
        code_hash: [u8; 32],
        /// email or sms.
        channel: String,
        /// When it lapses.
        expires_at: OffsetDateTime,
    },
    /// Identity is established.
    Verified {
        /// How: code, bankid, id_document, known_sender, …
        method: String,
    },
    /// Extend the deadline.
    Extend {
        /// Months (1 or 2).
        months: u32,
        /// Why (told to the person).
        reason: String,
    },
    /// Close with an outcome.
    Complete {
        /// What was done.
        outcome: String,
        /// For objections and human review: upheld, rejected, …
        decision: Option<String>,
    },
    /// Refuse.
    Reject {
        /// Why, with the right to complain to the authority.
        reason: String,
    },
    /// Give it to someone.
    Assign {
        /// Who.
        assignee: Option<String>,
    },
    /// A note in the log.
    Note {
        /// The note.
        text: String,
    },
    /// Tie it to a person found later.
    Link {
        /// The person.
        person: String,
    },
}

/// A step in a request's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestEvent {
    /// Id.
    pub id: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Who.
    pub actor: String,
    /// What.
    pub kind: String,
    /// Details without personal data.
    pub payload: serde_json::Value,
    /// The text (note, reason, outcome, message), opened.
    pub text: Option<String>,
}

/// A message to queue for a data subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    /// email or sms.
    pub channel: String,
    /// The address or number.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Body text.
    pub body: String,
    /// Which template.
    pub template: String,
    /// Which language.
    pub language: String,
}

/// A queued message, opened for delivery or display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    /// Id.
    pub id: String,
    /// The request it belongs to.
    pub request_id: Option<String>,
    /// pending, sent or failed.
    pub state: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The last error.
    pub last_error: Option<String>,
    /// When queued.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When sent.
    #[serde(with = "time::serde::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
    /// When it is next due.
    #[serde(skip)]
    pub next_attempt_at: OffsetDateTime,
    /// The message; `None` when it cannot be opened.
    pub message: Option<NewMessage>,
}

/// What the inbox lists.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    /// Only this state.
    pub state: Option<vern_core::request::RequestState>,
    /// Only this kind.
    pub kind: Option<vern_core::request::RequestKind>,
    /// Due before.
    pub due_before: Option<OffsetDateTime>,
    /// Open and past due at this instant.
    pub overdue_at: Option<OffsetDateTime>,
    /// Only this assignee.
    pub assignee: Option<String>,
    /// Only this person.
    pub person: Option<String>,
    /// Only requests submitted by this agent key.
    pub agent_key: Option<String>,
    /// At most.
    pub limit: i64,
}

/// A share link as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShareLink {
    /// Id.
    pub id: String,
    /// The person.
    pub person_id: String,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Expires.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// How many times it was opened.
    pub opened: i64,
}

/// A person in the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrashEntry {
    /// The person.
    pub id: String,
    /// Their controller.
    pub controller: ControllerId,
    /// When erased.
    #[serde(with = "time::serde::rfc3339")]
    pub erased_at: OffsetDateTime,
    /// Why (erasure request, staff, retention rule).
    pub reason: Option<String>,
    /// Whether the rest is kept under a legal hold (then it is not restorable).
    pub held: bool,
}

/// What a legal obligation keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// The purpose (legal basis: legal obligation).
    pub purpose: String,
    /// The profile fields and custom fields kept.
    pub fields: Vec<String>,
    /// Kept until.
    #[serde(with = "time::serde::rfc3339")]
    pub until: OffsetDateTime,
}

/// What a purge removed and what it kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PurgeOutcome {
    /// Whether the person's key was destroyed (nothing of them can be read anywhere).
    pub shredded: bool,
    /// What is kept, why and until when.
    pub kept: Vec<Hold>,
    /// Consent events deleted.
    pub consents: u64,
    /// Activities, deals and todos kept for statistics without the person.
    pub history_anonymized: u64,
    /// Requests kept without their correspondence.
    pub requests_anonymized: u64,
}

/// Which people a mass erasure selects.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Of this controller.
    pub controller: Option<ControllerId>,
    /// On any of these customer lists.
    pub lists: Vec<String>,
    /// Created before.
    pub created_before: Option<OffsetDateTime>,
    /// With no activity at or after this instant.
    pub inactive_since: Option<OffsetDateTime>,
}

/// A recipient of Art. 19 notices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Webhook {
    /// Id.
    pub id: String,
    /// A name.
    pub name: String,
    /// Where notices are posted.
    pub url: String,
    /// Which notices: erasure, rectification, restriction, objection.
    pub events: Vec<String>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Disabled.
    #[serde(with = "time::serde::rfc3339::option")]
    pub disabled_at: Option<OffsetDateTime>,
}

/// One notice to one recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookDelivery {
    /// Id.
    pub id: String,
    /// The recipient.
    pub webhook_id: String,
    /// The event.
    pub event: String,
    /// The JSON posted (digests, never plaintext).
    pub payload: String,
    /// pending, delivered or failed.
    pub state: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The last HTTP status.
    pub last_status: Option<i64>,
    /// The last error.
    pub last_error: Option<String>,
    /// When it is due.
    #[serde(with = "time::serde::rfc3339")]
    pub next_attempt_at: OffsetDateTime,
    /// When delivered.
    #[serde(with = "time::serde::rfc3339::option")]
    pub delivered_at: Option<OffsetDateTime>,
}
