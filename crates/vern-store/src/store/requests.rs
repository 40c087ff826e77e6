//! Requests from data subjects (Art. 12 to 22): opening them, their steps and log, one-time
//! codes, deadlines.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::NewMessage;
use crate::model::RequestAction;
use crate::model::RequestEvent;
use crate::model::RequestFilter;
use crate::model::RequestInput;
use crate::model::RequestRecord;
use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::IdentifierDigest;

/// Data-subject requests: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait RequestStore: Send + Sync {
    /// Open a request, queueing `messages` in the same transaction.
    async fn create_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &RequestInput,
        messages: &[NewMessage],
    ) -> StoreResult<(RequestRecord, i64)>;

    /// One request, its details opened.
    async fn get_request(&self, id: &str) -> StoreResult<RequestRecord>;

    /// The inbox, without details.
    async fn list_requests(&self, filter: &RequestFilter) -> StoreResult<Vec<RequestRecord>>;

    /// Take a step, queueing `messages` in the same transaction.
    async fn advance_request(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        action: &RequestAction,
        messages: &[NewMessage],
    ) -> StoreResult<(RequestRecord, i64)>;

    /// Check a one-time code's keyed hash.
    async fn check_request_code(
        &self,
        id: &str,
        hash: &[u8; 32],
        now: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// A request's log, texts opened.
    async fn request_log(&self, id: &str) -> StoreResult<Vec<RequestEvent>>;

    /// Set deadline flags; returns (due soon, overdue, changed).
    async fn flag_deadlines(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        soon: time::Duration,
    ) -> StoreResult<(i64, i64, i64)>;

    /// Requests naming any of these digests.
    async fn requests_with_digests(&self, digests: &[IdentifierDigest])
    -> StoreResult<Vec<String>>;
}
