//! The preference centre: a page per person and controller, reached by a signed link, where the
//! person switches the controller's consent purposes on and off per channel and can object to all
//! its marketing. Showing it discloses what the person consents to, so every showing is a ledger
//! entry about them.

use std::collections::BTreeSet;
use time::OffsetDateTime;
use vern_core::consent::{ConsentAction, ConsentState};
use vern_core::objection::ObjectionSourceKind;
use vern_core::preference::{LINK_LIFETIME, LinkRefused, PreferenceLink};
use vern_core::{Channel, ChannelSet, LegalBasis};
use vern_store::ledger::PreferencesShown;
use vern_store::model::{ConsentInput, Disclosure, Evidence, Person};
use vern_store::{Actor, StoreError};

use crate::error::{ApiError, ApiResult};
use crate::index::ControllerView;
use crate::lang::Lang;
use crate::state::AppState;

use super::texts::texts;

/// Why a preference-centre link opens nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not signed by this installation, altered, or for a person of another controller.
    Invalid,
    /// Older than the link lifetime.
    Expired,
    /// The person has been erased since.
    Gone,
    /// The store could not be read; nothing was changed.
    Failed,
}

/// An opened link: the person and controller it is for.
#[derive(Debug, Clone)]
pub(crate) struct Centre {
    /// What the link says.
    pub(crate) link: PreferenceLink,
    /// The person.
    pub(crate) person: Person,
    /// Their controller.
    pub(crate) controller: ControllerView,
}

impl Centre {
    /// The language the page is written in: the person's, else their controller's country's,
    /// else the browser's.
    pub(crate) fn lang(&self, accept_language: Option<&str>) -> Lang {
        self.person
            .profile
            .language
            .as_deref()
            .and_then(Lang::from_code)
            .or_else(|| self.controller.record.country.map(Lang::of_country))
            .unwrap_or_else(|| Lang::negotiate(accept_language))
    }
}

/// A signed link to `person`'s preference centre, `/p/{token}`, valid for the link lifetime;
/// with its expiry.
pub(crate) fn issue_link(state: &AppState, person: &Person) -> ApiResult<(String, OffsetDateTime)> {
    link_path(state.store.keys(), state.clock.now(), person)
        .ok_or_else(|| ApiError::internal(&"a person id a preference link cannot carry"))
}

/// The path of a signed link to `person`'s preference centre issued at `now`, with its expiry;
/// `None` for a person id a link cannot carry. For the messages vern writes outside a request
/// (the Art. 14 notice), which prefix the configured public address.
pub(crate) fn link_path(
    keys: &vern_store::InstallationKeys,
    now: OffsetDateTime,
    person: &Person,
) -> Option<(String, OffsetDateTime)> {
    let issued_at = OffsetDateTime::from_unix_timestamp(now.unix_timestamp()).unwrap_or(now);
    let token = PreferenceLink {
        controller: person.controller,
        person: person.id.clone(),
        issued_at,
    }
    .sign(keys.preferences())?;
    Some((format!("/p/{token}"), issued_at + LINK_LIFETIME))
}

/// Check a link and read the person it is for.
pub(crate) async fn open(state: &AppState, token: &str) -> Result<Centre, Refused> {
    let link = PreferenceLink::verify(
        token,
        &[state.store.keys().preferences()],
        state.clock.now(),
    )
    .map_err(|e| match e {
        LinkRefused::Invalid => Refused::Invalid,
        LinkRefused::Expired => Refused::Expired,
    })?;
    let person = match state.store.get_person(&link.person).await {
        Ok(p) => p,
        Err(StoreError::NotFound) => return Err(Refused::Gone),
        Err(e) => {
            tracing::error!(error = %e, "preference centre: reading the person failed");
            return Err(Refused::Failed);
        }
    };
    let controller = state
        .follower
        .index()
        .controller_by_id(link.controller)
        .cloned();
    match controller {
        Some(controller) if person.controller == link.controller => Ok(Centre {
            link,
            person,
            controller,
        }),
        _ => Err(Refused::Invalid),
    }
}

/// One switch: a consent purpose on one channel.
#[derive(Debug, Clone)]
pub(crate) struct Switch {
    /// The purpose's key.
    pub(crate) purpose: String,
    /// Its name.
    pub(crate) name: String,
    /// Its description.
    pub(crate) description: String,
    /// The channel.
    pub(crate) channel: Channel,
    /// Whether the person's consent stands now.
    pub(crate) on: bool,
}

impl Switch {
    /// The form field value naming this switch: `purpose:channel`.
    pub(crate) fn field(&self) -> String {
        format!("{}:{}", self.purpose, self.channel.as_str())
    }
}

/// What the page shows.
#[derive(Debug)]
pub(crate) struct View {
    /// Every consent purpose of the controller on every channel it declares.
    pub(crate) switches: Vec<Switch>,
    /// Whether an objection to the controller's direct marketing stands, whatever the switches.
    pub(crate) objected: bool,
}

