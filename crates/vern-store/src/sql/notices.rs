//! Art. 14 notices in SQL (docs/notices.md). A person whose data came from elsewhere has a row
//! in `art14_notices`, written with them; each step here changes it and writes its ledger entry
//! (naming the person, so the index reloads their `art14_pending`) in one transaction.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use vern_core::ControllerId;
use vern_core::notice::Exemption;

use super::SqlStore;
use super::person_keys::{open_json, person_key, seal_json};
use crate::codec::placeholders;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, Art14Step, Art14TextSet, LedgerEvent, NewEntry, WriteTx};
use crate::model::{Art14Counts, Art14Notice, NewMessage, OwedNotice, PersonSource};
use crate::store::NoticeStore;
use crate::time_codec::{from_micros, to_micros};

/// The states that still hold up direct marketing (`Art14Notice::pending`).
pub(super) const PENDING_STATES: &str = "('owed', 'queued', 'failed')";

fn exemption_context(person: &str) -> String {
    format!("art14:{person}:exemption")
}

fn step(person: &str) -> Art14Step {
    Art14Step {
        person: person.to_owned(),
        source: None,
        due_at: None,
        message: None,
        via: None,
        exemption: None,
        failure: None,
        cause: None,
    }
}

fn entry(event: LedgerEvent, controller: i64, person: &str) -> NewEntry {
    NewEntry::event(event)
        .controller(controller)
        .subject(person, None)
}

/// Write a new person's source in the transaction that creates them: nothing for the person
/// themself; otherwise the notice is owed, due one month after obtaining the data (Art.
/// 14(3)(a)), with `notice.art14_owed`.
pub(super) async fn write_source(
    tx: &mut WriteTx<'_>,
    person: &str,
    controller: ControllerId,
    source: &PersonSource,
    now: OffsetDateTime,
) -> StoreResult<()> {
    let Some(due) = owe_notice(tx, person, controller, source, now).await? else {
        return Ok(());
    };
    tx.record(entry(
        LedgerEvent::NoticeArt14Owed(Art14Step {
            source: Some(source.source.as_str().to_owned()),
            due_at: Some(due),
            ..step(person)
        }),
        controller.0,
        person,
    ))
    .await?;
    Ok(())
}

/// The notice row of a new person whose data came from someone else (nothing for the person
/// themself); returns its due time. The caller writes the ledger entry: `write_source` its
/// own, an import the person's `person.imported`.
pub(super) async fn owe_notice(
    tx: &mut WriteTx<'_>,
    person: &str,
    controller: ControllerId,
    source: &PersonSource,
    now: OffsetDateTime,
) -> StoreResult<Option<i64>> {
    if !source.source.needs_art14_notice() {
        return Ok(None);
    }
    let at = tx.at_micros();
    let due = to_micros(vern_core::notice::due(now, None, None));
    sqlx::query(
        "INSERT INTO art14_notices (person_id, controller, source, supplier, state, obtained_at, due_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'owed', $5, $6, $5)",
    )
    .bind(person)
    .bind(controller.0)
    .bind(source.source.as_str())
    .bind(source.supplier.as_deref())
    .bind(at)
    .bind(due)
    .execute(tx.conn())
    .await?;
    Ok(Some(due))
}

/// Why the outbox gave a message up, as a category without personal data. `error` is the
/// delivery's reason (`delivery::DeliveryError`, written by vern, never the server's words);
/// `attempts` the attempts made, this last one included: a failure after earlier tries is the
/// retries running out.
pub(super) fn failure_category(error: &str, attempts: i64) -> &'static str {
    if error.contains("key was destroyed") {
        "erased"
    } else if error.contains("not a valid") {
        "invalid_address"
    } else if attempts > 1 {
        "retries_exhausted"
    } else if error.contains("refused") {
        "refused"
    } else {
        "other"
    }
}

