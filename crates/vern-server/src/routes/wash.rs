//! Washing over HTTP: `text/csv` in, the allowed (or rejected) rows out, streamed both ways.
//! The same engine as `vern wash`, so both give identical results for the same input.

use axum::Json;
use axum::body::{Body as HttpBody, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};
use time::OffsetDateTime;
use tokio::sync::mpsc;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::register::RegisterVersion;
use vern_store::model::RegisterVersionRecord;

use crate::auth::Auth;
use crate::auth::roles::{ReadWashes, Wash};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Params;
use crate::state::AppState;
use crate::wash::{
    self,
    record::{self, PlanInput, Recording, RunError, Washer},
    validity::{self, WashOut},
};

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(wash_list))
        .routes(routes!(list_washes))
        .routes(routes!(get_wash))
        .routes(routes!(list_registers))
}

/// What to wash for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct WashQuery {
    /// The purpose's key.
    pub purpose: String,
    /// The channel.
    pub channel: String,
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
    /// Region of national phone numbers (default: the controller's).
    pub region: Option<String>,
    /// The planned time of contact, RFC 3339 (default: now).
    pub at: Option<String>,
    /// `allowed` (default) or `rejected`: which rows the response carries.
    pub output: Option<String>,
    /// utf-8 (default), iso-8859-1 or windows-1252.
    pub encoding: Option<String>,
    /// The phone column's header, when it is not recognised.
    pub phone_column: Option<String>,
    /// The e-mail column's header, when it is not recognised.
    pub email_column: Option<String>,
    /// The list's name, for the wash record.
    pub name: Option<String>,
}

/// A reader over the request body, fed from the async side. The body's end is an empty chunk:
/// a channel closed without it means the body was cut off (the client went away, the server is
/// stopping), which is an error, never the end of the list.
struct BodyReader {
    rx: mpsc::Receiver<Result<Bytes, io::Error>>,
    current: Bytes,
    ended: bool,
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            if self.ended {
                return Ok(0);
            }
            match self.rx.blocking_recv() {
                Some(Ok(bytes)) if bytes.is_empty() => self.ended = true,
                Some(Ok(bytes)) => self.current = bytes,
                Some(Err(e)) => return Err(e),
                None => return Err(io::Error::other("the request body ended early")),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current = self.current.slice(n..);
        Ok(n)
    }
}

/// A writer into the response body.
struct BodyWriter {
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
    buf: Vec<u8>,
}

impl Write for BodyWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= 256 * 1024 {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            let chunk = Bytes::from(std::mem::take(&mut self.buf));
            self.tx
                .blocking_send(Ok(chunk))
                .map_err(|_| io::Error::other("the client went away"))?;
        }
        Ok(())
    }
}

