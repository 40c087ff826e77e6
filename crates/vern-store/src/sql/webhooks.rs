//! Art. 19 notices to recipients: registered webhooks, and the deliveries made from the
//! ledger. Notices carry digests and ids, never plaintext.

use crate::store::WebhookStore;
use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

use super::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, LedgerEvent, NewEntry, WebhookCreated, WebhookDisabled};
use crate::model::{Webhook, WebhookDelivery};
use crate::time_codec::{from_micros, to_micros};

/// The notices a recipient can subscribe to.
pub(super) const EVENTS: [&str; 5] = [
    "erasure",
    "rectification",
    "restriction",
    "objection",
    "consent.withdrawn",
];

fn webhook_from(row: &AnyRow) -> StoreResult<Webhook> {
    Ok(Webhook {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        url: row.try_get("url")?,
        events: row
            .try_get::<String, _>("events")?
            .split(',')
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect(),
        created_at: from_micros(row.try_get("created_at")?),
        disabled_at: row
            .try_get::<Option<i64>, _>("disabled_at")?
            .map(from_micros),
        processor: row.try_get("processor")?,
    })
}

/// A recipient's own hash of an identifier: HMAC-SHA-256 keyed with the webhook's secret over
/// the identifier's notice form (`phone:+46701234567`), hex. The recipient computes it from its
/// own records; without the secret a leaked notice reveals nothing.
fn recipient_hash(secret: &[u8], identifier: &str) -> String {
    use hmac::{Hmac, Mac};
    // HMAC takes a key of any length; the error case cannot occur.
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(identifier.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// For every active webhook that takes `event`: its own hashes of `identifiers`, by webhook
/// id, to keep with the event's ledger entry until its notices are queued.
pub(super) async fn recipient_hashes(
    store: &SqlStore,
    tx: &mut crate::ledger::WriteTx<'_>,
    event: &str,
    identifiers: &[String],
) -> StoreResult<BTreeMap<String, Vec<String>>> {
    if identifiers.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows = sqlx::query("SELECT id, events, secret FROM webhooks WHERE disabled_at IS NULL")
        .fetch_all(tx.conn())
        .await?;
    Ok(hashes_by_hook(
        &secrets_of(store, &rows)?,
        event,
        identifiers,
    ))
}

/// The active webhooks' ids, events and opened secrets.
type HookSecrets = Vec<(String, String, Vec<u8>)>;

fn secrets_of(store: &SqlStore, rows: &[AnyRow]) -> StoreResult<HookSecrets> {
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let secret = store.keys.open_secret(
                &format!("webhook:{id}"),
                &row.try_get::<Vec<u8>, _>("secret")?,
            )?;
            Ok((id, row.try_get("events")?, secret))
        })
        .collect()
}

/// Each webhook that takes `event`, with its own hashes of `identifiers`.
fn hashes_by_hook(
    hooks: &[(String, String, Vec<u8>)],
    event: &str,
    identifiers: &[String],
) -> BTreeMap<String, Vec<String>> {
    hooks
        .iter()
        .filter(|(_, events, _)| events.split(',').any(|e| e == event))
        .map(|(id, _, secret)| {
            let hashes = identifiers
                .iter()
                .map(|i| recipient_hash(secret, i))
                .collect();
            (id.clone(), hashes)
        })
        .collect()
}

