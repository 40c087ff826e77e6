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

use serde::{Deserialize, Serialize};
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
            /// A kind this build does not know (written by a newer server), or a payload it
            /// cannot read. Kept as it was stored, so an older follower skips it instead of
            /// stopping.
            Unrecognized {
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
                    LedgerEvent::Unrecognized { kind, .. } => kind,
                }
            }

            /// The payload as stored: a JSON value whose text is the stored bytes.
            pub fn payload(&self) -> Value {
                // `json!` of a payload cannot fail: every payload is a struct of strings,
                // numbers, lists and string-keyed maps.
                match self {
                    $( LedgerEvent::$variant(p) => serde_json::json!(p), )*
                    LedgerEvent::Unrecognized { payload, .. } => payload.clone(),
                }
            }

            /// Read a stored entry. Never fails: what this build cannot read is
            /// [`LedgerEvent::Unrecognized`].
            pub fn parse(kind: &str, payload: &str) -> LedgerEvent {
                let typed = match kind {
                    $( $kind => serde_json::from_str(payload).map(LedgerEvent::$variant).ok(), )*
                    _ => None,
                };
                typed.unwrap_or_else(|| LedgerEvent::Unrecognized {
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
    /// Per webhook id, that recipient's own hashes of the identifiers.
    #[serde(default)]
    pub recipients: BTreeMap<String, Vec<String>>,
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

#[cfg(test)]
mod tests {
    use super::*;

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
                    recipients: BTreeMap::from([
                        ("w2".into(), vec!["h2".into()]),
                        ("w1".into(), vec!["h1".into()]),
                    ]),
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

    #[test]
    fn every_kind_stores_the_same_bytes_as_before() {
        let samples = samples();
        let covered: Vec<&str> = samples.iter().map(|(e, _)| e.kind()).collect();
        assert_eq!(
            covered,
            LedgerEvent::KINDS,
            "a sample for every kind, in order"
        );
        for (event, stored) in samples {
            assert_eq!(event.payload().to_string(), stored, "{}", event.kind());
            // Read back and written again: still the same bytes.
            let read = LedgerEvent::parse(event.kind(), stored);
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
        assert!(matches!(broken, LedgerEvent::Unrecognized { .. }));
        assert_eq!(broken.kind(), "blocklist.added");
    }
}
