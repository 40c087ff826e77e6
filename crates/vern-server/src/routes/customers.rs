//! Customer relationships (`/v1/people/{id}/relationships`) and controller terms
//! (`/v1/controllers/{key}/terms`): each handler reads its input and calls one use case in
//! `customers.rs`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_store::model::{ControllerTerms, CustomerRelationshipRecord};

use crate::auth::Auth;
use crate::auth::roles::{AdminOnly, ReadConfig, WorkPeople};
use crate::customers::{self, RelationshipTexts, TermsChange};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Body;
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_relationships, start_relationship))
        .routes(routes!(end_relationship))
        .routes(routes!(get_terms, set_terms))
}

/// A customer relationship to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelationshipIn {
    /// What the person is a customer for (`broadband`): a purpose of the same
    /// `product_category` may call them despite NIX-Telefon or Reservasjonsregisteret.
    pub product_category: String,
    /// The first day, ISO 8601 (default: today).
    pub started: Option<String>,
    /// The last day, ISO 8601, if it already ended.
    pub ended: Option<String>,
}

/// A recorded customer relationship.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RelationshipOut {
    /// Id.
    pub id: String,
    /// The person.
    pub person_id: String,
    /// What for.
    pub product_category: String,
    /// The first day, ISO 8601.
    pub started: String,
    /// The last day, ISO 8601, once ended.
    pub ended: Option<String>,
    /// The won deal it comes from, if any.
    pub deal: Option<String>,
    /// When recorded, RFC 3339.
    pub created_at: String,
}

impl From<CustomerRelationshipRecord> for RelationshipOut {
    fn from(r: CustomerRelationshipRecord) -> Self {
        let day = |d: time::Date| d.format(vern_core::calendar::ISO_DATE).unwrap_or_default();
        RelationshipOut {
            id: r.id,
            person_id: r.person_id,
            product_category: r.product_category.as_str().to_owned(),
            started: day(r.started),
            ended: r.ended.map(day),
            deal: r.deal,
            created_at: r
                .created_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        }
    }
}

/// A person's customer relationships.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RelationshipsOut {
    /// Oldest first.
    pub relationships: Vec<RelationshipOut>,
}

/// A person's customer relationships with their controller.
#[utoipa::path(get, path = "/v1/people/{id}/relationships", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = RelationshipsOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_relationships(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<RelationshipsOut>> {
    let relationships = customers::list(&state, &id).await?;
    Ok(Json(RelationshipsOut {
        relationships: relationships.into_iter().map(Into::into).collect(),
    }))
}

/// Record a customer relationship.
#[utoipa::path(post, path = "/v1/people/{id}/relationships", tag = "register", request_body = RelationshipIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = RelationshipOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn start_relationship(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<RelationshipIn>,
) -> ApiResult<(StatusCode, Json<RelationshipOut>)> {
    let texts = RelationshipTexts {
        product_category: input.product_category,
        started: input.started,
        ended: input.ended,
    };
    let r = customers::start(&state, &caller.actor(), &id, &texts).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}

/// When a relationship ended.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct EndIn {
    /// The last day, ISO 8601 (default: today).
    pub ended: Option<String>,
}

/// End a customer relationship: the exemption then lasts the controller's period after it.
#[utoipa::path(post, path = "/v1/people/{id}/relationships/{relationship}/end", tag = "register", request_body = EndIn,
    params(("id" = String, Path, description = "The person's id"),
           ("relationship" = String, Path, description = "The relationship's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = RelationshipOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn end_relationship(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path((id, relationship)): Path<(String, String)>,
    Body(input): Body<EndIn>,
) -> ApiResult<Json<RelationshipOut>> {
    let r = customers::end(
        &state,
        &caller.actor(),
        &id,
        &relationship,
        input.ended.as_deref(),
    )
    .await?;
    Ok(Json(r.into()))
}

/// A controller's terms.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TermsOut {
    /// The month (1 to 12) its financial year starts in; bookkeeping holds count from the
    /// year's end.
    pub financial_year_start_month: u8,
    /// Months after a customer relationship ends that the customer stays exempt from
    /// NIX-Telefon (6 to 12).
    pub nix_telefon_months: u8,
    /// Months after a customer relationship ends that the customer stays exempt from
    /// Reservasjonsregisteret (0 to 12).
    pub reservasjonsregisteret_months: u8,
}

impl From<ControllerTerms> for TermsOut {
    fn from(t: ControllerTerms) -> Self {
        TermsOut {
            financial_year_start_month: t.financial_year.start_month(),
            nix_telefon_months: t.customer.nix_telefon_months,
            reservasjonsregisteret_months: t.customer.reservasjonsregisteret_months,
        }
    }
}

/// The terms to change; absent fields keep their value.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermsIn {
    /// 1 (the calendar year) to 12.
    pub financial_year_start_month: Option<u8>,
    /// 6 to 12.
    pub nix_telefon_months: Option<u8>,
    /// 0 to 12.
    pub reservasjonsregisteret_months: Option<u8>,
}

fn controller_id(state: &AppState, key: &str) -> Result<vern_core::ControllerId, ApiError> {
    state
        .follower
        .index()
        .controller(key)
        .map(|c| c.record.id)
        .ok_or_else(|| ApiError::not_found("controller"))
}

/// A controller's financial year and customer exemption periods.
#[utoipa::path(get, path = "/v1/controllers/{key}/terms", tag = "register",
    params(("key" = String, Path, description = "The controller's key or number")),
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer", "auditor"])),
    responses((status = 200, body = TermsOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_terms(
    _: Auth<ReadConfig>,
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> ApiResult<Json<TermsOut>> {
    let id = controller_id(&state, &key)?;
    Ok(Json(customers::terms(&state, id).await?.into()))
}

/// Change a controller's financial year and customer exemption periods.
#[utoipa::path(put, path = "/v1/controllers/{key}/terms", tag = "register", request_body = TermsIn,
    params(("key" = String, Path, description = "The controller's key or number")),
    security(("api_key" = ["admin"])),
    responses((status = 200, body = TermsOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_terms(
    Auth { caller, .. }: Auth<AdminOnly>,
    State(state): State<AppState>,
    Path(key): Path<String>,
    Body(input): Body<TermsIn>,
) -> ApiResult<Json<TermsOut>> {
    let id = controller_id(&state, &key)?;
    let change = TermsChange {
        financial_year_start_month: input.financial_year_start_month,
        nix_telefon_months: input.nix_telefon_months,
        reservasjonsregisteret_months: input.reservasjonsregisteret_months,
    };
    let terms = customers::set_terms(&state, &caller.actor(), id, change).await?;
    Ok(Json(terms.into()))
}
