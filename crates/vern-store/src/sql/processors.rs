//! Processor agreements (GDPR Art. 28) and the Art. 30 record's settings in SQL. The register
//! names companies and their agreements, not data subjects: nothing here is sealed.

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;
use vern_core::ControllerId;
use vern_core::processor::{Transfer, TransferMechanism};

use super::SqlStore;
use crate::codec::integrity;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, LedgerEvent, NewEntry, ProcessorSaved, RecordSettingsSet};
use crate::model::{
    AgreementDocument, ClientController, DocumentInfo, ProcessorFields, ProcessorRecord,
    RecordSettings,
};
use crate::store::ProcessorStore;
use crate::time_codec::from_micros;

const COLUMNS: &str = "id, controller, name, contact, sub_processors, purposes, data_categories, signed_on, expires_on, review_on, transfer_mechanism, transfer_country, scc_version, document_url, document_name, document_type, version, created_at, updated_at";

const DATE: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

fn date_text(d: Date) -> String {
    d.format(DATE).unwrap_or_default()
}

fn date_of(text: &str) -> StoreResult<Date> {
    Date::parse(text, DATE).map_err(|_| integrity("agreement date"))
}

fn list_of(row: &AnyRow, name: &str) -> StoreResult<Vec<String>> {
    serde_json::from_str(&row.try_get::<String, _>(name)?).map_err(|_| integrity(name))
}

fn json_list(items: &[String]) -> StoreResult<String> {
    serde_json::to_string(items).map_err(|e| StoreError::Other(e.to_string()))
}

fn read(row: &AnyRow, size: Option<i64>) -> StoreResult<ProcessorRecord> {
    let opt_date = |name: &str| -> StoreResult<Option<Date>> {
        row.try_get::<Option<String>, _>(name)?
            .map(|t| date_of(&t))
            .transpose()
    };
    let mechanism: String = row.try_get("transfer_mechanism")?;
    let document = match row.try_get::<Option<String>, _>("document_name")? {
        Some(name) => Some(DocumentInfo {
            name,
            content_type: row
                .try_get::<Option<String>, _>("document_type")?
                .unwrap_or_default(),
            size: u64::try_from(size.unwrap_or(0)).unwrap_or(0),
        }),
        None => None,
    };
    Ok(ProcessorRecord {
        id: row.try_get("id")?,
        controller: ControllerId(row.try_get("controller")?),
        name: row.try_get("name")?,
        contact: row.try_get("contact")?,
        sub_processors: list_of(row, "sub_processors")?,
        purposes: list_of(row, "purposes")?,
        data_categories: list_of(row, "data_categories")?,
        signed_on: date_of(&row.try_get::<String, _>("signed_on")?)?,
        expires_on: opt_date("expires_on")?,
        review_on: opt_date("review_on")?,
        transfer: Transfer {
            mechanism: mechanism
                .parse::<TransferMechanism>()
                .map_err(|_| integrity("transfer mechanism"))?,
            country: row.try_get("transfer_country")?,
            scc_version: row.try_get("scc_version")?,
        },
        document_url: row.try_get("document_url")?,
        document,
        version: row.try_get("version")?,
        created_at: from_micros(row.try_get("created_at")?),
        updated_at: from_micros(row.try_get("updated_at")?),
    })
}

/// The rows with the size of their stored document, counted by the database.
fn select(filter: &str) -> String {
    let size = "CAST(LENGTH(document) AS BIGINT) AS document_size";
    format!("SELECT {COLUMNS}, {size} FROM processors {filter}")
}

