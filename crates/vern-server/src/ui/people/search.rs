//! Finding a person by a phone number, an e-mail address or a national id, in every controller.

use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;
use vern_core::{Identifier, IdentifierDigest};

use crate::auth::roles::WorkPeople;
use crate::input::Reading;
use crate::state::AppState;
use crate::ui::i18n::Texts;
use crate::ui::page::{Layout, UiResult, render};
use crate::ui::session::Staff;

#[derive(Debug, Deserialize, Default)]
pub(crate) struct SearchQuery {
    q: Option<String>,
    done: Option<String>,
}

pub(crate) struct Found {
    id: String,
    name: String,
    controller: String,
    identifiers: String,
    blocked: bool,
    restricted: bool,
}

#[derive(Template)]
#[template(path = "ui/people.html")]
struct SearchPage {
    l: Layout,
    t: &'static Texts,
    q: String,
    searched: bool,
    found: Vec<Found>,
}

/// The digests a typed identifier may stand for: an e-mail address, or whichever of a phone
/// number and a national id the text reads as (a ten-digit Swedish number may be either).
fn typed_digests(state: &AppState, reading: &Reading, text: &str) -> Vec<IdentifierDigest> {
    let key = state.store.keys().digest();
    let mut out = Vec::new();
    if text.contains('@') {
        if let Ok(e) = reading.email(text, "q") {
            out.push(Identifier::Email(e).digest(key));
        }
        return out;
    }
    if let Ok(p) = reading.phone(text, "q") {
        out.push(Identifier::Phone(p).digest(key));
    }
    if let Ok(n) = reading.national_id(text, "q") {
        out.push(Identifier::NationalId(n).digest(key));
    }
    out
}

/// Find people by a phone number, an e-mail address or a national id, in every controller.
pub(crate) async fn search(
    Staff { me, .. }: Staff<WorkPeople>,
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> UiResult {
    let text = q.q.unwrap_or_default().trim().to_owned();
    let mut found = Vec::new();
    let mut error = None;
    if !text.is_empty() {
        let now = state.clock.now();
        let controllers: Vec<_> = state.follower.index().controllers().cloned().collect();
        let mut any = false;
        for c in controllers {
            let reading = Reading::of(&c, now, None);
            let digests = typed_digests(&state, &reading, &text);
            if digests.is_empty() {
                continue;
            }
            any = true;
            let people = state
                .store
                .find_people(c.record.id, &digests)
                .await
                .map_err(|e| me.fail(e.into()))?;
            for p in people {
                let view = crate::people::view(&state, p)
                    .await
                    .map_err(|e| me.fail(e))?;
                let blocked = view.do_not_contact();
                let person = view.person;
                let mut ids: Vec<String> = person.profile.phones;
                ids.extend(person.profile.emails);
                found.push(Found {
                    controller: c.record.name.clone(),
                    identifiers: ids.join(", "),
                    blocked,
                    restricted: person.restricted_at.is_some(),
                    name: person.profile.name,
                    id: person.id,
                });
            }
        }
        if !any {
            error = Some(me.t.not_an_identifier.to_owned());
        }
    }
    render(&SearchPage {
        l: me
            .layout("people")
            .done(q.done.as_deref())
            .with_error(error),
        t: me.t,
        searched: !text.is_empty(),
        q: text,
        found,
    })
}
