//! The request inbox: every data-subject right with its deadline, through its lifecycle.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use rand::Rng;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::request::{RequestKind, RequestState};
use vern_core::{IdentifierDigest, Role};
use vern_store::model::{
    OutboxMessage, RequestAction, RequestDetails, RequestEvent, RequestFilter, RequestInput,
    RequestRecord,
};

use crate::auth::Auth;
use crate::auth::roles::{Inbox, ReadRequests, SubmitRequests};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Body, Params};
use crate::input::{self, IdentifiersIn, Reading};
use crate::notify::{self, Template};
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests, create_request))
        .routes(routes!(get_request))
        .routes(routes!(send_code))
        .routes(routes!(verify))
        .routes(routes!(extend))
        .routes(routes!(complete))
        .routes(routes!(reject))
        .routes(routes!(assign))
        .routes(routes!(add_note))
        .routes(routes!(link_person))
}

/// A request to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestIn {
    /// access, rectification, erasure, restriction, objection, portability, human_review, information.
    pub kind: String,
    /// The person's id, when known.
    pub person: Option<String>,
    /// Identifiers given by the sender.
    pub identifiers: Option<IdentifiersIn>,
    /// api, letter, call, email, web_form (authorized agents: always authorized_agent).
    pub received_via: Option<String>,
    /// When it was received, RFC 3339 (default: now). The deadline counts from here.
    pub received_at: Option<String>,
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
    /// The sender's name.
    pub name: Option<String>,
    /// What the sender wrote.
    pub message: Option<String>,
    /// How staff verified the sender's identity, if they did (bankid, id_document, known_sender).
    pub verified: Option<String>,
    /// The sender's language: sv, nb, da, fi, en.
    pub language: Option<String>,
}

/// A request as the inbox shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestOut {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// The right's article.
    pub article: &'static str,
    /// State.
    pub state: String,
    /// The person, if known (never shown to agents).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// How it arrived.
    pub received_via: String,
    /// When it arrived.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub received_at: OffsetDateTime,
    /// When it is due.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub due_at: OffsetDateTime,
    /// Whole days left (negative when overdue).
    pub days_left: i64,
    /// Open and past its deadline.
    pub overdue: bool,
    /// Months of extension.
    pub extended_months: u32,
    /// Who works on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Whether the sender's identity is verified.
    pub verified: bool,
    /// When closed.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>)]
    pub closed_at: Option<OffsetDateTime>,
    /// What the request says (staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub details: Option<RequestDetails>,
    /// The log (staff only, on one request).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub log: Option<Vec<RequestEvent>>,
    /// Messages to the person (staff only, on one request).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub messages: Option<Vec<OutboxMessage>>,
}

fn out(r: RequestRecord, now: OffsetDateTime, for_agent: bool) -> RequestOut {
    let overdue = !r.state.is_closed() && now > r.due_at;
    RequestOut {
        article: r.kind.article(),
        kind: r.kind.as_str().to_owned(),
        state: r.state.as_str().to_owned(),
        person: if for_agent { None } else { r.person_id },
        received_via: r.received_via,
        received_at: r.received_at,
        due_at: r.due_at,
        days_left: (r.due_at - now).whole_days(),
        overdue,
        extended_months: r.extended_months,
        assignee: if for_agent { None } else { r.assignee },
        verified: r.verified_at.is_some(),
        closed_at: r.closed_at,
        details: if for_agent { None } else { r.details },
        log: None,
        messages: None,
        id: r.id,
    }
}

/// Record a request received by letter, call, e-mail or from an authorized agent. Its due date
/// is one calendar month from receipt (Art. 12(3)).
#[utoipa::path(post, path = "/v1/requests", tag = "requests", request_body = RequestIn,
    security(("api_key" = ["admin", "privacy_officer", "authorized_agent"])),
    responses((status = 201, body = RequestOut), (status = 422, body = ErrorBody)))]
