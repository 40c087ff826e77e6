//! People use cases shared by the API, the web UI and request handling: creating, finding and
//! correcting a person, their consent and restrictions, erasure to the recycle bin and
//! anonymization.

mod consent;
mod create;
mod merge;
mod rectification;
mod restriction;
mod view;

mod directory;
pub(crate) use directory::{ListFields, Page, list, list_only_field};

pub(crate) use consent::{
    ConsentFields, Consents, EvidenceFields, SOURCES, consent_input, consents, consents_of,
    current as consent_now, record_consent,
};
pub(crate) use create::{changed_person, create, find, get, new_person};
pub(crate) use merge::PersonFields;
pub(crate) use rectification::{Confirmation, update};
pub(crate) use restriction::{lift_restriction, place_restriction, restrictions};
pub(crate) use view::{PersonView, view};

use time::OffsetDateTime;
use vern_store::model::{Hold, PurgeKind, PurgeOutcome};
use vern_store::{Actor, StoreError};

use crate::erasure;
use crate::error::ApiError;
use crate::notify::controller_of;
use crate::state::AppState;

/// Why a use case about one person did nothing.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PersonError {
    /// No person has this id.
    #[error("the person was not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<PersonError> for ApiError {
    fn from(e: PersonError) -> ApiError {
        match e {
            PersonError::NotFound => ApiError::not_found("person"),
            PersonError::Store(e) => e.into(),
        }
    }
}

/// The person looked up: their absence is [`PersonError::NotFound`].
fn found(e: StoreError) -> PersonError {
    match e {
        StoreError::NotFound => PersonError::NotFound,
        other => PersonError::Store(other),
    }
}

/// A person erased to the recycle bin.
#[derive(Debug)]
pub(crate) struct Erased {
    /// When the purge happens unless restored first.
    pub purge_after: OffsetDateTime,
    /// What a legal obligation will keep after the purge, and until when.
    pub kept: Vec<Hold>,
}

/// Erase a person to the recycle bin; with `notify`, tell them when their data will be erased.
pub(crate) async fn erase(
    state: &AppState,
    actor: &Actor,
    id: &str,
    reason: &str,
    notify: bool,
) -> Result<Erased, PersonError> {
    let now = state.clock.now();
    let person = state.store.get_person(id).await.map_err(found)?;
    let controller = controller_of(state, person.controller);
    let recycle_days = state.erasure.recycle_days;
    let (seq, kept) = erasure::to_bin(
        state.store.as_ref(),
        controller.as_ref(),
        actor,
        now,
        &person,
        reason,
        notify,
        recycle_days,
    )
    .await?;
    state.follower.sync_to(seq).await?;
    Ok(Erased {
        purge_after: erasure::purge_date(now, recycle_days),
        kept,
    })
}

/// Anonymize a person now (the API and the web UI both go through here).
pub(crate) async fn anonymize(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<PurgeOutcome, PersonError> {
    let now = state.clock.now();
    let (person, in_bin) = state.store.get_person_any(id).await.map_err(found)?;
    // Someone in the recycle bin was told when their data goes; anonymizing them keeps that
    // word (it goes sooner) and sends nothing more. Anyone else is told once, now, under the
    // message's own key, queued before the purge destroys the person's.
    if in_bin.is_none() {
        let kept = state.store.holds_for(id, now).await?;
        let controller = controller_of(state, person.controller);
        let messages = erasure::notice(controller.as_ref(), &person, &kept, erasure::Notice::Done);
        state
            .store
            .erase_person(actor, now, id, "anonymized", &messages)
            .await?;
    }
    let (outcome, seq) =
        erasure::purge(state.store.as_ref(), actor, now, id, PurgeKind::Anonymized).await?;
    state.follower.sync_to(seq).await?;
    Ok(outcome)
}

/// A store error about a person as the API says it: a person that does not exist is a 404
/// naming "person".
pub(crate) fn not_found(e: vern_store::StoreError) -> ApiError {
    match e {
        vern_store::StoreError::NotFound => ApiError::not_found("person"),
        other => other.into(),
    }
}

/// The digests of every identifier in a person's profile: what the suppression index and the
/// store know the person by.
pub(crate) fn person_digests(
    state: &AppState,
    profile: &vern_store::model::Profile,
) -> Vec<vern_core::IdentifierDigest> {
    crate::objection::profile_digests(state, profile)
        .into_iter()
        .map(|(_, d)| d)
        .collect()
}
