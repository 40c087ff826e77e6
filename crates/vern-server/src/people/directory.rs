//! The people directory: listing people a page at a time by controller, list, time window,
//! consent and name. The API's `GET /v1/people` and the staff UI's people page both list
//! through [`list`].

use base64::Engine;
use vern_core::name_index;
use vern_core::{Channel, PurposeKey};
use vern_store::Actor;
use vern_store::model::{ConsentFilter, ConsentWanted, PeopleFilter, Person};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::input;
use crate::state::AppState;

/// People on a page when the caller does not say.
pub(crate) const DEFAULT_LIMIT: u32 = 50;
/// The most people on one page.
pub(crate) const MAX_LIMIT: u32 = 200;

/// Which people to list, as a door read them; checked by [`list`].
#[derive(Debug, Default, Clone)]
pub(crate) struct ListFields {
    /// A controller's key.
    pub(crate) controller: Option<String>,
    /// A customer list.
    pub(crate) list: Option<String>,
    /// RFC 3339 instants: created at or after, created before, changed at or after, changed
    /// before.
    pub(crate) created_from: Option<String>,
    pub(crate) created_before: Option<String>,
    pub(crate) changed_from: Option<String>,
    pub(crate) changed_before: Option<String>,
    /// A purpose's key, a channel and `granted`, `withdrawn`, `expired` or `none`: all three or
    /// none of them.
    pub(crate) consent_purpose: Option<String>,
    pub(crate) consent_channel: Option<String>,
    pub(crate) consent_state: Option<String>,
    /// Words of the name, each of three letters or more.
    pub(crate) q: Option<String>,
    /// Where the page before ended ([`Page::next_cursor`]).
    pub(crate) cursor: Option<String>,
    /// People per page, 1 to [`MAX_LIMIT`].
    pub(crate) limit: Option<u32>,
}

/// One listed person with their controller's key.
#[derive(Debug)]
pub(crate) struct Listed {
    pub(crate) person: Person,
    pub(crate) controller_key: String,
}

/// A page of people.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) people: Vec<Listed>,
    /// Give it back as `cursor` for the next page; `None` on the last page.
    pub(crate) next_cursor: Option<String>,
}

/// The first condition given that only a list takes (a lookup by identifier takes none but the
/// controller).
pub(crate) fn list_only_field(fields: &ListFields) -> Option<&'static str> {
    [
        ("list", fields.list.is_some()),
        ("created_from", fields.created_from.is_some()),
        ("created_before", fields.created_before.is_some()),
        ("changed_from", fields.changed_from.is_some()),
        ("changed_before", fields.changed_before.is_some()),
        ("consent_purpose", fields.consent_purpose.is_some()),
        ("consent_channel", fields.consent_channel.is_some()),
        ("consent_state", fields.consent_state.is_some()),
        ("q", fields.q.is_some()),
        ("cursor", fields.cursor.is_some()),
        ("limit", fields.limit.is_some()),
    ]
    .into_iter()
    .find_map(|(name, given)| given.then_some(name))
}

const CURSOR_PREFIX: &str = "people:";

/// The opaque cursor after the person `id`: where the next page starts (the keyset, not an
/// offset, so people created or erased meanwhile shift nothing).
pub(crate) fn cursor_after(id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{id}"))
}

/// The person id a cursor from [`cursor_after`] names.
pub(crate) fn cursor_id(cursor: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let id = text.strip_prefix(CURSOR_PREFIX)?;
    let plausible = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    plausible.then(|| id.to_owned())
}

fn consent_wanted(state: &str) -> Option<ConsentWanted> {
    match state {
        "granted" => Some(ConsentWanted::Granted),
        "withdrawn" => Some(ConsentWanted::Withdrawn),
        "expired" => Some(ConsentWanted::Expired),
        "none" => Some(ConsentWanted::None),
        _ => None,
    }
}

