//! Moving in and leaving: importing people with their identifiers, fields, lists, consents,
//! objections, customer relationships, activities, deals, todos and source (`vern import
//! people`, `POST /v1/imports`), and exporting them in the same format (`vern export people`).
//! Every door reads its input into [`PersonRecord`]s and hands them to one [`Importer`], batch
//! by batch; the export is [`export::people`]. docs/import.md describes the format.

mod consents;
mod crm;
pub(crate) mod export;
mod objection;
mod record;
pub(crate) mod sheet;
mod stored;

pub use record::{
    ActivityEntry, ConsentEvent, DealEntry, ObjectionEntry, PersonRecord, Relationship, TodoEntry,
};

use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::objection::ObjectionKind;
use vern_core::{IdentifierDigest, IdentifierKind, Region};
use vern_store::Actor;
use vern_store::model::{
    ConsentInput, ImportBatch, ImportedPerson, ObjectionInput, ObjectionSource, RelationshipInput,
};

use crate::customers::{RelationshipTexts, relationship_input};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::index::ControllerView;
use crate::people::{self, PersonFields};
use crate::state::AppState;
use consents::{consent_fields, recorded};
use objection::objection_of;
use stored::{Stored, stored_people};

/// One line of the input: its number and the record read from it, or why it could not be read.
pub type Line = (u64, Result<PersonRecord, String>);

/// Rows written in one transaction: all of them or none.
pub const BATCH: usize = 10_000;

/// How an import runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The controller's key; none: the default controller.
    pub controller: Option<String>,
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// The region national phone numbers are read in (default: the controller's).
    pub region: Option<String>,
    /// `cli`, `api` or `ui`, for the ledger.
    pub via: &'static str,
    /// Whether lines may change stored people (rectification takes the admin or
    /// privacy_officer role, as `PATCH /v1/people/{id}` does; a seller may only create).
    pub may_update: bool,
}

/// Whether a caller of this role may change stored people by importing them (rectification
/// takes the admin or privacy_officer role, as `PATCH /v1/people/{id}` does; a seller may only
/// create): the rule of every door a staff member uses.
pub(crate) fn may_update(role: vern_core::Role) -> bool {
    role != vern_core::Role::Seller
}

/// What became of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new person (in a dry run: would be).
    Created,
    /// A person found by their external id was changed.
    Updated,
    /// A person found by their external id already had all of it.
    Unchanged,
    /// Refused, and why (never with the line's personal data).
    Rejected(String),
}

impl Outcome {
    /// The outcome's name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Rejected(_) => "rejected",
        }
    }
}

/// An import's counts and refusals so far.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// The run's id (in every ledger entry it wrote).
    pub import: String,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// People created.
    pub created: u64,
    /// People updated.
    pub updated: u64,
    /// Lines that changed nothing.
    pub unchanged: u64,
    /// Lines refused: `(line, reason)`.
    pub rejected: Vec<(u64, String)>,
    /// Every line's outcome, in a dry run.
    pub lines: Vec<(u64, Outcome)>,
    /// Batches committed.
    pub batches: u64,
    /// Lines read.
    pub read: u64,
}

/// A line checked: what to write, or that nothing changes.
enum Checked {
    Write(Box<ImportedPerson>),
    Unchanged,
}

impl std::fmt::Debug for Importer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Importer")
            .field("import", &self.summary.import)
            .field("read", &self.summary.read)
            .finish_non_exhaustive()
    }
}

/// Why an import or an export could not go on, as the CLI reports it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    /// The stable code (`invalid`, `not_found`, `unavailable`, `internal`…).
    pub code: &'static str,
    /// What went wrong, every bad field named (never the data itself).
    pub message: String,
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        let body = e.into_body();
        let message = if body.details.is_empty() {
            body.message
        } else {
            reason(&body.details)
        };
        Failure {
            code: body.code,
            message,
        }
    }
}

/// One import run: batches in, a [`Summary`] out. Every door (the CLI's file, the API's
/// stream) feeds it the same [`PersonRecord`]s.
pub struct Importer<'a> {
    state: &'a AppState,
    actor: Actor,
    options: Options,
    controller: ControllerView,
    now: OffsetDateTime,
    summary: Summary,
    /// External ids seen in this run, with their line.
    externals: HashMap<IdentifierDigest, u64>,
    /// Identifiers claimed in this run, with the line that claimed them.
    claimed: HashMap<IdentifierDigest, u64>,
}

