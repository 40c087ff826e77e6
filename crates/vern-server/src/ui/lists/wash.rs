//! Washing a list: the upload, the summary of each wash, and the washed files kept for their
//! download; the wash decides through the same code as the API (`wash::run`).

use askama::Template;
use axum::extract::{Extension, Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use vern_core::Channel;
use vern_store::model::WashRecord;

use super::check::{ChannelChoice, PurposeChoice, local_instant};
use crate::auth::roles::{ReadWashes, Wash};
use crate::error::ApiError;
use crate::state::AppState;
use crate::ui::UiShared;
use crate::ui::i18n::Texts;
use crate::ui::page::{
    CsrfExpected, Layout, Me, UiError, UiResult, csrf_matches, csrf_refused, render, render_status,
    see_other,
};
use crate::ui::session::Staff;
use crate::wash::WashPlan;
use crate::wash::record::{self, PlanError, PlanInput, Recording, RunError, Washer};

/// The largest list the UI takes (larger ones: `vern wash` or `POST /v1/wash`, which stream).
pub(crate) const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// How long washed files wait for their download.
const KEEP_FILES: Duration = Duration::hours(1);

/// At most this many bytes of washed files are kept at once; the oldest go first.
const KEEP_BYTES: usize = 256 * 1024 * 1024;

/// Washed files waiting to be downloaded by the user who washed them. Kept in this process for
/// an hour: the summary is in the database and reads on any server, the rows are not stored.
#[derive(Debug, Default)]
pub(crate) struct WashFiles {
    files: Mutex<HashMap<String, WashFile>>,
}

/// A washed file's bytes, shared with the response that sends it.
type Csv = Arc<Vec<u8>>;

#[derive(Debug)]
struct WashFile {
    user: String,
    created: OffsetDateTime,
    allowed: Csv,
    rejected: Csv,
}

impl WashFiles {
    fn put(&self, id: String, file: WashFile, now: OffsetDateTime) {
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.retain(|_, f| now - f.created < KEEP_FILES);
        let size = |f: &WashFile| f.allowed.len() + f.rejected.len();
        let mut total: usize = files.values().map(size).sum::<usize>() + size(&file);
        while total > KEEP_BYTES {
            let Some(oldest) = files
                .iter()
                .min_by_key(|(_, f)| f.created)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(f) = files.remove(&oldest) {
                total -= size(&f);
            }
        }
        files.insert(id, file);
    }

    fn get(&self, id: &str, user: &str, now: OffsetDateTime) -> Option<(Csv, Csv)> {
        let files = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files
            .get(id)
            .filter(|f| f.user == user && now - f.created < KEEP_FILES)
            .map(|f| (Arc::clone(&f.allowed), Arc::clone(&f.rejected)))
    }
}

pub(crate) struct WashRow {
    id: String,
    when: String,
    list: String,
    purpose: String,
    channel: &'static str,
    rows: u64,
    allowed: u64,
    rejected: u64,
}

#[derive(Template)]
#[template(path = "ui/wash.html")]
struct WashPage {
    l: Layout,
    t: &'static Texts,
    purposes: Vec<PurposeChoice>,
    channels: Vec<ChannelChoice>,
    washes: Vec<WashRow>,
}

fn wash_row(me: &Me, w: &WashRecord) -> WashRow {
    WashRow {
        id: w.id.clone(),
        when: me.when(w.created_at),
        list: w.list_name.clone(),
        purpose: w.purpose.clone(),
        channel: me.t.channel_name(w.channel),
        rows: w.counts.rows,
        allowed: w.counts.allowed,
        rejected: w.counts.rejected,
    }
}

async fn wash_view(me: &Me, state: &AppState, error: Option<String>) -> Result<WashPage, UiError> {
    let purposes = state
        .store
        .list_purposes(None)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let names: HashMap<_, _> = state
        .follower
        .index()
        .controllers()
        .map(|c| (c.record.id, (c.record.key.clone(), c.record.name.clone())))
        .collect();
    let many = names.len() > 1;
    let washes = state
        .store
        .list_washes(20)
        .await
        .map_err(|e| me.fail(e.into()))?;
    Ok(WashPage {
        l: me.layout("wash").with_error(error),
        t: me.t,
        purposes: purposes
            .iter()
            .filter_map(|p| {
                let (key, name) = names.get(&p.controller)?;
                Some(PurposeChoice {
                    value: format!("{key}/{}", p.purpose.key),
                    label: if many {
                        format!("{} ({name})", p.purpose.name)
                    } else {
                        p.purpose.name.clone()
                    },
                    selected: false,
                })
            })
            .collect(),
        channels: Channel::ALL
            .into_iter()
            .map(|c| ChannelChoice {
                value: c.as_str(),
                label: me.t.channel_name(c),
                selected: c == Channel::Phone,
            })
            .collect(),
        washes: washes.iter().map(|w| wash_row(me, w)).collect(),
    })
}

/// The wash page: upload a list, and the recent washes.
pub(crate) async fn wash_page(
    Staff { me, .. }: Staff<Wash>,
    State(state): State<AppState>,
) -> UiResult {
    render(&wash_view(&me, &state, None).await?)
}

/// What to wash for, from the upload form's fields, read by the API's rules; the message says
/// what is wrong. An empty field is one left at its default. The planned time is the user's
/// local time; one that cannot be read is refused with the API's message.
fn wash_plan(
    me: &Me,
    state: &AppState,
    fields: &HashMap<String, String>,
    now: OffsetDateTime,
) -> Result<WashPlan, String> {
    let field = |name: &str| {
        fields
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let (controller, purpose) = field("purpose")
        .and_then(|p| p.split_once('/'))
        .map_or((None, ""), |(c, p)| (Some(c), p));
    let at = field("at").map(|text| {
        local_instant(me, text)
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_else(|| text.to_owned())
    });
    let input = PlanInput {
        controller,
        purpose,
        channel: field("channel").unwrap_or_default(),
        region: field("region"),
        at: at.as_deref(),
        encoding: field("encoding"),
        phone_column: None,
        email_column: None,
        // The upload is already bounded by MAX_UPLOAD.
        max_bytes: None,
    };
    record::plan(&state.follower.index(), &input, now).map_err(|e| match e {
        PlanError::Purpose(_) | PlanError::Channel(_) => me.t.choose_purpose_channel.to_owned(),
        other => ApiError::from(other).into_body().message,
    })
}

/// Wash an uploaded list, record the wash, keep the files for download, show the summary.
pub(crate) async fn wash_upload(
    Staff { me, .. }: Staff<Wash>,
    Extension(expected): Extension<CsrfExpected>,
    Extension(ui): Extension<Arc<UiShared>>,
    State(state): State<AppState>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> UiResult {
    // A post that is not a multipart form carries no token either: refused like any other.
    let Ok(mut multipart) = multipart else {
        return Ok(csrf_refused());
    };
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return Err(UiError::from_api(
                    ApiError::bad_request(me.t.upload_failed),
                    Some(&me),
                ));
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            // The token comes first in the form: nothing is read from a forged post.
            if !csrf_matches(&expected.0, fields.get("csrf").map(String::as_str)) {
                return Ok(csrf_refused());
            }
            let list_name = field
                .file_name()
                .map(|n| n.chars().filter(|c| !c.is_control()).take(200).collect())
                .unwrap_or_else(|| "upload.csv".to_owned());
            let bytes = field.bytes().await.map_err(|_| {
                UiError::from_api(ApiError::bad_request(me.t.upload_failed), Some(&me))
            })?;
            file = Some((list_name, bytes.to_vec()));
        } else {
            let value = field.text().await.unwrap_or_default();
            fields.insert(name, value);
        }
    }
    if !csrf_matches(&expected.0, fields.get("csrf").map(String::as_str)) {
        return Ok(csrf_refused());
    }
    let fail = |message: String| async {
        let page = wash_view(&me, &state, Some(message)).await?;
        render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    };
    let Some((list_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return fail(me.t.choose_file.to_owned()).await;
    };
    let now = state.clock.now();
    let plan = match wash_plan(&me, &state, &fields, now) {
        Ok(plan) => plan,
        Err(message) => return fail(message).await,
    };
    let worker = state.clone();
    let recording = Recording {
        id: uuid::Uuid::now_v7().to_string(),
        list_name,
        via: "ui",
        actor: me.actor.clone(),
    };
    let washed = tokio::task::spawn_blocking(move || {
        let mut allowed = Vec::new();
        let mut rejected = Vec::new();
        let washer = Washer {
            store: worker.store.as_ref(),
            follower: &worker.follower,
            clock: &worker.clock,
        };
        washer
            .run_and_record(
                &plan,
                recording,
                std::io::Cursor::new(bytes),
                &mut allowed,
                Some(&mut rejected),
                &|_| {},
            )
            .map(|(record, _)| (record, allowed, rejected))
    })
    .await
    .map_err(|e| me.fail(ApiError::internal(&e)))?;
    let (record, allowed, rejected) = match washed {
        Ok(done) => done,
        Err(RunError::Wash(e)) => return fail(e.to_string()).await,
        Err(RunError::Record(e)) => return Err(me.fail(e.into())),
    };
    ui.washes.put(
        record.id.clone(),
        WashFile {
            user: me.user.id.clone(),
            created: now,
            allowed: Arc::new(allowed),
            rejected: Arc::new(rejected),
        },
        now,
    );
    Ok(see_other(&format!("/ui/washes/{}?done=wash", record.id)))
}

pub(crate) struct RegisterUse {
    name: &'static str,
    version: String,
    /// The last day the wash's result may be used for this register, ISO 8601.
    valid_until: String,
    valid: bool,
    expired: bool,
}

#[derive(Template)]
#[template(path = "ui/wash_result.html")]
struct WashResultPage {
    l: Layout,
    t: &'static Texts,
    w: WashRow,
    planned: String,
    digest: String,
    unparseable: u64,
    neutralized: u64,
    reasons: Vec<(String, u64)>,
    registers: Vec<RegisterUse>,
    files: bool,
    may_wash: bool,
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

/// One wash's summary, with its files while they are kept.
pub(crate) async fn wash_result(
    Staff { me, .. }: Staff<ReadWashes>,
    Extension(ui): Extension<Arc<UiShared>>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> UiResult {
    let w = state.store.get_wash(&id).await.map_err(|e| {
        me.fail(match e {
            vern_store::StoreError::NotFound => ApiError::not_found("wash"),
            other => other.into(),
        })
    })?;
    let files = ui.washes.get(&id, &me.user.id, state.clock.now()).is_some();
    render(&WashResultPage {
        l: me.layout("wash").done(q.done.as_deref()),
        t: me.t,
        planned: me.when(w.planned_at),
        digest: w.file_digest.clone(),
        unparseable: w.counts.unparseable,
        neutralized: w.counts.neutralized,
        reasons: w
            .counts
            .by_reason
            .iter()
            .map(|(code, n)| (me.t.reason_text(code, code), *n))
            .collect(),
        registers: crate::wash::validity::view(w.clone(), state.clock.now().date())
            .registers
            .iter()
            .map(|r| RegisterUse {
                name: me.t.register_name(r.register),
                version: r.version_date.map(|d| d.to_string()).unwrap_or_default(),
                valid_until: r.valid_until.map(|d| d.to_string()).unwrap_or_default(),
                valid: r.valid,
                expired: r.expired,
            })
            .collect(),
        files,
        may_wash: me.may::<Wash>(),
        w: wash_row(&me, &w),
    })
}

/// `allowed.csv` or `rejected.csv` of a wash, for the user who ran it.
pub(crate) async fn wash_download(
    Staff { me, .. }: Staff<Wash>,
    Extension(ui): Extension<Arc<UiShared>>,
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> UiResult {
    let Some((allowed, rejected)) = ui.washes.get(&id, &me.user.id, state.clock.now()) else {
        return Err(UiError {
            status: StatusCode::NOT_FOUND,
            title: me.t.not_found_title,
            message: me.t.files_gone.to_owned(),
            layout: Some(Box::new(me.layout("wash"))),
        });
    };
    let (body, name) = match file.as_str() {
        "allowed.csv" => (allowed, "allowed.csv"),
        "rejected.csv" => (rejected, "rejected.csv"),
        _ => return Err(me.fail(ApiError::not_found("file"))),
    };
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body.as_ref().clone(),
    )
        .into_response())
}
