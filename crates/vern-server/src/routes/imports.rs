//! `POST /v1/imports`: people moving in over HTTP, as NDJSON read line by line while the body
//! arrives, through the same use case as `vern import people` (`crate::import`).

use axum::Json;
use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Auth;
use crate::auth::roles::WorkPeople;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Params;
use crate::import::{BATCH, Importer, Line, Options, Outcome, PersonRecord, Summary};
use crate::state::AppState;

/// The longest line read: one person's record.
const MAX_LINE: usize = 64 * 1024;
/// The most lines one request may carry.
const MAX_LINES: u64 = 1_000_000;
/// The most bytes one request may carry.
const MAX_BYTES: u64 = 512 * 1024 * 1024;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_people))
}

/// The import's options.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportQuery {
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
    /// Check every line and report on each; write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Region for national phone numbers (default: the controller's).
    pub region: Option<String>,
}

/// A line refused.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RejectedLine {
    /// The line of the body, from 1.
    pub line: u64,
    /// Why, every bad field named.
    pub reason: String,
}

/// One line's outcome in a dry run.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LineOut {
    /// The line of the body, from 1.
    pub line: u64,
    /// `created`, `updated`, `unchanged` or `rejected` (what a real run would do).
    pub outcome: String,
    /// Why it was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What an import did (or, dry, would do).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ImportOut {
    /// The import run's id, in each of its ledger entries.
    pub import: String,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// Lines read.
    pub read: u64,
    /// People created.
    pub created: u64,
    /// People updated.
    pub updated: u64,
    /// Lines that changed nothing.
    pub unchanged: u64,
    /// Lines refused, with their reasons.
    pub rejected: Vec<RejectedLine>,
    /// Batches written, each in one transaction.
    pub committed_batches: u64,
    /// Every line's outcome (dry run only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<LineOut>,
}

/// An import that stopped: why, and what was committed before.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ImportStopped {
    /// `too_large`, `invalid` or the store's code.
    pub code: &'static str,
    /// What happened.
    pub message: String,
    /// What the batches committed before the stop wrote; nothing after them was written.
    pub summary: ImportOut,
}

impl From<Summary> for ImportOut {
    fn from(s: Summary) -> ImportOut {
        ImportOut {
            import: s.import,
            dry_run: s.dry_run,
            read: s.read,
            created: s.created,
            updated: s.updated,
            unchanged: s.unchanged,
            rejected: s
                .rejected
                .into_iter()
                .map(|(line, reason)| RejectedLine { line, reason })
                .collect(),
            committed_batches: s.batches,
            lines: s
                .lines
                .into_iter()
                .map(|(line, o)| LineOut {
                    line,
                    outcome: o.as_str().to_owned(),
                    reason: match o {
                        Outcome::Rejected(r) => Some(r),
                        _ => None,
                    },
                })
                .collect(),
        }
    }
}

/// One NDJSON line as a record; the refusal names no value of the line.
fn parse_line(bytes: &[u8]) -> Result<PersonRecord, String> {
    serde_json::from_slice::<PersonRecord>(bytes).map_err(|e| {
        let at = e.column();
        match e.classify() {
            serde_json::error::Category::Data => {
                let text = e.to_string();
                // "unknown field `x`, expected one of …" names a key, not a value: keep it.
                match text.split_once(", expected").map(|(a, _)| a) {
                    Some(head) if head.starts_with("unknown field") => {
                        format!("not a person record: {head}")
                    }
                    _ => format!(
                        "not a person record: a value has the wrong type or a required key is missing (near column {at})"
                    ),
                }
            }
            _ => format!("not a JSON object (near column {at})"),
        }
    })
}

fn stopped(code: &'static str, status: StatusCode, message: String, summary: Summary) -> Response {
    (
        status,
        Json(ImportStopped {
            code,
            message,
            summary: summary.into(),
        }),
    )
        .into_response()
}

