//! Personal-data breaches (GDPR Art. 33, 34): the register, its 72-hour clock, and the
//! notification document for the supervisory authority.
//!
//! The API, the staff UI and `/metrics` all go through here. The lifecycle's rules are
//! `vern_core::breach`; this module reads the stored record, asks the rules whether the step is
//! allowed, and has the store write the next version with its ledger entry.

mod document;
mod notice;
mod texts;

pub(crate) use document::{authority_document, register_csv, register_html, when};
pub(crate) use notice::{NoticePlan, Selection, counts as notice_counts, preview, send};

use time::{Duration, OffsetDateTime};
use vern_core::ControllerId;
use vern_core::breach::{Art34Exemption, Breach, BreachError, Risk, Stage, Urgency};
use vern_store::ledger::Actor;
use vern_store::model::{BreachDetails, BreachNotes, BreachRecord};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;

/// The longest free text a breach record takes in one field.
pub(crate) const MAX_TEXT: usize = 20_000;
/// The most categories in one list.
const MAX_CATEGORIES: usize = 50;

/// A breach as it is recorded.
#[derive(Debug, Clone)]
pub(crate) struct NewBreach {
    /// The controller whose data were breached.
    pub(crate) controller: ControllerId,
    /// When it happened, if known.
    pub(crate) occurred_at: Option<OffsetDateTime>,
    /// When the controller became aware of it.
    pub(crate) aware_at: OffsetDateTime,
    /// What happened.
    pub(crate) details: BreachDetails,
}

/// One step of a breach's lifecycle.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// The description revised: a phased notification's next phase (Art. 33(4)).
    Details(BreachDetails),
    /// The risk assessed, with the reasoning.
    Assess {
        /// The risk.
        risk: Risk,
        /// Why.
        reasoning: String,
    },
    /// The authority notified.
    NotifyAuthority {
        /// When.
        at: OffsetDateTime,
        /// The authority's case reference.
        reference: Option<String>,
        /// Why after 72 hours, when it was.
        delay_reasons: Option<String>,
    },
    /// The people affected told.
    NotifyPeople {
        /// When.
        at: OffsetDateTime,
        /// How.
        note: Option<String>,
    },
    /// The people not told, on an Art. 34(3) ground.
    ExemptPeople {
        /// The ground.
        ground: Art34Exemption,
        /// The explanation.
        note: String,
    },
    /// Closed.
    Close,
}

impl Step {
    fn name(&self) -> &'static str {
        match self {
            Step::Details(_) => "details",
            Step::Assess { .. } => "assessed",
            Step::NotifyAuthority { .. } => "authority_notified",
            Step::NotifyPeople { .. } => "people_notified",
            Step::ExemptPeople { .. } => "people_exempt",
            Step::Close => "closed",
        }
    }
}

/// A refused step as the API says it: 422 with the rule's stable code.
pub(crate) fn refused(e: BreachError) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        e.code(),
        e.to_string(),
    )
}

/// A store error about a breach as the API says it: a missing one is a 404 naming "breach".
pub(crate) fn found(e: vern_store::StoreError) -> ApiError {
    match e {
        vern_store::StoreError::NotFound => ApiError::not_found("breach"),
        other => other.into(),
    }
}

/// Check the description's fields; every problem at once.
pub(crate) fn check_details(details: &BreachDetails) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut field = |name: &str, message: &str| {
        errors.push(FieldError {
            field: name.to_owned(),
            message: message.to_owned(),
        });
    };
    if details.nature.trim().is_empty() {
        field("nature", "say what happened (Art. 33(3)(a))");
    }
    for (name, text) in [
        ("nature", details.nature.as_str()),
        ("consequences", details.consequences.as_str()),
        ("measures", details.measures.as_str()),
        ("contact", details.contact.as_deref().unwrap_or("")),
    ] {
        if text.chars().count() > MAX_TEXT {
            field(name, "at most 20 000 characters");
        }
    }
    for (name, list) in [
        ("subject_categories", &details.subject_categories),
        ("record_categories", &details.record_categories),
    ] {
        if list.len() > MAX_CATEGORIES || list.iter().any(|c| c.trim().is_empty() || c.len() > 200)
        {
            field(name, "at most 50 categories, each 1 to 200 characters");
        }
    }
    errors
}

/// Record a breach. The clock starts at `aware_at`, which cannot be in the future.
pub(crate) async fn open(
    state: &AppState,
    actor: &Actor,
    input: NewBreach,
) -> ApiResult<BreachRecord> {
    let now = state.clock.now();
    let errors = check_details(&input.details);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Breach::open(input.occurred_at, input.aware_at, now).map_err(refused)?;
    let record = BreachRecord {
        id: String::new(),
        controller: input.controller,
        created_at: now,
        occurred_at: input.occurred_at,
        aware_at: input.aware_at,
        risk: None,
        authority_notified_at: None,
        authority_reference: None,
        people_notified_at: None,
        people_exemption: None,
        closed_at: None,
        version: 0,
        details: input.details,
        notes: BreachNotes::default(),
    };
    let (record, _) = state.store.open_breach(actor, now, &record).await?;
    Ok(record)
}