/// Move the notice carried by an outbox message on, in `finish_outbox`'s transaction: delivered
/// (`failure` `None`) is `sent`, given up is `failed` with its category (still owed, shown to
/// staff, owed again when the address changes or staff retry).
pub(super) async fn message_finished(
    tx: &mut WriteTx<'_>,
    message: &str,
    channel: &str,
    failure: Option<&'static str>,
) -> StoreResult<()> {
    let Some(row) = sqlx::query(
        "SELECT person_id, controller FROM art14_notices WHERE message_id = $1 AND state = 'queued'",
    )
    .bind(message)
    .fetch_optional(tx.conn())
    .await?
    else {
        return Ok(());
    };
    let person: String = row.try_get("person_id")?;
    let controller: i64 = row.try_get("controller")?;
    let at = tx.at_micros();
    let sent = failure.is_none();
    let (state, event): (&str, fn(Art14Step) -> LedgerEvent) = if sent {
        ("sent", LedgerEvent::NoticeArt14Sent)
    } else {
        ("failed", LedgerEvent::NoticeArt14Failed)
    };
    sqlx::query(
        "UPDATE art14_notices SET state = $1, sent_at = $2, sent_via = $3, failure = $4, failed_at = $5, updated_at = $6 WHERE person_id = $7",
    )
    .bind(state)
    .bind(sent.then_some(at))
    .bind(sent.then_some(channel))
    .bind(failure)
    .bind((!sent).then_some(at))
    .bind(at)
    .bind(&person)
    .execute(tx.conn())
    .await?;
    tx.record(entry(
        event(Art14Step {
            message: Some(message.to_owned()),
            via: Some(channel.to_owned()),
            failure: failure.map(str::to_owned),
            ..step(&person)
        }),
        controller,
        &person,
    ))
    .await?;
    Ok(())
}

/// A notice that failed for good is owed again, with `notice.art14_requeued` naming `cause`
/// (`address_changed`, `staff_retry`), in the caller's transaction; the sending job queues it
/// to the person's address as it is then. Only a `failed` notice moves: one sent, excused,
/// owed or in the outbox is left alone (never sent twice). Whether it moved.
pub(super) async fn requeue(tx: &mut WriteTx<'_>, person: &str, cause: &str) -> StoreResult<bool> {
    let Some(row) = sqlx::query(
        "SELECT controller FROM art14_notices WHERE person_id = $1 AND state = 'failed'",
    )
    .bind(person)
    .fetch_optional(tx.conn())
    .await?
    else {
        return Ok(false);
    };
    let controller: i64 = row.try_get("controller")?;
    let at = tx.at_micros();
    sqlx::query(
        "UPDATE art14_notices SET state = 'owed', failure = NULL, failed_at = NULL, message_id = NULL, queued_at = NULL, updated_at = $1 WHERE person_id = $2 AND state = 'failed'",
    )
    .bind(at)
    .bind(person)
    .execute(tx.conn())
    .await?;
    tx.record(entry(
        LedgerEvent::NoticeArt14Requeued(Art14Step {
            cause: Some(cause.to_owned()),
            ..step(person)
        }),
        controller,
        person,
    ))
    .await?;
    Ok(true)
}

const COLUMNS: &str = "person_id, controller, source, supplier, state, obtained_at, due_at, message_id, queued_at, sent_at, sent_via, exemption, exemption_sealed, exempted_by, failure, failed_at, attempts";

#[derive(serde::Serialize, serde::Deserialize)]
struct ExemptionSealed {
    reason: String,
}