impl<'a> Importer<'a> {
    /// Start a run; an unknown controller or region is refused before anything is read.
    pub(crate) fn new(state: &'a AppState, actor: Actor, options: Options) -> ApiResult<Self> {
        let mut controller =
            crate::input::controller(&state.follower.index(), options.controller.as_deref())?;
        if let Some(r) = options.region.as_deref() {
            let region = r
                .trim()
                .to_ascii_uppercase()
                .parse::<Region>()
                .map_err(|_| {
                    ApiError::invalid_field(
                        "region",
                        "not a region (an ISO country code such as SE)",
                    )
                })?;
            controller.region = Some(region);
        }
        Ok(Importer {
            state,
            actor,
            controller,
            now: state.clock.now(),
            summary: Summary {
                import: Uuid::now_v7().to_string(),
                dry_run: options.dry_run,
                ..Summary::default()
            },
            options,
            externals: HashMap::new(),
            claimed: HashMap::new(),
        })
    }

    /// Start a run from the command line (`vern import people`).
    pub fn start(state: &'a AppState, options: Options) -> Result<Self, Failure> {
        Ok(Importer::new(state, Actor::Cli, options)?)
    }

    /// Check and write one batch (see [`Importer::batch`]), for the command line.
    pub async fn feed(&mut self, lines: Vec<Line>) -> Result<(), Failure> {
        Ok(self.batch(lines).await?)
    }

    /// The summary so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The summary, at the end.
    pub fn finish(mut self) -> Summary {
        // Refusals are found before writes in each batch: report in the file's order.
        self.summary.lines.sort_by_key(|(line, _)| *line);
        self.summary.rejected.sort_by_key(|(line, _)| *line);
        self.summary
    }

    fn note(&mut self, line: u64, outcome: Outcome) {
        match &outcome {
            Outcome::Created => self.summary.created += 1,
            Outcome::Updated => self.summary.updated += 1,
            Outcome::Unchanged => self.summary.unchanged += 1,
            Outcome::Rejected(why) => self.summary.rejected.push((line, why.clone())),
        }
        if self.options.dry_run {
            self.summary.lines.push((line, outcome));
        }
    }

    /// Check one batch of lines and, unless this is a dry run, write the good ones in one
    /// transaction. A bad line is refused and reported; it never stops the others. A failure
    /// to write (the database) stops the run: the batches committed before it stay, and the
    /// summary says how many.
    pub(crate) async fn batch(&mut self, lines: Vec<Line>) -> ApiResult<()> {
        let keys = self.state.store.keys().digest();
        self.summary.read += lines.len() as u64;
        let before = self.summary.rejected.len();
        // The external ids: repeats in the run are refused, the stored ones looked up at once.
        let mut records = Vec::with_capacity(lines.len());
        for (line, parsed) in lines {
            let record = match parsed {
                Ok(r) => r,
                Err(why) => {
                    self.note(line, Outcome::Rejected(why));
                    continue;
                }
            };
            let external = match record.external_id.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(x) if x.chars().count() > 200 => {
                    self.note(
                        line,
                        Outcome::Rejected("external_id: at most 200 characters".into()),
                    );
                    continue;
                }
                Some(x) => Some(keys.digest("external_id", x)),
            };
            if let Some(k) = external {
                if let Some(first) = self.externals.get(&k) {
                    self.note(
                        line,
                        Outcome::Rejected(format!(
                            "external_id: the same id is on line {first}; one line per person"
                        )),
                    );
                    continue;
                }
                self.externals.insert(k, line);
            }
            records.push((line, record, external));
        }
        let wanted: Vec<IdentifierDigest> = records.iter().filter_map(|(_, _, k)| *k).collect();
        let holders = self
            .state
            .store
            .external_holders(self.controller.record.id, &wanted)
            .await?;
        let holders: HashMap<IdentifierDigest, (String, bool)> = holders
            .into_iter()
            .map(|h| (h.external_key, (h.person, h.erased)))
            .collect();

