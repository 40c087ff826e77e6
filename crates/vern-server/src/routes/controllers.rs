//! Controllers and purposes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::{
    Channel, ChannelSet, Country, LegalBasis, Purpose, PurposeKey, Region, Retention, Rule, RuleSet,
};
use vern_store::model::{Controller, ControllerFields, ProcessorRecord, PurposeRecord};

use crate::auth::Auth;
use crate::auth::roles::{AdminOnly, ManagePurposes, ReadConfig};
use crate::error::{ApiError, ApiResult, ErrorBody, FieldError};
use crate::extract::{Body, Params};
use crate::input;
use crate::processors::same_name;
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_controllers, create_controller))
        .routes(routes!(get_controller, update_controller))
        .routes(routes!(list_purposes, create_purpose))
        .routes(routes!(update_purpose))
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
}

fn apply(mut fields: ControllerFields, input: ControllerIn) -> Result<ControllerFields, ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let err = |errors: &mut Vec<FieldError>, field: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    };
    if let Some(key) = input.key {
        let ok = !key.is_empty()
            && key.len() <= 40
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && key != "all";
        if ok {
            fields.key = key;
        } else {
            err(
                &mut errors,
                "key",
                "1 to 40 lower-case letters, digits or '-', not \"all\"",
            );
        }
    }
    if let Some(name) = input.name {
        match input::text(&name, "name", 200) {
            Ok(n) => fields.name = n,
            Err(e) => errors.push(e),
        }
    }
    if let Some(country) = input.country {
        match country.parse::<Country>() {
            Ok(c) => {
                fields.country = Some(c);
                if input.default_region.is_none() {
                    fields.default_region = c.code().to_owned();
                }
            }
            Err(_) => err(&mut errors, "country", "one of SE, NO, DK, FI"),
        }
    }
    if let Some(region) = input.default_region {
        match region.parse::<Region>() {
            Ok(r) => fields.default_region = r.as_str().to_owned(),
            Err(_) => err(
                &mut errors,
                "default_region",
                "an ISO 3166 region the phone library knows, such as SE",
            ),
        }
    }
    if let Some(dpo) = input.dpo {
        fields.dpo_name = dpo.name;
        fields.dpo_email = dpo.email;
        fields.dpo_phone = dpo.phone;
    }
    if let Some(url) = input.privacy_notice_url {
        if url.starts_with("https://") || url.starts_with("http://") {
            fields.privacy_notice_url = Some(url);
        } else {
            err(&mut errors, "privacy_notice_url", "must be an http(s) link");
        }
    }
    if let Some(rules) = input.rules {
        match rules
            .iter()
            .map(|r| r.parse::<Rule>())
            .collect::<Result<RuleSet, _>>()
        {
            Ok(r) => fields.rules = r,
            Err(e) => err(&mut errors, "rules", &e.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(ApiError::invalid(errors))
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
    if input.key.is_none() || input.name.is_none() {
        return Err(ApiError::invalid(vec![
            FieldError {
                field: "key".into(),
                message: "required".into(),
            },
            FieldError {
                field: "name".into(),
                message: "required".into(),
            },
        ]));
    }
    let empty = ControllerFields {
        key: String::new(),
        name: String::new(),
        country: None,
        default_region: "SE".into(),
        dpo_name: None,
        dpo_email: None,
        dpo_phone: None,
        privacy_notice_url: None,
        rules: RuleSet::EMPTY,
    };
    let fields = apply(empty, input)?;
    let (c, seq) = state
        .store
        .create_controller(&caller.actor(), state.clock.now(), &fields)
        .await?;
    state.follower.sync_to(seq).await?;
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
    let view = state
        .follower
        .index()
        .controller(&key)
        .cloned()
        .ok_or_else(|| ApiError::not_found("controller"))?;
    let c = view.record;
    let current = ControllerFields {
        key: c.key,
        name: c.name,
        country: c.country,
        default_region: c.default_region,
        dpo_name: c.dpo_name,
        dpo_email: c.dpo_email,
        dpo_phone: c.dpo_phone,
        privacy_notice_url: c.privacy_notice_url,
        rules: c.rules,
    };
    let fields = apply(current, input)?;
    let (c, seq) = state
        .store
        .update_controller(&caller.actor(), state.clock.now(), c.id, &fields)
        .await?;
    state.follower.sync_to(seq).await?;
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

/// The purposes' processor ids must name agreements of their controller.
async fn check_processors(state: &AppState, record: &PurposeRecord) -> ApiResult<()> {
    if record.processors.is_empty() {
        return Ok(());
    }
    let agreements = state.store.list_processors(Some(record.controller)).await?;
    match record
        .processors
        .iter()
        .find(|id| !agreements.iter().any(|a| &a.id == *id))
    {
        Some(bad) => Err(ApiError::invalid_field(
            "processors",
            format!("the controller has no processor agreement {bad:?}"),
        )),
        None => Ok(()),
    }
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

fn apply_purpose(record: &mut PurposeRecord, input: PurposeIn) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let p = &mut record.purpose;
    if let Some(name) = input.name {
        match input::text(&name, "name", 200) {
            Ok(n) => p.name = n,
            Err(e) => errors.push(e),
        }
    }
    if let Some(basis) = input.legal_basis {
        match basis.parse::<LegalBasis>() {
            Ok(b) => p.legal_basis = b,
            Err(e) => errors.push(FieldError {
                field: "legal_basis".into(),
                message: e.to_string(),
            }),
        }
    }
    if let Some(dm) = input.direct_marketing {
        p.direct_marketing = dm;
    }
    if let Some(channels) = input.channels {
        match channels
            .iter()
            .map(|c| c.parse::<Channel>())
            .collect::<Result<ChannelSet, _>>()
        {
            Ok(set) if !set.is_empty() => p.channels = set,
            Ok(_) => errors.push(FieldError {
                field: "channels".into(),
                message: "name at least one channel".into(),
            }),
            Err(e) => errors.push(FieldError {
                field: "channels".into(),
                message: e.to_string(),
            }),
        }
    }
    if let Some(r) = input.retention {
        match Retention::parse(&r) {
            Ok(r) => p.retention = Some(r),
            Err(e) => errors.push(FieldError {
                field: "retention".into(),
                message: e.to_string(),
            }),
        }
    }
    if let Some(d) = input.description {
        p.description = d;
    }
    if let Some(x) = input.dk_telemarketing_exception {
        p.dk_telemarketing_exception = x;
    }
    if let Some(r) = input.recipients {
        record.recipients = r;
    }
    if let Some(mut ids) = input.processors {
        ids.dedup();
        record.processors = ids;
    }
    if let Some(s) = input.data_source {
        record.data_source = Some(s);
    }
    if let Some(fields) = input.holds_fields {
        const HOLDABLE: [&str; 5] = ["name", "address", "national_id", "emails", "phones"];
        match fields.iter().find(|f| !HOLDABLE.contains(&f.as_str())) {
            Some(bad) => errors.push(FieldError {
                field: "holds_fields".into(),
                message: format!("{bad:?} is not a profile field: use name, address, national_id, emails or phones"),
            }),
            None => record.holds_fields = fields,
        }
    }
    apply_issue_17(p, input.product_category, input.retention_from, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(errors))
    }
}

/// The product category and the retention anchor (issue 17 §2, §4).
fn apply_issue_17(
    p: &mut vern_core::Purpose,
    category: Option<String>,
    from: Option<String>,
    errors: &mut Vec<FieldError>,
) {
    if let Some(c) = category {
        match vern_core::ProductCategory::parse(&c) {
            Ok(c) => p.product_category = Some(c),
            Err(e) => errors.push(FieldError {
                field: "product_category".into(),
                message: e.to_string(),
            }),
        }
    }
    if let Some(f) = from {
        match f.parse::<vern_core::RetentionFrom>() {
            Ok(f) => p.retention_from = Some(f),
            Err(e) => errors.push(FieldError {
                field: "retention_from".into(),
                message: e.to_string(),
            }),
        }
    }
    // The bookkeeping acts bind records kept under a legal obligation; counting another
    // basis's retention from a financial year would invent a rule.
    if p.retention_from == Some(vern_core::RetentionFrom::FinancialYearEnd)
        && p.legal_basis != LegalBasis::LegalObligation
    {
        errors.push(FieldError {
            field: "retention_from".into(),
            message: "financial_year_end counts a legal obligation's retention (bookkeeping); this purpose's legal basis is not legal_obligation".into(),
        });
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
    Body(mut input): Body<PurposeIn>,
) -> ApiResult<(StatusCode, Json<PurposeOut>)> {
    let controller = input::controller(&state.follower.index(), input.controller.as_deref())?;
    let mut missing = Vec::new();
    for (field, present) in [
        ("key", input.key.is_some()),
        ("name", input.name.is_some()),
        ("legal_basis", input.legal_basis.is_some()),
        ("channels", input.channels.is_some()),
    ] {
        if !present {
            missing.push(FieldError {
                field: field.into(),
                message: "required".into(),
            });
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::invalid(missing));
    }
    let key = input.key.take().unwrap_or_default();
    let key = PurposeKey::parse(&key).map_err(|e| ApiError::invalid_field("key", e.to_string()))?;
    let now = state.clock.now();
    let mut record = PurposeRecord {
        controller: controller.record.id,
        purpose: Purpose {
            key,
            name: String::new(),
            legal_basis: LegalBasis::Consent,
            direct_marketing: false,
            channels: ChannelSet::EMPTY,
            retention: None,
            description: String::new(),
            dk_telemarketing_exception: false,
            product_category: None,
            retention_from: None,
        },
        processors: Vec::new(),
        recipients: Vec::new(),
        data_source: None,
        holds_fields: Vec::new(),
        created_at: now,
        updated_at: now,
    };
    apply_purpose(&mut record, input)?;
    check_processors(&state, &record).await?;
    let (saved, seq) = state
        .store
        .save_purpose(&caller.actor(), now, &record, true)
        .await?;
    state.follower.sync_to(seq).await?;
    let agreements = state.store.list_processors(Some(saved.controller)).await?;
    Ok((
        StatusCode::CREATED,
        Json(purpose_out(&state, saved, &agreements)),
    ))
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
    let controller = input::controller(&state.follower.index(), input.controller.as_deref())?;
    if input.key.as_ref().is_some_and(|k| *k != key) {
        return Err(ApiError::invalid_field(
            "key",
            "a purpose's key cannot change",
        ));
    }
    let mut record = state
        .store
        .list_purposes(Some(controller.record.id))
        .await?
        .into_iter()
        .find(|p| p.purpose.key.as_str() == key)
        .ok_or_else(|| ApiError::not_found("purpose"))?;
    apply_purpose(&mut record, input)?;
    check_processors(&state, &record).await?;
    let (saved, seq) = state
        .store
        .save_purpose(&caller.actor(), state.clock.now(), &record, false)
        .await?;
    state.follower.sync_to(seq).await?;
    let agreements = state.store.list_processors(Some(saved.controller)).await?;
    Ok(Json(purpose_out(&state, saved, &agreements)))
}
