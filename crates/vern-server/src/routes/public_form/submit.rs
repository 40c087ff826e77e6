//! Taking a request sent on the form: rate limit, reading the identifiers, opening the
//! request and sending the one-time code to contact details vern already holds.

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::net::SocketAddr;
use vern_core::request::RequestKind;
use vern_store::Actor;

use super::page::{FormFor, RESUME_MARKETING, STOP_MARKETING, Shown, page};
use super::texts::texts;
use super::{language, no_form, open_controller};
use crate::extract::UrlForm;
use crate::input::{IdentifiersIn, Reading};
use crate::requests::{Arrival, opening, send_verification_code};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct Submission {
    kind: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    national_id: String,
    #[serde(default)]
    lang: Option<String>,
}

pub(super) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

pub(super) async fn submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    UrlForm(input): UrlForm<Submission>,
) -> Response {
    take(&state, addr, &headers, None, input).await
}

pub(super) async fn submit_for(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(key): Path<String>,
    UrlForm(input): UrlForm<Submission>,
) -> Response {
    take(&state, addr, &headers, Some(&key), input).await
}

/// A request sent on the form of a controller (none: the default controller's).
pub(super) async fn take(
    state: &AppState,
    addr: SocketAddr,
    headers: &HeaderMap,
    key: Option<&str>,
    input: Submission,
) -> Response {
    let Some(controller) = open_controller(state, key) else {
        return no_form(headers);
    };
    let lang = language(headers, input.lang.as_deref(), controller.record.country);
    let form_for = FormFor::of(&controller, key.is_some());
    let refuse = |status, error| page(lang, &form_for, status, error, Shown::Form);
    let now = state.clock.now();
    if state.limits.form_submissions.blocked(addr.ip(), now) {
        return refuse(StatusCode::TOO_MANY_REQUESTS, Some(texts(lang).too_many));
    }
    state.limits.form_submissions.fail(addr.ip(), now);
    let resume = input.kind == RESUME_MARKETING;
    let marketing = input.kind == STOP_MARKETING || resume;
    let kind = if marketing {
        RequestKind::Objection
    } else {
        match input.kind.parse::<RequestKind>() {
            Ok(k) => k,
            Err(_) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, None),
        }
    };
    // The stop-marketing choices act on the contact detail the code is sent to; a national
    // id is read for the requests under Art. 15-22, where it finds the person's record.
    let ids = IdentifiersIn {
        phone: non_empty(&input.phone),
        email: non_empty(&input.email),
        // People write the number in groups (151086 95088): the groups are one number.
        national_id: non_empty(&input.national_id.split_whitespace().collect::<String>())
            .filter(|_| !marketing),
    };
    if ids.is_empty() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).need_contact),
        );
    }
    // The code confirms control of one identifier, and the objection is recorded for it.
    if marketing && ids.phone.is_some() && ids.email.is_some() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).one_contact),
        );
    }
    let reading = Reading::of(&controller, now, None);
    if let Some(id) = &ids.national_id
        && reading.national_id(id, "national_id").is_err()
    {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).bad_national_id),
        );
    }
    if marketing && ids.phone.is_none() && ids.email.is_none() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).need_contact),
        );
    }
    let Ok(parsed) = reading.identifiers(&ids, "identifiers") else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).need_contact),
        );
    };
    let arrival = Arrival {
        kind,
        received_via: "web_form".to_owned(),
        received_at: now,
        name: non_empty(&input.name),
        message: non_empty(&input.message),
        agent_key: None,
        language: Some(lang.code().to_owned()),
        verified_by: None,
        direct_marketing: marketing,
    };
    let (mut record_input, messages) =
        match opening(state, &controller, &parsed, None, arrival).await {
            Ok(o) => o,
            Err(e) => return e.into_response(),
        };
    record_input.details.resume_marketing = resume;
    let record = match state
        .store
        .create_request(&Actor::Subject, now, &record_input, &messages)
        .await
    {
        Ok((r, seq)) => {
            let _ = state.follower.sync_to(seq).await;
            r
        }
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    };
    // A code to contact details vern already holds, or for the stop-marketing choice to the
    // identifier given; with neither, staff verify another way. The page says the same
    // whether or not a code went out.
    if (marketing || record.person_id.is_some())
        && let Err(e) = send_verification_code(state, &Actor::Subject, &record).await
    {
        tracing::info!(request = %record.id, status = %e.status(), "no verification code sent");
    }
    page(
        lang,
        &form_for,
        StatusCode::OK,
        None,
        Shown::Code {
            id: record.id,
            marketing,
        },
    )
}
