//! Controllers and purposes in SQL.

use crate::store::ControllerStore;
use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use vern_core::{ControllerId, LegalBasis, Purpose, PurposeKey, Retention};

use super::SqlStore;
use crate::codec::{channels_from_i64, channels_to_i64, integrity, rules_from_text, rules_to_text};
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, ControllerSaved, LedgerEvent, NewEntry, PurposeSaved, WriteTx};
use crate::model::{Controller, ControllerFields, PurposeRecord};
use crate::time_codec::from_micros;

const CONTROLLER_COLUMNS: &str = "id, key, name, country, default_region, dpo_name, dpo_email, dpo_phone, privacy_notice_url, rules, created_at, updated_at, public_form, time_zone";
const PURPOSE_COLUMNS: &str = "controller, key, name, legal_basis, direct_marketing, channels, retention, description, dk_telemarketing_exception, recipients, data_source, created_at, updated_at, holds_fields, product_category, retention_from, processors";

fn controller_from(row: &AnyRow) -> StoreResult<Controller> {
    let country: Option<String> = row.try_get("country")?;
    Ok(Controller {
        id: ControllerId(row.try_get("id")?),
        key: row.try_get("key")?,
        name: row.try_get("name")?,
        country: country
            .map(|c| c.parse().map_err(|_| integrity("country")))
            .transpose()?,
        default_region: row.try_get("default_region")?,
        dpo_name: row.try_get("dpo_name")?,
        dpo_email: row.try_get("dpo_email")?,
        dpo_phone: row.try_get("dpo_phone")?,
        privacy_notice_url: row.try_get("privacy_notice_url")?,
        rules: rules_from_text(&row.try_get::<String, _>("rules")?)?,
        public_form: row.try_get::<i64, _>("public_form")? != 0,
        time_zone: row
            .try_get::<Option<String>, _>("time_zone")?
            .map(|z| vern_core::zone::Zone::from_name(&z).ok_or_else(|| integrity("time_zone")))
            .transpose()?,
        created_at: from_micros(row.try_get("created_at")?),
        updated_at: from_micros(row.try_get("updated_at")?),
    })
}

fn purpose_from(row: &AnyRow) -> StoreResult<PurposeRecord> {
    let basis: String = row.try_get("legal_basis")?;
    let retention: Option<String> = row.try_get("retention")?;
    let recipients: String = row.try_get("recipients")?;
    Ok(PurposeRecord {
        controller: ControllerId(row.try_get("controller")?),
        purpose: Purpose {
            key: PurposeKey::parse(&row.try_get::<String, _>("key")?)
                .map_err(|_| integrity("purpose key"))?,
            name: row.try_get("name")?,
            legal_basis: basis
                .parse::<LegalBasis>()
                .map_err(|_| integrity("legal basis"))?,
            direct_marketing: row.try_get::<i64, _>("direct_marketing")? != 0,
            channels: channels_from_i64(row.try_get("channels")?),
            retention: retention
                .map(|r| Retention::parse(&r).map_err(|_| integrity("retention")))
                .transpose()?,
            description: row.try_get("description")?,
            dk_telemarketing_exception: row.try_get::<i64, _>("dk_telemarketing_exception")? != 0,
            product_category: row
                .try_get::<Option<String>, _>("product_category")?
                .map(|c| {
                    vern_core::ProductCategory::parse(&c).map_err(|_| integrity("product category"))
                })
                .transpose()?,
            retention_from: row
                .try_get::<Option<String>, _>("retention_from")?
                .map(|r| r.parse().map_err(|_| integrity("retention_from")))
                .transpose()?,
        },
        recipients: serde_json::from_str(&recipients).map_err(|_| integrity("recipients"))?,
        processors: serde_json::from_str(&row.try_get::<String, _>("processors")?)
            .map_err(|_| integrity("processors"))?,
        data_source: row.try_get("data_source")?,
        holds_fields: row
            .try_get::<String, _>("holds_fields")?
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        created_at: from_micros(row.try_get("created_at")?),
        updated_at: from_micros(row.try_get("updated_at")?),
    })
}

