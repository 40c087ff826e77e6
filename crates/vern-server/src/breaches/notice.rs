//! Telling the people affected by a high-risk breach (GDPR Art. 34): choosing them, previewing
//! the notice, and sending it through the outbox, one message per person in their language.
//!
//! The API's `POST /v1/breaches/{id}/notice/preview` and `/notice` call [`preview`] and
//! [`send`]. Both read the same [`Selection`] through one [`plan`]; sending asks the core's
//! lifecycle rule (`Breach::send_notice`) first, and the store writes the messages, one row per
//! person, a `breach.notice` entry per person and the breach's next version in one transaction.

use std::collections::BTreeMap;

use time::OffsetDateTime;
use vern_core::Identifier;
use vern_core::breach::Breach;
use vern_store::ledger::Actor;
use vern_store::model::{
    BreachAudience, BreachNoticeCounts, BreachNoticeInput, BreachRecord, Controller, Person,
};

use super::{found, refused};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::input::Reading;
use crate::lang::Lang;
use crate::messages::{BreachFacts, breach_notice, template, to_message};
use crate::state::AppState;
use crate::wash::input::{EMAIL_HEADERS, PHONE_HEADERS, find_columns, sniff_delimiter};

/// The most identifiers (typed or in a CSV) one selection takes.
const MAX_IDENTIFIERS: usize = 200_000;
/// The most ids, lists or purposes one selection names.
const MAX_NAMES: usize = 100_000;

/// Header names of a national identity number column, in English and the Nordic languages.
const NATIONAL_ID_HEADERS: &[&str] = &[
    "national_id",
    "national id",
    "personnummer",
    "personnr",
    "fødselsnummer",
    "fodselsnummer",
    "fnr",
    "cpr",
    "cpr-nummer",
    "cpr_nummer",
    "henkilötunnus",
    "henkilotunnus",
    "hetu",
];

/// Who the notice goes to: the live people of the breach's controller matching any of these.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    /// People by id.
    pub(crate) people: Vec<String>,
    /// Members of these customer lists.
    pub(crate) lists: Vec<String>,
    /// People with a consent event for these purposes.
    pub(crate) purposes: Vec<String>,
    /// Identifiers typed in (e-mail addresses, phone numbers, national ids).
    pub(crate) identifiers: Vec<String>,
    /// A CSV file of identifiers, as uploaded: UTF-8 with or without a byte-order mark, or
    /// Latin-1 / Windows-1252; comma, semicolon or tab separated; with a header naming the
    /// columns, or without one (then every cell is read).
    pub(crate) csv: Option<Vec<u8>>,
    /// People created or changed from this instant…
    pub(crate) changed_from: Option<OffsetDateTime>,
    /// …until this one (default: now).
    pub(crate) changed_to: Option<OffsetDateTime>,
}

/// One rendered notice, for a language.
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    /// The language.
    pub(crate) language: &'static str,
    /// How many of the people to be sent the notice get it in this language.
    pub(crate) people: usize,
    /// The subject line.
    pub(crate) subject: String,
    /// The text.
    pub(crate) body: String,
}

/// What a selection comes to.
#[derive(Debug, Clone, Default)]
pub(crate) struct NoticePlan {
    /// Live people found.
    pub(crate) selected: usize,
    /// Of those, the ones the notice is (to be) sent to now.
    pub(crate) to_send: usize,
    /// Of those, the ones with no e-mail address or phone number: not sent, to be told
    /// another way.
    pub(crate) no_address: usize,
    /// Of those, the ones already sent this breach's notice: never sent it twice.
    pub(crate) already_notified: usize,
    /// Ids given that name no live person of the controller (unknown or erased).
    pub(crate) unknown_people: usize,
    /// Identifiers no live person of the controller holds.
    pub(crate) unmatched_identifiers: usize,
    /// CSV cells that are not an e-mail address, a phone number or a national id.
    pub(crate) unreadable_identifiers: usize,
    /// One rendered notice per language.
    pub(crate) samples: Vec<Sample>,
    notices: Vec<BreachNoticeInput>,
}

