//! The breach board (GDPR Art. 33, 34): the open breaches with the hours left of the 72-hour
//! clock, red under 12 hours and when overdue, their stage and where the notices to the people
//! stand; a breach's own page with its details and the notification for the authority. The
//! same reads as the API's (`breaches::standing`, `breaches::notice_counts`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse};
use serde::Deserialize;
use vern_core::breach::Urgency;
use vern_store::model::{BreachNoticeCounts, BreachRecord};

use super::i18n::Texts;
use axum::http::StatusCode;
use vern_core::breach::Risk;
use vern_store::model::BreachDetails;

use super::page::{Form, Layout, Me, UiError, UiResult, render, render_status, see_other};
use super::session::Staff;
use crate::auth::roles::{ManageBreaches, ManagePeople, ReadBreaches, ReadProcessors};
use crate::breaches::{self, Step};
use crate::error::ApiError;
use crate::processors;
use crate::state::AppState;

/// Board filters.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct BoardQuery {
    all: Option<String>,
}

pub(crate) struct Row {
    id: String,
    nature: String,
    aware: String,
    deadline: String,
    hours_left: Option<i64>,
    /// `not_due`, `due`, `urgent`, `overdue`.
    urgency: &'static str,
    /// Red: under 12 hours left, or overdue.
    red: bool,
    stage: &'static str,
    stage_code: &'static str,
    risk: &'static str,
    notices: BreachNoticeCounts,
}

fn row(me: &Me, r: &BreachRecord, now: time::OffsetDateTime, notices: BreachNoticeCounts) -> Row {
    let s = breaches::standing(r, now);
    let first_line = r.details.nature.lines().next().unwrap_or("");
    let mut nature: String = first_line.chars().take(80).collect();
    if nature.len() < first_line.len() {
        nature.push('…');
    }
    Row {
        id: r.id.clone(),
        nature,
        aware: me.when(r.aware_at),
        deadline: me.when(s.deadline),
        hours_left: s.hours_left,
        urgency: s.urgency.as_str(),
        red: matches!(s.urgency, Urgency::Urgent | Urgency::Overdue),
        stage: me.t.breach_stage(s.stage),
        stage_code: s.stage.as_str(),
        risk: me.t.breach_risk(r.risk),
        notices,
    }
}

#[derive(Template)]
#[template(path = "ui/breaches.html")]
struct BoardPage {
    l: Layout,
    t: &'static Texts,
    rows: Vec<Row>,
    all: bool,
    may_manage: bool,
    agreements: Vec<AgreementAlert>,
    failed_notices: Vec<FailedNotice>,
}

/// An Art. 14 notice the outbox gave up: nobody told the person. The board lists them (with
/// the people rights), so staff correct the address, send again or record an exemption on the
/// card.
struct FailedNotice {
    person_id: String,
    name: String,
    failure: &'static str,
    failed_at: String,
    due: String,
}

/// A processor agreement that needs the privacy officer (Art. 28): expired, expiring within 30
/// days, or past its review date. The board shows them beside the breaches; the register's own
/// page (`/ui/processors`) has the rest.
struct AgreementAlert {
    id: String,
    name: String,
    standing: &'static str,
    text: &'static str,
    expires_on: String,
    review_on: String,
}

/// The board: open breaches (all with `?all=1`), the most urgent first.
pub(crate) async fn board(
    Staff { me, .. }: Staff<ReadBreaches>,
    State(state): State<AppState>,
    Query(q): Query<BoardQuery>,
) -> UiResult {
    let now = state.clock.now();
    let all = q.all.is_some();
    let records = state
        .store
        .list_breaches(None)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let mut counts = state
        .store
        .breach_notice_counts(None)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let mut rows: Vec<Row> = records
        .iter()
        .filter(|r| all || r.closed_at.is_none())
        .map(|r| row(&me, r, now, counts.remove(&r.id).unwrap_or_default()))
        .collect();
    // Owed notifications first, least time left first; the rest newest awareness first.
    rows.sort_by_key(|r| (r.hours_left.is_none(), r.hours_left.unwrap_or(0)));
    let agreements = if me.may::<ReadProcessors>() {
        agreement_alerts(&me, &state).await?
    } else {
        Vec::new()
    };
    let failed_notices = if me.may::<ManagePeople>() {
        failed_notices(&me, &state).await?
    } else {
        Vec::new()
    };
    render(&BoardPage {
        l: me.layout("breaches"),
        t: me.t,
        rows,
        all,
        may_manage: me.may::<ManageBreaches>(),
        agreements,
        failed_notices,
    })
}

