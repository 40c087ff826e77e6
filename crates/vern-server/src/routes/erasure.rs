//! Erasure over HTTP: the recycle bin, anonymization, mass erasure, and the recipients told
//! about erasures (Art. 19).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_store::model::{Hold, PurgeOutcome, TrashEntry, Webhook, WebhookDelivery};

use crate::auth::Auth;
use crate::auth::roles::{AdminOnly, ManagePeople};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Body;
use crate::input;
use crate::people;
use crate::state::AppState;
use crate::webhooks;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(erase_person))
        .routes(routes!(anonymize_person))
        .routes(routes!(list_trash))
        .routes(routes!(restore_person))
        .routes(routes!(mass_erasure))
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(disable_webhook))
        .routes(routes!(list_deliveries))
}

/// Why a person is erased.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct EraseIn {
    /// The reason (an erasure request, the person's call, …).
    pub reason: Option<String>,
    /// Tell the person, at their known address, that their data will be erased at the end of
    /// the recycle period (default true).
    pub notify: Option<bool>,
}

/// The result of an erasure.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ErasedOut {
    /// The person.
    pub id: String,
    /// `in_recycle_bin`.
    pub state: &'static str,
    /// When the purge happens unless restored first.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub purge_after: OffsetDateTime,
    /// What a legal obligation will keep after the purge, and until when.
    #[schema(value_type = Vec<Object>)]
    pub kept: Vec<Hold>,
}

/// Erase a person: to the recycle bin at once (invisible everywhere: lookups, checks, reports,
/// lists), purged after the recycle period. Unless `notify` is false, the person is told, in
/// their language, that their data is out of use and will be erased on the purge date; a
/// restore before then withdraws that message or tells them the erasure was cancelled.
#[utoipa::path(delete, path = "/v1/people/{id}", tag = "erasure",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = ErasedOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn erase_person(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<ErasedOut>> {
    let input: EraseIn = crate::extract::optional_json(&body)?;
    let reason = input.reason.unwrap_or_else(|| "erased by staff".to_owned());
    let notify = input.notify.unwrap_or(true);
    let erased = people::erase(&state, &caller.actor(), &id, &reason, notify).await?;
    Ok(Json(ErasedOut {
        id,
        state: "in_recycle_bin",
        purge_after: erased.purge_after,
        kept: erased.kept,
    }))
}

/// Anonymize a person now, irreversibly: everything of theirs goes (but what a legal
/// obligation keeps), their history stays for statistics without them, their key is destroyed.
/// A person not yet in the recycle bin is told, once, that their data has been erased.
#[utoipa::path(post, path = "/v1/people/{id}/anonymize", tag = "erasure",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin"])),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub(crate) async fn anonymize_person(
    Auth { caller, .. }: Auth<AdminOnly>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<PurgeOutcome>> {
    Ok(Json(people::anonymize(&state, &caller.actor(), &id).await?))
}

/// The recycle bin.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TrashOut {
    /// Oldest first.
    #[schema(value_type = Vec<Object>)]
    pub people: Vec<TrashEntry>,
    /// Days a person stays before the purge.
    pub recycle_days: u32,
}

/// The recycle bin.
#[utoipa::path(get, path = "/v1/trash", tag = "erasure",
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = TrashOut)))]
pub(crate) async fn list_trash(
    _: Auth<ManagePeople>,
    State(state): State<AppState>,
) -> ApiResult<Json<TrashOut>> {
    Ok(Json(TrashOut {
        people: state.store.list_trash().await?,
        recycle_days: state.erasure.recycle_days,
    }))
}

/// Restore a person from the recycle bin (before the purge). The erasure's message to the
/// person is withdrawn if it has not gone out; if it has, they are told the erasure was
/// cancelled.
#[utoipa::path(post, path = "/v1/trash/{id}/restore", tag = "erasure",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn restore_person(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<serde_json::Value>> {
    crate::trash::restore(&state, &caller.actor(), &id).await?;
    Ok(Json(serde_json::json!({ "id": id, "state": "restored" })))
}

/// A selection of people to erase.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct SelectionIn {
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
    /// On any of these customer lists.
    pub lists: Option<Vec<String>>,
    /// Created before (RFC 3339).
    pub created_before: Option<String>,
    /// No activity since (RFC 3339): created before it, and no activity at or after it.
    pub inactive_since: Option<String>,
    /// Consent for this purpose in this state (unknown, granted, withdrawn, expired) on each
    /// channel named (default: each channel of the purpose).
    pub consent: Option<ConsentFilter>,
    /// List what would go without erasing anything (default true).
    pub dry_run: Option<bool>,
    /// Why (recorded with each erasure).
    pub reason: Option<String>,
    /// Tell each person that their data will be erased at the end of the recycle period.
    /// Required for a real run; a dry run counts the messages as if true when left out.
    pub notify: Option<bool>,
    /// The `people` a dry run listed: the real run then takes exactly them, and is refused
    /// (409, nothing erased) if the selection no longer matches exactly them.
    pub confirm: Option<Vec<String>>,
    /// Only the people these identifiers name: phone numbers, e-mail addresses or national
    /// identity numbers, one each (an unreadable one refuses the whole selection).
    pub identifiers: Option<Vec<String>>,
}

