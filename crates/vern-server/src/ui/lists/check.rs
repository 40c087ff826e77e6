//! The check page: one number or address, decided through the same code as the API
//! (`decide_item`), and so through `vern_core::decide` alone.

use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;
use std::collections::HashMap;
use time::{OffsetDateTime, PrimitiveDateTime};
use vern_core::Channel;

use crate::auth::roles::Check;
use crate::check::{CheckIn, count_check, decide_item};
use crate::input::{IdentifierTexts, Reading, Text};
use crate::state::AppState;
use crate::ui::i18n::Texts;
use crate::ui::page::{Layout, Me, UiResult, render};
use crate::ui::session::Staff;

#[derive(Debug, Deserialize, Default)]
pub(crate) struct CheckQuery {
    value: Option<String>,
    channel: Option<String>,
    purpose: Option<String>,
    at: Option<String>,
}

/// The answer to one check.
pub(crate) struct CheckAnswer {
    asked: bool,
    allowed: bool,
    reasons: Vec<(String, &'static str)>,
    error: Option<String>,
}

pub(crate) struct PurposeChoice {
    pub(super) value: String,
    pub(super) label: String,
    pub(super) selected: bool,
}

pub(crate) struct ChannelChoice {
    pub(super) value: &'static str,
    pub(super) label: &'static str,
    pub(super) selected: bool,
}

#[derive(Template)]
#[template(path = "ui/check.html")]
struct CheckPage {
    l: Layout,
    t: &'static Texts,
    value: String,
    at: String,
    purposes: Vec<PurposeChoice>,
    channels: Vec<ChannelChoice>,
    res: CheckAnswer,
}

#[derive(Template)]
#[template(path = "ui/check_result.html")]
struct CheckFragment {
    t: &'static Texts,
    res: CheckAnswer,
}

/// A `datetime-local` value read in the user's zone.
pub(super) fn local_instant(me: &Me, text: &str) -> Option<OffsetDateTime> {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let naive = PrimitiveDateTime::parse(text.get(..16)?, &format).ok()?;
    let guess = naive.assume_utc();
    Some(naive.assume_offset(me.zone.offset_at(guess)))
}

fn ask(me: &Me, state: &AppState, q: &CheckQuery) -> CheckAnswer {
    let value = q.value.as_deref().map(str::trim).unwrap_or("");
    if value.is_empty() {
        return CheckAnswer {
            asked: false,
            allowed: false,
            reasons: Vec::new(),
            error: None,
        };
    }
    let now = state.clock.now();
    let (controller, purpose) = q
        .purpose
        .as_deref()
        .and_then(|p| p.split_once('/'))
        .map_or((None, String::new()), |(c, p)| {
            (Some(c.to_owned()), p.to_owned())
        });
    let at = match q.at.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(text) => match local_instant(me, text) {
            Some(t) => t
                .format(&time::format_description::well_known::Rfc3339)
                .ok(),
            None => {
                return CheckAnswer {
                    asked: true,
                    allowed: false,
                    reasons: Vec::new(),
                    error: Some(me.t.bad_time.to_owned()),
                };
            }
        },
    };
    let index = state.follower.index();
    // Which identifier the text is: an e-mail address by its @, else a phone number, else a
    // national id.
    let mut ids = IdentifierTexts::default();
    if value.contains('@') {
        ids.email = Some(Text::from(value));
    } else {
        let reading = crate::input::controller(&index, controller.as_deref())
            .ok()
            .map(|c| Reading::of(&c, now, None));
        let is_national_id = reading.is_some_and(|r| {
            r.phone(value, "value").is_err() && r.national_id(value, "value").is_ok()
        });
        if is_national_id {
            ids.national_id = Some(Text::from(value));
        } else {
            ids.phone = Some(Text::from(value));
        }
    }
    let item = CheckIn {
        identifiers: ids,
        channel: q.channel.clone().unwrap_or_default().into(),
        purpose: purpose.into(),
        controller: controller.map(Text::from),
        at: at.map(Text::from),
        region: None,
        address: None,
        carries_art14_notice: false,
    };
    match decide_item(&index, state.store.keys(), now, &item, "") {
        Ok(decision) => {
            count_check(decision.allowed);
            CheckAnswer {
                asked: true,
                allowed: decision.allowed,
                reasons: decision
                    .reasons
                    .iter()
                    .map(|r| {
                        (
                            me.t.reason_text(r.code.as_str(), &r.message()),
                            r.code.as_str(),
                        )
                    })
                    .collect(),
                error: None,
            }
        }
        Err(e) => CheckAnswer {
            asked: true,
            allowed: false,
            reasons: Vec::new(),
            error: Some(e.into_body().message),
        },
    }
}

/// The check page: type a number or an address, see whether it may be contacted.
pub(crate) async fn check(
    Staff { me, .. }: Staff<Check>,
    State(state): State<AppState>,
    Query(q): Query<CheckQuery>,
) -> UiResult {
    let purposes = state
        .store
        .list_purposes(None)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let names: HashMap<_, _> = state
        .follower
        .index()
        .controllers()
        .map(|c| (c.record.id, (c.record.key.clone(), c.record.name.clone())))
        .collect();
    let many = names.len() > 1;
    let chosen = q.purpose.clone().unwrap_or_default();
    let choices = purposes
        .iter()
        .filter_map(|p| {
            let (key, name) = names.get(&p.controller)?;
            let value = format!("{key}/{}", p.purpose.key);
            Some(PurposeChoice {
                selected: value == chosen,
                label: if many {
                    format!("{} ({name})", p.purpose.name)
                } else {
                    p.purpose.name.clone()
                },
                value,
            })
        })
        .collect();
    let channel = q.channel.clone().unwrap_or_else(|| "phone".to_owned());
    let channels = Channel::ALL
        .into_iter()
        .map(|c| ChannelChoice {
            value: c.as_str(),
            label: me.t.channel_name(c),
            selected: c.as_str() == channel,
        })
        .collect();
    let res = ask(&me, &state, &q);
    render(&CheckPage {
        l: me.layout("check"),
        t: me.t,
        value: q.value.clone().unwrap_or_default(),
        at: q.at.clone().unwrap_or_default(),
        purposes: choices,
        channels,
        res,
    })
}

/// The answer alone, for the page's script to show while typing.
pub(crate) async fn check_fragment(
    Staff { me, .. }: Staff<Check>,
    State(state): State<AppState>,
    Query(q): Query<CheckQuery>,
) -> UiResult {
    let res = ask(&me, &state, &q);
    render(&CheckFragment { t: me.t, res })
}
