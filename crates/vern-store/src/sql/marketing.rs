//! Business contacts, soft opt-ins and requests to be called in SQL, and the facts of them the
//! in-memory index reads.

use async_trait::async_trait;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::ControllerId;

use super::SqlStore;
use super::person_keys::{person_key, seal_json};
use crate::codec::kind_to_text;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, BusinessContactSet, CallRequestRecorded, LedgerEvent, NewEntry, SoftOptInRecorded,
    WriteTx,
};
use crate::model::{CallRequestInput, CallRequestRecord, SoftOptInInput, SoftOptInRecord};
use crate::store::{MarketingStore, PeopleStore};
use crate::time_codec::{from_micros, to_micros};

fn evidence_context(id: &str) -> String {
    format!("call_request:{id}:evidence")
}

#[async_trait]
impl MarketingStore for SqlStore {
    async fn set_business_contact(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        business_contact: bool,
    ) -> StoreResult<i64> {
        let controller = self.get_person(person).await?.controller;
        let mut tx = self.write(actor, now).await?;
        mark_business_contact(&mut tx, person, controller, business_contact).await?;
        tx.commit().await
    }

    async fn is_business_contact(&self, person: &str) -> StoreResult<bool> {
        Ok(
            sqlx::query("SELECT person_id FROM business_contacts WHERE person_id = $1")
                .bind(person)
                .fetch_optional(self.pool())
                .await?
                .is_some(),
        )
    }

    async fn record_soft_opt_in(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &SoftOptInInput,
    ) -> StoreResult<(SoftOptInRecord, i64)> {
        let controller = self.get_person(person).await?.controller;
        let id = Uuid::now_v7().to_string();
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        // The soft opt-in exists only for an address obtained in a sale: the deal must be this
        // person's, and won.
        let stage: Option<String> =
            sqlx::query("SELECT stage FROM deals WHERE id = $1 AND person_id = $2")
                .bind(&input.deal)
                .bind(person)
                .fetch_optional(tx.conn())
                .await?
                .map(|row| row.try_get("stage"))
                .transpose()?;
        match stage.as_deref() {
            None => {
                return Err(StoreError::Invalid(
                    "the person has no deal with this id".to_owned(),
                ));
            }
            Some("won") => {}
            Some(_) => {
                return Err(StoreError::Invalid(
                    "the deal is not won: a soft opt-in needs a sale".to_owned(),
                ));
            }
        }
        sqlx::query(
            "INSERT INTO soft_opt_ins (id, person_id, controller, digest, deal_id, product_category, opt_out_offered, obtained_at, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(person)
        .bind(controller.0)
        .bind(input.digest.as_bytes().to_vec())
        .bind(&input.deal)
        .bind(&input.product_category)
        .bind(i64::from(input.opt_out_offered))
        .bind(to_micros(input.obtained_at))
        .bind(at)
        .execute(tx.conn())
        .await?;
        tx.record(
            NewEntry::event(LedgerEvent::SoftOptInRecorded(SoftOptInRecorded {
                soft_opt_in: id.clone(),
                person: person.to_owned(),
                deal: input.deal.clone(),
                identifier_kind: kind_to_text(input.kind).to_owned(),
                digest: input.digest.to_hex(),
                product_category: input.product_category.clone(),
                opt_out_offered: input.opt_out_offered,
                obtained_at: to_micros(input.obtained_at),
            }))
            .controller(controller.0)
            .subject(person, None),
        )
        .await?;
        let seq = tx.commit().await?;
        let record = SoftOptInRecord {
            id,
            person_id: person.to_owned(),
            deal: input.deal.clone(),
            product_category: input.product_category.clone(),
            opt_out_offered: input.opt_out_offered,
            obtained_at: from_micros(to_micros(input.obtained_at)),
        };
        Ok((record, seq))
    }

    async fn record_call_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &CallRequestInput,
    ) -> StoreResult<(CallRequestRecord, i64)> {
        let controller = self.get_person(person).await?.controller;
        let key = person_key(self, person).await?;
        let id = Uuid::now_v7().to_string();
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        sqlx::query(
            "INSERT INTO call_requests (id, person_id, controller, evidence, requested_at, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(person)
        .bind(controller.0)
        .bind(seal_json(&key, &evidence_context(&id), &input.evidence)?)
        .bind(to_micros(input.requested_at))
        .bind(at)
        .execute(tx.conn())
        .await?;
        tx.record(
            NewEntry::event(LedgerEvent::CallRequestRecorded(CallRequestRecorded {
                call_request: id.clone(),
                person: person.to_owned(),
                requested_at: to_micros(input.requested_at),
            }))
            .controller(controller.0)
            .subject(person, None),
        )
        .await?;
        let seq = tx.commit().await?;
        let record = CallRequestRecord {
            id,
            person_id: person.to_owned(),
            requested_at: from_micros(to_micros(input.requested_at)),
            evidence: input.evidence.clone(),
        };
        Ok((record, seq))
    }
}

/// Mark or unmark `person` as a business contact inside `tx`, with its ledger entry: the
/// person writes (create, update) call it in their own transaction.
pub(super) async fn mark_business_contact(
    tx: &mut WriteTx<'_>,
    person: &str,
    controller: ControllerId,
    business_contact: bool,
) -> StoreResult<()> {
    let at = tx.at_micros();
    sqlx::query("DELETE FROM business_contacts WHERE person_id = $1")
        .bind(person)
        .execute(tx.conn())
        .await?;
    if business_contact {
        sqlx::query(
            "INSERT INTO business_contacts (person_id, controller, marked_at) VALUES ($1, $2, $3)",
        )
        .bind(person)
        .bind(controller.0)
        .bind(at)
        .execute(tx.conn())
        .await?;
    }
    tx.record(
        NewEntry::event(LedgerEvent::BusinessContactSet(BusinessContactSet {
            person: person.to_owned(),
            business_contact,
        }))
        .controller(controller.0)
        .subject(person, None),
    )
    .await?;
    Ok(())
}