fn controller_payload(c: &ControllerFields) -> ControllerSaved {
    ControllerSaved {
        key: c.key.clone(),
        name: c.name.clone(),
        country: json!(c.country),
        default_region: c.default_region.clone(),
        dpo_name: c.dpo_name.clone(),
        dpo_email: c.dpo_email.clone(),
        dpo_phone: c.dpo_phone.clone(),
        privacy_notice_url: c.privacy_notice_url.clone(),
        rules: json!(c.rules),
        public_form: Some(c.public_form),
        time_zone: c.time_zone.map(|z| z.name().to_owned()),
    }
}

pub(super) async fn insert_controller(
    tx: &mut WriteTx<'_>,
    fields: &ControllerFields,
) -> StoreResult<ControllerId> {
    let next: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS next FROM controllers")
        .fetch_one(tx.conn())
        .await?
        .try_get("next")?;
    let at = tx.at_micros();
    sqlx::query(&format!(
        "INSERT INTO controllers ({CONTROLLER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13)"
    ))
    .bind(next)
    .bind(&fields.key)
    .bind(&fields.name)
    .bind(fields.country.map(|c| c.code().to_owned()))
    .bind(&fields.default_region)
    .bind(&fields.dpo_name)
    .bind(&fields.dpo_email)
    .bind(&fields.dpo_phone)
    .bind(&fields.privacy_notice_url)
    .bind(rules_to_text(fields.rules))
    .bind(at)
    .bind(i64::from(fields.public_form))
    .bind(fields.time_zone.map(|z| z.name().to_owned()))
    .execute(tx.conn())
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::Conflict("a controller with that key exists".to_owned()),
        other => other,
    })?;
    tx.record(
        NewEntry::event(LedgerEvent::ControllerCreated(controller_payload(fields)))
            .controller(next),
    )
    .await?;
    Ok(ControllerId(next))
}