/// The switches as they stand, without recording anything.
async fn switches(state: &AppState, centre: &Centre) -> ApiResult<Vec<Switch>> {
    let purposes = state
        .store
        .list_purposes(Some(centre.controller.record.id))
        .await?;
    let history = state.store.list_consents(&centre.person.id).await?;
    let now = crate::people::consent_now(&history, &purposes, state.clock.now());
    Ok(purposes
        .iter()
        .filter(|p| p.purpose.legal_basis == LegalBasis::Consent)
        .flat_map(|p| {
            p.purpose.channels.iter().map(|channel| Switch {
                purpose: p.purpose.key.to_string(),
                name: p.purpose.name.clone(),
                description: p.purpose.description.clone(),
                channel,
                on: now.iter().any(|c| {
                    c.purpose == p.purpose.key.as_str()
                        && c.channel == channel
                        && c.state == ConsentState::Granted
                }),
            })
        })
        .collect())
}

/// What the page shows, recorded in the ledger as a disclosure to whoever holds the link before
/// it is returned.
pub(crate) async fn view(state: &AppState, centre: &Centre) -> ApiResult<View> {
    let switches = switches(state, centre).await?;
    let objected = !crate::objection::standing(state, &centre.person)
        .await?
        .is_empty();
    state
        .store
        .record_disclosure(
            &Actor::Subject,
            state.clock.now(),
            &centre.person.id,
            Disclosure::PreferencesShown(PreferencesShown {
                link_issued_at: centre.link.issued_at.unix_timestamp(),
            }),
        )
        .await?;
    Ok(View { switches, objected })
}

/// Set the switches the page showed (`shown`, as `purpose:channel`) to those the person left on
/// (`on`): a consent event with its evidence for every switch that changed, in one transaction.
/// A field naming no switch of the page is refused and nothing is recorded. Returns whether
/// anything changed. `client` is the address the form came from, kept in the evidence when the
/// installation records it.
pub(crate) async fn change(
    state: &AppState,
    centre: &Centre,
    shown: &BTreeSet<String>,
    on: &BTreeSet<String>,
    lang: Lang,
    client: Option<std::net::IpAddr>,
) -> ApiResult<bool> {
    let switches = switches(state, centre).await?;
    let known: BTreeSet<String> = switches.iter().map(Switch::field).collect();
    // The value is not repeated: it is whatever the client sent.
    if shown.iter().chain(on).any(|f| !known.contains(f)) {
        return Err(ApiError::invalid_field(
            "switches",
            "a switch that is not a consent purpose and channel of the controller",
        ));
    }
    let now = state.clock.now();
    let t = texts(lang);
    let mut changes = Vec::new();
    for switch in switches.iter().filter(|s| shown.contains(&s.field())) {
        let wanted = on.contains(&switch.field());
        if wanted == switch.on {
            continue;
        }
        let action = if wanted {
            ConsentAction::Granted
        } else {
            ConsentAction::Withdrawn
        };
        changes.push(ConsentInput {
            purpose: switch.purpose.clone(),
            channels: ChannelSet::of(&[switch.channel]),
            action,
            given_at: now,
            expires_at: None,
            source: "web_form".to_owned(),
            evidence: Evidence {
                by: Some("the person, on their preference centre".to_owned()),
                // The words the person saw beside the switch, in the language they saw.
                text: Some(format!(
                    "{} ({}): {} [{}]",
                    switch.name,
                    t.channel(switch.channel),
                    switch.description,
                    lang.code()
                )),
                version: Some("preference-centre/1".to_owned()),
                reference: Some(format!(
                    "preference link issued {}",
                    centre.link.issued_at.unix_timestamp()
                )),
                ip: client.map(|a| a.to_string()),
            },
        });
    }
    if changes.is_empty() {
        return Ok(false);
    }
    match state
        .store
        .record_consent_changes(&Actor::Subject, now, &centre.person.id, &changes)
        .await?
    {
        Some(seq) => {
            state.follower.sync_to(seq).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// What an objection from the preference centre came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Objected {
    /// It is recorded (now or before).
    Stands,
    /// The person has no identifier to record it for.
    NoIdentifier,
}

/// Record the person's objection to the controller's direct marketing for every identifier they
/// have, conveyed by `source` (the page's button, or the browser's GPC signal); nothing when it
/// stands already.
pub(crate) async fn object(
    state: &AppState,
    centre: &Centre,
    source: ObjectionSourceKind,
) -> ApiResult<Objected> {
    let digests = crate::objection::profile_digests(state, &centre.person.profile);
    if digests.is_empty() {
        return Ok(Objected::NoIdentifier);
    }
    super::object_once(
        state,
        centre.controller.record.id,
        digests,
        &centre.person.profile.notice_forms(),
        source,
    )
    .await?;
    Ok(Objected::Stands)
}
