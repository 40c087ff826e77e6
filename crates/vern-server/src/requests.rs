//! The data-subject requests' use cases: opening a request whatever the door, the steps of its
//! lifecycle, one-time codes, and completing it with what the completion entails (an upheld
//! objection recorded, an erasure made, a restriction placed). The API (`routes/requests.rs`),
//! the staff UI (`ui/inbox.rs`), the public form and the objection routes all call these, so a
//! request behaves the same whichever door it came through.

use rand::Rng;
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use vern_core::IdentifierDigest;
use vern_core::request::RequestKind;
use vern_store::model::{RequestAction, RequestDetails, RequestInput, RequestRecord};

use crate::error::{ApiError, ApiResult};
use crate::input;
use crate::notify::{self, Template};
use crate::state::AppState;

/// The days left until a request's deadline as every door shows them
/// ([`vern_core::request::days_left`], in the zone of the request's controller).
pub(crate) fn days_left(state: &AppState, record: &RequestRecord, now: OffsetDateTime) -> i64 {
    let zone = state
        .follower
        .index()
        .controller_by_id(record.controller)
        .map_or(
            vern_core::zone::Zone::Utc,
            crate::index::ControllerView::zone,
        );
    vern_core::request::days_left(record.due_at, now, zone)
}

/// A request as it arrived, whatever the door: what the sender gave besides identifiers.
pub(crate) struct Arrival {
    pub(crate) kind: RequestKind,
    pub(crate) received_via: String,
    pub(crate) received_at: OffsetDateTime,
    pub(crate) name: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) agent_key: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) verified_by: Option<String>,
    pub(crate) direct_marketing: bool,
}

/// The request to open for an arrival, and its acknowledgement. The person is the one named,
/// else the one the identifiers match when exactly one does; the identifiers given are kept in
/// the request's details. Every door that opens a request comes through here, so every
/// request is matched and acknowledged alike.
pub(crate) async fn opening(
    state: &AppState,
    controller: &crate::index::ControllerView,
    parsed: &[vern_core::Identifier],
    named: Option<vern_store::model::Person>,
    arrival: Arrival,
) -> ApiResult<(RequestInput, Vec<vern_store::model::NewMessage>)> {
    let digests: Vec<IdentifierDigest> = parsed
        .iter()
        .map(|i| i.digest(state.store.keys().digest()))
        .collect();
    let person = match named {
        Some(p) => Some(p),
        None => {
            let mut found = state
                .store
                .find_people(controller.record.id, &digests)
                .await?;
            if found.len() == 1 { found.pop() } else { None }
        }
    };
    let mut details = RequestDetails {
        name: arrival.name,
        message: arrival.message,
        direct_marketing: arrival.direct_marketing,
        ..RequestDetails::default()
    };
    for id in parsed {
        match id {
            vern_core::Identifier::Phone(p) => details.phone = Some(p.e164().to_owned()),
            vern_core::Identifier::Email(e) => details.email = Some(e.as_str().to_owned()),
            vern_core::Identifier::NationalId(n) => {
                details.national_id = Some(n.as_str().to_owned());
            }
        }
    }
    let language = arrival
        .language
        .or_else(|| person.as_ref().and_then(|p| p.profile.language.clone()));
    let record_input = RequestInput {
        controller: controller.record.id,
        kind: arrival.kind,
        person: person.as_ref().map(|p| p.id.clone()),
        digests,
        received_via: arrival.received_via,
        received_at: arrival.received_at,
        details,
        agent_key: arrival.agent_key,
        language,
        verified_by: arrival.verified_by,
    };
    // The form's stop-marketing choice is answered by its code and then its confirmation; an
    // acknowledgement promising an answer within a month would not be true.
    let messages = if record_input.details.direct_marketing {
        Vec::new()
    } else {
        notify::for_new_request(state, &record_input, person.as_ref(), &controller.record)
    };
    Ok((record_input, messages))
}

/// The request with this id, or a 404 naming "request".
pub(crate) async fn load(state: &AppState, id: &str) -> ApiResult<RequestRecord> {
    state.store.get_request(id).await.map_err(|e| match e {
        vern_store::StoreError::NotFound => ApiError::not_found("request"),
        other => other.into(),
    })
}