pub async fn create_request(
    Auth { caller, .. }: Auth<SubmitRequests>,
    State(state): State<AppState>,
    Body(input): Body<RequestIn>,
) -> ApiResult<(StatusCode, Json<RequestOut>)> {
    let now = state.clock.now();
    let is_agent = caller.role == Role::AuthorizedAgent;
    let kind = input
        .kind
        .parse::<RequestKind>()
        .map_err(|e| ApiError::invalid_field("kind", e.to_string()))?;
    let controller = input::controller(&state.follower.index(), input.controller.as_deref())?;
    let received_via = if is_agent {
        "authorized_agent".to_owned()
    } else {
        let via = input.received_via.unwrap_or_else(|| "api".to_owned());
        if ![
            "api",
            "letter",
            "call",
            "email",
            "web_form",
            "in_person",
            "authorized_agent",
        ]
        .contains(&via.as_str())
        {
            return Err(ApiError::invalid_field(
                "received_via",
                "api, letter, call, email, web_form, in_person or authorized_agent",
            ));
        }
        via
    };
    let received_at = input::instant(input.received_at.as_deref(), "received_at")?.unwrap_or(now);
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
    let ids = input.identifiers.unwrap_or_default();
    if input.person.is_none() && ids.is_empty() {
        return Err(ApiError::invalid_field(
            "identifiers",
            "name the person: person, or identifiers",
        ));
    }
    let parsed = Reading::of(&controller, now, None)
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
        agent_key: is_agent.then(|| caller.key.id.clone()),
        language: input.language,
        verified_by: input.verified,
        direct_marketing: false,
    };
    let (record_input, messages) = opening(&state, &controller, &parsed, named, arrival).await?;
    let (record, seq) = state
        .store
        .create_request(&caller.actor(), now, &record_input, &messages)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok((StatusCode::CREATED, Json(out(record, now, is_agent))))
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

/// Inbox filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
    /// received, verifying, in_progress, completed, rejected.
    pub state: Option<String>,
    /// The kind.
    pub kind: Option<String>,
    /// Due before this instant.
    pub due_before: Option<String>,
    /// Only open requests past their deadline.
    pub overdue: Option<bool>,
    /// Only this assignee (`me` for the caller).
    pub assignee: Option<String>,
    /// Only this person's.
    pub person: Option<String>,
    /// At most (default 200).
    pub limit: Option<i64>,
}

/// Inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxOut {
    /// Earliest due first.
    pub requests: Vec<RequestOut>,
}

/// The inbox, earliest due first. Authorized agents see only their own requests' status.
#[utoipa::path(get, path = "/v1/requests", tag = "requests", params(InboxQuery),
    security(("api_key" = ["admin", "privacy_officer", "authorized_agent"])),
    responses((status = 200, body = InboxOut), (status = 422, body = ErrorBody)))]
pub async fn list_requests(
    Auth { caller, .. }: Auth<ReadRequests>,
    State(state): State<AppState>,
    Params(q): Params<InboxQuery>,
) -> ApiResult<Json<InboxOut>> {
    let now = state.clock.now();
    let is_agent = caller.role == Role::AuthorizedAgent;
    let filter = RequestFilter {
        state: q
            .state
            .as_deref()
            .map(str::parse::<RequestState>)
            .transpose()
            .map_err(|e| ApiError::invalid_field("state", e))?,
        kind: q
            .kind
            .as_deref()
            .map(str::parse::<RequestKind>)
            .transpose()
            .map_err(|e| ApiError::invalid_field("kind", e.to_string()))?,
        due_before: input::instant(q.due_before.as_deref(), "due_before")?,
        overdue_at: q.overdue.unwrap_or(false).then_some(now),
        assignee: q.assignee.map(|a| {
            if a == "me" {
                caller.key.name.clone()
            } else {
                a
            }
        }),
        person: if is_agent { None } else { q.person },
        agent_key: is_agent.then(|| caller.key.id.clone()),
        limit: q.limit.unwrap_or(200),
    };
    let requests = state.store.list_requests(&filter).await?;
    Ok(Json(InboxOut {
        requests: requests
            .into_iter()
            .map(|r| out(r, now, is_agent))
            .collect(),
    }))
}

async fn load(state: &AppState, id: &str) -> ApiResult<RequestRecord> {
    state.store.get_request(id).await.map_err(|e| match e {
        vern_store::StoreError::NotFound => ApiError::not_found("request"),
        other => other.into(),
    })
}

/// One request with its log and messages. An agent sees only the status of its own.
#[utoipa::path(get, path = "/v1/requests/{id}", tag = "requests",
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer", "authorized_agent"])),
    responses((status = 200, body = RequestOut), (status = 404, body = ErrorBody)))]
