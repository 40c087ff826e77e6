//! An Art. 14(5) exemption from the Art. 14 notice, recorded on a person, and another attempt
//! at a notice the outbox gave up (docs/notices.md).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::person::Art14NoticeOut;
use crate::art14;
use crate::auth::Auth;
use crate::auth::roles::ManagePeople;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Body;
use crate::state::AppState;

/// An Art. 14(5) ground for not giving the notice.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ExemptionIn {
    /// `already_informed` (a), `disproportionate_effort` (b), `required_by_law` (c) or
    /// `professional_secrecy` (d).
    pub exemption: Option<String>,
    /// Why the ground applies (kept sealed with the person's data; required).
    pub reason: Option<String>,
}

/// Record that a person is not given the Art. 14 notice, on an Art. 14(5) ground, with the
/// reason. Lifts the wait on direct marketing (`notice.art14_pending`).
#[utoipa::path(post, path = "/v1/people/{id}/art14-exemption", tag = "register", request_body = ExemptionIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 201, body = Art14NoticeOut), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn record_exemption(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<ExemptionIn>,
) -> ApiResult<(StatusCode, Json<Art14NoticeOut>)> {
    let notice = art14::record_exemption(
        &state,
        &caller.actor(),
        &caller.key.name,
        &id,
        input.exemption.as_deref().unwrap_or_default(),
        input.reason.as_deref().unwrap_or_default(),
    )
    .await?;
    let view = art14::NoticeView {
        notice,
        no_address: false,
    };
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// Send a notice that failed for good again (the outbox gave it up): it is owed again and the
/// sending job queues it to the person's address as it is now, with `notice.art14_requeued`.
/// Only a `failed` notice: one owed, queued, sent or excused is a 409 (never sent twice).
#[utoipa::path(post, path = "/v1/people/{id}/art14-notice/retry", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = Art14NoticeOut), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub(super) async fn retry(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Art14NoticeOut>> {
    let view = art14::retry(&state, &caller.actor(), &id).await?;
    Ok(Json(view.into()))
}
