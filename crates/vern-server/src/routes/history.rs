//! The customer history a CRM keeps: activities, deals and todos, each tied to a person.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_store::model::{Activity, Deal, Todo};

use crate::auth::Auth;
use crate::auth::roles::WorkPeople;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Body;
use crate::history::{self, ActivityTexts, DealTexts, TodoTexts};
use crate::people::not_found;
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_activities, add_activity))
        .routes(routes!(list_deals, add_deal))
        .routes(routes!(list_todos, add_todo))
}

/// An activity.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActivityIn {
    /// call, sms, email, meeting or note.
    pub kind: String,
    /// Free text.
    pub note: Option<String>,
    /// The channel used.
    pub channel: Option<String>,
    /// Who did it (default: the caller's key name).
    pub owner: Option<String>,
    /// When (RFC 3339; default: now).
    pub at: Option<String>,
}

/// Activities.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ActivitiesOut {
    /// Newest first.
    #[schema(value_type = Vec<Object>)]
    pub activities: Vec<Activity>,
}

/// A person's activities.
#[utoipa::path(get, path = "/v1/people/{id}/activities", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = ActivitiesOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_activities(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ActivitiesOut>> {
    state.store.get_person(&id).await.map_err(not_found)?;
    Ok(Json(ActivitiesOut {
        activities: state.store.list_activities(&id).await?,
    }))
}

/// Record an activity: a call, a message, a meeting, a note.
#[utoipa::path(post, path = "/v1/people/{id}/activities", tag = "register", request_body = ActivityIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = Object), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_activity(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<ActivityIn>,
) -> ApiResult<(StatusCode, Json<Activity>)> {
    let now = state.clock.now();
    let texts = ActivityTexts {
        kind: input.kind,
        note: input.note,
        channel: input.channel,
        owner: input.owner,
        at: input.at,
    };
    let activity = history::activity_input(texts, Some(caller.key.name.clone()), now)
        .map_err(ApiError::invalid)?;
    let a = history::record_activity(&state, &caller.actor(), now, &id, &activity).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// A deal.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DealIn {
    /// A title.
    pub title: Option<String>,
    /// Amount in minor units (öre, øre, cents); never negative.
    #[schema(minimum = 0)]
    pub amount_minor: i64,
    /// ISO 4217 currency (SEK, NOK, DKK, EUR).
    pub currency: String,
    /// Stage: lead, proposal, won, lost, …
    pub stage: String,
    /// The seller (default: the caller's key name).
    pub owner: Option<String>,
    /// Opened (default: now).
    pub opened_at: Option<String>,
    /// Closed.
    pub closed_at: Option<String>,
    /// What was sold (`broadband`): a won deal with a category starts a customer relationship
    /// on the day it closed.
    pub product_category: Option<String>,
}

/// Deals.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DealsOut {
    /// Newest first.
    #[schema(value_type = Vec<Object>)]
    pub deals: Vec<Deal>,
}

/// A person's deals.
#[utoipa::path(get, path = "/v1/people/{id}/deals", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = DealsOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_deals(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<DealsOut>> {
    state.store.get_person(&id).await.map_err(not_found)?;
    Ok(Json(DealsOut {
        deals: state.store.list_deals(&id).await?,
    }))
}

/// Record a deal.
#[utoipa::path(post, path = "/v1/people/{id}/deals", tag = "register", request_body = DealIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = Object), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_deal(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<DealIn>,
) -> ApiResult<(StatusCode, Json<Deal>)> {
    let now = state.clock.now();
    let texts = DealTexts {
        title: input.title,
        amount_minor: input.amount_minor,
        currency: input.currency,
        stage: input.stage,
        owner: input.owner,
        opened_at: input.opened_at,
        closed_at: input.closed_at,
        product_category: input.product_category,
    };
    let deal = history::deal_input(texts, Some(caller.key.name.clone()), now)
        .map_err(ApiError::invalid)?;
    let d = history::record_deal(&state, &caller.actor(), now, &id, &deal).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// A todo.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TodoIn {
    /// What to do.
    pub text: String,
    /// Whose (default: the caller's key name).
    pub owner: Option<String>,
    /// By when.
    pub due_at: Option<String>,
}

/// Todos.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TodosOut {
    /// Newest first.
    #[schema(value_type = Vec<Object>)]
    pub todos: Vec<Todo>,
}

/// A person's todos.
#[utoipa::path(get, path = "/v1/people/{id}/todos", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = TodosOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_todos(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<TodosOut>> {
    state.store.get_person(&id).await.map_err(not_found)?;
    Ok(Json(TodosOut {
        todos: state.store.list_todos(&id).await?,
    }))
}

/// Record a todo.
#[utoipa::path(post, path = "/v1/people/{id}/todos", tag = "register", request_body = TodoIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = Object), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_todo(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<TodoIn>,
) -> ApiResult<(StatusCode, Json<Todo>)> {
    let now = state.clock.now();
    let texts = TodoTexts {
        text: input.text,
        owner: input.owner,
        due_at: input.due_at,
        done_at: None,
    };
    let todo =
        history::todo_input(texts, Some(caller.key.name.clone())).map_err(ApiError::invalid)?;
    let t = history::record_todo(&state, &caller.actor(), now, &id, &todo).await?;
    Ok((StatusCode::CREATED, Json(t)))
}