/// Take a step on a request (with the message its template makes), as `actor`; the API and
/// the web UI both go through here.
pub(crate) async fn step(
    state: &AppState,
    actor: &vern_store::Actor,
    id: &str,
    action: RequestAction,
    template: Option<Template>,
) -> ApiResult<RequestRecord> {
    let record = load(state, id).await?;
    let messages = match template {
        Some(t) => notify::for_request(state, &record, t).await?,
        None => Vec::new(),
    };
    advance(state, actor, id, &action, &messages).await
}

/// Write a step and its messages, and wait until this server's views have it.
async fn advance(
    state: &AppState,
    actor: &vern_store::Actor,
    id: &str,
    action: &RequestAction,
    messages: &[vern_store::model::NewMessage],
) -> ApiResult<RequestRecord> {
    let (record, seq) = state
        .store
        .advance_request(actor, state.clock.now(), id, action, messages)
        .await
        .map_err(|e| match e {
            vern_store::StoreError::Conflict(m) => ApiError::conflict(m),
            other => other.into(),
        })?;
    state.follower.sync_to(seq).await?;
    Ok(record)
}

/// Generate a code, keep its hash, and queue it to the person's known contact. Returns the
/// request as it now stands.
pub(crate) async fn send_verification_code(
    state: &AppState,
    actor: &vern_store::Actor,
    record: &RequestRecord,
) -> ApiResult<RequestRecord> {
    let now = state.clock.now();
    let code: String = {
        let mut rng = rand::rngs::OsRng;
        format!("{:06}", rng.gen_range(0..1_000_000u32))
    };
    let Some((message, channel)) = notify::verification_code(state, record, &code).await? else {
        return Err(ApiError::conflict(
            "vern holds no e-mail address or phone number for this person: verify the sender another way",
        ));
    };
    let action = RequestAction::AskVerification {
        code_hash: code_hash(state, &record.id, &code),
        channel,
        expires_at: now + time::Duration::minutes(30),
    };
    advance(state, actor, &record.id, &action, &[message]).await
}

pub(crate) fn code_hash(state: &AppState, request: &str, code: &str) -> [u8; 32] {
    state
        .store
        .keys()
        .token_hash(&format!("request-code:{request}:{}", code.trim()))
}

/// How staff established who a sender is. A closed set rather than free text: the method is
/// kept in plain text with the request and in the ledger, where a typed-in document number
/// would be personal data that no erasure reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StaffVerification {
    /// BankID, MitID, Freja eID or another electronic identification.
    Bankid,
    /// An identity document shown or sent.
    IdDocument,
    /// The request came from contact details already known to belong to the person.
    KnownSender,
    /// A signed letter.
    SignedLetter,
    /// Met in person, identity document checked.
    InPerson,
}

impl StaffVerification {
    /// The stored name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            StaffVerification::Bankid => "bankid",
            StaffVerification::IdDocument => "id_document",
            StaffVerification::KnownSender => "known_sender",
            StaffVerification::SignedLetter => "signed_letter",
            StaffVerification::InPerson => "in_person",
        }
    }

    /// From a form's value, by the same names the API reads.
    pub(crate) fn parse(value: &str) -> Option<StaffVerification> {
        use serde::de::IntoDeserializer;
        let value: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            value.into_deserializer();
        StaffVerification::deserialize(value).ok()
    }
}

pub(crate) async fn check_code(state: &AppState, id: &str, code: &str) -> ApiResult<bool> {
    let hash = code_hash(state, id, code);
    state
        .store
        .check_request_code(id, &hash, state.clock.now())
        .await
        .map_err(|e| match e {
            vern_store::StoreError::Conflict(m) => ApiError::conflict(m),
            other => other.into(),
        })
}

/// Complete a verified request with its outcome; a restriction request places the restriction
/// first if it is not in place. The API and the web UI both go through here.
pub(crate) async fn complete_request(
    state: &AppState,
    actor: &vern_store::Actor,
    id: &str,
    outcome: &str,
    decision: Option<String>,
) -> ApiResult<RequestRecord> {
    complete_telling(state, actor, id, outcome, decision, |outcome| {
        Template::Completed { outcome }
    })
    .await
}