pub async fn get_request(
    Auth { caller, .. }: Auth<ReadRequests>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<RequestOut>> {
    let now = state.clock.now();
    let record = load(&state, &id).await?;
    if caller.role == Role::AuthorizedAgent {
        if record.agent_key.as_deref() != Some(caller.key.id.as_str()) {
            return Err(ApiError::not_found("request"));
        }
        return Ok(Json(out(record, now, true)));
    }
    let mut o = out(record, now, false);
    o.log = Some(state.store.request_log(&id).await?);
    o.messages = Some(state.store.request_messages(&id).await?);
    Ok(Json(o))
}

/// Take a step on a request (with the message its template makes), as `actor`; the API and
/// the web UI both go through here.
pub(crate) async fn step(
    state: &AppState,
    actor: &vern_store::Actor,
    id: &str,
    action: RequestAction,
    template: Option<Template>,
) -> ApiResult<Json<RequestOut>> {
    let now = state.clock.now();
    let record = load(state, id).await?;
    let messages = match template {
        Some(t) => notify::for_request(state, &record, t).await?,
        None => Vec::new(),
    };
    let (record, seq) = state
        .store
        .advance_request(actor, now, id, &action, &messages)
        .await
        .map_err(|e| match e {
            vern_store::StoreError::Conflict(m) => ApiError::conflict(m),
            other => other.into(),
        })?;
    state.follower.sync_to(seq).await?;
    Ok(Json(out(record, now, false)))
}

/// Send a one-time code to the person's known e-mail address or phone number.
#[utoipa::path(post, path = "/v1/requests/{id}/verification", tag = "requests",
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody)))]
pub async fn send_code(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<RequestOut>> {
    let record = load(&state, &id).await?;
    let updated = send_verification_code(&state, &caller.actor(), &record).await?;
    Ok(Json(out(updated, state.clock.now(), false)))
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
    let (updated, seq) = state
        .store
        .advance_request(actor, now, &record.id, &action, &[message])
        .await
        .map_err(|e| match e {
            vern_store::StoreError::Conflict(m) => ApiError::conflict(m),
            other => other.into(),
        })?;
    state.follower.sync_to(seq).await?;
    Ok(updated)
}

pub(crate) fn code_hash(state: &AppState, request: &str, code: &str) -> [u8; 32] {
    state
        .store
        .keys()
        .token_hash(&format!("request-code:{request}:{}", code.trim()))
}

/// How the sender's identity was verified.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyIn {
    /// The one-time code the person received.
    pub code: Option<String>,
    /// Or how staff verified them.
    pub method: Option<StaffVerification>,
}

/// How staff established who a sender is. A closed set rather than free text: the method is
/// kept in plain text with the request and in the ledger, where a typed-in document number
/// would be personal data that no erasure reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StaffVerification {
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
    pub fn as_str(self) -> &'static str {
        match self {
            StaffVerification::Bankid => "bankid",
            StaffVerification::IdDocument => "id_document",
            StaffVerification::KnownSender => "known_sender",
            StaffVerification::SignedLetter => "signed_letter",
            StaffVerification::InPerson => "in_person",
        }
    }

    /// From a form's value, by the same names the API reads.
    pub fn parse(value: &str) -> Option<StaffVerification> {
        use serde::de::IntoDeserializer;
        let value: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            value.into_deserializer();
        StaffVerification::deserialize(value).ok()
    }
}

/// Record that the sender is who they say: with the one-time code, or a verification staff made.
#[utoipa::path(post, path = "/v1/requests/{id}/verify", tag = "requests", request_body = VerifyIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn verify(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<VerifyIn>,
) -> ApiResult<Json<RequestOut>> {
    let method = match (input.code, input.method) {
        (Some(code), None) => {
            if !check_code(&state, &id, &code).await? {
                return Err(ApiError::invalid_field("code", "the code does not match"));
            }
            "code".to_owned()
        }
        (None, Some(m)) => m.as_str().to_owned(),
        _ => {
            return Err(ApiError::invalid_field(
                "code",
                "give either code or method",
            ));
        }
    };
    step(
        &state,
        &caller.actor(),
        &id,
        RequestAction::Verified { method },
        None,
    )
    .await
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

/// An extension.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendIn {
    /// 1 or 2 months (two at most in all).
    pub months: u32,
    /// Why: told to the person.
    pub reason: String,
}

/// Extend the deadline by up to two months. Allowed only within the first month, and the
/// person is told why (Art. 12(3)).
#[utoipa::path(post, path = "/v1/requests/{id}/extend", tag = "requests", request_body = ExtendIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody)))]
pub async fn extend(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<ExtendIn>,
) -> ApiResult<Json<RequestOut>> {
    let reason =
        input::text(&input.reason, "reason", 2000).map_err(|e| ApiError::invalid(vec![e]))?;
    step(
        &state,
        &caller.actor(),
        &id,
        RequestAction::Extend {
            months: input.months,
            reason: reason.clone(),
        },
        Some(Template::Extension {
            months: input.months,
            reason,
        }),
    )
    .await
}

/// The outcome.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteIn {
    /// What was done: told to the person.
    pub outcome: String,
    /// For objections and human review: the decision (upheld, rejected, changed, …).
    pub decision: Option<String>,
}

