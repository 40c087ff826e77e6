//! Erasure in SQL: the recycle bin, purge and anonymization, legal holds, mass selection.
//!
//! A purge removes every piece of a person's data: their row, identifiers, lists, consent
//! evidence, restrictions, share links, the correspondence of their requests, the free text of
//! their history; activities, deals and todos stay for statistics without a link to them.
//! Objections and suppressions stay as digests. Then the person's key is destroyed, which makes
//! anything sealed with it unreadable everywhere, backups of the data included. Ledger entries
//! stay, and the chain stays whole.

use crate::store::{ErasureStore, PeopleStore};
use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use time::OffsetDateTime;
use vern_core::{ControllerId, LegalBasis, RetentionFrom};

use super::SqlStore;
use super::people::person_any;
use super::person_keys::{profile_context, seal_json};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, LedgerEvent, NewEntry, PersonErased, PersonPurged, PersonRestored, WriteTx,
};
use crate::model::{Hold, NewMessage, Person, Profile, PurgeKind, PurgeOutcome, TrashEntry};
use crate::seal::PersonKey;
use crate::time_codec::{from_micros, to_micros};

async fn has_hold(store: &SqlStore, id: &str) -> StoreResult<bool> {
    Ok(
        sqlx::query("SELECT purpose FROM legal_holds WHERE person_id = $1")
            .bind(id)
            .fetch_optional(store.pool())
            .await?
            .is_some(),
    )
}

/// The holds legal obligations put on a person: purposes on the basis of a legal obligation
/// with a retention period, that the person's data serves (custom fields tied to them, or
/// transactions when the purpose names fields it keeps).
pub(super) async fn holds_on(
    store: &SqlStore,
    person: &Person,
    now: OffsetDateTime,
) -> StoreResult<Vec<Hold>> {
    let purposes = sqlx::query(
        "SELECT key, legal_basis, retention, holds_fields, retention_from FROM purposes WHERE controller = $1",
    )
    .bind(person.controller.0)
    .fetch_all(store.pool())
    .await?;
    let last_deal: Option<i64> = sqlx::query(
        "SELECT MAX(CASE WHEN closed_at IS NULL THEN opened_at ELSE closed_at END) AS last FROM deals WHERE person_id = $1",
    )
    .bind(&person.id)
    .fetch_one(store.pool())
    .await?
    .try_get("last")?;
    let bookkeeping = super::customers::Bookkeeping::of(store, person.controller).await?;
    let mut holds = Vec::new();
    for row in purposes {
        let basis: String = row.try_get("legal_basis")?;
        let retention: Option<String> = row.try_get("retention")?;
        let from: Option<String> = row.try_get("retention_from")?;
        if basis.parse::<LegalBasis>() != Ok(LegalBasis::LegalObligation) {
            continue;
        }
        let explicit = from.and_then(|f| f.parse::<RetentionFrom>().ok());
        let from = RetentionFrom::effective(explicit, LegalBasis::LegalObligation);
        let retention = match retention.map(|r| vern_core::Retention::parse(&r)) {
            Some(Ok(r)) => Some(r),
            Some(Err(_)) => continue,
            // Counted from the financial year, the country's statutory period applies.
            None if from == RetentionFrom::FinancialYearEnd => None,
            None => continue,
        };
        let key: String = row.try_get("key")?;
        let named: Vec<String> = row
            .try_get::<String, _>("holds_fields")?
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect();
        let custom: Vec<String> = person
            .profile
            .custom_fields
            .iter()
            .filter(|f| f.purpose == key)
            .map(|f| format!("custom:{}", f.name))
            .collect();
        let serves = !custom.is_empty() || (!named.is_empty() && last_deal.is_some());
        if !serves {
            continue;
        }
        let start = last_deal.map_or(person.updated_at, from_micros);
        let until = match (from, retention) {
            (RetentionFrom::FinancialYearEnd, period) => bookkeeping.until(period, start),
            (RetentionFrom::Record, Some(retention)) => {
                start.replace_date(retention.ends(start.date()))
            }
            (RetentionFrom::Record, None) => continue,
        };
        if until <= now {
            continue;
        }
        let mut fields = named;
        fields.extend(custom);
        holds.push(Hold {
            purpose: key,
            fields,
            until,
        });
    }
    Ok(holds)
}

