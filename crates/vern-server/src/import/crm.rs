//! A record's CRM history (activities, deals and todos): read by the checks of the use cases
//! that record them through the API (`crate::history`), and compared with what the person
//! already has, so that a re-import records nothing twice.
//!
//! "Already held": an activity, deal or todo equal in every field to one the person has is
//! not recorded again (each one held answers for one of the record's, so two equal calls stay
//! two). Times compare at the precision the store keeps (microseconds); an activity without
//! `at`, or a deal without `opened_at`, is compared without it (it would be dated by the
//! import, as the API dates it).

use time::{Date, OffsetDateTime};
use vern_store::model::{
    Activity, ActivityInput, Deal, DealInput, ImportedDeal, RelationshipInput, Todo, TodoInput,
};
use vern_store::time_codec::{from_micros, to_micros};

use super::record::PersonRecord;
use crate::error::FieldError;
use crate::history::{ActivityTexts, DealTexts, TodoTexts, activity_input, deal_input, todo_input};

/// What a person already has of their CRM history.
#[derive(Debug, Default)]
pub(super) struct Held {
    pub(super) activities: Vec<Activity>,
    pub(super) deals: Vec<Deal>,
    pub(super) todos: Vec<Todo>,
}

/// A record's CRM history, checked: each item with whether the record dated it.
#[derive(Debug, Default)]
pub(super) struct Checked {
    activities: Vec<(ActivityInput, bool)>,
    deals: Vec<(DealInput, bool)>,
    todos: Vec<TodoInput>,
}

/// What to write of it.
#[derive(Debug, Default)]
pub(super) struct New {
    pub(super) activities: Vec<ActivityInput>,
    pub(super) deals: Vec<ImportedDeal>,
    pub(super) todos: Vec<TodoInput>,
}

impl New {
    pub(super) fn is_empty(&self) -> bool {
        self.activities.is_empty() && self.deals.is_empty() && self.todos.is_empty()
    }
}

/// Whether the record carries any CRM history (only then is the person's read to compare).
pub(super) fn carries(record: &PersonRecord) -> bool {
    !(record.activities.is_empty() && record.deals.is_empty() && record.todos.is_empty())
}

fn named(list: &str, i: usize, errors: Vec<FieldError>) -> impl Iterator<Item = FieldError> {
    errors.into_iter().map(move |f| FieldError {
        field: format!("{list}[{i}].{}", f.field),
        message: f.message,
    })
}

/// Check every activity, deal and todo of the record by the rules of recording it through the
/// API; every bad field named (`deals[0].amount_minor`), never its value. Nobody is the owner
/// of an item that names none: the import records history, not who imported it.
pub(super) fn check(
    record: &PersonRecord,
    now: OffsetDateTime,
    errors: &mut Vec<FieldError>,
) -> Checked {
    let mut out = Checked::default();
    for (i, a) in record.activities.iter().enumerate() {
        let texts = ActivityTexts {
            kind: a.kind.trim().to_owned(),
            note: a.note.clone(),
            channel: a.channel.as_deref().map(|c| c.trim().to_owned()),
            owner: a.owner.clone(),
            at: a.at.as_deref().map(super::instant_text),
        };
        match activity_input(texts, None, now) {
            Ok(input) => out.activities.push((input, a.at.is_some())),
            Err(e) => errors.extend(named("activities", i, e)),
        }
    }
    for (i, d) in record.deals.iter().enumerate() {
        let texts = DealTexts {
            title: d.title.clone(),
            amount_minor: d.amount_minor,
            currency: d.currency.clone(),
            stage: d.stage.clone(),
            owner: d.owner.clone(),
            opened_at: d.opened_at.as_deref().map(super::instant_text),
            closed_at: d.closed_at.as_deref().map(super::instant_text),
            product_category: d.product_category.clone(),
        };
        match deal_input(texts, None, now) {
            Ok(input) => out.deals.push((input, d.opened_at.is_some())),
            Err(e) => errors.extend(named("deals", i, e)),
        }
    }
    for (i, t) in record.todos.iter().enumerate() {
        let texts = TodoTexts {
            text: t.text.clone(),
            owner: t.owner.clone(),
            due_at: t.due_at.as_deref().map(super::instant_text),
            done_at: t.done_at.as_deref().map(super::instant_text),
        };
        match todo_input(texts, None) {
            Ok(input) => out.todos.push(input),
            Err(e) => errors.extend(named("todos", i, e)),
        }
    }
    out
}

