//! May we contact this person? One check, or many in a batch. Both ask `decide` over the
//! in-memory index; neither touches the database.

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::{Channel, ContactRequest, Decision, IdentifierProbe, Region, decide};

use crate::auth::Auth;
use crate::auth::roles::Check;
use crate::error::{ApiError, ApiResult, ErrorBody, FieldError};
use crate::extract::{JsonBytes, parse_json};
use crate::index::{RegisterIndex, TOUCH_GROUP};
use crate::input::{IdentifierTexts, IdentifiersIn, Reading, Text};
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(check))
        .routes(routes!(check_batch))
}

// Its strings borrow from the request body: a batch holds 10 000 of them.
/// The question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckIn<'a> {
    /// Who would be contacted.
    #[serde(borrow)]
    #[schema(value_type = IdentifiersIn)]
    pub identifiers: IdentifierTexts<'a>,
    /// phone, sms, mms, email, post, messaging or in_person.
    #[serde(borrow)]
    #[schema(value_type = String)]
    pub channel: Text<'a>,
    /// The purpose's key.
    #[serde(borrow)]
    #[schema(value_type = String)]
    pub purpose: Text<'a>,
    /// The controller's key (default: the default controller).
    #[serde(borrow, default)]
    #[schema(value_type = Option<String>)]
    pub controller: Option<Text<'a>>,
    /// When the contact would happen, RFC 3339 (default: now).
    #[serde(borrow, default)]
    #[schema(value_type = Option<String>)]
    pub at: Option<Text<'a>>,
    /// Region for national phone numbers (default: the controller's).
    #[serde(borrow, default)]
    #[schema(value_type = Option<String>)]
    pub region: Option<Text<'a>>,
}

/// One reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonOut {
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
pub struct CheckOut {
    /// Whether contact is allowed.
    pub allowed: bool,
    /// Why not.
    pub reasons: Vec<ReasonOut>,
    /// Set in a batch when the item itself was invalid (and nothing was decided).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

impl From<Decision> for CheckOut {
    fn from(d: Decision) -> Self {
        CheckOut {
            allowed: d.allowed,
            reasons: d
                .reasons
                .iter()
                .map(|r| ReasonOut {
                    code: r.code.as_str(),
                    message: r.message(),
                    source: r.source.map(|s| s.as_str()),
                    register: r.register.map(|r| r.as_str()),
                })
                .collect(),
            error: None,
        }
    }
}

/// Decide one item against the index. Errors name fields under `path`.
pub(crate) fn decide_item(
    index: &RegisterIndex,
    keys: &vern_store::InstallationKeys,
    now: OffsetDateTime,
    item: &CheckIn<'_>,
    path: &str,
) -> Result<Decision, ApiError> {
    Ok(prepare_item(index, keys, now, item, path)?.decide(index))
}

/// A checked question with its identifiers digested, ready for `decide`.
pub(crate) struct Prepared<'i> {
    controller: vern_core::ControllerFacts,
    /// One identifier of each kind at most (phone, e-mail, national id): kept inline, as a
    /// check is a few microseconds and an allocation is a noticeable part of that.
    probes: [IdentifierProbe; 3],
    given: usize,
    channel: Channel,
    purpose: &'i vern_core::Purpose,
    at: OffsetDateTime,
}

impl Prepared<'_> {
    fn probes(&self) -> &[IdentifierProbe] {
        &self.probes[..self.given]
    }

    fn decide(&self, index: &RegisterIndex) -> Decision {
        decide(
            index,
            &ContactRequest {
                controller: self.controller,
                identifiers: self.probes(),
                channel: self.channel,
                purpose: self.purpose,
                at: self.at,
            },
        )
    }
}

/// Check one item and digest its identifiers. Errors name fields under `path`.
fn prepare_item<'i>(
    index: &'i RegisterIndex,
    keys: &vern_store::InstallationKeys,
    now: OffsetDateTime,
    item: &CheckIn<'_>,
    path: &str,
) -> Result<Prepared<'i>, ApiError> {
    let controller = match item.controller.as_deref() {
        None => index.default_controller(),
        Some(key) => index.controller(key),
    }
    .ok_or_else(|| {
        ApiError::invalid_field(format!("{path}controller"), "no controller has this key")
    })?;
    let mut errors = Vec::new();
    let channel = item
        .channel
        .parse::<Channel>()
        .map_err(|e| {
            errors.push(FieldError {
                field: format!("{path}channel"),
                message: e.to_string(),
            });
        })
        .ok();
    let purpose = index.purpose(controller.record.id, &item.purpose);
    if purpose.is_none() {
        errors.push(FieldError {
            field: format!("{path}purpose"),
            message: "no purpose of the controller has this key".into(),
        });
    }
    let region = match item.region.as_deref().map(str::parse::<Region>).transpose() {
        Ok(r) => r,
        Err(_) => {
            errors.push(FieldError {
                field: format!("{path}region"),
                message: "not a region the phone library knows".into(),
            });
            None
        }
    };
    let at = match item.at.as_deref() {
        None => Some(now),
        Some(text) => OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .map_err(|_| {
                errors.push(FieldError {
                    field: format!("{path}at"),
                    message: "not an RFC 3339 instant".into(),
                });
            })
            .ok(),
    };
    if item.identifiers.is_empty() {
        errors.push(FieldError {
            field: format!("{path}identifiers"),
            message: "give phone, email or national_id".into(),
        });
    }
    let ids = Reading::of(controller, now, region)
        .identifiers(&item.identifiers, format_args!("{path}identifiers"))
        .unwrap_or_else(|mut e| {
            errors.append(&mut e);
            Vec::new()
        });
    let (Some(channel), Some(purpose), Some(at), true) = (channel, purpose, at, errors.is_empty())
    else {
        return Err(ApiError::invalid(errors));
    };
    let mut probes = [IdentifierProbe {
        kind: vern_core::IdentifierKind::Phone,
        digest: vern_core::IdentifierDigest::ZERO,
        country: None,
    }; 3];
    for (slot, id) in probes.iter_mut().zip(&ids) {
        *slot = id.probe(keys.digest());
    }
    Ok(Prepared {
        controller: controller.facts(),
        probes,
        given: ids.len().min(3),
        channel,
        purpose,
        at,
    })
}