/// Wash a list. The body is the CSV (comma, semicolon or tab separated; rows ending in `\n`,
/// `\r\n` or `\r`); every phone and e-mail column is washed. The response is the allowed rows
/// (or, with `output=rejected`, the rejected rows with line numbers, reason codes and the
/// columns that failed), streamed, with cells a spreadsheet would run as formulas neutralized.
/// The `X-Vern-Wash-Id` header names the wash: its summary (counts, reasons, registers applied,
/// cells neutralized) is at `GET /v1/washes/{id}` once the response has ended. A body over
/// `wash.max_body_bytes` is a 413; invalid UTF-8 (without `encoding`), a row over 1 MiB or a
/// quote never closed is a 422 naming the line. See `docs/washing.md`.
#[utoipa::path(post, path = "/v1/wash", tag = "check", params(WashQuery),
    request_body(content = String, content_type = "text/csv", description = "The campaign list"),
    security(("api_key" = ["admin", "privacy_officer", "marketer"])),
    responses((status = 200, description = "The washed rows", content_type = "text/csv"), (status = 413, description = "The body is larger than `wash.max_body_bytes` (default 4 GiB)", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn wash_list(
    Auth { caller, .. }: Auth<Wash>,
    State(state): State<AppState>,
    Params(q): Params<WashQuery>,
    headers: axum::http::HeaderMap,
    body: HttpBody,
) -> ApiResult<Response> {
    let limit = state.wash.max_body_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::too_large());
    }
    let plan = record::plan(
        &state.follower.index(),
        &PlanInput {
            controller: q.controller.as_deref(),
            purpose: &q.purpose,
            channel: &q.channel,
            region: q.region.as_deref(),
            at: q.at.as_deref(),
            encoding: q.encoding.as_deref(),
            phone_column: q.phone_column.as_deref(),
            email_column: q.email_column.as_deref(),
            max_bytes: Some(limit),
        },
        state.clock.now(),
    )?;
    let rejected_out = match q.output.as_deref() {
        None | Some("allowed") => false,
        Some("rejected") => true,
        Some(_) => return Err(ApiError::invalid_field("output", "allowed or rejected")),
    };
    let wash_id = uuid::Uuid::now_v7().to_string();
    let wash_id_job = wash_id.clone();
    let list_name = q.name.unwrap_or_else(|| "upload.csv".to_owned());

    // Body in: async stream → blocking reader. When the wash stops reading (it failed, or its
    // client went away) the send fails and this task ends with it.
    let (in_tx, in_rx) = mpsc::channel::<Result<Bytes, io::Error>>(16);
    let mut stream = body.into_data_stream();
    tokio::spawn(async move {
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(bytes) if bytes.is_empty() => {}
                Ok(bytes) => {
                    if in_tx.send(Ok(bytes)).await.is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let _ = in_tx.send(Err(io::Error::other(e))).await;
                    return;
                }
            }
        }
        let _ = in_tx.send(Ok(Bytes::new())).await;
    });
    // Rows out: blocking writer → async stream. The wash is recorded before the writer is
    // dropped, so the response ends only once its summary can be read.
    let (out_tx, mut out_rx) = mpsc::channel::<Result<Bytes, io::Error>>(16);
    let worker_state = state.clone();
    let actor = caller.actor();
    let job = tokio::task::spawn_blocking(move || {
        let mut writer = BodyWriter {
            tx: out_tx,
            buf: Vec::new(),
        };
        let mut sink = io::sink();
        let reader = BodyReader {
            rx: in_rx,
            current: Bytes::new(),
            ended: false,
        };
        let washer = Washer {
            store: worker_state.store.as_ref(),
            follower: &worker_state.follower,
            clock: &worker_state.clock,
        };
        let recording = Recording {
            id: wash_id_job,
            list_name,
            via: "api",
            actor,
        };
        let result = if rejected_out {
            washer.run_and_record(
                &plan,
                recording,
                reader,
                &mut sink,
                Some(&mut writer),
                &|_| {},
            )
        } else {
            washer.run_and_record(
                &plan,
                recording,
                reader,
                &mut writer,
                Some(&mut sink),
                &|_| {},
            )
        };
        match result {
            Ok(_) => {}
            Err(RunError::Wash(e)) => {
                let _ = writer
                    .tx
                    .blocking_send(Err(io::Error::other(e.to_string())));
                return Err(e);
            }
            Err(RunError::Record(e)) => {
                tracing::error!(error = %e, "could not record a wash");
                let _ = writer
                    .tx
                    .blocking_send(Err(io::Error::other("the wash could not be recorded")));
                return Ok(());
            }
        }
        if let Err(e) = writer.flush() {
            tracing::warn!(error = %e, "a wash response was cut off");
        }
        Ok(())
    });
    let first = match out_rx.recv().await {
        Some(Ok(first)) => first,
        _ => {
            // Nothing was written: the wash failed before its first row (no usable header).
            let result = job.await.map_err(|e| ApiError::internal(&e))?;
            return Err(match result {
                Err(e @ (wash::WashError::Columns(_) | wash::WashError::Row { .. })) => {
                    ApiError::invalid_field("body", e.to_string())
                }
                Err(wash::WashError::Empty) => ApiError::invalid_field(
                    "body",
                    "the list is empty: it needs at least a header row",
                ),
                Err(wash::WashError::TooLarge { .. }) => ApiError::too_large(),
                Err(e @ wash::WashError::Counts(_)) => ApiError::internal(&e),
                Err(e) => ApiError::bad_request(e.to_string()),
                Ok(()) => ApiError::internal(&"the wash wrote nothing"),
            });
        }
    };
    let stream = futures_util::stream::once(async move { Ok::<Bytes, io::Error>(first) }).chain(
        futures_util::stream::unfold(out_rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        }),
    );
    let mut response = HttpBody::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&wash_id) {
        headers.insert("x-vern-wash-id", v);
    }
    *response.status_mut() = StatusCode::OK;
    Ok(response)
}

