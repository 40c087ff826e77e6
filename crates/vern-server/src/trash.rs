//! The recycle bin as staff work it, for every door (issue 20 §3): restoring a person, mass
//! erasure with its dry run, retention runs started by staff and the runs before. It sits above
//! `erasure` (the mechanisms: the bin, purge, selections, notices) and `people` (erasing one
//! person), so neither of those imports the other.

use time::OffsetDateTime;
use vern_store::ledger::RetentionRun;
use vern_store::model::{Hold, Selection};
use vern_store::{Actor, Store, StoreResult};

use crate::erasure::{
    ConsentCondition, Criteria, Notice, RetentionSummary, notice, purge_date, reachable,
    run_retention_as, select,
};

/// Restore a person from the recycle bin (before the purge), as `actor`. The erasure's message
/// to the person is withdrawn if it has not gone out; if it has, they are told the erasure was
/// cancelled. `POST /v1/trash/{id}/restore` and the staff UI's recycle bin both come here.
pub(crate) async fn restore(
    state: &crate::state::AppState,
    actor: &Actor,
    id: &str,
) -> crate::error::ApiResult<()> {
    let (person, _) = state
        .store
        .get_person_any(id)
        .await
        .map_err(crate::people::not_found)?;
    let controller = crate::notify::controller_of(state, person.controller);
    let tell = notice(controller.as_ref(), &person, &[], Notice::Cancelled);
    let seq = state
        .store
        .restore_person(actor, state.clock.now(), id, &tell)
        .await
        .map_err(crate::people::not_found)?;
    state.follower.sync_to(seq).await?;
    Ok(())
}

/// Someone in the recycle bin as the doors show them: the entry, when the purge comes, and
/// what legal holds keep (or will keep after the purge).
#[derive(Debug)]
pub(crate) struct Binned {
    /// The entry.
    pub(crate) entry: vern_store::model::TrashEntry,
    /// When the purge happens unless restored first.
    pub(crate) purge_after: OffsetDateTime,
    /// The holds on the person.
    pub(crate) holds: Vec<Hold>,
}

/// The recycle bin, oldest first, each with its purge date and holds.
pub(crate) async fn bin(state: &crate::state::AppState) -> StoreResult<Vec<Binned>> {
    let days = state.erasure.recycle_days;
    let mut out = Vec::new();
    for entry in state.store.list_trash().await? {
        // Held people show the holds on them; the others what a purge would keep.
        let holds = if entry.held {
            state.store.person_holds(&entry.id).await?
        } else {
            state.store.holds_for(&entry.id, state.clock.now()).await?
        };
        out.push(Binned {
            purge_after: purge_date(entry.erased_at, days),
            holds,
            entry,
        });
    }
    Ok(out)
}

/// A consent condition as a door gives it, still unchecked.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConsentWanted {
    /// The purpose's key.
    pub(crate) purpose: String,
    /// unknown, granted, withdrawn or expired.
    pub(crate) state: String,
    /// One channel.
    pub(crate) channel: Option<String>,
    /// Channels (without `channel` or `channels`: each channel of the purpose).
    pub(crate) channels: Option<Vec<String>>,
}

/// A mass erasure as a door gives it, still unchecked.
#[derive(Debug, Clone, Default)]
pub(crate) struct MassErasure {
    /// The controller's key (default: the default controller).
    pub(crate) controller: Option<String>,
    /// On any of these customer lists.
    pub(crate) lists: Vec<String>,
    /// Created before.
    pub(crate) created_before: Option<OffsetDateTime>,
    /// No activity since.
    pub(crate) inactive_since: Option<OffsetDateTime>,
    /// A consent condition.
    pub(crate) consent: Option<ConsentWanted>,
    /// Only the people these identifiers (phone numbers, e-mail addresses, national identity
    /// numbers, one each) name; `None` for no such condition.
    pub(crate) identifiers: Option<Vec<String>>,
    /// List what would go without erasing anything.
    pub(crate) dry_run: bool,
    /// Tell each person (required for a real run).
    pub(crate) notify: Option<bool>,
    /// Why.
    pub(crate) reason: Option<String>,
    /// The people a dry run listed: the real run takes exactly them.
    pub(crate) confirm: Option<Vec<String>>,
}

/// What a mass erasure selected, and did unless it was a dry run.
#[derive(Debug, Clone)]
pub(crate) struct MassOutcome {
    /// Whether nothing was erased.
    pub(crate) dry_run: bool,
    /// The people selected, in a stable order.
    pub(crate) people: Vec<String>,
    /// How many messages go (or would go) to them.
    pub(crate) messages: usize,
    /// How many identifiers named nobody held (when identifiers were given).
    pub(crate) unmatched: usize,
}