/// An instant as the store keeps it.
fn kept(t: OffsetDateTime) -> OffsetDateTime {
    from_micros(to_micros(t))
}

fn same_activity(held: &Activity, a: &ActivityInput, dated: bool) -> bool {
    held.kind == a.kind
        && held.note == a.note
        && held.channel == a.channel
        && held.owner == a.owner
        && (!dated || held.at == kept(a.at))
}

fn same_deal(held: &Deal, d: &DealInput, dated: bool) -> bool {
    held.title == d.title
        && held.amount_minor == d.amount_minor
        && held.currency == d.currency
        && held.stage == d.stage
        && held.owner == d.owner
        && (!dated || held.opened_at == kept(d.opened_at))
        && held.closed_at == d.closed_at.map(kept)
        && held.product_category == d.product_category
}

fn same_todo(held: &Todo, t: &TodoInput) -> bool {
    held.text.as_deref() == Some(t.text.as_str())
        && held.owner == t.owner
        && held.due_at == t.due_at.map(kept)
        && held.done_at == t.done_at.map(kept)
}

/// Keep the items no held one answers for; each held item answers for one.
fn unheld<H, I>(held: &[H], items: Vec<I>, same: impl Fn(&H, &I) -> bool) -> Vec<I> {
    let mut free = vec![true; held.len()];
    items
        .into_iter()
        .filter(
            |item| match (0..held.len()).find(|&k| free[k] && same(&held[k], item)) {
                Some(k) => {
                    free[k] = false;
                    false
                }
                None => true,
            },
        )
        .collect()
}

/// Whether a relationship starting on `day` is the one a deal starts on `deal_day`: the same
/// day, or one day apart (the deal's day is its closing time's day in the time zone it was
/// given in, which a file written in UTC no longer holds).
fn same_start(day: Date, deal_day: Date) -> bool {
    (day - deal_day).whole_days().abs() <= 1
}

