//! Activities, deals and todos in SQL. Free text is sealed with the person's key.

use crate::store::HistoryStore;
use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;
use vern_core::ControllerId;

use super::SqlStore;
use super::person_keys::{live_controller, person_key};
use crate::codec::integrity;
use crate::error::StoreResult;
use crate::ledger::{
    ActivityRecorded, Actor, DealRecorded, LedgerEvent, NewEntry, TodoRecorded, WriteTx,
};
use crate::model::{
    Activity, ActivityInput, Deal, DealFact, DealInput, RelationshipInput, Todo, TodoInput,
};
use crate::seal::PersonKey;
use crate::time_codec::{from_micros, to_micros};

fn context(table: &str, id: &str) -> String {
    format!("{table}:{id}")
}

fn seal(key: &PersonKey, context: &str, value: &serde_json::Value) -> Vec<u8> {
    key.seal(context, value.to_string().as_bytes())
}

fn open(
    key: Option<&PersonKey>,
    context: &str,
    sealed: Option<Vec<u8>>,
) -> Option<serde_json::Value> {
    let bytes = key?.open(context, &sealed?).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// An instant as it reads back from the database (whole microseconds).
fn stored(at: OffsetDateTime) -> OffsetDateTime {
    from_micros(to_micros(at))
}

fn text(v: &Option<serde_json::Value>, field: &str) -> Option<String> {
    v.as_ref()?.get(field)?.as_str().map(str::to_owned)
}

fn activity_from(row: &AnyRow, key: Option<&PersonKey>) -> StoreResult<Activity> {
    let id: String = row.try_get("id")?;
    let sealed = open(key, &context("activity", &id), row.try_get("sealed")?);
    let channel: Option<String> = row.try_get("channel")?;
    Ok(Activity {
        note: text(&sealed, "note"),
        person_id: row.try_get("person_id")?,
        kind: row.try_get("kind")?,
        channel: channel
            .map(|c| c.parse().map_err(|_| integrity("channel")))
            .transpose()?,
        owner: row.try_get("owner")?,
        at: from_micros(row.try_get("at")?),
        id,
    })
}

/// Insert an activity and its `activity.recorded` inside an open write: the API's door and an
/// import's batch share it.
pub(super) async fn activity_in(
    tx: &mut WriteTx<'_>,
    controller: ControllerId,
    key: &PersonKey,
    person_id: &str,
    input: &ActivityInput,
) -> StoreResult<Activity> {
    let id = Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO activities (id, person_id, controller, kind, channel, owner, at, sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(person_id)
    .bind(controller.0)
    .bind(&input.kind)
    .bind(input.channel.map(|c| c.as_str().to_owned()))
    .bind(&input.owner)
    .bind(to_micros(input.at))
    .bind(input.note.as_ref().map(|n| seal(key, &context("activity", &id), &json!({ "note": n }))))
    .bind(tx.at_micros())
    .execute(tx.conn())
    .await?;
    tx.record(
        NewEntry::event(LedgerEvent::ActivityRecorded(ActivityRecorded {
            activity: id.clone(),
            person: person_id.to_owned(),
            kind: input.kind.clone(),
            channel: json!(input.channel),
            owner: input.owner.clone(),
        }))
        .controller(controller.0)
        .subject(person_id, None),
    )
    .await?;
    // What was written, as a read would return it (times at the stored precision); reading
    // the person's whole history back to find it would grow with that history.
    Ok(Activity {
        id,
        person_id: Some(person_id.to_owned()),
        kind: input.kind.clone(),
        channel: input.channel,
        owner: input.owner.clone(),
        at: stored(input.at),
        note: input.note.clone(),
    })
}

/// Insert a deal and its `deal.recorded` inside an open write, and start `relationship` with
/// it (linked to the deal, with its own `customer.relationship_started`): a won deal is an
/// entered contract, and its relationship starts in the deal's own transaction. The API's
/// door passes [`DealInput::relationship`]; an import passes none when the person already has
/// it.
pub(super) async fn deal_in(
    tx: &mut WriteTx<'_>,
    controller: ControllerId,
    key: &PersonKey,
    person_id: &str,
    input: &DealInput,
    relationship: Option<&RelationshipInput>,
) -> StoreResult<Deal> {
    let id = Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO deals (id, person_id, controller, amount_minor, currency, stage, owner, opened_at, closed_at, sealed, created_at, product_category) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(person_id)
    .bind(controller.0)
    .bind(input.amount_minor)
    .bind(&input.currency)
    .bind(&input.stage)
    .bind(&input.owner)
    .bind(to_micros(input.opened_at))
    .bind(input.closed_at.map(to_micros))
    .bind(input.title.as_ref().map(|t| seal(key, &context("deal", &id), &json!({ "title": t }))))
    .bind(tx.at_micros())
    .bind(input.product_category.as_ref().map(|c| c.as_str().to_owned()))
    .execute(tx.conn())
    .await?;
    tx.record(
        NewEntry::event(LedgerEvent::DealRecorded(DealRecorded {
            deal: id.clone(),
            person: person_id.to_owned(),
            amount_minor: input.amount_minor,
            currency: input.currency.clone(),
            stage: input.stage.clone(),
            owner: input.owner.clone(),
        }))
        .controller(controller.0)
        .subject(person_id, None),
    )
    .await?;
    if let Some(r) = relationship {
        let linked = RelationshipInput {
            deal: Some(id.clone()),
            ..r.clone()
        };
        super::customers::start_in(tx, controller, person_id, &linked).await?;
    }
    Ok(Deal {
        id,
        person_id: Some(person_id.to_owned()),
        title: input.title.clone(),
        amount_minor: input.amount_minor,
        currency: input.currency.clone(),
        stage: input.stage.clone(),
        owner: input.owner.clone(),
        opened_at: stored(input.opened_at),
        closed_at: input.closed_at.map(stored),
        product_category: input.product_category.clone(),
    })
}

/// Insert a todo and its `todo.recorded` inside an open write: the API's door and an import's
/// batch share it.
pub(super) async fn todo_in(
    tx: &mut WriteTx<'_>,
    controller: ControllerId,
    key: &PersonKey,
    person_id: &str,
    input: &TodoInput,
) -> StoreResult<Todo> {
    let id = Uuid::now_v7().to_string();
    sqlx::query("INSERT INTO todos (id, person_id, controller, owner, due_at, done_at, sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(&id)
        .bind(person_id)
        .bind(controller.0)
        .bind(&input.owner)
        .bind(input.due_at.map(to_micros))
        .bind(input.done_at.map(to_micros))
        .bind(seal(key, &context("todo", &id), &json!({ "text": input.text })))
        .bind(tx.at_micros())
        .execute(tx.conn())
        .await?;
    tx.record(
        NewEntry::event(LedgerEvent::TodoRecorded(TodoRecorded {
            todo: id.clone(),
            person: person_id.to_owned(),
            owner: input.owner.clone(),
        }))
        .controller(controller.0)
        .subject(person_id, None),
    )
    .await?;
    Ok(Todo {
        id,
        person_id: Some(person_id.to_owned()),
        text: Some(input.text.clone()),
        owner: input.owner.clone(),
        due_at: input.due_at.map(stored),
        done_at: input.done_at.map(stored),
    })
}

#[async_trait]
impl HistoryStore for SqlStore {
    async fn add_activity(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person_id: &str,
        input: &ActivityInput,
    ) -> StoreResult<(Activity, i64)> {
        let controller = live_controller(self, person_id).await?;
        let key = person_key(self, person_id).await?;
        let mut tx = self.write(actor, now).await?;
        let activity = activity_in(&mut tx, controller, &key, person_id, input).await?;
        let seq = tx.commit().await?;
        Ok((activity, seq))
    }

    async fn list_activities(&self, person_id: &str) -> StoreResult<Vec<Activity>> {
        let key = self.keyring().get(&self.keys, person_id).await?;
        let rows = sqlx::query("SELECT id, person_id, kind, channel, owner, at, sealed FROM activities WHERE person_id = $1 ORDER BY at DESC, id DESC")
            .bind(person_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| activity_from(r, key.as_ref()))
            .collect()
    }

    async fn add_deal(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person_id: &str,
        input: &DealInput,
    ) -> StoreResult<(Deal, i64)> {
        let controller = live_controller(self, person_id).await?;
        let key = person_key(self, person_id).await?;
        let mut tx = self.write(actor, now).await?;
        let relationship = input.relationship();
        let deal = deal_in(
            &mut tx,
            controller,
            &key,
            person_id,
            input,
            relationship.as_ref(),
        )
        .await?;
        let seq = tx.commit().await?;
        Ok((deal, seq))
    }

    async fn list_deals(&self, person_id: &str) -> StoreResult<Vec<Deal>> {
        let key = self.keyring().get(&self.keys, person_id).await?;
        let rows = sqlx::query(
            "SELECT id, person_id, amount_minor, currency, stage, owner, opened_at, closed_at, sealed, product_category FROM deals WHERE person_id = $1 ORDER BY opened_at DESC, id DESC",
        )
        .bind(person_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                let sealed = open(key.as_ref(), &context("deal", &id), row.try_get("sealed")?);
                Ok(Deal {
                    title: text(&sealed, "title"),
                    person_id: row.try_get("person_id")?,
                    amount_minor: row.try_get("amount_minor")?,
                    currency: row.try_get("currency")?,
                    stage: row.try_get("stage")?,
                    owner: row.try_get("owner")?,
                    opened_at: from_micros(row.try_get("opened_at")?),
                    closed_at: row.try_get::<Option<i64>, _>("closed_at")?.map(from_micros),
                    product_category: row
                        .try_get::<Option<String>, _>("product_category")?
                        .map(|c| {
                            vern_core::ProductCategory::parse(&c)
                                .map_err(|_| integrity("product category"))
                        })
                        .transpose()?,
                    id,
                })
            })
            .collect()
    }

    async fn deal_facts(
        &self,
        controller: vern_core::ControllerId,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> StoreResult<Vec<DealFact>> {
        let rows = sqlx::query(
            "SELECT owner, stage, amount_minor, currency, opened_at, closed_at, \
             CAST(CASE WHEN person_id IS NULL THEN 1 ELSE 0 END AS BIGINT) AS anonymized FROM deals \
             WHERE controller = $1 AND COALESCE(closed_at, opened_at) >= $2 \
             AND COALESCE(closed_at, opened_at) < $3 ORDER BY opened_at, id",
        )
        .bind(controller.0)
        .bind(to_micros(from))
        .bind(to_micros(to))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DealFact {
                    owner: row.try_get("owner")?,
                    stage: row.try_get("stage")?,
                    amount_minor: row.try_get("amount_minor")?,
                    currency: row.try_get("currency")?,
                    opened_at: from_micros(row.try_get("opened_at")?),
                    closed_at: row.try_get::<Option<i64>, _>("closed_at")?.map(from_micros),
                    anonymized: row.try_get::<i64, _>("anonymized")? != 0,
                })
            })
            .collect()
    }

    async fn add_todo(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person_id: &str,
        input: &TodoInput,
    ) -> StoreResult<(Todo, i64)> {
        let controller = live_controller(self, person_id).await?;
        let key = person_key(self, person_id).await?;
        let mut tx = self.write(actor, now).await?;
        let todo = todo_in(&mut tx, controller, &key, person_id, input).await?;
        let seq = tx.commit().await?;
        Ok((todo, seq))
    }

    async fn list_todos(&self, person_id: &str) -> StoreResult<Vec<Todo>> {
        let key = self.keyring().get(&self.keys, person_id).await?;
        let rows = sqlx::query("SELECT id, person_id, owner, due_at, done_at, sealed FROM todos WHERE person_id = $1 ORDER BY created_at DESC, id DESC")
            .bind(person_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                let sealed = open(key.as_ref(), &context("todo", &id), row.try_get("sealed")?);
                Ok(Todo {
                    text: text(&sealed, "text"),
                    person_id: row.try_get("person_id")?,
                    owner: row.try_get("owner")?,
                    due_at: row.try_get::<Option<i64>, _>("due_at")?.map(from_micros),
                    done_at: row.try_get::<Option<i64>, _>("done_at")?.map(from_micros),
                    id,
                })
            })
            .collect()
    }
}
