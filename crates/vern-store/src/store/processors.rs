//! Processor agreements (GDPR Art. 28) and the settings of the Art. 30 record.

use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::ControllerId;

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{AgreementDocument, ProcessorFields, ProcessorRecord, RecordSettings};

/// The register of processor agreements, and what the record of processing adds to the
/// configuration. Every change writes its ledger entry in the same transaction.
#[async_trait]
pub trait ProcessorStore {
    /// Record an agreement.
    async fn create_processor(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        fields: &ProcessorFields,
    ) -> StoreResult<(ProcessorRecord, i64)>;

    /// Replace an agreement's fields; `fields.document: None` keeps the stored document.
    async fn update_processor(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        fields: &ProcessorFields,
    ) -> StoreResult<(ProcessorRecord, i64)>;

    /// One agreement.
    async fn get_processor(&self, id: &str) -> StoreResult<ProcessorRecord>;

    /// The agreements of one controller, or of all, by name.
    async fn list_processors(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<ProcessorRecord>>;

    /// The stored document of an agreement, if one is kept here.
    async fn processor_document(&self, id: &str) -> StoreResult<Option<AgreementDocument>>;

    /// What the Art. 30 record of a controller says beyond its configuration.
    async fn record_settings(&self, controller: ControllerId) -> StoreResult<RecordSettings>;

    /// Set it.
    async fn set_record_settings(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        settings: &RecordSettings,
    ) -> StoreResult<i64>;

    /// The names of the customer lists a controller's people are on: the categories of data
    /// subjects of its record (list names are configuration, not personal data).
    async fn list_names(&self, controller: ControllerId) -> StoreResult<Vec<String>>;
}
