//! Art. 14 notices (docs/notices.md): telling a person whose data came from elsewhere. The use
//! cases behind the sending job, the check that carries the notice, the Art. 14(5) exemptions
//! staff record, and a controller's own wording.
//!
//! The rules are `vern_core::notice`; the decision reads the person's `art14_pending`, which
//! the follower reloads from every notice step's ledger entry.

use std::collections::HashMap;
use vern_core::notice::{Exemption, Source};
use vern_core::{ControllerId, IdentifierDigest};
use vern_store::model::{Art14Counts, Art14Notice, Controller, Person, PurposeRecord};
use vern_store::{Actor, Store, StoreError, StoreResult};

use crate::clock::Clock;
use crate::error::{ApiError, ApiResult};
use crate::lang::Lang;
use crate::messages::art14::{Art14Facts, art14_notice};
use crate::messages::{template, to_message};
use crate::processors;
use crate::settings::PreferenceSettings;
use crate::state::AppState;

/// Who the ledger names for the notices the job queues.
const SENDER: Actor = Actor::System("art14");

/// The most notices one round queues.
const BATCH: i64 = 200;

/// The kinds of data the notice lists for a person: the profile's fields that hold something,
/// and the names of custom fields.
fn held_fields(person: &Person) -> Vec<String> {
    let p = &person.profile;
    let mut out = Vec::new();
    if !p.name.trim().is_empty() {
        out.push("name".to_owned());
    }
    if !p.phones.is_empty() {
        out.push("phones".to_owned());
    }
    if !p.emails.is_empty() {
        out.push("emails".to_owned());
    }
    if p.national_id.is_some() {
        out.push("national_id".to_owned());
    }
    if p.address.is_some() {
        out.push("address".to_owned());
    }
    for f in &p.custom_fields {
        if !out.contains(&f.name) {
            out.push(f.name.clone());
        }
    }
    out
}

/// Where the notice can go: the first e-mail address, else (with an SMS path) the first phone.
fn address(person: &Person, sms: bool) -> Option<(&'static str, &str)> {
    let p = &person.profile;
    p.emails.first().map(|e| ("email", e.as_str())).or_else(|| {
        p.phones
            .first()
            .filter(|_| sms)
            .map(|n| ("sms", n.as_str()))
    })
}

