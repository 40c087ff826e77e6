//! Changes a person makes themselves, written only when they change something, in SQL.

use async_trait::async_trait;
use sqlx::Row;
use time::OffsetDateTime;
use vern_core::consent::ConsentAction;
use vern_core::{ChannelSet, IdentifierDigest};

use super::SqlStore;
use super::people::insert_consent;
use super::person_keys::person_key;
use super::suppressions::write_objection;
use crate::codec::placeholders;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, WriteTx};
use crate::model::{ConsentInput, ObjectionContext, ObjectionInput, ObjectionRecord};
use crate::store::{PeopleStore, PreferenceStore};
use crate::time_codec::from_micros;

/// Whether `action` on this channel would change the person's latest consent event for the
/// purpose: a grant over anything but a grant still standing at `now`, a withdrawal over
/// anything but a withdrawal.
async fn changes(
    tx: &mut WriteTx<'_>,
    person: &str,
    purpose: &str,
    channel: &str,
    action: ConsentAction,
    now: OffsetDateTime,
) -> StoreResult<bool> {
    let latest = sqlx::query(
        "SELECT action, expires_at FROM consents WHERE person_id = $1 AND purpose = $2 AND channel = $3 \
         ORDER BY given_at DESC, recorded_at DESC, id DESC LIMIT 1",
    )
    .bind(person)
    .bind(purpose)
    .bind(channel)
    .fetch_optional(tx.conn())
    .await?;
    let Some(row) = latest else {
        return Ok(true);
    };
    let was: String = row.try_get("action")?;
    let expires: Option<i64> = row.try_get("expires_at")?;
    Ok(match action {
        ConsentAction::Withdrawn => was != "withdrawn",
        ConsentAction::Granted => {
            was != "granted" || expires.is_some_and(|e| from_micros(e) <= now)
        }
    })
}

#[async_trait]
impl PreferenceStore for SqlStore {
    async fn record_consent_changes(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person_id: &str,
        inputs: &[ConsentInput],
    ) -> StoreResult<Option<i64>> {
        let person = self.get_person(person_id).await?;
        let key = person_key(self, person_id).await?;
        let mut tx = self.write(actor, now).await?;
        let mut written = false;
        for input in inputs {
            let mut channels = ChannelSet::EMPTY;
            for channel in input.channels.iter() {
                if changes(
                    &mut tx,
                    person_id,
                    &input.purpose,
                    channel.as_str(),
                    input.action,
                    now,
                )
                .await?
                {
                    channels = channels.with(channel);
                }
            }
            if channels.is_empty() {
                continue;
            }
            let change = ConsentInput {
                channels,
                ..input.clone()
            };
            insert_consent(&mut tx, &key, &person.id, person.controller, &change).await?;
            written = true;
        }
        if !written {
            // Nothing to write: the transaction ends without an entry, and is rolled back.
            return Ok(None);
        }
        Ok(Some(tx.commit().await?))
    }

    async fn record_objection_once(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &ObjectionInput,
        context: ObjectionContext<'_>,
    ) -> StoreResult<Option<(ObjectionRecord, i64)>> {
        if input.digests.is_empty() {
            return Err(StoreError::Invalid(
                "an objection needs at least one identifier".to_owned(),
            ));
        }
        let mut tx = self.write(actor, now).await?;
        let sql = format!(
            "SELECT s.digest FROM suppressions s JOIN objections o ON o.id = s.objection_id \
             WHERE s.removed_at IS NULL AND o.kind = 'direct_marketing' \
             AND (s.controller IS NULL OR s.controller = $1) AND s.digest IN ({})",
            placeholders(2, input.digests.len())
        );
        let mut query = sqlx::query(&sql).bind(input.controller.map(|c| c.0));
        for (_, digest) in &input.digests {
            query = query.bind(digest.as_bytes().to_vec());
        }
        let covered: Vec<IdentifierDigest> = query
            .fetch_all(tx.conn())
            .await?
            .iter()
            .filter_map(|row| row.try_get::<Vec<u8>, _>("digest").ok())
            .filter_map(|bytes| IdentifierDigest::from_slice(&bytes))
            .collect();
        let uncovered: Vec<_> = input
            .digests
            .iter()
            .filter(|(_, d)| !covered.contains(d))
            .copied()
            .collect();
        if uncovered.is_empty() {
            return Ok(None);
        }
        let input = ObjectionInput {
            digests: uncovered,
            ..input.clone()
        };
        let record = write_objection(self, &mut tx, &input, context, None).await?;
        let seq = tx.commit().await?;
        Ok(Some((record, seq)))
    }
}
