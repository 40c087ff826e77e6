//! Controllers and purposes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::zone::Zone;
use vern_core::{Rule, RuleSet};
use vern_store::model::{Controller, ProcessorRecord, PurposeRecord};

use crate::auth::Auth;
use crate::auth::roles::{AdminOnly, ManagePurposes, ReadConfig};
use crate::controllers::{self, ControllerChange, DpoFields, PurposeChange};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Body, Params};
use crate::input;
use crate::processors::same_name;
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_controllers, create_controller))
        .routes(routes!(get_controller, update_controller))
        .routes(routes!(list_purposes, create_purpose))
        .routes(routes!(get_purpose, update_purpose))
}

/// A controller.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ControllerOut {
    /// Number.
    pub id: i64,
    /// Key used in API calls.
    pub key: String,
    /// Name.
    pub name: String,
    /// Country (SE, NO, DK, FI).
    pub country: Option<String>,
    /// Region national phone numbers are read in.
    pub default_region: String,
    /// Data protection officer.
    pub dpo: Dpo,
    /// Privacy notice.
    pub privacy_notice_url: Option<String>,
    /// National rules followed.
    #[schema(value_type = Vec<String>)]
    pub rules: RuleSet,
    /// Rules the controller's country would normally follow, which it does not yet.
    #[schema(value_type = Vec<String>)]
    pub proposed_rules: Vec<Rule>,
    /// Whether the public request form is open at `/request/{key}`.
    pub public_form: bool,
    /// The time zone set for the controller's calendar, when not its country's.
    pub time_zone: Option<String>,
    /// The time zone its deadlines, pages and reports use: the one set, else its country's.
    pub effective_time_zone: String,
}

/// Contact of the data protection officer.
#[derive(Debug, Serialize, Deserialize, ToSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct Dpo {
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

impl From<Controller> for ControllerOut {
    fn from(c: Controller) -> Self {
        let proposed_rules = c
            .country
            .map(|country| {
                Rule::proposed_for(country)
                    .iter()
                    .copied()
                    .filter(|r| !c.rules.contains(*r))
                    .collect()
            })
            .unwrap_or_default();
        ControllerOut {
            id: c.id.0,
            key: c.key,
            name: c.name,
            country: c.country.map(|c| c.code().to_owned()),
            default_region: c.default_region,
            dpo: Dpo {
                name: c.dpo_name,
                email: c.dpo_email,
                phone: c.dpo_phone,
            },
            privacy_notice_url: c.privacy_notice_url,
            rules: c.rules,
            proposed_rules,
            public_form: c.public_form,
            time_zone: c.time_zone.map(|z| z.name().to_owned()),
            effective_time_zone: c
                .time_zone
                .unwrap_or_else(|| Zone::of_country(c.country))
                .name()
                .to_owned(),
        }
    }
}

/// A controller to create, or the fields to change.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ControllerIn {
    /// Key: lower-case letters, digits and `-`.
    pub key: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Country (SE, NO, DK, FI); setting it proposes that country's rules.
    pub country: Option<String>,
    /// Region for national phone numbers (default: the country, else SE).
    pub default_region: Option<String>,
    /// Data protection officer.
    pub dpo: Option<Dpo>,
    /// Privacy notice link.
    pub privacy_notice_url: Option<String>,
    /// National rules followed.
    pub rules: Option<Vec<String>>,
    /// Whether the public request form is open at `/request/{key}`.
    pub public_form: Option<bool>,
    /// The calendar's time zone (`Europe/Stockholm`, `Europe/Oslo`, `Europe/Copenhagen`,
    /// `Europe/Helsinki`, `UTC`); empty: the country's.
    pub time_zone: Option<String>,
}

impl From<ControllerIn> for ControllerChange {
    fn from(c: ControllerIn) -> Self {
        ControllerChange {
            key: c.key,
            name: c.name,
            country: c.country,
            default_region: c.default_region,
            dpo: c.dpo.map(|d| DpoFields {
                name: d.name,
                email: d.email,
                phone: d.phone,
            }),
            privacy_notice_url: c.privacy_notice_url,
            rules: c.rules,
            public_form: c.public_form,
            time_zone: c.time_zone,
        }
    }
}