        // What is stored of the people the batch may change, read for the whole batch at
        // once: a few queries per table, not a few per person (one person at a time, they were
        // most of a re-import's time).
        let mut stored: HashMap<String, Stored> = HashMap::new();
        if self.options.may_update {
            let ids: Vec<(String, bool)> = records
                .iter()
                .filter_map(|(_, r, k)| Some((k.and_then(|k| holders.get(&k))?, r)))
                .filter(|((_, erased), _)| !erased)
                .map(|((id, _), r)| (id.clone(), crm::carries(r)))
                .collect();
            stored = stored_people(self.state, &ids).await?;
        }

        // Each line checked by the rules every door shares.
        let mut checked: Vec<(u64, Checked)> = Vec::with_capacity(records.len());
        for (line, record, external) in records {
            let stored = match external.and_then(|k| holders.get(&k)) {
                Some((_, true)) => {
                    self.note(
                        line,
                        Outcome::Rejected(
                            "external_id: the person with this id is in the recycle bin; restore them first".into(),
                        ),
                    );
                    continue;
                }
                Some((_, false)) if !self.options.may_update => {
                    self.note(
                        line,
                        Outcome::Rejected(
                            "external_id: the person exists, and changing a person takes the admin or privacy_officer role".into(),
                        ),
                    );
                    continue;
                }
                // Erased since the holders were read: as reading them one by one found
                // nobody.
                Some((id, false)) => Some(
                    stored
                        .remove(id)
                        .ok_or(ApiError::from(vern_store::StoreError::NotFound))?,
                ),
                None => None,
            };
            match self.check(&record, external, stored) {
                Ok(Checked::Write(mut p)) => {
                    p.line = line;
                    checked.push((line, Checked::Write(p)));
                }
                Ok(c) => checked.push((line, c)),
                Err(why) => self.note(line, Outcome::Rejected(why)),
            }
        }

        // An identifier another person holds is refused, never merged.
        let digests: Vec<IdentifierDigest> = checked
            .iter()
            .filter_map(|(_, c)| match c {
                Checked::Write(p) => Some(p),
                Checked::Unchanged => None,
            })
            .flat_map(|p| contact_digests(p))
            .collect();
        let mut held: HashMap<IdentifierDigest, Vec<String>> = HashMap::new();
        for (d, person) in self
            .state
            .store
            .identifier_holders(self.controller.record.id, &digests)
            .await?
        {
            held.entry(d).or_default().push(person);
        }
        let mut writes: Vec<ImportedPerson> = Vec::new();
        let mut unchanged = 0u64;
        for (line, c) in checked {
            let p = match c {
                Checked::Unchanged => {
                    unchanged += 1;
                    self.note(line, Outcome::Unchanged);
                    continue;
                }
                Checked::Write(p) => p,
            };
            if let Some(why) = self.conflict(line, &p, &held) {
                self.note(line, Outcome::Rejected(why));
                continue;
            }
            for (_, d) in p.person.digests.iter().filter(|(k, _)| is_contact(*k)) {
                self.claimed.entry(*d).or_insert(line);
            }
            writes.push(*p);
        }
        let rejected = (self.summary.rejected.len() - before) as u64;

