//! The request inbox: every data-subject right with its deadline, through its lifecycle.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::Role;
use vern_core::request::{RequestKind, RequestState};
use vern_store::model::{
    OutboxMessage, RequestAction, RequestDetails, RequestEvent, RequestFilter, RequestRecord,
};

use crate::auth::Auth;
use crate::auth::roles::{Inbox, ReadRequests, SubmitRequests};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Body, Params};
use crate::input::{self, IdentifiersIn};
use crate::notify::Template;
use crate::requests::{
    Registrar, Registration, StaffVerification, check_code, complete_request,
    complete_with_share_link, load, register, send_verification_code, step,
};
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
pub(crate) struct RequestIn {
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
pub(crate) struct RequestOut {
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

/// A request as a step's answer gives it to staff.
fn answered(state: &AppState, record: RequestRecord) -> Json<RequestOut> {
    Json(out(state, record, state.clock.now(), false))
}

fn out(state: &AppState, r: RequestRecord, now: OffsetDateTime, for_agent: bool) -> RequestOut {
    let days_left = crate::requests::days_left(state, &r, now);
    let overdue = !r.state.is_closed() && now > r.due_at;
    RequestOut {
        article: r.kind.article(),
        kind: r.kind.as_str().to_owned(),
        state: r.state.as_str().to_owned(),
        person: if for_agent { None } else { r.person_id },
        received_via: r.received_via,
        received_at: r.received_at,
        due_at: r.due_at,
        days_left,
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
pub(crate) async fn create_request(
    Auth { caller, .. }: Auth<SubmitRequests>,
    State(state): State<AppState>,
    Body(input): Body<RequestIn>,
) -> ApiResult<(StatusCode, Json<RequestOut>)> {
    let is_agent = caller.role == Role::AuthorizedAgent;
    let actor = caller.actor();
    let by = if is_agent {
        Registrar::Agent(&actor, &caller.key.id)
    } else {
        Registrar::Staff(&actor)
    };
    let registration = Registration {
        kind: input.kind,
        person: input.person,
        identifiers: input.identifiers.unwrap_or_default(),
        received_via: input.received_via,
        received_at: input::instant(input.received_at.as_deref(), "received_at")?,
        controller: input.controller,
        name: input.name,
        message: input.message,
        verified: input.verified,
        language: input.language,
    };
    let record = register(&state, by, registration).await?;
    let now = state.clock.now();
    Ok((
        StatusCode::CREATED,
        Json(out(&state, record, now, is_agent)),
    ))
}

/// Inbox filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct InboxQuery {
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
pub(crate) struct InboxOut {
    /// Earliest due first.
    pub requests: Vec<RequestOut>,
}

/// The inbox, earliest due first. Authorized agents see only their own requests' status.
#[utoipa::path(get, path = "/v1/requests", tag = "requests", params(InboxQuery),
    security(("api_key" = ["admin", "privacy_officer", "authorized_agent"])),
    responses((status = 200, body = InboxOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_requests(
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
            .map(|r| out(&state, r, now, is_agent))
            .collect(),
    }))
}

/// One request with its log and messages. An agent sees only the status of its own.
#[utoipa::path(get, path = "/v1/requests/{id}", tag = "requests",
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer", "authorized_agent"])),
    responses((status = 200, body = RequestOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_request(
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
        return Ok(Json(out(&state, record, now, true)));
    }
    let mut o = out(&state, record, now, false);
    o.log = Some(state.store.request_log(&id).await?);
    o.messages = Some(state.store.request_messages(&id).await?);
    Ok(Json(o))
}

/// Send a one-time code to the person's known e-mail address or phone number.
#[utoipa::path(post, path = "/v1/requests/{id}/verification", tag = "requests",
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody)))]
pub(crate) async fn send_code(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<RequestOut>> {
    let record = load(&state, &id).await?;
    let updated = send_verification_code(&state, &caller.actor(), &record).await?;
    Ok(Json(out(&state, updated, state.clock.now(), false)))
}

/// How the sender's identity was verified.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VerifyIn {
    /// The one-time code the person received.
    pub code: Option<String>,
    /// Or how staff verified them.
    pub method: Option<StaffVerification>,
}

/// Record that the sender is who they say: with the one-time code, or a verification staff made.
#[utoipa::path(post, path = "/v1/requests/{id}/verify", tag = "requests", request_body = VerifyIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn verify(
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
    .map(|record| answered(&state, record))
}

/// An extension.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExtendIn {
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
pub(crate) async fn extend(
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
    .map(|record| answered(&state, record))
}

/// The outcome.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CompleteIn {
    /// What was done: told to the person.
    pub outcome: String,
    /// For objections and human review: the decision (upheld, rejected, changed, …).
    pub decision: Option<String>,
    /// For an access request: make a share link to the person's data (24 hours) and send it
    /// with the answer. The link is in the message only, never in the outcome kept.
    pub share_link: Option<bool>,
}

/// Complete a verified request. A restriction request places the restriction if it is not in
/// place yet.
#[utoipa::path(post, path = "/v1/requests/{id}/complete", tag = "requests", request_body = CompleteIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody)))]
pub(crate) async fn complete(
    Auth { caller, .. }: Auth<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    Body(input): Body<CompleteIn>,
) -> ApiResult<Json<RequestOut>> {
    let record = if input.share_link == Some(true) {
        if input.decision.is_some() {
            return Err(ApiError::invalid_field(
                "decision",
                "an access request takes no decision",
            ));
        }
        let base = crate::share_link::base_url(&headers);
        complete_with_share_link(
            &state,
            &caller.actor(),
            &id,
            &input.outcome,
            base.as_deref(),
        )
        .await?
    } else {
        complete_request(&state, &caller.actor(), &id, &input.outcome, input.decision).await?
    };
    Ok(answered(&state, record))
}

/// Why a request is refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RejectIn {
    /// The reasons: told to the person with their right to complain (Art. 12(4)).
    pub reason: String,
}

/// Refuse a request, with reasons.
#[utoipa::path(post, path = "/v1/requests/{id}/reject", tag = "requests", request_body = RejectIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody)))]
pub(crate) async fn reject(
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
    .map(|record| answered(&state, record))
}

/// Who works on a request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssignIn {
    /// The assignee; `me` for the caller; null to unassign.
    pub assignee: Option<String>,
}

/// Assign a request.
#[utoipa::path(post, path = "/v1/requests/{id}/assign", tag = "requests", request_body = AssignIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut)))]
pub(crate) async fn assign(
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
    .map(|record| answered(&state, record))
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
pub(crate) struct NoteIn {
    /// The text.
    pub text: String,
}

/// Add a note to the request's log.
#[utoipa::path(post, path = "/v1/requests/{id}/notes", tag = "requests", request_body = NoteIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut)))]
pub(crate) async fn add_note(
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
    .map(|record| answered(&state, record))
}

/// The person a request is about.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkIn {
    /// The person's id.
    pub person: String,
}

/// Tie a request to the person it is about, when found later.
#[utoipa::path(post, path = "/v1/requests/{id}/person", tag = "requests", request_body = LinkIn,
    params(("id" = String, Path, description = "The request's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RequestOut), (status = 409, body = ErrorBody)))]
pub(crate) async fn link_person(
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
    .map(|record| answered(&state, record))
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
