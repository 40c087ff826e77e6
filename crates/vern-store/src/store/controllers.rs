//! Controllers and the purposes they process personal data for.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::Controller;
use crate::model::ControllerFields;
use crate::model::PurposeRecord;
use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::ControllerId;

/// Controllers and purposes: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait ControllerStore: Send + Sync {
    /// Create a controller.
    async fn create_controller(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        fields: &ControllerFields,
    ) -> StoreResult<(Controller, i64)>;

    /// Replace a controller's fields.
    async fn update_controller(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: ControllerId,
        fields: &ControllerFields,
    ) -> StoreResult<(Controller, i64)>;

    /// Every controller.
    async fn list_controllers(&self) -> StoreResult<Vec<Controller>>;

    /// Create (`create`) or replace a purpose.
    async fn save_purpose(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        purpose: &PurposeRecord,
        create: bool,
    ) -> StoreResult<(PurposeRecord, i64)>;

    /// Purposes of one controller, or of all.
    async fn list_purposes(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<PurposeRecord>>;
}