        if self.options.dry_run {
            for p in &writes {
                let outcome = if p.existing.is_some() {
                    Outcome::Updated
                } else {
                    Outcome::Created
                };
                self.note(p.line, outcome);
            }
            return Ok(());
        }
        if writes.is_empty() && unchanged == 0 && rejected == 0 {
            return Ok(());
        }
        let number = self.summary.batches + 1;
        let batch = ImportBatch {
            import: &self.summary.import,
            number,
            people: &writes,
            unchanged,
            rejected,
            via: self.options.via,
        };
        let (written, seq) = self
            .state
            .store
            .import_people(&self.actor, self.now, self.controller.record.id, &batch)
            .await?;
        // The index sees the people, their consents and objections before the door answers:
        // an objector is never contacted, not even by the next check of this process.
        self.state.follower.sync_to(seq).await?;
        self.summary.batches = number;
        for (line, _) in written.created {
            self.note(line, Outcome::Created);
        }
        for (line, _) in written.updated {
            self.note(line, Outcome::Updated);
        }
        Ok(())
    }

    /// The identifier of `p` that another person holds (stored, or claimed by an earlier line
    /// of this run), as the line's refusal.
    fn conflict(
        &self,
        line: u64,
        p: &ImportedPerson,
        held: &HashMap<IdentifierDigest, Vec<String>>,
    ) -> Option<String> {
        for (kind, d) in p.person.digests.iter().filter(|(k, _)| is_contact(*k)) {
            let other_stored = held
                .get(d)
                .is_some_and(|holders| holders.iter().any(|h| Some(h) != p.existing.as_ref()));
            if other_stored {
                return Some(format!(
                    "{}: already held by another person; vern does not merge people (correct or erase one of them first)",
                    kind.as_str()
                ));
            }
            if let Some(first) = self.claimed.get(d).filter(|first| **first != line) {
                return Some(format!(
                    "{}: the same {} is on line {first}; vern does not merge people",
                    kind.as_str(),
                    kind.as_str()
                ));
            }
        }
        None
    }

    /// Check one line against the rules of creating (or correcting) a person, recording a
    /// consent, a relationship and an objection; every bad field named, the line's data never.
    fn check(
        &self,
        record: &PersonRecord,
        external: Option<IdentifierDigest>,
        stored: Option<Stored>,
    ) -> Result<Checked, String> {
        let state = self.state;
        let controller = &self.controller;
        let mut errors: Vec<FieldError> = Vec::new();
        let external_id = record
            .external_id
            .as_deref()
            .map(str::trim)
            .map(str::to_owned);
        let fields = PersonFields {
            controller: None,
            name: record.name.clone(),
            phones: record.phones.clone(),
            emails: record.emails.clone(),
            national_id: record.national_id.clone(),
            address: record.address.clone(),
            custom_fields: record.fields.clone(),
            lists: record.lists.clone(),
            language: record.language.clone(),
            request: None,
            business_contact: record.business_contact,
            // Where the data came from is recorded when the person is created; a re-import
            // leaves it as it was.
            source: if stored.is_none() {
                record.source.clone()
            } else {
                None
            },
            supplier: if stored.is_none() {
                record.supplier.clone()
            } else {
                None
            },
        };
        let person = match &stored {
            None => people::new_person(state, controller, fields),
            Some(s) => people::changed_person(state, controller, &s.person, fields),
        };
        let mut person = match person {
            Ok(p) => Some(p),
            Err(e) => {
                errors.extend(details(e));
                None
            }
        };
        if let (Some(p), Some(x)) = (person.as_mut(), external_id.filter(|x| !x.is_empty())) {
            p.profile.external_id = Some(x);
        }

        let mut consents: Vec<(ConsentInput, bool)> = Vec::new();
        for (i, c) in record.consents.iter().enumerate() {
            let dated = c.date.is_some();
            match people::consent_input(state, controller.record.id, consent_fields(c), "import") {
                Ok(input) => consents.push((input, dated)),
                Err(e) => errors.extend(details(e).into_iter().map(|f| FieldError {
                    field: format!("consents[{i}].{}", f.field),
                    message: f.message,
                })),
            }
        }
        let mut relationships = Vec::new();
        for (i, r) in record.customer.iter().enumerate() {
            let texts = RelationshipTexts {
                product_category: r.product_category.clone(),
                started: Some(r.started.clone()),
                ended: r.ended.clone(),
            };
            match relationship_input(&texts, self.now.date()) {
                Ok(input) => relationships.push(input),
                Err(e) => errors.extend(e.into_iter().map(|f| FieldError {
                    field: format!("customer[{i}].{}", f.field),
                    message: f.message,
                })),
            }
        }
        let history = crm::check(record, self.now, &mut errors);
        let objection = match record.objection.as_ref().map(|o| objection_of(o, self.now)) {
            Some(Ok(o)) => Some(o),
            Some(Err(e)) => {
                errors.push(e);
                None
            }
            None => None,
        };
        let Some(mut person) = person.filter(|_| errors.is_empty()) else {
            return Err(reason(&errors));
        };
        let objections: Vec<ObjectionInput> = match objection {
            Some(_) if stored.as_ref().is_some_and(|s| s.objected) => Vec::new(),
            Some((kind, all, received_at)) => {
                let digests: Vec<_> = person
                    .digests
                    .iter()
                    .filter(|(k, _)| is_contact(*k))
                    .copied()
                    .collect();
                if digests.is_empty() {
                    return Err(
                        "objection: needs a phone, an e-mail address or a national id to suppress"
                            .into(),
                    );
                }
                vec![ObjectionInput {
                    kind: ObjectionKind::DirectMarketing,
                    source: ObjectionSource {
                        kind,
                        agent_name: None,
                        mandate_reference: None,
                        mandate_verification: None,
                    },
                    controller: (!all).then_some(controller.record.id),
                    request_controller: controller.record.id,
                    digests,
                    agent_key: None,
                    received_at,
                }]
            }
            None => Vec::new(),
        };
        let Some(stored) = stored else {
            let mut relationships = relationships;
            let new = crm::new_items(history, None, &mut relationships, &[]);
            return Ok(Checked::Write(Box::new(ImportedPerson {
                line: 0,
                existing: None,
                external_key: external,
                person,
                consents: consents.into_iter().map(|(c, _)| c).collect(),
                relationships,
                objections,
                activities: new.activities,
                deals: new.deals,
                todos: new.todos,
            })));
        };
        // A re-import adds what is new: consent events and relationships not yet recorded, an
        // objection not yet standing; history is never overwritten.
        let consents: Vec<ConsentInput> = consents
            .into_iter()
            .filter(|(c, dated)| !recorded(&stored.consents, c, *dated))
            .map(|(c, _)| c)
            .collect();
        let mut relationships: Vec<RelationshipInput> = relationships
            .into_iter()
            .filter(|r| {
                !stored.relationships.iter().any(|s| {
                    s.product_category == r.product_category
                        && s.started == r.started
                        && s.ended == r.ended
                })
            })
            .collect();
        // Activities, deals and todos not yet held; a new won deal takes the relationship it
        // starts out of `relationships`, or starts none if the person has it.
        let new = crm::new_items(
            history,
            stored.held.as_ref(),
            &mut relationships,
            &stored.relationships,
        );
        if person.business_contact == Some(stored.business_contact) {
            person.business_contact = None;
        }
        let mut lists = person.lists.clone();
        lists.sort();
        lists.dedup();
        let same = person.profile == stored.person.profile
            && lists == stored.person.lists
            && person.business_contact.is_none()
            && consents.is_empty()
            && relationships.is_empty()
            && objections.is_empty()
            && new.is_empty();
        if same {
            return Ok(Checked::Unchanged);
        }
        Ok(Checked::Write(Box::new(ImportedPerson {
            line: 0,
            existing: Some(stored.person.id.clone()),
            external_key: external,
            person,
            consents,
            relationships,
            objections,
            activities: new.activities,
            deals: new.deals,
            todos: new.todos,
        })))
    }
}

/// Whether an identifier kind reaches one person (a postal address may be shared by many).
fn is_contact(kind: IdentifierKind) -> bool {
    matches!(
        kind,
        IdentifierKind::Phone | IdentifierKind::Email | IdentifierKind::NationalId
    )
}

fn contact_digests(p: &ImportedPerson) -> impl Iterator<Item = IdentifierDigest> + '_ {
    p.person
        .digests
        .iter()
        .filter(|(k, _)| is_contact(*k))
        .map(|(_, d)| *d)
}

/// A date alone (`2024-03-01`) is midnight UTC; anything else is read as RFC 3339.
fn instant_text(text: &str) -> String {
    let t = text.trim();
    if t.len() == 10 && t.as_bytes().get(4) == Some(&b'-') {
        format!("{t}T00:00:00Z")
    } else {
        t.to_owned()
    }
}

/// The fields an error names (or its message alone).
fn details(e: ApiError) -> Vec<FieldError> {
    let body = e.into_body();
    if body.details.is_empty() {
        vec![FieldError {
            field: body.code.to_owned(),
            message: body.message,
        }]
    } else {
        body.details
    }
}

/// A line's refusal, every bad field named.
fn reason(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join("; ")
}