/// The most identifiers one mass erasure reads.
pub(crate) const MAX_IDENTIFIERS: usize = 100_000;

/// Erase a selection of people (to the recycle bin), or with `dry_run` list who would go. The
/// real run takes exactly the people a confirmed dry run listed, or is refused (409, nothing
/// erased). `POST /v1/erasures` and the staff UI's mass erasure both come here.
pub(crate) async fn mass_erase(
    state: &crate::state::AppState,
    actor: &Actor,
    input: MassErasure,
) -> crate::error::ApiResult<MassOutcome> {
    use crate::error::ApiError;
    let now = state.clock.now();
    let controller =
        crate::input::controller(&state.follower.index(), input.controller.as_deref())?;
    let selection = Selection {
        controller: Some(controller.record.id),
        lists: input.lists,
        created_before: input.created_before,
        inactive_since: input.inactive_since,
    };
    let consent = match &input.consent {
        Some(c) => Some(consent_condition(state, controller.record.id, c)?),
        None => None,
    };
    let mut unmatched = 0;
    let among = match &input.identifiers {
        Some(lines) => {
            let (people, missed) = named_people(state, &controller, lines, now).await?;
            unmatched = missed;
            Some(people)
        }
        None => None,
    };
    let criteria = Criteria::among(selection, consent, among)
        .map_err(|e| ApiError::invalid_field("selection", e.to_string()))?;
    let people = select(state.store.as_ref(), &criteria, now).await?;
    let notify = match (input.notify, input.dry_run) {
        (Some(n), _) => n,
        (None, true) => true,
        (None, false) => {
            return Err(ApiError::invalid_field(
                "notify",
                "say whether the people are told (true or false)",
            ));
        }
    };
    let mut messages = 0;
    if notify {
        for id in &people {
            if reachable(&state.store.get_person(id).await?) {
                messages += 1;
            }
        }
    }
    if let Some(confirmed) = &input.confirm {
        let mut confirmed = confirmed.clone();
        let mut now_selected = people.clone();
        confirmed.sort();
        now_selected.sort();
        if confirmed != now_selected {
            return Err(ApiError::conflict(format!(
                "the selection changed since the dry run: {} people match it now, {} were confirmed; run the dry run again",
                now_selected.len(),
                confirmed.len()
            )));
        }
    }
    if !input.dry_run {
        let reason = input.reason.unwrap_or_else(|| "mass erasure".to_owned());
        for id in &people {
            crate::people::erase(state, actor, id, &reason, notify).await?;
        }
    }
    Ok(MassOutcome {
        dry_run: input.dry_run,
        people,
        messages,
        unmatched,
    })
}

/// The live people of `controller` that identifiers name, one identifier a line (an e-mail
/// address, a phone number or a national identity number; blank lines skipped), and how many
/// identifiers named nobody. An unreadable line refuses the whole list, naming up to 20 lines.
async fn named_people(
    state: &crate::state::AppState,
    controller: &crate::index::ControllerView,
    lines: &[String],
    now: OffsetDateTime,
) -> crate::error::ApiResult<(Vec<String>, usize)> {
    use crate::error::ApiError;
    let reading = crate::input::Reading::of(controller, now, None);
    let mut identifiers = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let value = line.trim();
        if value.is_empty() {
            continue;
        }
        let parsed = if value.contains('@') {
            reading
                .email(value, "identifiers")
                .map(vern_core::Identifier::Email)
        } else {
            reading
                .phone(value, "identifiers")
                .map(vern_core::Identifier::Phone)
                .or_else(|_| {
                    reading
                        .national_id(value, "identifiers")
                        .map(vern_core::Identifier::NationalId)
                })
        };
        match parsed {
            Ok(id) => identifiers.push(id),
            Err(_) => bad.push(i + 1),
        }
    }
    if !bad.is_empty() {
        let shown: Vec<String> = bad.iter().take(20).map(usize::to_string).collect();
        let more = if bad.len() > 20 { ", …" } else { "" };
        return Err(ApiError::invalid_field(
            "identifiers",
            format!(
                "{} line(s) are neither a phone number, an e-mail address nor a national identity number: line {}{more}; nothing was erased",
                bad.len(),
                shown.join(", ")
            ),
        ));
    }
    if identifiers.is_empty() {
        return Err(ApiError::invalid_field(
            "identifiers",
            "give at least one phone number, e-mail address or national identity number",
        ));
    }
    if identifiers.len() > MAX_IDENTIFIERS {
        return Err(ApiError::invalid_field(
            "identifiers",
            format!("at most {MAX_IDENTIFIERS} identifiers at a time"),
        ));
    }
    let keys = state.store.keys().digest();
    let mut people = Vec::new();
    let mut unmatched = 0;
    for id in &identifiers {
        let found = state
            .store
            .find_people(controller.record.id, &[id.digest(keys)])
            .await?;
        if found.is_empty() {
            unmatched += 1;
        }
        people.extend(found.into_iter().map(|p| p.id));
    }
    people.sort();
    people.dedup();
    Ok((people, unmatched))
}

