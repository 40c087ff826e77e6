//! Leaving: every person of a controller written in the import format (CSV or NDJSON), so
//! that exporting, importing into an empty installation and exporting again gives the same
//! file. An export discloses everyone's data: it is recorded in the ledger
//! (`people.exported`) before a byte is written.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use time::format_description::well_known::Rfc3339;
use vern_core::calendar::ISO_DATE;
use vern_store::Actor;
use vern_store::model::{Activity, ConsentRecord, Deal, Todo};

use super::record::{
    ActivityEntry, ConsentEvent, DealEntry, ObjectionEntry, PersonRecord, Relationship, TodoEntry,
};
use crate::error::{ApiError, ApiResult};
use crate::spreadsheet;
use crate::state::AppState;

/// The file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One row per person; each purpose and channel's latest consent in its columns, and the
    /// whole history in `consent_history` and `customer_history`, the CRM history in
    /// `activities`, `deals` and `todos`.
    Csv,
    /// One JSON record per line, with every consent event, activity, deal and todo.
    Ndjson,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "csv" => Ok(Format::Csv),
            "ndjson" | "jsonl" => Ok(Format::Ndjson),
            _ => Err("the format is csv or ndjson".to_owned()),
        }
    }
}

impl Format {
    fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }
}

/// Write every live person of the controller (`None`: the default one) to `out`; returns how
/// many. The ledger entry is written first: an export that cannot be recorded is not made.
pub(crate) async fn people(
    state: &AppState,
    actor: &Actor,
    controller: Option<&str>,
    format: Format,
    via: &str,
    out: &mut (dyn Write + Send),
) -> ApiResult<u64> {
    let controller = crate::input::controller(&state.follower.index(), controller)?;
    let ids = state.store.people_of(controller.record.id).await?;
    let mut records = Vec::with_capacity(ids.len());
    for id in &ids {
        records.push(record_of(state, id).await?);
    }
    let count = records.len() as u64;
    let seq = state
        .store
        .record_people_export(
            actor,
            state.clock.now(),
            controller.record.id,
            format.as_str(),
            count,
            via,
        )
        .await?;
    state.follower.sync_to(seq).await?;
    let written = match format {
        Format::Ndjson => write_ndjson(&records, out),
        Format::Csv => write_csv(&records, out),
    };
    written.map_err(|e| ApiError::internal(&e))?;
    Ok(count)
}

/// `vern export people`: [`people`] from the command line.
pub async fn export(
    state: &AppState,
    controller: Option<&str>,
    format: Format,
    out: &mut (dyn Write + Send),
) -> Result<u64, super::Failure> {
    Ok(people(state, &Actor::Cli, controller, format, "cli", out).await?)
}

/// One person as the import reads them back.
async fn record_of(state: &AppState, id: &str) -> ApiResult<PersonRecord> {
    let person = state.store.get_person(id).await?;
    let p = &person.profile;
    let consents = state.store.list_consents(id).await?;
    let relationships = state.store.list_relationships(id).await?;
    let notice = state.store.art14_notice(id).await?;
    let business = state.store.is_business_contact(id).await?;
    // The store lists the CRM history newest first; the file holds it oldest first, the
    // order an import records it in (and so lists it back in).
    let activities = state.store.list_activities(id).await?;
    let deals = state.store.list_deals(id).await?;
    let todos = state.store.list_todos(id).await?;
    let digests = crate::people::person_digests(state, p);
    let objection = state
        .store
        .suppressions_with(&digests, false)
        .await?
        .into_iter()
        .filter(|s| s.controller.is_none_or(|c| c == person.controller))
        .find_map(|s| {
            let source = s.source.strip_prefix("objection:")?.to_owned();
            Some(ObjectionEntry {
                source: Some(source),
                scope: Some(
                    if s.controller.is_some() {
                        "controller"
                    } else {
                        "all"
                    }
                    .to_owned(),
                ),
                date: s.created_at.format(&Rfc3339).ok(),
            })
        });
    Ok(PersonRecord {
        external_id: Some(p.external_id.clone().unwrap_or_else(|| person.id.clone())),
        name: Some(p.name.clone()),
        phones: Some(p.phones.clone()),
        emails: Some(p.emails.clone()),
        national_id: p.national_id.clone(),
        address: p.address.clone(),
        language: p.language.clone(),
        fields: Some(p.custom_fields.clone()),
        lists: Some(person.lists.clone()),
        business_contact: business.then_some(true),
        source: notice.as_ref().map(|n| n.source.clone()),
        supplier: notice.and_then(|n| n.supplier),
        consents: events(&consents),
        objection,
        customer: relationships
            .into_iter()
            .map(|r| Relationship {
                product_category: r.product_category.as_str().to_owned(),
                started: r.started.format(ISO_DATE).unwrap_or_default(),
                ended: r.ended.map(|d| d.format(ISO_DATE).unwrap_or_default()),
            })
            .collect(),
        activities: activities.iter().rev().map(activity_entry).collect(),
        deals: deals.iter().rev().map(deal_entry).collect(),
        todos: todos.iter().rev().map(todo_entry).collect(),
    })
}

