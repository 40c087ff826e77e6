//! Recipients of Art. 19 notices, for administrators: the list, a new one with its secret shown
//! once, stopping one, and each one's deliveries. The same use cases as `/v1/webhooks`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use super::admin::DoneQuery;
use super::i18n::Texts;
use super::page::{Form, Layout, Me, UiError, UiResult, render, render_status, see_other};
use super::session::Staff;
use crate::auth::roles::AdminOnly;
use crate::state::AppState;
use crate::webhooks::{self, EVENTS, WebhookFields};

pub(crate) struct WebhookRow {
    id: String,
    name: String,
    url: String,
    events: String,
    created: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "ui/webhooks.html")]
struct WebhooksPage {
    l: Layout,
    t: &'static Texts,
    rows: Vec<WebhookRow>,
    events: &'static [&'static str],
    /// The name and secret of the recipient just made.
    created: Option<(String, String)>,
    /// What was typed, kept after a refusal.
    name: String,
    url: String,
    processor: String,
}

async fn view(me: &Me, state: &AppState) -> Result<WebhooksPage, UiError> {
    let hooks = webhooks::list(state).await.map_err(|e| me.fail(e))?;
    Ok(WebhooksPage {
        l: me.layout("webhooks"),
        t: me.t,
        rows: hooks
            .into_iter()
            .map(|w| WebhookRow {
                created: me.when(w.created_at),
                disabled: w.disabled_at.is_some(),
                events: w.events.join(", "),
                id: w.id,
                name: w.name,
                url: w.url,
            })
            .collect(),
        events: &EVENTS,
        created: None,
        name: String::new(),
        url: String::new(),
        processor: String::new(),
    })
}

/// The recipients and the form for a new one.
pub(crate) async fn webhooks_page(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    Query(q): Query<DoneQuery>,
) -> UiResult {
    let mut page = view(&me, &state).await?;
    page.l = page.l.done(q.done.as_deref());
    render(&page)
}

/// Register a recipient and show its signing secret, once.
pub(crate) async fn create_webhook(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let fields = WebhookFields {
        name: form.text("name"),
        url: form.text("url"),
        events: Some(form.all("events")),
        processor: form.get("processor"),
    };
    match webhooks::create(&state, &me.actor, fields).await {
        Ok((hook, secret)) => {
            let mut page = view(&me, &state).await?;
            page.l = page.l.done(Some("webhook"));
            page.created = Some((hook.name, secret));
            render(&page)
        }
        Err(e) if e.status().is_client_error() && e.status() != StatusCode::NOT_FOUND => {
            let status = e.status();
            let mut page = view(&me, &state).await?;
            page.l = page
                .l
                .with_error(Some(super::controllers::refusal(me.t, e)));
            page.name = form.text("name");
            page.url = form.text("url");
            page.processor = form.text("processor");
            render_status(status, &page)
        }
        Err(e) => Err(me.fail(e)),
    }
}

/// Stop sending a recipient notices.
pub(crate) async fn delete_webhook(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    _form: Form,
) -> UiResult {
    webhooks::disable(&state, &me.actor, &id)
        .await
        .map_err(|e| me.fail(e))?;
    Ok(see_other("/ui/webhooks?done=webhook_off"))
}

pub(crate) struct DeliveryRow {
    event: String,
    state: String,
    attempts: i64,
    status: String,
    error: String,
    next: String,
    delivered: String,
}

#[derive(Template)]
#[template(path = "ui/webhook.html")]
struct DeliveriesPage {
    l: Layout,
    t: &'static Texts,
    name: String,
    url: String,
    rows: Vec<DeliveryRow>,
}

/// A recipient's deliveries and their state.
pub(crate) async fn deliveries_page(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    let (hook, deliveries) = webhooks::deliveries(&state, &id)
        .await
        .map_err(|e| me.fail(e))?;
    render(&DeliveriesPage {
        l: me.layout("webhooks"),
        t: me.t,
        name: hook.name,
        url: hook.url,
        rows: deliveries
            .into_iter()
            .map(|d| DeliveryRow {
                next: me.when(d.next_attempt_at),
                delivered: me.when_opt(d.delivered_at),
                status: d.last_status.map(|s| s.to_string()).unwrap_or_default(),
                error: d.last_error.unwrap_or_default(),
                attempts: d.attempts,
                event: d.event,
                state: d.state,
            })
            .collect(),
    })
}