/// Every controller.
#[utoipa::path(get, path = "/v1/controllers", tag = "register",
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer", "auditor"])),
    responses((status = 200, body = Vec<ControllerOut>), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_controllers(
    _: Auth<ReadConfig>,
    State(state): State<AppState>,
) -> ApiResult<Json<Vec<ControllerOut>>> {
    Ok(Json(
        state
            .store
            .list_controllers()
            .await?
            .into_iter()
            .map(ControllerOut::from)
            .collect(),
    ))
}

/// Create a controller.
#[utoipa::path(post, path = "/v1/controllers", tag = "register", request_body = ControllerIn,
    security(("api_key" = ["admin"])),
    responses((status = 201, body = ControllerOut), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn create_controller(
    Auth { caller, .. }: Auth<AdminOnly>,
    State(state): State<AppState>,
    Body(input): Body<ControllerIn>,
) -> ApiResult<(StatusCode, Json<ControllerOut>)> {
    let c = controllers::create_controller(&state, &caller.actor(), input.into()).await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}

/// One controller.
#[utoipa::path(get, path = "/v1/controllers/{key}", tag = "register",
    params(("key" = String, Path, description = "The controller's key or number")),
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer", "auditor"])),
    responses((status = 200, body = ControllerOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_controller(
    _: Auth<ReadConfig>,
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> ApiResult<Json<ControllerOut>> {
    let view = state
        .follower
        .index()
        .controller(&key)
        .cloned()
        .ok_or_else(|| ApiError::not_found("controller"))?;
    Ok(Json(view.record.into()))
}

/// Change a controller: its DPO, notice link, country and the national rules it follows.
#[utoipa::path(patch, path = "/v1/controllers/{key}", tag = "register", request_body = ControllerIn,
    params(("key" = String, Path, description = "The controller's key or number")),
    security(("api_key" = ["admin"])),
    responses((status = 200, body = ControllerOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_controller(
    Auth { caller, .. }: Auth<AdminOnly>,
    State(state): State<AppState>,
    Path(key): Path<String>,
    Body(input): Body<ControllerIn>,
) -> ApiResult<Json<ControllerOut>> {
    let c = controllers::update_controller(&state, &caller.actor(), &key, input.into()).await?;
    Ok(Json(c.into()))
}

/// A purpose.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PurposeOut {
    /// The controller's key.
    pub controller: String,
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Legal basis, GDPR Art. 6(1)(a)-(f).
    pub legal_basis: String,
    /// The article.
    pub legal_basis_article: String,
    /// Whether it is direct marketing.
    pub direct_marketing: bool,
    /// Channels it may use.
    pub channels: Vec<String>,
    /// Retention, ISO 8601 (P7Y).
    pub retention: Option<String>,
    /// What staff see when they contact someone for it.
    pub description: String,
    /// One of the Danish telephone-sales exceptions.
    pub dk_telemarketing_exception: bool,
    /// Recipients and processors, as free text.
    pub recipients: Vec<String>,
    /// The processor agreements (Art. 28) it names as recipients, by id
    /// (`GET /v1/processors/{id}`).
    pub processors: Vec<String>,
    /// Free-text recipients that match no agreement it links; each names the agreement of
    /// the same name to link instead, when one exists.
    pub unlinked_recipients: Vec<UnlinkedRecipientOut>,
    /// Where the data comes from.
    pub data_source: Option<String>,
    /// Profile fields a legal obligation keeps after an erasure.
    pub holds_fields: Vec<String>,
    /// The kind of goods or services it markets.
    pub product_category: Option<String>,
    /// What its retention counts from: `financial_year_end` (a legal obligation's default:
    /// the bookkeeping acts) or `record` (every other basis's default).
    pub retention_from: Option<String>,
    /// What the law asks beyond the purpose itself: direct marketing by e-mail, SMS, MMS or
    /// messaging on any basis but consent still needs consent or a soft opt-in.
    pub warnings: Vec<String>,
}

/// A free-text recipient of a purpose with no agreement behind it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnlinkedRecipientOut {
    /// The recipient as typed.
    pub recipient: String,
    /// The id of an agreement with a processor of the same name, to link instead.
    pub suggested_processor: Option<String>,
}

/// The purpose's free-text recipients that no linked agreement stands for, with the
/// controller's agreement of the same name when there is one.
fn unlinked(p: &PurposeRecord, agreements: &[ProcessorRecord]) -> Vec<UnlinkedRecipientOut> {
    p.recipients
        .iter()
        .filter(|r| {
            !agreements
                .iter()
                .any(|a| p.processors.contains(&a.id) && same_name(&a.name, r))
        })
        .map(|r| UnlinkedRecipientOut {
            recipient: r.clone(),
            suggested_processor: agreements
                .iter()
                .find(|a| a.controller == p.controller && same_name(&a.name, r))
                .map(|a| a.id.clone()),
        })
        .collect()
}

fn purpose_out(state: &AppState, p: PurposeRecord, agreements: &[ProcessorRecord]) -> PurposeOut {
    let unlinked_recipients = unlinked(&p, agreements);
    let controller = state
        .follower
        .index()
        .controller_by_id(p.controller)
        .map_or_else(|| p.controller.to_string(), |c| c.record.key.clone());
    let warnings = crate::marketing::purpose_warnings(&p.purpose);
    PurposeOut {
        warnings,
        controller,
        key: p.purpose.key.to_string(),
        name: p.purpose.name,
        legal_basis: p.purpose.legal_basis.as_str().to_owned(),
        legal_basis_article: p.purpose.legal_basis.article().to_owned(),
        direct_marketing: p.purpose.direct_marketing,
        channels: p
            .purpose
            .channels
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        retention: p.purpose.retention.map(|r| r.to_string()),
        description: p.purpose.description,
        dk_telemarketing_exception: p.purpose.dk_telemarketing_exception,
        recipients: p.recipients,
        processors: p.processors,
        unlinked_recipients,
        data_source: p.data_source,
        holds_fields: p.holds_fields,
        product_category: p.purpose.product_category.map(|c| c.as_str().to_owned()),
        retention_from: Some(
            vern_core::RetentionFrom::effective(p.purpose.retention_from, p.purpose.legal_basis)
                .as_str()
                .to_owned(),
        ),
    }
}

/// A purpose to create, or the fields to change.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct PurposeIn {
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
    /// Key.
    pub key: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// consent, contract, legal_obligation, vital_interests, public_task or legitimate_interests.
    pub legal_basis: Option<String>,
    /// Whether it is direct marketing.
    pub direct_marketing: Option<bool>,
    /// phone, sms, mms, email, post, messaging, in_person.
    pub channels: Option<Vec<String>>,
    /// ISO 8601 period (P7Y, P24M, P90D).
    pub retention: Option<String>,
    /// Shown to staff.
    pub description: Option<String>,
    /// One of the Danish telephone-sales exceptions.
    pub dk_telemarketing_exception: Option<bool>,
    /// Recipients and processors, as free text.
    pub recipients: Option<Vec<String>>,
    /// The processor agreements (Art. 28) that receive its data, by id: the register's
    /// recipients. The free-text `recipients` keep working beside them.
    pub processors: Option<Vec<String>>,
    /// Where the data comes from.
    pub data_source: Option<String>,
    /// For a legal obligation: the profile fields an erasure keeps until the retention ends
    /// (name, address, national_id, emails, phones). Custom fields tied to the purpose are kept too.
    pub holds_fields: Option<Vec<String>>,
    /// The kind of goods or services it markets (`broadband`): existing customers for the same
    /// category are exempt from NIX-Telefon and Reservasjonsregisteret.
    pub product_category: Option<String>,
    /// `financial_year_end` (legal obligations only, and their default): the retention counts
    /// from the end of the financial year as the controller's country's bookkeeping act does;
    /// with no `retention`, the country's statutory period (SE 7, NO 5, DK 5, FI 6 years).
    /// `record`: from the record itself (the sale).
    pub retention_from: Option<String>,
}

impl From<PurposeIn> for PurposeChange {
    fn from(p: PurposeIn) -> Self {
        PurposeChange {
            controller: p.controller,
            key: p.key,
            name: p.name,
            legal_basis: p.legal_basis,
            direct_marketing: p.direct_marketing,
            channels: p.channels,
            retention: p.retention,
            description: p.description,
            dk_telemarketing_exception: p.dk_telemarketing_exception,
            recipients: p.recipients,
            processors: p.processors,
            data_source: p.data_source,
            holds_fields: p.holds_fields,
            product_category: p.product_category,
            retention_from: p.retention_from,
        }
    }
}

/// Query of purpose listings.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct PurposeQuery {
    /// Only this controller's purposes (default: the default controller's); `all` for every one.
    pub controller: Option<String>,
}

/// Purposes.
#[utoipa::path(get, path = "/v1/purposes", tag = "register", params(PurposeQuery),
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer", "auditor"])),
    responses((status = 200, body = Vec<PurposeOut>)))]
pub(crate) async fn list_purposes(
    _: Auth<ReadConfig>,
    State(state): State<AppState>,
    Params(q): Params<PurposeQuery>,
) -> ApiResult<Json<Vec<PurposeOut>>> {
    let controller = match q.controller.as_deref() {
        Some("all") => None,
        other => Some(input::controller(&state.follower.index(), other)?.record.id),
    };
    let purposes = state.store.list_purposes(controller).await?;
    let agreements = state.store.list_processors(controller).await?;
    Ok(Json(
        purposes
            .into_iter()
            .map(|p| purpose_out(&state, p, &agreements))
            .collect(),
    ))
}

/// Create a purpose.
#[utoipa::path(post, path = "/v1/purposes", tag = "register", request_body = PurposeIn,
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 201, body = PurposeOut), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn create_purpose(
    Auth { caller, .. }: Auth<ManagePurposes>,
    State(state): State<AppState>,
    Body(input): Body<PurposeIn>,
) -> ApiResult<(StatusCode, Json<PurposeOut>)> {
    let saved = controllers::create_purpose(&state, &caller.actor(), input.into()).await?;
    let agreements = state.store.list_processors(Some(saved.controller)).await?;
    Ok((
        StatusCode::CREATED,
        Json(purpose_out(&state, saved, &agreements)),
    ))
}