fn rfc3339(t: time::OffsetDateTime) -> Option<String> {
    t.format(&Rfc3339).ok()
}

fn activity_entry(a: &Activity) -> ActivityEntry {
    ActivityEntry {
        kind: a.kind.clone(),
        note: a.note.clone(),
        channel: a.channel.map(|c| c.as_str().to_owned()),
        owner: a.owner.clone(),
        at: rfc3339(a.at),
    }
}

fn deal_entry(d: &Deal) -> DealEntry {
    DealEntry {
        title: d.title.clone(),
        amount_minor: d.amount_minor,
        currency: d.currency.clone(),
        stage: d.stage.clone(),
        owner: d.owner.clone(),
        opened_at: rfc3339(d.opened_at),
        closed_at: d.closed_at.and_then(rfc3339),
        product_category: d.product_category.as_ref().map(|c| c.as_str().to_owned()),
    }
}

fn todo_entry(t: &Todo) -> TodoEntry {
    TodoEntry {
        text: t.text.clone().unwrap_or_default(),
        owner: t.owner.clone(),
        due_at: t.due_at.and_then(rfc3339),
        done_at: t.done_at.and_then(rfc3339),
    }
}

/// The consent history as events (one per recording, with all its channels), oldest first.
fn events(history: &[ConsentRecord]) -> Vec<ConsentEvent> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_event: BTreeMap<&str, ConsentEvent> = BTreeMap::new();
    for r in history {
        let e = by_event.entry(r.event_id.as_str()).or_insert_with(|| {
            order.push(r.event_id.as_str());
            let evidence = r.evidence.clone().unwrap_or_default();
            ConsentEvent {
                purpose: r.purpose.clone(),
                channels: Vec::new(),
                state: match r.action {
                    vern_core::consent::ConsentAction::Granted => "granted",
                    vern_core::consent::ConsentAction::Withdrawn => "withdrawn",
                }
                .to_owned(),
                date: r.given_at.format(&Rfc3339).ok(),
                source: Some(r.source.clone()),
                text: evidence.text,
                version: evidence.version,
                by: evidence.by,
                reference: evidence.reference,
                ip: evidence.ip,
                expires: r.expires_at.and_then(|t| t.format(&Rfc3339).ok()),
            }
        });
        e.channels.push(r.channel.as_str().to_owned());
    }
    order
        .into_iter()
        .filter_map(|id| by_event.remove(id))
        .collect()
}