pub(super) async fn get_controller(store: &SqlStore, id: ControllerId) -> StoreResult<Controller> {
    let row = sqlx::query(&format!(
        "SELECT {CONTROLLER_COLUMNS} FROM controllers WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_optional(store.pool())
    .await?
    .ok_or(StoreError::NotFound)?;
    controller_from(&row)
}

fn purpose_payload(p: &PurposeRecord) -> PurposeSaved {
    PurposeSaved {
        key: p.purpose.key.as_str().to_owned(),
        name: p.purpose.name.clone(),
        legal_basis: json!(p.purpose.legal_basis),
        direct_marketing: p.purpose.direct_marketing,
        channels: json!(p.purpose.channels),
        retention: json!(p.purpose.retention),
        description: p.purpose.description.clone(),
        dk_telemarketing_exception: p.purpose.dk_telemarketing_exception,
        recipients: p.recipients.clone(),
        data_source: p.data_source.clone(),
        holds_fields: p.holds_fields.clone(),
        product_category: p
            .purpose
            .product_category
            .as_ref()
            .map(|c| c.as_str().to_owned()),
        retention_from: p.purpose.retention_from.map(|r| r.as_str().to_owned()),
        processors: p.processors.clone(),
    }
}

pub(super) async fn get_purpose(
    store: &SqlStore,
    controller: ControllerId,
    key: &str,
) -> StoreResult<PurposeRecord> {
    let row = sqlx::query(&format!(
        "SELECT {PURPOSE_COLUMNS} FROM purposes WHERE controller = $1 AND key = $2"
    ))
    .bind(controller.0)
    .bind(key)
    .fetch_optional(store.pool())
    .await?
    .ok_or(StoreError::NotFound)?;
    purpose_from(&row)
}

#[async_trait]
impl ControllerStore for SqlStore {
    async fn create_controller(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        fields: &ControllerFields,
    ) -> StoreResult<(Controller, i64)> {
        let mut tx = self.write(actor, now).await?;
        let id = insert_controller(&mut tx, fields).await?;
        let seq = tx.commit().await?;
        Ok((get_controller(self, id).await?, seq))
    }

    async fn update_controller(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: ControllerId,
        fields: &ControllerFields,
    ) -> StoreResult<(Controller, i64)> {
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        let done = sqlx::query(
            "UPDATE controllers SET key = $1, name = $2, country = $3, default_region = $4, dpo_name = $5, dpo_email = $6, \
             dpo_phone = $7, privacy_notice_url = $8, rules = $9, updated_at = $10, \
             public_form = $12, time_zone = $13 WHERE id = $11",
        )
        .bind(&fields.key)
        .bind(&fields.name)
        .bind(fields.country.map(|c| c.code().to_owned()))
        .bind(&fields.default_region)
        .bind(&fields.dpo_name)
        .bind(&fields.dpo_email)
        .bind(&fields.dpo_phone)
        .bind(&fields.privacy_notice_url)
        .bind(rules_to_text(fields.rules))
        .bind(at)
        .bind(id.0)
        .bind(i64::from(fields.public_form))
        .bind(fields.time_zone.map(|z| z.name().to_owned()))
        .execute(tx.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.record(
            NewEntry::event(LedgerEvent::ControllerUpdated(controller_payload(fields)))
                .controller(id.0),
        )
        .await?;
        let seq = tx.commit().await?;
        Ok((get_controller(self, id).await?, seq))
    }

    async fn list_controllers(&self) -> StoreResult<Vec<Controller>> {
        let rows = sqlx::query(&format!(
            "SELECT {CONTROLLER_COLUMNS} FROM controllers ORDER BY id"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(controller_from).collect()
    }

    async fn save_purpose(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        record: &PurposeRecord,
        create: bool,
    ) -> StoreResult<(PurposeRecord, i64)> {
        let p = &record.purpose;
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        let recipients = serde_json::to_string(&record.recipients)
            .map_err(|e| StoreError::Other(e.to_string()))?;
        let processors = serde_json::to_string(&record.processors)
            .map_err(|e| StoreError::Other(e.to_string()))?;
        for id in &record.processors {
            let theirs = sqlx::query("SELECT id FROM processors WHERE id = $1 AND controller = $2")
                .bind(id)
                .bind(record.controller.0)
                .fetch_optional(tx.conn())
                .await?;
            if theirs.is_none() {
                return Err(StoreError::Invalid(
                    "processors: no processor agreement of this controller has that id".to_owned(),
                ));
            }
        }
        let sql = if create {
            format!(
                "INSERT INTO purposes ({PURPOSE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16)"
            )
        } else {
            "UPDATE purposes SET name = $3, legal_basis = $4, direct_marketing = $5, channels = $6, retention = $7, \
             description = $8, dk_telemarketing_exception = $9, recipients = $10, data_source = $11, updated_at = $12, \
             holds_fields = $13, product_category = $14, retention_from = $15, processors = $16 WHERE controller = $1 AND key = $2"
                .to_owned()
        };
        let done = sqlx::query(&sql)
            .bind(record.controller.0)
            .bind(p.key.as_str())
            .bind(&p.name)
            .bind(p.legal_basis.as_str())
            .bind(i64::from(p.direct_marketing))
            .bind(channels_to_i64(p.channels))
            .bind(p.retention.map(|r| r.to_string()))
            .bind(&p.description)
            .bind(i64::from(p.dk_telemarketing_exception))
            .bind(recipients)
            .bind(&record.data_source)
            .bind(at)
            .bind(record.holds_fields.join(","))
            .bind(p.product_category.as_ref().map(|c| c.as_str().to_owned()))
            .bind(p.retention_from.map(|r| r.as_str()))
            .bind(processors)
            .execute(tx.conn())
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Conflict(
                    "the controller already has a purpose with that key".to_owned(),
                ),
                other => other,
            })?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let event = if create {
            LedgerEvent::PurposeCreated
        } else {
            LedgerEvent::PurposeUpdated
        };
        tx.record(NewEntry::event(event(purpose_payload(record))).controller(record.controller.0))
            .await?;
        let seq = tx.commit().await?;
        let saved = get_purpose(self, record.controller, p.key.as_str()).await?;
        Ok((saved, seq))
    }

    async fn list_purposes(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<PurposeRecord>> {
        let rows = match controller {
            Some(c) => {
                sqlx::query(&format!(
                    "SELECT {PURPOSE_COLUMNS} FROM purposes WHERE controller = $1 ORDER BY key"
                ))
                .bind(c.0)
                .fetch_all(self.pool())
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {PURPOSE_COLUMNS} FROM purposes ORDER BY controller, key"
                ))
                .fetch_all(self.pool())
                .await?
            }
        };
        rows.iter().map(purpose_from).collect()
    }
}
