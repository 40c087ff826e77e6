//! Data-subject requests, their log and the inbox filter.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use vern_core::{ControllerId, IdentifierDigest};

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
