//! People, their identifiers, consents and restrictions in SQL.

use crate::store::{PeopleSink, PeopleStore};
use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::consent::ConsentAction;
use vern_core::{ControllerId, IdentifierDigest};

use super::SqlStore;
use super::person_keys::{open_json, person_key, profile_context, seal_json};
use super::person_rows::{
    CONSENT_COLUMNS, CONSENT_ORDER, consent_from, evidence_context, ledger_context, person_from,
};
use crate::codec::{Binds, kind_to_text, placeholders};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, ConsentChanged, LedgerEvent, NewEntry, PersonCreated, PersonUpdated, RestrictionChanged,
    WriteTx,
};
use crate::model::{
    ConsentInput, ConsentRecord, ExternalHolder, ImportBatch, ImportWritten, NewMessage, Person,
    PersonIndexFacts, PersonInput, Profile, RestrictionRecord, StoredPerson,
};
use crate::seal::PersonKey;
use crate::time_codec::{from_micros, to_micros};

/// Write a person's identifiers, lists and name index entries: everything the profile is found
/// by, replaced in the write that sets the profile.
pub(super) async fn write_identity(
    tx: &mut WriteTx<'_>,
    id: &str,
    controller: ControllerId,
    input: &PersonInput,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM person_identifiers WHERE person_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    sqlx::query("DELETE FROM person_lists WHERE person_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    let mut seen = Vec::new();
    for (kind, digest) in &input.digests {
        if seen.contains(digest) {
            continue;
        }
        seen.push(*digest);
        sqlx::query("INSERT INTO person_identifiers (person_id, controller, kind, digest) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(controller.0)
            .bind(kind_to_text(*kind))
            .bind(digest.as_bytes().to_vec())
            .execute(tx.conn())
            .await?;
    }
    super::directory::index_name(tx, id, &input.profile.name).await?;
    let mut lists = input.lists.clone();
    lists.sort();
    lists.dedup();
    for list in lists {
        sqlx::query("INSERT INTO person_lists (person_id, list) VALUES ($1, $2)")
            .bind(id)
            .bind(list)
            .execute(tx.conn())
            .await?;
    }
    Ok(())
}

/// Keyed digests of each profile field, old and new, for the ledger's record of a change.
fn field_changes(
    store: &SqlStore,
    before: &Profile,
    after: &Profile,
) -> BTreeMap<&'static str, serde_json::Value> {
    let digest =
        |v: &serde_json::Value| store.keys.digest().digest("field", &v.to_string()).to_hex();
    before
        .field_values()
        .into_iter()
        .zip(after.field_values())
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| {
            (field, json!({ "old": digest(&old), "new": digest(&new) }))
        })
        .collect()
}

/// A person in the recycle bin or under a legal hold, as well as a live one.
pub(super) async fn person_any(store: &SqlStore, id: &str) -> StoreResult<(Person, Option<i64>)> {
    let row = sqlx::query("SELECT id, controller, sealed, restricted_at, created_at, updated_at, erased_at FROM people WHERE id = $1")
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
    let key = person_key(store, id).await?;
    let erased: Option<i64> = row.try_get("erased_at")?;
    Ok((person_from(&row, &key, Vec::new())?, erased))
}

// ---- consent ----

// ---- restriction ----

fn restriction_context(id: &str) -> String {
    format!("restriction:{id}")
}

#[derive(serde::Serialize, serde::Deserialize)]
struct RestrictionSealed {
    reason: String,
    #[serde(default)]
    lift_reason: Option<String>,
}