async fn notice_from(store: &SqlStore, row: &AnyRow) -> StoreResult<Art14Notice> {
    let person_id: String = row.try_get("person_id")?;
    let sealed: Option<Vec<u8>> = row.try_get("exemption_sealed")?;
    let exemption_reason = match sealed {
        Some(sealed) => match store.keyring().get(&store.keys, &person_id).await? {
            Some(key) => {
                open_json::<ExemptionSealed>(&key, &exemption_context(&person_id), &sealed)
                    .ok()
                    .map(|s| s.reason)
            }
            None => None,
        },
        None => None,
    };
    Ok(Art14Notice {
        controller: ControllerId(row.try_get("controller")?),
        source: row.try_get("source")?,
        supplier: row.try_get("supplier")?,
        state: row.try_get("state")?,
        obtained_at: from_micros(row.try_get("obtained_at")?),
        due_at: from_micros(row.try_get("due_at")?),
        message_id: row.try_get("message_id")?,
        queued_at: row.try_get::<Option<i64>, _>("queued_at")?.map(from_micros),
        sent_at: row.try_get::<Option<i64>, _>("sent_at")?.map(from_micros),
        sent_via: row.try_get("sent_via")?,
        exemption: row.try_get("exemption")?,
        exemption_reason,
        exempted_by: row.try_get("exempted_by")?,
        failure: row.try_get("failure")?,
        failed_at: row.try_get::<Option<i64>, _>("failed_at")?.map(from_micros),
        attempts: row.try_get("attempts")?,
        person_id,
    })
}

/// The people with an address the notice can go to: an e-mail address, or with `sms` a phone.
fn has_address(sms: bool) -> &'static str {
    if sms {
        "EXISTS (SELECT 1 FROM person_identifiers i WHERE i.person_id = n.person_id AND i.kind IN ('email', 'phone'))"
    } else {
        "EXISTS (SELECT 1 FROM person_identifiers i WHERE i.person_id = n.person_id AND i.kind = 'email')"
    }
}

