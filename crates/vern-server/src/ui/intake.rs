//! Registering a request that came by letter, phone or in person: the staff member types in
//! what the sender gave and the day it truly arrived (the deadline counts from that day). The
//! form goes through [`requests::register`], the use case of `POST /v1/requests`, so the same
//! bad input is refused with the same message and nothing is stored.

use askama::Template;
use axum::extract::State;
use time::{Date, OffsetDateTime, Time};
use vern_core::request::RequestKind;
use vern_core::zone::Zone;

use super::i18n::Texts;
use super::page::{Form, Layout, Me, UiResult, render, render_status, see_other};
use super::session::Staff;
use crate::auth::roles::SubmitRequests;
use crate::error::ApiError;
use crate::input::IdentifiersIn;
use crate::requests::{self, Registrar, Registration};
use crate::state::AppState;

pub(crate) struct Pick {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "ui/request_new.html")]
struct NewRequestPage {
    l: Layout,
    t: &'static Texts,
    kinds: Vec<Pick>,
    vias: Vec<Pick>,
    controllers: Vec<Pick>,
    received_on: String,
    name: String,
    email: String,
    phone: String,
    national_id: String,
    message: String,
}

/// The ways a request reaches staff that they record by hand.
const STAFF_VIAS: &[&str] = &["letter", "call", "in_person", "email"];

async fn new_view(
    me: &Me,
    state: &AppState,
    form: &Form,
    error: Option<String>,
) -> Result<NewRequestPage, super::page::UiError> {
    let t = me.t;
    let today = me.day(state.clock.now());
    let kind = form.get("kind").unwrap_or_else(|| "access".to_owned());
    let via = form
        .get("received_via")
        .unwrap_or_else(|| "letter".to_owned());
    let controller = form.get("controller").unwrap_or_default();
    let controllers = state
        .store
        .list_controllers()
        .await
        .map_err(|e| me.fail(e.into()))?;
    Ok(NewRequestPage {
        l: me.layout("inbox").with_error(error),
        t,
        kinds: RequestKind::ALL
            .into_iter()
            .map(|k| Pick {
                value: k.as_str().to_owned(),
                label: format!("{} ({})", t.request_kind(k), k.article()),
                selected: k.as_str() == kind,
            })
            .collect(),
        vias: STAFF_VIAS
            .iter()
            .map(|v| Pick {
                value: (*v).to_owned(),
                label: t.received_via(v).to_owned(),
                selected: *v == via,
            })
            .collect(),
        controllers: if controllers.len() > 1 {
            controllers
                .into_iter()
                .map(|c| Pick {
                    selected: c.key == controller,
                    value: c.key,
                    label: c.name,
                })
                .collect()
        } else {
            Vec::new()
        },
        received_on: form.get("received_on").unwrap_or(today),
        name: form.text("name"),
        email: form.text("email"),
        phone: form.text("phone"),
        national_id: form.text("national_id"),
        message: form.text("message"),
    })
}

/// The form for a request received by letter, phone or in person.
pub(crate) async fn new_request(
    Staff { me, .. }: Staff<SubmitRequests>,
    State(state): State<AppState>,
) -> UiResult {
    render(&new_view(&me, &state, &Form::default(), None).await?)
}

/// The instant a request that arrived on `day` (in the staff member's zone) is recorded at:
/// now when it came today, else noon that day, so that the day reads the same in every Nordic
/// zone and a day after today is always in the future.
fn received_at(zone: Zone, day: Date, now: OffsetDateTime) -> OffsetDateTime {
    if zone.local(now).date() == day {
        return now;
    }
    let noon = day.with_time(Time::from_hms(12, 0, 0).unwrap_or(Time::MIDNIGHT));
    noon.assume_offset(zone.offset_at(noon.assume_utc()))
}

/// Record the request through the API's use case; back to its page, or the form again with
/// the use case's message and what was typed.
pub(crate) async fn register_request(
    Staff { me, .. }: Staff<SubmitRequests>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let now = state.clock.now();
    let result: Result<_, ApiError> = async {
        let day = Date::parse(
            &form.text("received_on"),
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map_err(|_| ApiError::invalid_field("received_at", me.t.give_a_date))?;
        let registration = Registration {
            kind: form.text("kind"),
            person: None,
            identifiers: IdentifiersIn {
                phone: form.get("phone"),
                email: form.get("email"),
                national_id: form.get("national_id"),
            },
            received_via: form.get("received_via"),
            received_at: Some(received_at(me.zone, day, now)),
            controller: form.get("controller"),
            name: form.get("name"),
            message: form.get("message"),
            verified: None,
            language: None,
        };
        requests::register(&state, Registrar::Staff(&me.actor), registration).await
    }
    .await;
    match result {
        Ok(record) => Ok(see_other(&format!(
            "/ui/requests/{}?done=registered",
            record.id
        ))),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            render_status(status, &new_view(&me, &state, &form, Some(message)).await?)
        }
        Err(e) => Err(me.fail(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_before_today_is_noon_in_the_zone_and_today_is_now() {
        let now = time::macros::datetime!(2026-12-07 17:00 UTC);
        let at = received_at(Zone::Stockholm, time::macros::date!(2026 - 12 - 01), now);
        assert_eq!(at, time::macros::datetime!(2026-12-01 11:00 UTC));
        assert_eq!(
            received_at(Zone::Stockholm, time::macros::date!(2026 - 12 - 07), now),
            now
        );
        assert!(received_at(Zone::Helsinki, time::macros::date!(2026 - 12 - 08), now) > now);
    }
}
