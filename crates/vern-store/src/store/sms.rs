//! SMS keywords: receiving numbers, gateways, and inbound messages with what they did.

use async_trait::async_trait;
use time::OffsetDateTime;
use vern_core::{ControllerId, IdentifierDigest};

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{InboundRecord, InboundSms, PendingSmsOptIn, SmsGateway, SmsNumber};

/// SMS keywords: this part of the [`Store`](super::Store) port. The rules of what a text does
/// are `vern_core::sms`; the store writes what they decided.
#[async_trait]
pub trait SmsStore: Send + Sync {
    /// Create or replace the configuration of a receiving number (by its number).
    async fn put_sms_number(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        number: &SmsNumber,
    ) -> StoreResult<(SmsNumber, i64)>;

    /// The receiving numbers of one controller, or of all.
    async fn list_sms_numbers(
        &self,
        controller: Option<ControllerId>,
    ) -> StoreResult<Vec<SmsNumber>>;

    /// The configuration of one receiving number, by the number.
    async fn sms_number(&self, number: &str) -> StoreResult<Option<SmsNumber>>;

    /// Set the signing secret of the gateway that delivers with API key `key_id` (role
    /// `gateway`); sealed at rest, never given back.
    async fn set_sms_gateway(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        key_id: &str,
        secret: &[u8],
    ) -> StoreResult<(SmsGateway, i64)>;

    /// The gateways with a signing secret.
    async fn list_sms_gateways(&self) -> StoreResult<Vec<SmsGateway>>;

    /// The signing secret of the gateway with API key `key_id`, to check a signature.
    async fn sms_gateway_secret(&self, key_id: &str) -> StoreResult<Option<Vec<u8>>>;

    /// The message a gateway already delivered with this id, if any.
    async fn sms_inbound_by_message(
        &self,
        gateway_key: &str,
        message_id: &str,
    ) -> StoreResult<Option<InboundRecord>>;

    /// The opt-in this sender was last asked to confirm at this number, if still open.
    async fn pending_sms_opt_in(
        &self,
        number_id: &str,
        sender: &IdentifierDigest,
    ) -> StoreResult<Option<PendingSmsOptIn>>;

    /// Record an inbound message and do what it does, in one transaction: the message (sealed),
    /// the consent withdrawn or granted, the objection, the pending opt-in, the reply queued,
    /// and their ledger entries. A message id the gateway already delivered is a conflict and
    /// changes nothing.
    async fn receive_sms(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        inbound: &InboundSms,
    ) -> StoreResult<(InboundRecord, i64)>;

    /// Open one inbound message's sender and text for staff, recording the disclosure in the
    /// ledger in the same transaction.
    async fn open_sms_inbound(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
    ) -> StoreResult<(InboundRecord, i64)>;

    /// The newest inbound messages of one controller, or of all (their texts not opened).
    async fn list_sms_inbound(
        &self,
        controller: Option<ControllerId>,
        limit: i64,
    ) -> StoreResult<Vec<InboundRecord>>;
}