/// A consent condition.
#[derive(Debug, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConsentFilter {
    /// The purpose's key.
    pub purpose: String,
    /// unknown, granted, withdrawn or expired.
    pub state: String,
    /// One channel: the consent on exactly this channel is in `state`.
    pub channel: Option<String>,
    /// Channels: the consent on each of them is in `state`. Without `channel` or `channels`,
    /// each channel of the purpose.
    pub channels: Option<Vec<String>>,
}

/// What a mass erasure selected.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SelectionOut {
    /// Whether nothing was erased.
    pub dry_run: bool,
    /// How many people match.
    pub count: usize,
    /// Their ids.
    pub people: Vec<String>,
    /// How many messages go (or would go) to them: those vern holds an address for, when
    /// notified.
    pub messages: usize,
}

/// Erase a selection of people (to the recycle bin). Run it with `dry_run` first to see who
/// would go: the real run takes exactly the people it lists (unless they changed in between).
/// A selection with no condition is refused.
#[utoipa::path(post, path = "/v1/erasures", tag = "erasure", request_body = SelectionIn,
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = SelectionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn mass_erasure(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Body(input): Body<SelectionIn>,
) -> ApiResult<Json<SelectionOut>> {
    let request = crate::trash::MassErasure {
        controller: input.controller,
        lists: input.lists.unwrap_or_default(),
        created_before: input::instant(input.created_before.as_deref(), "created_before")?,
        inactive_since: input::instant(input.inactive_since.as_deref(), "inactive_since")?,
        consent: input.consent.map(|c| crate::trash::ConsentWanted {
            purpose: c.purpose,
            state: c.state,
            channel: c.channel,
            channels: c.channels,
        }),
        identifiers: input.identifiers,
        dry_run: input.dry_run.unwrap_or(true),
        notify: input.notify,
        reason: input.reason,
        confirm: input.confirm,
    };
    let outcome = crate::trash::mass_erase(&state, &caller.actor(), request).await?;
    Ok(Json(SelectionOut {
        dry_run: outcome.dry_run,
        count: outcome.people.len(),
        people: outcome.people,
        messages: outcome.messages,
    }))
}

/// A recipient to tell about erasures, rectifications, restrictions and objections.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct WebhookIn {
    /// A name (the mailing tool, the dialer, the processor).
    pub name: String,
    /// Where notices are posted (https, or http for a local system).
    pub url: String,
    /// erasure, rectification, restriction, objection, consent.withdrawn (default: all).
    pub events: Option<Vec<String>>,
    /// The processor agreement (`/v1/processors/{id}`) this recipient belongs to.
    pub processor: Option<String>,
}

/// A recipient, with its signing secret (shown once, at creation).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct WebhookOut {
    /// The recipient.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub webhook: Webhook,
    /// The HMAC-SHA-256 secret that signs each notice (`X-Vern-Signature: t=…,v1=…`); shown once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// Recipients.
#[utoipa::path(get, path = "/v1/webhooks", tag = "erasure",
    security(("api_key" = ["admin"])),
    responses((status = 200, body = Vec<WebhookOut>)))]
pub(crate) async fn list_webhooks(
    _: Auth<AdminOnly>,
    State(state): State<AppState>,
) -> ApiResult<Json<Vec<WebhookOut>>> {
    Ok(Json(
        webhooks::list(&state)
            .await?
            .into_iter()
            .map(|webhook| WebhookOut {
                webhook,
                secret: None,
            })
            .collect(),
    ))
}

/// Register a recipient of Art. 19 notices. Notices carry identifier digests, never plaintext,
/// are signed with HMAC-SHA-256 and retried with backoff.
#[utoipa::path(post, path = "/v1/webhooks", tag = "erasure", request_body = WebhookIn,
    security(("api_key" = ["admin"])),
    responses((status = 201, body = WebhookOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_webhook(
    Auth { caller, .. }: Auth<AdminOnly>,
    State(state): State<AppState>,
    Body(input): Body<WebhookIn>,
) -> ApiResult<(StatusCode, Json<WebhookOut>)> {
    let (webhook, secret) = webhooks::create(
        &state,
        &caller.actor(),
        webhooks::WebhookFields {
            name: input.name,
            url: input.url,
            events: input.events,
            processor: input.processor,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(WebhookOut {
            webhook,
            secret: Some(secret),
        }),
    ))
}

/// Stop telling a recipient.
#[utoipa::path(delete, path = "/v1/webhooks/{id}", tag = "erasure",
    params(("id" = String, Path, description = "The recipient's id")),
    security(("api_key" = ["admin"])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn disable_webhook(
    Auth { caller, .. }: Auth<AdminOnly>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    webhooks::disable(&state, &caller.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A recipient's deliveries and their state.
#[utoipa::path(get, path = "/v1/webhooks/{id}/deliveries", tag = "erasure",
    params(("id" = String, Path, description = "The recipient's id")),
    security(("api_key" = ["admin"])),
    responses((status = 200, body = Vec<Object>), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_deliveries(
    _: Auth<AdminOnly>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<WebhookDelivery>>> {
    Ok(Json(webhooks::deliveries(&state, &id).await?.1))
}
