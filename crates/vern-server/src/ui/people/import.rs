//! Importing people from a spreadsheet in the UI: the file is checked first (a dry run that
//! reports on every line and writes nothing), then imported for real once staff confirm. Both
//! runs read the file with the one sheet reader (`import::sheet`) and hand its rows to the one
//! [`Importer`] that `vern import people` and `POST /v1/imports` use: the same rules, the same
//! refusals, the same ledger entries; this module only turns the summary into a page.

use askama::Template;
use axum::extract::{Extension, Multipart, State};
use axum::http::StatusCode;
use rand::RngCore;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::{Duration, OffsetDateTime};

use crate::auth::roles::WorkPeople;
use crate::error::ApiError;
use crate::import::sheet::{Mapping, Sheet};
use crate::import::{BATCH, Importer, Options, Outcome, Summary};
use crate::state::AppState;
use crate::ui::UiShared;
use crate::ui::i18n::Texts;
use crate::ui::page::{CsrfExpected, Form, Layout, Me, UiResult, render_status};
use crate::ui::session::Staff;
use crate::ui::upload;
use crate::wash::input::Encoding;

/// The largest file the UI imports (larger registers: `vern import people` or
/// `POST /v1/imports`, which stream).
pub(crate) const MAX_IMPORT_FILE: usize = 64 * 1024 * 1024;

/// How long a checked file waits for its real run.
const KEEP_FILE: Duration = Duration::minutes(15);

/// At most this many bytes of checked files are kept at once; the oldest go first.
const KEEP_BYTES: usize = 256 * 1024 * 1024;

/// The first lines of a run the page lists one by one (the counts cover every line).
const LINES_SHOWN: usize = 2_000;

/// Files checked by a dry run, waiting for staff to confirm the real run.
///
/// Why the file is kept here rather than sent back through the page: the real run must import
/// exactly the rows the dry run showed. Rows carried in hidden fields could be changed in the
/// browser between the two runs, and asking for the file again could bring another file (or
/// the same file, edited) that nobody checked. So the bytes stay in this process, under a
/// random 256-bit token, for the staff member who uploaded them only, for 15 minutes; the real
/// run takes them out, so one check imports once. What the browser holds is the token, which
/// changes nothing if altered (another token names no file, or someone else's, which is
/// refused). The cost: a real run that lands on another server, or comes too late, asks for
/// the file again and shows a new dry run.
#[derive(Debug, Default)]
pub(crate) struct CheckedImports {
    files: Mutex<HashMap<String, Checked>>,
}

/// A checked file and how it was to be read.
#[derive(Debug, Clone)]
struct Checked {
    user: String,
    created: OffsetDateTime,
    name: String,
    bytes: Arc<[u8]>,
    asked: Asked,
}

impl CheckedImports {
    fn put(&self, file: Checked, now: OffsetDateTime) -> String {
        let mut token = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut token);
        let token = crate::ui::page::token_text(&token);
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.retain(|_, f| now - f.created < KEEP_FILE);
        let mut total: usize = files.values().map(|f| f.bytes.len()).sum::<usize>();
        total += file.bytes.len();
        while total > KEEP_BYTES {
            let Some(oldest) = files
                .iter()
                .min_by_key(|(_, f)| f.created)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(f) = files.remove(&oldest) {
                total -= f.bytes.len();
            }
        }
        files.insert(token.clone(), file);
        token
    }

    /// The file behind `token`, taken out, if `user` checked it and it has not expired.
    fn take(&self, token: &str, user: &str, now: OffsetDateTime) -> Option<Checked> {
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mine = files
            .get(token)
            .is_some_and(|f| f.user == user && now - f.created < KEEP_FILE);
        if mine { files.remove(token) } else { None }
    }
}

/// How the file is to be read, as the form asked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Asked {
    controller: String,
    encoding: String,
    region: String,
}

impl Asked {
    fn from(get: impl Fn(&str) -> Option<String>) -> Asked {
        Asked {
            controller: get("controller").unwrap_or_default(),
            encoding: get("encoding").unwrap_or_default(),
            region: get("region").unwrap_or_default(),
        }
    }

    /// The encoding, read as `vern import people --encoding` reads it; empty: detected.
    fn encoding(&self) -> Result<Option<Encoding>, ApiError> {
        if self.encoding.is_empty() {
            return Ok(None);
        }
        self.encoding
            .parse::<Encoding>()
            .map(Some)
            .map_err(|e| ApiError::invalid_field("encoding", e))
    }

    fn options(&self, me: &Me, dry_run: bool) -> Options {
        Options {
            controller: Some(self.controller.clone()).filter(|c| !c.is_empty()),
            dry_run,
            region: Some(self.region.clone()).filter(|r| !r.is_empty()),
            via: "ui",
            may_update: crate::import::may_update(me.role()),
        }
    }
}