async fn failed_notices(me: &Me, state: &AppState) -> Result<Vec<FailedNotice>, UiError> {
    let views = crate::art14::list_pending(state, Some("failed"))
        .await
        .map_err(|e| me.fail(e))?;
    let mut out = Vec::with_capacity(views.len());
    for v in views {
        let n = v.notice;
        let name = match state.store.get_person(&n.person_id).await {
            Ok(p) => p.profile.name,
            Err(vern_store::StoreError::NotFound) => continue,
            Err(e) => return Err(me.fail(e.into())),
        };
        out.push(FailedNotice {
            failure: super::people::art14_failure(me.t, n.failure.as_deref()),
            failed_at: n.failed_at.map(|at| me.when(at)).unwrap_or_default(),
            due: me.when(n.due_at),
            person_id: n.person_id,
            name,
        });
    }
    Ok(out)
}

async fn agreement_alerts(me: &Me, state: &AppState) -> Result<Vec<AgreementAlert>, UiError> {
    let iso = |d: time::Date| d.format(vern_core::calendar::ISO_DATE).unwrap_or_default();
    let t = me.t;
    Ok(processors::list(state, None)
        .await
        .map_err(|e| me.fail(e))?
        .into_iter()
        .filter_map(|a| {
            let standing = a.standing.as_str();
            let text = match standing {
                "expired" => t.agreement_expired,
                "expiring" => t.agreement_expiring,
                "review_overdue" => t.agreement_review_overdue,
                _ => return None,
            };
            Some(AgreementAlert {
                id: a.record.id,
                name: a.record.name,
                standing,
                text,
                expires_on: a.record.expires_on.map(iso).unwrap_or_default(),
                review_on: a.record.review_on.map(iso).unwrap_or_default(),
            })
        })
        .collect())
}

#[derive(Template)]
#[template(path = "ui/breach.html")]
struct BreachPage {
    l: Layout,
    t: &'static Texts,
    r: Row,
    may_manage: bool,
    b: BreachRecord,
    occurred: String,
    authority_notified: String,
    people_notified: String,
    exemption: String,
    closed: String,
    subject_categories: String,
    record_categories: String,
    contact: String,
}

/// One breach: its clock, its steps, what happened and the notices.
pub(crate) async fn page(
    Staff { me, .. }: Staff<ReadBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    render(&breach_view(&me, &state, &id, None).await?)
}

