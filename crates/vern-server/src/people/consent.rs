//! Consent: recording a grant or a withdrawal with its evidence, and a person's consent now and
//! over time. The API and the web UI's card record and show it through here.

use time::OffsetDateTime;
use vern_core::consent::{self, ConsentAction, ConsentFact, ConsentState};
use vern_core::{Channel, ChannelSet, PurposeKey};
use vern_store::Actor;
use vern_store::model::{ConsentInput, ConsentRecord, Evidence, Person, PurposeRecord};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::input;
use crate::objection::Warning;
use crate::state::AppState;

/// How consent may have been collected.
pub(crate) const SOURCES: [&str; 8] = [
    "web_form",
    "call",
    "sms",
    "email",
    "import",
    "api",
    "in_person",
    "paper",
];

/// A consent to record, as a door read it; checked by [`record_consent`].
#[derive(Debug)]
pub(crate) struct ConsentFields {
    /// The purpose's key.
    pub(crate) purpose: String,
    /// The channels' names.
    pub(crate) channels: Vec<String>,
    /// `granted` or `withdrawn`.
    pub(crate) state: String,
    pub(crate) evidence: EvidenceFields,
    /// RFC 3339; when a grant lapses.
    pub(crate) expires_at: Option<String>,
}

/// Evidence of a consent event, as a door read it.
#[derive(Debug, Default)]
pub(crate) struct EvidenceFields {
    /// One of [`SOURCES`].
    pub(crate) source: String,
    /// RFC 3339; none: now.
    pub(crate) at: Option<String>,
    /// None: whoever records it.
    pub(crate) by: Option<String>,
    pub(crate) text: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) reference: Option<String>,
    pub(crate) ip: Option<String>,
}

/// A person's consent: the state of every purpose of their controller on every channel it
/// declares, the full history, and what still stands in the way of a grant just recorded.
#[derive(Debug)]
pub(crate) struct Consents {
    pub(crate) current: Vec<ConsentNow>,
    /// Every event, oldest first.
    pub(crate) history: Vec<ConsentRecord>,
    pub(crate) warnings: Vec<Warning>,
}

/// One purpose on one channel, now.
#[derive(Debug)]
pub(crate) struct ConsentNow {
    pub(crate) purpose: String,
    pub(crate) channel: Channel,
    pub(crate) state: ConsentState,
    /// Since when; none when nothing is recorded.
    pub(crate) since: Option<OffsetDateTime>,
}

/// The consent of the person with this id.
pub(crate) async fn consents_of(state: &AppState, id: &str) -> ApiResult<Consents> {
    let person = state.store.get_person(id).await.map_err(super::not_found)?;
    consents(state, &person).await
}

/// The consent of `person`, as of now.
pub(crate) async fn consents(state: &AppState, person: &Person) -> ApiResult<Consents> {
    let history = state.store.list_consents(&person.id).await?;
    let purposes = state.store.list_purposes(Some(person.controller)).await?;
    Ok(Consents {
        current: current(&history, &purposes, state.clock.now()),
        history,
        warnings: Vec::new(),
    })
}

/// The state at `now` of every purpose on every channel it declares, from the consent events
/// `history`: what the API, the card and the access report show as the consent now.
pub(crate) fn current(
    history: &[ConsentRecord],
    purposes: &[PurposeRecord],
    now: OffsetDateTime,
) -> Vec<ConsentNow> {
    let facts: Vec<ConsentFact> = history
        .iter()
        .filter_map(|r| {
            Some(ConsentFact {
                purpose: PurposeKey::parse(&r.purpose).ok()?,
                channel: r.channel,
                action: r.action,
                at: r.given_at,
                expires_at: r.expires_at,
            })
        })
        .collect();
    let mut out = Vec::new();
    for p in purposes {
        for channel in p.purpose.channels.iter() {
            let (st, latest) = consent::current(&facts, &p.purpose.key, channel, now);
            out.push(ConsentNow {
                purpose: p.purpose.key.to_string(),
                channel,
                state: st,
                since: latest.map(|f| f.at),
            });
        }
    }
    out
}

