//! Correcting a person (rectification, GDPR Art. 16) and telling them what was corrected
//! (Art. 12(3)): the confirmation is queued in the transaction that makes the change, so a
//! correction is never made without its message, nor a message sent for a correction that was
//! not made. Recipients of the data hear of it through the `rectification` webhook (Art. 19).

use vern_store::Actor;
use vern_store::model::{Controller, NewMessage, Profile};

use super::create::changed_person;
use super::merge::PersonFields;
use super::view::{PersonView, view};
use crate::error::{ApiError, ApiResult};
use crate::lang::Lang;
use crate::messages::{self, template};
use crate::state::AppState;

/// What the person was told of a correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Confirmation {
    /// A confirmation naming `fields` was queued to `to` on `channel` (`email` or `sms`).
    Queued {
        /// The fields corrected, by their names (`name`, `emails`, a custom field's name…).
        fields: Vec<String>,
        /// `email` or `sms`.
        channel: &'static str,
    },
    /// Fields changed, but the person has neither an e-mail address nor a phone number.
    NoAddress {
        /// The fields corrected.
        fields: Vec<String>,
    },
    /// None of the person's details changed (customer lists are not told of): nothing to tell.
    Unchanged,
}

impl Confirmation {
    /// `queued`, `no_address` or `unchanged`.
    pub(crate) fn state(&self) -> &'static str {
        match self {
            Confirmation::Queued { .. } => "queued",
            Confirmation::NoAddress { .. } => "no_address",
            Confirmation::Unchanged => "unchanged",
        }
    }

    /// The fields corrected.
    pub(crate) fn fields(&self) -> &[String] {
        match self {
            Confirmation::Queued { fields, .. } | Confirmation::NoAddress { fields } => fields,
            Confirmation::Unchanged => &[],
        }
    }

    /// The channel of the queued confirmation.
    pub(crate) fn channel(&self) -> Option<&'static str> {
        match self {
            Confirmation::Queued { channel, .. } => Some(channel),
            _ => None,
        }
    }
}

/// Correct a person's data (rectification, Art. 16): the fields given replace the stored ones.
/// A person stays with their controller. When a field changed, the person is told which, at
/// their corrected address (e-mail first, else SMS), in their language, else the controller's
/// country's; in the same transaction as the change.
pub(crate) async fn update(
    state: &AppState,
    actor: &Actor,
    id: &str,
    mut fields: PersonFields,
) -> ApiResult<(PersonView, Confirmation)> {
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
    let person_input = changed_person(state, &controller, &person, fields)?;
    let changed = changed_names(&person.profile, &person_input.profile);
    let (confirmation, messages) = confirmation(&controller.record, &person_input.profile, changed);
    let (person, seq) = state
        .store
        .update_person(
            actor,
            state.clock.now(),
            id,
            &person_input,
            request.as_deref(),
            &messages,
        )
        .await?;
    state.follower.sync_to(seq).await?;
    Ok((view(state, person).await?, confirmation))
}

/// The names of the fields that differ, as the person reads them: the profile's fields by
/// their names, a custom field by its own name.
fn changed_names(before: &Profile, after: &Profile) -> Vec<String> {
    let mut out = Vec::new();
    for field in before.changed_fields(after) {
        if field != "custom_fields" {
            out.push(field.to_owned());
            continue;
        }
        let value = |p: &Profile, name: &str| {
            p.custom_fields
                .iter()
                .find(|f| f.name == name)
                .map(|f| (f.value.clone(), f.purpose.clone()))
        };
        for f in before.custom_fields.iter().chain(&after.custom_fields) {
            if value(before, &f.name) != value(after, &f.name) && !out.contains(&f.name) {
                out.push(f.name.clone());
            }
        }
    }
    out
}

/// The confirmation for `changed` fields to the person with the corrected `profile`, and the
/// message to queue (none when nothing changed or there is no address).
fn confirmation(
    controller: &Controller,
    profile: &Profile,
    changed: Vec<String>,
) -> (Confirmation, Vec<NewMessage>) {
    if changed.is_empty() {
        return (Confirmation::Unchanged, Vec::new());
    }
    let address = profile
        .emails
        .first()
        .map(|e| (e.as_str(), "email"))
        .or_else(|| profile.phones.first().map(|p| (p.as_str(), "sms")));
    let Some((to, channel)) = address else {
        return (Confirmation::NoAddress { fields: changed }, Vec::new());
    };
    let lang = Lang::for_recipient(profile.language.as_deref(), controller.country);
    let text = messages::rectification_done(lang.code(), channel, controller, &changed);
    let message =
        messages::to_message(to, channel, template::RECTIFICATION_DONE, lang.code(), text);
    (
        Confirmation::Queued {
            fields: changed,
            channel,
        },
        vec![message],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use vern_store::model::CustomField;

    fn field(name: &str, value: &str) -> CustomField {
        CustomField {
            name: name.into(),
            value: value.into(),
            purpose: "customer_service".into(),
        }
    }

    #[test]
    fn a_custom_field_is_named_by_its_own_name() {
        let before = Profile {
            name: "Åsa".into(),
            custom_fields: vec![field("kundtyp", "privat"), field("skostorlek", "38")],
            ..Profile::default()
        };
        let after = Profile {
            name: "Åsa Öberg".into(),
            custom_fields: vec![field("kundtyp", "företag"), field("skostorlek", "38")],
            ..Profile::default()
        };
        assert_eq!(changed_names(&before, &after), ["name", "kundtyp"]);
        assert!(changed_names(&before, &before).is_empty());
    }
}
