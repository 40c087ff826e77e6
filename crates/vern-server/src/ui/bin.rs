//! The recycle bin with restore and the days left, mass erasure with its dry run shown before
//! the real run, and retention runs with their counts. Each calls the use case the API (or
//! `vern retention run`) calls: [`crate::trash::restore`], [`crate::trash::mass_erase`],
//! [`crate::trash::retention_now`].

use askama::Template;
use axum::extract::{Extension, Multipart, Path, Query, State};
use serde::Deserialize;
use time::{Date, OffsetDateTime, Time};

use super::i18n::Texts;
use super::page::{
    CsrfExpected, Form, Layout, Me, UiError, UiResult, render, render_status, see_other,
};
use super::policies::Retention;
use super::session::Staff;
use super::upload;
use crate::auth::roles::{ManagePeople, WorkPeople};
use crate::erasure::{self, RetentionSummary};
use crate::error::ApiError;
use crate::state::AppState;
use crate::trash::{ConsentWanted, MassErasure, MassOutcome};

/// The largest file of identifiers a mass erasure reads.
pub(crate) const MAX_IDENTIFIER_FILE: usize = 16 * 1024 * 1024;

#[derive(Debug, Deserialize, Default)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

pub(crate) struct HoldRow {
    purpose: String,
    fields: String,
    until: String,
}

pub(crate) struct BinRow {
    id: String,
    erased: String,
    reason: String,
    purge: String,
    days_left: i64,
    held: bool,
    holds: Vec<HoldRow>,
}

#[derive(Template)]
#[template(path = "ui/trash.html")]
struct TrashPage {
    l: Layout,
    t: &'static Texts,
    rows: Vec<BinRow>,
    recycle_days: u32,
    may_retention: bool,
}

async fn trash_view(
    me: &Me,
    state: &AppState,
    error: Option<String>,
    done: Option<&str>,
) -> Result<TrashPage, UiError> {
    let now = state.clock.now();
    let binned = crate::trash::bin(state)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let index = state.follower.index();
    let rows = binned
        .into_iter()
        .map(|b| BinRow {
            days_left: vern_core::zone::calendar_days_between(me.zone, now, b.purge_after).max(0),
            erased: me.when(b.entry.erased_at),
            reason: b.entry.reason.unwrap_or_default(),
            purge: me.day(b.purge_after),
            held: b.entry.held,
            holds: b
                .holds
                .into_iter()
                .map(|h| HoldRow {
                    purpose: h.purpose,
                    fields: h.fields.join(", "),
                    // The day the person's erasure message names: on the controller's
                    // clock, whatever the staff member's zone, as the legal obligation is
                    // the controller's.
                    until: index
                        .controller_by_id(b.entry.controller)
                        .map_or(vern_core::zone::Zone::Utc, |c| c.zone())
                        .local(h.until)
                        .date()
                        .to_string(),
                })
                .collect(),
            id: b.entry.id,
        })
        .collect();
    Ok(TrashPage {
        l: me.layout("trash").done(done).with_error(error),
        t: me.t,
        rows,
        recycle_days: state.erasure.recycle_days,
        may_retention: me.may::<Retention>(),
    })
}

/// The recycle bin: who is in it, the days left before each purge, the legal holds.
pub(crate) async fn trash(
    Staff { me, .. }: Staff<ManagePeople>,
    State(state): State<AppState>,
    Query(q): Query<DoneQuery>,
) -> UiResult {
    render(&trash_view(&me, &state, None, q.done.as_deref()).await?)
}

/// Restore a person from the recycle bin, as `POST /v1/trash/{id}/restore` does.
pub(crate) async fn restore(
    Staff { me, .. }: Staff<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    _form: Form,
) -> UiResult {
    match crate::trash::restore(&state, &me.actor, &id).await {
        Ok(()) => {
            let to = if me.may::<WorkPeople>() {
                format!("/ui/people/{id}?done=restored")
            } else {
                "/ui/trash?done=restored".to_owned()
            };
            Ok(see_other(&to))
        }
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            render_status(status, &trash_view(&me, &state, Some(message), None).await?)
        }
        Err(e) => Err(me.fail(e)),
    }
}

// ---- Mass erasure ----

pub(crate) struct Pick {
    value: String,
    label: String,
    selected: bool,
}

/// What was asked, carried from the form to the dry run's page and on to the real run.
#[derive(Debug, Default, Clone)]
pub(crate) struct Asked {
    controller: String,
    lists: String,
    created_before: String,
    inactive_since: String,
    purpose: String,
    consent_state: String,
    identifiers: String,
    reason: String,
}

impl Asked {
    fn from(get: impl Fn(&str) -> Option<String>) -> Asked {
        Asked {
            controller: get("controller").unwrap_or_default(),
            lists: get("lists").unwrap_or_default(),
            created_before: get("created_before").unwrap_or_default(),
            inactive_since: get("inactive_since").unwrap_or_default(),
            purpose: get("purpose").unwrap_or_default(),
            consent_state: get("consent_state").unwrap_or_default(),
            identifiers: get("identifiers").unwrap_or_default(),
            reason: get("reason").unwrap_or_default(),
        }
    }

