//! Share links to a person's report, and disclosures of a person's data.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{Disclosure, ShareLink};
use async_trait::async_trait;
use time::OffsetDateTime;

/// Share links and disclosures: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait ShareLinkStore: Send + Sync {
    /// Create a share link (its token is stored hashed).
    async fn create_share_link(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        token_hash: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> StoreResult<(ShareLink, i64)>;

    /// The link with this token hash.
    async fn find_share_link(&self, token_hash: &[u8; 32]) -> StoreResult<Option<ShareLink>>;

    /// A person's links.
    async fn list_share_links(&self, person: &str) -> StoreResult<Vec<ShareLink>>;

    /// Revoke a link.
    async fn revoke_share_link(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<(ShareLink, i64)>;

    /// Record a disclosure of a person's data (and count the opening of the link it went
    /// through).
    async fn record_disclosure(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        disclosure: Disclosure,
    ) -> StoreResult<i64>;
}