/// The notice a ledger entry gives, if any: (event, details).
/// Every kind is named, so a new kind is a decision about whether recipients hear of it.
fn notice(event: &LedgerEvent) -> Option<(&'static str, serde_json::Value)> {
    match event {
        LedgerEvent::PersonPurged(p) | LedgerEvent::PersonAnonymized(p) => Some((
            "erasure",
            json!({ "digests": p.digests, "complete": p.shredded }),
        )),
        // Art. 19 is about rectifications carried out: an edit that changed no field (the same
        // values again, or only the customer lists) tells recipients nothing.
        LedgerEvent::PersonUpdated(p) if p.fields.is_empty() => None,
        LedgerEvent::PersonUpdated(p) => Some((
            "rectification",
            json!({ "fields": p.fields.keys().collect::<Vec<_>>() }),
        )),
        LedgerEvent::RestrictionPlaced(_) => Some(("restriction", json!({ "restricted": true }))),
        LedgerEvent::RestrictionLifted(_) => Some(("restriction", json!({ "restricted": false }))),
        LedgerEvent::ObjectionRecorded(o) if o.kind == "direct_marketing" => {
            // Each recipient gets its own hashes of the identifiers (added per webhook below),
            // not vern's digests, which only vern can compute.
            Some((
                "objection",
                json!({ "kind": "direct_marketing", "scope": o.scope }),
            ))
        }
        // A recipient that markets on the controller's behalf must stop too, whichever way the
        // consent was withdrawn (a reply STOPP, a call, the API).
        LedgerEvent::ConsentWithdrawn(c) => Some((
            "consent.withdrawn",
            json!({ "purpose": c.purpose, "channels": c.channels, "source": c.source }),
        )),
        LedgerEvent::ObjectionRecorded(_)
        | LedgerEvent::ObjectionWithdrawn(_)
        | LedgerEvent::BlocklistAdded(_)
        | LedgerEvent::BlocklistRemoved(_)
        | LedgerEvent::BlocklistImported(_)
        | LedgerEvent::SuppressionKept(_)
        | LedgerEvent::RegisterImported(_)
        | LedgerEvent::ControllerCreated(_)
        | LedgerEvent::ControllerUpdated(_)
        | LedgerEvent::PurposeCreated(_)
        | LedgerEvent::PurposeUpdated(_)
        | LedgerEvent::ApiKeyCreated(_)
        | LedgerEvent::ApiKeyRevoked(_)
        | LedgerEvent::PersonCreated(_)
        | LedgerEvent::ConsentGranted(_)
        | LedgerEvent::PersonErased(_)
        | LedgerEvent::PersonRestored(_)
        | LedgerEvent::RetentionFieldsPurged(_)
        | LedgerEvent::RetentionMessagesPruned(_)
        | LedgerEvent::RequestReceived(_)
        | LedgerEvent::RequestVerificationRequested(_)
        | LedgerEvent::RequestVerified(_)
        | LedgerEvent::RequestExtended(_)
        | LedgerEvent::RequestCompleted(_)
        | LedgerEvent::RequestRejected(_)
        | LedgerEvent::RequestAssigned(_)
        | LedgerEvent::RequestLinked(_)
        | LedgerEvent::RequestNoted(_)
        | LedgerEvent::RequestFlagged(_)
        | LedgerEvent::MessageQueued(_)
        | LedgerEvent::MessageSent(_)
        | LedgerEvent::MessageRetrying(_)
        | LedgerEvent::MessageFailed(_)
        | LedgerEvent::ShareLinkCreated(_)
        | LedgerEvent::ShareLinkRevoked(_)
        | LedgerEvent::ActivityRecorded(_)
        | LedgerEvent::DealRecorded(_)
        | LedgerEvent::TodoRecorded(_)
        | LedgerEvent::WashCompleted(_)
        | LedgerEvent::UserCreated(_)
        | LedgerEvent::UserPreferencesChanged(_)
        | LedgerEvent::SessionStarted(_)
        | LedgerEvent::SessionEnded(_)
        | LedgerEvent::WebhookCreated(_)
        | LedgerEvent::WebhookDisabled(_)
        | LedgerEvent::ReportGenerated(_)
        | LedgerEvent::ShareLinkOpened(_)
        | LedgerEvent::PreferencesShown(_)
        | LedgerEvent::ExportDownloaded(_)
        | LedgerEvent::RetentionRun(_)
        | LedgerEvent::CustomerRelationshipStarted(_)
        | LedgerEvent::CustomerRelationshipEnded(_)
        | LedgerEvent::ControllerTermsSet(_)
        | LedgerEvent::BusinessContactSet(_)
        | LedgerEvent::SoftOptInRecorded(_)
        | LedgerEvent::CallRequestRecorded(_)
        | LedgerEvent::BreachOpened(_)
        | LedgerEvent::BreachUpdated(_)
        | LedgerEvent::BreachNotice(_)
        | LedgerEvent::SmsNumberSet(_)
        | LedgerEvent::SmsGatewaySet(_)
        | LedgerEvent::NoticeArt14Owed(_)
        | LedgerEvent::NoticeArt14Queued(_)
        | LedgerEvent::NoticeArt14Sent(_)
        | LedgerEvent::NoticeArt14Failed(_)
        | LedgerEvent::NoticeArt14Exempted(_)
        | LedgerEvent::NoticeArt14Requeued(_)
        | LedgerEvent::NoticeArt14TextSet(_)
        | LedgerEvent::SmsReceived(_)
        | LedgerEvent::SmsOpened(_)
        | LedgerEvent::ProcessorCreated(_)
        | LedgerEvent::ProcessorUpdated(_)
        | LedgerEvent::RecordSettingsSet(_)
        | LedgerEvent::PeopleListed(_)
        | LedgerEvent::NameIndexRebuilt(_)
        | LedgerEvent::PersonImported(_)
        | LedgerEvent::ImportBatch(_)
        | LedgerEvent::PeopleExported(_)
        | LedgerEvent::Other { .. } => None,
    }
}