/// Recent washes.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct WashesOut {
    /// Newest first.
    pub washes: Vec<WashOut>,
}

/// The record of recent washes: list, digest of the file, purpose, channel, registers applied,
/// counts.
#[utoipa::path(get, path = "/v1/washes", tag = "check",
    security(("api_key" = ["admin", "privacy_officer", "marketer", "auditor"])),
    responses((status = 200, body = WashesOut)))]
pub(crate) async fn list_washes(
    _: Auth<ReadWashes>,
    State(state): State<AppState>,
) -> ApiResult<Json<WashesOut>> {
    let today = state.clock.now().date();
    let washes = state.store.list_washes(500).await?;
    Ok(Json(WashesOut {
        washes: washes
            .into_iter()
            .map(|w| validity::view(w, today))
            .collect(),
    }))
}

/// One wash's record and summary.
#[utoipa::path(get, path = "/v1/washes/{id}", tag = "check",
    params(("id" = String, Path, description = "The wash's id (X-Vern-Wash-Id)")),
    security(("api_key" = ["admin", "privacy_officer", "marketer", "auditor"])),
    responses((status = 200, body = WashOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_wash(
    _: Auth<ReadWashes>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<WashOut>> {
    let wash = state.store.get_wash(&id).await.map_err(|e| match e {
        vern_store::StoreError::NotFound => ApiError::not_found("wash"),
        other => other.into(),
    })?;
    Ok(Json(validity::view(wash, state.clock.now().date())))
}

/// A register version and its validity.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RegisterOut {
    /// The version.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub version: RegisterVersionRecord,
    /// The last day a wash against it is good (ISO 8601).
    #[serde(with = "vern_core::calendar::iso_date")]
    #[schema(value_type = String, format = Date)]
    pub valid_until: time::Date,
    /// `in_force`, `stale` or `superseded`.
    pub status: &'static str,
}

/// The national register versions, with their validity.
#[utoipa::path(get, path = "/v1/registers", tag = "check",
    security(("api_key" = ["admin", "privacy_officer", "marketer", "auditor"])),
    responses((status = 200, body = Vec<RegisterOut>)))]
pub(crate) async fn list_registers(
    _: Auth<ReadWashes>,
    State(state): State<AppState>,
) -> ApiResult<Json<Vec<RegisterOut>>> {
    let today: OffsetDateTime = state.clock.now();
    let versions = state.store.list_register_versions().await?;
    Ok(Json(
        versions
            .into_iter()
            .map(|v| {
                let status = if v.superseded_at.is_some() {
                    "superseded"
                } else if (RegisterVersion {
                    version_date: v.version_date,
                })
                .valid_on(v.register, today.date())
                {
                    "in_force"
                } else {
                    "stale"
                };
                RegisterOut {
                    valid_until: v.register.valid_until(v.version_date),
                    status,
                    version: v,
                }
            })
            .collect(),
    ))
}
