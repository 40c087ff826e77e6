//! Erasing and anonymizing a person from the card, each asked for before it is done.

use askama::Template;
use axum::extract::{Path, State};

use super::card::load_error;
use crate::auth::roles::AdminOnly;
use crate::error::ApiError;
use crate::state::AppState;
use crate::ui::i18n::Texts;
use crate::ui::page::{Form, Layout, Me, UiError, UiResult, render, see_other};
use crate::ui::policies::Erase;
use crate::ui::session::Staff;

#[derive(Template)]
#[template(path = "ui/confirm.html")]
struct ConfirmPage {
    l: Layout,
    t: &'static Texts,
    id: String,
    name: String,
    action: &'static str,
    title: &'static str,
    text: &'static str,
    button: &'static str,
}

async fn confirm(me: &Me, state: &AppState, id: &str, action: &'static str) -> UiResult {
    let person = state
        .store
        .get_person(id)
        .await
        .map_err(|e| load_error(me, e))?;
    let t = me.t;
    let (title, text, button) = if action == "erase" {
        (t.erase_title, t.erase_text, t.erase)
    } else {
        (t.anonymize_title, t.anonymize_text, t.anonymize)
    };
    render(&ConfirmPage {
        l: me.layout("people"),
        t,
        id: id.to_owned(),
        name: person.profile.name,
        action,
        title,
        text,
        button,
    })
}

/// Asks before erasing.
pub(crate) async fn erase_page(
    Staff { me, .. }: Staff<Erase>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    confirm(&me, &state, &id, "erase").await
}

/// Asks before anonymizing (administrators only).
pub(crate) async fn anonymize_page(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    confirm(&me, &state, &id, "anonymize").await
}

/// Erase the person (Art. 17): to the recycle bin at once, purged later; the API's use case.
pub(crate) async fn erase(
    Staff { me, .. }: Staff<Erase>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Form,
) -> UiResult {
    if form.get("confirm").is_none() {
        return Err(UiError::from_api(
            ApiError::invalid_field("confirm", me.t.confirm_required),
            Some(&me),
        ));
    }
    let reason = form
        .get("reason")
        .unwrap_or_else(|| "erased by staff in the web UI".to_owned());
    crate::people::erase(&state, &me.actor, &id, &reason, true)
        .await
        .map_err(|e| me.fail(e.into()))?;
    Ok(see_other("/ui/people?done=erased"))
}

/// Anonymize the person: history kept for statistics, nothing left about who it was; the
/// API's use case (administrators only).
pub(crate) async fn anonymize(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Form,
) -> UiResult {
    if form.get("confirm").is_none() {
        return Err(UiError::from_api(
            ApiError::invalid_field("confirm", me.t.confirm_required),
            Some(&me),
        ));
    }
    crate::people::anonymize(&state, &me.actor, &id)
        .await
        .map_err(|e| me.fail(e.into()))?;
    Ok(see_other("/ui/people?done=anonymized"))
}
