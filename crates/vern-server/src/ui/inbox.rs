//! The request inbox and a request's own page: its log, its messages, and the steps its state
//! allows. Every step goes through the same functions as the API's.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use std::collections::HashMap;
use time::OffsetDateTime;
use vern_core::request::{RequestKind, RequestState, Step, next_state};
use vern_store::model::{RequestAction, RequestDetails, RequestFilter, RequestRecord};

use super::i18n::Texts;
use super::page::{Form, Layout, Me, UiError, UiResult, render, render_status, see_other};
use super::session::Staff;
use crate::auth::roles::{Inbox, Report, SubmitRequests, WorkPeople};
use crate::error::ApiError;
use crate::notify::Template as Message;
use crate::requests;
use crate::state::AppState;

/// Inbox filters.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct InboxQuery {
    state: Option<String>,
    kind: Option<String>,
    overdue: Option<String>,
    mine: Option<String>,
    done: Option<String>,
}

pub(crate) struct Row {
    id: String,
    kind: &'static str,
    article: &'static str,
    state: &'static str,
    state_code: &'static str,
    received: String,
    due: String,
    days_left: i64,
    overdue: bool,
    open: bool,
    assignee: String,
    mine: bool,
    person: Option<String>,
}

pub(crate) struct Choice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

#[derive(Template)]
#[template(path = "ui/inbox.html")]
struct InboxPage {
    l: Layout,
    t: &'static Texts,
    rows: Vec<Row>,
    states: Vec<Choice>,
    kinds: Vec<Choice>,
    overdue: bool,
    mine: bool,
    may_register: bool,
}

fn row(state: &AppState, me: &Me, r: RequestRecord, now: OffsetDateTime) -> Row {
    let open = !r.state.is_closed();
    let days_left = crate::requests::days_left(state, &r, now);
    let assignee = r.assignee.unwrap_or_default();
    Row {
        kind: me.t.request_kind(r.kind),
        article: r.kind.article(),
        state: me.t.request_state(r.state),
        state_code: r.state.as_str(),
        received: me.day(r.received_at),
        due: me.day(r.due_at),
        days_left,
        overdue: open && now > r.due_at,
        open,
        mine: !assignee.is_empty() && assignee == me.user.email,
        assignee,
        person: r.person_id,
        id: r.id,
    }
}

/// The inbox: open requests first due first, with filters.
pub(crate) async fn inbox(
    Staff { me, .. }: Staff<Inbox>,
    State(state): State<AppState>,
    Query(q): Query<InboxQuery>,
) -> UiResult {
    let now = state.clock.now();
    let wanted_state = q.state.as_deref().unwrap_or("open");
    let kind = q
        .kind
        .as_deref()
        .filter(|k| !k.is_empty())
        .and_then(|k| k.parse::<RequestKind>().ok());
    let overdue = q.overdue.is_some();
    let mine = q.mine.is_some();
    let filter = RequestFilter {
        state: wanted_state.parse::<RequestState>().ok(),
        kind,
        overdue_at: overdue.then_some(now),
        assignee: mine.then(|| me.user.email.clone()),
        limit: 500,
        ..RequestFilter::default()
    };
    let records = state
        .store
        .list_requests(&filter)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let rows = records
        .into_iter()
        .filter(|r| wanted_state != "open" || !r.state.is_closed())
        .map(|r| row(&state, &me, r, now))
        .collect();
    let t = me.t;
    let mut states = vec![
        Choice {
            value: "open",
            label: t.open_requests,
            selected: wanted_state == "open",
        },
        Choice {
            value: "all",
            label: t.all_requests,
            selected: wanted_state == "all",
        },
    ];
    states.extend(RequestState::ALL.into_iter().map(|s| Choice {
        value: s.as_str(),
        label: t.request_state(s),
        selected: wanted_state == s.as_str(),
    }));
    let mut kinds = vec![Choice {
        value: "",
        label: t.all_kinds,
        selected: kind.is_none(),
    }];
    kinds.extend(RequestKind::ALL.into_iter().map(|k| Choice {
        value: k.as_str(),
        label: t.request_kind(k),
        selected: kind == Some(k),
    }));
    render(&InboxPage {
        l: me.layout("inbox").done(q.done.as_deref()),
        t,
        rows,
        states,
        kinds,
        overdue,
        mine,
        may_register: me.may::<SubmitRequests>(),
    })
}

pub(crate) struct LogRow {
    at: String,
    actor: String,
    kind: String,
    text: String,
}

