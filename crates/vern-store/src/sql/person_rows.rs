//! Reading and naming a person's rows, shared by the SQL of every aggregate that touches people
//! (people, the directory, imports, marketing facts): the sealing contexts of their ledger
//! entries and consent evidence, and a `people` row opened into a [`Person`]. It imports no other aggregate's SQL,
//! so they can all use it without importing each other.

use sqlx::Row;
use sqlx::any::AnyRow;
use vern_core::ControllerId;

use super::person_keys::{open_json, profile_context};
use crate::error::StoreResult;
use crate::model::Person;
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