fn write_ndjson(records: &[PersonRecord], out: &mut (dyn Write + Send)) -> std::io::Result<()> {
    for r in records {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

const CONSENT_PARTS: [&str; 8] = [
    "date",
    "source",
    "text",
    "version",
    "by",
    "reference",
    "ip",
    "expires",
];

/// A history as the JSON list the NDJSON format holds; empty when there is none.
fn history_cell<T: serde::Serialize>(items: &[T]) -> std::io::Result<String> {
    if items.is_empty() {
        return Ok(String::new());
    }
    serde_json::to_string(items).map_err(std::io::Error::other)
}

fn write_csv(records: &[PersonRecord], out: &mut (dyn Write + Send)) -> std::io::Result<()> {
    let mut fields: BTreeSet<(String, String)> = BTreeSet::new();
    let mut consents: BTreeSet<(String, String)> = BTreeSet::new();
    let mut customers: BTreeSet<String> = BTreeSet::new();
    for r in records {
        for f in r.fields.iter().flatten() {
            fields.insert((f.purpose.clone(), f.name.clone()));
        }
        for c in &r.consents {
            for ch in &c.channels {
                consents.insert((c.purpose.clone(), ch.clone()));
            }
        }
        for c in &r.customer {
            customers.insert(c.product_category.clone());
        }
    }
    let mut header: Vec<String> = [
        "external_id",
        "name",
        "phone",
        "email",
        "national_id",
        "street",
        "postal_code",
        "city",
        "country",
        "language",
        "lists",
        "source",
        "supplier",
        "business_contact",
        "objection",
        "objection:scope",
        "objection:date",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(fields.iter().map(|(p, n)| format!("field:{p}:{n}")));
    for (p, ch) in &consents {
        header.push(format!("consent:{p}:{ch}"));
        header.extend(
            CONSENT_PARTS
                .iter()
                .map(|part| format!("consent:{p}:{ch}:{part}")),
        );
    }
    for c in &customers {
        header.push(format!("customer:{c}"));
        header.push(format!("customer:{c}:ended"));
    }
    // The columns above show each purpose, channel and category as it stands now; these two
    // carry the whole history, which the import reads back.
    header.push("consent_history".to_owned());
    header.push("customer_history".to_owned());
    // The CRM history, as JSON lists too: it has no state now to show in columns of its own.
    header.push("activities".to_owned());
    header.push("deals".to_owned());
    header.push("todos".to_owned());
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&header)?;
    for r in records {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let address = r.address.clone().unwrap_or_default();
        let mut row: Vec<String> = vec![
            text(&r.external_id),
            text(&r.name),
            r.phones.clone().unwrap_or_default().join("|"),
            r.emails.clone().unwrap_or_default().join("|"),
            text(&r.national_id),
            address.street,
            address.postal_code,
            address.city,
            address.country.unwrap_or_default(),
            text(&r.language),
            r.lists.clone().unwrap_or_default().join("|"),
            text(&r.source),
            text(&r.supplier),
            if r.business_contact == Some(true) {
                "yes"
            } else {
                ""
            }
            .to_owned(),
            r.objection
                .as_ref()
                .map(|o| text(&o.source))
                .unwrap_or_default(),
            r.objection
                .as_ref()
                .map(|o| text(&o.scope))
                .unwrap_or_default(),
            r.objection
                .as_ref()
                .map(|o| text(&o.date))
                .unwrap_or_default(),
        ];
        for (p, n) in &fields {
            row.push(
                r.fields
                    .iter()
                    .flatten()
                    .find(|f| &f.purpose == p && &f.name == n)
                    .map(|f| f.value.clone())
                    .unwrap_or_default(),
            );
        }
        for (p, ch) in &consents {
            // The latest event on this purpose and channel is its state now.
            let latest = r
                .consents
                .iter()
                .rev()
                .find(|c| &c.purpose == p && c.channels.contains(ch));
            match latest {
                Some(c) => {
                    row.push(c.state.clone());
                    for v in [
                        &c.date,
                        &c.source,
                        &c.text,
                        &c.version,
                        &c.by,
                        &c.reference,
                        &c.ip,
                        &c.expires,
                    ] {
                        row.push(text(v));
                    }
                }
                None => row.extend(std::iter::repeat_n(String::new(), 1 + CONSENT_PARTS.len())),
            }
        }
        for c in &customers {
            let rel = r.customer.iter().rev().find(|x| &x.product_category == c);
            row.push(rel.map(|x| x.started.clone()).unwrap_or_default());
            row.push(rel.and_then(|x| x.ended.clone()).unwrap_or_default());
        }
        row.push(history_cell(&r.consents)?);
        row.push(history_cell(&r.customer)?);
        row.push(history_cell(&r.activities)?);
        row.push(history_cell(&r.deals)?);
        row.push(history_cell(&r.todos)?);
        let row: Vec<String> = row
            .into_iter()
            .map(|cell| {
                if spreadsheet::is_formula(cell.as_bytes()) {
                    format!("{}{cell}", spreadsheet::PREFIX)
                } else {
                    cell
                }
            })
            .collect();
        w.write_record(&row)?;
    }
    w.flush()
}