/// What of the checked history the person does not have yet, with the customer relationship
/// each new won deal starts. `relationships` are the record's relationships still to write:
/// the one a won deal starts, if listed there, is taken out and written with the deal, linked
/// to it (so an exported relationship is not recorded twice); `held_relationships` are the
/// person's, and a deal whose relationship is among them starts none.
pub(super) fn new_items(
    checked: Checked,
    held: Option<&Held>,
    relationships: &mut Vec<RelationshipInput>,
    held_relationships: &[RelationshipInput],
) -> New {
    let empty = Held::default();
    let held = held.unwrap_or(&empty);
    let activities = unheld(&held.activities, checked.activities, |h, (a, dated)| {
        same_activity(h, a, *dated)
    });
    let deals = unheld(&held.deals, checked.deals, |h, (d, dated)| {
        same_deal(h, d, *dated)
    });
    let todos = unheld(&held.todos, checked.todos, same_todo);
    let deals = deals
        .into_iter()
        .map(|(deal, _)| {
            let relationship = deal.relationship().and_then(|r| {
                let matches = |x: &RelationshipInput, exact: bool| {
                    x.product_category == r.product_category
                        && if exact {
                            x.started == r.started
                        } else {
                            same_start(x.started, r.started)
                        }
                };
                if held_relationships.iter().any(|x| matches(x, false)) {
                    return None;
                }
                let listed = relationships
                    .iter()
                    .position(|x| matches(x, true))
                    .or_else(|| relationships.iter().position(|x| matches(x, false)));
                Some(match listed {
                    Some(k) => relationships.remove(k),
                    None => r,
                })
            });
            ImportedDeal { deal, relationship }
        })
        .collect();
    New {
        activities: activities.into_iter().map(|(a, _)| a).collect(),
        deals,
        todos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};
    use vern_core::ProductCategory;

    fn call(at: OffsetDateTime) -> ActivityInput {
        ActivityInput {
            kind: "call".into(),
            note: Some("n".into()),
            channel: None,
            owner: Some("sara".into()),
            at,
        }
    }

    fn held_call(at: OffsetDateTime) -> Activity {
        Activity {
            id: "a".into(),
            person_id: Some("p".into()),
            kind: "call".into(),
            note: Some("n".into()),
            channel: None,
            owner: Some("sara".into()),
            at,
        }
    }

    fn won(closed: OffsetDateTime) -> DealInput {
        DealInput {
            title: None,
            amount_minor: 100,
            currency: "SEK".into(),
            stage: "won".into(),
            owner: None,
            opened_at: datetime!(2025-01-01 00:00 UTC),
            closed_at: Some(closed),
            product_category: Some(ProductCategory::parse("broadband").unwrap()),
        }
    }

    fn relationship(started: Date, ended: Option<Date>) -> RelationshipInput {
        RelationshipInput {
            product_category: ProductCategory::parse("broadband").unwrap(),
            started,
            ended,
            deal: None,
        }
    }

    #[test]
    fn each_held_item_answers_for_one_and_undated_items_compare_without_the_time() {
        let t = datetime!(2025-01-05 09:00:00.123_456_789 UTC);
        let held = Held {
            activities: vec![held_call(datetime!(2025-01-05 09:00:00.123_456 UTC))],
            ..Held::default()
        };
        // Two equal calls, one held (at the store's precision): the second is new.
        let checked = Checked {
            activities: vec![(call(t), true), (call(t), true)],
            ..Checked::default()
        };
        let new = new_items(checked, Some(&held), &mut Vec::new(), &[]);
        assert_eq!(new.activities.len(), 1);
        // Undated (dated by the import, now): the held one answers for it.
        let checked = Checked {
            activities: vec![(call(datetime!(2026-12-08 01:00 UTC)), false)],
            ..Checked::default()
        };
        assert!(new_items(checked, Some(&held), &mut Vec::new(), &[]).is_empty());
        // Dated differently: new.
        let checked = Checked {
            activities: vec![(call(datetime!(2026-12-08 01:00 UTC)), true)],
            ..Checked::default()
        };
        assert_eq!(
            new_items(checked, Some(&held), &mut Vec::new(), &[])
                .activities
                .len(),
            1
        );
    }

    #[test]
    fn a_won_deal_takes_the_relationship_the_line_lists_or_starts_none_if_held() {
        let deal = || Checked {
            deals: vec![(won(datetime!(2025-01-11 04:30 UTC)), true)],
            ..Checked::default()
        };
        // Listed as the export writes it: the API was given 2025-01-10 23:30 -05:00, the file
        // holds that instant in UTC, a day later; ended since. Taken out and written with the
        // deal, once.
        let listed = relationship(date!(2025 - 01 - 10), Some(date!(2025 - 06 - 30)));
        let mut line = vec![relationship(date!(2023 - 01 - 01), None), listed.clone()];
        let new = new_items(deal(), None, &mut line, &[]);
        assert_eq!(new.deals[0].relationship.as_ref(), Some(&listed));
        assert_eq!(line, [relationship(date!(2023 - 01 - 01), None)]);
        // Not listed: the deal starts one, as the API's door does.
        let new = new_items(deal(), None, &mut Vec::new(), &[]);
        assert_eq!(
            new.deals[0].relationship,
            Some(relationship(date!(2025 - 01 - 11), None))
        );
        // Held already: none.
        let new = new_items(deal(), None, &mut Vec::new(), &[listed]);
        assert_eq!(new.deals.len(), 1);
        assert_eq!(new.deals[0].relationship, None);
    }
}
