//! The installation: which engine, its keys, its schema and whether it answers.

use crate::db::Dialect;
use crate::error::StoreResult;
use crate::seal::InstallationKeys;
use async_trait::async_trait;

/// The installation: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait AdminStore: Send + Sync {
    /// Which engine is behind the store.
    fn dialect(&self) -> Dialect;

    /// The installation's keys.
    fn keys(&self) -> &InstallationKeys;

    /// Run pending migrations on the data and the keyring.
    async fn migrate(&self) -> StoreResult<()>;

    /// Whether the database answers.
    async fn ping(&self) -> StoreResult<()>;
}
