//! SMS keywords over HTTP: the door SMS gateways deliver inbound texts through (role `gateway`,
//! each delivery signed), and the admin's configuration of receiving numbers and gateway
//! secrets. The work is `crate::sms`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_store::model::{ExtraKeywords, InboundRecord, SmsGateway, SmsNumber};

use crate::auth::Auth;
use crate::auth::roles::{AdminOnly, DeliverSms, ReadConfig, ReadSms};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Body, JsonBytes, Params, parse_json, refuse_nul_in_json};
use crate::input;
use crate::sms::{self, InboundFields, NumberFields};
use crate::state::AppState;

/// The largest delivery read: a text of 1 600 characters of up to four bytes each, and room for
/// the other fields.
const MAX_DELIVERY_BYTES: usize = 16 * 1024;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbound))
        .routes(routes!(list_numbers))
        .routes(routes!(put_number))
        .routes(routes!(list_gateways))
        .routes(routes!(put_gateway))
        .routes(routes!(list_inbound))
        .routes(routes!(open_inbound))
}

fn when(at: time::OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// A text message a person sent to one of the controller's numbers, as the gateway delivers it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct InboundIn {
    /// The sender's number (E.164, or national in the controller's region).
    pub from: String,
    /// The receiving number or short code.
    pub to: String,
    /// The text, at most 1 600 characters.
    pub text: String,
    /// The gateway's id of the message: a retried delivery carries the same id.
    pub message_id: String,
    /// When the gateway received it (RFC 3339); default: now.
    pub received_at: Option<String>,
}

/// What vern did with an inbound message; every delivery of one message id gets the same.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct InboundOut {
    /// vern's id of the message.
    pub id: String,
    /// The gateway's id of it.
    pub message_id: String,
    /// `withdrawn`, `objection`, `confirmation_asked`, `granted`, `help` or `kept`.
    pub effect: String,
    /// The purposes it concerned.
    pub purposes: Vec<String>,
    /// A kept text says stop among other words: staff should read it soon.
    pub mentions_opt_out: bool,
    /// Whether an answer was queued to the sender.
    pub replied: bool,
    /// When vern recorded it.
    pub recorded_at: String,
}

impl From<&InboundRecord> for InboundOut {
    fn from(r: &InboundRecord) -> InboundOut {
        InboundOut {
            id: r.id.clone(),
            message_id: r.message_id.clone(),
            effect: r.effect.clone(),
            purposes: r.purposes.clone(),
            mentions_opt_out: r.mentions_opt_out,
            replied: r.reply_id.is_some(),
            recorded_at: when(r.recorded_at),
        }
    }
}

/// Deliver an inbound text message. Sign the exact body with the gateway's secret:
/// `Vern-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "t.body">`, within 5 minutes of
/// vern's clock. See docs/sms.md.
#[utoipa::path(post, path = "/v1/inbound/sms", tag = "sms", request_body = InboundIn,
    params(("Vern-Signature" = String, Header, description = "t=<unix seconds>,v1=<hex HMAC-SHA-256 of \"t.body\">")),
    security(("api_key" = ["gateway"])),
    responses((status = 200, body = InboundOut), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn inbound(
    Auth { caller, .. }: Auth<DeliverSms>,
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBytes(bytes): JsonBytes,
) -> ApiResult<Json<InboundOut>> {
    if bytes.len() > MAX_DELIVERY_BYTES {
        return Err(ApiError::too_large());
    }
    let signature = headers
        .get(sms::signature::HEADER)
        .and_then(|v| v.to_str().ok());
    sms::authenticate(&state, &caller, signature, &bytes).await?;
    refuse_nul_in_json(&bytes)?;
    let input: InboundIn = parse_json(&bytes)?;
    let received = sms::receive(
        &state,
        &caller,
        InboundFields {
            from: input.from,
            to: input.to,
            text: input.text,
            message_id: input.message_id,
            received_at: input.received_at,
        },
    )
    .await?;
    Ok(Json(InboundOut::from(&received.record)))
}

/// Extra keywords of a number, added to the Nordic and English defaults.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeywordsIn {
    /// More words that stop the number's texts.
    #[serde(default)]
    pub opt_out: Vec<String>,
    /// More words that start them (double opt-in).
    #[serde(default)]
    pub opt_in: Vec<String>,
    /// More words that ask for help.
    #[serde(default)]
    pub help: Vec<String>,
}

