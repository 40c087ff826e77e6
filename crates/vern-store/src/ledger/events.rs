//! Every kind of ledger entry, with its payload as a type.
//!
//! Writers build a [`LedgerEvent`]; readers (the follower that keeps the in-memory index
//! current, the webhook notices) [`LedgerEvent::parse`] a stored entry and `match` on it, so a
//! new kind that a reader does not handle is a compile error instead of a stale index.
//!
//! The stored payload is the chain's input, so its bytes must never change. A payload is
//! serialized through `serde_json::Value`, whose maps are sorted by key (the workspace does not
//! turn on serde_json's `preserve_order`): the stored JSON has its keys in alphabetical order,
//! nested objects too, whatever the order of the fields below. The byte-identity test at the end
//! of this file pins every kind's bytes.
//!
//! Nested values that are domain records (a profile's field changes, a wash's counts, an
//! objection's source) are kept as JSON values: they are written as the domain type serializes
//! and no reader looks inside them.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use vern_core::register::Register;
use vern_core::{IdentifierKind, Role};

macro_rules! ledger_events {
    ($( $(#[$doc:meta])* $kind:literal => $variant:ident($payload:ty), )*) => {
        /// One ledger entry's kind and payload.
        #[derive(Debug, Clone, PartialEq)]
        pub enum LedgerEvent {
            $( $(#[$doc])* $variant($payload), )*
            /// A kind not typed here: written by a newer server, built outside the store (a
            /// disclosure such as `report.generated` or `share_link.opened`, a `retention.run`
            /// summary), or a payload this build cannot read. Kept as it was stored, so an older
            /// follower skips it instead of stopping.
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
    /// A personal-data breach was recorded (Art. 33(5)).
    "breach.opened" => BreachOpened(BreachStep),
    /// A breach's record moved a step (details revised, assessed, notified, closed).
    "breach.updated" => BreachUpdated(BreachStep),
}

/// `breach.opened`, `breach.updated`: which breach, which step, which kept version. What
/// happened is in the breach's sealed record, not here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreachStep {
    /// The breach's id.
    pub breach: String,
    /// The step (`opened`, `details`, `assessed`, `authority_notified`, `people_notified`,
    /// `people_exempt`, `closed`).
    pub step: String,
    /// The version this step wrote.
    pub version: i64,
}

/// `objection.recorded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectionRecorded {
    /// The objection's id.
    pub objection: String,
    /// `direct_marketing` or `general`.
    pub kind: String,
    /// Who conveyed it (the model's `ObjectionSource`).
    pub source: Value,
    /// The controller objected to; `None` for every controller.
    pub controller: Option<i64>,
    /// `controller` or `all`.
    pub scope: String,
    /// The identifiers' digests, hex.
    #[serde(default)]
    pub digests: Vec<String>,
    /// The request opened for a general objection.
    #[serde(default)]
    pub request: Option<String>,
    /// Per webhook id, that recipient's own hashes of the identifiers (`None` in entries
    /// written before recipients got their own hashes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<BTreeMap<String, Vec<String>>>,
}

/// `objection.withdrawn`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectionWithdrawn {
    /// The withdrawal's id.
    pub withdrawal: String,
    /// Who withdrew (the model's `WithdrawnBy`).
    pub by: Value,
    /// The controller.
    pub controller: i64,
    /// The objections withdrawn.
    #[serde(default)]
    pub objections: Vec<String>,
    /// The suppressions removed.
    #[serde(default)]
    pub suppressions: Vec<String>,
    /// Their digests, hex.
    #[serde(default)]
    pub digests: Vec<String>,
}

/// `blocklist.added`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlocklistAdded {
    /// The suppression's id.
    pub suppression: String,
    /// The identifier's digest, hex (one).
    #[serde(default)]
    pub digests: Vec<String>,
    /// What kind of identifier.
    pub identifier_kind: IdentifierKind,
    /// Why.
    pub reason: String,
}

/// `blocklist.removed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlocklistRemoved {
    /// The suppression's id.
    pub suppression: String,
    /// The identifier's digest, hex (one).
    #[serde(default)]
    pub digests: Vec<String>,
    /// Why.
    pub reason: String,
}

/// `blocklist.imported`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlocklistImported {
    /// The batch the new suppressions are stored in.
    pub batch: String,
    /// Identifiers added.
    pub added: u64,
    /// Identifiers already on the list.
    pub duplicates: u64,
    /// Why.
    pub reason: String,
    /// The file's name.
    pub source: String,
}