/// Queue every owed notice that has an address, at once (not at the deadline: the sooner the
/// person knows, the better for them), each in the person's language, else the controller's
/// country's. Returns how many were queued. `sms`: an SMS path exists, so a person known only
/// by phone is sent the notice by SMS.
///
/// With a public address configured, the notice ends with a link to the person's preference
/// centre (issue 18 §3: reached "from vern's own messages").
pub(crate) async fn send_owed(
    store: &dyn Store,
    clock: &Clock,
    sms: bool,
    links: &PreferenceSettings,
) -> StoreResult<usize> {
    let owed = store.owed_art14_notices(sms, BATCH).await?;
    if owed.is_empty() {
        return Ok(0);
    }
    let controllers: HashMap<ControllerId, Controller> = store
        .list_controllers()
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut purposes: HashMap<ControllerId, Vec<PurposeRecord>> = HashMap::new();
    let mut texts: HashMap<ControllerId, Vec<(String, String)>> = HashMap::new();
    let mut queued = 0;
    for o in owed {
        let Some(controller) = controllers.get(&o.controller) else {
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = purposes.entry(o.controller) {
            // Art. 14(1)(e): the recipients are the free-text ones and the processors the
            // purpose names from the agreements register (Art. 28), by name.
            let agreements = store.list_processors(Some(o.controller)).await?;
            let mut list = store.list_purposes(Some(o.controller)).await?;
            for p in &mut list {
                for id in &p.processors {
                    if let Some(a) = agreements.iter().find(|a| &a.id == id)
                        && !p
                            .recipients
                            .iter()
                            .any(|r| processors::same_name(r, &a.name))
                    {
                        p.recipients.push(a.name.clone());
                    }
                }
            }
            slot.insert(list);
            texts.insert(o.controller, store.art14_texts(o.controller).await?);
        }
        let (Ok(person), Some(notice)) = (
            store.get_person(&o.person_id).await,
            store.art14_notice(&o.person_id).await?,
        ) else {
            continue;
        };
        let Some((channel, to)) = address(&person, sms) else {
            continue;
        };
        let lang = Lang::for_recipient(person.profile.language.as_deref(), controller.country);
        let intro = texts
            .get(&o.controller)
            .and_then(|t| t.iter().find(|(l, _)| l == lang.code()))
            .map(|(_, i)| i.as_str());
        let facts = Art14Facts {
            controller,
            source: Source::parse(&notice.source).unwrap_or(Source::PurchasedList),
            supplier: notice.supplier.as_deref(),
            fields: held_fields(&person),
            purposes: purposes.get(&o.controller).map_or(&[], Vec::as_slice),
            intro,
            preference_link: crate::preferences::link_path(store.keys(), clock.now(), &person)
                .and_then(|(path, _)| links.public_link(&path)),
        };
        let message = to_message(
            to,
            channel,
            template::ART14_NOTICE,
            lang.code(),
            art14_notice(lang.code(), channel, &facts),
        );
        match store
            .queue_art14_notice(&SENDER, clock.now(), &o.person_id, &message)
            .await
        {
            Ok(_) => queued += 1,
            // Given or excused meanwhile (a check that carried it, staff): nothing to send.
            Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(queued)
}

/// The gauges' counts as of now.
pub(crate) async fn counts(
    store: &dyn Store,
    clock: &Clock,
    sms: bool,
) -> StoreResult<Art14Counts> {
    store.art14_counts(clock.now(), sms).await
}

/// A contact checked with `carries_art14_notice` was allowed for a person still owed the
/// notice: record it as the notice given (Art. 14(3)(b)), for the people of `controller`
/// holding these identifiers.
pub(crate) async fn record_given(
    state: &AppState,
    actor: &Actor,
    controller: ControllerId,
    digests: &[IdentifierDigest],
) -> ApiResult<()> {
    let people: Vec<String> = state
        .store
        .find_people(controller, digests)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    if let Some(seq) = state
        .store
        .record_art14_given(actor, state.clock.now(), controller, &people)
        .await?
    {
        state.follower.sync_to(seq).await?;
    }
    Ok(())
}

/// Record an Art. 14(5) ground for not giving the notice, with the reason staff give for it
/// (never a silent skip). Bad input is a 422 naming the field; a person with no notice owed,
/// or one already given or excused, is a 409.
pub(crate) async fn record_exemption(
    state: &AppState,
    actor: &Actor,
    recorded_by: &str,
    person: &str,
    ground: &str,
    reason: &str,
) -> ApiResult<Art14Notice> {
    let mut errors = Vec::new();
    let exemption = Exemption::parse(ground.trim());
    if exemption.is_none() {
        errors.push(crate::error::FieldError {
            field: "exemption".into(),
            message: "one of already_informed, disproportionate_effort, required_by_law, professional_secrecy".into(),
        });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        errors.push(crate::error::FieldError {
            field: "reason".into(),
            message: "required: say why the ground applies".into(),
        });
    } else if reason.chars().count() > 2000 {
        errors.push(crate::error::FieldError {
            field: "reason".into(),
            message: "at most 2000 characters".into(),
        });
    }
    let Some(exemption) = exemption.filter(|_| errors.is_empty()) else {
        return Err(ApiError::invalid(errors));
    };
    state
        .store
        .get_person(person)
        .await
        .map_err(crate::people::not_found)?;
    let (notice, seq) = state
        .store
        .record_art14_exemption(
            actor,
            state.clock.now(),
            person,
            exemption,
            reason,
            recorded_by,
        )
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(notice)
}

/// Send a notice the outbox gave up again (staff's retry): owed again, with its ledger entry in
/// the same transaction; the job queues it to the person's address as it is now. A person not
/// found is a 404; a notice not `failed` a 409.
pub(crate) async fn retry(state: &AppState, actor: &Actor, person: &str) -> ApiResult<NoticeView> {
    let person = state
        .store
        .get_person(person)
        .await
        .map_err(crate::people::not_found)?;
    let (notice, seq) = state
        .store
        .retry_art14_notice(actor, state.clock.now(), &person.id)
        .await?;
    state.follower.sync_to(seq).await?;
    let no_address = address(&person, state.sms_path).is_none();
    Ok(NoticeView { notice, no_address })
}

/// The most notices one listing returns.
pub(crate) const LIST_LIMIT: i64 = 500;

/// The notices not yet given (`owed`, `queued`, `failed`; one of them with `state`), the
/// earliest deadline first, each with whether it has an address. A state that is not one of
/// those is a 422 naming `state`.
pub(crate) async fn list_pending(
    state: &AppState,
    only: Option<&str>,
) -> ApiResult<Vec<NoticeView>> {
    let only = only.map(str::trim).filter(|s| !s.is_empty());
    if only.is_some_and(|s| !matches!(s, "owed" | "queued" | "failed")) {
        return Err(ApiError::invalid_field(
            "state",
            "one of owed, queued, failed",
        ));
    }
    let notices = state.store.list_art14_notices(only, LIST_LIMIT).await?;
    let mut out = Vec::with_capacity(notices.len());
    for notice in notices {
        let no_address = notice.state == "owed"
            && match state.store.get_person(&notice.person_id).await {
                Ok(p) => address(&p, state.sms_path).is_none(),
                Err(StoreError::NotFound) => continue,
                Err(e) => return Err(e.into()),
            };
        out.push(NoticeView { notice, no_address });
    }
    Ok(out)
}

/// A person's notice, with whether it is owed with nowhere to send it.
#[derive(Debug)]
pub(crate) struct NoticeView {
    pub(crate) notice: Art14Notice,
    /// Owed, and the person has no e-mail address (nor a phone number where SMS can be sent).
    pub(crate) no_address: bool,
}

/// The notice of `person` as the card and the API show it; `None` when their data came from
/// themself.
pub(crate) async fn notice_of(state: &AppState, person: &Person) -> ApiResult<Option<NoticeView>> {
    let Some(notice) = state.store.art14_notice(&person.id).await? else {
        return Ok(None);
    };
    let no_address = notice.state == "owed" && address(person, state.sms_path).is_none();
    Ok(Some(NoticeView { notice, no_address }))
}

/// Set (or with an empty text, clear) a controller's own introduction to its notice in one
/// language. The generated facts always follow it.
pub(crate) async fn set_text(
    state: &AppState,
    actor: &Actor,
    controller: &str,
    language: &str,
    intro: &str,
) -> ApiResult<()> {
    let controller = crate::input::controller(&state.follower.index(), Some(controller))
        .map_err(|_| ApiError::not_found("controller"))?;
    let Some(lang) = Lang::from_code(language.trim()) else {
        return Err(ApiError::invalid_field(
            "language",
            "one of sv, nb, da, fi, en",
        ));
    };
    let intro = intro.trim();
    if intro.chars().count() > 4000 {
        return Err(ApiError::invalid_field("intro", "at most 4000 characters"));
    }
    let seq = state
        .store
        .set_art14_text(
            actor,
            state.clock.now(),
            controller.record.id,
            lang.code(),
            Some(intro).filter(|i| !i.is_empty()),
        )
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(())
}

/// A controller's own introductions, by language.
pub(crate) async fn texts(state: &AppState, controller: &str) -> ApiResult<Vec<(String, String)>> {
    let controller = crate::input::controller(&state.follower.index(), Some(controller))
        .map_err(|_| ApiError::not_found("controller"))?;
    Ok(state.store.art14_texts(controller.record.id).await?)
}
