//! Every kind of ledger entry, with its payload as a type.
//!
//! Writers build a [`LedgerEvent`]; readers (the follower that keeps the in-memory index
//! current, the webhook notices) [`LedgerEvent::parse`] a stored entry and `match` on it, so a
//! new kind that a reader does not handle is a compile error instead of a stale index.
//!
//! The stored payload is the chain's input, so its bytes must never change. A payload is
//! serialized through `serde_json::Value`, whose maps are sorted by key (the workspace does not
//! turn on serde_json's `preserve_order`): the stored JSON has its keys in alphabetical order,
//! nested objects too, whatever the order of the fields below. The byte-identity test in
//! `events/tests.rs` pins every kind's bytes.
//!
//! Nested values that are domain records (a profile's field changes, a wash's counts, an
//! objection's source) are kept as JSON values: they are written as the domain type serializes
//! and no reader looks inside them.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use vern_core::Role;

mod breaches;
mod customers;
mod directory;
mod disclosures;
mod imports;
mod marketing;
mod notices;
mod processors;
mod sms;
mod suppressions;
pub use breaches::{BreachNotice, BreachStep};
pub use customers::{ControllerTermsSet, CustomerRelationshipChanged};
pub use directory::{NameIndexRebuilt, PeopleListed};
pub use disclosures::{LinkDisclosed, PreferencesShown, ReportGenerated, RetentionRun};
pub use imports::{ImportBatchWritten, PeopleExported, PersonImported};
pub use marketing::{BusinessContactSet, CallRequestRecorded, SoftOptInRecorded};
pub use notices::{Art14Step, Art14TextSet};
pub use processors::{ProcessorSaved, RecordSettingsSet};
pub use sms::{SmsGatewaySet, SmsNumberSet, SmsOpened, SmsReceived};
pub use suppressions::{
    BlocklistAdded, BlocklistImported, BlocklistRemoved, ObjectionRecorded, ObjectionWithdrawn,
    RegisterImported, SuppressionKept,
};

