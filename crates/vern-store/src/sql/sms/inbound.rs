//! The transaction of one inbound message: the message, what it does (consent withdrawn or
//! granted, an objection, a pending opt-in, a person for a new subscriber), the answer queued,
//! and their ledger entries, committed together.

use serde_json::json;
use sqlx::Row;
use uuid::Uuid;
use vern_core::consent::ConsentAction;
use vern_core::objection::{ObjectionSourceKind, SuppressionSource};
use vern_core::{ChannelSet, ControllerId, IdentifierDigest, IdentifierKind};

use super::super::SqlStore;
use super::super::people::{insert_consent, write_identity};
use super::super::person_keys::{profile_context, seal_json};
use super::super::person_rows::ledger_context;
use super::{INBOUND_COLUMNS, list_to_text, text_context};
use crate::codec::{channels_from_i64, digest_from, kind_from_text};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, LedgerEvent, NewEntry, ObjectionRecorded, PersonCreated, SmsReceived, WriteTx,
};
use crate::model::{
    ConsentInput, Evidence, InboundSms, ObjectionSource, PersonInput, Profile, SmsAction,
};
use crate::seal::PersonKey;
use crate::time_codec::to_micros;
use time::OffsetDateTime;

/// A direct-marketing objection to the controller on `channels`, conveyed by an SMS reply,
/// with its suppressions and its ledger entry (and each recipient's own hashes of the sender's
/// number for the Art. 19 notice).
async fn object(
    store: &SqlStore,
    tx: &mut WriteTx<'_>,
    controller: ControllerId,
    digests: &[(IdentifierKind, IdentifierDigest)],
    channels: ChannelSet,
    identifiers: &[String],
) -> StoreResult<String> {
    let id = Uuid::now_v7().to_string();
    let at = tx.at_micros();
    sqlx::query(
        "INSERT INTO objections (id, controller, kind, source, agent_name, mandate_reference, mandate_verification, request_id, received_at, agent_key) \
         VALUES ($1, $2, 'direct_marketing', $3, NULL, NULL, NULL, NULL, $4, NULL)",
    )
    .bind(&id)
    .bind(controller.0)
    .bind(ObjectionSourceKind::Sms.as_str())
    .bind(at)
    .execute(tx.conn())
    .await?;
    for (kind, digest) in digests {
        super::super::suppression_rows::insert_suppression(
            tx,
            digest,
            *kind,
            Some(controller),
            channels,
            SuppressionSource::Objection(ObjectionSourceKind::Sms),
            Some(&id),
            None,
            None,
        )
        .await?;
    }
    let recipients =
        super::super::webhooks::recipient_hashes(store, tx, "objection", identifiers).await?;
    let source = ObjectionSource {
        kind: ObjectionSourceKind::Sms,
        agent_name: None,
        mandate_reference: None,
        mandate_verification: None,
    };
    tx.record(
        NewEntry::event(LedgerEvent::ObjectionRecorded(ObjectionRecorded {
            objection: id.clone(),
            kind: "direct_marketing".to_owned(),
            source: json!(source),
            controller: Some(controller.0),
            scope: "controller".to_owned(),
            digests: digests.iter().map(|(_, d)| d.to_hex()).collect(),
            request: None,
            recipients: Some(recipients),
        }))
        .controller(controller.0),
    )
    .await?;
    Ok(id)
}

/// A person's identifiers' digests, to object with all of them.
async fn digests_of(
    tx: &mut WriteTx<'_>,
    person: &str,
) -> StoreResult<Vec<(IdentifierKind, IdentifierDigest)>> {
    let rows = sqlx::query("SELECT kind, digest FROM person_identifiers WHERE person_id = $1")
        .bind(person)
        .fetch_all(tx.conn())
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                kind_from_text(&r.try_get::<String, _>("kind")?)?,
                digest_from(&r.try_get::<Vec<u8>, _>("digest")?)?,
            ))
        })
        .collect()
}