const DELIVERY_COLUMNS: &str = "d.id, d.webhook_id, d.event, d.payload, d.state, d.attempts, d.last_status, d.last_error, d.next_attempt_at, d.delivered_at";

fn delivery_from(row: &AnyRow) -> StoreResult<WebhookDelivery> {
    Ok(WebhookDelivery {
        id: row.try_get("id")?,
        webhook_id: row.try_get("webhook_id")?,
        event: row.try_get("event")?,
        payload: row.try_get("payload")?,
        state: row.try_get("state")?,
        attempts: row.try_get("attempts")?,
        last_status: row.try_get("last_status")?,
        last_error: row.try_get("last_error")?,
        next_attempt_at: from_micros(row.try_get("next_attempt_at")?),
        delivered_at: row
            .try_get::<Option<i64>, _>("delivered_at")?
            .map(from_micros),
    })
}

#[async_trait]
impl WebhookStore for SqlStore {
    async fn create_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        name: &str,
        url: &str,
        events: &[String],
        secret: &str,
        processor: Option<&str>,
    ) -> StoreResult<(Webhook, i64)> {
        if let Some(bad) = events.iter().find(|e| !EVENTS.contains(&e.as_str())) {
            return Err(StoreError::Invalid(format!(
                "unknown event {bad:?}: expected erasure, rectification, restriction or objection"
            )));
        }
        let id = Uuid::now_v7().to_string();
        let mut tx = self.write(actor, now).await?;
        if let Some(p) = processor {
            let known = sqlx::query("SELECT id FROM processors WHERE id = $1")
                .bind(p)
                .fetch_optional(tx.conn())
                .await?;
            if known.is_none() {
                return Err(StoreError::Invalid(
                    "processor: no processor agreement has that id".to_owned(),
                ));
            }
        }
        sqlx::query("INSERT INTO webhooks (id, name, url, secret, events, created_at, processor) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&id)
            .bind(name)
            .bind(url)
            .bind(self.keys.seal_secret(&format!("webhook:{id}"), secret.as_bytes()))
            .bind(events.join(","))
            .bind(tx.at_micros())
            .bind(processor)
            .execute(tx.conn())
            .await?;
        tx.record(NewEntry::event(LedgerEvent::WebhookCreated(
            WebhookCreated {
                webhook: id.clone(),
                name: name.to_owned(),
                url: url.to_owned(),
                events: events.to_vec(),
                processor: processor.map(str::to_owned),
            },
        )))
        .await?;
        let seq = tx.commit().await?;
        let hook = self
            .list_webhooks()
            .await?
            .into_iter()
            .find(|w| w.id == id)
            .ok_or(StoreError::NotFound)?;
        Ok((hook, seq))
    }

    async fn list_webhooks(&self) -> StoreResult<Vec<Webhook>> {
        let rows = sqlx::query(
            "SELECT id, name, url, events, created_at, disabled_at, processor FROM webhooks ORDER BY created_at",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(webhook_from).collect()
    }

    async fn disable_webhook(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<i64> {
        let mut tx = self.write(actor, now).await?;
        let n = sqlx::query(
            "UPDATE webhooks SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL",
        )
        .bind(tx.at_micros())
        .bind(id)
        .execute(tx.conn())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        tx.record(NewEntry::event(LedgerEvent::WebhookDisabled(
            WebhookDisabled {
                webhook: id.to_owned(),
            },
        )))
        .await?;
        tx.commit().await
    }

    /// Turn ledger entries after the cursor into deliveries. Several servers may run this at once:
    /// a delivery is unique per recipient and ledger entry, and the cursor only moves forward.
    async fn queue_notices(&self, now: OffsetDateTime) -> StoreResult<u64> {
        let hooks: Vec<Webhook> = self
            .list_webhooks()
            .await?
            .into_iter()
            .filter(|w| w.disabled_at.is_none())
            .collect();
        let cursor: i64 = sqlx::query("SELECT seq FROM cursors WHERE name = 'webhooks'")
            .fetch_one(self.pool())
            .await?
            .try_get("seq")?;
        let entries = crate::ledger::read_after(self.pool(), cursor, 1000).await?;
        let Some(last) = entries.last().map(|e| e.seq) else {
            return Ok(0);
        };
        let mut queued = 0;
        for entry in &entries {
            let parsed = LedgerEvent::parse(&entry.kind, &entry.payload);
            let Some((event, mut details)) = notice(&parsed) else {
                continue;
            };
            if hooks.iter().all(|h| !h.events.iter().any(|e| e == event)) {
                continue;
            }
            // Each recipient's own hashes of the identifiers, made when the entry was written
            // (the data may be gone by the time the notice is queued).
            let own_hashes = match &parsed {
                LedgerEvent::ObjectionRecorded(o) => o.recipients.as_ref(),
                LedgerEvent::PersonPurged(p) | LedgerEvent::PersonAnonymized(p) => {
                    p.recipients.as_ref()
                }
                LedgerEvent::PersonUpdated(p) => p.recipients.as_ref(),
                LedgerEvent::RestrictionPlaced(r) | LedgerEvent::RestrictionLifted(r) => {
                    r.recipients.as_ref()
                }
                _ => None,
            };
            if own_hashes.is_some()
                && let Some(details) = details.as_object_mut()
            {
                // vern's own digests mean nothing to a recipient.
                details.remove("digests");
            } else if event != "objection"
                && details
                    .get("digests")
                    .is_none_or(serde_json::Value::is_null)
                && let Some(person) = &entry.subject
            {
                // An entry written before recipients got their own hashes: the identifiers'
                // digests, as they are when the notice is made.
                let digests: Vec<String> =
                    sqlx::query("SELECT digest FROM person_identifiers WHERE person_id = $1")
                        .bind(person)
                        .fetch_all(self.pool())
                        .await?
                        .iter()
                        .filter_map(|r| r.try_get::<Vec<u8>, _>("digest").ok())
                        .filter_map(|d| vern_core::IdentifierDigest::from_slice(&d))
                        .map(|d| d.to_hex())
                        .collect();
                details["digests"] = json!(digests);
            }
            // An objection's notice stands for identifiers, whoever holds them (often a stranger
            // to vern): recipients match it by their own hashes, and vern's id for a person it
            // knows stays out of it.
            let person = if event == "objection" {
                None
            } else {
                entry.subject.as_deref()
            };
            for hook in hooks.iter().filter(|h| h.events.iter().any(|e| e == event)) {
                if let Some(own) = own_hashes {
                    details["identifiers"] = json!(own.get(&hook.id).cloned().unwrap_or_default());
                    details["identifier_hash"] = json!("hmac-sha256");
                }
                let id = Uuid::now_v7().to_string();
                let body = json!({
                    "id": id, "event": event, "ledger_seq": entry.seq,
                    "occurred_at": entry.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
                    "person": person, "details": details,
                })
                .to_string();
                let done = sqlx::query(
                    "INSERT INTO webhook_deliveries (id, webhook_id, event, ledger_seq, payload, state, attempts, next_attempt_at, created_at) \
                     VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6) ON CONFLICT (webhook_id, ledger_seq) DO NOTHING",
                )
                .bind(&id)
                .bind(&hook.id)
                .bind(event)
                .bind(entry.seq)
                .bind(body)
                .bind(to_micros(now))
                .execute(self.pool())
                .await?;
                queued += done.rows_affected();
            }
        }
        sqlx::query("UPDATE cursors SET seq = $1 WHERE name = 'webhooks' AND seq < $1")
            .bind(last)
            .execute(self.pool())
            .await?;
        Ok(queued)
    }

    async fn claim_deliveries(
        &self,
        now: OffsetDateTime,
        lease: time::Duration,
        limit: i64,
    ) -> StoreResult<Vec<(WebhookDelivery, String, String)>> {
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS}, w.url, w.secret FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
             WHERE d.state = 'pending' AND d.next_attempt_at <= $1 AND w.disabled_at IS NULL ORDER BY d.next_attempt_at LIMIT $2"
        ))
        .bind(to_micros(now))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for row in rows {
            let delivery = delivery_from(&row)?;
            let claimed = sqlx::query(
                "UPDATE webhook_deliveries SET next_attempt_at = $1, attempts = attempts + 1 WHERE id = $2 AND next_attempt_at = $3 AND state = 'pending'",
            )
            .bind(to_micros(now + lease))
            .bind(&delivery.id)
            .bind(to_micros(delivery.next_attempt_at))
            .execute(self.pool())
            .await?
            .rows_affected();
            if claimed == 1 {
                let sealed: Vec<u8> = row.try_get("secret")?;
                let secret = self
                    .keys
                    .open_secret(&format!("webhook:{}", delivery.webhook_id), &sealed)?;
                let secret = String::from_utf8(secret).map_err(|_| {
                    StoreError::Integrity("a webhook secret is not text".to_owned())
                })?;
                out.push((delivery, row.try_get("url")?, secret));
            }
        }
        Ok(out)
    }

    async fn finish_delivery(
        &self,
        now: OffsetDateTime,
        id: &str,
        status: Option<i64>,
        error: Option<String>,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<()> {
        let state = match (&error, retry_at) {
            (None, _) => "delivered",
            (Some(_), Some(_)) => "pending",
            (Some(_), None) => "failed",
        };
        sqlx::query("UPDATE webhook_deliveries SET state = $1, last_status = $2, last_error = $3, next_attempt_at = $4, delivered_at = $5 WHERE id = $6")
            .bind(state)
            .bind(status)
            .bind(error)
            .bind(to_micros(retry_at.unwrap_or(now)))
            .bind((state == "delivered").then(|| to_micros(now)))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn list_deliveries(&self, webhook: &str) -> StoreResult<Vec<WebhookDelivery>> {
        let rows = sqlx::query(&format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.webhook_id = $1 ORDER BY d.created_at DESC LIMIT 500"))
            .bind(webhook)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(delivery_from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::recipient_hash;

    /// The worked example in docs/objections.md, which recipients copy.
    #[test]
    fn recipient_hash_is_hmac_sha256_of_the_notice_form_keyed_with_the_secret() {
        let secret = b"3f6a1c0e9b2d4f5a6c7e8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5";
        assert_eq!(
            recipient_hash(secret, "phone:+46701234567"),
            "715ca6357259460aaaffc55b0677319b8fc3bfda97b8e7b0b02a71f5256ed279"
        );
        assert_eq!(
            recipient_hash(secret, "email:kim@example.se"),
            "350c36d3c50bbd29aaa604f5a7a00d2f2de9d310833d655c7ed5be4e041fd47e"
        );
        assert_ne!(
            recipient_hash(b"another secret", "phone:+46701234567"),
            recipient_hash(secret, "phone:+46701234567")
        );
    }
}