/// A sending's outcome.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    /// The breach as written.
    pub(crate) breach: BreachRecord,
    /// What was selected.
    pub(crate) plan: NoticePlan,
    /// Messages queued by this sending.
    pub(crate) queued: u64,
    /// Where all of the breach's notices stand.
    pub(crate) counts: BreachNoticeCounts,
}

/// Count the people a selection names and render the notice, changing nothing.
pub(crate) async fn preview(
    state: &AppState,
    id: &str,
    selection: Selection,
) -> ApiResult<(BreachRecord, NoticePlan)> {
    let record = state.store.get_breach(id).await.map_err(found)?;
    let plan = plan(state, &record, selection).await?;
    Ok((record, plan))
}

/// Send the notice to the people a selection names who were not sent it yet. Only for a
/// breach assessed as high risk (Art. 34(1)); the first sending records that the people were
/// told. A refusal changes nothing.
pub(crate) async fn send(
    state: &AppState,
    actor: &Actor,
    id: &str,
    selection: Selection,
) -> ApiResult<Sent> {
    let now = state.clock.now();
    let mut record = state.store.get_breach(id).await.map_err(found)?;
    let mut rules: Breach = record.rules();
    let first = rules.send_notice(now).map_err(refused)?;
    let plan = plan(state, &record, selection).await?;
    if plan.notices.is_empty() {
        // Nobody new: nothing to write.
        let counts = counts(state, id).await?;
        return Ok(Sent {
            breach: record,
            plan,
            queued: 0,
            counts,
        });
    }
    // The people-notified step is taken by the first sending that reaches someone; finding
    // only people without an address records them, not that the people were told.
    let step = if first && plan.to_send > 0 {
        record.people_notified_at = Some(now);
        record.people_exemption = None;
        if record.notes.people.is_none() {
            record.notes.people = Some("Art. 34 notice sent through vern's outbox".to_owned());
        }
        "people_notified"
    } else {
        "notice_sent"
    };
    let (breach, queued, seq) = state
        .store
        .send_breach_notices(actor, now, &record, step, &plan.notices)
        .await
        .map_err(found)?;
    state.follower.sync_to(seq).await?;
    let counts = counts(state, id).await?;
    Ok(Sent {
        breach,
        plan,
        queued,
        counts,
    })
}

/// Where a breach's notices stand.
pub(crate) async fn counts(state: &AppState, id: &str) -> ApiResult<BreachNoticeCounts> {
    Ok(state
        .store
        .breach_notice_counts(Some(id))
        .await?
        .remove(id)
        .unwrap_or_default())
}

/// The controller of a breach, as the index holds it.
fn controller_of(
    state: &AppState,
    record: &BreachRecord,
) -> ApiResult<crate::index::ControllerView> {
    state
        .follower
        .index()
        .controller_by_id(record.controller)
        .cloned()
        .ok_or_else(|| ApiError::not_found("controller"))
}

fn field(name: &str, message: &str) -> FieldError {
    FieldError {
        field: name.to_owned(),
        message: message.to_owned(),
    }
}

