//! Erasure use cases shared by the API, the UI, the CLI and the jobs: to the recycle bin, purge,
//! anonymize, the selections of a mass erasure, retention rules, and the Art. 19 notices to
//! recipients. What staff do with the recycle bin (restore, mass erasure, retention runs) is in
//! `trash.rs`, above both this module and `people`.

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use time::{Duration, OffsetDateTime};
use vern_store::ledger::RetentionRun;
use vern_store::model::{Controller, Hold, NewMessage, Person, PurgeKind, PurgeOutcome, Selection};
use vern_store::{Actor, Store, StoreResult};

use crate::clock::Clock;
use crate::lang::Lang;
use crate::messages;
pub(crate) use crate::settings::{ErasureSettings, RetentionRule};

/// The hex digests of a person's identifiers, for notices to recipients.
pub(crate) fn digests_of(store: &dyn Store, person: &Person) -> Vec<String> {
    let key = store.keys().digest();
    let mut out: Vec<String> = person
        .profile
        .phones
        .iter()
        .map(|p| vern_core::identifier::phone_digest(key, p).to_hex())
        .chain(
            person
                .profile
                .emails
                .iter()
                .map(|e| vern_core::identifier::email_digest(key, e).to_hex()),
        )
        .collect();
    if let (Some(id), Some(country)) = (
        &person.profile.national_id,
        &person.profile.national_id_country,
    ) {
        out.push(
            key.digest(&format!("national_id.{}", country.to_ascii_lowercase()), id)
                .to_hex(),
        );
    }
    out
}

/// Which erasure message a person gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Notice {
    /// To the recycle bin: the data is out of use and will be erased on this date.
    Scheduled(time::Date),
    /// Erased now, for good (anonymization).
    Done,
    /// A restore after the person was told of the erasure: it was cancelled.
    Cancelled,
}

/// The message of an erasure to the person's known address (e-mail, else SMS), wholly in one
/// language: the person's, else the controller's country's. Empty when vern holds no address.
pub(crate) fn notice(
    controller: Option<&Controller>,
    person: &Person,
    holds: &[Hold],
    which: Notice,
) -> Vec<NewMessage> {
    let Some(controller) = controller else {
        return Vec::new();
    };
    let holds = &messages::on_clock(holds, controller.zone());
    let (to, channel) = match (person.profile.emails.first(), person.profile.phones.first()) {
        (Some(e), _) => (e.clone(), "email"),
        (None, Some(p)) => (p.clone(), "sms"),
        (None, None) => return Vec::new(),
    };
    let lang = Lang::for_recipient(person.profile.language.as_deref(), controller.country);
    let code = lang.code();
    let (template, text) = match which {
        Notice::Scheduled(on) => (
            "erasure_scheduled",
            messages::erasure_scheduled(code, channel, controller, on, holds),
        ),
        Notice::Done => (
            messages::template::ERASURE_CONFIRMED,
            messages::erasure_confirmed(
                code,
                channel,
                controller,
                messages::erased_items(lang),
                messages::held_items(lang, holds).as_deref(),
            ),
        ),
        Notice::Cancelled => (
            "erasure_cancelled",
            messages::erasure_cancelled(code, channel, controller),
        ),
    };
    vec![messages::to_message(&to, channel, template, code, text)]
}

/// When a person put in the recycle bin at `now` is purged.
pub(crate) fn purge_date(now: OffsetDateTime, recycle_days: u32) -> OffsetDateTime {
    now + Duration::days(i64::from(recycle_days))
}

/// The day a person put in the recycle bin at `now` is purged, on the controller's clock, as
/// every page and the answer to an erasure request name it (UTC without a controller).
pub(crate) fn purge_day(
    controller: Option<&Controller>,
    now: OffsetDateTime,
    recycle_days: u32,
) -> time::Date {
    let zone = controller.map_or(vern_core::zone::Zone::Utc, Controller::zone);
    zone.local(purge_date(now, recycle_days)).date()
}

