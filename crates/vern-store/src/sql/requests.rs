//! The request inbox, its log and one-time codes, in SQL.
//!
//! A request's own words are sealed with the person's key when the person is known, and with a
//! key of the request's own otherwise (it may come from someone vern has never heard of).

use crate::store::RequestStore;
use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::ControllerId;
use vern_core::request::{self, RequestState, Step};

use super::SqlStore;
use crate::codec::{integrity, placeholders};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, LedgerEvent, NewEntry, RequestFlagged, RequestReceived, RequestStep, WriteTx,
};
use crate::model::{
    NewMessage, RequestAction, RequestEvent, RequestFilter, RequestInput, RequestRecord,
};
use crate::seal::PersonKey;
use crate::time_codec::{from_micros, to_micros};

use super::queue::{enqueue, enqueue_code};

const COLUMNS: &str = "id, controller, kind, state, person_id, received_via, received_at, due_at, agent_key, sealed, \
    assignee, verified_at, verification, extended_months, closed_at, flag, language";

/// The key a request's data is sealed with.
async fn subject_key(
    store: &SqlStore,
    person: Option<&str>,
    request_id: &str,
) -> StoreResult<Option<PersonKey>> {
    match person {
        Some(p) => store.keyring().get(&store.keys, p).await,
        None => store.keyring().get(&store.keys, request_id).await,
    }
}

fn seal_text(key: &PersonKey, context: &str, text: &str) -> Vec<u8> {
    key.seal(context, text.as_bytes())
}

fn details_context(id: &str) -> String {
    format!("request:{id}:details")
}

fn event_context(id: &str) -> String {
    format!("request_event:{id}")
}

fn record_from(row: &AnyRow, key: Option<&PersonKey>) -> StoreResult<RequestRecord> {
    let id: String = row.try_get("id")?;
    let sealed: Option<Vec<u8>> = row.try_get("sealed")?;
    let details = match (key, sealed) {
        (Some(k), Some(s)) => k
            .open(&details_context(&id), &s)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok()),
        _ => None,
    };
    Ok(RequestRecord {
        controller: ControllerId(row.try_get("controller")?),
        kind: row
            .try_get::<String, _>("kind")?
            .parse()
            .map_err(|_| integrity("request kind"))?,
        state: row
            .try_get::<String, _>("state")?
            .parse()
            .map_err(|_| integrity("request state"))?,
        person_id: row.try_get("person_id")?,
        received_via: row.try_get("received_via")?,
        received_at: from_micros(row.try_get("received_at")?),
        due_at: from_micros(row.try_get("due_at")?),
        extended_months: u32::try_from(row.try_get::<i64, _>("extended_months")?).unwrap_or(0),
        assignee: row.try_get("assignee")?,
        verified_at: row
            .try_get::<Option<i64>, _>("verified_at")?
            .map(from_micros),
        verification: row.try_get("verification")?,
        closed_at: row.try_get::<Option<i64>, _>("closed_at")?.map(from_micros),
        flag: row.try_get("flag")?,
        agent_key: row.try_get("agent_key")?,
        language: row.try_get("language")?,
        details,
        id,
    })
}

/// A request about to be opened: its id and the key its data is sealed with, made before the
/// writing transaction (a key whose request never arrived is harmless and swept up later).
pub(super) struct Opening {
    id: String,
    key: PersonKey,
}

impl Opening {
    pub(super) async fn prepare(
        store: &SqlStore,
        input: &RequestInput,
        now: OffsetDateTime,
    ) -> StoreResult<Opening> {
        let id = Uuid::now_v7().to_string();
        let key = match &input.person {
            Some(p) => store
                .keyring()
                .get(&store.keys, p)
                .await?
                .ok_or(StoreError::NotFound)?,
            None => store.keyring().create(&store.keys, &id, now).await?,
        };
        Ok(Opening { id, key })
    }

    /// Write the request, its log, its ledger entry and its messages in `tx`; returns its id.
    pub(super) async fn write(
        self,
        tx: &mut WriteTx<'_>,
        input: &RequestInput,
        messages: &[NewMessage],
    ) -> StoreResult<String> {
        let Opening { id, key } = self;
        insert_request(tx, &id, &key, input, messages).await?;
        Ok(id)
    }
}