/// May this controller contact this person on this channel for this purpose?
#[utoipa::path(post, path = "/v1/check", tag = "check", request_body = CheckIn<'_>,
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer"])),
    responses((status = 200, body = CheckOut), (status = 422, body = ErrorBody)))]
pub async fn check(
    _: Auth<Check>,
    State(state): State<AppState>,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Json<CheckOut>> {
    let item: CheckIn<'_> = parse_json(&body)?;
    let now = state.clock.now();
    let decision = decide_item(&state.follower.index(), state.store.keys(), now, &item, "")?;
    count_check(decision.allowed);
    Ok(Json(decision.into()))
}

/// Count one single check by its answer. The two counters are resolved once: the `metrics`
/// macro with a label builds and looks up its key on every call.
pub(crate) fn count_check(allowed: bool) {
    static COUNTERS: std::sync::OnceLock<[metrics::Counter; 2]> = std::sync::OnceLock::new();
    COUNTERS.get_or_init(|| {
        [
            metrics::counter!("vern_checks_total", "allowed" => "false"),
            metrics::counter!("vern_checks_total", "allowed" => "true"),
        ]
    })[usize::from(allowed)]
    .increment(1);
}

/// Up to 10 000 checks.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchIn<'a> {
    /// The checks, each as for `/v1/check`.
    #[serde(borrow)]
    pub items: Vec<CheckIn<'a>>,
}

/// The answers, in the order asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchOut {
    /// One answer per item.
    pub results: Vec<CheckOut>,
}

/// The most items one batch may hold.
pub const MAX_BATCH: usize = 10_000;
/// Below this many items a batch is not worth splitting over threads.
const BATCH_PART_MIN: usize = 500;

/// Many checks at once, answered in order. An invalid item gets an `error` and `allowed: false`;
/// the others are decided.
#[utoipa::path(post, path = "/v1/check/batch", tag = "check", request_body = BatchIn<'_>,
    security(("api_key" = ["admin", "privacy_officer", "seller", "marketer"])),
    responses((status = 200, body = BatchOut), (status = 422, body = ErrorBody)))]
pub async fn check_batch(
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
        let keys = worker.store.keys();
        let follower = &worker.follower;
        let parts = std::thread::available_parallelism().map_or(1, usize::from);
        let part_len = batch.items.len().div_ceil(parts).max(BATCH_PART_MIN);
        let decide_part = |first: usize, items: &[CheckIn<'_>]| -> Vec<CheckOut> {
            let index = follower.index();
            let mut results = Vec::with_capacity(items.len());
            let mut group = Vec::with_capacity(TOUCH_GROUP);
            for (g, chunk) in items.chunks(TOUCH_GROUP).enumerate() {
                group.clear();
                group.extend(chunk.iter().enumerate().map(|(j, item)| {
                    // The field path is only spelled out for an item that is refused.
                    prepare_item(&index, keys, now, item, "").or_else(|_| {
                        let n = first + g * TOUCH_GROUP + j;
                        prepare_item(&index, keys, now, item, &format!("items[{n}]."))
                    })
                }));
                for p in group.iter().flatten() {
                    index.touch(p.controller.id, p.probes());
                }
                results.extend(group.drain(..).map(|prepared| match prepared {
                    Ok(p) => p.decide(&index).into(),
                    Err(e) => CheckOut {
                        allowed: false,
                        reasons: Vec::new(),
                        error: Some(e.into_body()),
                    },
                }));
            }
            results
        };
        if batch.items.len() <= part_len {
            return Ok(decide_part(0, &batch.items));
        }
        Ok(std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .items
                .chunks(part_len)
                .enumerate()
                .map(|(n, items)| scope.spawn(move || decide_part(n * part_len, items)))
                .collect();
            let mut results = Vec::with_capacity(batch.items.len());
            for handle in handles {
                match handle.join() {
                    Ok(part) => results.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            results
        }))
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