macro_rules! ledger_events {
    ($( $(#[$doc:meta])* $kind:literal => $variant:ident($payload:ty), )*) => {
        /// One ledger entry's kind and payload.
        #[derive(Debug, Clone, PartialEq)]
        pub enum LedgerEvent {
            $( $(#[$doc])* $variant($payload), )*
            /// A kind not typed here: written by a newer server, or a payload this build cannot
            /// read. Kept as it was stored, so an older follower skips it instead of stopping.
            Other {
                /// The stored kind.
                kind: String,
                /// The stored payload.
                payload: Value,
            },
        }

        impl LedgerEvent {
            /// Every kind this build writes, as stored in the `kind` column.
            pub const KINDS: &'static [&'static str] = &[$($kind),*];

            /// The kind, as stored (`noun.verb`).
            pub fn kind(&self) -> &str {
                match self {
                    $( LedgerEvent::$variant(_) => $kind, )*
                    LedgerEvent::Other { kind, .. } => kind,
                }
            }

            /// The payload as stored: a JSON value whose text is the stored bytes.
            pub fn payload(&self) -> Value {
                // `json!` of a payload cannot fail: every payload is a struct of strings,
                // numbers, lists and string-keyed maps.
                match self {
                    $( LedgerEvent::$variant(p) => serde_json::json!(p), )*
                    LedgerEvent::Other { payload, .. } => payload.clone(),
                }
            }

            /// Read a stored entry. Never fails: what this build cannot read is
            /// [`LedgerEvent::Other`].
            pub fn parse(kind: &str, payload: &str) -> LedgerEvent {
                let typed = match kind {
                    $( $kind => serde_json::from_str(payload).map(LedgerEvent::$variant).ok(), )*
                    _ => None,
                };
                typed.unwrap_or_else(|| LedgerEvent::Other {
                    kind: kind.to_owned(),
                    payload: serde_json::from_str(payload).unwrap_or(Value::Null),
                })
            }
        }
    };
}

ledger_events! {
    // Objections, suppressions and the block list: the suppression index follows these.
    /// An objection (Art. 21 GDPR) was recorded.
    "objection.recorded" => ObjectionRecorded(ObjectionRecorded),
    /// A direct-marketing objection was withdrawn by whoever filed it.
    "objection.withdrawn" => ObjectionWithdrawn(ObjectionWithdrawn),
    /// An identifier was put on the block list.
    "blocklist.added" => BlocklistAdded(BlocklistAdded),
    /// An identifier was taken off the block list.
    "blocklist.removed" => BlocklistRemoved(BlocklistRemoved),
    /// A file of identifiers was put on the block list as one batch.
    "blocklist.imported" => BlocklistImported(BlocklistImported),
    /// A person's suppressions were kept (as digests) when they were erased.
    "suppression.kept" => SuppressionKept(SuppressionKept),
    // Registers, controllers, purposes and API keys: the index and the key cache follow these.
    /// A version of a national do-not-contact register was imported.
    "register.imported" => RegisterImported(RegisterImported),
    /// A controller was created.
    "controller.created" => ControllerCreated(ControllerSaved),
    /// A controller's details were changed.
    "controller.updated" => ControllerUpdated(ControllerSaved),
    /// A purpose was created.
    "purpose.created" => PurposeCreated(PurposeSaved),
    /// A purpose was changed.
    "purpose.updated" => PurposeUpdated(PurposeSaved),
    /// An API key was created.
    "api_key.created" => ApiKeyCreated(ApiKeyCreated),
    /// An API key was revoked.
    "api_key.revoked" => ApiKeyRevoked(ApiKeyRevoked),
    // People and what they asked for.
    /// A person was created (profile sealed with their key).
    "person.created" => PersonCreated(PersonCreated),
    /// A person's profile was changed (Art. 16 rectification when a request is named).
    "person.updated" => PersonUpdated(PersonUpdated),
    /// A consent was given.
    "consent.granted" => ConsentGranted(ConsentChanged),
    /// A consent was withdrawn.
    "consent.withdrawn" => ConsentWithdrawn(ConsentChanged),
    /// Processing was restricted (Art. 18).
    "restriction.placed" => RestrictionPlaced(RestrictionChanged),
    /// A restriction was lifted.
    "restriction.lifted" => RestrictionLifted(RestrictionChanged),
    /// A person was moved to the recycle bin.
    "person.erased" => PersonErased(PersonErased),
    /// A person was taken out of the recycle bin.
    "person.restored" => PersonRestored(PersonRestored),
    /// A person was purged: everything of them removed, their key destroyed.
    "person.purged" => PersonPurged(PersonPurged),
    /// A person was anonymized: what the law holds is kept without them.
    "person.anonymized" => PersonAnonymized(PersonPurged),
    /// Custom fields whose purposes ended were removed from a profile.
    "retention.fields_purged" => RetentionFieldsPurged(RetentionFieldsPurged),
    /// Old message metadata was deleted.
    "retention.messages_pruned" => RetentionMessagesPruned(RetentionMessagesPruned),
    // Requests (Art. 12 to 22) and the messages they send.
    /// A request was received.
    "request.received" => RequestReceived(RequestReceived),
    /// The person was asked to prove who they are.
    "request.verification_requested" => RequestVerificationRequested(RequestStep),
    /// The person's identity was verified.
    "request.verified" => RequestVerified(RequestStep),
    /// The deadline was extended (Art. 12(3)).
    "request.extended" => RequestExtended(RequestStep),
    /// The request was completed.
    "request.completed" => RequestCompleted(RequestStep),
    /// The request was rejected.
    "request.rejected" => RequestRejected(RequestStep),
    /// The request was assigned.
    "request.assigned" => RequestAssigned(RequestStep),
    /// The request was linked to a person.
    "request.linked" => RequestLinked(RequestStep),
    /// A note was added to the request.
    "request.noted" => RequestNoted(RequestStep),
    /// A request's deadline flag changed.
    "request.flagged" => RequestFlagged(RequestFlagged),
    /// A message was queued.
    "message.queued" => MessageQueued(MessageQueued),
    /// A message was sent.
    "message.sent" => MessageSent(MessageAttempt),
    /// Sending a message failed; it will be tried again.
    "message.retrying" => MessageRetrying(MessageAttempt),
    /// Sending a message failed for good.
    "message.failed" => MessageFailed(MessageAttempt),
    /// A share link to a person's report was made.
    "share_link.created" => ShareLinkCreated(ShareLinkCreated),
    /// A share link was revoked.
    "share_link.revoked" => ShareLinkRevoked(ShareLinkRevoked),
    // Contact history and washes.
    /// An activity (call, meeting…) was recorded.
    "activity.recorded" => ActivityRecorded(ActivityRecorded),
    /// A deal was recorded.
    "deal.recorded" => DealRecorded(DealRecorded),
    /// A todo was recorded.
    "todo.recorded" => TodoRecorded(TodoRecorded),
    /// A campaign list was washed and the wash recorded.
    "wash.completed" => WashCompleted(WashCompleted),
    // Staff, sessions and webhooks.
    /// A staff user was created (their e-mail address stays out of the ledger).
    "user.created" => UserCreated(UserCreated),
    /// A staff user changed their language or time zone.
    "user.preferences_changed" => UserPreferencesChanged(UserPreferencesChanged),
    /// A staff user signed in.
    "session.started" => SessionStarted(SessionChanged),
    /// A staff user signed out.
    "session.ended" => SessionEnded(SessionChanged),
    /// A webhook was created.
    "webhook.created" => WebhookCreated(WebhookCreated),
    /// A webhook was disabled.
    "webhook.disabled" => WebhookDisabled(WebhookDisabled),
    // Disclosures of a person's data (Art. 15), and retention runs.
    /// A report of everything held about a person was produced for staff or an API caller.
    "report.generated" => ReportGenerated(ReportGenerated),
    /// A person opened their page through a share link.
    "share_link.opened" => ShareLinkOpened(LinkDisclosed),
    /// A person downloaded their data through a share link (Art. 20).
    "export.downloaded" => ExportDownloaded(LinkDisclosed),
    /// A retention run (Art. 5(1)(e)) finished; its counts.
    "retention.run" => RetentionRun(RetentionRun),
    // Customer relationships and controller terms (issue 17): the index follows these.
    /// A customer relationship of a person with the controller started (recorded through the
    /// API or from a won deal).
    "customer.relationship_started" => CustomerRelationshipStarted(CustomerRelationshipChanged),
    /// A customer relationship ended.
    "customer.relationship_ended" => CustomerRelationshipEnded(CustomerRelationshipChanged),
    /// A controller's terms were set: its financial year and the register exemption periods of
    /// former customers.
    "controller.terms_set" => ControllerTermsSet(ControllerTermsSet),
    // Electronic-mail marketing and Danish telephone sales (docs/marketing-law.md).
    /// A person was marked or unmarked as a business contact.
    "business_contact.set" => BusinessContactSet(BusinessContactSet),
    /// An address obtained in the controller's own sale was recorded (the soft opt-in).
    "soft_opt_in.recorded" => SoftOptInRecorded(SoftOptInRecorded),
    /// A consumer's request to be called was recorded (forbrugeraftaleloven § 4).
    "call_request.recorded" => CallRequestRecorded(CallRequestRecorded),
    /// A personal-data breach was recorded (Art. 33(5)).
    "breach.opened" => BreachOpened(BreachStep),
    /// A breach's record moved a step (details revised, assessed, notified, closed).
    "breach.updated" => BreachUpdated(BreachStep),
    /// The Art. 34 notice of a breach was queued for one person, or found no address for them.
    "breach.notice" => BreachNotice(BreachNotice),
    // A person's own preference centre (issue 18, docs/preferences.md).
    /// A person's preference centre was shown through a signed link (a disclosure of their
    /// consents).
    "preferences.shown" => PreferencesShown(PreferencesShown),
    // SMS keywords (docs/sms.md).
    /// A receiving number's configuration was created or replaced.
    "sms_number.set" => SmsNumberSet(SmsNumberSet),
    /// An SMS gateway's signing secret was set.
    "sms_gateway.set" => SmsGatewaySet(SmsGatewaySet),
    /// An inbound text message was recorded with what it did.
    "sms.received" => SmsReceived(SmsReceived),
    /// Staff read an inbound message's sender and text.
    "sms.opened" => SmsOpened(SmsOpened),
    // Processor agreements and the record of processing (docs/accountability.md).
    /// A processor agreement (Art. 28) was recorded.
    "processor.created" => ProcessorCreated(ProcessorSaved),
    /// A processor agreement was changed.
    "processor.updated" => ProcessorUpdated(ProcessorSaved),
    /// A controller's settings of its Art. 30 record were set.
    "record_settings.set" => RecordSettingsSet(RecordSettingsSet),
    // Art. 14 notices (docs/notices.md): the index follows these (the person's
    // `art14_pending`).
    /// A person whose data were not obtained from them was created: the Art. 14 notice is owed.
    "notice.art14_owed" => NoticeArt14Owed(Art14Step),
    /// The Art. 14 notice was queued in the outbox.
    "notice.art14_queued" => NoticeArt14Queued(Art14Step),
    /// The Art. 14 notice went: delivered, or carried by the first communication.
    "notice.art14_sent" => NoticeArt14Sent(Art14Step),
    /// Delivering the Art. 14 notice failed for good: it is still owed.
    "notice.art14_failed" => NoticeArt14Failed(Art14Step),
    /// An Art. 14(5) ground for not giving the notice was recorded, with its reason.
    "notice.art14_exempted" => NoticeArt14Exempted(Art14Step),
    /// A notice that had failed for good is owed again: the person's address changed, or staff
    /// asked for another attempt. The sending job queues it.
    "notice.art14_requeued" => NoticeArt14Requeued(Art14Step),
    /// A controller's own introduction to its Art. 14 notice was set.
    "notice.art14_text_set" => NoticeArt14TextSet(Art14TextSet),
    // The people directory (docs/people-search.md).
    /// A page of people was listed to a caller (a disclosure of their names and identifiers).
    "people.listed" => PeopleListed(PeopleListed),
    /// The name index was rebuilt: after the upgrade that added it, or with a new key.
    "name_index.rebuilt" => NameIndexRebuilt(NameIndexRebuilt),
    // Moving in and leaving (docs/import.md).
    /// A person of an import batch was created or updated, with the consents, relationships
    /// and source the line brought.
    "person.imported" => PersonImported(PersonImported),
    /// A batch of an import was written in one transaction; its counts.
    "import.batch" => ImportBatch(ImportBatchWritten),
    /// A controller's people were exported (a disclosure of their data).
    "people.exported" => PeopleExported(PeopleExported),
}

/// `controller.created` and `controller.updated`: the controller's details as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControllerSaved {
    /// Its key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its country (a `Country`).
    pub country: Value,
    /// The region phone numbers without a country code are read in.
    pub default_region: String,
    /// The data protection officer's name.
    pub dpo_name: Option<String>,
    /// The DPO's e-mail address (the organisation's, published).
    pub dpo_email: Option<String>,
    /// The DPO's phone number (the organisation's, published).
    pub dpo_phone: Option<String>,
    /// The privacy notice.
    pub privacy_notice_url: Option<String>,
    /// Its rule set (a `RuleSet`).
    pub rules: Value,
    /// Whether its public request form is open (absent in entries written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_form: Option<bool>,
    /// Its calendar's time zone when not its country's (absent: the country's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// `purpose.created` and `purpose.updated`: the purpose as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PurposeSaved {
    /// Its key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its legal basis (a `LegalBasis`).
    pub legal_basis: Value,
    /// Whether it is direct marketing.
    pub direct_marketing: bool,
    /// Its channels (a `ChannelSet`).
    pub channels: Value,
    /// How long data is kept (a `Retention`).
    pub retention: Value,
    /// What it is for.
    pub description: String,
    /// Whether the Danish telemarketing exception applies.
    pub dk_telemarketing_exception: bool,
    /// Who receives the data.
    pub recipients: Vec<String>,
    /// Where the data comes from.
    pub data_source: Option<String>,
    /// Which custom fields it holds.
    pub holds_fields: Vec<String>,
    /// The product category it markets; absent when none (and in entries written before it
    /// existed, whose bytes must not change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_category: Option<String>,
    /// What its retention counts from; absent when from the record itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_from: Option<String>,
    /// The processor agreements it names as recipients, by id; absent when none (and in
    /// entries written before they existed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub processors: Vec<String>,
}

/// `api_key.created`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyCreated {
    /// The key's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The first characters of the secret, to recognise it by.
    pub prefix: String,
}

/// `api_key.revoked`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyRevoked {
    /// The key's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

/// `person.created`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonCreated {
    /// The person's id.
    pub person: String,
    /// The kinds of their identifiers (`phone`, `email`…), never the values.
    pub identifier_kinds: Vec<String>,
    /// The lists they are on.
    pub lists: Vec<String>,
}