/// Put a person in the recycle bin; with `notify`, tell them in the same transaction that
/// their data will be erased when the recycle period ends. Returns the ledger sequence number
/// and what legal holds will keep.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn to_bin(
    store: &dyn Store,
    controller: Option<&Controller>,
    actor: &Actor,
    now: OffsetDateTime,
    person: &Person,
    reason: &str,
    notify: bool,
    recycle_days: u32,
) -> StoreResult<(i64, Vec<Hold>)> {
    let kept = store.holds_for(&person.id, now).await?;
    let messages = if notify {
        let on = purge_day(controller, now, recycle_days);
        notice(controller, person, &kept, Notice::Scheduled(on))
    } else {
        Vec::new()
    };
    let seq = store
        .erase_person(actor, now, &person.id, reason, &messages)
        .await?;
    Ok((seq, kept))
}

/// Purge a person now, recorded as `kind` says.
pub async fn purge(
    store: &dyn Store,
    actor: &Actor,
    now: OffsetDateTime,
    id: &str,
    kind: PurgeKind,
) -> StoreResult<(PurgeOutcome, i64)> {
    let (person, _) = store.get_person_any(id).await?;
    let digests = digests_of(store, &person);
    store.purge_person(actor, now, id, kind, digests).await
}

/// Purge everyone whose time in the recycle bin is over, and everyone whose legal holds have
/// ended. Returns (purged from the bin, released from holds).
pub async fn purge_due(
    store: &dyn Store,
    now: OffsetDateTime,
    recycle_days: u32,
) -> StoreResult<(u64, u64)> {
    let actor = Actor::System("purge");
    let mut purged = 0;
    for id in store
        .trash_due(now - Duration::days(i64::from(recycle_days)))
        .await?
    {
        purge(store, &actor, now, &id, PurgeKind::Purged).await?;
        purged += 1;
    }
    let mut released = 0;
    for id in store.holds_ended(now).await? {
        purge(store, &actor, now, &id, PurgeKind::Purged).await?;
        released += 1;
    }
    store.reconcile_keyring(now - Duration::hours(1)).await?;
    Ok((purged, released))
}

/// The result of a retention run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RetentionSummary {
    /// Whether nothing was changed.
    pub dry_run: bool,
    /// People erased (or who would be) by the inactivity rule.
    pub inactive: Vec<String>,
    /// Messages deleted (or that would be).
    pub messages: u64,
    /// Messages telling people their data will be erased (or that would go).
    pub notices: u64,
    /// Custom fields purged (or that would be) because the purposes they served are over.
    pub fields_purged: u64,
    /// People erased (or who would be) because none of their purposes remains.
    pub no_purpose: Vec<String>,
    /// People purged from the recycle bin.
    pub purged: u64,
    /// People whose legal holds ended.
    pub holds_released: u64,
}

/// Apply the retention rules. Each run is one ledger entry with its counts.
pub async fn run_retention(
    store: &dyn Store,
    now: OffsetDateTime,
    settings: &ErasureSettings,
    dry_run: bool,
) -> StoreResult<RetentionSummary> {
    run_retention_as(store, &Actor::System("retention"), now, settings, dry_run).await
}