async fn breach_view(
    me: &Me,
    state: &AppState,
    id: &str,
    error: Option<String>,
) -> Result<BreachPage, UiError> {
    let now = state.clock.now();
    let b = state
        .store
        .get_breach(id)
        .await
        .map_err(|e| me.fail(breaches::found(e)))?;
    let notices = breaches::notice_counts(state, id)
        .await
        .map_err(|e| me.fail(e))?;
    let contact = b.details.contact.clone().unwrap_or_else(|| {
        crate::notify::controller_of(state, b.controller)
            .map(|c| {
                [c.dpo_name, c.dpo_email, c.dpo_phone]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    });
    Ok(BreachPage {
        l: me.layout("breaches").with_error(error),
        t: me.t,
        r: row(me, &b, now, notices),
        may_manage: me.may::<ManageBreaches>() && b.closed_at.is_none(),
        occurred: me.when_opt(b.occurred_at),
        authority_notified: me.when_opt(b.authority_notified_at),
        people_notified: me.when_opt(b.people_notified_at),
        exemption: b
            .people_exemption
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        closed: me.when_opt(b.closed_at),
        subject_categories: b.details.subject_categories.join(", "),
        record_categories: b.details.record_categories.join(", "),
        contact,
        b,
    })
}

/// A step on a breach from its page: `assess`, `authority`, `notice`, `close`, through the same
/// use cases as the API's.
pub(crate) async fn action(
    Staff { me, .. }: Staff<ManageBreaches>,
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    form: Form,
) -> UiResult {
    let text = |name: &str| form.text(name);
    let result = match action.as_str() {
        "assess" => match Risk::parse(&text("risk")) {
            Some(risk) => breaches::step(
                &state,
                &me.actor,
                &id,
                Step::Assess {
                    risk,
                    reasoning: text("reasoning"),
                },
            )
            .await
            .map(|_| ()),
            None => Err(ApiError::invalid_field(
                "risk",
                "one of unlikely, risk, high",
            )),
        },
        "authority" => breaches::step(
            &state,
            &me.actor,
            &id,
            Step::NotifyAuthority {
                at: state.clock.now(),
                reference: form.get("reference"),
                delay_reasons: form.get("reasons_for_delay"),
            },
        )
        .await
        .map(|_| ()),
        "notice" => {
            let selection = breaches::Selection {
                lists: text("lists")
                    .split(',')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                identifiers: text("identifiers")
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                ..breaches::Selection::default()
            };
            breaches::send(&state, &me.actor, &id, selection)
                .await
                .map(|_| ())
        }
        "close" => breaches::step(&state, &me.actor, &id, Step::Close)
            .await
            .map(|_| ()),
        _ => Err(ApiError::not_found("action")),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/ui/breaches/{id}"))),
        Err(e) if e.status().is_client_error() && e.status() != StatusCode::NOT_FOUND => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            render_status(status, &breach_view(&me, &state, &id, Some(message)).await?)
        }
        Err(e) => Err(me.fail(e)),
    }
}

/// Record a breach from the board: when the controller became aware (in the user's time zone)
/// and what happened, for the default controller, through the API's use case.
pub(crate) async fn open(
    Staff { me, .. }: Staff<ManageBreaches>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let result = async {
        let controller = crate::input::controller(&state.follower.index(), None)?;
        let aware_at = local_instant(&me, &form.text("aware_at"))
            .ok_or_else(|| ApiError::invalid_field("aware_at", "a date and time"))?;
        breaches::open(
            &state,
            &me.actor,
            breaches::NewBreach {
                controller: controller.record.id,
                occurred_at: None,
                aware_at,
                details: BreachDetails {
                    nature: form.text("nature"),
                    consequences: form.text("consequences"),
                    measures: form.text("measures"),
                    ..BreachDetails::default()
                },
            },
        )
        .await
    }
    .await;
    // A refusal is a page with the use case's message (the same as the API's), nothing saved.
    match result {
        Ok(b) => Ok(see_other(&format!("/ui/breaches/{}", b.id))),
        Err(e) => Err(me.fail(e)),
    }
}

/// `2027-03-01T09:00` as the user's wall-clock time, or an RFC 3339 instant.
fn local_instant(me: &Me, text: &str) -> Option<time::OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    if let Ok(at) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Some(at);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let local = time::PrimitiveDateTime::parse(text, &format).ok()?;
    let guess = local.assume_utc();
    Some(local.assume_offset(me.zone.offset_at(guess)))
}

/// The notification for the authority as a printable page: the API's document, opened with a
/// staff session.
pub(crate) async fn document(
    Staff { me, .. }: Staff<ReadBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    let b = state
        .store
        .get_breach(&id)
        .await
        .map_err(|e| me.fail(breaches::found(e)))?;
    let controller = crate::notify::controller_of(&state, b.controller)
        .ok_or_else(|| me.fail(crate::error::ApiError::not_found("controller")))?;
    let html = breaches::authority_document(&b, &controller)
        .html()
        .map_err(|e| me.fail(e))?;
    let mut r = Html(html).into_response();
    // The printable page carries its own style sheet inline, and no script at all.
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    Ok(r)
}
