//! May we contact this person? One check, or many in a batch. Both ask `decide` over the
//! in-memory index; neither touches the database.

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::Decision;
use vern_core::marketing::Obligation;

use crate::auth::Auth;
use crate::auth::roles::Check;
use crate::check::{self, CheckIn, MAX_BATCH, count_check};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{JsonBytes, parse_json};
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(check))
        .routes(routes!(check_batch))
}

/// One reason.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReasonOut {
    /// Stable code: `objection.direct_marketing`, `blocklist`, `consent.missing`, `restricted`,
    /// `register.nix_telefon`, `register.stale`, `quiet_hours`, …
    pub code: &'static str,
    /// For people.
    #[schema(value_type = String)]
    pub message: std::borrow::Cow<'static, str>,
    /// For objections: who conveyed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    /// For register reasons: which register.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register: Option<&'static str>,
}

/// The answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CheckOut {
    /// Whether contact is allowed.
    pub allowed: bool,
    /// Why not.
    pub reasons: Vec<ReasonOut>,
    /// Rules that would have refused but an exemption lifted: `register.exempt_customer` when
    /// the person is listed on a register but is an existing customer for the purpose's product
    /// category. Absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<ReasonOut>,
    /// For allowed direct marketing by e-mail, SMS, MMS or messaging: the ground it rests on,
    /// `consent`, `soft_opt_in` or `business_contact`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<&'static str>,
    /// What the sender must do: `offer_opt_out` (every electronic marketing message carries a
    /// free, simple way to opt out).
    #[serde(skip_serializing_if = "<[Obligation]>::is_empty")]
    #[schema(value_type = Vec<String>)]
    pub obligations: &'static [Obligation],
    /// Set in a batch when the item itself was invalid (and nothing was decided).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

impl From<&vern_core::Reason> for ReasonOut {
    fn from(r: &vern_core::Reason) -> Self {
        ReasonOut {
            code: r.code.as_str(),
            message: r.message(),
            source: r.source.map(|s| s.as_str()),
            register: r.register.map(|r| r.as_str()),
        }
    }
}

impl From<Decision> for CheckOut {
    fn from(d: Decision) -> Self {
        CheckOut {
            allowed: d.allowed,
            reasons: d.reasons.iter().map(Into::into).collect(),
            exemptions: d.exemptions.iter().map(Into::into).collect(),
            basis: d.basis.map(|b| b.as_str()),
            obligations: d.obligations,
            error: None,
        }
    }
}

/// May this controller contact this person on this channel for this purpose?
#[utoipa::path(post, path = "/v1/check", tag = "check", request_body = CheckIn<'_>,
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer"])),
    responses((status = 200, body = CheckOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn check(
    Auth { caller, .. }: Auth<Check>,
    State(state): State<AppState>,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Json<CheckOut>> {
    let item: CheckIn<'_> = parse_json(&body)?;
    let decision = check::check_one(&state, || caller.actor(), &item).await?;
    count_check(decision.allowed);
    Ok(Json(decision.into()))
}

/// Up to 10 000 checks.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BatchIn<'a> {
    /// The checks, each as for `/v1/check`.
    #[serde(borrow)]
    pub items: Vec<CheckIn<'a>>,
}

/// The answers, in the order asked.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BatchOut {
    /// One answer per item.
    pub results: Vec<CheckOut>,
}

/// Many checks at once, answered in order. An invalid item gets an `error` and `allowed: false`;
/// the others are decided.
#[utoipa::path(post, path = "/v1/check/batch", tag = "check", request_body = BatchIn<'_>,
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer"])),
    responses((status = 200, body = BatchOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn check_batch(
    _: Auth<Check>,
    State(state): State<AppState>,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let worker = state.clone();
    // Parsing, hashing and deciding thousands of items, and writing the answer's JSON, is CPU
    // work: keep it off the connection's thread, which serves other connections meanwhile
    // (`front.rs`), and spread a large batch over the cores, each part under its own read guard.
    let decide_all = move || -> ApiResult<Vec<CheckOut>> {
        let batch: BatchIn<'_> = parse_json(&body)?;
        if batch.items.len() > MAX_BATCH {
            return Err(ApiError::invalid_field(
                "items",
                format!("at most {MAX_BATCH} items per batch"),
            ));
        }
        check::refuse_carrying(&batch.items)?;
        Ok(check::decide_batch(
            &worker.follower,
            worker.store.keys(),
            now,
            &batch.items,
            |decided| match decided {
                Ok(decision) => decision.into(),
                Err(e) => CheckOut {
                    allowed: false,
                    reasons: Vec::new(),
                    exemptions: Vec::new(),
                    basis: None,
                    obligations: &[],
                    error: Some(e.into_body()),
                },
            },
        ))
    };
    let (count, json) = tokio::task::spawn_blocking(move || {
        let results = decide_all()?;
        let count = results.len();
        let json = serde_json::to_vec(&BatchOut { results }).map_err(|e| ApiError::internal(&e))?;
        Ok::<_, ApiError>((count, json))
    })
    .await
    .map_err(|e| ApiError::internal(&e))??;
    metrics::counter!("vern_batch_checks_total").increment(count as u64);
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}
