//! The outbox in SQL: messages queued in the writing transaction, sealed with the person's key
//! or a key of their own, claimed for delivery under a lease and marked sent, retrying or failed.

use crate::store::OutboxStore;
use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::ControllerId;

use super::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, LedgerEvent, MessageAttempt, MessageQueued, NewEntry, WriteTx};
use crate::model::{NewMessage, OutboxMessage, RequestRecord};
use crate::seal::PersonKey;
use crate::time_codec::{from_micros, to_micros};

fn outbox_context(id: &str) -> String {
    format!("outbox:{id}")
}

/// Queue messages sealed with keys of their own (`message:<id>` in the keyring), not the
/// person's: an erasure confirmation must survive the purge of the person it confirms. The key
/// is destroyed once the message is sent or given up.
pub(super) async fn enqueue_detached(
    store: &SqlStore,
    tx: &mut WriteTx<'_>,
    controller: ControllerId,
    messages: &[NewMessage],
    now: OffsetDateTime,
) -> StoreResult<Vec<String>> {
    let mut ids = Vec::with_capacity(messages.len());
    for m in messages {
        let holder = format!("message:{}", Uuid::now_v7());
        let key = store.keyring().create(&store.keys, &holder, now).await?;
        ids.extend(enqueue(tx, &key, &holder, controller, None, std::slice::from_ref(m)).await?);
    }
    Ok(ids)
}

/// The keyring prefix of a one-time code's message: sealed with a key of its own, destroyed
/// once the message is delivered or given up, and never opened for staff.
const CODE_HOLDER: &str = "code:";

/// Queue a one-time code's messages, each sealed with a key of its own (`code:<id>`): the code
/// is readable only until it is delivered, and only by the deliverer.
pub(super) async fn enqueue_code(
    store: &SqlStore,
    tx: &mut WriteTx<'_>,
    request: &RequestRecord,
    messages: &[NewMessage],
    now: OffsetDateTime,
) -> StoreResult<()> {
    for m in messages {
        let holder = format!("{CODE_HOLDER}{}", Uuid::now_v7());
        let key = store.keyring().create(&store.keys, &holder, now).await?;
        let queued = Queued {
            key: &key,
            holder: &holder,
            subject: request.person_id.as_deref(),
            controller: request.controller,
            request: Some(&request.id),
        };
        queue(tx, &queued, std::slice::from_ref(m)).await?;
    }
    Ok(())
}

/// Queue messages in the writing transaction: what is acknowledged is never lost.
pub(super) async fn enqueue(
    tx: &mut WriteTx<'_>,
    key: &PersonKey,
    subject_key: &str,
    controller: ControllerId,
    request: Option<&str>,
    messages: &[NewMessage],
) -> StoreResult<Vec<String>> {
    let queued = Queued {
        key,
        holder: subject_key,
        subject: (subject_key != request.unwrap_or("")).then_some(subject_key),
        controller,
        request,
    };
    queue(tx, &queued, messages).await
}

/// Where queued messages belong: the key that seals them and its holder in the keyring, the
/// person the ledger names, the controller and the request.
struct Queued<'a> {
    key: &'a PersonKey,
    holder: &'a str,
    subject: Option<&'a str>,
    controller: ControllerId,
    request: Option<&'a str>,
}

async fn queue(
    tx: &mut WriteTx<'_>,
    q: &Queued<'_>,
    messages: &[NewMessage],
) -> StoreResult<Vec<String>> {
    let Queued {
        key,
        holder: subject_key,
        subject,
        controller,
        request,
    } = *q;
    let at = tx.at_micros();
    let mut ids = Vec::with_capacity(messages.len());
    for m in messages {
        let id = Uuid::now_v7().to_string();
        let sealed = key.seal(
            &outbox_context(&id),
            &serde_json::to_vec(m).map_err(|e| StoreError::Other(e.to_string()))?,
        );
        sqlx::query(
            "INSERT INTO outbox (id, controller, subject_key, request_id, channel, template, language, sealed, state, attempts, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $9)",
        )
        .bind(&id)
        .bind(controller.0)
        .bind(subject_key)
        .bind(request)
        .bind(&m.channel)
        .bind(&m.template)
        .bind(&m.language)
        .bind(sealed)
        .bind(at)
        .execute(tx.conn())
        .await?;
        let mut entry = NewEntry::event(LedgerEvent::MessageQueued(MessageQueued {
            message: id.clone(),
            request: request.map(str::to_owned),
            template: m.template.clone(),
            channel: m.channel.clone(),
            language: m.language.clone(),
        }))
        .controller(controller.0);
        if let Some(subject) = subject {
            entry = entry.subject(subject, None);
        }
        tx.record(entry).await?;
        ids.push(id);
    }
    Ok(ids)
}

