//! Queueing messages in the outbox, inside the transaction that writes what they tell: what is
//! acknowledged is never lost. Sealed with the person's key, or a key of their own for messages
//! that must outlive the person (an erasure's confirmation) or be read only once (a code).
//! Delivery, claiming and results are `outbox.rs`; the writers that queue (requests, erasure,
//! restrictions, breaches, notices, SMS replies) call these.

use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::ControllerId;

use super::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{LedgerEvent, MessageQueued, NewEntry, WriteTx};
use crate::model::{NewMessage, RequestRecord};
use crate::seal::PersonKey;

pub(super) fn outbox_context(id: &str) -> String {
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
pub(super) const CODE_HOLDER: &str = "code:";

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
