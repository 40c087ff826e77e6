//! Retention in SQL (Art. 5(1)(e) GDPR): who is due for purging, the custom fields of ended
//! purposes, old message metadata, the runs' records and the keyring's leftovers.

use async_trait::async_trait;
use sqlx::Row;
use time::OffsetDateTime;

use super::SqlStore;
use super::person_keys::{profile_context, seal_json};
use crate::codec::placeholders;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, LedgerEvent, NewEntry, RetentionFieldsPurged, RetentionMessagesPruned, RetentionRun,
};
use crate::model::Selection;
use crate::store::{PeopleStore, RetentionStore};
use crate::time_codec::to_micros;

/// Which outbox messages the message metadata retention deletes: sent or failed before `$1`.
const PRUNABLE: &str = "FROM outbox WHERE state IN ('sent', 'failed') AND created_at < $1";

/// Texts from people vern does not know, kept under keys of their own: message metadata too.
const PRUNABLE_SMS: &str = "FROM sms_inbound WHERE holder LIKE 'sms:%' AND recorded_at < $1";

#[async_trait]
impl RetentionStore for SqlStore {
    /// People in the recycle bin longer than `before`, not under a hold.
    async fn trash_due(&self, before: OffsetDateTime) -> StoreResult<Vec<String>> {
        sqlx::query(
            "SELECT id FROM people p WHERE erased_at IS NOT NULL AND erased_at <= $1 \
             AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.person_id = p.id) ORDER BY erased_at",
        )
        .bind(to_micros(before))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| Ok(r.try_get("id")?))
        .collect()
    }

    /// People whose every legal hold has ended.
    async fn holds_ended(&self, now: OffsetDateTime) -> StoreResult<Vec<String>> {
        sqlx::query("SELECT person_id, MAX(until) AS last FROM legal_holds GROUP BY person_id")
            .fetch_all(self.pool())
            .await?
            .iter()
            .filter_map(|r| {
                let last: i64 = r.try_get("last").ok()?;
                (last <= to_micros(now)).then(|| r.try_get("person_id").map_err(StoreError::from))
            })
            .collect()
    }

    /// People matching a selection (live ones only).
    async fn select_people(&self, s: &Selection) -> StoreResult<Vec<String>> {
        let mut sql = String::from("SELECT p.id FROM people p WHERE p.erased_at IS NULL");
        let mut n = 0;
        let mut texts: Vec<String> = Vec::new();
        let mut ints: Vec<(usize, i64)> = Vec::new();
        if let Some(c) = s.controller {
            n += 1;
            sql.push_str(&format!(" AND p.controller = ${n}"));
            ints.push((n, c.0));
        }
        if let Some(t) = s.created_before {
            n += 1;
            sql.push_str(&format!(" AND p.created_at < ${n}"));
            ints.push((n, to_micros(t)));
        }
        if let Some(t) = s.inactive_since {
            // Being created is activity: nobody created after the instant is inactive since it.
            sql.push_str(&format!(
                " AND p.created_at < ${} AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.person_id = p.id AND a.at >= ${})",
                n + 1,
                n + 2
            ));
            n += 2;
            ints.push((n - 1, to_micros(t)));
            ints.push((n, to_micros(t)));
        }
        if !s.lists.is_empty() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM person_lists l WHERE l.person_id = p.id AND l.list IN ({}))",
                placeholders(n + 1, s.lists.len())
            ));
            texts.clone_from(&s.lists);
        }
        sql.push_str(" ORDER BY p.id");
        let mut q = sqlx::query(&sql);
        for (_, v) in &ints {
            q = q.bind(*v);
        }
        for t in &texts {
            q = q.bind(t);
        }
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Ok(r.try_get("id")?))
            .collect()
    }

    /// Live people with a consent withdrawn or expired at `now`, or a deal closed: the only ones
    /// whose purposes can have ended. One query, so the hourly run does not visit everyone.
    async fn retention_candidates(&self, now: OffsetDateTime) -> StoreResult<Vec<String>> {
        sqlx::query(
            "SELECT c.person_id AS id FROM consents c JOIN people p ON p.id = c.person_id \
             WHERE p.erased_at IS NULL AND (c.action = 'withdrawn' OR c.expires_at <= $1) \
             UNION SELECT d.person_id AS id FROM deals d JOIN people p ON p.id = d.person_id \
             WHERE p.erased_at IS NULL AND d.closed_at IS NOT NULL ORDER BY id",
        )
        .bind(to_micros(now))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| Ok(r.try_get("id")?))
        .collect()
    }

    /// Remove the custom fields serving `purposes` from a live person's profile, with one ledger
    /// entry naming the purposes and how many fields went (never the fields' values).
    async fn drop_purpose_fields(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        purposes: &[String],
    ) -> StoreResult<(u64, i64)> {
        let person = self.get_person(id).await?;
        let key = super::person_keys::person_key(self, id).await?;
        let mut profile = person.profile.clone();
        profile
            .custom_fields
            .retain(|f| !purposes.contains(&f.purpose));
        let dropped = (person.profile.custom_fields.len() - profile.custom_fields.len()) as u64;
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        sqlx::query(
            "UPDATE people SET sealed = $1, updated_at = $2 WHERE id = $3 AND erased_at IS NULL",
        )
        .bind(seal_json(&key, &profile_context(id), &profile)?)
        .bind(at)
        .bind(id)
        .execute(tx.conn())
        .await?;
        tx.record(
            NewEntry::event(LedgerEvent::RetentionFieldsPurged(RetentionFieldsPurged {
                person: id.to_owned(),
                purposes: purposes.to_vec(),
                fields: dropped,
            }))
            .controller(person.controller.0)
            .subject(id, None),
        )
        .await?;
        Ok((dropped, tx.commit().await?))
    }

    /// How many messages [`prune_messages`] would delete now.
    async fn prunable_messages(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let mut n = 0;
        for from in [PRUNABLE, PRUNABLE_SMS] {
            let count: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n {from}"))
                .bind(to_micros(before))
                .fetch_one(self.pool())
                .await?
                .try_get("n")?;
            n += u64::try_from(count).unwrap_or(0);
        }
        Ok(n)
    }

    /// Delete outbox messages sent or failed before `before` (message metadata retention).
    async fn prune_messages(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        before: OffsetDateTime,
    ) -> StoreResult<(u64, i64)> {
        let mut tx = self.write(actor, now).await?;
        let mut n = sqlx::query(&format!("DELETE {PRUNABLE}"))
            .bind(to_micros(before))
            .execute(tx.conn())
            .await?
            .rows_affected();
        // Texts from unknown senders: the rows go here, their keys once this commits.
        let holders: Vec<String> = sqlx::query(&format!("SELECT holder {PRUNABLE_SMS}"))
            .bind(to_micros(before))
            .fetch_all(tx.conn())
            .await?
            .iter()
            .map(|r| r.try_get("holder"))
            .collect::<Result<_, _>>()?;
        sqlx::query(&format!(
            "DELETE FROM sms_optins WHERE asked_by IN (SELECT id {PRUNABLE_SMS})"
        ))
        .bind(to_micros(before))
        .execute(tx.conn())
        .await?;
        n += sqlx::query(&format!("DELETE {PRUNABLE_SMS}"))
            .bind(to_micros(before))
            .execute(tx.conn())
            .await?
            .rows_affected();
        tx.record(NewEntry::event(LedgerEvent::RetentionMessagesPruned(
            RetentionMessagesPruned {
                deleted: n,
                before: to_micros(before),
            },
        )))
        .await?;
        let seq = tx.commit().await?;
        self.keyring().destroy(&holders).await?;
        Ok((n, seq))
    }

    /// Record a retention run's counts.
    async fn record_retention_run(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        run: RetentionRun,
    ) -> StoreResult<i64> {
        let mut tx = self.write(actor, now).await?;
        tx.record(NewEntry::event(LedgerEvent::RetentionRun(run)))
            .await?;
        tx.commit().await
    }

    /// Keyring entries whose person is gone (a purge whose key destruction was interrupted):
    /// destroy them.
    async fn reconcile_keyring(&self, created_before: OffsetDateTime) -> StoreResult<u64> {
        // Only keys old enough that the write they were made for has long committed or failed.
        // Read in pages by id, so that a keyring of millions is never held in memory at once.
        let mut orphans = Vec::new();
        let mut after = String::new();
        loop {
            let ids: Vec<String> = sqlx::query(
                "SELECT person_id FROM person_keys WHERE person_id > $1 AND created_at < $2 ORDER BY person_id LIMIT 5000",
            )
            .bind(&after)
            .bind(to_micros(created_before))
            .fetch_all(self.keyring().pool())
            .await?
            .iter()
            .map(|r| r.try_get("person_id"))
            .collect::<Result<_, _>>()?;
            let Some(last) = ids.last() else { break };
            after.clone_from(last);
            for chunk in ids.chunks(500) {
                let people = chunk
                    .iter()
                    // A queued message's key and an unknown sender's text's key have no person:
                    // the delivery job and message retention destroy them.
                    .filter(|i| {
                        !i.starts_with("message:") && !i.starts_with(super::sms::INBOUND_HOLDER)
                    })
                    .cloned()
                    .collect::<Vec<_>>();
                if people.is_empty() {
                    continue;
                }
                let sql = format!(
                    "SELECT id FROM people WHERE id IN ({0}) UNION SELECT id FROM requests WHERE id IN ({0})",
                    placeholders(1, people.len())
                );
                let mut q = sqlx::query(&sql);
                for id in &people {
                    q = q.bind(id);
                }
                let alive: std::collections::HashSet<String> = q
                    .fetch_all(self.pool())
                    .await?
                    .iter()
                    .filter_map(|r| r.try_get("id").ok())
                    .collect();
                orphans.extend(people.into_iter().filter(|i| !alive.contains(i)));
            }
        }
        if orphans.is_empty() {
            return Ok(0);
        }
        self.keyring().destroy(&orphans).await
    }
}
