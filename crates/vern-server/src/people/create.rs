//! Creating, finding and correcting people.

use vern_core::{Identifier, IdentifierDigest};
use vern_store::Actor;
use vern_store::model::{Person, PersonInput, Profile};

use super::merge::{PersonFields, merge};
use super::view::{PersonView, view};
use crate::error::{ApiError, ApiResult};
use crate::index::ControllerView;
use crate::input::{self, IdentifiersIn, Reading};
use crate::state::AppState;

/// Create a person in the controller `fields` names (or the default one). Identifiers are
/// normalized; a bad one is a 422 naming the field, and nothing is stored.
pub(crate) async fn create(
    state: &AppState,
    actor: &Actor,
    fields: PersonFields,
) -> ApiResult<PersonView> {
    let controller = input::controller(&state.follower.index(), fields.controller.as_deref())?;
    let person_input = new_person(state, &controller, fields)?;
    let (person, seq) = state
        .store
        .create_person(
            actor,
            state.clock.now(),
            controller.record.id,
            &person_input,
        )
        .await?;
    state.follower.sync_to(seq).await?;
    view(state, person).await
}

/// Check a new person's fields for `controller` (the one rule of every door that creates
/// people: the API, the UI and an import): a name is required, every identifier is parsed.
pub(crate) fn new_person(
    state: &AppState,
    controller: &ControllerView,
    fields: PersonFields,
) -> ApiResult<PersonInput> {
    if fields.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(ApiError::invalid_field("name", "required"));
    }
    let mut profile = Profile::default();
    let mut lists = Vec::new();
    merge(state, controller, &mut profile, &mut lists, fields)
}

/// Check a change to a stored person (the rule behind [`super::update`], which an import's update
/// shares): the fields given replace the stored ones; where the data came from stays.
pub(crate) fn changed_person(
    state: &AppState,
    controller: &ControllerView,
    person: &Person,
    fields: PersonFields,
) -> ApiResult<PersonInput> {
    let mut profile = person.profile.clone();
    let mut lists = person.lists.clone();
    merge(state, controller, &mut profile, &mut lists, fields)
}

/// The people of a controller (or the default one) holding any of the identifiers, given in
/// any format.
pub(crate) async fn find(
    state: &AppState,
    controller: Option<&str>,
    ids: &IdentifiersIn,
) -> ApiResult<Vec<PersonView>> {
    let controller = input::controller(&state.follower.index(), controller)?;
    if ids.is_empty() {
        return Err(ApiError::invalid_field(
            "phone",
            "give phone, email or national_id",
        ));
    }
    let parsed = Reading::of(&controller, state.clock.now(), None)
        .identifiers(ids, "query")
        .map_err(ApiError::invalid)?;
    let digests: Vec<IdentifierDigest> = parsed
        .iter()
        .map(|i: &Identifier| i.digest(state.store.keys().digest()))
        .collect();
    let people = state
        .store
        .find_people(controller.record.id, &digests)
        .await?;
    let mut out = Vec::with_capacity(people.len());
    for p in people {
        out.push(view(state, p).await?);
    }
    Ok(out)
}

/// One person, with the purposes of their fields and what blocks marketing to them.
pub(crate) async fn get(state: &AppState, id: &str) -> ApiResult<PersonView> {
    let person = state.store.get_person(id).await.map_err(super::not_found)?;
    view(state, person).await
}