/// Read a selection into the store's audience; every problem at once.
fn audience(
    state: &AppState,
    controller: &crate::index::ControllerView,
    s: &Selection,
) -> ApiResult<(BreachAudience, usize)> {
    let now = state.clock.now();
    let mut errors = Vec::new();
    let empty = s.people.is_empty()
        && s.lists.is_empty()
        && s.purposes.is_empty()
        && s.identifiers.is_empty()
        && s.csv.is_none()
        && s.changed_from.is_none();
    if empty {
        errors.push(field(
            "people",
            "choose the people: people, lists, purposes, identifiers, a CSV of identifiers, or changed_from",
        ));
    }
    if s.changed_to.is_some() && s.changed_from.is_none() {
        errors.push(field("changed_from", "required with changed_to"));
    }
    let changed = s
        .changed_from
        .map(|from| (from, s.changed_to.unwrap_or(now)));
    if changed.is_some_and(|(from, to)| from >= to) {
        errors.push(field("changed_to", "must be after changed_from"));
    }
    for (name, list) in [
        ("people", &s.people),
        ("lists", &s.lists),
        ("purposes", &s.purposes),
    ] {
        if list.len() > MAX_NAMES || list.iter().any(|x| x.trim().is_empty() || x.len() > 200) {
            errors.push(field(
                name,
                "at most 100 000 names, each 1 to 200 characters",
            ));
        }
    }
    let index = state.follower.index();
    for (i, p) in s.purposes.iter().enumerate() {
        if index.purpose(controller.record.id, p.trim()).is_none() {
            errors.push(field(
                &format!("purposes[{i}]"),
                "the controller has no purpose with this key",
            ));
        }
    }
    let reading = Reading::of(controller, now, None);
    let key = state.store.keys().digest();
    let mut digests = Vec::new();
    if s.identifiers.len() > MAX_IDENTIFIERS {
        errors.push(field("identifiers", "at most 200 000 identifiers"));
    }
    for (i, text) in s.identifiers.iter().enumerate() {
        let read = read_identifier(&reading, text);
        if read.is_empty() {
            errors.push(field(
                &format!("identifiers[{i}]"),
                "not an e-mail address, a phone number or a national identity number",
            ));
        }
        digests.extend(read.into_iter().map(|id| id.digest(key)));
    }
    let mut unreadable = 0;
    if let Some(bytes) = &s.csv {
        let cells = csv_cells(bytes);
        if cells.len() > MAX_IDENTIFIERS {
            errors.push(field("csv", "at most 200 000 identifiers"));
        }
        for cell in cells {
            let read = read_identifier(&reading, &cell);
            if read.is_empty() {
                unreadable += 1;
            }
            digests.extend(read.into_iter().map(|id| id.digest(key)));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok((
        BreachAudience {
            people: s.people.iter().map(|p| p.trim().to_owned()).collect(),
            lists: s.lists.iter().map(|l| l.trim().to_owned()).collect(),
            purposes: s.purposes.iter().map(|p| p.trim().to_owned()).collect(),
            digests,
            changed,
        },
        unreadable,
    ))
}

/// An identifier as typed: an e-mail address, or whichever of a phone number and a national id
/// the text reads as (a ten-digit Swedish number may be either). Empty when it is none.
fn read_identifier(reading: &Reading, text: &str) -> Vec<Identifier> {
    let text = text.trim();
    let mut out = Vec::new();
    if text.contains('@') {
        if let Ok(e) = reading.email(text, "identifier") {
            out.push(Identifier::Email(e));
        }
        return out;
    }
    if let Ok(p) = reading.phone(text, "identifier") {
        out.push(Identifier::Phone(p));
    }
    if let Ok(n) = reading.national_id(text, "identifier") {
        out.push(Identifier::NationalId(n));
    }
    out
}

/// The identifier cells of a CSV file as spreadsheets write them: a byte-order mark skipped,
/// Latin-1 / Windows-1252 read when the bytes are not UTF-8, the delimiter sniffed from the
/// first line. With a header naming e-mail, phone or national id columns only those are read;
/// without one every non-empty cell is.
fn csv_cells(bytes: &[u8]) -> Vec<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    };
    let first = text.lines().next().unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(first.as_bytes()))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let records: Vec<csv::ByteRecord> = reader.byte_records().filter_map(Result::ok).collect();
    let Some(header) = records.first() else {
        return Vec::new();
    };
    let mut columns: Vec<usize> = find_columns(header, EMAIL_HEADERS)
        .chain(find_columns(header, PHONE_HEADERS))
        .chain(find_columns(header, NATIONAL_ID_HEADERS))
        .collect();
    columns.sort_unstable();
    columns.dedup();
    let cell = |c: &[u8]| {
        String::from_utf8_lossy(c)
            .trim()
            .trim_matches('"')
            .to_owned()
    };
    let cells: Vec<String> = if columns.is_empty() {
        records.iter().flat_map(|r| r.iter().map(cell)).collect()
    } else {
        records[1..]
            .iter()
            .flat_map(|r| columns.iter().filter_map(|&i| r.get(i)).map(cell))
            .collect()
    };
    cells.into_iter().filter(|c| !c.is_empty()).collect()
}

/// Where to reach a person: their e-mail address, else their phone by SMS.
fn address(person: &Person) -> Option<(String, &'static str)> {
    person
        .profile
        .emails
        .first()
        .map(|e| (e.clone(), "email"))
        .or_else(|| person.profile.phones.first().map(|p| (p.clone(), "sms")))
}