pub(crate) struct MessageRow {
    created: String,
    channel: String,
    subject: String,
    body: String,
    state: String,
    sent: String,
}

/// Which steps the request's state allows, as the core's rule says.
pub(crate) struct Allowed {
    send_code: bool,
    verify: bool,
    extend: bool,
    complete: bool,
    reject: bool,
    open: bool,
}

#[derive(Template)]
#[template(path = "ui/request.html")]
struct RequestPage {
    l: Layout,
    t: &'static Texts,
    r: Row,
    via: String,
    received_at: String,
    extended_months: u32,
    verified: String,
    closed: String,
    details: RequestDetails,
    details_sealed: bool,
    log: Vec<LogRow>,
    messages: Vec<MessageRow>,
    can: Allowed,
    needs_decision: bool,
    may_people: bool,
    may_report: bool,
    /// Completing can send a share link: an access request naming its person.
    may_share: bool,
}

/// How a ledger actor reads to people: a user's e-mail, a key's name.
pub(crate) async fn actor_names(state: &AppState) -> HashMap<String, String> {
    let mut names = HashMap::new();
    if let Ok(users) = state.store.list_users().await {
        for u in users {
            names.insert(format!("user:{}", u.id), u.email);
        }
    }
    if let Ok(keys) = state.store.list_api_keys().await {
        for k in keys {
            names.insert(format!("api_key:{}", k.id), format!("{} (API)", k.name));
        }
    }
    names
}

pub(crate) fn actor_name(t: &Texts, names: &HashMap<String, String>, actor: &str) -> String {
    if let Some(n) = names.get(actor) {
        return n.clone();
    }
    match actor {
        "subject" => t.the_person.to_owned(),
        "cli" => t.command_line.to_owned(),
        other => other
            .strip_prefix("system:")
            .map_or_else(|| other.to_owned(), |job| format!("vern ({job})")),
    }
}

async fn request_view(
    me: &Me,
    state: &AppState,
    id: &str,
    done: Option<&str>,
    error: Option<String>,
) -> Result<RequestPage, UiError> {
    let now = state.clock.now();
    let record = state
        .store
        .get_request(id)
        .await
        .map_err(|e| me.fail(ApiError::from(e)))?;
    let log = state
        .store
        .request_log(id)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let messages = state
        .store
        .request_messages(id)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let names = actor_names(state).await;
    let t = me.t;
    let verified = record.verified_at.is_some();
    let allowed = |step: Step| {
        next_state(
            record.state,
            &step,
            verified,
            record.extended_months,
            record.received_at,
            now,
        )
        .is_ok()
    };
    let can = Allowed {
        send_code: allowed(Step::AskVerification) && record.person_id.is_some(),
        verify: allowed(Step::Verified),
        extend: allowed(Step::Extend(1)),
        complete: allowed(Step::Complete),
        reject: allowed(Step::Reject),
        open: !record.state.is_closed(),
    };
    let verified_text = match (&record.verified_at, &record.verification) {
        (Some(at), Some(how)) => format!("{} ({how})", me.when(*at)),
        (Some(at), None) => me.when(*at),
        _ => String::new(),
    };
    Ok(RequestPage {
        l: me.layout("inbox").done(done).with_error(error),
        t,
        via: t.received_via(&record.received_via).to_owned(),
        received_at: me.when(record.received_at),
        extended_months: record.extended_months,
        verified: verified_text,
        closed: me.when_opt(record.closed_at),
        details_sealed: record.details.is_none(),
        details: record.details.clone().unwrap_or_default(),
        needs_decision: matches!(
            record.kind,
            RequestKind::Objection | RequestKind::HumanReview
        ),
        log: log
            .into_iter()
            .map(|e| LogRow {
                at: me.when(e.at),
                actor: actor_name(t, &names, &e.actor),
                kind: t.log_kind(&e.kind).to_owned(),
                text: e.text.unwrap_or_default(),
            })
            .collect(),
        messages: messages
            .into_iter()
            .map(|m| {
                let (channel, subject, body) = match m.message {
                    Some(msg) => (msg.channel, msg.subject, msg.body),
                    None => (String::new(), t.sealed.to_owned(), String::new()),
                };
                MessageRow {
                    created: me.when(m.created_at),
                    channel,
                    subject,
                    body,
                    state: t.message_state(&m.state).to_owned(),
                    sent: me.when_opt(m.sent_at),
                }
            })
            .collect(),
        can,
        may_people: me.may::<WorkPeople>(),
        may_report: me.may::<Report>(),
        may_share: record.kind == RequestKind::Access
            && record.person_id.is_some()
            && me.may::<Report>(),
        r: row(state, me, record, now),
    })
}