/// Query naming a purpose's controller.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct OnePurposeQuery {
    /// The purpose's controller (default: the default controller).
    pub controller: Option<String>,
}

/// One purpose.
#[utoipa::path(get, path = "/v1/purposes/{key}", tag = "register", params(("key" = String, Path, description = "The purpose's key"), OnePurposeQuery),
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer", "auditor"])),
    responses((status = 200, body = PurposeOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn get_purpose(
    _: Auth<ReadConfig>,
    State(state): State<AppState>,
    Path(key): Path<String>,
    Params(q): Params<OnePurposeQuery>,
) -> ApiResult<Json<PurposeOut>> {
    let p = controllers::purpose(&state, q.controller.as_deref(), &key).await?;
    let agreements = state.store.list_processors(Some(p.controller)).await?;
    Ok(Json(purpose_out(&state, p, &agreements)))
}

/// Change a purpose.
#[utoipa::path(patch, path = "/v1/purposes/{key}", tag = "register", request_body = PurposeIn,
    params(("key" = String, Path, description = "The purpose's key")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = PurposeOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_purpose(
    Auth { caller, .. }: Auth<ManagePurposes>,
    State(state): State<AppState>,
    Path(key): Path<String>,
    Body(input): Body<PurposeIn>,
) -> ApiResult<Json<PurposeOut>> {
    let saved = controllers::update_purpose(&state, &caller.actor(), &key, input.into()).await?;
    let agreements = state.store.list_processors(Some(saved.controller)).await?;
    Ok(Json(purpose_out(&state, saved, &agreements)))
}