/// Place or lift a restriction inside an open write, with its ledger entry; returns the
/// restriction's id. Lifting with a notice to the person (Art. 18(3)) queues the notice in the
/// same write first.
pub(super) async fn set_restriction_in(
    store: &SqlStore,
    tx: &mut WriteTx<'_>,
    person: &Person,
    key: &PersonKey,
    place: bool,
    reason: &str,
    request: Option<&str>,
) -> StoreResult<String> {
    let person_id = person.id.as_str();
    let at = tx.at_micros();
    let current = sqlx::query(
        "SELECT id, sealed FROM restrictions WHERE person_id = $1 AND lifted_at IS NULL",
    )
    .bind(person_id)
    .fetch_optional(tx.conn())
    .await?;
    let restriction_id = match (place, current) {
        (true, Some(_)) => {
            return Err(StoreError::Conflict(
                "the person is already restricted".to_owned(),
            ));
        }
        (false, None) => {
            return Err(StoreError::Conflict(
                "the person is not restricted".to_owned(),
            ));
        }
        (true, None) => {
            let id = Uuid::now_v7().to_string();
            let sealed = RestrictionSealed {
                reason: reason.to_owned(),
                lift_reason: None,
            };
            sqlx::query("INSERT INTO restrictions (id, person_id, sealed, placed_at) VALUES ($1, $2, $3, $4)")
                .bind(&id)
                .bind(person_id)
                .bind(seal_json(key, &restriction_context(&id), &sealed)?)
                .bind(at)
                .execute(tx.conn())
                .await?;
            sqlx::query("UPDATE people SET restricted_at = $1 WHERE id = $2")
                .bind(at)
                .bind(person_id)
                .execute(tx.conn())
                .await?;
            id
        }
        (false, Some(row)) => {
            let id: String = row.try_get("id")?;
            let mut sealed: RestrictionSealed = open_json(
                key,
                &restriction_context(&id),
                &row.try_get::<Vec<u8>, _>("sealed")?,
            )?;
            sealed.lift_reason = Some(reason.to_owned());
            sqlx::query("UPDATE restrictions SET lifted_at = $1, sealed = $2 WHERE id = $3")
                .bind(at)
                .bind(seal_json(key, &restriction_context(&id), &sealed)?)
                .bind(&id)
                .execute(tx.conn())
                .await?;
            sqlx::query("UPDATE people SET restricted_at = NULL WHERE id = $1")
                .bind(person_id)
                .execute(tx.conn())
                .await?;
            id
        }
    };
    let event = if place {
        LedgerEvent::RestrictionPlaced
    } else {
        LedgerEvent::RestrictionLifted
    };
    let recipients =
        super::webhooks::recipient_hashes(store, tx, "restriction", &person.profile.notice_forms())
            .await?;
    tx.record(
        NewEntry::event(event(RestrictionChanged {
            person: person_id.to_owned(),
            restriction: restriction_id.clone(),
            request: request.map(str::to_owned),
            recipients: (!recipients.is_empty()).then_some(recipients),
        }))
        .controller(person.controller.0)
        .subject(
            person_id,
            Some(seal_json(
                key,
                &ledger_context(person_id),
                &json!({ "reason": reason }),
            )?),
        ),
    )
    .await?;
    Ok(restriction_id)
}

/// Write one consent event (a row per channel, the evidence sealed with the person's key) and
/// its ledger entry in `tx`; returns the event's id.
pub(super) async fn insert_consent(
    tx: &mut WriteTx<'_>,
    key: &PersonKey,
    person_id: &str,
    controller: ControllerId,
    input: &ConsentInput,
) -> StoreResult<String> {
    let event_id = Uuid::now_v7().to_string();
    let at = tx.at_micros();
    let exists = sqlx::query("SELECT key FROM purposes WHERE controller = $1 AND key = $2")
        .bind(controller.0)
        .bind(&input.purpose)
        .fetch_optional(tx.conn())
        .await?;
    if exists.is_none() {
        return Err(StoreError::Invalid(
            "the purpose does not exist for the person's controller".to_owned(),
        ));
    }
    let action = match input.action {
        ConsentAction::Granted => "granted",
        ConsentAction::Withdrawn => "withdrawn",
    };
    for channel in input.channels.iter() {
        let id = Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO consents (id, event_id, person_id, controller, purpose, channel, action, given_at, expires_at, source, evidence, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&id)
        .bind(&event_id)
        .bind(person_id)
        .bind(controller.0)
        .bind(&input.purpose)
        .bind(channel.as_str())
        .bind(action)
        .bind(to_micros(input.given_at))
        .bind(input.expires_at.map(to_micros))
        .bind(&input.source)
        .bind(seal_json(key, &evidence_context(&id), &input.evidence)?)
        .bind(at)
        .execute(tx.conn())
        .await?;
    }
    let event = match input.action {
        ConsentAction::Granted => LedgerEvent::ConsentGranted,
        ConsentAction::Withdrawn => LedgerEvent::ConsentWithdrawn,
    };
    tx.record(
        NewEntry::event(event(ConsentChanged {
            person: person_id.to_owned(),
            event: event_id.clone(),
            purpose: input.purpose.clone(),
            channels: json!(input.channels),
            source: input.source.clone(),
            given_at: to_micros(input.given_at),
        }))
        .controller(controller.0)
        .subject(
            person_id,
            Some(seal_json(key, &ledger_context(person_id), &input.evidence)?),
        ),
    )
    .await?;
    Ok(event_id)
}

