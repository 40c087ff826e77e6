//! National do-not-contact registers and the washes of lists against them.

use super::PackedSink;
use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::RegisterVersionRecord;
use crate::model::WashRecord;
use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::IdentifierDigest;

/// Registers and washes: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait RegisterStore: Send + Sync {
    /// Import a register version, replacing the previous one atomically.
    #[allow(clippy::too_many_arguments)]
    async fn import_register(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        register: vern_core::register::Register,
        version_date: time::Date,
        listings: &[(IdentifierDigest, vern_core::ChannelSet)],
        source_name: &str,
        file_digest: &str,
    ) -> StoreResult<(RegisterVersionRecord, i64)>;

    /// Every register version, newest first.
    async fn list_register_versions(&self) -> StoreResult<Vec<RegisterVersionRecord>>;

    /// The versions in force.
    async fn current_register_versions(&self) -> StoreResult<Vec<RegisterVersionRecord>>;

    /// Hand a register version's (or import batch's) packed chunks to `sink`: digests, and one
    /// byte of channel bits each for registers.
    async fn stream_packed(&self, owner: &str, sink: &mut PackedSink<'_>) -> StoreResult<()>;

    /// Record a wash.
    async fn record_wash(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        wash: &WashRecord,
    ) -> StoreResult<i64>;

    /// Recent washes, newest first.
    async fn list_washes(&self, limit: i64) -> StoreResult<Vec<WashRecord>>;

    /// One wash.
    async fn get_wash(&self, id: &str) -> StoreResult<WashRecord>;
}