/// Import people: the body is NDJSON, one person per line (docs/import.md), read as it
/// arrives and written in batches of 10 000, each in one transaction. Bad lines are refused
/// and reported with their line numbers; the good ones go in. With `dry_run` nothing is
/// written and every line's outcome is reported. A line over 64 KiB or a body over
/// 1 000 000 lines or 512 MiB stops the run with a 413 that lists the batches committed
/// before it; nothing after them is written. A seller may create people but not change them.
#[utoipa::path(post, path = "/v1/imports", tag = "register", params(ImportQuery),
    request_body(content = String, content_type = "application/x-ndjson", description = "One person record (`PersonRecord`) per line"),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses(
        (status = 200, body = ImportOut),
        (status = 413, description = "A line or the body is too large; the batches committed before are reported", body = ImportStopped),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn import_people(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Params(q): Params<ImportQuery>,
    body: HttpBody,
) -> ApiResult<Response> {
    let options = Options {
        controller: q.controller,
        dry_run: q.dry_run,
        region: q.region,
        via: "api",
        may_update: crate::import::may_update(caller.role),
    };
    let mut importer = Importer::new(&state, caller.actor(), options)?;
    let mut stream = body.into_data_stream();
    let mut pending: Vec<u8> = Vec::new();
    let mut batch: Vec<Line> = Vec::new();
    let mut line = 0u64;
    let mut bytes = 0u64;
    let mut ended = false;
    while !ended {
        let chunk = match stream.next().await {
            Some(Ok(c)) => c,
            Some(Err(_)) => {
                return Ok(stopped(
                    "body_incomplete",
                    StatusCode::BAD_REQUEST,
                    "the request body ended early; the batches committed before are kept".into(),
                    importer.finish(),
                ));
            }
            None => {
                ended = true;
                axum::body::Bytes::new()
            }
        };
        bytes += chunk.len() as u64;
        if bytes > MAX_BYTES {
            return Ok(too_large(importer, "the body is larger than 512 MiB"));
        }
        pending.extend_from_slice(&chunk);
        let mut start = 0;
        loop {
            let end = match memchr::memchr(b'\n', &pending[start..]) {
                Some(i) => start + i,
                None if ended && start < pending.len() => pending.len(),
                None => break,
            };
            line += 1;
            if line > MAX_LINES {
                return Ok(too_large(
                    importer,
                    "the body has more than 1 000 000 lines",
                ));
            }
            let text = pending[start..end]
                .strip_suffix(b"\r")
                .unwrap_or(&pending[start..end]);
            if !text.iter().all(u8::is_ascii_whitespace) {
                batch.push((line, parse_line(text)));
            }
            start = (end + 1).min(pending.len());
            if batch.len() >= BATCH
                && let Err(e) = importer.batch(std::mem::take(&mut batch)).await
            {
                return Ok(failed(importer, e));
            }
            if start >= pending.len() {
                break;
            }
        }
        pending.drain(..start);
        if pending.len() > MAX_LINE {
            return Ok(too_large(importer, "a line is longer than 64 KiB"));
        }
    }
    if !batch.is_empty()
        && let Err(e) = importer.batch(batch).await
    {
        return Ok(failed(importer, e));
    }
    if line == 0 {
        return Err(ApiError::invalid_field(
            "body",
            "empty: send one person record per line",
        ));
    }
    Ok(Json(ImportOut::from(importer.finish())).into_response())
}

/// A batch that could not be written: the error as the API says it, with what was committed.
fn failed(importer: Importer<'_>, e: ApiError) -> Response {
    let status = e.status();
    let body = e.into_body();
    stopped(body.code, status, body.message, importer.finish())
}

fn too_large(importer: Importer<'_>, why: &str) -> Response {
    let summary = importer.finish();
    let message = format!(
        "{why}: the import stopped; the {} batch(es) committed before are kept, nothing after them was written",
        summary.batches
    );
    stopped("too_large", StatusCode::PAYLOAD_TOO_LARGE, message, summary)
}
