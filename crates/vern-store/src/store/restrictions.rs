//! The storage port for lifting a restriction with notice (GDPR Art. 18(3): a person who
//! obtained a restriction "shall be informed by the controller before the restriction of
//! processing is lifted").

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::{NewMessage, RestrictionRecord};

/// What a lift with notice did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiftedWithNotice {
    /// The lifted restriction.
    pub restriction: RestrictionRecord,
    /// The request whose log records the notice: the one named, else the person's latest
    /// restriction request; `None` when the person never asked through a request.
    pub request: Option<String>,
    /// The ids of the queued notices (none when vern holds no address).
    pub messages: Vec<String>,
    /// The ledger sequence number.
    pub seq: i64,
}

/// Lifting restrictions.
#[async_trait]
pub trait RestrictionStore {
    /// Lift a live person's restriction and, in the same transaction and before the lift,
    /// queue `notice` to them and record it in the request log (`restriction_lift_notice`).
    async fn lift_restriction_with_notice(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        reason: &str,
        request: Option<&str>,
        notice: &[NewMessage],
    ) -> StoreResult<LiftedWithNotice>;
}