/// [`run_retention`], recorded as `actor` (the staff member who started it from the UI).
pub(crate) async fn run_retention_as(
    store: &dyn Store,
    actor: &Actor,
    now: OffsetDateTime,
    settings: &ErasureSettings,
    dry_run: bool,
) -> StoreResult<RetentionSummary> {
    let actor = actor.clone();
    let mut summary = RetentionSummary {
        dry_run,
        ..RetentionSummary::default()
    };
    for rule in &settings.rules {
        match rule {
            RetentionRule::Inactive { months, notify } => {
                let controllers = store.list_controllers().await?;
                let cutoff = months_before(now, *months);
                let candidates = store
                    .select_people(&Selection {
                        created_before: Some(cutoff),
                        inactive_since: Some(cutoff),
                        ..Selection::default()
                    })
                    .await?;
                for id in candidates {
                    if has_consent(store, &id, now).await? {
                        continue;
                    }
                    let person = store.get_person(&id).await?;
                    let controller = controllers.iter().find(|c| c.id == person.controller);
                    if *notify && reachable(&person) {
                        summary.notices += 1;
                    }
                    if !dry_run {
                        let reason =
                            format!("retention: no consent and no activity for {months} months");
                        to_bin(
                            store,
                            controller,
                            &actor,
                            now,
                            &person,
                            &reason,
                            *notify,
                            settings.recycle_days,
                        )
                        .await?;
                    }
                    summary.inactive.push(id);
                }
            }
            RetentionRule::MessageMetadata { days } => {
                let before = now - Duration::days(i64::from(*days));
                summary.messages += if dry_run {
                    store.prunable_messages(before).await?
                } else {
                    store.prune_messages(&actor, now, before).await?.0
                };
            }
        }
    }
    purpose_retention(store, &actor, now, settings, &mut summary).await?;
    if !dry_run {
        let (purged, released) = purge_due(store, now, settings.recycle_days).await?;
        summary.purged = purged;
        summary.holds_released = released;
    } else {
        summary.purged = store
            .trash_due(now - Duration::days(i64::from(settings.recycle_days)))
            .await?
            .len() as u64;
        summary.holds_released = store.holds_ended(now).await?.len() as u64;
    }
    let run = RetentionRun {
        dry_run,
        inactive: summary.inactive.len() as u64,
        messages: summary.messages,
        notices: summary.notices,
        fields_purged: summary.fields_purged,
        no_purpose: summary.no_purpose.len() as u64,
        purged: summary.purged,
        holds_released: summary.holds_released,
        rules: serde_json::json!(settings.rules),
    };
    store.record_retention_run(&actor, now, run).await?;
    Ok(summary)
}

/// Each purpose's retention (Art. 5(1)(e)): the custom fields of purposes that are over go; a
/// person with no purpose left goes to the recycle bin. Counted in `summary`; nothing changes
/// in a dry run.
async fn purpose_retention(
    store: &dyn Store,
    actor: &Actor,
    now: OffsetDateTime,
    settings: &ErasureSettings,
    summary: &mut RetentionSummary,
) -> StoreResult<()> {
    let purposes = store.list_purposes(None).await?;
    for id in store.retention_candidates(now).await? {
        let person = store.get_person(&id).await?;
        let theirs: Vec<vern_core::Purpose> = purposes
            .iter()
            .filter(|p| p.controller == person.controller)
            .map(|p| p.purpose.clone())
            .collect();
        let consents = consent_facts(store, &id).await?;
        let deals = store.list_deals(&id).await?;
        let fields: Vec<&str> = person
            .profile
            .custom_fields
            .iter()
            .map(|f| f.purpose.as_str())
            .collect();
        let outcome = vern_core::retention::apply(
            &vern_core::retention::PersonData {
                purposes: &theirs,
                consents: &consents,
                field_purposes: &fields,
                open_deal: deals.iter().any(|d| d.closed_at.is_none()),
                last_closed_deal: deals.iter().filter_map(|d| d.closed_at).max(),
            },
            now,
        );
        if outcome.erase {
            if !summary.dry_run {
                to_bin(
                    store,
                    None,
                    actor,
                    now,
                    &person,
                    "retention: none of the person's purposes remains",
                    false,
                    settings.recycle_days,
                )
                .await?;
            }
            summary.no_purpose.push(id);
            continue;
        }
        let ended: Vec<String> = outcome
            .ended
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect();
        let going = fields
            .iter()
            .filter(|f| ended.iter().any(|e| e == *f))
            .count() as u64;
        if going == 0 {
            continue;
        }
        summary.fields_purged += if summary.dry_run {
            going
        } else {
            store.drop_purpose_fields(actor, now, &id, &ended).await?.0
        };
    }
    Ok(())
}

fn months_before(now: OffsetDateTime, months: u32) -> OffsetDateTime {
    let total =
        i64::from(now.year()) * 12 + i64::from(u8::from(now.month()) - 1) - i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(now.year());
    let month = time::Month::try_from(u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1))
        .unwrap_or(time::Month::January);
    let day = now.day().min(time::util::days_in_month(month, year));
    time::Date::from_calendar_date(year, month, day).map_or(now, |d| now.replace_date(d))
}

/// Whether vern holds an address to write to the person at.
pub(crate) fn reachable(person: &Person) -> bool {
    !person.profile.emails.is_empty() || !person.profile.phones.is_empty()
}