    /// The use case's input: dates as the start of the day in the staff member's zone.
    fn request(&self, me: &Me, dry_run: bool) -> Result<MassErasure, ApiError> {
        let day = |value: &str, field: &str| -> Result<Option<OffsetDateTime>, ApiError> {
            if value.is_empty() {
                return Ok(None);
            }
            let d = Date::parse(value, &time::format_description::well_known::Iso8601::DATE)
                .map_err(|_| ApiError::invalid_field(field, me.t.give_a_date))?;
            let midnight = d.with_time(Time::MIDNIGHT);
            Ok(Some(
                midnight.assume_offset(me.zone.offset_at(midnight.assume_utc())),
            ))
        };
        let lines: Vec<String> = self
            .identifiers
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        Ok(MassErasure {
            controller: Some(self.controller.clone()).filter(|c| !c.is_empty()),
            lists: self
                .lists
                .split([',', '\n'])
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            created_before: day(&self.created_before, "created_before")?,
            inactive_since: day(&self.inactive_since, "inactive_since")?,
            consent: (!self.purpose.is_empty()).then(|| ConsentWanted {
                purpose: self.purpose.clone(),
                state: self.consent_state.clone(),
                channel: None,
                channels: None,
            }),
            identifiers: (!lines.is_empty()).then_some(lines),
            dry_run,
            notify: None,
            reason: Some(self.reason.clone()).filter(|r| !r.is_empty()),
            confirm: None,
        })
    }
}

#[derive(Template)]
#[template(path = "ui/erasures.html")]
struct ErasuresPage {
    l: Layout,
    t: &'static Texts,
    asked: Asked,
    controllers: Vec<Pick>,
    purposes: Vec<Pick>,
    states: Vec<Pick>,
    /// The dry run's result, when one ran.
    found: Option<MassOutcome>,
    /// The people it found, as one field for the confirmation.
    confirm: String,
    /// The real run's result.
    erased: Option<MassOutcome>,
}

async fn erasures_view(
    me: &Me,
    state: &AppState,
    asked: Asked,
    error: Option<String>,
) -> Result<ErasuresPage, UiError> {
    let t = me.t;
    let controllers = state
        .store
        .list_controllers()
        .await
        .map_err(|e| me.fail(e.into()))?;
    let purposes = state
        .store
        .list_purposes(None)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let mut purpose_picks = vec![Pick {
        value: String::new(),
        label: t.no_consent_condition.to_owned(),
        selected: asked.purpose.is_empty(),
    }];
    let mut keys: Vec<String> = purposes
        .iter()
        .map(|p| p.purpose.key.as_str().to_owned())
        .collect();
    keys.sort();
    keys.dedup();
    purpose_picks.extend(keys.into_iter().map(|k| Pick {
        selected: k == asked.purpose,
        label: k.clone(),
        value: k,
    }));
    let states = ["unknown", "granted", "withdrawn", "expired"]
        .into_iter()
        .map(|s| Pick {
            value: s.to_owned(),
            label: t.consent_state(s).to_owned(),
            selected: s == asked.consent_state
                || (asked.consent_state.is_empty() && s == "withdrawn"),
        })
        .collect();
    Ok(ErasuresPage {
        l: me.layout("trash").with_error(error),
        t,
        controllers: if controllers.len() > 1 {
            controllers
                .into_iter()
                .map(|c| Pick {
                    selected: c.key == asked.controller,
                    value: c.key,
                    label: c.name,
                })
                .collect()
        } else {
            Vec::new()
        },
        purposes: purpose_picks,
        states,
        asked,
        found: None,
        confirm: String::new(),
        erased: None,
    })
}

/// The mass erasure form.
pub(crate) async fn erasures(
    Staff { me, .. }: Staff<ManagePeople>,
    State(state): State<AppState>,
) -> UiResult {
    render(&erasures_view(&me, &state, Asked::default(), None).await?)
}