fn outbox_from(row: &AnyRow, key: Option<&PersonKey>) -> StoreResult<OutboxMessage> {
    let id: String = row.try_get("id")?;
    let sealed: Vec<u8> = row.try_get("sealed")?;
    let message = key
        .and_then(|k| k.open(&outbox_context(&id), &sealed).ok())
        .and_then(|b| serde_json::from_slice(&b).ok());
    Ok(OutboxMessage {
        request_id: row.try_get("request_id")?,
        state: row.try_get("state")?,
        attempts: row.try_get("attempts")?,
        last_error: row.try_get("last_error")?,
        created_at: from_micros(row.try_get("created_at")?),
        sent_at: row.try_get::<Option<i64>, _>("sent_at")?.map(from_micros),
        next_attempt_at: from_micros(row.try_get("next_attempt_at")?),
        message,
        id,
    })
}

const OUTBOX_COLUMNS: &str = "id, subject_key, request_id, state, attempts, last_error, created_at, sent_at, next_attempt_at, sealed";

#[async_trait]
impl OutboxStore for SqlStore {
    /// Queue messages outside any request (confirmations of objections, rectifications).
    async fn queue_messages(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        controller: ControllerId,
        messages: &[NewMessage],
    ) -> StoreResult<i64> {
        let key = self
            .keyring()
            .get(&self.keys, person)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut tx = self.write(actor, now).await?;
        enqueue(&mut tx, &key, person, controller, None, messages).await?;
        tx.commit().await
    }

    /// Claim due messages for delivery: each is leased for `lease` so that several servers never
    /// send the same one twice, and a crashed sender's messages come due again.
    async fn claim_outbox(
        &self,
        now: OffsetDateTime,
        lease: time::Duration,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMessage>> {
        let rows = sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2"
        ))
        .bind(to_micros(now))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for row in rows {
            let id: String = row.try_get("id")?;
            let old: i64 = row.try_get("next_attempt_at")?;
            let claimed = sqlx::query("UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1 WHERE id = $2 AND next_attempt_at = $3 AND state = 'pending'")
                .bind(to_micros(now + lease))
                .bind(&id)
                .bind(old)
                .execute(self.pool())
                .await?
                .rows_affected();
            if claimed == 1 {
                let subject: String = row.try_get("subject_key")?;
                let key = self.keyring().get(&self.keys, &subject).await?;
                out.push(outbox_from(&row, key.as_ref())?);
            }
        }
        Ok(out)
    }

    /// Record a delivery attempt's result.
    async fn finish_outbox(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        result: Result<(), String>,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<i64> {
        let mut tx = self.write(actor, now).await?;
        let row = sqlx::query(
            "SELECT controller, attempts, request_id, template, channel FROM outbox WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
        let controller: i64 = row.try_get("controller")?;
        let attempts: i64 = row.try_get("attempts")?;
        let request: Option<String> = row.try_get("request_id")?;
        let template: String = row.try_get("template")?;
        let channel: String = row.try_get("channel")?;
        let carries_art14 = template == crate::model::ART14_TEMPLATE;
        let at = tx.at_micros();
        let (outcome, state): (fn(MessageAttempt) -> LedgerEvent, _) = match (&result, retry_at) {
            (Ok(()), _) => (LedgerEvent::MessageSent, "sent"),
            (Err(_), Some(_)) => (LedgerEvent::MessageRetrying, "pending"),
            (Err(_), None) => (LedgerEvent::MessageFailed, "failed"),
        };
        sqlx::query("UPDATE outbox SET state = $1, last_error = $2, sent_at = $3, next_attempt_at = $4 WHERE id = $5")
            .bind(state)
            .bind(result.as_ref().err())
            .bind((state == "sent").then_some(at))
            .bind(retry_at.map_or(at, to_micros))
            .bind(id)
            .execute(tx.conn())
            .await?;
        let holder: String = sqlx::query("SELECT subject_key FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_one(tx.conn())
            .await?
            .try_get("subject_key")?;
        tx.record(
            NewEntry::event(outcome(MessageAttempt {
                message: id.to_owned(),
                request,
                template,
                attempts,
                error: result.err(),
            }))
            .controller(controller),
        )
        .await?;
        if state != "pending" && carries_art14 {
            super::notices::message_finished(&mut tx, id, &channel, state == "sent").await?;
        }
        let seq = tx.commit().await?;
        if state != "pending" && (holder.starts_with("message:") || holder.starts_with(CODE_HOLDER))
        {
            self.keyring().destroy(&[holder]).await?;
        }
        Ok(seq)
    }

    async fn request_messages(&self, request: &str) -> StoreResult<Vec<OutboxMessage>> {
        let rows = sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE request_id = $1 ORDER BY created_at, id"
        ))
        .bind(request)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for row in rows {
            let subject: String = row.try_get("subject_key")?;
            let key = self.keyring().get(&self.keys, &subject).await?;
            let mut message = outbox_from(&row, key.as_ref())?;
            // A one-time code is for the person alone: staff see where it went, never what it said.
            if subject.starts_with(CODE_HOLDER)
                && let Some(m) = &mut message.message
            {
                m.body.clear();
            }
            out.push(message);
        }
        Ok(out)
    }
}