/// A person's consent history as the facts the consent rules read.
async fn consent_facts(
    store: &dyn Store,
    person: &str,
) -> StoreResult<Vec<vern_core::consent::ConsentFact>> {
    Ok(store
        .list_consents(person)
        .await?
        .iter()
        .filter_map(|r| {
            Some(vern_core::consent::ConsentFact {
                purpose: vern_core::PurposeKey::parse(&r.purpose).ok()?,
                channel: r.channel,
                action: r.action,
                at: r.given_at,
                expires_at: r.expires_at,
            })
        })
        .collect())
}

async fn has_consent(store: &dyn Store, person: &str, now: OffsetDateTime) -> StoreResult<bool> {
    let facts = consent_facts(store, person).await?;
    Ok(facts.iter().any(|f| {
        vern_core::consent::current(&facts, &f.purpose, f.channel, now).0
            == vern_core::consent::ConsentState::Granted
    }))
}

// ---- selections ----

/// A consent condition of a selection: the person's consent for `purpose` is in `state` on
/// every one of `channels` (exactly those named; a person whose consent on one of them is in
/// another state is not selected).
#[derive(Debug, Clone)]
pub(crate) struct ConsentCondition {
    /// The purpose.
    pub purpose: vern_core::PurposeKey,
    /// The channels, at least one.
    pub channels: Vec<vern_core::Channel>,
    /// The state wanted on each of them.
    pub state: vern_core::consent::ConsentState,
}

/// Who a mass erasure takes. Its only constructor refuses a selection with no condition, which
/// would take everyone.
#[derive(Debug, Clone)]
pub(crate) struct Criteria {
    selection: Selection,
    consent: Option<ConsentCondition>,
    /// Only these people (those the identifiers given name), when given.
    among: Option<Vec<String>>,
}

/// A selection with no condition at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "a selection needs at least one condition (lists, created_before, inactive_since, consent or identifiers); an empty one would take everyone"
)]
pub(crate) struct EmptySelection;

impl Criteria {
    /// A selection of people of `selection.controller` meeting every condition given, and
    /// among `people` only when given (the people a list of identifiers names): a condition of
    /// its own, even when empty.
    pub(crate) fn among(
        selection: Selection,
        consent: Option<ConsentCondition>,
        people: Option<Vec<String>>,
    ) -> Result<Criteria, EmptySelection> {
        let conditions = !selection.lists.is_empty()
            || selection.created_before.is_some()
            || selection.inactive_since.is_some()
            || consent.is_some()
            || people.is_some();
        if conditions {
            Ok(Criteria {
                selection,
                consent,
                among: people,
            })
        } else {
            Err(EmptySelection)
        }
    }

    /// Whether a condition beside the people named is given.
    fn selects(&self) -> bool {
        !self.selection.lists.is_empty()
            || self.selection.created_before.is_some()
            || self.selection.inactive_since.is_some()
    }
}

/// The ids of the live people `criteria` select at `now`, in a stable order: what a dry run
/// lists and a real run takes.
pub(crate) async fn select(
    store: &dyn Store,
    criteria: &Criteria,
    now: OffsetDateTime,
) -> StoreResult<Vec<String>> {
    let mut people = Vec::new();
    let candidates = match &criteria.among {
        Some(named) if !criteria.selects() => {
            let mut named = named.clone();
            named.sort();
            named.dedup();
            named
        }
        Some(named) => store
            .select_people(&criteria.selection)
            .await?
            .into_iter()
            .filter(|id| named.contains(id))
            .collect(),
        None => store.select_people(&criteria.selection).await?,
    };
    for id in candidates {
        if let Some(c) = &criteria.consent {
            let facts = consent_facts(store, &id).await?;
            let every = c
                .channels
                .iter()
                .all(|ch| vern_core::consent::current(&facts, &c.purpose, *ch, now).0 == c.state);
            if !every {
                continue;
            }
        }
        people.push(id);
    }
    Ok(people)
}

// ---- Art. 19 notices ----

