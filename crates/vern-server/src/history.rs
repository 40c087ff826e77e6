//! The customer history a CRM keeps (activities, deals and todos): the use cases the API's
//! doors call, and the checks an import shares with them. Each check reads the texts a door
//! gives into the store's input and names every bad field (never its value); each use case
//! writes through the store with its ledger entry and waits for this process's index.

use time::OffsetDateTime;
use vern_core::{Channel, ProductCategory};
use vern_store::Actor;
use vern_store::model::{Activity, ActivityInput, Deal, DealInput, Todo, TodoInput};

use crate::error::{ApiResult, FieldError};
use crate::people::not_found;
use crate::state::AppState;

/// The kinds of activity.
pub(crate) const KINDS: [&str; 5] = ["call", "sms", "email", "meeting", "note"];

/// The longest note of an activity.
const MAX_NOTE: usize = 20_000;
/// The longest text of a todo.
const MAX_TODO: usize = 5_000;

/// An activity as the doors give it: texts still to be read.
#[derive(Debug, Clone, Default)]
pub(crate) struct ActivityTexts {
    /// call, sms, email, meeting or note.
    pub kind: String,
    /// Free text.
    pub note: Option<String>,
    /// The channel used.
    pub channel: Option<String>,
    /// Who did it.
    pub owner: Option<String>,
    /// When (RFC 3339; default: now).
    pub at: Option<String>,
}

/// A deal as the doors give it.
#[derive(Debug, Clone, Default)]
pub(crate) struct DealTexts {
    /// A title.
    pub title: Option<String>,
    /// Amount in minor units (öre, øre, cents); never negative.
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// Stage: lead, proposal, won, lost, …
    pub stage: String,
    /// The seller.
    pub owner: Option<String>,
    /// Opened (RFC 3339; default: now).
    pub opened_at: Option<String>,
    /// Closed (RFC 3339).
    pub closed_at: Option<String>,
    /// What was sold.
    pub product_category: Option<String>,
}

/// A todo as the doors give it.
#[derive(Debug, Clone, Default)]
pub(crate) struct TodoTexts {
    /// What to do.
    pub text: String,
    /// Whose.
    pub owner: Option<String>,
    /// By when (RFC 3339).
    pub due_at: Option<String>,
    /// When it was done (RFC 3339): only an import carries a todo already done.
    pub done_at: Option<String>,
}

/// An RFC 3339 instant, or the field named.
fn instant(
    text: Option<&str>,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<OffsetDateTime> {
    let text = text?;
    match OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339) {
        Ok(t) => Some(t),
        Err(_) => {
            errors.push(FieldError {
                field: field.to_owned(),
                message: "not an RFC 3339 instant (such as 2026-11-24T18:30:00+01:00)".to_owned(),
            });
            None
        }
    }
}

fn field(errors: &mut Vec<FieldError>, field: &str, message: impl Into<String>) {
    errors.push(FieldError {
        field: field.to_owned(),
        message: message.into(),
    });
}

/// Read an activity's texts (`owner` when it names none, `now` when it gives no time): the
/// API's door and an import share this check.
pub(crate) fn activity_input(
    input: ActivityTexts,
    owner: Option<String>,
    now: OffsetDateTime,
) -> Result<ActivityInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    if !KINDS.contains(&input.kind.as_str()) {
        field(&mut errors, "kind", format!("one of {}", KINDS.join(", ")));
    }
    let channel = match input
        .channel
        .as_deref()
        .map(str::parse::<Channel>)
        .transpose()
    {
        Ok(c) => c,
        Err(e) => {
            field(&mut errors, "channel", e.to_string());
            None
        }
    };
    if input
        .note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE)
    {
        field(&mut errors, "note", "at most 20 000 characters");
    }
    let at = instant(input.at.as_deref(), "at", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ActivityInput {
        kind: input.kind,
        note: input.note,
        channel,
        owner: input.owner.or(owner),
        at: at.unwrap_or(now),
    })
}

/// Read a deal's texts (`owner` when it names none, `now` when it gives no opening time): the
/// API's door and an import share this check.
pub(crate) fn deal_input(
    input: DealTexts,
    owner: Option<String>,
    now: OffsetDateTime,
) -> Result<DealInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    if input.amount_minor < 0 {
        field(
            &mut errors,
            "amount_minor",
            "an amount in minor units, zero or more",
        );
    }
    let currency = input.currency.trim().to_ascii_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        field(
            &mut errors,
            "currency",
            "a three-letter ISO 4217 code such as SEK",
        );
    }
    let stage = crate::input::text(&input.stage, "stage", 50)
        .map_err(|e| errors.push(e))
        .ok();
    let opened_at = instant(input.opened_at.as_deref(), "opened_at", &mut errors);
    let closed_at = instant(input.closed_at.as_deref(), "closed_at", &mut errors);
    let product_category = match input
        .product_category
        .as_deref()
        .map(|c| ProductCategory::parse(c.trim()))
        .transpose()
    {
        Ok(c) => c,
        Err(e) => {
            field(&mut errors, "product_category", e.to_string());
            None
        }
    };
    let Some(stage) = stage.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    Ok(DealInput {
        title: input.title,
        amount_minor: input.amount_minor,
        currency,
        stage,
        owner: input.owner.or(owner),
        opened_at: opened_at.unwrap_or(now),
        closed_at,
        product_category,
    })
}

/// Read a todo's texts (`owner` when it names none): the API's door and an import share this
/// check.
pub(crate) fn todo_input(
    input: TodoTexts,
    owner: Option<String>,
) -> Result<TodoInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let text = crate::input::text(&input.text, "text", MAX_TODO)
        .map_err(|e| errors.push(e))
        .ok();
    let due_at = instant(input.due_at.as_deref(), "due_at", &mut errors);
    let done_at = instant(input.done_at.as_deref(), "done_at", &mut errors);
    let Some(text) = text.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    Ok(TodoInput {
        text,
        owner: input.owner.or(owner),
        due_at,
        done_at,
    })
}

/// Record an activity of a person.
pub(crate) async fn record_activity(
    state: &AppState,
    actor: &Actor,
    now: OffsetDateTime,
    person: &str,
    input: &ActivityInput,
) -> ApiResult<Activity> {
    state.store.get_person(person).await.map_err(not_found)?;
    let (a, seq) = state.store.add_activity(actor, now, person, input).await?;
    state.follower.sync_to(seq).await?;
    Ok(a)
}

/// Record a deal of a person (a won deal with a product category starts a customer
/// relationship in the same transaction).
pub(crate) async fn record_deal(
    state: &AppState,
    actor: &Actor,
    now: OffsetDateTime,
    person: &str,
    input: &DealInput,
) -> ApiResult<Deal> {
    state.store.get_person(person).await.map_err(not_found)?;
    let (d, seq) = state.store.add_deal(actor, now, person, input).await?;
    state.follower.sync_to(seq).await?;
    Ok(d)
}

/// Record a todo of a person.
pub(crate) async fn record_todo(
    state: &AppState,
    actor: &Actor,
    now: OffsetDateTime,
    person: &str,
    input: &TodoInput,
) -> ApiResult<Todo> {
    state.store.get_person(person).await.map_err(not_found)?;
    let (t, seq) = state.store.add_todo(actor, now, person, input).await?;
    state.follower.sync_to(seq).await?;
    Ok(t)
}
