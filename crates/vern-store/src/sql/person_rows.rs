//! Reading and naming a person's rows, shared by the SQL of every aggregate that touches people
//! (people, the directory, imports, marketing facts): the sealing contexts of their ledger
//! entries and consent evidence, a `people` row opened into a [`Person`], and the one-query
//! scan of a person table that gathers the index's facts. It imports no other aggregate's SQL,
//! so they can all use it without importing each other.

use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use vern_core::{ControllerId, PersonFacts};

use super::SqlStore;
use super::person_keys::{open_json, profile_context};
use crate::error::StoreResult;
use crate::model::{Person, PersonIndexFacts};
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

/// The facts being gathered, by person id.
pub(super) trait FactsById: Send {
    /// The facts of this person, when they are being gathered.
    fn facts(&mut self, id: &str) -> Option<&mut PersonFacts>;
}

impl FactsById for BTreeMap<String, PersonIndexFacts> {
    fn facts(&mut self, id: &str) -> Option<&mut PersonFacts> {
        self.get_mut(id).map(|f| &mut f.facts)
    }
}

/// The rows of `table` for the people between `range` (all rows without one), one query.
pub(super) async fn rows_of(
    store: &SqlStore,
    table: &str,
    columns: &str,
    range: Option<(&str, &str)>,
    extra: &str,
    each: &mut (dyn FnMut(&AnyRow) -> StoreResult<()> + Send),
) -> StoreResult<()> {
    let sql = match range {
        Some(_) => format!(
            "SELECT person_id, {columns} FROM {table} WHERE person_id >= $1 AND person_id <= $2{extra}"
        ),
        None if extra.is_empty() => format!("SELECT person_id, {columns} FROM {table}"),
        None => format!(
            "SELECT person_id, {columns} FROM {table} WHERE {}",
            extra.trim_start().trim_start_matches("AND ")
        ),
    };
    let mut q = sqlx::query(&sql);
    if let Some((first, last)) = range {
        q = q.bind(first).bind(last);
    }
    let mut rows = q.fetch(store.pool());
    while let Some(row) = rows.try_next().await? {
        each(&row)?;
    }
    Ok(())
}