async fn insert_request(
    tx: &mut WriteTx<'_>,
    id: &str,
    key: &PersonKey,
    input: &RequestInput,
    messages: &[NewMessage],
) -> StoreResult<()> {
    let id = id.to_owned();
    let subject = input.person.clone().unwrap_or_else(|| id.clone());
    let due = request::original_due(input.received_at);
    let sealed = key.seal(
        &details_context(&id),
        &serde_json::to_vec(&input.details).map_err(|e| StoreError::Other(e.to_string()))?,
    );
    let at = tx.at_micros();
    let (verified_at, state) = match &input.verified_by {
        Some(_) => (Some(at), RequestState::InProgress),
        None => (None, RequestState::Received),
    };
    sqlx::query(
        "INSERT INTO requests (id, controller, kind, state, person_id, received_via, received_at, due_at, agent_key, sealed, \
         verified_at, verification, language, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(&id)
    .bind(input.controller.0)
    .bind(input.kind.as_str())
    .bind(state.as_str())
    .bind(&input.person)
    .bind(&input.received_via)
    .bind(to_micros(input.received_at))
    .bind(to_micros(due))
    .bind(&input.agent_key)
    .bind(sealed)
    .bind(verified_at)
    .bind(&input.verified_by)
    .bind(&input.language)
    .bind(at)
    .execute(tx.conn())
    .await?;
    let mut seen = std::collections::HashSet::new();
    for d in &input.digests {
        if seen.insert(*d) {
            sqlx::query("INSERT INTO request_digests (request_id, digest) VALUES ($1, $2)")
                .bind(&id)
                .bind(d.as_bytes().to_vec())
                .execute(tx.conn())
                .await?;
        }
    }
    let received = LedgerEvent::RequestReceived(RequestReceived {
        request: id.clone(),
        kind: input.kind.as_str().to_owned(),
        received_via: input.received_via.clone(),
        received_at: to_micros(input.received_at),
        due_at: to_micros(due),
        person: input.person.clone(),
        verified: Some(input.verified_by.clone()),
    });
    // The request's own event log keeps the same details as the ledger entry.
    log_event(tx, &id, "received", received.payload(), None).await?;
    let mut entry = NewEntry::event(received).controller(input.controller.0);
    if let Some(p) = &input.person {
        entry = entry.subject(p, None);
    }
    tx.record(entry).await?;
    enqueue(tx, key, &subject, input.controller, Some(&id), messages).await?;
    Ok(())
}

pub(super) async fn log_event(
    tx: &mut WriteTx<'_>,
    request: &str,
    kind: &str,
    payload: serde_json::Value,
    sealed: Option<(&PersonKey, &str)>,
) -> StoreResult<()> {
    let id = Uuid::now_v7().to_string();
    let sealed = sealed.map(|(key, text)| seal_text(key, &event_context(&id), text));
    let at = tx.at_micros();
    sqlx::query("INSERT INTO request_events (id, request_id, at, actor, kind, payload, sealed) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(&id)
        .bind(request)
        .bind(at)
        .bind(tx.actor().to_owned())
        .bind(kind)
        .bind(payload.to_string())
        .bind(sealed)
        .execute(tx.conn())
        .await?;
    Ok(())
}

enum Bind {
    Text(String),
    Int(i64),
}

#[async_trait]
impl RequestStore for SqlStore {
    async fn create_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &RequestInput,
        messages: &[NewMessage],
    ) -> StoreResult<(RequestRecord, i64)> {
        let opening = Opening::prepare(self, input, now).await?;
        let mut tx = self.write(actor, now).await?;
        let id = opening.write(&mut tx, input, messages).await?;
        let seq = tx.commit().await?;
        Ok((self.get_request(&id).await?, seq))
    }

    async fn get_request(&self, id: &str) -> StoreResult<RequestRecord> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM requests WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        let person: Option<String> = row.try_get("person_id")?;
        let key = subject_key(self, person.as_deref(), id).await?;
        record_from(&row, key.as_ref())
    }

    async fn list_requests(&self, filter: &RequestFilter) -> StoreResult<Vec<RequestRecord>> {
        let mut sql = format!("SELECT {COLUMNS} FROM requests WHERE 1 = 1");
        let mut binds: Vec<Bind> = Vec::new();
        let mut n = 0;
        let mut next = |binds: &mut Vec<Bind>, b: Bind| {
            n += 1;
            binds.push(b);
            format!("${n}")
        };
        if let Some(s) = filter.state {
            let p = next(&mut binds, Bind::Text(s.as_str().to_owned()));
            sql.push_str(&format!(" AND state = {p}"));
        }
        if let Some(k) = filter.kind {
            let p = next(&mut binds, Bind::Text(k.as_str().to_owned()));
            sql.push_str(&format!(" AND kind = {p}"));
        }
        if let Some(d) = filter.due_before {
            let p = next(&mut binds, Bind::Int(to_micros(d)));
            sql.push_str(&format!(" AND due_at < {p}"));
        }
        if let Some(now) = filter.overdue_at {
            let p = next(&mut binds, Bind::Int(to_micros(now)));
            sql.push_str(&format!(
                " AND due_at < {p} AND state IN ('received', 'verifying', 'in_progress')"
            ));
        }
        if let Some(a) = &filter.assignee {
            let p = next(&mut binds, Bind::Text(a.clone()));
            sql.push_str(&format!(" AND assignee = {p}"));
        }
        if let Some(a) = &filter.person {
            let p = next(&mut binds, Bind::Text(a.clone()));
            sql.push_str(&format!(" AND person_id = {p}"));
        }
        if let Some(a) = &filter.agent_key {
            let p = next(&mut binds, Bind::Text(a.clone()));
            sql.push_str(&format!(" AND agent_key = {p}"));
        }
        let p = next(&mut binds, Bind::Int(filter.limit.clamp(1, 1000)));
        sql.push_str(&format!(" ORDER BY due_at, id LIMIT {p}"));
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = match b {
                Bind::Text(t) => q.bind(t),
                Bind::Int(i) => q.bind(i),
            };
        }
        // The list shows no personal data: details are not opened here.
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| record_from(r, None))
            .collect()
    }

    /// Take one step on a request, with its log entry, ledger entry and messages, atomically.
    async fn advance_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        action: &RequestAction,
        messages: &[NewMessage],
    ) -> StoreResult<(RequestRecord, i64)> {
        let current = self.get_request(id).await?;
        let key = match subject_key(self, current.person_id.as_deref(), id).await? {
            Some(k) => k,
            None => {
                return Err(StoreError::Conflict(
                    "the request's data has been erased".to_owned(),
                ));
            }
        };
        let subject = current.person_id.clone().unwrap_or_else(|| id.to_owned());
        let verified = current.verified_at.is_some();
        let step = match action {
            RequestAction::AskVerification { .. } => Some(Step::AskVerification),
            RequestAction::Verified { .. } => Some(Step::Verified),
            RequestAction::Extend { months, .. } => Some(Step::Extend(*months)),
            RequestAction::Complete { .. } => Some(Step::Complete),
            RequestAction::Reject { .. } => Some(Step::Reject),
            RequestAction::Assign { .. }
            | RequestAction::Note { .. }
            | RequestAction::Link { .. } => None,
        };
        let state = match &step {
            Some(step) => request::next_state(
                current.state,
                step,
                verified,
                current.extended_months,
                current.received_at,
                now,
            )
            .map_err(|e| StoreError::Conflict(e.to_string()))?,
            None => current.state,
        };
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        let (kind, payload, text): (&str, serde_json::Value, Option<&str>) = match action {
            RequestAction::AskVerification {
                code_hash,
                channel,
                expires_at,
            } => {
                sqlx::query("DELETE FROM request_codes WHERE request_id = $1")
                    .bind(id)
                    .execute(tx.conn())
                    .await?;
                sqlx::query("INSERT INTO request_codes (request_id, code_hash, channel, expires_at, attempts) VALUES ($1, $2, $3, $4, 0)")
                    .bind(id)
                    .bind(code_hash.to_vec())
                    .bind(channel)
                    .bind(to_micros(*expires_at))
                    .execute(tx.conn())
                    .await?;
                (
                    "verification_requested",
                    json!({ "channel": channel, "expires_at": to_micros(*expires_at) }),
                    None,
                )
            }
            RequestAction::Verified { method } => {
                sqlx::query(
                    "UPDATE requests SET verified_at = $1, verification = $2 WHERE id = $3",
                )
                .bind(at)
                .bind(method)
                .bind(id)
                .execute(tx.conn())
                .await?;
                sqlx::query("DELETE FROM request_codes WHERE request_id = $1")
                    .bind(id)
                    .execute(tx.conn())
                    .await?;
                ("verified", json!({ "method": method }), None)
            }
            RequestAction::Extend { months, reason } => {
                let total = current.extended_months + months;
                let due = request::due(current.received_at, total);
                sqlx::query("UPDATE requests SET extended_months = $1, due_at = $2, flag = 'on_time' WHERE id = $3")
                    .bind(i64::from(total))
                    .bind(to_micros(due))
                    .bind(id)
                    .execute(tx.conn())
                    .await?;
                (
                    "extended",
                    json!({ "months": months, "due_at": to_micros(due) }),
                    Some(reason.as_str()),
                )
            }
            RequestAction::Complete { outcome, decision } => (
                "completed",
                json!({ "decision": decision }),
                Some(outcome.as_str()),
            ),
            RequestAction::Reject { reason } => ("rejected", json!({}), Some(reason.as_str())),
            RequestAction::Assign { assignee } => {
                sqlx::query("UPDATE requests SET assignee = $1 WHERE id = $2")
                    .bind(assignee)
                    .bind(id)
                    .execute(tx.conn())
                    .await?;
                ("assigned", json!({ "assignee": assignee }), None)
            }
            RequestAction::Note { text } => ("note", json!({}), Some(text.as_str())),
            RequestAction::Link { person } => {
                if current.person_id.is_some() {
                    return Err(StoreError::Conflict(
                        "the request already names a person".to_owned(),
                    ));
                }
                sqlx::query("UPDATE requests SET person_id = $1 WHERE id = $2")
                    .bind(person)
                    .bind(id)
                    .execute(tx.conn())
                    .await?;
                ("linked", json!({ "person": person }), None)
            }
        };
        if state != current.state {
            let closed = state.is_closed().then_some(at);
            sqlx::query(
                "UPDATE requests SET state = $1, closed_at = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(state.as_str())
            .bind(closed)
            .bind(at)
            .bind(id)
            .execute(tx.conn())
            .await?;
        } else {
            sqlx::query("UPDATE requests SET updated_at = $1 WHERE id = $2")
                .bind(at)
                .bind(id)
                .execute(tx.conn())
                .await?;
        }
        log_event(&mut tx, id, kind, payload.clone(), text.map(|t| (&key, t))).await?;
        let step = match kind {
            "verification_requested" => LedgerEvent::RequestVerificationRequested,
            "verified" => LedgerEvent::RequestVerified,
            "extended" => LedgerEvent::RequestExtended,
            "completed" => LedgerEvent::RequestCompleted,
            "rejected" => LedgerEvent::RequestRejected,
            "assigned" => LedgerEvent::RequestAssigned,
            "linked" => LedgerEvent::RequestLinked,
            _ => LedgerEvent::RequestNoted,
        };
        let mut entry = NewEntry::event(step(RequestStep {
            request: id.to_owned(),
            kind: current.kind.as_str().to_owned(),
            state: state.as_str().to_owned(),
            details: payload,
        }))
        .controller(current.controller.0);
        let sealed_text = text.map(|t| {
            key.seal(
                &format!("ledger:{subject}"),
                json!({ "text": t }).to_string().as_bytes(),
            )
        });
        if let Some(p) = current.person_id.as_deref() {
            entry = entry.subject(p, sealed_text);
        }
        tx.record(entry).await?;
        if matches!(action, RequestAction::AskVerification { .. }) {
            enqueue_code(self, &mut tx, &current, messages, now).await?;
        } else {
            enqueue(
                &mut tx,
                &key,
                &subject,
                current.controller,
                Some(id),
                messages,
            )
            .await?;
        }
        let seq = tx.commit().await?;
        Ok((self.get_request(id).await?, seq))
    }

    /// Check a one-time code. Returns whether it matched; counts the attempt either way and
    /// refuses after five attempts or once expired.
    async fn check_request_code(
        &self,
        id: &str,
        hash: &[u8; 32],
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT code_hash, expires_at, attempts FROM request_codes WHERE request_id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| {
            StoreError::Conflict(
                "no code is waiting for this request: ask for a new one".to_owned(),
            )
        })?;
        let attempts: i64 = row.try_get("attempts")?;
        if attempts >= 5 {
            return Err(StoreError::Conflict(
                "too many attempts: ask for a new code".to_owned(),
            ));
        }
        if from_micros(row.try_get("expires_at")?) < now {
            return Err(StoreError::Conflict(
                "the code has expired: ask for a new one".to_owned(),
            ));
        }
        sqlx::query("UPDATE request_codes SET attempts = attempts + 1 WHERE request_id = $1")
            .bind(id)
            .execute(self.pool())
            .await?;
        let stored: Vec<u8> = row.try_get("code_hash")?;
        // Both are keyed hashes of fixed length; comparing them reveals nothing about the code.
        Ok(stored.as_slice() == hash.as_slice())
    }

    async fn request_log(&self, id: &str) -> StoreResult<Vec<RequestEvent>> {
        // Only whose key seals the log; the request itself need not be opened.
        let person_id: Option<String> = sqlx::query("SELECT person_id FROM requests WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?
            .try_get("person_id")?;
        let key = subject_key(self, person_id.as_deref(), id).await?;
        let rows = sqlx::query("SELECT id, at, actor, kind, payload, sealed FROM request_events WHERE request_id = $1 ORDER BY at, id")
            .bind(id)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                let eid: String = row.try_get("id")?;
                let sealed: Option<Vec<u8>> = row.try_get("sealed")?;
                let text = match (&key, sealed) {
                    (Some(k), Some(s)) => k
                        .open(&event_context(&eid), &s)
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok()),
                    _ => None,
                };
                Ok(RequestEvent {
                    at: from_micros(row.try_get("at")?),
                    actor: row.try_get("actor")?,
                    kind: row.try_get("kind")?,
                    payload: readable_times(
                        serde_json::from_str(&row.try_get::<String, _>("payload")?)
                            .unwrap_or(serde_json::Value::Null),
                    ),
                    text,
                    id: eid,
                })
            })
            .collect()
    }

    /// Set the deadline flags of open requests; returns (due soon, overdue) counts and how many
    /// changed. Each change is a ledger entry.
    async fn flag_deadlines(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        soon: time::Duration,
    ) -> StoreResult<(i64, i64, i64)> {
        let rows = sqlx::query("SELECT id, controller, due_at, flag FROM requests WHERE state IN ('received', 'verifying', 'in_progress')")
            .fetch_all(self.pool())
            .await?;
        let mut changes = Vec::new();
        let (mut soon_n, mut over_n) = (0, 0);
        for row in &rows {
            let flag = match request::due_flag(from_micros(row.try_get("due_at")?), now, soon) {
                request::DueFlag::OnTime => "on_time",
                request::DueFlag::DueSoon => {
                    soon_n += 1;
                    "due_soon"
                }
                request::DueFlag::Overdue => {
                    over_n += 1;
                    "overdue"
                }
            };
            let old: String = row.try_get("flag")?;
            if old != flag {
                changes.push((
                    row.try_get::<String, _>("id")?,
                    row.try_get::<i64, _>("controller")?,
                    flag,
                ));
            }
        }
        let changed = i64::try_from(changes.len()).unwrap_or(0);
        if !changes.is_empty() {
            let mut tx = self.write(actor, now).await?;
            for (id, controller, flag) in changes {
                sqlx::query("UPDATE requests SET flag = $1 WHERE id = $2")
                    .bind(flag)
                    .bind(&id)
                    .execute(tx.conn())
                    .await?;
                tx.record(
                    NewEntry::event(LedgerEvent::RequestFlagged(RequestFlagged {
                        request: id,
                        flag: flag.to_owned(),
                    }))
                    .controller(controller),
                )
                .await?;
            }
            tx.commit().await?;
        }
        Ok((soon_n, over_n, changed))
    }

    /// Requests whose identifier digests include any of these (a person found later).
    async fn requests_with_digests(
        &self,
        digests: &[vern_core::IdentifierDigest],
    ) -> StoreResult<Vec<String>> {
        if digests.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT DISTINCT request_id FROM request_digests WHERE digest IN ({})",
            placeholders(1, digests.len())
        );
        let mut q = sqlx::query(&sql);
        for d in digests {
            q = q.bind(d.as_bytes().to_vec());
        }
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Ok(r.try_get("request_id")?))
            .collect()
    }
}

/// A log entry's details as people and tools read them: the instants the log keeps as they are
/// in the ledger (`received_at`, `due_at`, `expires_at`: microseconds since the epoch, the
/// ledger's own encoding, which its hashes cover and so cannot change) become RFC 3339 text.
fn readable_times(mut payload: serde_json::Value) -> serde_json::Value {
    if let Some(fields) = payload.as_object_mut() {
        for (name, value) in fields.iter_mut() {
            if name.ends_with("_at")
                && let Some(micros) = value.as_i64()
            {
                let at = from_micros(micros);
                if let Ok(text) = at.format(&time::format_description::well_known::Rfc3339) {
                    *value = serde_json::Value::String(text);
                }
            }
        }
    }
    payload
}