/// `person.updated`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonUpdated {
    /// The person's id.
    pub person: String,
    /// Per changed field, the digests of the old and new value (`{"old": …, "new": …}`).
    #[serde(default)]
    pub fields: BTreeMap<String, Value>,
    /// The lists they are on.
    pub lists: Vec<String>,
    /// The rectification request it answers.
    pub request: Option<String>,
    /// Per webhook id, that recipient's own hashes of the person's identifiers (`None` in
    /// entries written before notices carried them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<BTreeMap<String, Vec<String>>>,
    /// When a field changed: whether a confirmation was queued to the person (`false`: they
    /// have no address to reach). `None` when no field changed, and in older entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_told: Option<bool>,
}

/// `consent.granted` and `consent.withdrawn`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentChanged {
    /// The person's id.
    pub person: String,
    /// The consent event's id.
    pub event: String,
    /// The purpose's key.
    pub purpose: String,
    /// The channels (a `ChannelSet`).
    pub channels: Value,
    /// Where it was given.
    pub source: String,
    /// When, in microseconds since the epoch.
    pub given_at: i64,
}

/// `restriction.placed` and `restriction.lifted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestrictionChanged {
    /// The person's id.
    pub person: String,
    /// The restriction's id.
    pub restriction: String,
    /// The request it answers.
    pub request: Option<String>,
    /// Per webhook id, that recipient's own hashes of the person's identifiers (`None` in
    /// entries written before notices carried them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<BTreeMap<String, Vec<String>>>,
}

