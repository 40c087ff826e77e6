//! Reading and naming a person's rows, shared by the SQL of every aggregate that touches people
//! (people, the directory, imports, marketing facts): the sealing contexts of their ledger
//! entries and consent evidence, a `people` row opened into a [`Person`] and a `consents` row
//! into a [`ConsentRecord`]. It imports no other aggregate's SQL,
//! so they can all use it without importing each other.

use sqlx::Row;
use sqlx::any::AnyRow;
use vern_core::{Channel, ControllerId};

use super::facts::action_from;
use super::person_keys::{open_json, profile_context};
use crate::codec::integrity;
use crate::error::StoreResult;
use crate::model::{ConsentRecord, Evidence, Person};
use crate::seal::PersonKey;
use crate::time_codec::from_micros;

pub(super) fn ledger_context(id: &str) -> String {
    format!("ledger:{id}")
}

pub(super) fn person_from(
    row: &AnyRow,
    key: &PersonKey,
    lists: Vec<String>,
) -> StoreResult<Person> {
    let id: String = row.try_get("id")?;
    let sealed: Vec<u8> = row.try_get("sealed")?;
    Ok(Person {
        profile: open_json(key, &profile_context(&id), &sealed)?,
        controller: ControllerId(row.try_get("controller")?),
        lists,
        restricted_at: row
            .try_get::<Option<i64>, _>("restricted_at")?
            .map(from_micros),
        created_at: from_micros(row.try_get("created_at")?),
        updated_at: from_micros(row.try_get("updated_at")?),
        id,
    })
}

pub(super) fn evidence_context(id: &str) -> String {
    format!("consent:{id}:evidence")
}

/// The columns of a consent row, as [`consent_from`] reads them.
pub(super) const CONSENT_COLUMNS: &str = "id, event_id, person_id, purpose, channel, action, given_at, expires_at, source, evidence, recorded_at";

/// A person's consent history in its order: oldest first.
pub(super) const CONSENT_ORDER: &str = "given_at, recorded_at, id";

/// A consent row, its evidence opened with the person's key (`None` when the key or the
/// evidence can no longer be opened).
pub(super) fn consent_from(row: &AnyRow, key: Option<&PersonKey>) -> StoreResult<ConsentRecord> {
    let id: String = row.try_get("id")?;
    let sealed: Vec<u8> = row.try_get("evidence")?;
    let evidence: Option<Evidence> =
        key.and_then(|k| open_json(k, &evidence_context(&id), &sealed).ok());
    Ok(ConsentRecord {
        event_id: row.try_get("event_id")?,
        purpose: row.try_get("purpose")?,
        channel: row
            .try_get::<String, _>("channel")?
            .parse::<Channel>()
            .map_err(|_| integrity("channel"))?,
        action: action_from(&row.try_get::<String, _>("action")?)?,
        given_at: from_micros(row.try_get("given_at")?),
        expires_at: row
            .try_get::<Option<i64>, _>("expires_at")?
            .map(from_micros),
        source: row.try_get("source")?,
        evidence,
        recorded_at: from_micros(row.try_get("recorded_at")?),
        id,
    })
}
