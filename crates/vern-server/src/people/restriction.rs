//! Restriction of processing (Art. 18): while a person is restricted nothing may be done with
//! their data but storage.

use vern_store::Actor;
use vern_store::model::RestrictionRecord;

use crate::error::{ApiError, ApiResult};
use crate::input;
use crate::state::AppState;

/// The restrictions of the person with this id, oldest first.
pub(crate) async fn restrictions(state: &AppState, id: &str) -> ApiResult<Vec<RestrictionRecord>> {
    state.store.get_person(id).await.map_err(super::not_found)?;
    Ok(state.store.list_restrictions(id).await?)
}

/// Put a person on hold for `reason`, perhaps answering a request; returns their restrictions.
pub(crate) async fn place_restriction(
    state: &AppState,
    actor: &Actor,
    id: &str,
    reason: &str,
    request: Option<&str>,
) -> ApiResult<Vec<RestrictionRecord>> {
    set(state, actor, id, true, Some(reason), request).await
}

/// Lift a person's restriction, for `reason` or, without one, "lifted"; returns their
/// restrictions.
pub(crate) async fn lift_restriction(
    state: &AppState,
    actor: &Actor,
    id: &str,
    reason: Option<&str>,
    request: Option<&str>,
) -> ApiResult<Vec<RestrictionRecord>> {
    set(state, actor, id, false, reason, request).await
}

async fn set(
    state: &AppState,
    actor: &Actor,
    id: &str,
    place: bool,
    reason: Option<&str>,
    request: Option<&str>,
) -> ApiResult<Vec<RestrictionRecord>> {
    let reason = match reason {
        Some(r) => input::text(r, "reason", 2000).map_err(|e| ApiError::invalid(vec![e]))?,
        None => "lifted".to_owned(),
    };
    if place {
        state.store.get_person(id).await.map_err(super::not_found)?;
        let (_, seq) = state
            .store
            .set_restriction(actor, state.clock.now(), id, true, &reason, request)
            .await?;
        state.follower.sync_to(seq).await?;
    } else {
        // Art. 18(3): the person is told before the restriction is lifted.
        crate::restriction::lift(state, actor, id, &reason, request).await?;
    }
    Ok(state.store.list_restrictions(id).await?)
}