/// One option of a list.
pub(crate) struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// One line of a run as the page lists it.
pub(crate) struct LineRow {
    line: u64,
    outcome: &'static str,
    label: &'static str,
    reason: String,
}

/// What a run did (or, dry, would do).
pub(crate) struct Report {
    file: String,
    read: u64,
    created: u64,
    updated: u64,
    unchanged: u64,
    rejected: usize,
    batches: u64,
    /// Every line (dry run) or the refused ones (real run), the first [`LINES_SHOWN`].
    lines: Vec<LineRow>,
    /// Lines not listed.
    more: usize,
    /// Headers no column name matched.
    ignored: String,
}

fn outcome_label(t: &Texts, outcome: &str) -> &'static str {
    match outcome {
        "created" => t.imp_created,
        "updated" => t.imp_updated,
        "unchanged" => t.imp_unchanged,
        _ => t.imp_rejected,
    }
}

fn report(t: &Texts, file: &str, summary: Summary, ignored: &[String]) -> Report {
    let rows: Vec<(u64, Outcome)> = if summary.dry_run {
        summary.lines
    } else {
        summary
            .rejected
            .iter()
            .map(|(line, why)| (*line, Outcome::Rejected(why.clone())))
            .collect()
    };
    let more = rows.len().saturating_sub(LINES_SHOWN);
    Report {
        file: file.to_owned(),
        read: summary.read,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejected.len(),
        batches: summary.batches,
        lines: rows
            .into_iter()
            .take(LINES_SHOWN)
            .map(|(line, o)| LineRow {
                line,
                outcome: o.as_str(),
                label: outcome_label(t, o.as_str()),
                reason: match o {
                    Outcome::Rejected(why) => why,
                    _ => String::new(),
                },
            })
            .collect(),
        more,
        ignored: ignored.join(", "),
    }
}

#[derive(Template)]
#[template(path = "ui/people_import.html")]
struct ImportPage {
    l: Layout,
    t: &'static Texts,
    controllers: Vec<Choice>,
    encodings: Vec<Choice>,
    region: String,
    /// The dry run's report, and the token its real run names.
    checked: Option<Report>,
    token: String,
    /// The real run's report.
    imported: Option<Report>,
}

fn import_page(me: &Me, state: &AppState, asked: &Asked, error: Option<String>) -> ImportPage {
    let t = me.t;
    let mut controllers: Vec<Choice> = state
        .follower
        .index()
        .controllers()
        .map(|c| Choice {
            selected: c.record.key == asked.controller,
            value: c.record.key.clone(),
            label: c.record.name.clone(),
        })
        .collect();
    controllers.sort_by(|a, b| a.label.cmp(&b.label));
    if controllers.len() < 2 {
        controllers.clear();
    }
    let encodings = [
        ("", t.imp_encoding_detect),
        ("utf-8", "UTF-8"),
        ("windows-1252", "Windows-1252"),
        ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
    ]
    .into_iter()
    .map(|(value, label)| Choice {
        selected: value == asked.encoding,
        value: value.to_owned(),
        label: label.to_owned(),
    })
    .collect();
    ImportPage {
        l: me.layout("people").with_error(error),
        t,
        controllers,
        encodings,
        region: asked.region.clone(),
        checked: None,
        token: String::new(),
        imported: None,
    }
}

/// A run over a file: the summary, the ignored headers, and the error that stopped it (the
/// batches committed before it stay, and the summary counts them).
struct Ran {
    summary: Summary,
    ignored: Vec<String>,
    stopped: Option<ApiError>,
}

/// Read `bytes` with the sheet reader and feed its rows, batch by batch, to the one importer.
async fn run(
    state: &AppState,
    me: &Me,
    bytes: Arc<[u8]>,
    asked: &Asked,
    dry_run: bool,
) -> Result<Ran, ApiError> {
    let encoding = asked.encoding()?;
    let mut importer = Importer::new(state, me.actor.clone(), asked.options(me, dry_run))?;
    let input: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(bytes));
    let mut sheet = Sheet::open(input, encoding, &Mapping::default())
        .map_err(|e| ApiError::invalid_field("file", e.to_string()))?;
    let ignored = sheet.ignored.clone();
    let mut stopped = None;
    loop {
        // Parsing a batch is CPU work: off the async threads, as the CLI does.
        let (back, rows) = tokio::task::spawn_blocking(move || {
            let rows = sheet.rows(BATCH);
            (sheet, rows)
        })
        .await
        .map_err(|e| ApiError::internal(&e))?;
        sheet = back;
        let rows = match rows {
            Ok(r) if r.is_empty() => break,
            Ok(r) => r,
            Err(e) => {
                stopped = Some(ApiError::invalid_field("file", e.to_string()));
                break;
            }
        };
        if let Err(e) = importer.batch(rows).await {
            stopped = Some(e);
            break;
        }
    }
    Ok(Ran {
        summary: importer.finish(),
        ignored,
        stopped,
    })
}

