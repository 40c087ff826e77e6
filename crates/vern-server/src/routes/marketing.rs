//! The facts of the electronic-mail and Danish telephone-sales rules: a person's
//! business-contact mark, a soft opt-in from a won deal, a consumer's request to be called.
//! Each calls one use case in `marketing.rs`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_store::model::{CallRequestRecord, SoftOptInRecord};

use crate::auth::Auth;
use crate::auth::roles::WorkPeople;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Body;
use crate::input::{self, IdentifiersIn};
use crate::marketing::{self, SoftOptInRequest};
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_business_contact))
        .routes(routes!(record_soft_opt_in))
        .routes(routes!(record_call_request))
}

/// Whether the person is a business contact (a company's role address).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BusinessContactIn {
    /// True for a business contact: SE and NO electronic-mail rules protect natural persons
    /// only, FI allows a legal person's address unless it refused, DK protects everyone.
    pub business_contact: bool,
}

/// Mark or unmark a person as a business contact.
#[utoipa::path(put, path = "/v1/people/{id}/business-contact", tag = "register",
    request_body = BusinessContactIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = BusinessContactIn), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_business_contact(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<BusinessContactIn>,
) -> ApiResult<Json<BusinessContactIn>> {
    let business_contact =
        marketing::set_business_contact(&state, &caller.actor(), &id, input.business_contact)
            .await?;
    Ok(Json(BusinessContactIn { business_contact }))
}

/// An address obtained in the controller's own sale (the soft opt-in).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SoftOptInIn {
    /// The one e-mail address or phone number obtained in the sale; the person must hold it.
    pub identifier: IdentifiersIn,
    /// The won deal (`/v1/people/{id}/deals`) of the sale.
    pub deal: String,
    /// The sale's product category; purposes of the same `product_category` may use it.
    pub product_category: String,
    /// Whether a free, simple opt-out was offered when the address was collected (required by
    /// law for a soft opt-in; recorded as given).
    pub opt_out_offered: bool,
    /// When the address was obtained, RFC 3339 (default: now).
    pub obtained_at: Option<String>,
}

/// Record a soft opt-in from a won deal.
#[utoipa::path(post, path = "/v1/people/{id}/soft-opt-ins", tag = "register",
    request_body = SoftOptInIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = Object), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn record_soft_opt_in(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<SoftOptInIn>,
) -> ApiResult<(StatusCode, Json<SoftOptInRecord>)> {
    let request = SoftOptInRequest {
        obtained_at: input::instant(input.obtained_at.as_deref(), "obtained_at")?,
        identifier: input.identifier,
        deal: input.deal,
        product_category: input.product_category,
        opt_out_offered: input.opt_out_offered,
    };
    let record = marketing::record_soft_opt_in(&state, &caller.actor(), &id, request).await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A consumer's request to be called.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CallRequestIn {
    /// When the person asked, RFC 3339 (default: now).
    pub requested_at: Option<String>,
    /// How it is known: a note, a form's or a recording's reference (kept sealed).
    pub evidence: String,
}

/// Record a consumer's request to be called by the person's controller: it lifts the Danish
/// telephone-sales ban (forbrugeraftaleloven § 4) for that controller, not Robinsonlisten.
#[utoipa::path(post, path = "/v1/people/{id}/call-requests", tag = "register",
    request_body = CallRequestIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = Object), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn record_call_request(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<CallRequestIn>,
) -> ApiResult<(StatusCode, Json<CallRequestRecord>)> {
    let requested_at = input::instant(input.requested_at.as_deref(), "requested_at")?;
    let record =
        marketing::record_call_request(&state, &caller.actor(), &id, requested_at, &input.evidence)
            .await?;
    Ok((StatusCode::CREATED, Json(record)))
}
