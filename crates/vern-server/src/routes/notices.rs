//! Art. 14 notices (docs/notices.md): a controller's own introduction to its notice, per
//! language. The notice's state is shown on the person (`GET /v1/people/{id}`) and an Art.
//! 14(5) exemption is recorded on them (`routes/people/art14.rs`); the sending is a job.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::art14;
use crate::auth::Auth;
use crate::auth::roles::{ManagePurposes, ReadConfig};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Body;
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_texts))
        .routes(routes!(set_text))
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