/// Check what a door read into the store's filter; every bad field is named in one 422.
fn filter_of(state: &AppState, fields: &ListFields) -> ApiResult<(PeopleFilter, u32)> {
    let index = state.follower.index();
    let mut errors: Vec<FieldError> = Vec::new();
    let mut bad = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        });
    };
    let controller = match input::controller_filter(&index, fields.controller.as_deref()) {
        Ok(c) => c,
        Err(_) => {
            bad("controller", "no controller has this key");
            None
        }
    };
    let list = match fields.list.as_deref().map(str::trim) {
        Some("") => {
            bad("list", "name a customer list");
            None
        }
        Some(l) if l.chars().count() > 100 => {
            bad("list", "must be 1 to 100 characters");
            None
        }
        other => other.map(str::to_owned),
    };
    let mut instant =
        |value: &Option<String>, field: &str| match input::instant(value.as_deref(), field) {
            Ok(v) => v,
            Err(_) => {
                bad(
                    field,
                    "not an RFC 3339 instant (such as 2026-11-24T18:30:00+01:00)",
                );
                None
            }
        };
    let created_from = instant(&fields.created_from, "created_from");
    let created_before = instant(&fields.created_before, "created_before");
    let changed_from = instant(&fields.changed_from, "changed_from");
    let changed_before = instant(&fields.changed_before, "changed_before");
    let consent = match (
        fields.consent_purpose.as_deref(),
        fields.consent_channel.as_deref(),
        fields.consent_state.as_deref(),
    ) {
        (None, None, None) => None,
        (Some(purpose), Some(channel), Some(wanted)) => {
            let purpose_ok = match PurposeKey::parse(purpose) {
                Err(_) => {
                    bad("consent_purpose", "not a purpose key");
                    false
                }
                Ok(key) => match controller {
                    Some(c) if index.purpose(c, key.as_str()).is_none() => {
                        bad("consent_purpose", "the controller has no such purpose");
                        false
                    }
                    _ => true,
                },
            };
            let channel = channel.parse::<Channel>().ok();
            if channel.is_none() {
                bad(
                    "consent_channel",
                    "expected one of phone, sms, mms, email, post, messaging, in_person",
                );
            }
            let wanted = consent_wanted(wanted);
            if wanted.is_none() {
                bad(
                    "consent_state",
                    "expected granted, withdrawn, expired or none",
                );
            }
            match (purpose_ok, channel, wanted) {
                (true, Some(channel), Some(state)) => Some(ConsentFilter {
                    purpose: purpose.to_owned(),
                    channel,
                    state,
                }),
                _ => None,
            }
        }
        (purpose, channel, _) => {
            let missing = if purpose.is_none() {
                "consent_purpose"
            } else if channel.is_none() {
                "consent_channel"
            } else {
                "consent_state"
            };
            bad(
                missing,
                "a consent condition takes consent_purpose, consent_channel and consent_state together",
            );
            None
        }
    };
    let name = match fields.q.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(typed) => {
            // The digests are made by the store with the key generation in use; whether the
            // words can be searched does not depend on the key.
            match name_index::query(&state.store.keys().name_key(0), typed) {
                Ok(_) => Some(typed.to_owned()),
                Err(e) => {
                    bad("q", &e.to_string());
                    None
                }
            }
        }
    };
    let after = match fields.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => {
            let id = cursor_id(c);
            if id.is_none() {
                bad("cursor", "not a cursor this list gave");
            }
            id
        }
    };
    let limit = fields.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        bad("limit", "must be 1 to 200");
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok((
        PeopleFilter {
            controller,
            list,
            created_from,
            created_before,
            changed_from,
            changed_before,
            consent,
            name,
            after,
        },
        limit,
    ))
}

/// One page of the people matching `fields`. Listing discloses their names and identifiers:
/// the store records a `people.listed` entry naming them (`via` the door, `ui` or none for the
/// API) in the transaction that reads them.
pub(crate) async fn list(
    state: &AppState,
    actor: &Actor,
    fields: &ListFields,
    via: Option<&str>,
) -> ApiResult<Page> {
    let (filter, limit) = filter_of(state, fields)?;
    let page = state
        .store
        .list_people(actor, state.clock.now(), &filter, limit, via)
        .await?;
    if let Some(seq) = page.seq {
        state.follower.sync_to(seq).await?;
    }
    let next_cursor = if page.more {
        page.people.last().map(|p| cursor_after(&p.id))
    } else {
        None
    };
    let index = state.follower.index();
    let people = page
        .people
        .into_iter()
        .map(|person| Listed {
            controller_key: index
                .controller_by_id(person.controller)
                .map_or_else(|| person.controller.to_string(), |c| c.record.key.clone()),
            person,
        })
        .collect();
    Ok(Page {
        people,
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_names_the_person_it_ends_at_and_nothing_else() {
        let id = "019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b";
        let c = cursor_after(id);
        assert!(!c.contains(id), "the cursor is opaque");
        assert_eq!(cursor_id(&c).as_deref(), Some(id));
        // Not a cursor: plain ids, other prefixes, SQL, garbage.
        assert_eq!(cursor_id(id), None);
        let other = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("x:{id}"));
        assert_eq!(cursor_id(&other), None);
        let sql = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("people:' OR 1=1 --");
        assert_eq!(cursor_id(&sql), None);
        assert_eq!(cursor_id("%%%"), None);
        assert_eq!(cursor_id(&cursor_after("")), None);
    }

    #[test]
    fn consent_states_are_read_by_their_wire_names() {
        assert_eq!(consent_wanted("granted"), Some(ConsentWanted::Granted));
        assert_eq!(consent_wanted("withdrawn"), Some(ConsentWanted::Withdrawn));
        assert_eq!(consent_wanted("expired"), Some(ConsentWanted::Expired));
        assert_eq!(consent_wanted("none"), Some(ConsentWanted::None));
        assert_eq!(consent_wanted("unknown"), None);
    }
}
