//! SMS keywords in SQL: receiving numbers, gateway secrets (sealed with the installation's
//! key), inbound messages (sender as a keyed digest, number and text sealed) and the opt-ins
//! waiting for their confirmation. An inbound message and everything it does are one
//! transaction.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::{ControllerId, IdentifierDigest};

use super::SqlStore;
use super::person_keys::{open_json, person_key};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, LedgerEvent, NewEntry, SmsGatewaySet, SmsNumberSet, SmsOpened};
use crate::model::{
    ExtraKeywords, InboundRecord, InboundSms, PendingSmsOptIn, SmsAction, SmsGateway, SmsNumber,
    SmsText,
};
use crate::seal::PersonKey;
use crate::store::SmsStore;
use crate::time_codec::from_micros;

const NUMBER_COLUMNS: &str =
    "id, controller, number, purposes, keywords, all_keyword, confirm_window_minutes, updated_at";

const INBOUND_COLUMNS: &str = "id, message_id, controller, number_id, person_id, holder, effect, mentions_opt_out, purposes, sent_at, recorded_at, reply_id, sealed";

/// The keyring prefix of a message from someone vern does not know: its own key, destroyed by
/// retention (`sql/retention.rs`).
pub(super) const INBOUND_HOLDER: &str = "sms:";

fn text_context(id: &str) -> String {
    format!("sms_inbound:{id}")
}

fn gateway_context(key_id: &str) -> String {
    format!("sms_gateway:{key_id}")
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Integrity(format!("a stored SMS record has an unreadable {what}"))
}