/// A receiving number's configuration.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NumberIn {
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
    /// The purposes the number sends for (each must declare `sms`).
    pub purposes: Vec<String>,
    /// Extra keywords.
    #[serde(default)]
    pub keywords: KeywordsIn,
    /// The word that records a full objection to direct marketing (`STOPP ALT`); none by default.
    pub all_keyword: Option<String>,
    /// How long an opt-in waits for its confirming reply, in minutes (default 1440, a day).
    pub confirm_window_minutes: Option<i64>,
}

/// A receiving number.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NumberOut {
    /// Its id.
    pub id: String,
    /// The number or short code.
    pub number: String,
    /// The controller's key.
    pub controller: String,
    /// The purposes it sends for.
    pub purposes: Vec<String>,
    /// Its extra keywords.
    pub keywords: KeywordsIn,
    /// The stop-everything word.
    pub all_keyword: Option<String>,
    /// The confirmation window, in minutes.
    pub confirm_window_minutes: i64,
    /// When it was last set.
    pub updated_at: String,
}

fn number_out(state: &AppState, n: SmsNumber) -> NumberOut {
    let controller = state
        .follower
        .index()
        .controller_by_id(n.controller)
        .map(|c| c.record.key.clone())
        .unwrap_or_default();
    NumberOut {
        id: n.id,
        number: n.number,
        controller,
        purposes: n.purposes,
        keywords: KeywordsIn {
            opt_out: n.keywords.opt_out,
            opt_in: n.keywords.opt_in,
            help: n.keywords.help,
        },
        all_keyword: n.all_keyword,
        confirm_window_minutes: n.confirm_window_minutes,
        updated_at: when(n.updated_at),
    }
}

/// Receiving numbers.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NumbersOut {
    /// By number.
    pub numbers: Vec<NumberOut>,
}

/// The receiving numbers and short codes, with their purposes and keywords.
#[utoipa::path(get, path = "/v1/sms/numbers", tag = "sms",
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer", "auditor"])),
    responses((status = 200, body = NumbersOut)))]
pub(crate) async fn list_numbers(
    _: Auth<ReadConfig>,
    State(state): State<AppState>,
) -> ApiResult<Json<NumbersOut>> {
    let numbers = state.store.list_sms_numbers(None).await?;
    Ok(Json(NumbersOut {
        numbers: numbers.into_iter().map(|n| number_out(&state, n)).collect(),
    }))
}

/// Configure a receiving number or short code: its controller, the purposes it sends for, its
/// extra keywords, the stop-everything word and the confirmation window. Replaces what was set.
#[utoipa::path(put, path = "/v1/sms/numbers/{number}", tag = "sms", request_body = NumberIn,
    params(("number" = String, Path, description = "The number (E.164) or short code")),
    security(("api_key" = ["admin"])),
    responses((status = 200, body = NumberOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn put_number(
    Auth { caller, .. }: Auth<AdminOnly>,
    State(state): State<AppState>,
    Path(number): Path<String>,
    Body(input): Body<NumberIn>,
) -> ApiResult<Json<NumberOut>> {
    let controller = input::controller(&state.follower.index(), input.controller.as_deref())?;
    let saved = sms::put_number(
        &state,
        &caller.actor(),
        NumberFields {
            controller: controller.record.id,
            number,
            purposes: input.purposes,
            keywords: ExtraKeywords {
                opt_out: input.keywords.opt_out,
                opt_in: input.keywords.opt_in,
                help: input.keywords.help,
            },
            all_keyword: input.all_keyword,
            confirm_window_minutes: input.confirm_window_minutes,
        },
    )
    .await?;
    Ok(Json(number_out(&state, saved)))
}

/// A gateway's signing secret.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GatewayIn {
    /// The secret the gateway signs deliveries with, 32 to 512 bytes. Sealed at rest, never
    /// shown again.
    pub secret: String,
}

/// A gateway, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GatewayOut {
    /// The API key (role `gateway`) it delivers with.
    pub key_id: String,
    /// When its secret was first set.
    pub created_at: String,
    /// When it was last set.
    pub updated_at: String,
}

impl From<SmsGateway> for GatewayOut {
    fn from(g: SmsGateway) -> GatewayOut {
        GatewayOut {
            key_id: g.key_id,
            created_at: when(g.created_at),
            updated_at: when(g.updated_at),
        }
    }
}