/// Complete a verified request. A restriction request places the restriction if it is not in
/// place yet.
#[utoipa::path(post, path = "/v1/requests/{id}/complete", tag = "requests", request_body = CompleteIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody)))]
pub async fn complete(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<CompleteIn>,
) -> ApiResult<Json<RequestOut>> {
    complete_request(&state, &caller.actor(), &id, &input.outcome, input.decision).await
}

/// Complete a verified request with its outcome; a restriction request places the restriction
/// first if it is not in place. The API and the web UI both go through here.
pub(crate) async fn complete_request(
    state: &AppState,
    actor: &vern_store::Actor,
    id: &str,
    outcome: &str,
    decision: Option<String>,
) -> ApiResult<Json<RequestOut>> {
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
) -> ApiResult<Json<RequestOut>> {
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
        outcome = format!(
            "{outcome}\n\n{}",
            crate::messages::erasure_outcome(lang, erased.purge_after.date(), &erased.kept)
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

/// Why a request is refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectIn {
    /// The reasons: told to the person with their right to complain (Art. 12(4)).
    pub reason: String,
}

/// Refuse a request, with reasons.
#[utoipa::path(post, path = "/v1/requests/{id}/reject", tag = "requests", request_body = RejectIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody)))]
pub async fn reject(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<RejectIn>,
) -> ApiResult<Json<RequestOut>> {
    let reason =
        input::text(&input.reason, "reason", 5000).map_err(|e| ApiError::invalid(vec![e]))?;
    step(
        &state,
        &caller.actor(),
        &id,
        RequestAction::Reject {
            reason: reason.clone(),
        },
        Some(Template::Rejected { reason }),
    )
    .await
}

/// Who works on a request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignIn {
    /// The assignee; `me` for the caller; null to unassign.
    pub assignee: Option<String>,
}

/// Assign a request.
#[utoipa::path(post, path = "/v1/requests/{id}/assign", tag = "requests", request_body = AssignIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut)))]
pub async fn assign(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<AssignIn>,
) -> ApiResult<Json<RequestOut>> {
    let assignee = match input.assignee {
        None => None,
        Some(a) if a == "me" => Some(caller.key.name.clone()),
        Some(a) => Some(staff_member(&state, &a).await?),
    };
    step(
        &state,
        &caller.actor(),
        &id,
        RequestAction::Assign { assignee },
        None,
    )
    .await
}

/// The member of staff `name` names: an API key's name or a web user's e-mail. Anything else is
/// refused, so an assignee is never free text that could hold someone's personal data.
async fn staff_member(state: &AppState, name: &str) -> ApiResult<String> {
    let name = name.trim();
    let keys = state.store.list_api_keys().await?;
    if keys
        .iter()
        .any(|k| k.revoked_at.is_none() && k.name == name)
    {
        return Ok(name.to_owned());
    }
    // The sign-in lookup: one row by e-mail (its password hash is dropped unread).
    if let Some((user, _)) = state.store.user_credentials(name).await? {
        return Ok(user.email);
    }
    Err(ApiError::invalid_field(
        "assignee",
        "name a member of staff: an API key's name, a user's e-mail, or me",
    ))
}

/// A note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteIn {
    /// The text.
    pub text: String,
}

/// Add a note to the request's log.
#[utoipa::path(post, path = "/v1/requests/{id}/notes", tag = "requests", request_body = NoteIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut)))]
pub async fn add_note(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<NoteIn>,
) -> ApiResult<Json<RequestOut>> {
    let text = input::text(&input.text, "text", 20_000).map_err(|e| ApiError::invalid(vec![e]))?;
    step(
        &state,
        &caller.actor(),
        &id,
        RequestAction::Note { text },
        None,
    )
    .await
}

/// The person a request is about.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkIn {
    /// The person's id.
    pub person: String,
}

/// Tie a request to the person it is about, when found later.
#[utoipa::path(post, path = "/v1/requests/{id}/person", tag = "requests", request_body = LinkIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody)))]
pub async fn link_person(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<LinkIn>,
) -> ApiResult<Json<RequestOut>> {
    state
        .store
        .get_person(&input.person)
        .await
        .map_err(crate::people::not_found)?;
    step(
        &state,
        &caller.actor(),
        &id,
        RequestAction::Link {
            person: input.person,
        },
        None,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::StaffVerification::{self, *};

    #[test]
    fn staff_verification_reads_the_names_it_writes_and_nothing_else() {
        for m in [Bankid, IdDocument, KnownSender, SignedLetter, InPerson] {
            assert_eq!(StaffVerification::parse(m.as_str()), Some(m));
        }
        for wrong in ["", "code", "BankID", "passport 12345678"] {
            assert_eq!(StaffVerification::parse(wrong), None, "{wrong}");
        }
    }
}
