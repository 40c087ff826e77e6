//! People moving in, in SQL: a batch written in one transaction with multi-row inserts, one
//! `person.imported` entry per person and one `import.batch` entry for the batch.

use sqlx::Row;
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::consent::ConsentAction;
use vern_core::{ControllerId, IdentifierDigest};

use super::SqlStore;
use super::person_keys::{profile_context, seal_json};
use super::person_rows::{evidence_context, ledger_context};
use crate::codec::{Binds, digest_from, kind_to_text};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, ImportBatchWritten, LedgerEvent, NewEntry, PeopleExported, PersonImported, WriteTx,
};
use crate::model::{ExternalHolder, ImportBatch, ImportWritten, ImportedPerson, ObjectionContext};
use crate::seal::PersonKey;
use crate::time_codec::to_micros;

/// One value of a multi-row insert.
enum Cell {
    Text(String),
    Int(i64),
    MaybeInt(Option<i64>),
    Bytes(Vec<u8>),
    MaybeBytes(Option<Vec<u8>>),
}

/// Rows for one table, inserted a few hundred at a time: the statements of one size are
/// prepared once per connection and reused.
struct Rows {
    head: &'static str,
    width: usize,
    cells: Vec<Cell>,
}

impl Rows {
    fn new(head: &'static str, width: usize) -> Rows {
        Rows {
            head,
            width,
            cells: Vec::new(),
        }
    }

    fn push(&mut self, row: impl IntoIterator<Item = Cell>) {
        self.cells.extend(row);
    }

    async fn write(self, tx: &mut WriteTx<'_>) -> StoreResult<()> {
        // SQLite takes at most 32 766 bound values in a statement; PostgreSQL 65 535.
        let per = (30_000 / self.width).min(500);
        let mut cells = self.cells.into_iter();
        let total = cells.len() / self.width;
        let mut done = 0;
        while done < total {
            let n = per.min(total - done);
            let mut binds = Binds::new(tx.dialect());
            let values: Vec<String> = (0..n)
                .map(|_| format!("({})", binds.list(self.width)))
                .collect();
            let sql = format!("{} VALUES {}", self.head, values.join(", "));
            let mut query = sqlx::query(&sql);
            for cell in cells.by_ref().take(n * self.width) {
                query = match cell {
                    Cell::Text(v) => query.bind(v),
                    Cell::Int(v) => query.bind(v),
                    Cell::MaybeInt(v) => query.bind(v),
                    Cell::Bytes(v) => query.bind(v),
                    Cell::MaybeBytes(v) => query.bind(v),
                };
            }
            query.execute(tx.conn()).await?;
            done += n;
        }
        Ok(())
    }
}

fn action_text(action: ConsentAction) -> &'static str {
    match action {
        ConsentAction::Granted => "granted",
        ConsentAction::Withdrawn => "withdrawn",
    }
}

