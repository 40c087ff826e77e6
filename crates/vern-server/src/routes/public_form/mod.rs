//! The public web form where people send their requests themselves, and verify them with a
//! one-time code sent to the contact details vern already holds.
//!
//! The pages answer the same whether or not vern knows the sender, so the form reveals nobody.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use vern_core::Country;

use crate::index::ControllerView;
use crate::lang::Lang;
use crate::state::AppState;

mod page;
mod submit;
mod texts;
mod verify;

use page::{FormFor, Shown, page};
use submit::{submit, submit_for};
use texts::texts;
use verify::verify;

pub(crate) fn public_router() -> Router<AppState> {
    Router::new()
        .route("/request", get(form).post(submit))
        // A controller's own form: `{id}` is its key (named as the verify route's segment).
        .route("/request/{id}", get(form_for).post(submit_for))
        .route("/request/{id}/verify", post(verify))
}

/// The form's language: the one chosen, else the controller's country's, else the browser's.
fn language(headers: &HeaderMap, chosen: Option<&str>, country: Option<Country>) -> Lang {
    chosen
        .and_then(Lang::from_code)
        .or_else(|| country.map(Lang::of_country))
        .unwrap_or_else(|| {
            Lang::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            )
        })
}

/// The controller whose form this is (none: the default controller), if its form is open.
fn open_controller(state: &AppState, key: Option<&str>) -> Option<ControllerView> {
    let index = state.follower.index();
    match key {
        None => index.default_controller(),
        Some(k) => index.controller(k),
    }
    .filter(|c| c.record.public_form)
    .cloned()
}

/// A closed or unknown controller's form: a plain 404, in the browser's language.
fn no_form(headers: &HeaderMap) -> Response {
    let lang = language(headers, None, None);
    let mut response = (
        StatusCode::NOT_FOUND,
        Html(format!(
            "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>404</title><p>{}</p></html>",
            lang.code(),
            texts(lang).no_form
        )),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[derive(Debug, Deserialize, Default)]
struct LangQuery {
    lang: Option<String>,
}

async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    show_form(&state, &headers, None, q.lang.as_deref())
}

async fn form_for(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    show_form(&state, &headers, Some(&key), q.lang.as_deref())
}

fn show_form(
    state: &AppState,
    headers: &HeaderMap,
    key: Option<&str>,
    lang: Option<&str>,
) -> Response {
    let Some(controller) = open_controller(state, key) else {
        return no_form(headers);
    };
    page(
        language(headers, lang, controller.record.country),
        &FormFor::of(&controller, key.is_some()),
        StatusCode::OK,
        None,
        Shown::Form,
    )
}