/// `person.erased`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonErased {
    /// The person's id.
    pub person: String,
    /// Why.
    pub reason: String,
    /// The messages queued to tell them, so a restore can withdraw them.
    #[serde(default)]
    pub messages: Vec<String>,
}

/// `person.restored`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRestored {
    /// The person's id.
    pub person: String,
    /// How many of the erasure's messages were withdrawn before they were tried.
    pub messages_withdrawn: u64,
    /// The messages queued to tell them the erasure was cancelled.
    pub messages: Vec<String>,
}

/// `person.purged` and `person.anonymized`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonPurged {
    /// The person's id.
    pub person: String,
    /// Their identifiers' digests, hex.
    #[serde(default)]
    pub digests: Vec<String>,
    /// Whether their key was destroyed.
    pub shredded: bool,
    /// What is kept, why and until when (`Hold`s).
    pub kept: Value,
    /// Consent events deleted.
    pub consents: u64,
    /// Activities, deals and todos kept without the person.
    pub history_anonymized: u64,
    /// Requests kept without their correspondence.
    pub requests_anonymized: u64,
    /// Per webhook id, that recipient's own hashes of the identifiers, made before they were
    /// erased (`None` in entries written before erasure notices carried them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<BTreeMap<String, Vec<String>>>,
}

/// `retention.fields_purged`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionFieldsPurged {
    /// The person's id.
    pub person: String,
    /// The purposes that ended.
    pub purposes: Vec<String>,
    /// How many fields went (never their values).
    pub fields: u64,
}

