//! Objections, who conveyed them, and their withdrawal.

use super::outbox::NewMessage;
use super::requests::RequestInput;
use serde::Serialize;
use time::OffsetDateTime;
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_core::{ControllerId, IdentifierDigest, IdentifierKind};

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
    /// When the person objected, if before it reaches vern (an import from another system);
    /// `None`: now.
    pub received_at: Option<OffsetDateTime>,
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
