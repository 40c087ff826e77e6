//! Processor agreements (GDPR Art. 28) and the record of processing (Art. 30) over HTTP.
//! Privacy officers and admins write; auditors read (the register names companies, not people).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_store::model::ClientController;

use crate::auth::Auth;
use crate::auth::roles::{ManageProcessors, ReadProcessors};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Body, Params};
use crate::input;
use crate::processors::{self, Agreement, AgreementText, DocumentText, RecordSettingsText};
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(unlinked))
        .routes(routes!(get_one, replace))
        .routes(routes!(document))
        .routes(routes!(record))
        .routes(routes!(get_settings, set_settings))
}

/// The transfer to a third country (GDPR Chapter V).
#[derive(Debug, Deserialize, Serialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct TransferIo {
    /// `none` (default), `adequacy` (Art. 45), `scc` (standard contractual clauses, Art.
    /// 46(2)(c)), `bcr` (binding corporate rules, Art. 47) or `derogation` (Art. 49).
    pub mechanism: Option<String>,
    /// The third country, ISO 3166 alpha-2 (`US`); for every mechanism but none.
    pub country: Option<String>,
    /// The clauses' version (`2021/914`); for `scc` only.
    pub scc_version: Option<String>,
}

/// The signed agreement, kept in vern (at most 1 MiB).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentIn {
    /// File name.
    pub name: String,
    /// Media type (default `application/pdf`).
    pub content_type: Option<String>,
    /// The bytes, base64.
    pub content_base64: String,
}

/// An agreement to record, or its new fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProcessorIn {
    /// The controller's key (default: the default controller; on a replacement, the
    /// agreement's own).
    pub controller: Option<String>,
    /// The processor's name.
    pub name: String,
    /// How to reach it.
    pub contact: String,
    /// Its sub-processors.
    #[serde(default)]
    pub sub_processors: Vec<String>,
    /// The keys of the purposes the agreement covers.
    #[serde(default)]
    pub purposes: Vec<String>,
    /// The categories of personal data it covers.
    #[serde(default)]
    pub data_categories: Vec<String>,
    /// When it was signed (ISO date).
    pub signed_on: String,
    /// When it expires (ISO date); absent while it runs until terminated.
    pub expires_on: Option<String>,
    /// When it is next reviewed (ISO date).
    pub review_on: Option<String>,
    /// The transfer to a third country, if any.
    pub transfer: Option<TransferIo>,
    /// A link to the document kept elsewhere.
    pub document_url: Option<String>,
    /// The document, kept in vern; left out on a replacement, the stored one stays.
    pub document: Option<DocumentIn>,
}

impl From<ProcessorIn> for AgreementText {
    fn from(p: ProcessorIn) -> AgreementText {
        let transfer = p.transfer.unwrap_or_default();
        AgreementText {
            controller: p.controller,
            name: p.name,
            contact: p.contact,
            sub_processors: p.sub_processors,
            purposes: p.purposes,
            data_categories: p.data_categories,
            signed_on: p.signed_on,
            expires_on: p.expires_on,
            review_on: p.review_on,
            transfer_mechanism: transfer.mechanism,
            transfer_country: transfer.country,
            scc_version: transfer.scc_version,
            document_url: p.document_url,
            document: p.document.map(|d| DocumentText {
                name: d.name,
                content_type: d.content_type,
                base64: d.content_base64,
            }),
        }
    }
}

/// The stored document's description.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DocumentOut {
    /// File name.
    pub name: String,
    /// Media type.
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
    /// Where to download it.
    pub download: String,
}

/// A processor agreement and where it stands today.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ProcessorOut {
    /// Its id.
    pub id: String,
    /// The controller's key.
    pub controller: String,
    /// The processor's name.
    pub name: String,
    /// Its contact.
    pub contact: String,
    /// Its sub-processors.
    pub sub_processors: Vec<String>,
    /// The purposes it covers.
    pub purposes: Vec<String>,
    /// The data categories it covers.
    pub data_categories: Vec<String>,
    /// Signed (ISO date).
    pub signed_on: String,
    /// Expires (ISO date).
    pub expires_on: Option<String>,
    /// Next review (ISO date).
    pub review_on: Option<String>,
    /// The transfer to a third country.
    pub transfer: TransferIo,
    /// A link to the document kept elsewhere.
    pub document_url: Option<String>,
    /// The document kept in vern.
    pub document: Option<DocumentOut>,
    /// `in_force`, `expiring` (within 30 days), `expired` or `review_overdue`.
    pub status: String,
    /// Whether it has expired.
    pub expired: bool,
    /// Whether it expires within 30 days.
    pub expiring: bool,
    /// Whether its review date has passed.
    pub review_overdue: bool,
    /// How many times it was written.
    pub version: i64,
    /// When it was recorded.
    pub created_at: String,
    /// When it was last changed.
    pub updated_at: String,
}