/// Take one step. The rules decide; a refused step changes nothing.
pub(crate) async fn step(
    state: &AppState,
    actor: &Actor,
    id: &str,
    step: Step,
) -> ApiResult<BreachRecord> {
    let now = state.clock.now();
    let mut record = state.store.get_breach(id).await.map_err(found)?;
    let mut rules = record.rules();
    if rules.closed {
        return Err(refused(BreachError::Closed));
    }
    let too_long = |name: &str, text: &str| {
        (text.chars().count() > MAX_TEXT)
            .then(|| ApiError::invalid_field(name, "at most 20 000 characters"))
    };
    match &step {
        Step::Details(details) => {
            let errors = check_details(details);
            if !errors.is_empty() {
                return Err(ApiError::invalid(errors));
            }
            record.details = details.clone();
        }
        Step::Assess { risk, reasoning } => {
            if reasoning.trim().is_empty() {
                return Err(ApiError::invalid_field(
                    "reasoning",
                    "say why the risk is assessed so (Art. 33(5))",
                ));
            }
            if let Some(e) = too_long("reasoning", reasoning) {
                return Err(e);
            }
            rules.assess(*risk).map_err(refused)?;
            record.risk = Some(*risk);
            record.notes.risk_reasoning = Some(reasoning.trim().to_owned());
        }
        Step::NotifyAuthority {
            at,
            reference,
            delay_reasons,
        } => {
            if let Some(e) = delay_reasons
                .as_deref()
                .and_then(|r| too_long("reasons_for_delay", r))
            {
                return Err(e);
            }
            if reference.as_ref().is_some_and(|r| r.chars().count() > 200) {
                return Err(ApiError::invalid_field(
                    "reference",
                    "at most 200 characters",
                ));
            }
            rules
                .notify_authority(*at, now, delay_reasons.as_deref())
                .map_err(refused)?;
            record.authority_notified_at = Some(*at);
            record.authority_reference = reference.clone().filter(|r| !r.trim().is_empty());
            record.notes.delay_reasons = delay_reasons
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned);
        }
        Step::NotifyPeople { at, note } => {
            if let Some(e) = note.as_deref().and_then(|n| too_long("note", n)) {
                return Err(e);
            }
            rules.notify_people(*at, now).map_err(refused)?;
            record.people_notified_at = Some(*at);
            record.people_exemption = None;
            record.notes.people = note.clone();
        }
        Step::ExemptPeople { ground, note } => {
            if note.trim().is_empty() {
                return Err(ApiError::invalid_field(
                    "note",
                    "explain how the Art. 34(3) ground applies",
                ));
            }
            if let Some(e) = too_long("note", note) {
                return Err(e);
            }
            rules.exempt_people(*ground).map_err(refused)?;
            record.people_exemption = Some(*ground);
            record.notes.people = Some(note.trim().to_owned());
        }
        Step::Close => {
            rules.close().map_err(refused)?;
            record.closed_at = Some(now);
        }
    }
    let (record, _) = state
        .store
        .update_breach(actor, now, &record, step.name())
        .await
        .map_err(found)?;
    Ok(record)
}

/// How a breach stands at `now`: the stage and the clock, for the API, the board and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Standing {
    /// Where it is.
    pub(crate) stage: Stage,
    /// Awareness + 72 h.
    pub(crate) deadline: OffsetDateTime,
    /// Whole hours left, rounded away from zero (negative when overdue), while a
    /// notification is owed.
    pub(crate) hours_left: Option<i64>,
    /// How urgent.
    pub(crate) urgency: Urgency,
}

/// The breach's standing at `now`.
pub(crate) fn standing(record: &BreachRecord, now: OffsetDateTime) -> Standing {
    let rules = record.rules();
    Standing {
        stage: rules.stage(),
        deadline: rules.deadline(),
        // Away from zero: "72 h left" just after awareness, "1 h" in the last hour, "-1 h"
        // as soon as the deadline has passed, never "0 h" while the clock still runs.
        hours_left: rules.time_left(now).map(|left| {
            let hour = Duration::HOUR.whole_seconds();
            let seconds = left.whole_seconds();
            if seconds >= 0 {
                (seconds + hour - 1) / hour
            } else {
                seconds.div_euclid(hour)
            }
        }),
        urgency: rules.urgency(now),
    }
}

/// Open breaches and those past their deadline, for `/metrics`.
pub(crate) async fn counts(state: &AppState) -> ApiResult<(usize, usize)> {
    let now = state.clock.now();
    let all = state.store.list_breaches(None).await?;
    let open = all.iter().filter(|b| b.closed_at.is_none()).count();
    let overdue = all
        .iter()
        .filter(|b| standing(b, now).urgency == Urgency::Overdue)
        .count();
    Ok((open, overdue))
}
