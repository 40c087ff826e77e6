//! Who is told what, and where: the messages each step of a request queues for the person.
//! The texts themselves are in [`crate::messages`].

use vern_store::model::{Controller, NewMessage, Person, RequestInput, RequestRecord};

use crate::error::ApiResult;
use crate::state::AppState;

/// A message a request step sends.
#[derive(Debug, Clone)]
pub(crate) enum Template {
    /// The deadline was extended.
    Extension {
        /// By how many months.
        months: u32,
        /// Why.
        reason: String,
    },
    /// The request was completed.
    Completed {
        /// What was done.
        outcome: String,
    },
    /// The request was refused.
    Rejected {
        /// Why.
        reason: String,
    },
    /// A direct-marketing objection was recorded.
    ObjectionRecorded,
}

/// Where to reach a person: their known e-mail address, else their phone by SMS.
fn known_contact(person: &Person) -> Option<(String, &'static str)> {
    person
        .profile
        .emails
        .first()
        .map(|e| (e.clone(), "email"))
        .or_else(|| person.profile.phones.first().map(|p| (p.clone(), "sms")))
}

/// Where to answer a request: the person's known contact, else the address the sender gave.
fn reply_contact(
    person: Option<&Person>,
    record_email: Option<&str>,
    record_phone: Option<&str>,
) -> Option<(String, &'static str)> {
    person
        .and_then(known_contact)
        .or_else(|| record_email.map(|e| (e.to_owned(), "email")))
        .or_else(|| record_phone.map(|p| (p.to_owned(), "sms")))
}

/// The language of the request's, else the person's, else the controller's country.
fn language(
    record_language: Option<&str>,
    person: Option<&Person>,
    controller: &Controller,
) -> String {
    let tag = record_language.or_else(|| person.and_then(|p| p.profile.language.as_deref()));
    crate::lang::Lang::for_recipient(tag, controller.country)
        .code()
        .to_owned()
}

/// The language a step on an existing request writes to the person in.
pub(crate) async fn request_language(
    state: &AppState,
    record: &RequestRecord,
) -> ApiResult<crate::lang::Lang> {
    let person = match &record.person_id {
        Some(p) => Some(state.store.get_person_any(p).await?.0),
        None => None,
    };
    let country = controller_of(state, record.controller).and_then(|c| c.country);
    let tag = record
        .language
        .as_deref()
        .or_else(|| person.as_ref().and_then(|p| p.profile.language.as_deref()));
    Ok(crate::lang::Lang::for_recipient(tag, country))
}

/// A controller as the index holds it.
pub(crate) fn controller_of(state: &AppState, id: vern_core::ControllerId) -> Option<Controller> {
    state
        .follower
        .index()
        .controller_by_id(id)
        .map(|c| c.record.clone())
}

/// The acknowledgement of a new request.
pub(crate) fn for_new_request(
    _state: &AppState,
    input: &RequestInput,
    person: Option<&Person>,
    controller: &Controller,
) -> Vec<NewMessage> {
    let Some((to, channel)) = reply_contact(
        person,
        input.details.email.as_deref(),
        input.details.phone.as_deref(),
    ) else {
        return Vec::new();
    };
    let lang = language(input.language.as_deref(), person, controller);
    // The date as the controller's calendar reads it.
    let due = controller
        .zone()
        .local(vern_core::request::original_due(input.received_at))
        .date();
    let (subject, body) =
        crate::messages::request_received(&lang, channel, controller, input.kind, due);
    vec![NewMessage {
        from: None,
        channel: channel.to_owned(),
        to,
        subject,
        body,
        template: "request_received".to_owned(),
        language: lang,
    }]
}

/// The message of a step on an existing request.
pub(crate) async fn for_request(
    state: &AppState,
    record: &RequestRecord,
    template: Template,
) -> ApiResult<Vec<NewMessage>> {
    let person = match &record.person_id {
        // An erasure request is answered after the person went to the recycle bin.
        Some(p) => Some(state.store.get_person_any(p).await?.0),
        None => None,
    };
    let details = record.details.clone().unwrap_or_default();
    let Some((to, channel)) = reply_contact(
        person.as_ref(),
        details.email.as_deref(),
        details.phone.as_deref(),
    ) else {
        return Ok(Vec::new());
    };
    let Some(controller) = controller_of(state, record.controller) else {
        return Ok(Vec::new());
    };
    let lang = language(record.language.as_deref(), person.as_ref(), &controller);
    let (name, (subject, body)) = match template {
        Template::Extension { months, reason } => {
            let due = controller
                .zone()
                .local(vern_core::request::due(
                    record.received_at,
                    record.extended_months + months,
                ))
                .date();
            (
                "extension_notice",
                crate::messages::extension_notice(&lang, channel, &controller, due, &reason),
            )
        }
        Template::Completed { outcome } => (
            "request_completed",
            crate::messages::request_completed(&lang, channel, &controller, record.kind, &outcome),
        ),
        Template::Rejected { reason } => (
            "request_rejected",
            crate::messages::request_rejected(&lang, channel, &controller, &reason),
        ),
        Template::ObjectionRecorded => (
            crate::messages::template::OBJECTION_CONFIRMED,
            crate::messages::objection_confirmed(&lang, channel, &controller),
        ),
    };
    Ok(vec![NewMessage {
        from: None,
        channel: channel.to_owned(),
        to,
        subject,
        body,
        template: name.to_owned(),
        language: lang,
    }])
}

/// A one-time code: to the person's known contact, or, for the form's stop-marketing choice, to
/// the identifier the sender gave (the code then proves control of that identifier, which is
/// all the objection needs). `None` when there is nowhere to send it.
pub(crate) async fn verification_code(
    state: &AppState,
    record: &RequestRecord,
    code: &str,
) -> ApiResult<Option<(NewMessage, String)>> {
    let person = match &record.person_id {
        Some(p) => Some(state.store.get_person(p).await?),
        None => None,
    };
    let details = record.details.clone().unwrap_or_default();
    let target = if details.direct_marketing {
        reply_contact(None, details.email.as_deref(), details.phone.as_deref())
    } else {
        person.as_ref().and_then(known_contact)
    };
    let Some((to, channel)) = target else {
        return Ok(None);
    };
    let Some(controller) = controller_of(state, record.controller) else {
        return Ok(None);
    };
    let lang = language(record.language.as_deref(), person.as_ref(), &controller);
    let (subject, body) = crate::messages::verification_code(&lang, channel, &controller, code, 30);
    Ok(Some((
        NewMessage {
            from: None,
            channel: channel.to_owned(),
            to,
            subject,
            body,
            template: crate::messages::template::VERIFICATION_CODE.to_owned(),
            language: lang,
        },
        channel.to_owned(),
    )))
}