fn list_to_text(list: &[String]) -> StoreResult<String> {
    serde_json::to_string(list).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn list_from_text(text: &str) -> StoreResult<Vec<String>> {
    serde_json::from_str(text).map_err(|_| corrupt("list"))
}

fn number_from(row: &AnyRow) -> StoreResult<SmsNumber> {
    Ok(SmsNumber {
        id: row.try_get("id")?,
        controller: ControllerId(row.try_get("controller")?),
        number: row.try_get("number")?,
        purposes: list_from_text(&row.try_get::<String, _>("purposes")?)?,
        keywords: serde_json::from_str::<ExtraKeywords>(&row.try_get::<String, _>("keywords")?)
            .map_err(|_| corrupt("keyword list"))?,
        all_keyword: row.try_get("all_keyword")?,
        confirm_window_minutes: row.try_get("confirm_window_minutes")?,
        updated_at: from_micros(row.try_get("updated_at")?),
    })
}

fn inbound_from(row: &AnyRow, key: Option<&PersonKey>) -> StoreResult<InboundRecord> {
    let id: String = row.try_get("id")?;
    let sealed: Vec<u8> = row.try_get("sealed")?;
    let text = key.and_then(|k| open_json::<SmsText>(k, &text_context(&id), &sealed).ok());
    Ok(InboundRecord {
        message_id: row.try_get("message_id")?,
        controller: ControllerId(row.try_get("controller")?),
        number_id: row.try_get("number_id")?,
        person: row.try_get("person_id")?,
        effect: row.try_get("effect")?,
        mentions_opt_out: row.try_get::<i64, _>("mentions_opt_out")? != 0,
        purposes: list_from_text(&row.try_get::<String, _>("purposes")?)?,
        sent_at: from_micros(row.try_get("sent_at")?),
        recorded_at: from_micros(row.try_get("recorded_at")?),
        reply_id: row.try_get("reply_id")?,
        text,
        id,
    })
}

mod inbound;

impl SqlStore {
    async fn open_inbound(&self, row: &AnyRow) -> StoreResult<InboundRecord> {
        let holder: String = row.try_get("holder")?;
        let key = self.keyring().get(&self.keys, &holder).await?;
        inbound_from(row, key.as_ref())
    }
}

#[async_trait]
impl SmsStore for SqlStore {
    async fn put_sms_number(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        number: &SmsNumber,
    ) -> StoreResult<(SmsNumber, i64)> {
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        let existing: Option<String> = sqlx::query("SELECT id FROM sms_numbers WHERE number = $1")
            .bind(&number.number)
            .fetch_optional(tx.conn())
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?;
        let keywords = serde_json::to_string(&number.keywords)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let id = match existing {
            Some(id) => {
                sqlx::query(
                    "UPDATE sms_numbers SET controller = $1, purposes = $2, keywords = $3, all_keyword = $4, confirm_window_minutes = $5, updated_at = $6 WHERE id = $7",
                )
                .bind(number.controller.0)
                .bind(list_to_text(&number.purposes)?)
                .bind(&keywords)
                .bind(&number.all_keyword)
                .bind(number.confirm_window_minutes)
                .bind(at)
                .bind(&id)
                .execute(tx.conn())
                .await?;
                id
            }
            None => {
                let id = Uuid::now_v7().to_string();
                sqlx::query(&format!(
                    "INSERT INTO sms_numbers ({NUMBER_COLUMNS}, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
                ))
                .bind(&id)
                .bind(number.controller.0)
                .bind(&number.number)
                .bind(list_to_text(&number.purposes)?)
                .bind(&keywords)
                .bind(&number.all_keyword)
                .bind(number.confirm_window_minutes)
                .bind(at)
                .execute(tx.conn())
                .await?;
                id
            }
        };
        tx.record(
            NewEntry::event(LedgerEvent::SmsNumberSet(SmsNumberSet {
                number: id,
                purposes: number.purposes.clone(),
                has_all_keyword: number.all_keyword.is_some(),
                confirm_window_minutes: number.confirm_window_minutes,
            }))
            .controller(number.controller.0),
        )
        .await?;
        let seq = tx.commit().await?;
        let saved = self
            .sms_number(&number.number)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((saved, seq))
    }

    async fn list_sms_numbers(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<SmsNumber>> {
        let rows = sqlx::query(&format!(
            "SELECT {NUMBER_COLUMNS} FROM sms_numbers WHERE ($1 IS NULL OR controller = $1) ORDER BY number"
        ))
        .bind(controller.map(|c| c.0))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(number_from).collect()
    }

    async fn sms_number(&self, number: &str) -> StoreResult<Option<SmsNumber>> {
        sqlx::query(&format!(
            "SELECT {NUMBER_COLUMNS} FROM sms_numbers WHERE number = $1"
        ))
        .bind(number)
        .fetch_optional(self.pool())
        .await?
        .as_ref()
        .map(number_from)
        .transpose()
    }

    async fn set_sms_gateway(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        key_id: &str,
        secret: &[u8],
    ) -> StoreResult<(SmsGateway, i64)> {
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        let role: Option<String> =
            sqlx::query("SELECT role FROM api_keys WHERE id = $1 AND revoked_at IS NULL")
                .bind(key_id)
                .fetch_optional(tx.conn())
                .await?
                .map(|r| r.try_get("role"))
                .transpose()?;
        match role.as_deref() {
            None => return Err(StoreError::NotFound),
            Some("gateway") => {}
            Some(_) => {
                return Err(StoreError::Invalid(
                    "the API key's role is not gateway".to_owned(),
                ));
            }
        }
        let sealed = self.keys.seal_secret(&gateway_context(key_id), secret);
        sqlx::query(
            "INSERT INTO sms_gateways (key_id, secret, created_at, updated_at) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (key_id) DO UPDATE SET secret = $2, updated_at = $3",
        )
        .bind(key_id)
        .bind(sealed)
        .bind(at)
        .execute(tx.conn())
        .await?;
        tx.record(NewEntry::event(LedgerEvent::SmsGatewaySet(SmsGatewaySet {
            key: key_id.to_owned(),
        })))
        .await?;
        let seq = tx.commit().await?;
        let gateway = self
            .list_sms_gateways()
            .await?
            .into_iter()
            .find(|g| g.key_id == key_id)
            .ok_or(StoreError::NotFound)?;
        Ok((gateway, seq))
    }

    async fn list_sms_gateways(&self) -> StoreResult<Vec<SmsGateway>> {
        let rows =
            sqlx::query("SELECT key_id, created_at, updated_at FROM sms_gateways ORDER BY key_id")
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(SmsGateway {
                    key_id: r.try_get("key_id")?,
                    created_at: from_micros(r.try_get("created_at")?),
                    updated_at: from_micros(r.try_get("updated_at")?),
                })
            })
            .collect()
    }

    async fn sms_gateway_secret(&self, key_id: &str) -> StoreResult<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT secret FROM sms_gateways WHERE key_id = $1")
            .bind(key_id)
            .fetch_optional(self.pool())
            .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some(self.keys.open_secret(
                &gateway_context(key_id),
                &r.try_get::<Vec<u8>, _>("secret")?,
            )?)),
        }
    }

    async fn sms_inbound_by_message(
        &self,
        gateway_key: &str,
        message_id: &str,
    ) -> StoreResult<Option<InboundRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {INBOUND_COLUMNS} FROM sms_inbound WHERE gateway_key = $1 AND message_id = $2"
        ))
        .bind(gateway_key)
        .bind(message_id)
        .fetch_optional(self.pool())
        .await?;
        match row {
            None => Ok(None),
            Some(row) => Ok(Some(self.open_inbound(&row).await?)),
        }
    }

    async fn pending_sms_opt_in(
        &self,
        number_id: &str,
        sender: &IdentifierDigest,
    ) -> StoreResult<Option<PendingSmsOptIn>> {
        let row = sqlx::query(
            "SELECT o.id, o.asked_by, o.purposes, o.expires_at, i.message_id, i.holder, i.sealed \
             FROM sms_optins o JOIN sms_inbound i ON i.id = o.asked_by \
             WHERE o.number_id = $1 AND o.sender_digest = $2 AND o.closed_at IS NULL \
             ORDER BY o.expires_at DESC LIMIT 1",
        )
        .bind(number_id)
        .bind(sender.as_bytes().to_vec())
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let asked_by: String = row.try_get("asked_by")?;
        let holder: String = row.try_get("holder")?;
        let sealed: Vec<u8> = row.try_get("sealed")?;
        let asked_text = self
            .keyring()
            .get(&self.keys, &holder)
            .await?
            .and_then(|k| open_json::<SmsText>(&k, &text_context(&asked_by), &sealed).ok());
        Ok(Some(PendingSmsOptIn {
            id: row.try_get("id")?,
            asked_message_id: row.try_get("message_id")?,
            purposes: list_from_text(&row.try_get::<String, _>("purposes")?)?,
            expires_at: from_micros(row.try_get("expires_at")?),
            asked_text,
            asked_by,
        }))
    }

    async fn receive_sms(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        inbound: &InboundSms,
    ) -> StoreResult<(InboundRecord, i64)> {
        let id = Uuid::now_v7().to_string();
        // The key is committed before the transaction, as a person's is: a key without its
        // message is harmless (and destroyed below when the message is not recorded).
        let (person, key, made) = match (&inbound.person, &inbound.action) {
            (Some(p), _) => (Some(p.clone()), person_key(self, p).await?, None),
            (None, SmsAction::Confirm { .. }) => {
                let person = Uuid::now_v7().to_string();
                let key = self.keyring().create(&self.keys, &person, now).await?;
                (Some(person.clone()), key, Some(person))
            }
            (None, _) => {
                let holder = format!("{INBOUND_HOLDER}{id}");
                let key = self.keyring().create(&self.keys, &holder, now).await?;
                (None, key, Some(holder))
            }
        };
        let holder = person
            .clone()
            .unwrap_or_else(|| format!("{INBOUND_HOLDER}{id}"));
        let mut sharing = Vec::with_capacity(inbound.sharing.len());
        for other in &inbound.sharing {
            sharing.push((other.as_str(), person_key(self, other).await?));
        }
        let written = self
            .write_inbound(
                actor,
                now,
                inbound,
                &id,
                (person.as_deref(), &key, &holder),
                &sharing,
            )
            .await;
        match written {
            Ok(seq) => {
                let record = self
                    .sms_inbound_by_message(&inbound.gateway_key, &inbound.message_id)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                Ok((record, seq))
            }
            Err(e) => {
                if let Some(made) = made {
                    self.keyring().destroy(&[made]).await?;
                }
                Err(e)
            }
        }
    }

    async fn open_sms_inbound(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<(InboundRecord, i64)> {
        let row = sqlx::query(&format!(
            "SELECT {INBOUND_COLUMNS} FROM sms_inbound WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let record = self.open_inbound(&row).await?;
        let mut tx = self.write(actor, now).await?;
        let mut entry = NewEntry::event(LedgerEvent::SmsOpened(SmsOpened {
            inbound: id.to_owned(),
        }))
        .controller(record.controller.0);
        if let Some(person) = &record.person {
            entry = entry.subject(person, None);
        }
        tx.record(entry).await?;
        Ok((record, tx.commit().await?))
    }

    async fn list_sms_inbound(
        &self,
        controller: Option<ControllerId>,
        limit: i64,
    ) -> StoreResult<Vec<InboundRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {INBOUND_COLUMNS} FROM sms_inbound WHERE ($1 IS NULL OR controller = $1) ORDER BY recorded_at DESC, id DESC LIMIT $2"
        ))
        .bind(controller.map(|c| c.0))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        // Listed without opening: reading a text is a disclosure of its own.
        rows.iter().map(|row| inbound_from(row, None)).collect()
    }
}
