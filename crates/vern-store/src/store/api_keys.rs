//! API keys: creating, listing, revoking and finding them by secret.

use crate::api_key::ApiKey;
use crate::error::StoreResult;
use crate::ledger::Actor;
use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::Role;

/// API keys: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait ApiKeyStore: Send + Sync {
    /// Create a key; returns it with its secret, which is never stored.
    async fn create_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        name: &str,
        role: Role,
    ) -> StoreResult<(ApiKey, String)>;

    /// Every key, newest first.
    async fn list_api_keys(&self) -> StoreResult<Vec<ApiKey>>;

    /// Revoke a key by id, or by its prefix if unique.
    async fn revoke_api_key(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<ApiKey>;

    /// The active key with this secret.
    async fn find_api_key(&self, secret: &str) -> StoreResult<Option<ApiKey>>;
}
