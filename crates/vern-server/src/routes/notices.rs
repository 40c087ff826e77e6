//! Art. 14 notices (docs/notices.md): the notices not yet given (failed ones included), and a
//! controller's own introduction to its notice, per language. The notice's state is shown on
//! the person (`GET /v1/people/{id}`), an Art. 14(5) exemption and a retry are recorded on them
//! (`routes/people/art14.rs`); the sending is a job.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::art14;
use crate::auth::Auth;
use crate::auth::roles::{ManagePeople, ManagePurposes, ReadConfig};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Body, Params};
use crate::routes::people::person::Art14NoticeOut;
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_texts))
        .routes(routes!(set_text))
        .routes(routes!(list_pending))
}

/// Which notices.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(super) struct PendingQuery {
    /// Only `owed`, `queued` or `failed` (delivery gave up: nobody was told).
    pub state: Option<String>,
}

/// The notices not yet given.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct PendingOut {
    /// The earliest deadline first; at most 500.
    pub notices: Vec<PendingNoticeOut>,
}

/// One notice not yet given, with whose it is (ids only).
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct PendingNoticeOut {
    /// The person (`GET /v1/people/{id}`).
    pub person_id: String,
    /// The controller's key.
    pub controller: String,
    /// Past the Art. 14(3)(a) deadline.
    pub overdue: bool,
    /// Where it stands.
    pub notice: Art14NoticeOut,
}

/// The Art. 14 notices not yet given: owed, in the outbox, or failed for good (with the
/// reason's category), the earliest deadline first. Where staff find the people nobody could
/// tell, to correct their address, retry, or record an exemption.
#[utoipa::path(get, path = "/v1/art14-notices", tag = "register", params(PendingQuery),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = PendingOut), (status = 422, body = ErrorBody)))]
pub(super) async fn list_pending(
    _: Auth<ManagePeople>,
    State(state): State<AppState>,
    Params(q): Params<PendingQuery>,
) -> ApiResult<Json<PendingOut>> {
    let now = state.clock.now();
    let views = art14::list_pending(&state, q.state.as_deref()).await?;
    let index = state.follower.index();
    Ok(Json(PendingOut {
        notices: views
            .into_iter()
            .map(|v| PendingNoticeOut {
                person_id: v.notice.person_id.clone(),
                controller: index
                    .controller_by_id(v.notice.controller)
                    .map(|c| c.record.key.clone())
                    .unwrap_or_default(),
                overdue: v.notice.due_at <= now,
                notice: v.into(),
            })
            .collect(),
    }))
}

/// A controller's own introductions to its Art. 14 notice.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct TextsOut {
    /// One per language that has its own; the others use the generated introduction.
    pub texts: Vec<TextOut>,
}

/// One language's introduction.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct TextOut {
    /// sv, nb, da, fi or en.
    pub language: String,
    /// The introduction; the generated facts (controller, source, purposes, rights, the right
    /// to object) always follow it.
    pub intro: String,
}

/// A controller's own introductions to its Art. 14 notice, by language.
#[utoipa::path(get, path = "/v1/controllers/{key}/art14-texts", tag = "register",
    params(("key" = String, Path, description = "The controller's key")),
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer", "auditor"])),
    responses((status = 200, body = TextsOut), (status = 404, body = ErrorBody)))]
pub(super) async fn list_texts(
    _: Auth<ReadConfig>,
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> ApiResult<Json<TextsOut>> {
    let texts = art14::texts(&state, &key).await?;
    Ok(Json(TextsOut {
        texts: texts
            .into_iter()
            .map(|(language, intro)| TextOut { language, intro })
            .collect(),
    }))
}

/// An introduction.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct TextIn {
    /// The introduction; empty: the generated one again.
    pub intro: Option<String>,
}

/// Set a controller's own introduction to its Art. 14 notice in one language (an empty text
/// clears it). The generated facts always follow it, so the notice stays complete.
#[utoipa::path(put, path = "/v1/controllers/{key}/art14-texts/{language}", tag = "register", request_body = TextIn,
    params(("key" = String, Path, description = "The controller's key"),
        ("language" = String, Path, description = "sv, nb, da, fi or en")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn set_text(
    Auth { caller, .. }: Auth<ManagePurposes>,
    State(state): State<AppState>,
    Path((key, language)): Path<(String, String)>,
    Body(input): Body<TextIn>,
) -> ApiResult<StatusCode> {
    let Some(intro) = input.intro else {
        return Err(ApiError::invalid_field(
            "intro",
            "required (empty clears it)",
        ));
    };
    art14::set_text(&state, &caller.actor(), &key, &language, &intro).await?;
    Ok(StatusCode::NO_CONTENT)
}