// ---- what the in-memory index reads ----

#[async_trait]
impl PeopleStore for SqlStore {
    async fn import_people(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        batch: &ImportBatch<'_>,
    ) -> StoreResult<(ImportWritten, i64)> {
        super::imports::import_people(self, actor, now, controller, batch).await
    }

    async fn external_holders(
        &self,
        controller: ControllerId,
        keys: &[IdentifierDigest],
    ) -> StoreResult<Vec<ExternalHolder>> {
        super::imports::external_holders(self, controller, keys).await
    }

    async fn identifier_holders(
        &self,
        controller: ControllerId,
        digests: &[IdentifierDigest],
    ) -> StoreResult<Vec<(IdentifierDigest, String)>> {
        super::imports::identifier_holders(self, controller, digests).await
    }

    async fn people_of(&self, controller: ControllerId) -> StoreResult<Vec<String>> {
        super::imports::people_of(self, controller).await
    }

    async fn record_people_export(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        format: &str,
        people: u64,
        via: &str,
    ) -> StoreResult<i64> {
        super::imports::record_export(self, actor, now, controller, format, people, via).await
    }

    async fn get_person_any(&self, id: &str) -> StoreResult<(Person, Option<OffsetDateTime>)> {
        let (p, erased) = person_any(self, id).await?;
        Ok((p, erased.map(from_micros)))
    }

