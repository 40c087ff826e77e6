//! Restriction of processing (Art. 18): reading, placing and lifting.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vern_store::model::RestrictionRecord;

use crate::auth::Auth;
use crate::auth::roles::ManagePeople;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Body;
use crate::people;
use crate::state::AppState;

/// Why a restriction is placed or lifted.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RestrictionIn {
    /// The reason (accuracy contested, objection pending, …).
    pub reason: Option<String>,
    /// The request this answers.
    pub request: Option<String>,
}

/// A person's restrictions.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct RestrictionsOut {
    /// Whether one is in force.
    pub restricted: bool,
    /// Every restriction, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub restrictions: Vec<RestrictionRecord>,
}

impl From<Vec<RestrictionRecord>> for RestrictionsOut {
    fn from(restrictions: Vec<RestrictionRecord>) -> RestrictionsOut {
        RestrictionsOut {
            restricted: restrictions.iter().any(|r| r.lifted_at.is_none()),
            restrictions,
        }
    }
}

/// A person's restrictions (Art. 18).
#[utoipa::path(get, path = "/v1/people/{id}/restriction", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RestrictionsOut), (status = 404, body = ErrorBody)))]
pub(super) async fn list_restrictions(
    _: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<RestrictionsOut>> {
    Ok(Json(people::restrictions(&state, &id).await?.into()))
}

/// Put a person on hold: while restricted nothing may be done with the data but storage.
#[utoipa::path(post, path = "/v1/people/{id}/restriction", tag = "register", request_body = RestrictionIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 201, body = RestrictionsOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn place_restriction(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<RestrictionIn>,
) -> ApiResult<(StatusCode, Json<RestrictionsOut>)> {
    let Some(reason) = input.reason else {
        return Err(ApiError::invalid_field("reason", "required"));
    };
    let placed = people::place_restriction(
        &state,
        &caller.actor(),
        &id,
        &reason,
        input.request.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(placed.into())))
}

/// Lift a restriction.
#[utoipa::path(delete, path = "/v1/people/{id}/restriction", tag = "register", request_body = RestrictionIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RestrictionsOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn lift_restriction(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<RestrictionsOut>> {
    // The body is optional here: a DELETE without one lifts with a generic reason.
    let input: RestrictionIn = crate::extract::optional_json(&body)?;
    let lifted = people::lift_restriction(
        &state,
        &caller.actor(),
        &id,
        input.reason.as_deref(),
        input.request.as_deref(),
    )
    .await?;
    Ok(Json(lifted.into()))
}