fn iso(d: time::Date) -> String {
    d.format(vern_core::calendar::ISO_DATE).unwrap_or_default()
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn out(state: &AppState, a: Agreement) -> ProcessorOut {
    let r = a.record;
    let controller = state
        .follower
        .index()
        .controller_by_id(r.controller)
        .map(|c| c.record.key.clone())
        .unwrap_or_default();
    ProcessorOut {
        document: r.document.map(|d| DocumentOut {
            name: d.name,
            content_type: d.content_type,
            size: d.size,
            download: format!("/v1/processors/{}/document", r.id),
        }),
        id: r.id,
        controller,
        name: r.name,
        contact: r.contact,
        sub_processors: r.sub_processors,
        purposes: r.purposes,
        data_categories: r.data_categories,
        signed_on: iso(r.signed_on),
        expires_on: r.expires_on.map(iso),
        review_on: r.review_on.map(iso),
        transfer: TransferIo {
            mechanism: Some(r.transfer.mechanism.as_str().to_owned()),
            country: r.transfer.country,
            scc_version: r.transfer.scc_version,
        },
        document_url: r.document_url,
        status: a.standing.as_str().to_owned(),
        expired: a.standing.expired,
        expiring: a.standing.expiring,
        review_overdue: a.standing.review_overdue,
        version: r.version,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

/// Record a processor agreement.
#[utoipa::path(post, path = "/v1/processors", tag = "accountability", request_body = ProcessorIn,
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 201, body = ProcessorOut), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create(
    Auth { caller, .. }: Auth<ManageProcessors>,
    State(state): State<AppState>,
    Body(input): Body<ProcessorIn>,
) -> ApiResult<(StatusCode, Json<ProcessorOut>)> {
    let a = processors::create(&state, &caller.actor(), &input.into()).await?;
    Ok((StatusCode::CREATED, Json(out(&state, a))))
}

/// Query of the register.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    /// Only this controller's agreements (default: every controller's).
    pub controller: Option<String>,
}

/// The register.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ProcessorsOut {
    /// Every agreement, by name.
    pub processors: Vec<ProcessorOut>,
}

/// The processor agreements.
#[utoipa::path(get, path = "/v1/processors", tag = "accountability", params(ListQuery),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = ProcessorsOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn list(
    _: Auth<ReadProcessors>,
    State(state): State<AppState>,
    Params(q): Params<ListQuery>,
) -> ApiResult<Json<ProcessorsOut>> {
    let controller = input::controller_filter(&state.follower.index(), q.controller.as_deref())?;
    let all = processors::list(&state, controller).await?;
    Ok(Json(ProcessorsOut {
        processors: all.into_iter().map(|a| out(&state, a)).collect(),
    }))
}

/// One agreement.
#[utoipa::path(get, path = "/v1/processors/{id}", tag = "accountability",
    params(("id" = String, Path, description = "The agreement's id")),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = ProcessorOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_one(
    _: Auth<ReadProcessors>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ProcessorOut>> {
    let a = processors::get(&state, &id).await?;
    Ok(Json(out(&state, a)))
}

/// Replace an agreement's fields (a document left out stays as stored).
#[utoipa::path(put, path = "/v1/processors/{id}", tag = "accountability", request_body = ProcessorIn,
    params(("id" = String, Path, description = "The agreement's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = ProcessorOut), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn replace(
    Auth { caller, .. }: Auth<ManageProcessors>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<ProcessorIn>,
) -> ApiResult<Json<ProcessorOut>> {
    let a = processors::update(&state, &caller.actor(), &id, &input.into()).await?;
    Ok(Json(out(&state, a)))
}

/// The signed agreement kept in vern.
#[utoipa::path(get, path = "/v1/processors/{id}/document", tag = "accountability",
    params(("id" = String, Path, description = "The agreement's id")),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, description = "The document", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
pub(crate) async fn document(
    _: Auth<ReadProcessors>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let doc = processors::document(&state, &id).await?;
    let content_type = HeaderValue::from_str(&doc.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    // The file name is the staff's text: only its plain characters go into the header.
    let safe: String = doc
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        doc.bytes,
    )
        .into_response())
}

/// A free-text recipient of a purpose that matches no agreement the purpose links.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnlinkedOut {
    /// The controller's key.
    pub controller: String,
    /// The purpose's key.
    pub purpose: String,
    /// The recipient as typed.
    pub recipient: String,
    /// The agreement of a processor of the same name: add its id to the purpose's
    /// `processors` and take the text out of `recipients`.
    pub suggested_processor: Option<SuggestionOut>,
}

