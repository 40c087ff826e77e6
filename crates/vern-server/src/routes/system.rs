//! Health, readiness, metrics and the caller's identity.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Auth;
use crate::auth::roles::AnyRole;
use crate::error::{ApiResult, ErrorBody};
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics))
        .routes(routes!(whoami))
}

/// Liveness.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    /// Always `ok` when the process answers.
    pub status: &'static str,
}

/// The process is alive.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
pub(crate) async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Readiness.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Ready {
    /// `ready` or `unavailable`.
    pub status: &'static str,
    /// The last ledger entry this process reflects.
    pub ledger_seq: i64,
}

/// The database answers and this process has loaded its views.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses((status = 200, body = Ready), (status = 503, body = Ready))
)]
pub(crate) async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let ledger_seq = state.follower.applied();
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(Ready {
                status: "ready",
                ledger_seq,
            }),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Ready {
                    status: "unavailable",
                    ledger_seq,
                }),
            )
        }
    }
}

/// Prometheus metrics.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", content_type = "text/plain"))
)]
pub(crate) async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let mut text = state.metrics.render();
    text.push_str(&state.gauges.render(state.follower.applied()));
    // Counted at each scrape from the register: a breach's clock runs without anyone writing.
    if let Ok((open, overdue)) = crate::breaches::counts(&state).await {
        for (name, value) in [
            ("vern_breaches_open", open),
            ("vern_breaches_overdue", overdue),
        ] {
            text.push_str(&format!("# TYPE {name} gauge\n{name} {value}\n\n"));
        }
    }
    // Counted at each scrape too: an agreement expires as the days pass.
    if let Ok((expiring, expired, review)) = crate::processors::counts(&state).await {
        for (name, value) in [
            ("vern_processor_agreements_expiring", expiring),
            ("vern_processor_agreements_expired", expired),
            ("vern_processor_agreements_review_overdue", review),
        ] {
            text.push_str(&format!("# TYPE {name} gauge\n{name} {value}\n\n"));
        }
    }
    ([(CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}

/// Who the caller is.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct WhoAmI {
    /// The key's id.
    pub key_id: String,
    /// The key's name.
    pub name: String,
    /// The key's role.
    #[schema(value_type = String, example = "privacy_officer")]
    pub role: vern_core::Role,
}

/// The calling key's name and role.
#[utoipa::path(
    get,
    path = "/v1/whoami",
    tag = "operations",
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer", "auditor", "authorized_agent"])),
    responses((status = 200, body = WhoAmI), (status = 401, body = ErrorBody))
)]
pub(crate) async fn whoami(Auth { caller, .. }: Auth<AnyRole>) -> ApiResult<Json<WhoAmI>> {
    Ok(Json(WhoAmI {
        key_id: caller.key.id.clone(),
        name: caller.key.name.clone(),
        role: caller.role,
    }))
}
