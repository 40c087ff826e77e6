//! Art. 14 notices (docs/notices.md): where a person's data came from and the notice owed to
//! them. The source is written with the person (`PeopleStore::create_person`); these methods
//! move the notice on, each step with its ledger entry in the same transaction.

use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::ControllerId;
use vern_core::notice::Exemption;

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{Art14Counts, Art14Notice, NewMessage, OwedNotice};

/// Art. 14 notices: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait NoticeStore {
    /// A person's notice; `None` when their data came from themself.
    async fn art14_notice(&self, person: &str) -> StoreResult<Option<Art14Notice>>;

    /// Owed notices of live people who have an e-mail address (or, with `sms`, a phone number),
    /// oldest first, at most `limit`.
    async fn owed_art14_notices(&self, sms: bool, limit: i64) -> StoreResult<Vec<OwedNotice>>;

    /// Queue the notice in the outbox, sealed with the person's key: the message, the notice's
    /// state (`queued`) and `notice.art14_queued` in one transaction. A notice no longer owed
    /// is a conflict, and nothing is written.
    async fn queue_art14_notice(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        message: &NewMessage,
    ) -> StoreResult<i64>;

    /// Record that a first communication carried the notice (Art. 14(3)(b)) to each of these
    /// people still owed it: `sent`, via `first_communication`, with `notice.art14_sent`.
    /// Returns the ledger's head after the write (or `None` when nobody was still owed it).
    async fn record_art14_given(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        people: &[String],
    ) -> StoreResult<Option<i64>>;

    /// Record an Art. 14(5) ground for not giving the notice, with its reason (sealed) and who
    /// recorded it. A notice already sent or excused is a conflict.
    async fn record_art14_exemption(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        exemption: Exemption,
        reason: &str,
        recorded_by: &str,
    ) -> StoreResult<(Art14Notice, i64)>;

    /// A notice that failed for good is owed again at staff's request: `owed`, with
    /// `notice.art14_requeued` (cause `staff_retry`), in one transaction; the sending job
    /// queues it. A notice not `failed` (owed, queued, sent, excused), or a person whose data
    /// came from themself, is a conflict, and nothing is written.
    async fn retry_art14_notice(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
    ) -> StoreResult<(Art14Notice, i64)>;

    /// Notices not yet given (`owed`, `queued`, `failed`; only `state` when given) of live
    /// people, the earliest deadline first, at most `limit`.
    async fn list_art14_notices(
        &self,
        state: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<Art14Notice>>;

    /// The gauges: notices not yet given, overdue at `now`, owed with no address (with
    /// `sms`, a phone number counts as an address), and failed for good.
    async fn art14_counts(&self, now: OffsetDateTime, sms: bool) -> StoreResult<Art14Counts>;

    /// A controller's own introductions to its notice, by language.
    async fn art14_texts(&self, controller: ControllerId) -> StoreResult<Vec<(String, String)>>;

    /// Set (or with `None`, clear) a controller's own introduction in one language.
    async fn set_art14_text(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        controller: ControllerId,
        language: &str,
        intro: Option<&str>,
    ) -> StoreResult<i64>;
}