/// The refusal as the page says it.
fn said(me: &Me, e: ApiError) -> (StatusCode, String) {
    let status = e.status();
    (status, crate::ui::controllers::refusal(me.t, e))
}

/// The import page: choose a file, check it.
pub(crate) async fn import_form(
    Staff { me, .. }: Staff<WorkPeople>,
    State(state): State<AppState>,
) -> UiResult {
    render_status(
        StatusCode::OK,
        &import_page(&me, &state, &Asked::default(), None),
    )
}

/// The dry run of an uploaded file: every line's outcome, nothing written; the file is kept
/// for the real run (see [`CheckedImports`]).
pub(crate) async fn import_check(
    Staff { me, .. }: Staff<WorkPeople>,
    Extension(expected): Extension<CsrfExpected>,
    Extension(ui): Extension<Arc<UiShared>>,
    State(state): State<AppState>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> UiResult {
    let form = match upload::read(&me, expected, multipart, "file", MAX_IMPORT_FILE).await {
        Ok(f) => f,
        Err(response) => return Ok(response),
    };
    let asked = Asked::from(|name| form.get(name));
    let Some((name, bytes)) = form.file else {
        let page = import_page(&me, &state, &asked, Some(me.t.choose_file.to_owned()));
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let bytes: Arc<[u8]> = bytes.into();
    let ran = match run(&state, &me, Arc::clone(&bytes), &asked, true).await {
        Ok(ran) => ran,
        Err(e) if e.status().is_server_error() => return Err(me.fail(e)),
        Err(e) => {
            let (status, message) = said(&me, e);
            return render_status(status, &import_page(&me, &state, &asked, Some(message)));
        }
    };
    let mut page = import_page(&me, &state, &asked, None);
    if let Some(e) = ran.stopped {
        let (status, message) = said(&me, e);
        page.l = page.l.with_error(Some(message));
        return render_status(status, &page);
    }
    let now = state.clock.now();
    page.token = ui.imports.put(
        Checked {
            user: me.user.id.clone(),
            created: now,
            name: name.clone(),
            bytes,
            asked: asked.clone(),
        },
        now,
    );
    page.checked = Some(report(me.t, &name, ran.summary, &ran.ignored));
    render_status(StatusCode::OK, &page)
}

/// The real run of the file the dry run checked, named by its token.
pub(crate) async fn import_run(
    Staff { me, .. }: Staff<WorkPeople>,
    Extension(ui): Extension<Arc<UiShared>>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let now = state.clock.now();
    let Some(file) = ui.imports.take(&form.text("token"), &me.user.id, now) else {
        let page = import_page(
            &me,
            &state,
            &Asked::default(),
            Some(me.t.imp_file_gone.to_owned()),
        );
        return render_status(StatusCode::CONFLICT, &page);
    };
    let ran = match run(&state, &me, file.bytes, &file.asked, false).await {
        Ok(ran) => ran,
        Err(e) if e.status().is_server_error() => return Err(me.fail(e)),
        Err(e) => {
            let (status, message) = said(&me, e);
            let page = import_page(&me, &state, &file.asked, Some(message));
            return render_status(status, &page);
        }
    };
    let mut page = import_page(&me, &state, &file.asked, None);
    let status = match ran.stopped {
        // What the batches before the stop wrote is shown with why the run stopped.
        Some(e) => {
            let (status, message) = said(&me, e);
            page.l = page.l.with_error(Some(message));
            status
        }
        None => {
            page.l.notice = Some(me.t.imp_done.to_owned());
            StatusCode::OK
        }
    };
    page.imported = Some(report(me.t, &file.name, ran.summary, &ran.ignored));
    render_status(status, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(user: &str, at: OffsetDateTime) -> Checked {
        Checked {
            user: user.to_owned(),
            created: at,
            name: "kunder.csv".to_owned(),
            bytes: Arc::from(&b"namn\nA\n"[..]),
            asked: Asked::default(),
        }
    }

    #[test]
    fn a_checked_file_is_taken_once_by_its_uploader_before_it_expires() {
        let now = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        let kept = CheckedImports::default();
        let token = kept.put(checked("u1", now), now);
        assert!(token.len() >= 43, "{token}");
        assert!(kept.take(&token, "u2", now).is_none(), "someone else's");
        assert!(kept.take("forged", "u1", now).is_none());
        assert!(kept.take(&token, "u1", now).is_some());
        assert!(kept.take(&token, "u1", now).is_none(), "imported once");
        let late = kept.put(checked("u1", now), now);
        assert!(kept.take(&late, "u1", now + KEEP_FILE).is_none(), "expired");
        let a = kept.put(checked("u1", now), now);
        let b = kept.put(checked("u1", now), now);
        assert_ne!(a, b);
    }
}