    async fn create_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        input: &PersonInput,
    ) -> StoreResult<(Person, i64)> {
        let id = Uuid::now_v7().to_string();
        // The key is committed first: a key without a person is harmless; a person without a key
        // would be unreadable.
        let key = self.keyring().create(&self.keys, &id, now).await?;
        let sealed = seal_json(&key, &profile_context(&id), &input.profile)?;
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        sqlx::query("INSERT INTO people (id, controller, sealed, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
            .bind(&id)
            .bind(controller.0)
            .bind(sealed)
            .bind(at)
            .execute(tx.conn())
            .await?;
        write_identity(&mut tx, &id, controller, input).await?;
        let kinds: Vec<&str> = input.digests.iter().map(|(k, _)| k.as_str()).collect();
        tx.record(
            NewEntry::event(LedgerEvent::PersonCreated(PersonCreated {
                person: id.clone(),
                identifier_kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
                lists: input.lists.clone(),
            }))
            .controller(controller.0)
            .subject(
                &id,
                Some(seal_json(&key, &ledger_context(&id), &input.profile)?),
            ),
        )
        .await?;
        if let Some(flag) = input.business_contact {
            super::marketing::mark_business_contact(&mut tx, &id, controller, flag).await?;
        }
        super::notices::write_source(&mut tx, &id, controller, &input.source, now).await?;
        let seq = tx.commit().await?;
        Ok((self.get_person(&id).await?, seq))
    }

    async fn update_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        input: &PersonInput,
        request: Option<&str>,
        messages: &[NewMessage],
    ) -> StoreResult<(Person, i64)> {
        let before = self.get_person(id).await?;
        let key = person_key(self, id).await?;
        let changes = field_changes(self, &before.profile, &input.profile);
        let told = (!changes.is_empty()).then_some(!messages.is_empty());
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        let done = sqlx::query("UPDATE people SET sealed = $1, updated_at = $2 WHERE id = $3")
            .bind(seal_json(&key, &profile_context(id), &input.profile)?)
            .bind(at)
            .bind(id)
            .execute(tx.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        write_identity(&mut tx, id, before.controller, input).await?;
        // A recipient knows the person by what it holds: the identifiers before and after.
        let mut forms = before.profile.notice_forms();
        forms.extend(input.profile.notice_forms());
        forms.sort();
        forms.dedup();
        // No field changed: nothing was rectified, so no recipient is told (and no hashes kept).
        let recipients = if changes.is_empty() {
            BTreeMap::new()
        } else {
            super::webhooks::recipient_hashes(self, &mut tx, "rectification", &forms).await?
        };
        tx.record(
            NewEntry::event(LedgerEvent::PersonUpdated(PersonUpdated {
                person: id.to_owned(),
                fields: changes
                    .into_iter()
                    .map(|(field, change)| (field.to_owned(), change))
                    .collect(),
                lists: input.lists.clone(),
                request: request.map(str::to_owned),
                recipients: (!recipients.is_empty()).then_some(recipients),
                // Whether the person is told of the change (Art. 12(3)); nothing to tell when
                // no field changed.
                person_told: told,
            }))
            .controller(before.controller.0)
            .subject(
                id,
                Some(seal_json(&key, &ledger_context(id), &input.profile)?),
            ),
        )
        .await?;
        if let Some(flag) = input.business_contact {
            super::marketing::mark_business_contact(&mut tx, id, before.controller, flag).await?;
        }
        // Art. 14: a notice the outbox gave up goes again, to the new address (docs/notices.md).
        if new_address(&before.profile, &input.profile) {
            super::notices::requeue(&mut tx, id, "address_changed").await?;
        }
        // The confirmation to the person, in the transaction that makes the change.
        super::queue::enqueue(&mut tx, &key, id, before.controller, None, messages).await?;
        let seq = tx.commit().await?;
        Ok((self.get_person(id).await?, seq))
    }

    async fn get_person(&self, id: &str) -> StoreResult<Person> {
        let row = sqlx::query("SELECT id, controller, sealed, restricted_at, created_at, updated_at FROM people WHERE id = $1 AND erased_at IS NULL")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        let key = person_key(self, id).await?;
        let lists = sqlx::query("SELECT list FROM person_lists WHERE person_id = $1 ORDER BY list")
            .bind(id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>("list"))
            .collect::<Result<Vec<_>, _>>()?;
        person_from(&row, &key, lists)
    }

    async fn find_people(
        &self,
        controller: ControllerId,
        digests: &[IdentifierDigest],
    ) -> StoreResult<Vec<Person>> {
        if digests.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT DISTINCT person_id FROM person_identifiers WHERE controller = $1 AND digest IN ({}) ORDER BY person_id",
            placeholders(2, digests.len())
        );
        let mut query = sqlx::query(&sql).bind(controller.0);
        for d in digests {
            query = query.bind(d.as_bytes().to_vec());
        }
        let ids: Vec<String> = query
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| r.try_get("person_id"))
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.get_person(&id).await {
                Ok(p) => out.push(p),
                Err(StoreError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    async fn record_consent(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person_id: &str,
        input: &ConsentInput,
    ) -> StoreResult<(Vec<ConsentRecord>, i64)> {
        let person = self.get_person(person_id).await?;
        let key = person_key(self, person_id).await?;
        let mut tx = self.write(actor, now).await?;
        let event_id = insert_consent(&mut tx, &key, person_id, person.controller, input).await?;
        let seq = tx.commit().await?;
        let records = self
            .list_consents(person_id)
            .await?
            .into_iter()
            .filter(|c| c.event_id == event_id)
            .collect();
        Ok((records, seq))
    }

    async fn list_consents(&self, person_id: &str) -> StoreResult<Vec<ConsentRecord>> {
        let key = self.keyring().get(&self.keys, person_id).await?;
        let rows = sqlx::query(&format!(
            "SELECT {CONSENT_COLUMNS} FROM consents WHERE person_id = $1 ORDER BY {CONSENT_ORDER}"
        ))
        .bind(person_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| consent_from(row, key.as_ref()))
            .collect()
    }

    async fn stored_people(&self, ids: &[String]) -> StoreResult<Vec<StoredPerson>> {
        super::stored_people::stored_people(self, ids).await
    }

    async fn set_restriction(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person_id: &str,
        place: bool,
        reason: &str,
        request: Option<&str>,
    ) -> StoreResult<(RestrictionRecord, i64)> {
        let person = self.get_person(person_id).await?;
        let key = person_key(self, person_id).await?;
        let mut tx = self.write(actor, now).await?;
        let restriction_id =
            set_restriction_in(self, &mut tx, &person, &key, place, reason, request).await?;
        let seq = tx.commit().await?;
        let record = self
            .list_restrictions(person_id)
            .await?
            .into_iter()
            .find(|r| r.id == restriction_id)
            .ok_or(StoreError::NotFound)?;
        Ok((record, seq))
    }

    async fn list_restrictions(&self, person_id: &str) -> StoreResult<Vec<RestrictionRecord>> {
        let key = self.keyring().get(&self.keys, person_id).await?;
        let rows = sqlx::query("SELECT id, sealed, placed_at, lifted_at FROM restrictions WHERE person_id = $1 ORDER BY placed_at")
            .bind(person_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                let sealed: Vec<u8> = row.try_get("sealed")?;
                let opened: Option<RestrictionSealed> = key
                    .as_ref()
                    .and_then(|k| open_json(k, &restriction_context(&id), &sealed).ok());
                Ok(RestrictionRecord {
                    reason: opened.as_ref().map(|o| o.reason.clone()),
                    lift_reason: opened.and_then(|o| o.lift_reason),
                    placed_at: from_micros(row.try_get("placed_at")?),
                    lifted_at: row.try_get::<Option<i64>, _>("lifted_at")?.map(from_micros),
                    id,
                })
            })
            .collect()
    }

    /// The facts of the people with ids in `ids` (all people when `ids` is `None`). All people
    /// are read with one query per table, the whole table in its own order, and joined by id
    /// in memory: no page is sorted or looked up in an index.
    async fn person_facts(
        &self,
        ids: Option<&[String]>,
        sink: &mut dyn PeopleSink,
    ) -> StoreResult<()> {
        let Some(ids) = ids else {
            return super::facts::scan_all(self.location(), sink).await;
        };
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT id, controller, restricted_at FROM people WHERE id IN ({}) AND erased_at IS NULL ORDER BY id",
            Binds::new(self.dialect).list(ids.len())
        );
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id);
        }
        let people = q.fetch_all(self.pool()).await?;
        let (Some(first), Some(last)) = (people.first(), people.last()) else {
            return Ok(());
        };
        let first: String = first.try_get("id")?;
        let last: String = last.try_get("id")?;
        let mut facts: BTreeMap<String, PersonIndexFacts> = BTreeMap::new();
        for row in &people {
            let p = super::facts::person_row(row)?;
            facts.insert(p.id.clone(), p);
        }
        super::facts::add_facts(self, (&first, &last), &mut facts).await?;
        sink.expect(facts.len());
        for f in facts.into_values() {
            sink.add(f);
        }
        Ok(())
    }
}

/// Whether a rectification gives the person an e-mail address or phone number they did not
/// have: somewhere new to send what could not be delivered.
fn new_address(before: &Profile, after: &Profile) -> bool {
    after.emails.iter().any(|e| !before.emails.contains(e))
        || after.phones.iter().any(|p| !before.phones.contains(p))
}
