//! The people page: everybody, a page at a time, narrowed by controller, list and name (the
//! directory's use case, as `GET /v1/people`); or the people holding a typed phone number,
//! e-mail address or national id, in every controller.

use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;
use vern_core::{Identifier, IdentifierDigest};

use crate::auth::roles::WorkPeople;
use crate::input::Reading;
use crate::state::AppState;
use crate::ui::i18n::Texts;
use crate::ui::page::{Layout, UiResult, render, render_status};
use crate::ui::session::Staff;

#[derive(Debug, Deserialize, Default)]
pub(crate) struct SearchQuery {
    q: Option<String>,
    controller: Option<String>,
    list: Option<String>,
    cursor: Option<String>,
    done: Option<String>,
}

pub(crate) struct Found {
    id: String,
    name: String,
    controller: String,
    identifiers: String,
    blocked: bool,
    restricted: bool,
    created: String,
}

pub(crate) struct ControllerOption {
    key: String,
    name: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "ui/people.html")]
struct SearchPage {
    l: Layout,
    t: &'static Texts,
    q: String,
    list: String,
    controllers: Vec<ControllerOption>,
    /// Found by an identifier, or listed.
    by_identifier: bool,
    found: Vec<Found>,
    /// The link to the next page of the list.
    next: Option<String>,
    /// Whether this is a later page (a link back to the first).
    later: bool,
    /// The first page of the same list.
    first: String,
}

/// The people page with these conditions, at `cursor`.
fn people_link(q: &str, controller: Option<&str>, list: &str, cursor: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", q),
        ("controller", controller.unwrap_or_default()),
        ("list", list),
        ("cursor", cursor.unwrap_or_default()),
    ] {
        if !v.is_empty() {
            query.append_pair(k, v);
        }
    }
    format!("/ui/people?{}", query.finish())
}

/// Whether what was typed is an identifier (an e-mail address, or digits without letters)
/// rather than words of a name.
fn looks_like_identifier(text: &str) -> bool {
    text.contains('@')
        || (text.chars().any(|c| c.is_ascii_digit()) && !text.chars().any(char::is_alphabetic))
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

/// The people page: everybody a page at a time, narrowed by controller, customer list and name
/// through the same use case as `GET /v1/people`; or, when a phone number, an e-mail address
/// or a national id is typed, the people holding it in every controller.
pub(crate) async fn search(
    Staff { me, .. }: Staff<WorkPeople>,
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> UiResult {
    let text = q.q.unwrap_or_default().trim().to_owned();
    let controller = q.controller.filter(|c| !c.trim().is_empty());
    let list = q.list.unwrap_or_default().trim().to_owned();
    let mut found = Vec::new();
    let mut error = None;
    let mut next = None;
    let by_identifier = looks_like_identifier(&text);
    let controllers: Vec<_> = state.follower.index().controllers().cloned().collect();
    if by_identifier {
        let now = state.clock.now();
        let mut any = false;
        for c in &controllers {
            let reading = Reading::of(c, now, None);
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
                    created: me.day(person.created_at),
                    name: person.profile.name,
                    id: person.id,
                });
            }
        }
        if !any {
            error = Some(me.t.not_an_identifier.to_owned());
        }
    } else {
        let fields = crate::people::ListFields {
            controller: controller.clone(),
            list: (!list.is_empty()).then(|| list.clone()),
            q: (!text.is_empty()).then(|| text.clone()),
            cursor: q.cursor.clone(),
            ..Default::default()
        };
        match crate::people::list(&state, &me.actor, &fields, Some("ui")).await {
            Ok(page) => {
                next = page
                    .next_cursor
                    .map(|c| people_link(&text, controller.as_deref(), &list, Some(&c)));
                for l in page.people {
                    let person = l.person;
                    let mut ids: Vec<String> = person.profile.phones;
                    ids.extend(person.profile.emails);
                    found.push(Found {
                        controller: controllers
                            .iter()
                            .find(|c| c.record.id == person.controller)
                            .map_or(l.controller_key, |c| c.record.name.clone()),
                        identifiers: ids.join(", "),
                        blocked: false,
                        restricted: person.restricted_at.is_some(),
                        created: me.day(person.created_at),
                        name: person.profile.name,
                        id: person.id,
                    });
                }
            }
            Err(e) if e.status() == axum::http::StatusCode::UNPROCESSABLE_ENTITY => {
                let body = e.into_body();
                let details: Vec<String> = body.details.iter().map(|d| d.message.clone()).collect();
                error = Some(if details.is_empty() {
                    body.message
                } else {
                    details.join("; ")
                });
            }
            Err(e) => return Err(me.fail(e)),
        }
    }
    let first = people_link(&text, controller.as_deref(), &list, None);
    let page = SearchPage {
        l: me
            .layout("people")
            .done(q.done.as_deref())
            .with_error(error.clone()),
        t: me.t,
        q: text,
        list,
        controllers: controllers
            .iter()
            .map(|c| ControllerOption {
                selected: controller.as_deref() == Some(c.record.key.as_str()),
                key: c.record.key.clone(),
                name: c.record.name.clone(),
            })
            .collect(),
        by_identifier,
        found,
        next,
        later: q.cursor.is_some(),
        first,
    };
    if error.is_some() {
        render_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page)
    } else {
        render(&page)
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_identifier;

    #[test]
    fn numbers_and_addresses_are_identifiers_and_words_are_names() {
        assert!(looks_like_identifier("070-123 45 67"));
        assert!(looks_like_identifier("+46 70 123 45 67"));
        assert!(looks_like_identifier("kim@example.se"));
        assert!(looks_like_identifier("19811218-9876"));
        assert!(!looks_like_identifier("Sjöberg"));
        assert!(!looks_like_identifier("anna sjo"));
        assert!(!looks_like_identifier(""));
    }
}