/// Write one batch: new people (their keys committed first), updated people, their
/// identifiers, lists, consents, relationships, Art. 14 notices and objections, a
/// `person.imported` entry each and the batch's `import.batch` entry, then their activities,
/// deals and todos with the entries of their own use cases, in one transaction.
pub(super) async fn import_people(
    store: &SqlStore,
    actor: &Actor,
    now: OffsetDateTime,
    controller: ControllerId,
    batch: &ImportBatch<'_>,
) -> StoreResult<(ImportWritten, i64)> {
    let new_ids: Vec<String> = batch
        .people
        .iter()
        .filter(|p| p.existing.is_none())
        .map(|_| Uuid::now_v7().to_string())
        .collect();
    let fresh_keys = store
        .keyring()
        .create_many(&store.keys, &new_ids, now)
        .await?;
    let existing: Vec<String> = batch
        .people
        .iter()
        .filter_map(|p| p.existing.clone())
        .collect();
    let mut keys: HashMap<String, PersonKey> =
        store.keyring().get_many(&store.keys, &existing).await?;
    keys.extend(new_ids.iter().cloned().zip(fresh_keys));
    let mut fresh = new_ids.into_iter();
    let mut people: Vec<(&ImportedPerson, String)> = Vec::with_capacity(batch.people.len());
    for p in batch.people {
        let id = match &p.existing {
            Some(id) => id.clone(),
            None => fresh
                .next()
                .ok_or_else(|| StoreError::Other("an import lost a person's id".to_owned()))?,
        };
        people.push((p, id));
    }

    let mut tx = store.write(actor, now).await?;
    let at = tx.at_micros();
    let mut written = ImportWritten::default();
    let mut new_people = Rows::new(
        "INSERT INTO people (id, controller, sealed, created_at, updated_at, external_key)",
        6,
    );
    let mut identifiers = Rows::new(
        "INSERT INTO person_identifiers (person_id, controller, kind, digest)",
        4,
    );
    let mut lists = Rows::new("INSERT INTO person_lists (person_id, list)", 2);
    let mut consents = Rows::new(
        "INSERT INTO consents (id, event_id, person_id, controller, purpose, channel, action, given_at, expires_at, source, evidence, recorded_at)",
        12,
    );
    let mut entries = Vec::with_capacity(people.len() + 1);
    let mut later: Vec<(&ImportedPerson, &str)> = Vec::new();
    for (p, id) in &people {
        let key = keys.get(id).ok_or_else(|| {
            StoreError::Conflict("a person of the import was erased meanwhile".to_owned())
        })?;
        let sealed = seal_json(key, &profile_context(id), &p.person.profile)?;
        if p.existing.is_some() {
            let done = sqlx::query(
                "UPDATE people SET sealed = $1, updated_at = $2, external_key = COALESCE($3, external_key) WHERE id = $4 AND erased_at IS NULL",
            )
            .bind(sealed)
            .bind(at)
            .bind(p.external_key.map(|k| k.as_bytes().to_vec()))
            .bind(id)
            .execute(tx.conn())
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict(
                    "a person of the import was erased meanwhile".to_owned(),
                ));
            }
            for table in ["person_identifiers", "person_lists"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE person_id = $1"))
                    .bind(id)
                    .execute(tx.conn())
                    .await?;
            }
            written.updated.push((p.line, id.clone()));
        } else {
            new_people.push([
                Cell::Text(id.clone()),
                Cell::Int(controller.0),
                Cell::Bytes(sealed),
                Cell::Int(at),
                Cell::Int(at),
                Cell::MaybeBytes(p.external_key.map(|k| k.as_bytes().to_vec())),
            ]);
            written.created.push((p.line, id.clone()));
        }
        let mut seen: Vec<IdentifierDigest> = Vec::new();
        for (kind, digest) in &p.person.digests {
            if seen.contains(digest) {
                continue;
            }
            seen.push(*digest);
            identifiers.push([
                Cell::Text(id.clone()),
                Cell::Int(controller.0),
                Cell::Text(kind_to_text(*kind).to_owned()),
                Cell::Bytes(digest.as_bytes().to_vec()),
            ]);
        }
        let mut names = p.person.lists.clone();
        names.sort();
        names.dedup();
        for list in &names {
            lists.push([Cell::Text(id.clone()), Cell::Text(list.clone())]);
        }
        let mut events = Vec::with_capacity(p.consents.len());
        for c in &p.consents {
            let event = Uuid::now_v7().to_string();
            for channel in c.channels.iter() {
                let row = Uuid::now_v7().to_string();
                consents.push([
                    Cell::Text(row.clone()),
                    Cell::Text(event.clone()),
                    Cell::Text(id.clone()),
                    Cell::Int(controller.0),
                    Cell::Text(c.purpose.clone()),
                    Cell::Text(channel.as_str().to_owned()),
                    Cell::Text(action_text(c.action).to_owned()),
                    Cell::Int(to_micros(c.given_at)),
                    Cell::MaybeInt(c.expires_at.map(to_micros)),
                    Cell::Text(c.source.clone()),
                    Cell::Bytes(seal_json(key, &evidence_context(&row), &c.evidence)?),
                    Cell::Int(at),
                ]);
            }
            events.push(event);
        }
        if !p.relationships.is_empty()
            || !p.objections.is_empty()
            || p.person.business_contact.is_some()
            || (p.existing.is_none() && p.person.source.source.needs_art14_notice())
        {
            later.push((p, id.as_str()));
        }
        let created = p.existing.is_none();
        entries.push((
            id.as_str(),
            key,
            PersonImported {
                person: id.clone(),
                import: batch.import.to_owned(),
                outcome: if created { "created" } else { "updated" }.to_owned(),
                identifier_kinds: p
                    .person
                    .digests
                    .iter()
                    .map(|(k, _)| k.as_str().to_owned())
                    .collect(),
                lists: names,
                consents: events,
                relationships: Vec::new(),
                source: created.then(|| p.person.source.source.as_str().to_owned()),
            },
            p,
        ));
    }
    // Parents before children: the people, then what refers to them.
    new_people.write(&mut tx).await?;
    identifiers.write(&mut tx).await?;
    lists.write(&mut tx).await?;
    consents.write(&mut tx).await?;
    // The blind index of their names, so a person imported is found by name at once.
    let replaced: Vec<&str> = people
        .iter()
        .filter(|(p, _)| p.existing.is_some())
        .map(|(_, id)| id.as_str())
        .collect();
    let names: Vec<(&str, &str)> = people
        .iter()
        .map(|(p, id)| (id.as_str(), p.person.profile.name.as_str()))
        .collect();
    super::directory::index_names(&mut tx, &replaced, &names).await?;
    // The rarer parts, one statement each: relationships, business contacts, Art. 14
    // notices, objections (which write their own `objection.recorded` for the index).
    let mut relationships: HashMap<&str, Vec<String>> = HashMap::new();
    for (p, id) in later {
        for r in &p.relationships {
            let record = super::customers::insert_relationship(&mut tx, controller, id, r).await?;
            relationships.entry(id).or_default().push(record.id);
        }
        if let Some(flag) = p.person.business_contact {
            super::marketing::mark_business_contact(&mut tx, id, controller, flag).await?;
        }
        if p.existing.is_none() {
            super::notices::owe_notice(&mut tx, id, controller, &p.person.source, now).await?;
        }
        for o in &p.objections {
            let forms = p.person.profile.notice_forms();
            let context = ObjectionContext {
                identifiers: &forms,
                ..ObjectionContext::default()
            };
            super::suppressions::write_objection(store, &mut tx, o, context, None).await?;
        }
    }
    let mut ledger = Vec::with_capacity(entries.len() + 1);
    for (id, key, mut payload, p) in entries {
        if let Some(r) = relationships.remove(id) {
            payload.relationships = r;
        }
        ledger.push(
            NewEntry::event(LedgerEvent::PersonImported(payload))
                .controller(controller.0)
                .subject(
                    id,
                    Some(seal_json(key, &ledger_context(id), &p.person.profile)?),
                ),
        );
    }
    ledger.push(
        NewEntry::event(LedgerEvent::ImportBatch(ImportBatchWritten {
            import: batch.import.to_owned(),
            batch: batch.number,
            created: written.created.len() as u64,
            updated: written.updated.len() as u64,
            unchanged: batch.unchanged,
            rejected: batch.rejected,
            via: batch.via.to_owned(),
        }))
        .controller(controller.0),
    );
    tx.record_many(ledger).await?;
    // The CRM history after the people it belongs to, each item with the entry its own use
    // case writes (a won deal's relationship too).
    for (p, id) in &people {
        if p.activities.is_empty() && p.deals.is_empty() && p.todos.is_empty() {
            continue;
        }
        let key = keys.get(id).ok_or_else(|| {
            StoreError::Conflict("a person of the import was erased meanwhile".to_owned())
        })?;
        for a in &p.activities {
            super::history::activity_in(&mut tx, controller, key, id, a).await?;
        }
        for d in &p.deals {
            super::history::deal_in(
                &mut tx,
                controller,
                key,
                id,
                &d.deal,
                d.relationship.as_ref(),
            )
            .await?;
        }
        for t in &p.todos {
            super::history::todo_in(&mut tx, controller, key, id, t).await?;
        }
    }
    let seq = tx.commit().await?;
    // PostgreSQL keeps the plan of a statement prepared on a connection; one planned while the
    // tables were empty scans them whole ever after, so the lookups of held identifiers and
    // external ids grow with the table (an import of a million people into an empty database
    // slowed to 500 a second). Statistics refreshed each time the import has doubled make
    // PostgreSQL plan them again, with the indexes. SQLite plans each statement as it is
    // prepared, from the indexes alone.
    if store.dialect == crate::db::Dialect::Postgres && batch.number.is_power_of_two() {
        sqlx::query("ANALYZE people, person_identifiers, person_lists, consents, person_names")
            .execute(store.pool())
            .await?;
    }
    Ok((written, seq))
}