/// An agreement to link instead.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SuggestionOut {
    /// The agreement's id.
    pub id: String,
    /// The processor's name.
    pub name: String,
}

/// The purposes' free-text recipients that match no agreement, for conversion.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnlinkedListOut {
    /// Each one.
    pub recipients: Vec<UnlinkedOut>,
}

/// The free-text recipients of the purposes that no linked agreement stands for, each with
/// the agreement of the same name to link instead, when one exists.
#[utoipa::path(get, path = "/v1/processors/unlinked-recipients", tag = "accountability", params(ListQuery),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = UnlinkedListOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn unlinked(
    _: Auth<ReadProcessors>,
    State(state): State<AppState>,
    Params(q): Params<ListQuery>,
) -> ApiResult<Json<UnlinkedListOut>> {
    let controller = input::controller_filter(&state.follower.index(), q.controller.as_deref())?;
    let found = processors::unlinked_recipients(&state, controller).await?;
    Ok(Json(UnlinkedListOut {
        recipients: found
            .into_iter()
            .map(|u| UnlinkedOut {
                controller: u.controller,
                purpose: u.purpose,
                recipient: u.recipient,
                suggested_processor: u.suggestion.map(|(id, name)| SuggestionOut { id, name }),
            })
            .collect(),
    }))
}

/// Query of the record.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordQuery {
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
    /// `json` (default), `csv` or `html`.
    pub format: Option<String>,
}

/// The record of processing activities (GDPR Art. 30), generated from the configuration: the
/// controller and DPO, purposes and legal bases, categories of people and data, recipients,
/// transfers, retention periods, security measures, and the Art. 30(2) record per client.
#[utoipa::path(get, path = "/v1/record-of-processing", tag = "accountability", params(RecordQuery),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = Object, description = "JSON, CSV or HTML"), (status = 422, body = ErrorBody)))]
pub(crate) async fn record(
    _: Auth<ReadProcessors>,
    State(state): State<AppState>,
    Params(q): Params<RecordQuery>,
) -> ApiResult<Response> {
    let format = q.format.as_deref().unwrap_or("json");
    if !matches!(format, "json" | "csv" | "html") {
        return Err(ApiError::invalid_field("format", "json, csv or html"));
    }
    let r = processors::record_of_processing(&state, q.controller.as_deref()).await?;
    match format {
        "csv" => Ok((
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"record-of-processing.csv\""),
                ),
            ],
            processors::record_csv(&r)?,
        )
            .into_response()),
        "html" => Ok(Html(processors::record_html(&r)?).into_response()),
        _ => Ok(Json(r).into_response()),
    }
}

/// What the record says beyond the configuration.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordSettingsIo {
    /// The controller's own description of its security measures (Art. 30(1)(g)); absent or
    /// null: vern's own measures are written in.
    pub security_measures: Option<String>,
    /// The client controllers it processes for (Art. 30(2)): `name`, `contact`, `dpo`,
    /// `processing` (categories of processing), `transfers`.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub clients: Vec<ClientController>,
}

/// Query naming a controller.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ControllerQuery {
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
}

/// The record's settings of a controller.
#[utoipa::path(get, path = "/v1/record-of-processing/settings", tag = "accountability", params(ControllerQuery),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = RecordSettingsIo), (status = 422, body = ErrorBody)))]
pub(crate) async fn get_settings(
    _: Auth<ReadProcessors>,
    State(state): State<AppState>,
    Params(q): Params<ControllerQuery>,
) -> ApiResult<Json<RecordSettingsIo>> {
    let c = input::controller(&state.follower.index(), q.controller.as_deref())?;
    let s = state.store.record_settings(c.record.id).await?;
    Ok(Json(RecordSettingsIo {
        security_measures: s.security_measures,
        clients: s.clients,
    }))
}

/// Set the record's settings of a controller: its own security measures, and the client
/// controllers it processes for.
#[utoipa::path(put, path = "/v1/record-of-processing/settings", tag = "accountability", params(ControllerQuery), request_body = RecordSettingsIo,
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RecordSettingsIo), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_settings(
    Auth { caller, .. }: Auth<ManageProcessors>,
    State(state): State<AppState>,
    Params(q): Params<ControllerQuery>,
    Body(input): Body<RecordSettingsIo>,
) -> ApiResult<Json<RecordSettingsIo>> {
    let s = processors::set_record_settings(
        &state,
        &caller.actor(),
        q.controller.as_deref(),
        RecordSettingsText {
            security_measures: input.security_measures,
            clients: input.clients,
        },
    )
    .await?;
    Ok(Json(RecordSettingsIo {
        security_measures: s.security_measures,
        clients: s.clients,
    }))
}
