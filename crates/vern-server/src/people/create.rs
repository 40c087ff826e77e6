//! Creating, finding and correcting people.

use vern_core::{Identifier, IdentifierDigest};
use vern_store::Actor;
use vern_store::model::Profile;

use super::merge::{PersonFields, merge};
use super::view::{PersonView, view};
use crate::error::{ApiError, ApiResult};
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
    if fields.name.is_none() {
        return Err(ApiError::invalid_field("name", "required"));
    }
    let mut profile = Profile::default();
    let mut lists = Vec::new();
    let person_input = merge(state, &controller, &mut profile, &mut lists, fields)?;
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

/// Correct a person's data (rectification, Art. 16): the fields given replace the stored ones.
/// A person stays with their controller.
pub(crate) async fn update(
    state: &AppState,
    actor: &Actor,
    id: &str,
    mut fields: PersonFields,
) -> ApiResult<PersonView> {
    if fields.controller.is_some() {
        return Err(ApiError::invalid_field(
            "controller",
            "a person cannot move between controllers",
        ));
    }
    if fields.source.is_some() || fields.supplier.is_some() {
        let field = if fields.source.is_some() {
            "source"
        } else {
            "supplier"
        };
        return Err(ApiError::invalid_field(
            field,
            "where the data came from is recorded when the person is created",
        ));
    }
    let person = state.store.get_person(id).await.map_err(super::not_found)?;
    let controller = state
        .follower
        .index()
        .controller_by_id(person.controller)
        .cloned()
        .ok_or_else(|| ApiError::not_found("controller"))?;
    let request = fields.request.take();
    let mut profile = person.profile;
    let mut lists = person.lists;
    let person_input = merge(state, &controller, &mut profile, &mut lists, fields)?;
    let (person, seq) = state
        .store
        .update_person(
            actor,
            state.clock.now(),
            id,
            &person_input,
            request.as_deref(),
        )
        .await?;
    state.follower.sync_to(seq).await?;
    view(state, person).await
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