/// The people of `controller` holding these external ids, live or erased.
pub(super) async fn external_holders(
    store: &SqlStore,
    controller: ControllerId,
    keys: &[IdentifierDigest],
) -> StoreResult<Vec<ExternalHolder>> {
    let mut out = Vec::new();
    for chunk in keys.chunks(500) {
        let mut binds = Binds::new(store.dialect);
        let sql = format!(
            "SELECT id, external_key, erased_at FROM people WHERE controller = {} AND external_key IN ({})",
            binds.next(),
            binds.list(chunk.len())
        );
        let mut q = sqlx::query(&sql).bind(controller.0);
        for k in chunk {
            q = q.bind(k.as_bytes().to_vec());
        }
        for row in q.fetch_all(store.pool()).await? {
            out.push(ExternalHolder {
                external_key: digest_from(&row.try_get::<Vec<u8>, _>("external_key")?)?,
                person: row.try_get("id")?,
                erased: row.try_get::<Option<i64>, _>("erased_at")?.is_some(),
            });
        }
    }
    Ok(out)
}

/// Who of `controller` holds each of these identifier digests.
pub(super) async fn identifier_holders(
    store: &SqlStore,
    controller: ControllerId,
    digests: &[IdentifierDigest],
) -> StoreResult<Vec<(IdentifierDigest, String)>> {
    let mut out = Vec::new();
    for chunk in digests.chunks(500) {
        let mut binds = Binds::new(store.dialect);
        let sql = format!(
            "SELECT person_id, digest FROM person_identifiers WHERE controller = {} AND digest IN ({})",
            binds.next(),
            binds.list(chunk.len())
        );
        let mut q = sqlx::query(&sql).bind(controller.0);
        for d in chunk {
            q = q.bind(d.as_bytes().to_vec());
        }
        for row in q.fetch_all(store.pool()).await? {
            out.push((
                digest_from(&row.try_get::<Vec<u8>, _>("digest")?)?,
                row.try_get("person_id")?,
            ));
        }
    }
    Ok(out)
}

/// The ids of a controller's live people, oldest first.
pub(super) async fn people_of(
    store: &SqlStore,
    controller: ControllerId,
) -> StoreResult<Vec<String>> {
    sqlx::query(
        "SELECT id FROM people WHERE controller = $1 AND erased_at IS NULL ORDER BY created_at, id",
    )
    .bind(controller.0)
    .fetch_all(store.pool())
    .await?
    .iter()
    .map(|r| r.try_get("id").map_err(StoreError::from))
    .collect()
}

/// Record that a controller's people were exported.
pub(super) async fn record_export(
    store: &SqlStore,
    actor: &Actor,
    now: OffsetDateTime,
    controller: ControllerId,
    format: &str,
    people: u64,
    via: &str,
) -> StoreResult<i64> {
    let mut tx = store.write(actor, now).await?;
    tx.record(
        NewEntry::event(LedgerEvent::PeopleExported(PeopleExported {
            format: format.to_owned(),
            people,
            via: via.to_owned(),
        }))
        .controller(controller.0),
    )
    .await?;
    tx.commit().await
}
