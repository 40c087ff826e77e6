//! The outbox in SQL: messages queued in the writing transaction, sealed with the person's key
//! or a key of their own, claimed for delivery under a lease and marked sent, retrying or failed.

use crate::store::OutboxStore;
use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use vern_core::ControllerId;

use super::SqlStore;
use super::queue::{CODE_HOLDER, enqueue, outbox_context};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, LedgerEvent, MessageAttempt, NewEntry};
use crate::model::{NewMessage, OutboxMessage};
use crate::seal::PersonKey;
use crate::time_codec::{from_micros, to_micros};

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
        // `attempts` counts this one (a claim counts it).
        let failure = result
            .as_ref()
            .err()
            .map(|e| super::notices::failure_category(e, attempts));
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
            super::notices::message_finished(&mut tx, id, &channel, failure).await?;
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