/// `suppression.kept`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuppressionKept {
    /// The person erased.
    pub person: String,
    /// The digests kept, hex.
    #[serde(default)]
    pub digests: Vec<String>,
}

/// `register.imported`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterImported {
    /// The version's id.
    pub version: String,
    /// Which register.
    pub register: Register,
    /// The register's own date for the version (`YYYY-MM-DD`).
    pub version_date: String,
    /// Listings in it.
    pub entries: u64,
    /// The file's name.
    pub source: String,
    /// The file's digest.
    pub file_digest: String,
    /// The version it replaces.
    pub replaces: Option<String>,
    /// Until when a wash may rely on it (`YYYY-MM-DD`).
    pub valid_until: String,
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
}

/// `webhook.disabled`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookDisabled {
    /// The webhook's id.
    pub webhook: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// One sample of every kind, with the bytes the release before typed events stored for it
    /// (the `json!` literals the writers used). The chain hashes these bytes: they must not
    /// change.
    fn samples() -> Vec<(LedgerEvent, &'static str)> {
        vec![
            (
                LedgerEvent::ObjectionRecorded(ObjectionRecorded {
                    objection: "o1".into(),
                    kind: "direct_marketing".into(),
                    source: serde_json::json!({ "kind": "agent", "agent_name": "A", "mandate_reference": "m", "mandate_verification": null }),
                    controller: Some(3),
                    scope: "controller".into(),
                    digests: vec!["aa".into(), "bb".into()],
                    request: None,
                    recipients: Some(BTreeMap::from([
                        ("w2".into(), vec!["h2".into()]),
                        ("w1".into(), vec!["h1".into()]),
                    ])),
                }),
                r#"{"controller":3,"digests":["aa","bb"],"kind":"direct_marketing","objection":"o1","recipients":{"w1":["h1"],"w2":["h2"]},"request":null,"scope":"controller","source":{"agent_name":"A","kind":"agent","mandate_reference":"m","mandate_verification":null}}"#,
            ),
            (
                LedgerEvent::ObjectionWithdrawn(ObjectionWithdrawn {
                    withdrawal: "w".into(),
                    by: serde_json::json!({ "by": "agent", "agent_key": "k", "mandate_reference": "m" }),
                    controller: 1,
                    objections: vec!["o1".into()],
                    suppressions: vec!["s1".into(), "s2".into()],
                    digests: vec!["aa".into()],
                }),
                r#"{"by":{"agent_key":"k","by":"agent","mandate_reference":"m"},"controller":1,"digests":["aa"],"objections":["o1"],"suppressions":["s1","s2"],"withdrawal":"w"}"#,
            ),
            (
                LedgerEvent::BlocklistAdded(BlocklistAdded {
                    suppression: "s".into(),
                    digests: vec!["aa".into()],
                    identifier_kind: IdentifierKind::Phone,
                    reason: "asked \"never\"".into(),
                }),
                r#"{"digests":["aa"],"identifier_kind":"phone","reason":"asked \"never\"","suppression":"s"}"#,
            ),
            (
                LedgerEvent::BlocklistRemoved(BlocklistRemoved {
                    suppression: "s".into(),
                    digests: vec!["aa".into()],
                    reason: "mistake".into(),
                }),
                r#"{"digests":["aa"],"reason":"mistake","suppression":"s"}"#,
            ),
            (
                LedgerEvent::BlocklistImported(BlocklistImported {
                    batch: "b".into(),
                    added: 2,
                    duplicates: 0,
                    reason: "r".into(),
                    source: "list.csv".into(),
                }),
                r#"{"added":2,"batch":"b","duplicates":0,"reason":"r","source":"list.csv"}"#,
            ),
            (
                LedgerEvent::SuppressionKept(SuppressionKept {
                    person: "p".into(),
                    digests: vec!["aa".into()],
                }),
                r#"{"digests":["aa"],"person":"p"}"#,
            ),
            (
                LedgerEvent::RegisterImported(RegisterImported {
                    version: "v".into(),
                    register: Register::NixTelefon,
                    version_date: "2026-11-30".into(),
                    entries: 3,
                    source: "nix.csv".into(),
                    file_digest: "fd".into(),
                    replaces: None,
                    valid_until: "2026-12-30".into(),
                }),
                r#"{"entries":3,"file_digest":"fd","register":"nix_telefon","replaces":null,"source":"nix.csv","valid_until":"2026-12-30","version":"v","version_date":"2026-11-30"}"#,
            ),
            (LedgerEvent::ControllerCreated(controller()), CONTROLLER),
            (LedgerEvent::ControllerUpdated(controller()), CONTROLLER),
            (LedgerEvent::PurposeCreated(purpose()), PURPOSE),
            (LedgerEvent::PurposeUpdated(purpose()), PURPOSE),
            (
                LedgerEvent::ApiKeyCreated(ApiKeyCreated {
                    id: "k".into(),
                    name: "crm".into(),
                    role: Role::Seller,
                    prefix: "vern_abc".into(),
                }),
                r#"{"id":"k","name":"crm","prefix":"vern_abc","role":"seller"}"#,
            ),
            (
                LedgerEvent::ApiKeyRevoked(ApiKeyRevoked {
                    id: "k".into(),
                    name: "crm".into(),
                    role: Role::Seller,
                }),
                r#"{"id":"k","name":"crm","role":"seller"}"#,
            ),
        ]
    }

    const CONTROLLER: &str = r#"{"country":"se","default_region":"SE","dpo_email":null,"dpo_name":"D","dpo_phone":null,"key":"acme","name":"Acme","privacy_notice_url":null,"rules":{"x":1}}"#;

    fn controller() -> ControllerSaved {
        ControllerSaved {
            key: "acme".into(),
            name: "Acme".into(),
            country: serde_json::json!("se"),
            default_region: "SE".into(),
            dpo_name: Some("D".into()),
            dpo_email: None,
            dpo_phone: None,
            privacy_notice_url: None,
            rules: serde_json::json!({ "x": 1 }),
        }
    }

    const PURPOSE: &str = r#"{"channels":["phone"],"data_source":null,"description":"","direct_marketing":true,"dk_telemarketing_exception":false,"holds_fields":[],"key":"news","legal_basis":"consent","name":"News","recipients":["r"],"retention":null}"#;

    fn purpose() -> PurposeSaved {
        PurposeSaved {
            key: "news".into(),
            name: "News".into(),
            legal_basis: serde_json::json!("consent"),
            direct_marketing: true,
            channels: serde_json::json!(["phone"]),
            retention: Value::Null,
            description: String::new(),
            dk_telemarketing_exception: false,
            recipients: vec!["r".into()],
            data_source: None,
            holds_fields: Vec::new(),
        }
    }

    /// The other kinds: each sample beside the `json!` literal its writer used before typed
    /// events, with the same values.
    fn written_as_before() -> Vec<(LedgerEvent, Value)> {
        let step = RequestStep {
            request: "r".into(),
            kind: "access".into(),
            state: "in_progress".into(),
            details: json!({ "months": 2, "reason": "many" }),
        };
        let old_step = json!({ "request": "r", "kind": "access", "state": "in_progress", "details": { "months": 2, "reason": "many" } });
        let attempt = MessageAttempt {
            message: "m".into(),
            request: None,
            template: "erasure_confirmation".into(),
            attempts: 1,
            error: Some("refused".into()),
        };
        let old_attempt = json!({ "message": "m", "request": null, "template": "erasure_confirmation", "attempts": 1, "error": "refused" });
        let consent = ConsentChanged {
            person: "p".into(),
            event: "e".into(),
            purpose: "offers".into(),
            channels: json!(["email"]),
            source: "web_form".into(),
            given_at: 1_700_000_000_000_000,
        };
        let old_consent = json!({
            "person": "p", "event": "e", "purpose": "offers", "channels": ["email"],
            "source": "web_form", "given_at": 1_700_000_000_000_000_i64,
        });
        let restriction = RestrictionChanged {
            person: "p".into(),
            restriction: "x".into(),
            request: None,
            recipients: None,
        };
        let old_restriction = json!({ "person": "p", "restriction": "x", "request": null });
        let purged = PersonPurged {
            person: "p".into(),
            digests: vec!["aa".into()],
            shredded: false,
            kept: json!([{ "purpose": "bookkeeping", "fields": ["name"], "until": "2033-01-01" }]),
            consents: 1,
            history_anonymized: 2,
            requests_anonymized: 0,
            recipients: None,
        };
        let old_purged = json!({
            "person": "p", "digests": ["aa"], "shredded": false, "kept": [{ "purpose": "bookkeeping", "fields": ["name"], "until": "2033-01-01" }],
            "consents": 1, "history_anonymized": 2,
            "requests_anonymized": 0,
        });
        let session = SessionChanged {
            user: "u".into(),
            session: "s".into(),
        };
        let old_session = json!({ "user": "u", "session": "s" });
        vec![
            (
                LedgerEvent::PersonCreated(PersonCreated {
                    person: "p".into(),
                    identifier_kinds: vec!["email".into(), "phone".into()],
                    lists: vec!["vip".into()],
                }),
                json!({ "person": "p", "identifier_kinds": ["email", "phone"], "lists": ["vip"] }),
            ),
            (
                LedgerEvent::PersonUpdated(PersonUpdated {
                    person: "p".into(),
                    fields: BTreeMap::from([("name".into(), json!({ "old": "d1", "new": "d2" }))]),
                    lists: Vec::new(),
                    request: Some("r".into()),
                    recipients: None,
                }),
                json!({ "person": "p", "fields": { "name": { "old": "d1", "new": "d2" } }, "lists": [], "request": "r" }),
            ),
            (
                LedgerEvent::ConsentGranted(consent.clone()),
                old_consent.clone(),
            ),
            (LedgerEvent::ConsentWithdrawn(consent), old_consent),
            (
                LedgerEvent::RestrictionPlaced(restriction.clone()),
                old_restriction.clone(),
            ),
            (LedgerEvent::RestrictionLifted(restriction), old_restriction),
            (
                LedgerEvent::PersonErased(PersonErased {
                    person: "p".into(),
                    reason: "asked".into(),
                    messages: vec!["m".into()],
                }),
                json!({ "person": "p", "reason": "asked", "messages": ["m"] }),
            ),
            (
                LedgerEvent::PersonRestored(PersonRestored {
                    person: "p".into(),
                    messages_withdrawn: 1,
                    messages: Vec::new(),
                }),
                json!({ "person": "p", "messages_withdrawn": 1_usize, "messages": [] }),
            ),
            (
                LedgerEvent::PersonPurged(purged.clone()),
                old_purged.clone(),
            ),
            (LedgerEvent::PersonAnonymized(purged), old_purged),
            (
                LedgerEvent::RetentionFieldsPurged(RetentionFieldsPurged {
                    person: "p".into(),
                    purposes: vec!["offers".into()],
                    fields: 2,
                }),
                json!({ "person": "p", "purposes": ["offers"], "fields": 2_u64 }),
            ),
            (
                LedgerEvent::RetentionMessagesPruned(RetentionMessagesPruned {
                    deleted: 3,
                    before: -5,
                }),
                json!({ "deleted": 3_u64, "before": -5_i64 }),
            ),
            (
                LedgerEvent::RequestReceived(RequestReceived {
                    request: "r".into(),
                    kind: "access".into(),
                    received_via: "letter".into(),
                    received_at: 10,
                    due_at: 20,
                    person: Some("p".into()),
                    verified: Some(None),
                }),
                json!({
                    "request": "r", "kind": "access", "received_via": "letter", "received_at": 10,
                    "due_at": 20, "person": "p", "verified": null,
                }),
            ),
            (
                LedgerEvent::RequestVerificationRequested(step.clone()),
                old_step.clone(),
            ),
            (LedgerEvent::RequestVerified(step.clone()), old_step.clone()),
            (LedgerEvent::RequestExtended(step.clone()), old_step.clone()),
            (
                LedgerEvent::RequestCompleted(step.clone()),
                old_step.clone(),
            ),
            (LedgerEvent::RequestRejected(step.clone()), old_step.clone()),
            (LedgerEvent::RequestAssigned(step.clone()), old_step.clone()),
            (LedgerEvent::RequestLinked(step.clone()), old_step.clone()),
            (LedgerEvent::RequestNoted(step), old_step),
            (
                LedgerEvent::RequestFlagged(RequestFlagged {
                    request: "r".into(),
                    flag: "overdue".into(),
                }),
                json!({ "request": "r", "flag": "overdue" }),
            ),
            (
                LedgerEvent::MessageQueued(MessageQueued {
                    message: "m".into(),
                    request: Some("r".into()),
                    template: "code".into(),
                    channel: "sms".into(),
                    language: "sv".into(),
                }),
                json!({ "message": "m", "request": "r", "template": "code", "channel": "sms", "language": "sv" }),
            ),
            (
                LedgerEvent::MessageSent(attempt.clone()),
                old_attempt.clone(),
            ),
            (
                LedgerEvent::MessageRetrying(attempt.clone()),
                old_attempt.clone(),
            ),
            (LedgerEvent::MessageFailed(attempt), old_attempt),
            (
                LedgerEvent::ShareLinkCreated(ShareLinkCreated {
                    link: "l".into(),
                    person: "p".into(),
                    expires_at: 99,
                }),
                json!({ "link": "l", "person": "p", "expires_at": 99 }),
            ),
            (
                LedgerEvent::ShareLinkRevoked(ShareLinkRevoked {
                    link: "l".into(),
                    person: "p".into(),
                }),
                json!({ "link": "l", "person": "p" }),
            ),
            (
                LedgerEvent::ActivityRecorded(ActivityRecorded {
                    activity: "a".into(),
                    person: "p".into(),
                    kind: "call".into(),
                    channel: json!("phone"),
                    owner: None,
                }),
                json!({ "activity": "a", "person": "p", "kind": "call", "channel": "phone", "owner": null }),
            ),
            (
                LedgerEvent::DealRecorded(DealRecorded {
                    deal: "d".into(),
                    person: "p".into(),
                    amount_minor: 129_900,
                    currency: "SEK".into(),
                    stage: "won".into(),
                    owner: Some("sara".into()),
                }),
                json!({ "deal": "d", "person": "p", "amount_minor": 129_900, "currency": "SEK", "stage": "won", "owner": "sara" }),
            ),
            (
                LedgerEvent::TodoRecorded(TodoRecorded {
                    todo: "t".into(),
                    person: "p".into(),
                    owner: None,
                }),
                json!({ "todo": "t", "person": "p", "owner": null }),
            ),
            (
                LedgerEvent::WashCompleted(WashCompleted {
                    wash: "w".into(),
                    list: "spring.csv".into(),
                    file_digest: "fd".into(),
                    purpose: "offers".into(),
                    channel: json!("phone"),
                    planned_at: 7,
                    registers: json!([{ "register": "nix_telefon", "version": "v" }]),
                    counts: json!({ "rows": 10, "kept": 8 }),
                    via: "api".into(),
                }),
                json!({
                    "wash": "w", "list": "spring.csv", "file_digest": "fd", "purpose": "offers",
                    "channel": "phone", "planned_at": 7, "registers": [{ "register": "nix_telefon", "version": "v" }],
                    "counts": { "rows": 10, "kept": 8 }, "via": "api",
                }),
            ),
            (
                LedgerEvent::UserCreated(UserCreated {
                    id: "u".into(),
                    role: Role::Auditor,
                }),
                json!({ "id": "u", "role": Role::Auditor }),
            ),
            (
                LedgerEvent::UserPreferencesChanged(UserPreferencesChanged {
                    id: "u".into(),
                    language: "fi".into(),
                    time_zone: "Europe/Helsinki".into(),
                }),
                json!({ "id": "u", "language": "fi", "time_zone": "Europe/Helsinki" }),
            ),
            (
                LedgerEvent::SessionStarted(session.clone()),
                old_session.clone(),
            ),
            (LedgerEvent::SessionEnded(session), old_session),
            (
                LedgerEvent::WebhookCreated(WebhookCreated {
                    webhook: "h".into(),
                    name: "mailer".into(),
                    url: "https://example.com/hook".into(),
                    events: vec!["erasure".into()],
                }),
                json!({ "webhook": "h", "name": "mailer", "url": "https://example.com/hook", "events": ["erasure"] }),
            ),
            (
                LedgerEvent::WebhookDisabled(WebhookDisabled {
                    webhook: "h".into(),
                }),
                json!({ "webhook": "h" }),
            ),
            (
                LedgerEvent::BreachOpened(BreachStep {
                    breach: "b".into(),
                    step: "opened".into(),
                    version: 1,
                }),
                json!({ "breach": "b", "step": "opened", "version": 1 }),
            ),
            (
                LedgerEvent::BreachUpdated(BreachStep {
                    breach: "b".into(),
                    step: "assessed".into(),
                    version: 2,
                }),
                json!({ "breach": "b", "step": "assessed", "version": 2 }),
            ),
        ]
    }

    #[test]
    fn every_kind_stores_the_same_bytes_as_before() {
        let samples: Vec<(LedgerEvent, String)> = samples()
            .into_iter()
            .map(|(e, s)| (e, s.to_owned()))
            .chain(
                written_as_before()
                    .into_iter()
                    .map(|(e, old)| (e, old.to_string())),
            )
            .collect();
        let covered: Vec<&str> = samples.iter().map(|(e, _)| e.kind()).collect();
        assert_eq!(
            covered,
            LedgerEvent::KINDS,
            "a sample for every kind, in order"
        );
        for (event, stored) in samples {
            assert_eq!(event.payload().to_string(), stored, "{}", event.kind());
            // Read back and written again: still the same bytes.
            let read = LedgerEvent::parse(event.kind(), &stored);
            assert_eq!(read, event, "{} reads back", event.kind());
            assert_eq!(read.payload().to_string(), stored, "{}", event.kind());
        }
    }

    #[test]
    fn an_unknown_kind_or_an_unreadable_payload_is_kept_not_fatal() {
        let newer = LedgerEvent::parse("hologram.projected", r#"{"x":1}"#);
        assert_eq!(newer.kind(), "hologram.projected");
        assert_eq!(newer.payload().to_string(), r#"{"x":1}"#);
        let broken = LedgerEvent::parse("blocklist.added", r#"{"digests":7}"#);
        assert!(matches!(broken, LedgerEvent::Other { .. }));
        assert_eq!(broken.kind(), "blocklist.added");
    }
}