/// `retention.messages_pruned`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionMessagesPruned {
    /// Messages deleted.
    pub deleted: u64,
    /// Sent or failed before this, in microseconds since the epoch.
    pub before: i64,
}

/// `request.received`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestReceived {
    /// The request's id.
    pub request: String,
    /// What right (`access`, `objection`…).
    pub kind: String,
    /// How it came in.
    pub received_via: String,
    /// When, in microseconds since the epoch.
    pub received_at: i64,
    /// Its deadline, in microseconds since the epoch.
    pub due_at: i64,
    /// The person it is about, when known.
    pub person: Option<String>,
    /// Who verified the person's identity on receipt. Requests opened by a general objection
    /// leave the key out; the others write it, `null` when nobody did.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub verified: Option<Option<String>>,
}

/// A field that is sometimes left out and sometimes present, possibly `null` (`Some(None)`):
/// reading keeps the difference, so writing again gives the same bytes.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// `request.verification_requested`, `.verified`, `.extended`, `.completed`, `.rejected`,
/// `.assigned`, `.linked` and `.noted`: a step in a request's life.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestStep {
    /// The request's id.
    pub request: String,
    /// What right.
    pub kind: String,
    /// Its state after the step.
    pub state: String,
    /// The step's details, as the request's own event log holds them.
    pub details: Value,
}