/// Close the sender's open opt-ins at this number: confirmed, stopped, or asked again.
async fn close_opt_ins(
    tx: &mut WriteTx<'_>,
    number_id: &str,
    sender: &IdentifierDigest,
    by: &str,
) -> StoreResult<()> {
    let at = tx.at_micros();
    sqlx::query(
        "UPDATE sms_optins SET closed_at = $1, closed_by = $2 WHERE number_id = $3 AND sender_digest = $4 AND closed_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(number_id)
    .bind(sender.as_bytes().to_vec())
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A person for a sender vern did not know, made when they confirm an opt-in: a profile with
/// the number alone, sealed with the key made for them.
async fn create_sender(
    tx: &mut WriteTx<'_>,
    key: &PersonKey,
    id: &str,
    inbound: &InboundSms,
) -> StoreResult<()> {
    let controller = inbound.number.controller;
    let input = PersonInput {
        profile: Profile {
            phones: vec![inbound.text.from.clone()],
            ..Profile::default()
        },
        digests: vec![(IdentifierKind::Phone, inbound.sender_digest)],
        lists: Vec::new(),
        business_contact: None,
        source: Default::default(),
    };
    let at = tx.at_micros();
    sqlx::query("INSERT INTO people (id, controller, sealed, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
        .bind(id)
        .bind(controller.0)
        .bind(seal_json(key, &profile_context(id), &input.profile)?)
        .bind(at)
        .execute(tx.conn())
        .await?;
    write_identity(tx, id, controller, &input).await?;
    tx.record(
        NewEntry::event(LedgerEvent::PersonCreated(PersonCreated {
            person: id.to_owned(),
            identifier_kinds: vec![IdentifierKind::Phone.as_str().to_owned()],
            lists: Vec::new(),
        }))
        .controller(controller.0)
        .subject(
            id,
            Some(seal_json(key, &ledger_context(id), &input.profile)?),
        ),
    )
    .await?;
    Ok(())
}

/// One consent event per purpose, on `channels`, with `evidence`.
async fn consent_for(
    tx: &mut WriteTx<'_>,
    key: &PersonKey,
    person: &str,
    inbound: &InboundSms,
    purposes: &[String],
    (action, channels, evidence): (ConsentAction, ChannelSet, &Evidence),
) -> StoreResult<()> {
    let controller = inbound.number.controller;
    for purpose in purposes {
        // Only the channels the purpose declares: a grant on MMS for a purpose that never sends
        // MMS would be evidence of something nobody was asked.
        let declared: Option<i64> =
            sqlx::query("SELECT channels FROM purposes WHERE controller = $1 AND key = $2")
                .bind(controller.0)
                .bind(purpose)
                .fetch_optional(tx.conn())
                .await?
                .map(|r| r.try_get("channels"))
                .transpose()?;
        let on = ChannelSet::from_bits(
            channels.bits() & declared.map_or(0, |d| channels_from_i64(d).bits()),
        );
        if on.is_empty() {
            continue;
        }
        let input = ConsentInput {
            purpose: purpose.clone(),
            channels: on,
            action,
            given_at: inbound.sent_at,
            expires_at: None,
            source: "sms".to_owned(),
            evidence: evidence.clone(),
        };
        insert_consent(tx, key, person, controller, &input).await?;
    }
    Ok(())
}

impl SqlStore {
    /// The transaction of [`SmsStore::receive_sms`]; its sequence number.
    pub(super) async fn write_inbound(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        inbound: &InboundSms,
        id: &str,
        (person, key, holder): (Option<&str>, &PersonKey, &str),
        sharing: &[(&str, PersonKey)],
    ) -> StoreResult<i64> {
        let controller = inbound.number.controller;
        let number_id = inbound.number.id.as_str();
        let sender = &inbound.sender_digest;
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        let seen =
            sqlx::query("SELECT id FROM sms_inbound WHERE gateway_key = $1 AND message_id = $2")
                .bind(&inbound.gateway_key)
                .bind(&inbound.message_id)
                .fetch_optional(tx.conn())
                .await?;
        if seen.is_some() {
            return Err(StoreError::Conflict(
                "the gateway already delivered a message with this id".to_owned(),
            ));
        }
        if inbound.person.is_none()
            && let (Some(p), SmsAction::Confirm { .. }) = (person, &inbound.action)
        {
            create_sender(&mut tx, key, p, inbound).await?;
        }
        let purposes: &[String] = match &inbound.action {
            SmsAction::Withdraw { purposes, .. }
            | SmsAction::AskConfirmation { purposes, .. }
            | SmsAction::Confirm { purposes, .. } => purposes,
            SmsAction::ObjectAll | SmsAction::Help | SmsAction::Keep => &[],
        };
        sqlx::query(&format!(
            "INSERT INTO sms_inbound ({INBOUND_COLUMNS}, gateway_key, sender_digest) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12, $13, $14)"
        ))
        .bind(id)
        .bind(&inbound.message_id)
        .bind(controller.0)
        .bind(number_id)
        .bind(person)
        .bind(holder)
        .bind(inbound.action.as_str())
        .bind(i64::from(inbound.mentions_opt_out))
        .bind(list_to_text(purposes)?)
        .bind(to_micros(inbound.sent_at))
        .bind(at)
        .bind(seal_json(key, &text_context(id), &inbound.text)?)
        .bind(&inbound.gateway_key)
        .bind(sender.as_bytes().to_vec())
        .execute(tx.conn())
        .await?;
        let identifiers = std::slice::from_ref(&inbound.sender_identifier);
        match (&inbound.action, person) {
            (
                SmsAction::Withdraw {
                    purposes,
                    channels,
                    evidence,
                },
                Some(person),
            ) => {
                let how = (ConsentAction::Withdrawn, *channels, evidence);
                consent_for(&mut tx, key, person, inbound, purposes, how).await?;
                for (other, other_key) in sharing {
                    consent_for(&mut tx, other_key, other, inbound, purposes, how).await?;
                }
                close_opt_ins(&mut tx, number_id, sender, id).await?;
            }
            (SmsAction::Withdraw { channels, .. }, None) => {
                // No consent to withdraw: what stops the number is an objection on SMS and MMS.
                let digests = [(IdentifierKind::Phone, *sender)];
                object(self, &mut tx, controller, &digests, *channels, identifiers).await?;
                close_opt_ins(&mut tx, number_id, sender, id).await?;
            }
            (SmsAction::ObjectAll, _) => {
                let mut digests = match person {
                    Some(p) => digests_of(&mut tx, p).await?,
                    None => Vec::new(),
                };
                if !digests.iter().any(|(_, d)| d == sender) {
                    digests.push((IdentifierKind::Phone, *sender));
                }
                object(
                    self,
                    &mut tx,
                    controller,
                    &digests,
                    ChannelSet::ALL,
                    identifiers,
                )
                .await?;
                close_opt_ins(&mut tx, number_id, sender, id).await?;
            }
            (
                SmsAction::AskConfirmation {
                    purposes,
                    expires_at,
                },
                _,
            ) => {
                close_opt_ins(&mut tx, number_id, sender, id).await?;
                sqlx::query(
                    "INSERT INTO sms_optins (id, number_id, sender_digest, asked_by, purposes, expires_at, closed_at, closed_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)",
                )
                .bind(Uuid::now_v7().to_string())
                .bind(number_id)
                .bind(sender.as_bytes().to_vec())
                .bind(id)
                .bind(list_to_text(purposes)?)
                .bind(to_micros(*expires_at))
                .execute(tx.conn())
                .await?;
            }
            (
                SmsAction::Confirm {
                    pending,
                    purposes,
                    channels,
                    evidence,
                },
                Some(person),
            ) => {
                let closed = sqlx::query(
                    "UPDATE sms_optins SET closed_at = $1, closed_by = $2 WHERE id = $3 AND closed_at IS NULL AND expires_at > $4",
                )
                .bind(at)
                .bind(id)
                .bind(pending)
                .bind(to_micros(inbound.sent_at))
                .execute(tx.conn())
                .await?;
                if closed.rows_affected() != 1 {
                    return Err(StoreError::Conflict(
                        "the opt-in was confirmed, stopped or lapsed in the meantime".to_owned(),
                    ));
                }
                let how = (ConsentAction::Granted, *channels, evidence);
                consent_for(&mut tx, key, person, inbound, purposes, how).await?;
            }
            (SmsAction::Confirm { .. }, None) => {
                return Err(StoreError::Invalid(
                    "a confirmed opt-in needs a person".to_owned(),
                ));
            }
            (SmsAction::Help | SmsAction::Keep, _) => {}
        }
        let reply = match &inbound.reply {
            None => None,
            Some(message) => {
                let ids = match person {
                    Some(p) => {
                        super::super::queue::enqueue(
                            &mut tx,
                            key,
                            p,
                            controller,
                            None,
                            std::slice::from_ref(message),
                        )
                        .await?
                    }
                    None => {
                        super::super::queue::enqueue_detached(
                            self,
                            &mut tx,
                            controller,
                            std::slice::from_ref(message),
                            now,
                        )
                        .await?
                    }
                };
                ids.into_iter().next()
            }
        };
        if let Some(reply) = &reply {
            sqlx::query("UPDATE sms_inbound SET reply_id = $1 WHERE id = $2")
                .bind(reply)
                .bind(id)
                .execute(tx.conn())
                .await?;
        }
        let mut entry = NewEntry::event(LedgerEvent::SmsReceived(SmsReceived {
            inbound: id.to_owned(),
            message_id: inbound.message_id.clone(),
            number: number_id.to_owned(),
            effect: inbound.action.as_str().to_owned(),
            purposes: purposes.to_vec(),
            digest: sender.to_hex(),
            reply,
        }))
        .controller(controller.0);
        if let Some(p) = person {
            entry = entry.subject(p, None);
        }
        tx.record(entry).await?;
        tx.commit().await
    }
}