fn read_sized(row: &AnyRow) -> StoreResult<ProcessorRecord> {
    let size: Option<i64> = row.try_get("document_size")?;
    read(row, size)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The purposes must be the controller's own.
async fn check_purposes(
    tx: &mut crate::ledger::WriteTx<'_>,
    fields: &ProcessorFields,
) -> StoreResult<()> {
    for key in &fields.purposes {
        let found = sqlx::query("SELECT key FROM purposes WHERE controller = $1 AND key = $2")
            .bind(fields.controller.0)
            .bind(key)
            .fetch_optional(tx.conn())
            .await?;
        if found.is_none() {
            return Err(StoreError::Invalid(
                "purposes: the controller has no purpose with that key".to_owned(),
            ));
        }
    }
    Ok(())
}

#[async_trait]
impl ProcessorStore for SqlStore {
    async fn create_processor(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        fields: &ProcessorFields,
    ) -> StoreResult<(ProcessorRecord, i64)> {
        let id = Uuid::now_v7().to_string();
        let mut tx = self.write(actor, now).await?;
        check_purposes(&mut tx, fields).await?;
        let at = tx.at_micros();
        let doc = fields.document.as_ref();
        sqlx::query(&format!(
            "INSERT INTO processors ({COLUMNS}, document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $17, $18)"
        ))
        .bind(&id)
        .bind(fields.controller.0)
        .bind(&fields.name)
        .bind(&fields.contact)
        .bind(json_list(&fields.sub_processors)?)
        .bind(json_list(&fields.purposes)?)
        .bind(json_list(&fields.data_categories)?)
        .bind(date_text(fields.signed_on))
        .bind(fields.expires_on.map(date_text))
        .bind(fields.review_on.map(date_text))
        .bind(fields.transfer.mechanism.as_str())
        .bind(fields.transfer.country.clone())
        .bind(fields.transfer.scc_version.clone())
        .bind(fields.document_url.clone())
        .bind(doc.map(|d| d.name.clone()))
        .bind(doc.map(|d| d.content_type.clone()))
        .bind(at)
        .bind(doc.map(|d| d.bytes.clone()))
        .execute(tx.conn())
        .await?;
        tx.record(
            NewEntry::event(LedgerEvent::ProcessorCreated(ProcessorSaved {
                processor: id.clone(),
                name: fields.name.clone(),
                version: 1,
                document_sha256: doc.map(|d| sha256_hex(&d.bytes)),
            }))
            .controller(fields.controller.0),
        )
        .await?;
        let seq = tx.commit().await?;
        Ok((self.get_processor(&id).await?, seq))
    }

    async fn update_processor(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        fields: &ProcessorFields,
    ) -> StoreResult<(ProcessorRecord, i64)> {
        let mut tx = self.write(actor, now).await?;
        let current = sqlx::query("SELECT controller, version FROM processors WHERE id = $1")
            .bind(id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(StoreError::NotFound)?;
        let controller: i64 = current.try_get("controller")?;
        if controller != fields.controller.0 {
            return Err(StoreError::Invalid(
                "controller: an agreement stays with the controller that made it".to_owned(),
            ));
        }
        let version = current.try_get::<i64, _>("version")? + 1;
        check_purposes(&mut tx, fields).await?;
        let at = tx.at_micros();
        sqlx::query(
            "UPDATE processors SET name = $1, contact = $2, sub_processors = $3, purposes = $4, data_categories = $5, \
             signed_on = $6, expires_on = $7, review_on = $8, transfer_mechanism = $9, transfer_country = $10, \
             scc_version = $11, document_url = $12, version = $13, updated_at = $14 WHERE id = $15",
        )
        .bind(&fields.name)
        .bind(&fields.contact)
        .bind(json_list(&fields.sub_processors)?)
        .bind(json_list(&fields.purposes)?)
        .bind(json_list(&fields.data_categories)?)
        .bind(date_text(fields.signed_on))
        .bind(fields.expires_on.map(date_text))
        .bind(fields.review_on.map(date_text))
        .bind(fields.transfer.mechanism.as_str())
        .bind(fields.transfer.country.clone())
        .bind(fields.transfer.scc_version.clone())
        .bind(fields.document_url.clone())
        .bind(version)
        .bind(at)
        .bind(id)
        .execute(tx.conn())
        .await?;
        if let Some(d) = &fields.document {
            sqlx::query(
                "UPDATE processors SET document_name = $1, document_type = $2, document = $3 WHERE id = $4",
            )
            .bind(&d.name)
            .bind(&d.content_type)
            .bind(d.bytes.clone())
            .bind(id)
            .execute(tx.conn())
            .await?;
        }
        tx.record(
            NewEntry::event(LedgerEvent::ProcessorUpdated(ProcessorSaved {
                processor: id.to_owned(),
                name: fields.name.clone(),
                version,
                document_sha256: fields.document.as_ref().map(|d| sha256_hex(&d.bytes)),
            }))
            .controller(controller),
        )
        .await?;
        let seq = tx.commit().await?;
        Ok((self.get_processor(id).await?, seq))
    }

    async fn get_processor(&self, id: &str) -> StoreResult<ProcessorRecord> {
        let row = sqlx::query(&select("WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        read_sized(&row)
    }

    async fn list_processors(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<ProcessorRecord>> {
        let rows = match controller {
            Some(c) => {
                sqlx::query(&select("WHERE controller = $1 ORDER BY name, id"))
                    .bind(c.0)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                sqlx::query(&select("ORDER BY controller, name, id"))
                    .fetch_all(self.pool())
                    .await?
            }
        };
        rows.iter().map(read_sized).collect()
    }

    async fn processor_document(&self, id: &str) -> StoreResult<Option<AgreementDocument>> {
        let row = sqlx::query(
            "SELECT document_name, document_type, document FROM processors WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let name: Option<String> = row.try_get("document_name")?;
        let bytes: Option<Vec<u8>> = row.try_get("document")?;
        Ok(match (name, bytes) {
            (Some(name), Some(bytes)) => Some(AgreementDocument {
                name,
                content_type: row
                    .try_get::<Option<String>, _>("document_type")?
                    .unwrap_or_default(),
                bytes,
            }),
            _ => None,
        })
    }

    async fn record_settings(&self, controller: ControllerId) -> StoreResult<RecordSettings> {
        let row = sqlx::query(
            "SELECT security_measures, clients FROM record_settings WHERE controller = $1",
        )
        .bind(controller.0)
        .fetch_optional(self.pool())
        .await?;
        match row {
            None => Ok(RecordSettings::default()),
            Some(row) => Ok(RecordSettings {
                security_measures: row.try_get("security_measures")?,
                clients: serde_json::from_str::<Vec<ClientController>>(
                    &row.try_get::<String, _>("clients")?,
                )
                .map_err(|_| integrity("record clients"))?,
            }),
        }
    }

    async fn set_record_settings(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        settings: &RecordSettings,
    ) -> StoreResult<i64> {
        let clients = serde_json::to_string(&settings.clients)
            .map_err(|e| StoreError::Other(e.to_string()))?;
        let mut tx = self.write(actor, now).await?;
        let at = tx.at_micros();
        sqlx::query(
            "INSERT INTO record_settings (controller, security_measures, clients, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (controller) DO UPDATE SET security_measures = $2, clients = $3, updated_at = $4",
        )
        .bind(controller.0)
        .bind(settings.security_measures.clone())
        .bind(clients)
        .bind(at)
        .execute(tx.conn())
        .await?;
        tx.record(
            NewEntry::event(LedgerEvent::RecordSettingsSet(RecordSettingsSet {
                own_security_measures: settings.security_measures.is_some(),
                clients: settings.clients.iter().map(|c| c.name.clone()).collect(),
            }))
            .controller(controller.0),
        )
        .await?;
        tx.commit().await
    }

    async fn list_names(&self, controller: ControllerId) -> StoreResult<Vec<String>> {
        let rows = sqlx::query(
            "SELECT DISTINCT l.list AS list FROM person_lists l JOIN people p ON p.id = l.person_id WHERE p.controller = $1 ORDER BY l.list",
        )
        .bind(controller.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<String, _>("list")?))
            .collect()
    }
}