/// Gateways.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GatewaysOut {
    /// By key.
    pub gateways: Vec<GatewayOut>,
}

/// The gateways that may deliver inbound texts (their secrets are never shown).
#[utoipa::path(get, path = "/v1/sms/gateways", tag = "sms",
    security(("api_key" = ["admin"])),
    responses((status = 200, body = GatewaysOut)))]
pub(crate) async fn list_gateways(
    _: Auth<AdminOnly>,
    State(state): State<AppState>,
) -> ApiResult<Json<GatewaysOut>> {
    let gateways = state.store.list_sms_gateways().await?;
    Ok(Json(GatewaysOut {
        gateways: gateways.into_iter().map(GatewayOut::from).collect(),
    }))
}

/// Set the signing secret of the gateway that delivers with this API key (role `gateway`).
#[utoipa::path(put, path = "/v1/sms/gateways/{key_id}", tag = "sms", request_body = GatewayIn,
    params(("key_id" = String, Path, description = "The gateway's API key id")),
    security(("api_key" = ["admin"])),
    responses((status = 200, body = GatewayOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn put_gateway(
    Auth { caller, .. }: Auth<AdminOnly>,
    State(state): State<AppState>,
    Path(key_id): Path<String>,
    Body(input): Body<GatewayIn>,
) -> ApiResult<Json<GatewayOut>> {
    let gateway = sms::set_gateway_secret(&state, &caller.actor(), &key_id, &input.secret).await?;
    Ok(Json(gateway.into()))
}

/// Which inbound messages.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct InboundQuery {
    /// Only this controller's (its key).
    pub controller: Option<String>,
    /// At most this many, newest first (default 100, at most 1000).
    pub limit: Option<i64>,
}

/// One inbound message, for staff: what it did, never the number or the text.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct InboundSeen {
    /// What vern did.
    pub done: InboundOut,
    /// The receiving number's id.
    pub number_id: String,
    /// The person, when vern knows them.
    pub person: Option<String>,
    /// When the gateway received it.
    pub sent_at: String,
}

fn seen(r: &InboundRecord) -> InboundSeen {
    InboundSeen {
        done: InboundOut::from(r),
        number_id: r.number_id.clone(),
        person: r.person.clone(),
        sent_at: when(r.sent_at),
    }
}

/// Inbound messages.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct InboundList {
    /// Newest first.
    pub messages: Vec<InboundSeen>,
}

/// The inbound messages, newest first: what each did, and which a person should read (kept texts
/// that say stop among other words).
#[utoipa::path(get, path = "/v1/sms/inbound", tag = "sms", params(InboundQuery),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = InboundList), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_inbound(
    _: Auth<ReadSms>,
    State(state): State<AppState>,
    Params(q): Params<InboundQuery>,
) -> ApiResult<Json<InboundList>> {
    let controller = input::controller_filter(&state.follower.index(), q.controller.as_deref())?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid_field("limit", "between 1 and 1000"));
    }
    let records = state.store.list_sms_inbound(controller, limit).await?;
    Ok(Json(InboundList {
        messages: records.iter().map(seen).collect(),
    }))
}

/// One inbound message with its sender and text.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct InboundOpened {
    /// What it did and when.
    pub message: InboundSeen,
    /// The sender's number; absent once the key that sealed it is destroyed (erased, or past
    /// retention).
    pub from: Option<String>,
    /// The number or short code written to.
    pub to: Option<String>,
    /// The text.
    pub text: Option<String>,
}

/// Read one inbound message: its sender and text. Each reading is recorded in the ledger.
#[utoipa::path(get, path = "/v1/sms/inbound/{id}", tag = "sms",
    params(("id" = String, Path, description = "vern's id of the message")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = InboundOpened), (status = 404, body = ErrorBody)))]
pub(crate) async fn open_inbound(
    Auth { caller, .. }: Auth<ReadSms>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<InboundOpened>> {
    let record = sms::open(&state, &caller, &id).await?;
    let text = record.text.clone();
    Ok(Json(InboundOpened {
        message: seen(&record),
        from: text.as_ref().map(|t| t.from.clone()),
        to: text.as_ref().map(|t| t.to.clone()),
        text: text.map(|t| t.text),
    }))
}