/// The profile reduced to what holds keep.
fn held_profile(profile: &Profile, holds: &[Hold]) -> Profile {
    let keeps = |f: &str| holds.iter().any(|h| h.fields.iter().any(|x| x == f));
    Profile {
        name: if keeps("name") {
            profile.name.clone()
        } else {
            String::new()
        },
        phones: if keeps("phones") {
            profile.phones.clone()
        } else {
            Vec::new()
        },
        emails: if keeps("emails") {
            profile.emails.clone()
        } else {
            Vec::new()
        },
        national_id: if keeps("national_id") {
            profile.national_id.clone()
        } else {
            None
        },
        national_id_country: if keeps("national_id") {
            profile.national_id_country.clone()
        } else {
            None
        },
        address: if keeps("address") {
            profile.address.clone()
        } else {
            None
        },
        custom_fields: profile
            .custom_fields
            .iter()
            .filter(|f| keeps(&format!("custom:{}", f.name)))
            .cloned()
            .collect(),
        language: profile.language.clone(),
        // The id in the system the person came from goes with them: a hold keeps records, not
        // the way back to a CRM's customer.
        external_id: None,
    }
}

/// Delete or detach everything of a person's but the row itself.
async fn strip(
    tx: &mut WriteTx<'_>,
    id: &str,
    _key: &PersonKey,
    unlink_deals: bool,
    outcome: &mut PurgeOutcome,
) -> StoreResult<()> {
    for table in [
        "person_identifiers",
        "person_lists",
        "person_names",
        "restrictions",
        "share_links",
        "customer_relationships",
        "business_contacts",
        "soft_opt_ins",
        "call_requests",
        "art14_notices",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE person_id = $1"))
            .bind(id)
            .execute(tx.conn())
            .await?;
    }
    outcome.consents = sqlx::query("DELETE FROM consents WHERE person_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?
        .rows_affected();
    let mut history = 0;
    for table in ["activities", "todos"] {
        history += sqlx::query(&format!(
            "UPDATE {table} SET person_id = NULL, sealed = NULL WHERE person_id = $1"
        ))
        .bind(id)
        .execute(tx.conn())
        .await?
        .rows_affected();
    }
    // Deals keep amount, stage, owner and dates; a legal hold keeps them tied to the person.
    let deals = if unlink_deals {
        "UPDATE deals SET person_id = NULL, sealed = NULL WHERE person_id = $1"
    } else {
        "UPDATE deals SET sealed = NULL WHERE person_id = $1"
    };
    history += sqlx::query(deals)
        .bind(id)
        .execute(tx.conn())
        .await?
        .rows_affected();
    outcome.history_anonymized = history;
    let requests: Vec<String> = sqlx::query("SELECT id FROM requests WHERE person_id = $1")
        .bind(id)
        .fetch_all(tx.conn())
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    for r in &requests {
        sqlx::query("UPDATE request_events SET sealed = NULL WHERE request_id = $1")
            .bind(r)
            .execute(tx.conn())
            .await?;
        sqlx::query("DELETE FROM request_digests WHERE request_id = $1")
            .bind(r)
            .execute(tx.conn())
            .await?;
        sqlx::query("DELETE FROM request_codes WHERE request_id = $1")
            .bind(r)
            .execute(tx.conn())
            .await?;
        sqlx::query(
            "DELETE FROM outbox WHERE request_id = $1 AND subject_key NOT LIKE 'message:%'",
        )
        .bind(r)
        .execute(tx.conn())
        .await?;
    }
    outcome.requests_anonymized =
        sqlx::query("UPDATE requests SET sealed = NULL, person_id = NULL WHERE person_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?
            .rows_affected();
    sqlx::query("DELETE FROM outbox WHERE subject_key = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Destroy a person's key and make the data files let go of what was deleted.
pub(super) async fn shred(store: &SqlStore, id: &str) -> StoreResult<()> {
    store.keyring().destroy(&[id.to_owned()]).await?;
    match store.dialect {
        crate::db::Dialect::Sqlite => {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(store.pool())
                .await?;
        }
        crate::db::Dialect::Postgres => {
            for table in [
                "people",
                "consents",
                "restrictions",
                "activities",
                "deals",
                "todos",
                "requests",
                "request_events",
                "outbox",
                "share_links",
            ] {
                sqlx::query(&format!("VACUUM {table}"))
                    .execute(store.pool())
                    .await?;
            }
        }
    }
    Ok(())
}

#[async_trait]
impl ErasureStore for SqlStore {
    async fn holds_for(&self, id: &str, now: OffsetDateTime) -> StoreResult<Vec<Hold>> {
        let (person, _) = person_any(self, id).await?;
        holds_on(self, &person, now).await
    }

    /// Move a person to the recycle bin: invisible everywhere, restorable until purged. A
    /// confirmation to the person is queued first, under a key of its own.
    async fn erase_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        reason: &str,
        messages: &[NewMessage],
    ) -> StoreResult<i64> {
        let person = self.get_person(id).await?;
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        sqlx::query(
            "UPDATE people SET erased_at = $1, erase_reason = $2 WHERE id = $3 AND erased_at IS NULL",
        )
        .bind(at)
        .bind(reason)
        .bind(id)
        .execute(tx.conn())
        .await?;
        // The bin hides the person from the index: their identifiers must stay denied without them.
        super::kept_suppressions::keep_for(&mut tx, id, person.controller).await?;
        let queued =
            super::queue::enqueue_detached(self, &mut tx, person.controller, messages, now).await?;
        // The messages are named so that a restore can cancel them (or tell the person).
        tx.record(
            NewEntry::event(LedgerEvent::PersonErased(PersonErased {
                person: id.to_owned(),
                reason: reason.to_owned(),
                messages: queued,
            }))
            .controller(person.controller.0)
            .subject(id, None),
        )
        .await?;
        tx.commit().await
    }

    /// Take a person out of the recycle bin. Messages the erasure queued that were not tried yet
    /// are withdrawn; when one may have gone out, `tell` (the word that the erasure was
    /// cancelled) is queued to the person.
    async fn restore_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        tell: &[NewMessage],
    ) -> StoreResult<i64> {
        let (person, erased) = person_any(self, id).await?;
        if erased.is_none() {
            return Err(StoreError::Conflict(
                "the person is not in the recycle bin".to_owned(),
            ));
        }
        if has_hold(self, id).await? {
            return Err(StoreError::Conflict(
                "the person was purged; only what a legal obligation keeps remains".to_owned(),
            ));
        }
        let key = super::person_keys::person_key(self, id).await?;
        let mut tx = self.write(actor, now).await?;
        sqlx::query("UPDATE people SET erased_at = NULL, erase_reason = NULL WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        // Findable by name again (a person binned before the name index existed has no entries).
        super::directory::index_name(&mut tx, id, &person.profile.name).await?;
        // The erasure's messages: those not yet tried are withdrawn; if one may have gone out, the
        // person is told that the erasure was cancelled.
        let last_erasure: Option<String> = sqlx::query(
            "SELECT payload FROM ledger WHERE subject = $1 AND kind = 'person.erased' ORDER BY seq DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(tx.conn())
        .await?
        .map(|r| r.try_get("payload"))
        .transpose()?;
        let announced = match last_erasure.map(|p| LedgerEvent::parse("person.erased", &p)) {
            Some(LedgerEvent::PersonErased(erased)) => erased.messages,
            _ => Vec::new(),
        };
        let mut withdrawn = Vec::new();
        let mut gone_out = false;
        for message in &announced {
            let holder: Option<String> = sqlx::query(
                "DELETE FROM outbox WHERE id = $1 AND state = 'pending' AND attempts = 0 RETURNING subject_key",
            )
            .bind(message)
            .fetch_optional(tx.conn())
            .await?
            .map(|r| r.try_get("subject_key"))
            .transpose()?;
            match holder {
                Some(h) => withdrawn.push(h),
                None => gone_out = true,
            }
        }
        let told = if gone_out {
            super::queue::enqueue(&mut tx, &key, id, person.controller, None, tell).await?
        } else {
            Vec::new()
        };
        tx.record(
            NewEntry::event(LedgerEvent::PersonRestored(PersonRestored {
                person: id.to_owned(),
                messages_withdrawn: withdrawn.len() as u64,
                messages: told,
            }))
            .controller(person.controller.0)
            .subject(id, None),
        )
        .await?;
        let seq = tx.commit().await?;
        // The withdrawn messages' own keys have nothing left to open.
        if !withdrawn.is_empty() {
            self.keyring().destroy(&withdrawn).await?;
        }
        Ok(seq)
    }

    async fn list_trash(&self) -> StoreResult<Vec<TrashEntry>> {
        let rows = sqlx::query(
            "SELECT p.id, p.controller, p.erased_at, p.erase_reason, \
             CASE WHEN EXISTS (SELECT 1 FROM legal_holds h WHERE h.person_id = p.id) THEN 1 ELSE 0 END AS held \
             FROM people p WHERE p.erased_at IS NOT NULL ORDER BY p.erased_at",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TrashEntry {
                    id: r.try_get("id")?,
                    controller: ControllerId(r.try_get("controller")?),
                    erased_at: from_micros(r.try_get("erased_at")?),
                    reason: r.try_get("erase_reason")?,
                    held: r.try_get::<i64, _>("held")? != 0,
                })
            })
            .collect()
    }

    /// Remove everything of a person but what legal holds keep; destroy their key unless a hold
    /// remains. `kind` names the ledger entry (`person.purged`, `person.anonymized`). `digests`
    /// are the hex digests of the person's identifiers, for the notice to recipients.
    async fn purge_person(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        kind: PurgeKind,
        digests: Vec<String>,
    ) -> StoreResult<(PurgeOutcome, i64)> {
        let event = match kind {
            PurgeKind::Purged => LedgerEvent::PersonPurged,
            PurgeKind::Anonymized => LedgerEvent::PersonAnonymized,
        };
        let (person, _) = person_any(self, id).await?;
        let key = super::person_keys::person_key(self, id).await?;
        let holds = holds_on(self, &person, now).await?;
        let mut outcome = PurgeOutcome {
            kept: holds.clone(),
            ..PurgeOutcome::default()
        };
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        // Before the link between the person and their identifiers is gone.
        super::kept_suppressions::keep_for(&mut tx, id, person.controller).await?;
        strip(&mut tx, id, &key, holds.is_empty(), &mut outcome).await?;
        if holds.is_empty() {
            sqlx::query("DELETE FROM legal_holds WHERE person_id = $1")
                .bind(id)
                .execute(tx.conn())
                .await?;
            sqlx::query("DELETE FROM people WHERE id = $1")
                .bind(id)
                .execute(tx.conn())
                .await?;
        } else {
            let reduced = held_profile(&person.profile, &holds);
            sqlx::query("UPDATE people SET sealed = $1, erased_at = COALESCE(erased_at, $2), restricted_at = NULL, external_key = NULL, updated_at = $2 WHERE id = $3")
                .bind(seal_json(&key, &profile_context(id), &reduced)?)
                .bind(at)
                .bind(id)
                .execute(tx.conn())
                .await?;
            sqlx::query("DELETE FROM legal_holds WHERE person_id = $1")
                .bind(id)
                .execute(tx.conn())
                .await?;
            for h in &holds {
                sqlx::query("INSERT INTO legal_holds (person_id, purpose, fields, until, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id)
                    .bind(&h.purpose)
                    .bind(h.fields.join(","))
                    .bind(to_micros(h.until))
                    .bind(at)
                    .execute(tx.conn())
                    .await?;
            }
        }
        // Each recipient's own hashes of the identifiers, made while they can still be read: the
        // notice is queued after the data is gone (Art. 19).
        let recipients = super::webhooks::recipient_hashes(
            self,
            &mut tx,
            "erasure",
            &person.profile.notice_forms(),
        )
        .await?;
        tx.record(
            NewEntry::event(event(PersonPurged {
                person: id.to_owned(),
                digests,
                recipients: (!recipients.is_empty()).then_some(recipients),
                shredded: holds.is_empty(),
                kept: json!(holds),
                consents: outcome.consents,
                history_anonymized: outcome.history_anonymized,
                requests_anonymized: outcome.requests_anonymized,
            }))
            .controller(person.controller.0)
            .subject(id, None),
        )
        .await?;
        let seq = tx.commit().await?;
        if holds.is_empty() {
            shred(self, id).await?;
            outcome.shredded = true;
        }
        Ok((outcome, seq))
    }

    /// The holds on a person.
    async fn person_holds(&self, id: &str) -> StoreResult<Vec<Hold>> {
        sqlx::query(
            "SELECT purpose, fields, until FROM legal_holds WHERE person_id = $1 ORDER BY purpose",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(Hold {
                purpose: r.try_get("purpose")?,
                fields: r
                    .try_get::<String, _>("fields")?
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(str::to_owned)
                    .collect(),
                until: from_micros(r.try_get("until")?),
            })
        })
        .collect()
    }
}
