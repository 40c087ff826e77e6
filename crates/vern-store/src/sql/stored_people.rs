//! What is stored of many people at once ([`StoredPerson`]), for a re-import that compares a
//! batch of lines with the people they name. One person at a time took five reads each
//! (`get_person`, `list_consents`, `list_relationships`, `is_business_contact`, and their
//! keys), and a re-import of unchanged people spent most of its time there
//! (`docs/benchmarks.md`). Here each table is read with one query per chunk of ids, rows of
//! all the chunk's people together in the order the one-person reads use, and shared out by
//! person in memory; every row is opened by the same function as the one-person read.

use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{HashMap, HashSet};

use super::SqlStore;
use super::customers::{COLUMNS as RELATIONSHIP_COLUMNS, ORDER as RELATIONSHIP_ORDER};
use super::person_rows::{CONSENT_COLUMNS, CONSENT_ORDER, consent_from, person_from};
use crate::codec::Binds;
use crate::error::StoreResult;
use crate::model::StoredPerson;

/// Ids per query: well under either engine's limit of parameters.
const CHUNK: usize = 500;

/// What is stored of each live person among `ids`, in the order of `ids` (see
/// [`PeopleStore::stored_people`](crate::store::PeopleStore::stored_people)).
pub(super) async fn stored_people(
    store: &SqlStore,
    ids: &[String],
) -> StoreResult<Vec<StoredPerson>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        out.extend(chunk_of(store, chunk).await?);
    }
    Ok(out)
}

/// The rows of `sql` (whose `{ids}` is replaced by a parameter per id) for these ids.
async fn rows(store: &SqlStore, sql: &str, ids: &[String]) -> StoreResult<Vec<AnyRow>> {
    let sql = sql.replace("{ids}", &Binds::new(store.dialect).list(ids.len()));
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id);
    }
    Ok(query.fetch_all(store.pool()).await?)
}

/// Rows shared out by their `person_id`, each person's in the order they were read.
fn by_person(rows: Vec<AnyRow>) -> StoreResult<HashMap<String, Vec<AnyRow>>> {
    let mut out: HashMap<String, Vec<AnyRow>> = HashMap::new();
    for row in rows {
        let id: String = row.try_get("person_id")?;
        out.entry(id).or_default().push(row);
    }
    Ok(out)
}

async fn chunk_of(store: &SqlStore, ids: &[String]) -> StoreResult<Vec<StoredPerson>> {
    let people = rows(
        store,
        "SELECT id, controller, sealed, restricted_at, created_at, updated_at FROM people WHERE id IN ({ids}) AND erased_at IS NULL",
        ids,
    )
    .await?;
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let mut people: HashMap<String, AnyRow> = people
        .into_iter()
        .map(|row| Ok((row.try_get::<String, _>("id")?, row)))
        .collect::<StoreResult<_>>()?;
    let live: Vec<String> = ids
        .iter()
        .filter(|id| people.contains_key(*id))
        .cloned()
        .collect();
    let mut lists = by_person(
        rows(
            store,
            "SELECT person_id, list FROM person_lists WHERE person_id IN ({ids}) ORDER BY list",
            &live,
        )
        .await?,
    )?;
    let mut consents = by_person(
        rows(
            store,
            &format!(
                "SELECT {CONSENT_COLUMNS} FROM consents WHERE person_id IN ({{ids}}) ORDER BY {CONSENT_ORDER}"
            ),
            &live,
        )
        .await?,
    )?;
    let mut relationships = by_person(
        rows(
            store,
            &format!(
                "SELECT {RELATIONSHIP_COLUMNS} FROM customer_relationships WHERE person_id IN ({{ids}}) ORDER BY {RELATIONSHIP_ORDER}"
            ),
            &live,
        )
        .await?,
    )?;
    let business: HashSet<String> = rows(
        store,
        "SELECT person_id FROM business_contacts WHERE person_id IN ({ids})",
        &live,
    )
    .await?
    .iter()
    .map(|r| r.try_get("person_id"))
    .collect::<Result<_, _>>()?;
    let keys = store.keyring().get_many(&store.keys, &live).await?;

    let mut out = Vec::with_capacity(live.len());
    for id in live {
        let Some(row) = people.remove(&id) else {
            continue;
        };
        // A person whose key is gone cannot be opened: `get_person` finds nobody either.
        let Some(key) = keys.get(&id) else {
            continue;
        };
        let person_lists = lists
            .remove(&id)
            .unwrap_or_default()
            .iter()
            .map(|r| r.try_get::<String, _>("list"))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(StoredPerson {
            person: person_from(&row, key, person_lists)?,
            consents: consents
                .remove(&id)
                .unwrap_or_default()
                .iter()
                .map(|r| consent_from(r, Some(key)))
                .collect::<StoreResult<_>>()?,
            relationships: relationships
                .remove(&id)
                .unwrap_or_default()
                .iter()
                .map(super::customers::record_from)
                .collect::<StoreResult<_>>()?,
            business_contact: business.contains(&id),
        });
    }
    Ok(out)
}