/// `request.flagged`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestFlagged {
    /// The request's id.
    pub request: String,
    /// `on_time`, `due_soon` or `overdue`.
    pub flag: String,
}

/// `message.queued`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageQueued {
    /// The message's id.
    pub message: String,
    /// The request it belongs to.
    pub request: Option<String>,
    /// Its template.
    pub template: String,
    /// `email` or `sms`.
    pub channel: String,
    /// Its language.
    pub language: String,
}

/// `message.sent`, `message.retrying` and `message.failed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageAttempt {
    /// The message's id.
    pub message: String,
    /// The request it belongs to.
    pub request: Option<String>,
    /// Its template.
    pub template: String,
    /// Attempts before this one.
    pub attempts: i64,
    /// What went wrong (never personal data).
    pub error: Option<String>,
}

/// `share_link.created`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareLinkCreated {
    /// The link's id.
    pub link: String,
    /// The person whose report it opens.
    pub person: String,
    /// When it expires, in microseconds since the epoch.
    pub expires_at: i64,
}

/// `share_link.revoked`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareLinkRevoked {
    /// The link's id.
    pub link: String,
    /// The person whose report it opened.
    pub person: String,
}

/// `activity.recorded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityRecorded {
    /// The activity's id.
    pub activity: String,
    /// The person.
    pub person: String,
    /// What kind of activity.
    pub kind: String,
    /// The channel (a `Channel`), if any.
    pub channel: Value,
    /// Who owns it.
    pub owner: Option<String>,
}

/// `deal.recorded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealRecorded {
    /// The deal's id.
    pub deal: String,
    /// The person.
    pub person: String,
    /// The amount in minor units.
    pub amount_minor: i64,
    /// The currency.
    pub currency: String,
    /// The stage.
    pub stage: String,
    /// Who owns it.
    pub owner: Option<String>,
}

/// `todo.recorded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodoRecorded {
    /// The todo's id.
    pub todo: String,
    /// The person.
    pub person: String,
    /// Who owns it.
    pub owner: Option<String>,
}

/// `wash.completed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WashCompleted {
    /// The wash's id.
    pub wash: String,
    /// The list's name.
    pub list: String,
    /// The list file's digest.
    pub file_digest: String,
    /// The purpose's key.
    pub purpose: String,
    /// The channel (a `Channel`).
    pub channel: Value,
    /// When the campaign is planned, in microseconds since the epoch.
    pub planned_at: i64,
    /// The register versions applied (`AppliedRegister`s).
    pub registers: Value,
    /// The counts (a `WashCounts`).
    pub counts: Value,
    /// Which door it came through.
    pub via: String,
}

/// `user.created`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserCreated {
    /// The user's id.
    pub id: String,
    /// Their role.
    pub role: Role,
}

/// `user.preferences_changed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPreferencesChanged {
    /// The user's id.
    pub id: String,
    /// Their language.
    pub language: String,
    /// Their time zone.
    pub time_zone: String,
}

/// `session.started` and `session.ended`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionChanged {
    /// The user's id.
    pub user: String,
    /// A reference to the session (not its token).
    pub session: String,
}

/// `webhook.created`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookCreated {
    /// The webhook's id.
    pub webhook: String,
    /// Its name.
    pub name: String,
    /// Where notices go.
    pub url: String,
    /// The notices it takes.
    pub events: Vec<String>,
    /// The processor agreement it belongs to; absent when none (and in entries written
    /// before recipients could name one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processor: Option<String>,
}

/// `webhook.disabled`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookDisabled {
    /// The webhook's id.
    pub webhook: String,
}

#[cfg(test)]
mod tests;
