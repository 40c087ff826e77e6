//! Lifting a restriction of processing (GDPR Art. 18): the use case the API and the web UI call.
//! Art. 18(3): "A data subject who has obtained restriction of processing … shall be informed by
//! the controller before the restriction of processing is lifted." The notice, in the person's
//! language (else the controller's country's), is queued in the same transaction as the lift and
//! before it, and recorded in the log of the request the restriction was obtained through.

use vern_store::store::LiftedWithNotice;
use vern_store::{Actor, StoreError};

use crate::error::ApiError;
use crate::lang::Lang;
use crate::messages;
use crate::notify::controller_of;
use crate::people::not_found;
use crate::state::AppState;

/// Lift a person's restriction, telling them first.
pub(crate) async fn lift(
    state: &AppState,
    actor: &Actor,
    person: &str,
    reason: &str,
    request: Option<&str>,
) -> Result<LiftedWithNotice, ApiError> {
    let record = state.store.get_person(person).await.map_err(not_found)?;
    let controller = controller_of(state, record.controller);
    // E-mail where vern holds an address, else SMS; no address, no message (the lift is still
    // recorded, with no notice in the log).
    let to = match (record.profile.emails.first(), record.profile.phones.first()) {
        (Some(e), _) => Some((e.clone(), "email")),
        (None, Some(p)) => Some((p.clone(), "sms")),
        (None, None) => None,
    };
    let notice: Vec<_> = match (to, &controller) {
        (Some((to, channel)), Some(controller)) => {
            let lang = Lang::for_recipient(record.profile.language.as_deref(), controller.country);
            let text = messages::restriction_lifting(lang.code(), channel, controller);
            vec![messages::to_message(
                &to,
                channel,
                messages::template::RESTRICTION_LIFTING,
                lang.code(),
                text,
            )]
        }
        _ => Vec::new(),
    };
    let lifted = state
        .store
        .lift_restriction_with_notice(actor, state.clock.now(), person, reason, request, &notice)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("person"),
            other => other.into(),
        })?;
    state.follower.sync_to(lifted.seq).await?;
    Ok(lifted)
}