/// The dry run: who the selection takes, shown with a confirmation for the real run. A file of
/// identifiers is read as one identifier a line, after those pasted.
pub(crate) async fn erasures_dry_run(
    Staff { me, .. }: Staff<ManagePeople>,
    Extension(expected): Extension<CsrfExpected>,
    State(state): State<AppState>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> UiResult {
    let form = match upload::read(&me, expected, multipart, "file", MAX_IDENTIFIER_FILE).await {
        Ok(f) => f,
        Err(response) => return Ok(response),
    };
    let mut asked = Asked::from(|name| form.get(name));
    if let Some((_, bytes)) = &form.file {
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if !asked.identifiers.is_empty() {
            asked.identifiers.push('\n');
        }
        // A spreadsheet's column: the first cell of each row, after a header row (a first
        // cell with no digit and no @ names a column, it is no identifier).
        let text = crate::wash::records::unix_line_endings(text);
        for (i, line) in crate::wash::records::lines(&text).enumerate() {
            let cell = line.split([';', ',', '\t']).next().unwrap_or("").trim();
            let header = i == 0 && !cell.contains('@') && !cell.chars().any(|c| c.is_ascii_digit());
            if !cell.is_empty() && !header {
                asked.identifiers.push_str(cell);
                asked.identifiers.push('\n');
            }
        }
    }
    let outcome = match asked.request(&me, true) {
        Ok(request) => crate::trash::mass_erase(&state, &me.actor, request).await,
        Err(e) => Err(e),
    };
    finish(&me, &state, asked, outcome, true).await
}

/// The real run, confirmed on the dry run's page: it takes exactly the people the dry run
/// listed, or is refused and erases nobody.
pub(crate) async fn erasures_run(
    Staff { me, .. }: Staff<ManagePeople>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let asked = Asked::from(|name| form.get(name));
    let outcome = match asked.request(&me, false) {
        Ok(mut request) => {
            request.notify = match form.get("notify").as_deref() {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            };
            request.confirm = Some(
                form.text("confirm")
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
            crate::trash::mass_erase(&state, &me.actor, request).await
        }
        Err(e) => Err(e),
    };
    finish(&me, &state, asked, outcome, false).await
}

async fn finish(
    me: &Me,
    state: &AppState,
    asked: Asked,
    outcome: Result<MassOutcome, ApiError>,
    dry_run: bool,
) -> UiResult {
    match outcome {
        Ok(outcome) => {
            let mut page = erasures_view(me, state, asked, None).await?;
            if dry_run {
                page.confirm = outcome.people.join(",");
                page.found = Some(outcome);
            } else {
                page.erased = Some(outcome);
            }
            render(&page)
        }
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            render_status(
                status,
                &erasures_view(me, state, asked, Some(message)).await?,
            )
        }
        Err(e) => Err(me.fail(e)),
    }
}

// ---- Retention ----

pub(crate) struct RunRow {
    at: String,
    who: String,
    dry_run: bool,
    inactive: u64,
    no_purpose: u64,
    fields_purged: u64,
    messages: u64,
    notices: u64,
    purged: u64,
    holds_released: u64,
}

#[derive(Template)]
#[template(path = "ui/retention.html")]
struct RetentionPage {
    l: Layout,
    t: &'static Texts,
    runs: Vec<RunRow>,
    rules: Vec<String>,
    /// The dry run just made.
    dry: Option<RetentionSummary>,
}

async fn retention_view(
    me: &Me,
    state: &AppState,
    done: Option<&str>,
    error: Option<String>,
) -> Result<RetentionPage, UiError> {
    let names = super::inbox::actor_names(state).await;
    let runs = crate::trash::past_runs(state.store.as_ref(), 20)
        .await
        .map_err(|e| me.fail(e.into()))?
        .into_iter()
        .map(|p| RunRow {
            at: me.when(p.at),
            who: super::inbox::actor_name(me.t, &names, &p.actor),
            dry_run: p.run.dry_run,
            inactive: p.run.inactive,
            no_purpose: p.run.no_purpose,
            fields_purged: p.run.fields_purged,
            messages: p.run.messages,
            notices: p.run.notices,
            purged: p.run.purged,
            holds_released: p.run.holds_released,
        })
        .collect();
    let rules = state
        .erasure
        .rules
        .iter()
        .map(|r| match r {
            erasure::RetentionRule::Inactive { months, notify } => {
                me.t.rule_inactive
                    .replace("{months}", &months.to_string())
                    .replace("{notify}", if *notify { me.t.yes } else { me.t.no })
            }
            erasure::RetentionRule::MessageMetadata { days } => {
                me.t.rule_messages.replace("{days}", &days.to_string())
            }
        })
        .collect();
    Ok(RetentionPage {
        l: me.layout("trash").done(done).with_error(error),
        t: me.t,
        runs,
        rules,
        dry: None,
    })
}

/// Retention: the rules, and the past runs with their counts.
pub(crate) async fn retention(
    Staff { me, .. }: Staff<Retention>,
    State(state): State<AppState>,
    Query(q): Query<DoneQuery>,
) -> UiResult {
    render(&retention_view(&me, &state, q.done.as_deref(), None).await?)
}

/// A dry run (its counts shown with the button for the real run), or the real run.
pub(crate) async fn retention_run(
    Staff { me, .. }: Staff<Retention>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let dry_run = form.text("mode") != "run";
    match crate::trash::retention_now(&state, &me.actor, dry_run).await {
        Ok(summary) if dry_run => {
            let mut page = retention_view(&me, &state, None, None).await?;
            page.dry = Some(summary);
            render(&page)
        }
        Ok(_) => Ok(see_other("/ui/retention?done=retention")),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            render_status(
                status,
                &retention_view(&me, &state, None, Some(message)).await?,
            )
        }
        Err(e) => Err(me.fail(e)),
    }
}