/// The signature header of a notice: `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "t.body">`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let tag = mac.finalize().into_bytes();
    format!(
        "t={timestamp},v1={}",
        tag.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

const BACKOFF: [i64; 6] = [30, 120, 600, 3600, 4 * 3600, 12 * 3600];

/// Queue notices from the ledger and deliver the due ones. Returns how many were delivered.
pub(crate) async fn notify_recipients(
    store: &dyn Store,
    clock: &Clock,
    client: &reqwest::Client,
) -> StoreResult<usize> {
    store.queue_notices(clock.now()).await?;
    let mut delivered = 0;
    for (delivery, url, secret) in store
        .claim_deliveries(clock.now(), Duration::minutes(2), 50)
        .await?
    {
        let now = clock.now();
        let signature = signature(&secret, now.unix_timestamp(), &delivery.payload);
        let result = client
            .post(&url)
            .header("content-type", "application/json")
            .header("x-vern-event", &delivery.event)
            .header("x-vern-delivery", &delivery.id)
            .header("x-vern-signature", signature)
            .body(delivery.payload.clone())
            .send()
            .await;
        let (status, error) = match result {
            Ok(r) if r.status().is_success() => (Some(i64::from(r.status().as_u16())), None),
            Ok(r) => (
                Some(i64::from(r.status().as_u16())),
                Some(format!("the recipient answered {}", r.status().as_u16())),
            ),
            Err(e) => (
                None,
                Some(if e.is_timeout() {
                    "timed out".to_owned()
                } else {
                    "could not connect".to_owned()
                }),
            ),
        };
        let retry = error.as_ref().and_then(|_| {
            usize::try_from(delivery.attempts)
                .ok()
                .and_then(|a| BACKOFF.get(a))
                .map(|s| now + Duration::seconds(*s))
        });
        if error.is_none() {
            delivered += 1;
        }
        store
            .finish_delivery(now, &delivery.id, status, error, retry)
            .await?;
    }
    Ok(delivered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    /// The notice of an erasure names the purge day on the controller's clock: at 23:30 UTC
    /// in December it is already the next day in Stockholm, and the answer to the person's
    /// request (GDPR Art. 12(3)) names that day too; a person is never told two dates.
    #[test]
    fn the_purge_day_is_the_controllers() {
        let swedish = vern_store::model::Controller {
            id: vern_core::ControllerId(1),
            key: "acme".into(),
            name: "Acme AB".into(),
            country: Some(vern_core::Country::Se),
            default_region: "SE".into(),
            dpo_name: None,
            dpo_email: None,
            dpo_phone: None,
            privacy_notice_url: None,
            rules: vern_core::RuleSet::default(),
            public_form: false,
            time_zone: None,
            created_at: datetime!(2026-01-01 00:00 UTC),
            updated_at: datetime!(2026-01-01 00:00 UTC),
        };
        let late = datetime!(2026-12-07 23:30 UTC);
        assert_eq!(
            purge_day(Some(&swedish), late, 30),
            time::macros::date!(2027 - 01 - 07)
        );
        assert_eq!(
            purge_day(None, late, 30),
            time::macros::date!(2027 - 01 - 06)
        );
        let morning = datetime!(2026-12-07 09:00 UTC);
        assert_eq!(
            purge_day(Some(&swedish), morning, 30),
            time::macros::date!(2027 - 01 - 06)
        );
    }

    #[test]
    fn signatures_are_keyed_and_stable() {
        let a = signature("s3cret", 1_700_000_000, "{}");
        assert!(a.starts_with("t=1700000000,v1="));
        assert_eq!(a.len(), "t=1700000000,v1=".len() + 64);
        assert_eq!(a, signature("s3cret", 1_700_000_000, "{}"));
        assert_ne!(a, signature("other", 1_700_000_000, "{}"));
        assert_ne!(a, signature("s3cret", 1_700_000_001, "{}"));
        assert_ne!(a, signature("s3cret", 1_700_000_000, "{\"x\":1}"));
        // HMAC-SHA-256 of "1700000000.{}" under "s3cret", computed outside vern.
        assert_eq!(
            a,
            "t=1700000000,v1=97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf"
        );
    }

    #[test]
    fn months_back() {
        assert_eq!(
            months_before(datetime!(2026-11-23 10:00 UTC), 24),
            datetime!(2024-11-23 10:00 UTC)
        );
        assert_eq!(
            months_before(datetime!(2026-03-31 10:00 UTC), 1),
            datetime!(2026-02-28 10:00 UTC)
        );
    }
}
