//! Lifting a restriction with notice to the person, in one transaction (Art. 18(3)).

use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use time::OffsetDateTime;

use super::SqlStore;
use super::people::set_restriction_in;
use super::person_keys::person_key;
use super::queue::enqueue;
use super::requests::log_event;
use crate::error::{StoreError, StoreResult};
use crate::ledger::Actor;
use crate::model::NewMessage;
use crate::store::{LiftedWithNotice, PeopleStore, RestrictionStore};

#[async_trait]
impl RestrictionStore for SqlStore {
    async fn lift_restriction_with_notice(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        reason: &str,
        request: Option<&str>,
        notice: &[NewMessage],
    ) -> StoreResult<LiftedWithNotice> {
        let record = self.get_person(person).await?;
        let key = person_key(self, person).await?;
        // The request the person obtained the restriction through: named, or their latest.
        let request = match request {
            Some(r) => Some(r.to_owned()),
            None => sqlx::query(
                "SELECT id FROM requests WHERE person_id = $1 AND kind = 'restriction' \
                 ORDER BY received_at DESC, id DESC LIMIT 1",
            )
            .bind(person)
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.try_get::<String, _>("id"))
            .transpose()?,
        };
        let mut tx = self.write(actor, now).await?;
        // Told first: the notice is queued before the lift in the same write, so no lift is
        // ever committed without it.
        let messages = enqueue(
            &mut tx,
            &key,
            person,
            record.controller,
            request.as_deref(),
            notice,
        )
        .await?;
        if let Some(r) = &request {
            log_event(
                &mut tx,
                r,
                "restriction_lift_notice",
                json!({ "messages": messages, "channels": notice.iter().map(|m| m.channel.clone()).collect::<Vec<_>>() }),
                None,
            )
            .await?;
        }
        let id = set_restriction_in(
            self,
            &mut tx,
            &record,
            &key,
            false,
            reason,
            request.as_deref(),
        )
        .await?;
        let seq = tx.commit().await?;
        let restriction = self
            .list_restrictions(person)
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(StoreError::NotFound)?;
        Ok(LiftedWithNotice {
            restriction,
            request,
            messages,
            seq,
        })
    }
}