/// Complete a request, telling the person what `message` makes of the outcome. An objection
/// request whose decision upholds it records the direct-marketing objection first, for every
/// identifier of the person.
pub(crate) async fn complete_telling(
    state: &AppState,
    actor: &vern_store::Actor,
    id: &str,
    outcome: &str,
    decision: Option<String>,
    message: impl FnOnce(String) -> Template,
) -> ApiResult<RequestRecord> {
    let outcome = input::text(outcome, "outcome", 5000).map_err(|e| ApiError::invalid(vec![e]))?;
    let record = load(state, id).await?;
    if record.verified_at.is_none() {
        return Err(ApiError::conflict(
            "the person's identity must be verified first",
        ));
    }
    if matches!(
        record.kind,
        RequestKind::Objection | RequestKind::HumanReview
    ) && decision.is_none()
    {
        return Err(ApiError::invalid_field(
            "decision",
            "record the decision (upheld or rejected) and its reasons in the outcome",
        ));
    }
    if record.kind == RequestKind::Objection {
        let decided = decision.as_deref().map(str::trim).unwrap_or_default();
        if !["upheld", "rejected"].contains(&decided.to_ascii_lowercase().as_str()) {
            return Err(ApiError::invalid_field(
                "decision",
                "upheld or rejected; give the reasons in the outcome",
            ));
        }
        // A request to hear from the controller again is no objection to uphold.
        let resumes = record.details.as_ref().is_some_and(|d| d.resume_marketing);
        if crate::objection::upholds(decision.as_deref()) && !record.state.is_closed() && !resumes {
            crate::objection::uphold_direct_marketing(state, actor, &record).await?;
        }
    }
    let mut outcome = outcome;
    if record.kind == RequestKind::Erasure
        && let Some(person) = &record.person_id
        && state.store.get_person(person).await.is_ok()
    {
        // One message answers the request and tells of the erasure, in its one language.
        let lang = crate::notify::request_language(state, &record).await?;
        let erased = crate::people::erase(
            state,
            actor,
            person,
            &format!("erasure request {id}"),
            false,
        )
        .await?;
        let zone = crate::notify::controller_of(state, record.controller)
            .map_or(vern_core::zone::Zone::Utc, |c| c.zone());
        outcome = format!(
            "{outcome}\n\n{}",
            crate::messages::erasure_outcome(
                lang,
                zone.local(erased.purge_after).date(),
                &crate::messages::on_clock(&erased.kept, zone)
            )
        );
    }
    if record.kind == RequestKind::Restriction
        && let Some(person) = &record.person_id
    {
        let restricted = state
            .store
            .get_person(person)
            .await?
            .restricted_at
            .is_some();
        if !restricted {
            let (_, seq) = state
                .store
                .set_restriction(actor, state.clock.now(), person, true, &outcome, Some(id))
                .await?;
            state.follower.sync_to(seq).await?;
        }
    }
    step(
        state,
        actor,
        id,
        RequestAction::Complete {
            outcome: outcome.clone(),
            decision,
        },
        Some(message(outcome)),
    )
    .await
}

// ---- Registering a request (issue 20 §3) ----

/// The ways a request can arrive that staff or a client may record.
pub(crate) const RECEIVED_VIA: &[&str] = &[
    "api",
    "letter",
    "call",
    "email",
    "web_form",
    "in_person",
    "authorized_agent",
];

/// A request as staff or a client records it: the fields of `POST /v1/requests` and of the
/// staff UI's form alike, still unchecked.
#[derive(Debug, Default)]
pub(crate) struct Registration {
    /// The kind, as its stored name.
    pub(crate) kind: String,
    /// The person's id, when known.
    pub(crate) person: Option<String>,
    /// The identifiers the sender gave.
    pub(crate) identifiers: crate::input::IdentifiersIn,
    /// How it arrived (default `api`).
    pub(crate) received_via: Option<String>,
    /// When it arrived (default now): the deadline counts from here.
    pub(crate) received_at: Option<OffsetDateTime>,
    /// The controller's key (default: the default controller).
    pub(crate) controller: Option<String>,
    /// The sender's name.
    pub(crate) name: Option<String>,
    /// What the sender wrote.
    pub(crate) message: Option<String>,
    /// How staff verified the sender, if they did.
    pub(crate) verified: Option<String>,
    /// The sender's language.
    pub(crate) language: Option<String>,
}

/// Who records a request: staff, or an authorized agent (whose requests always arrive as
/// `authorized_agent`, name people by identifiers only, and are theirs to follow).
#[derive(Debug)]
pub(crate) enum Registrar<'a> {
    /// A staff member or a staff key.
    Staff(&'a vern_store::Actor),
    /// An authorized agent's key: its actor and its key id.
    Agent(&'a vern_store::Actor, &'a str),
}

