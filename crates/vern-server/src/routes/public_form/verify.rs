//! Confirming a request with its one-time code: the request is verified (or, for the
//! marketing choices, the objection recorded or withdrawn) and the page says what happened.

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::net::SocketAddr;
use vern_store::Actor;

use super::page::{FormFor, Shown, page};
use super::texts::texts;
use super::{language, no_form};
use crate::extract::UrlForm;
use crate::lang::Lang;
use crate::notify::Template as Message;
use crate::requests::{check_code, complete_telling};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct CodeForm {
    code: String,
}

pub(super) async fn verify(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    UrlForm(input): UrlForm<CodeForm>,
) -> Response {
    let now = state.clock.now();
    let request = state.store.get_request(&id).await.ok();
    let Some(controller) = ({
        let index = state.follower.index();
        request
            .as_ref()
            .and_then(|r| index.controller_by_id(r.controller))
            .or_else(|| index.default_controller())
            .cloned()
    }) else {
        return no_form(&headers);
    };
    let lang = language(
        &headers,
        request.as_ref().and_then(|r| r.language.as_deref()),
        controller.record.country,
    );
    let own = state
        .follower
        .index()
        .default_controller()
        .is_none_or(|d| d.record.id != controller.record.id);
    let form_for = FormFor::of(&controller, own);
    let marketing = request
        .as_ref()
        .and_then(|r| r.details.as_ref())
        .is_some_and(|d| d.direct_marketing);
    let again = |status, error| {
        page(
            lang,
            &form_for,
            status,
            Some(error),
            Shown::Code {
                id: id.clone(),
                marketing,
            },
        )
    };
    if state.limits.form_codes.blocked(addr.ip(), now) {
        return again(StatusCode::TOO_MANY_REQUESTS, texts(lang).too_many);
    }
    let Some(request) = request else {
        state.limits.form_codes.fail(addr.ip(), now);
        return again(StatusCode::UNPROCESSABLE_ENTITY, texts(lang).wrong_code);
    };
    let code: String = input.code.chars().filter(char::is_ascii_digit).collect();
    match check_code(&state, &request.id, &code).await {
        Ok(true) => {}
        Ok(false) => {
            state.limits.form_codes.fail(addr.ip(), now);
            return again(StatusCode::UNPROCESSABLE_ENTITY, texts(lang).wrong_code);
        }
        Err(_) => {
            state.limits.form_codes.fail(addr.ip(), now);
            return again(StatusCode::UNPROCESSABLE_ENTITY, texts(lang).too_many);
        }
    }
    let action = vern_store::model::RequestAction::Verified {
        method: "code".to_owned(),
    };
    let verified = match state
        .store
        .advance_request(&Actor::Subject, now, &request.id, &action, &[])
        .await
    {
        Ok((r, seq)) => {
            let _ = state.follower.sync_to(seq).await;
            r
        }
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    };
    if verified
        .details
        .as_ref()
        .is_some_and(|d| d.direct_marketing && d.resume_marketing)
    {
        return match resume_marketing(&state, &verified).await {
            Ok(shown) => page(lang, &form_for, StatusCode::OK, None, shown),
            Err(e) => e.into_response(),
        };
    }
    if !marketing {
        // The code identified the person: their browser's GPC signal is their objection to
        // direct marketing by automated means (Art. 21(5)).
        let gpc = if crate::preferences::gpc(&headers) {
            match crate::preferences::object_for_request(&state, &verified).await {
                Ok(true) => Some(crate::preferences::texts(lang).gpc_honoured),
                Ok(false) => None,
                Err(e) => return e.into_response(),
            }
        } else {
            None
        };
        // The last day to answer, as the controller's calendar counts it.
        let due = controller.zone().local(verified.due_at).date().to_string();
        let preferences = preference_link(&state, &verified, lang).await;
        return page(
            lang,
            &form_for,
            StatusCode::OK,
            None,
            Shown::Verified {
                due,
                gpc,
                preferences,
            },
        );
    }
    // No balancing and no staff step: the objection holds from now (Art. 21(3), Art. 12(2)).
    match complete_telling(
        &state,
        &Actor::Subject,
        &request.id,
        "Direct-marketing objection recorded from the public form: a one-time code confirmed the identifier given.",
        Some("upheld".to_owned()),
        |_| Message::ObjectionRecorded,
    )
    .await
    {
        Ok(_) => {
            let preferences = preference_link(&state, &verified, lang).await;
            page(
                lang,
                &form_for,
                StatusCode::OK,
                None,
                Shown::Stopped { preferences },
            )
        }
        Err(e) => e.into_response(),
    }
}

/// A link to the preference centre of the person a confirmed code identified: the code went to
/// contact details of theirs, so the page may show them their consents. None for a request
/// that names nobody vern knows.
pub(super) async fn preference_link(
    state: &AppState,
    request: &vern_store::model::RequestRecord,
    lang: Lang,
) -> Option<(String, &'static str)> {
    let person = state
        .store
        .get_person(request.person_id.as_deref()?)
        .await
        .ok()?;
    let (url, _) = crate::preferences::issue_link(state, &person).ok()?;
    Some((url, crate::preferences::texts(lang).to_preferences))
}

/// The person, verified by their code, withdraws their objection to direct marketing for the
/// identifier they confirmed and every identifier of theirs; the request is closed as the
/// evidence. Nothing to withdraw is said as it is.
pub(super) async fn resume_marketing(
    state: &AppState,
    request: &vern_store::model::RequestRecord,
) -> Result<Shown, crate::error::ApiError> {
    let by = vern_store::model::WithdrawnBy::Subject {
        verification: "code".to_owned(),
        request: Some(request.id.clone()),
    };
    let withdrawn =
        crate::objection::withdraw_for_request(state, &Actor::Subject, request, by).await?;
    let outcome = if withdrawn {
        "The person withdrew their objection to direct marketing on the public form: a one-time code confirmed the identifier given."
    } else {
        "The person asked on the public form to withdraw an objection to direct marketing; none stood for the identifier given."
    };
    let _ = crate::requests::step(
        state,
        &Actor::Subject,
        &request.id,
        vern_store::model::RequestAction::Complete {
            outcome: outcome.to_owned(),
            decision: Some("withdrawn".to_owned()),
        },
        None,
    )
    .await?;
    Ok(if withdrawn {
        Shown::Resumed
    } else {
        Shown::NothingToResume
    })
}