/// One request.
pub(crate) async fn request_page(
    Staff { me, .. }: Staff<Inbox>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<InboxQuery>,
) -> UiResult {
    render(&request_view(&me, &state, &id, q.done.as_deref(), None).await?)
}

/// A step on a request: `assign`, `send-code`, `verify`, `extend`, `complete`, `reject`, `note`.
pub(crate) async fn request_action(
    Staff { me, .. }: Staff<Inbox>,
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
    form: Form,
) -> UiResult {
    let base = crate::share_link::base_url(&headers);
    let result = take_step(&me, &state, &id, &action, &form, base.as_deref()).await;
    match result {
        Ok(()) => {
            let back = form.get("back").filter(|b| b == "inbox").map_or_else(
                || format!("/ui/requests/{id}?done={action}"),
                |_| "/ui/inbox?done=assign".to_owned(),
            );
            Ok(see_other(&back))
        }
        Err(e) if e.status().is_client_error() && e.status() != StatusCode::NOT_FOUND => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            let page = request_view(&me, &state, &id, None, Some(message)).await?;
            render_status(status, &page)
        }
        Err(e) => Err(me.fail(e)),
    }
}

async fn take_step(
    me: &Me,
    state: &AppState,
    id: &str,
    action: &str,
    form: &Form,
    base: Option<&str>,
) -> Result<(), ApiError> {
    let actor = &me.actor;
    let text = |name: &str| form.get(name).unwrap_or_default();
    match action {
        "assign" => {
            let assignee = match form.get("to").as_deref() {
                Some("nobody") => None,
                _ => Some(me.user.email.clone()),
            };
            let _ =
                requests::step(state, actor, id, RequestAction::Assign { assignee }, None).await?;
        }
        "send-code" => {
            let record = state.store.get_request(id).await.map_err(|e| match e {
                vern_store::StoreError::NotFound => ApiError::not_found("request"),
                other => other.into(),
            })?;
            requests::send_verification_code(state, actor, &record).await?;
        }
        "verify" => {
            let method = match (form.get("code"), form.get("method")) {
                (Some(code), _) => {
                    if !requests::check_code(state, id, &code).await? {
                        return Err(ApiError::invalid_field("code", me.t.code_mismatch));
                    }
                    "code".to_owned()
                }
                (None, Some(m)) => requests::StaffVerification::parse(&m)
                    .ok_or_else(|| ApiError::invalid_field("method", me.t.give_code_or_method))?
                    .as_str()
                    .to_owned(),
                (None, None) => {
                    return Err(ApiError::invalid_field("method", me.t.give_code_or_method));
                }
            };
            let _ =
                requests::step(state, actor, id, RequestAction::Verified { method }, None).await?;
        }
        "extend" => {
            let months: u32 = text("months").parse().unwrap_or(0);
            let reason = crate::input::text(&text("reason"), "reason", 2000)
                .map_err(|e| ApiError::invalid(vec![e]))?;
            let _ = requests::step(
                state,
                actor,
                id,
                RequestAction::Extend {
                    months,
                    reason: reason.clone(),
                },
                Some(Message::Extension { months, reason }),
            )
            .await?;
        }
        "complete" if form.get("share_link").is_some() => {
            if !me.may::<Report>() {
                return Err(ApiError::forbidden());
            }
            let _ = requests::complete_with_share_link(state, actor, id, &text("outcome"), base)
                .await?;
        }
        "complete" => {
            let _ = requests::complete_request(
                state,
                actor,
                id,
                &text("outcome"),
                form.get("decision"),
            )
            .await?;
        }
        "reject" => {
            let reason = crate::input::text(&text("reason"), "reason", 5000)
                .map_err(|e| ApiError::invalid(vec![e]))?;
            let _ = requests::step(
                state,
                actor,
                id,
                RequestAction::Reject {
                    reason: reason.clone(),
                },
                Some(Message::Rejected { reason }),
            )
            .await?;
        }
        "note" => {
            let text = crate::input::text(&text("text"), "text", 20_000)
                .map_err(|e| ApiError::invalid(vec![e]))?;
            let _ = requests::step(state, actor, id, RequestAction::Note { text }, None).await?;
        }
        _ => return Err(ApiError::not_found("action")),
    }
    Ok(())
}