#[async_trait]
impl NoticeStore for SqlStore {
    async fn art14_notice(&self, person: &str) -> StoreResult<Option<Art14Notice>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM art14_notices WHERE person_id = $1"
        ))
        .bind(person)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(row) => Ok(Some(notice_from(self, &row).await?)),
            None => Ok(None),
        }
    }

    async fn owed_art14_notices(&self, sms: bool, limit: i64) -> StoreResult<Vec<OwedNotice>> {
        let rows = sqlx::query(&format!(
            "SELECT n.person_id, n.controller FROM art14_notices n JOIN people p ON p.id = n.person_id \
             WHERE n.state = 'owed' AND p.erased_at IS NULL AND {} ORDER BY n.obtained_at, n.person_id LIMIT $1",
            has_address(sms)
        ))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OwedNotice {
                    person_id: r.try_get("person_id")?,
                    controller: ControllerId(r.try_get("controller")?),
                })
            })
            .collect()
    }

    async fn queue_art14_notice(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        message: &NewMessage,
    ) -> StoreResult<i64> {
        let key = person_key(self, person).await?;
        let mut tx = self.write(actor, now).await?;
        let row = sqlx::query(
            "SELECT controller FROM art14_notices WHERE person_id = $1 AND state = 'owed'",
        )
        .bind(person)
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| StoreError::Conflict("the notice is no longer owed".to_owned()))?;
        let controller = ControllerId(row.try_get("controller")?);
        let ids = super::queue::enqueue(
            &mut tx,
            &key,
            person,
            controller,
            None,
            std::slice::from_ref(message),
        )
        .await?;
        let id = ids
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Other("no message queued".to_owned()))?;
        let at = tx.at_micros();
        sqlx::query(
            "UPDATE art14_notices SET state = 'queued', message_id = $1, queued_at = $2, updated_at = $2, attempts = attempts + 1 WHERE person_id = $3",
        )
        .bind(&id)
        .bind(at)
        .bind(person)
        .execute(tx.conn())
        .await?;
        tx.record(entry(
            LedgerEvent::NoticeArt14Queued(Art14Step {
                message: Some(id),
                via: Some(message.channel.clone()),
                ..step(person)
            }),
            controller.0,
            person,
        ))
        .await?;
        tx.commit().await
    }

    async fn record_art14_given(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        people: &[String],
    ) -> StoreResult<Option<i64>> {
        if people.is_empty() {
            return Ok(None);
        }
        let mut tx = self.write(actor, now).await?;
        let sql = format!(
            "SELECT person_id FROM art14_notices WHERE controller = $1 AND state IN {PENDING_STATES} AND person_id IN ({}) ORDER BY person_id",
            placeholders(2, people.len())
        );
        let mut q = sqlx::query(&sql).bind(controller.0);
        for p in people {
            q = q.bind(p);
        }
        let owed: Vec<String> = q
            .fetch_all(tx.conn())
            .await?
            .iter()
            .map(|r| r.try_get("person_id"))
            .collect::<Result<_, _>>()?;
        if owed.is_empty() {
            return Ok(None);
        }
        let at = tx.at_micros();
        for person in &owed {
            sqlx::query(
                "UPDATE art14_notices SET state = 'sent', sent_at = $1, sent_via = 'first_communication', updated_at = $1 WHERE person_id = $2",
            )
            .bind(at)
            .bind(person)
            .execute(tx.conn())
            .await?;
            tx.record(entry(
                LedgerEvent::NoticeArt14Sent(Art14Step {
                    via: Some("first_communication".to_owned()),
                    ..step(person)
                }),
                controller.0,
                person,
            ))
            .await?;
        }
        Ok(Some(tx.commit().await?))
    }

    async fn record_art14_exemption(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        exemption: Exemption,
        reason: &str,
        recorded_by: &str,
    ) -> StoreResult<(Art14Notice, i64)> {
        let key = person_key(self, person).await?;
        let mut tx = self.write(actor, now).await?;
        let row = sqlx::query("SELECT controller, state FROM art14_notices WHERE person_id = $1")
            .bind(person)
            .fetch_optional(tx.conn())
            .await?
            .ok_or_else(|| {
                StoreError::Conflict(
                    "the person's data came from themself: no Art. 14 notice is owed".to_owned(),
                )
            })?;
        let state: String = row.try_get("state")?;
        if matches!(state.as_str(), "sent" | "exempt") {
            return Err(StoreError::Conflict(format!(
                "the notice is already {}",
                if state == "sent" { "sent" } else { "excused" }
            )));
        }
        let controller: i64 = row.try_get("controller")?;
        let sealed = seal_json(
            &key,
            &exemption_context(person),
            &ExemptionSealed {
                reason: reason.to_owned(),
            },
        )?;
        let at = tx.at_micros();
        sqlx::query(
            "UPDATE art14_notices SET state = 'exempt', exemption = $1, exemption_sealed = $2, exempted_by = $3, updated_at = $4 WHERE person_id = $5",
        )
        .bind(exemption.as_str())
        .bind(sealed)
        .bind(recorded_by)
        .bind(at)
        .bind(person)
        .execute(tx.conn())
        .await?;
        tx.record(entry(
            LedgerEvent::NoticeArt14Exempted(Art14Step {
                exemption: Some(exemption.as_str().to_owned()),
                ..step(person)
            }),
            controller,
            person,
        ))
        .await?;
        let seq = tx.commit().await?;
        let notice = self
            .art14_notice(person)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((notice, seq))
    }

    async fn retry_art14_notice(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
    ) -> StoreResult<(Art14Notice, i64)> {
        let mut tx = self.write(actor, now).await?;
        let state: Option<String> =
            sqlx::query("SELECT state FROM art14_notices WHERE person_id = $1")
                .bind(person)
                .fetch_optional(tx.conn())
                .await?
                .map(|r| r.try_get("state"))
                .transpose()?;
        let Some(state) = state else {
            return Err(StoreError::Conflict(
                "the person's data came from themself: no Art. 14 notice is owed".to_owned(),
            ));
        };
        if !requeue(&mut tx, person, "staff_retry").await? {
            return Err(StoreError::Conflict(format!(
                "only a notice that failed can be sent again; this one is {state}"
            )));
        }
        let seq = tx.commit().await?;
        let notice = self
            .art14_notice(person)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((notice, seq))
    }

    async fn list_art14_notices(
        &self,
        state: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<Art14Notice>> {
        let only = if state.is_some() {
            "AND n.state = $1"
        } else {
            ""
        };
        let columns = COLUMNS
            .split(", ")
            .map(|c| format!("n.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {columns} FROM art14_notices n JOIN people p ON p.id = n.person_id \
             WHERE n.state IN {PENDING_STATES} AND p.erased_at IS NULL {only} \
             ORDER BY n.due_at, n.person_id LIMIT {}",
            limit.max(0)
        );
        let mut q = sqlx::query(&sql);
        if let Some(state) = state {
            q = q.bind(state);
        }
        let rows = q.fetch_all(self.pool()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(notice_from(self, row).await?);
        }
        Ok(out)
    }

    async fn art14_counts(&self, now: OffsetDateTime, sms: bool) -> StoreResult<Art14Counts> {
        let row = sqlx::query(&format!(
            "SELECT COUNT(*) AS owed, \
             COALESCE(SUM(CASE WHEN n.due_at <= $1 THEN 1 ELSE 0 END), 0) AS overdue, \
             COALESCE(SUM(CASE WHEN n.state = 'owed' AND NOT {} THEN 1 ELSE 0 END), 0) AS no_address, \
             COALESCE(SUM(CASE WHEN n.state = 'failed' THEN 1 ELSE 0 END), 0) AS failed \
             FROM art14_notices n JOIN people p ON p.id = n.person_id \
             WHERE n.state IN {PENDING_STATES} AND p.erased_at IS NULL",
            has_address(sms)
        ))
        .bind(to_micros(now))
        .fetch_one(self.pool())
        .await?;
        let count = |name: &str| -> StoreResult<u64> {
            Ok(u64::try_from(row.try_get::<i64, _>(name)?).unwrap_or(0))
        };
        Ok(Art14Counts {
            owed: count("owed")?,
            overdue: count("overdue")?,
            no_address: count("no_address")?,
            failed: count("failed")?,
        })
    }

    async fn art14_texts(&self, controller: ControllerId) -> StoreResult<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT language, intro FROM art14_notice_texts WHERE controller = $1 ORDER BY language",
        )
        .bind(controller.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("language")?, r.try_get("intro")?)))
            .collect()
    }

    async fn set_art14_text(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        language: &str,
        intro: Option<&str>,
    ) -> StoreResult<i64> {
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        sqlx::query("DELETE FROM art14_notice_texts WHERE controller = $1 AND language = $2")
            .bind(controller.0)
            .bind(language)
            .execute(tx.conn())
            .await?;
        if let Some(intro) = intro {
            sqlx::query(
                "INSERT INTO art14_notice_texts (controller, language, intro, updated_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(controller.0)
            .bind(language)
            .bind(intro)
            .bind(at)
            .execute(tx.conn())
            .await?;
        }
        tx.record(
            NewEntry::event(LedgerEvent::NoticeArt14TextSet(Art14TextSet {
                controller: controller.0,
                language: language.to_owned(),
                set: intro.is_some(),
            }))
            .controller(controller.0),
        )
        .await?;
        tx.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::failure_category;

    #[test]
    fn a_failure_is_named_by_its_category_only() {
        let cases = [
            (
                "the recipient is not a valid e-mail address",
                1,
                "invalid_address",
            ),
            ("the SMS gateway refused the message (400)", 1, "refused"),
            (
                "the SMTP server refused the message permanently (SMTP 550)",
                1,
                "refused",
            ),
            (
                "could not connect to the SMTP server",
                6,
                "retries_exhausted",
            ),
            (
                "the SMTP server refused the message for now (SMTP 451)",
                6,
                "retries_exhausted",
            ),
            (
                "the message cannot be opened: the person's key was destroyed (erased)",
                1,
                "erased",
            ),
            ("unsupported channel", 1, "other"),
        ];
        for (error, attempts, want) in cases {
            assert_eq!(failure_category(error, attempts), want, "{error}");
        }
    }
}