/// Record a request received by letter, call, e-mail, in person or from an authorized agent,
/// with its acknowledgement to the sender. Its due date is one calendar month from receipt
/// (Art. 12(3)); a receipt in the future is refused. The API's `POST /v1/requests` and the
/// staff UI's form both come through here.
pub(crate) async fn register(
    state: &AppState,
    by: Registrar<'_>,
    input: Registration,
) -> ApiResult<RequestRecord> {
    let now = state.clock.now();
    let (actor, agent_key) = match by {
        Registrar::Staff(actor) => (actor, None),
        Registrar::Agent(actor, key) => (actor, Some(key.to_owned())),
    };
    let is_agent = agent_key.is_some();
    let kind = input
        .kind
        .parse::<RequestKind>()
        .map_err(|e| ApiError::invalid_field("kind", e.to_string()))?;
    let controller = input::controller(&state.follower.index(), input.controller.as_deref())?;
    let received_via = if is_agent {
        "authorized_agent".to_owned()
    } else {
        let via = input.received_via.unwrap_or_else(|| "api".to_owned());
        if !RECEIVED_VIA.contains(&via.as_str()) {
            return Err(ApiError::invalid_field(
                "received_via",
                "api, letter, call, email, web_form, in_person or authorized_agent",
            ));
        }
        via
    };
    let received_at = input.received_at.unwrap_or(now);
    if received_at > now + time::Duration::minutes(5) {
        return Err(ApiError::invalid_field(
            "received_at",
            "cannot be in the future",
        ));
    }
    if is_agent && (input.person.is_some() || input.verified.is_some()) {
        return Err(ApiError::invalid_field(
            "person",
            "an authorized agent names people by their identifiers only",
        ));
    }
    let ids = input.identifiers;
    if input.person.is_none() && ids.is_empty() {
        return Err(ApiError::invalid_field(
            "identifiers",
            "name the person: person, or identifiers",
        ));
    }
    let parsed = input::Reading::of(&controller, now, None)
        .identifiers(&ids, "identifiers")
        .map_err(ApiError::invalid)?;
    let named = match input.person {
        Some(p) => {
            let found = state
                .store
                .get_person(&p)
                .await
                .map_err(crate::people::not_found)?;
            if found.controller != controller.record.id {
                return Err(ApiError::invalid_field(
                    "person",
                    "the person belongs to another controller",
                ));
            }
            Some(found)
        }
        None => None,
    };
    let arrival = Arrival {
        kind,
        received_via,
        received_at,
        name: input.name,
        message: input.message,
        agent_key,
        language: input.language,
        verified_by: input.verified,
        direct_marketing: false,
    };
    let (record_input, messages) = opening(state, &controller, &parsed, named, arrival).await?;
    let (record, seq) = state
        .store
        .create_request(actor, now, &record_input, &messages)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(record)
}

/// Complete a verified access request and send the person, in the same answer, a share link
/// to their data (made by [`crate::share_link::make`], on `base`). The link is in the message
/// only: the outcome kept with the request and in the ledger does not hold its address.
/// Everything that would refuse the completion refuses before the link is made.
pub(crate) async fn complete_with_share_link(
    state: &AppState,
    actor: &vern_store::Actor,
    id: &str,
    outcome: &str,
    base: Option<&str>,
) -> ApiResult<RequestRecord> {
    let checked = input::text(outcome, "outcome", 5000).map_err(|e| ApiError::invalid(vec![e]))?;
    let record = load(state, id).await?;
    if record.kind != RequestKind::Access {
        return Err(ApiError::invalid_field(
            "share_link",
            "a share link answers an access request only",
        ));
    }
    if record.verified_at.is_none() {
        return Err(ApiError::conflict(
            "the person's identity must be verified first",
        ));
    }
    vern_core::request::next_state(
        record.state,
        &vern_core::request::Step::Complete,
        true,
        record.extended_months,
        record.received_at,
        state.clock.now(),
    )
    .map_err(|e| ApiError::conflict(e.to_string()))?;
    let Some(person) = record.person_id.clone() else {
        return Err(ApiError::conflict(
            "the request names no person: link it to the person first",
        ));
    };
    let lang = notify::request_language(state, &record).await?;
    let made = crate::share_link::make(state, actor, &person, base)
        .await
        .map_err(crate::people::not_found)?;
    let url = made.absolute_url.unwrap_or(made.url);
    let hours = crate::share_link::SHARE_LINK_LIFETIME.whole_hours();
    complete_telling(state, actor, id, &checked, None, move |outcome| {
        Template::Completed {
            outcome: format!(
                "{outcome}\n\n{}",
                crate::messages::share_link_line(lang, &url, hours)
            ),
        }
    })
    .await
}