/// A consent condition checked: the purpose must be the controller's, the channels (default:
/// every channel of the purpose) must be among the purpose's.
pub(crate) fn consent_condition(
    state: &crate::state::AppState,
    controller: vern_core::ControllerId,
    c: &ConsentWanted,
) -> crate::error::ApiResult<ConsentCondition> {
    use crate::error::ApiError;
    use vern_core::Channel;
    use vern_core::consent::ConsentState;
    let key = vern_core::PurposeKey::parse(&c.purpose)
        .map_err(|e| ApiError::invalid_field("consent.purpose", e.to_string()))?;
    let wanted = match c.state.as_str() {
        "unknown" => ConsentState::Unknown,
        "granted" => ConsentState::Granted,
        "withdrawn" => ConsentState::Withdrawn,
        "expired" => ConsentState::Expired,
        _ => {
            return Err(ApiError::invalid_field(
                "consent.state",
                "unknown, granted, withdrawn or expired",
            ));
        }
    };
    let purpose = state
        .follower
        .index()
        .purpose(controller, key.as_str())
        .cloned()
        .ok_or_else(|| {
            ApiError::invalid_field(
                "consent.purpose",
                "no purpose of the controller has this key",
            )
        })?;
    let named: Vec<&String> = match (&c.channel, &c.channels) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid_field(
                "consent.channels",
                "give channel or channels, not both",
            ));
        }
        (Some(one), None) => vec![one],
        (None, Some(many)) => many.iter().collect(),
        (None, None) => Vec::new(),
    };
    let channels: Vec<Channel> = if named.is_empty() {
        if c.channels.is_some() {
            return Err(ApiError::invalid_field(
                "consent.channels",
                "name at least one channel, or leave channels out for every channel of the purpose",
            ));
        }
        purpose.channels.iter().collect()
    } else {
        named
            .into_iter()
            .map(|name| {
                let channel: Channel =
                    name.parse()
                        .map_err(|e: vern_core::channel::UnknownChannel| {
                            ApiError::invalid_field("consent.channels", e.to_string())
                        })?;
                if purpose.channels.contains(channel) {
                    Ok(channel)
                } else {
                    Err(ApiError::invalid_field(
                        "consent.channels",
                        format!("the purpose does not use the channel {}", channel.as_str()),
                    ))
                }
            })
            .collect::<crate::error::ApiResult<_>>()?
    };
    Ok(ConsentCondition {
        purpose: key,
        channels,
        state: wanted,
    })
}

/// Run the retention rules now as `actor` (a staff member from the UI), and wait until this
/// server's views have what the run changed. The same run as `vern retention run` and the
/// retention job ([`run_retention`]).
pub(crate) async fn retention_now(
    state: &crate::state::AppState,
    actor: &Actor,
    dry_run: bool,
) -> crate::error::ApiResult<RetentionSummary> {
    let summary = run_retention_as(
        state.store.as_ref(),
        actor,
        state.clock.now(),
        &state.erasure,
        dry_run,
    )
    .await?;
    let head = state.store.ledger_head().await?;
    state.follower.sync_to(head).await?;
    Ok(summary)
}

/// A past retention run as the ledger recorded it.
#[derive(Debug, Clone)]
pub(crate) struct PastRun {
    /// When.
    pub(crate) at: OffsetDateTime,
    /// Who ran it (the ledger's actor).
    pub(crate) actor: String,
    /// Its counts.
    pub(crate) run: RetentionRun,
}

/// The latest retention runs, newest first, from the ledger.
pub(crate) async fn past_runs(store: &dyn Store, limit: i64) -> StoreResult<Vec<PastRun>> {
    let entries = store
        .ledger_page(None, Some("retention.run"), limit)
        .await?;
    Ok(entries
        .into_iter()
        .filter(|e| e.kind == "retention.run")
        .filter_map(|e| {
            serde_json::from_str::<RetentionRun>(&e.payload)
                .ok()
                .map(|run| PastRun {
                    at: e.at,
                    actor: e.actor,
                    run,
                })
        })
        .collect())
}