/// Grant or withdraw consent for a purpose on one or more channels, with its evidence;
/// withdrawing takes exactly what granting takes (Art. 7(3)). `recorded_by` is who recorded it
/// when the evidence names nobody. Returns the person's consent after it, warning of an
/// objection to direct marketing that a grant does not override.
pub(crate) async fn record_consent(
    state: &AppState,
    actor: &Actor,
    id: &str,
    fields: ConsentFields,
    recorded_by: &str,
) -> ApiResult<Consents> {
    let person = state.store.get_person(id).await.map_err(super::not_found)?;
    let consent = consent_input(state, person.controller, fields, recorded_by)?;
    let (_, seq) = state
        .store
        .record_consent(actor, state.clock.now(), id, &consent)
        .await?;
    state.follower.sync_to(seq).await?;
    let mut out = consents(state, &person).await?;
    if consent.action == ConsentAction::Granted {
        out.warnings = crate::objection::standing(state, &person).await?;
    }
    Ok(out)
}

/// Check a consent against the person's controller and turn it into the store's input (the
/// API, the card and an import all go through here).
pub(crate) fn consent_input(
    state: &AppState,
    controller: vern_core::ControllerId,
    input: ConsentFields,
    recorded_by: &str,
) -> ApiResult<ConsentInput> {
    let now = state.clock.now();
    let mut errors = Vec::new();
    let purpose = state
        .follower
        .index()
        .purpose(controller, &input.purpose)
        .cloned();
    let Some(purpose) = purpose else {
        return Err(ApiError::invalid_field(
            "purpose",
            "no purpose of the person's controller has this key",
        ));
    };
    let channels: ChannelSet = match input
        .channels
        .iter()
        .map(|c| c.parse::<Channel>())
        .collect::<Result<ChannelSet, _>>()
    {
        Ok(set) if set.is_empty() => {
            errors.push(FieldError {
                field: "channels".into(),
                message: "name at least one channel".into(),
            });
            set
        }
        Ok(set) => {
            if let Some(c) = set.iter().find(|c| !purpose.channels.contains(*c)) {
                errors.push(FieldError {
                    field: "channels".into(),
                    message: format!("the purpose does not declare the channel {c}"),
                });
            }
            set
        }
        Err(e) => {
            errors.push(FieldError {
                field: "channels".into(),
                message: e.to_string(),
            });
            ChannelSet::EMPTY
        }
    };
    let action = match input.state.as_str() {
        "granted" => ConsentAction::Granted,
        "withdrawn" => ConsentAction::Withdrawn,
        _ => {
            errors.push(FieldError {
                field: "state".into(),
                message: "granted or withdrawn".into(),
            });
            ConsentAction::Granted
        }
    };
    if !SOURCES.contains(&input.evidence.source.as_str()) {
        errors.push(FieldError {
            field: "evidence.source".into(),
            message: format!("one of {}", SOURCES.join(", ")),
        });
    }
    let given_at = input::instant(input.evidence.at.as_deref(), "evidence.at")?.unwrap_or(now);
    if given_at > now + time::Duration::minutes(5) {
        errors.push(FieldError {
            field: "evidence.at".into(),
            message: "cannot be in the future".into(),
        });
    }
    let expires_at = input::instant(input.expires_at.as_deref(), "expires_at")?;
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(ConsentInput {
        purpose: input.purpose,
        channels,
        action,
        given_at,
        expires_at,
        source: input.evidence.source,
        evidence: Evidence {
            by: input.evidence.by.or_else(|| Some(recorded_by.to_owned())),
            text: input.evidence.text,
            version: input.evidence.version,
            reference: input.evidence.reference,
            ip: input.evidence.ip,
        },
    })
}