/// The contact point the notice names (Art. 33(3)(b)): the breach's own, else the DPO's name
/// and contact details, else the controller.
fn contact_point(record: &BreachRecord, controller: &Controller) -> String {
    if let Some(c) = record
        .details
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        return c.to_owned();
    }
    let dpo: Vec<&str> = [
        controller.dpo_name.as_deref(),
        controller.dpo_email.as_deref(),
        controller.dpo_phone.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|x| !x.is_empty())
    .collect();
    if dpo.is_empty() {
        controller.name.trim().to_owned()
    } else {
        dpo.join(", ")
    }
}

/// The notice in `lang` on `channel`.
fn render(
    record: &BreachRecord,
    controller: &Controller,
    lang: Lang,
    channel: &str,
) -> (String, String) {
    let contact = contact_point(record, controller);
    breach_notice(
        lang.code(),
        channel,
        controller,
        BreachFacts {
            nature: &record.details.nature,
            consequences: &record.details.consequences,
            measures: &record.details.measures,
            contact: &contact,
        },
    )
}

/// Find the people, split them by whether they were told and can be reached, and render each
/// one's notice in their language (else the controller's).
async fn plan(state: &AppState, record: &BreachRecord, s: Selection) -> ApiResult<NoticePlan> {
    let controller = controller_of(state, record)?;
    let (audience, unreadable) = audience(state, &controller, &s)?;
    let found = state
        .store
        .breach_audience(record.controller, &audience)
        .await?;
    let earlier = state.store.breach_notice_outcomes(&record.id).await?;
    let c = &controller.record;
    let mut plan = NoticePlan {
        selected: found.people.len(),
        unknown_people: found.unknown_people,
        unmatched_identifiers: found.unmatched_identifiers,
        unreadable_identifiers: unreadable,
        ..NoticePlan::default()
    };
    let mut samples: BTreeMap<&'static str, Sample> = BTreeMap::new();
    for id in found.people {
        if earlier.get(&id).is_some_and(|o| o == "queued") {
            plan.already_notified += 1;
            continue;
        }
        let person = match state.store.get_person(&id).await {
            Ok(p) => p,
            // Erased since it was found: not contacted.
            Err(vern_store::StoreError::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        let lang = Lang::for_recipient(person.profile.language.as_deref(), c.country);
        let Some((to, channel)) = address(&person) else {
            plan.no_address += 1;
            plan.notices.push(BreachNoticeInput {
                person: id,
                message: None,
            });
            continue;
        };
        let text = render(record, c, lang, channel);
        let sample = samples.entry(lang.code()).or_insert_with(|| {
            let (subject, body) = render(record, c, lang, "email");
            Sample {
                language: lang.code(),
                people: 0,
                subject,
                body,
            }
        });
        sample.people += 1;
        plan.to_send += 1;
        plan.notices.push(BreachNoticeInput {
            person: id,
            message: Some(to_message(
                &to,
                channel,
                template::BREACH_NOTICE,
                lang.code(),
                text,
            )),
        });
    }
    if samples.is_empty() {
        // Nobody to send to: still show what the notice would say, in the controller's language.
        let lang = Lang::for_recipient(None, c.country);
        let (subject, body) = render(record, c, lang, "email");
        samples.insert(
            lang.code(),
            Sample {
                language: lang.code(),
                people: 0,
                subject,
                body,
            },
        );
    }
    plan.samples = samples.into_values().collect();
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messy_csv_files_are_read() {
        // A byte-order mark, semicolons and a header naming the column.
        let utf8 = "\u{feff}Namn;E-post;Telefon\nÅsa;asa@example.se;070-123 45 67\n".as_bytes();
        assert_eq!(csv_cells(utf8), ["asa@example.se", "070-123 45 67"]);
        // Latin-1 from an old Excel: the name column is not read, the e-mail column is.
        let latin1 = b"Namn;E-post\n\xc5sa;asa@example.se\n";
        assert_eq!(csv_cells(latin1), ["asa@example.se"]);
        // No header: every cell.
        assert_eq!(
            csv_cells(b"a@example.se\n+4670123\n"),
            ["a@example.se", "+4670123"]
        );
        assert!(csv_cells(b"").is_empty());
    }
}
