//! The people directory in SQL: listing people a page at a time, and the blind index of their
//! names (docs/people-search.md).

use async_trait::async_trait;
use sqlx::Row;
use std::collections::HashMap;
use time::OffsetDateTime;
use vern_core::name_index;

use super::SqlStore;
use super::person_keys::{open_json, profile_context};
use super::person_rows::person_from;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{Actor, LedgerEvent, NameIndexRebuilt, NewEntry, PeopleListed, WriteTx};
use crate::model::{ConsentWanted, NameIndexBuilt, PeopleFilter, PeoplePage, Profile};
use crate::store::DirectoryStore;
use crate::time_codec::to_micros;

/// Rows per `INSERT` of name digests: two parameters each, well under either engine's limit.
const ROWS_PER_INSERT: usize = 400;

/// People opened per step of a rebuild.
const REBUILD_PAGE: i64 = 1_000;

async fn generation(tx: &mut WriteTx<'_>) -> StoreResult<i64> {
    let row = sqlx::query("SELECT generation FROM name_index WHERE id = 1")
        .fetch_one(tx.conn())
        .await?;
    Ok(row.try_get("generation")?)
}

async fn insert_digests(
    tx: &mut WriteTx<'_>,
    rows: &[(name_index::NameDigest, &str)],
) -> StoreResult<()> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut binds = crate::codec::Binds::new(tx.dialect());
        let values: Vec<String> = (0..chunk.len())
            .map(|_| format!("({})", binds.list(2)))
            .collect();
        let sql = format!(
            "INSERT INTO person_names (digest, person_id) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (digest, person) in chunk {
            query = query.bind(digest.0.to_vec()).bind(*person);
        }
        query.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Replace a person's entries in the name index with those of `name`, inside the write that
/// sets or changes the name (creating, correcting or importing a person, restoring one from
/// the recycle bin). An empty name leaves the person in no entry.
pub async fn index_name(tx: &mut WriteTx<'_>, person_id: &str, name: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM person_names WHERE person_id = $1")
        .bind(person_id)
        .execute(tx.conn())
        .await?;
    let generation = generation(tx).await?;
    let key = tx.keys().name_key(generation);
    let rows: Vec<_> = name_index::entries(&key, name)
        .into_iter()
        .map(|d| (d, person_id))
        .collect();
    insert_digests(tx, &rows).await
}

/// The name index entries of a whole batch of people (an import): the entries of `replaced`
/// (people whose name may have changed) removed, and every person's new ones written in
/// multi-row inserts, inside the batch's transaction.
pub(super) async fn index_names(
    tx: &mut WriteTx<'_>,
    replaced: &[&str],
    people: &[(&str, &str)],
) -> StoreResult<()> {
    for chunk in replaced.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "DELETE FROM person_names WHERE person_id IN ({})",
            crate::codec::Binds::new(tx.dialect()).list(chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        query.execute(tx.conn()).await?;
    }
    let generation = generation(tx).await?;
    let key = tx.keys().name_key(generation);
    let mut rows = Vec::new();
    for (id, name) in people {
        rows.extend(
            name_index::entries(&key, name)
                .into_iter()
                .map(|d| (d, *id)),
        );
    }
    insert_digests(tx, &rows).await
}

/// Make every indexed person's entries again with the key of `generation`: the live people and
/// those in the recycle bin (who keep theirs until they are purged).
async fn rebuild(store: &SqlStore, tx: &mut WriteTx<'_>, generation: i64) -> StoreResult<u64> {
    let binned: Vec<String> = sqlx::query(
        "SELECT DISTINCT n.person_id FROM person_names n JOIN people p ON p.id = n.person_id WHERE p.erased_at IS NOT NULL",
    )
    .fetch_all(tx.conn())
    .await?
    .iter()
    .map(|r| r.try_get("person_id"))
    .collect::<Result<_, _>>()?;
    sqlx::query("DELETE FROM person_names")
        .execute(tx.conn())
        .await?;
    sqlx::query("UPDATE name_index SET generation = $1, built_at = $2 WHERE id = 1")
        .bind(generation)
        .bind(tx.at_micros())
        .execute(tx.conn())
        .await?;
    let key = store.keys.name_key(generation);
    let mut indexed = 0u64;
    let mut after = String::new();
    loop {
        let rows = sqlx::query(
            "SELECT id, sealed FROM people WHERE id > $1 AND erased_at IS NULL ORDER BY id LIMIT $2",
        )
        .bind(&after)
        .bind(REBUILD_PAGE)
        .fetch_all(tx.conn())
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("id")?;
        let mut sealed = Vec::with_capacity(rows.len());
        for row in &rows {
            sealed.push((
                row.try_get::<String, _>("id")?,
                row.try_get::<Vec<u8>, _>("sealed")?,
            ));
        }
        indexed += index_sealed(store, tx, &key, &sealed).await?;
    }
    for chunk in binned.chunks(500) {
        let sql = format!(
            "SELECT id, sealed FROM people WHERE id IN ({})",
            crate::codec::Binds::new(tx.dialect()).list(chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(id);
        }
        let mut sealed = Vec::new();
        for row in query.fetch_all(tx.conn()).await? {
            sealed.push((
                row.try_get::<String, _>("id")?,
                row.try_get::<Vec<u8>, _>("sealed")?,
            ));
        }
        indexed += index_sealed(store, tx, &key, &sealed).await?;
    }
    Ok(indexed)
}

/// Open each profile and insert its name's entries; returns the people indexed (a person
/// whose key is gone has no name left to index).
async fn index_sealed(
    store: &SqlStore,
    tx: &mut WriteTx<'_>,
    key: &name_index::NameKey,
    sealed: &[(String, Vec<u8>)],
) -> StoreResult<u64> {
    let ids: Vec<String> = sealed.iter().map(|(id, _)| id.clone()).collect();
    let keys = store.keyring().get_many(&store.keys, &ids).await?;
    let mut entries = Vec::new();
    for (id, bytes) in sealed {
        let Some(person_key) = keys.get(id) else {
            continue;
        };
        let profile: Profile = open_json(person_key, &profile_context(id), bytes)?;
        entries.push((id.as_str(), name_index::entries(key, &profile.name)));
    }
    let rows: Vec<_> = entries
        .iter()
        .flat_map(|(id, digests)| digests.iter().map(move |d| (*d, *id)))
        .collect();
    insert_digests(tx, &rows).await?;
    Ok(entries.len() as u64)
}

/// A value bound to a list's query.
enum Arg {
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

/// The consent condition: the latest event for the purpose on the channel at `now` (a
/// withdrawal wins a tie), as `vern_core::consent::current` reads the history.
fn consent_condition(wanted: ConsentWanted, purpose: &str, channel: &str, now: &str) -> String {
    let events = |alias: &str| {
        format!(
            "{alias}.person_id = p.id AND {alias}.purpose = {purpose} AND {alias}.channel = {channel} AND {alias}.given_at <= {now}"
        )
    };
    let latest_grant = |expiry: &str| {
        format!(
            "EXISTS (SELECT 1 FROM consents c WHERE {} AND c.action = 'granted' AND {expiry} \
             AND NOT EXISTS (SELECT 1 FROM consents d WHERE {} AND (d.given_at > c.given_at OR (d.given_at = c.given_at AND d.action = 'withdrawn'))))",
            events("c"),
            events("d"),
        )
    };
    match wanted {
        ConsentWanted::Granted => {
            latest_grant(&format!("(c.expires_at IS NULL OR c.expires_at > {now})"))
        }
        ConsentWanted::Expired => latest_grant(&format!(
            "c.expires_at IS NOT NULL AND c.expires_at <= {now}"
        )),
        ConsentWanted::Withdrawn => format!(
            "EXISTS (SELECT 1 FROM consents c WHERE {} AND c.action = 'withdrawn' \
             AND NOT EXISTS (SELECT 1 FROM consents d WHERE {} AND d.given_at > c.given_at))",
            events("c"),
            events("d"),
        ),
        ConsentWanted::None => format!(
            "NOT EXISTS (SELECT 1 FROM consents c WHERE {})",
            events("c")
        ),
    }
}

/// The query of a page: its SQL, its arguments, and the names of the conditions it has.
fn page_query(
    filter: &PeopleFilter,
    name: &[name_index::NameDigest],
    now: OffsetDateTime,
    limit: u32,
) -> (String, Vec<Arg>, Vec<String>) {
    let mut sql = String::from(
        "SELECT p.id, p.controller, p.sealed, p.restricted_at, p.created_at, p.updated_at FROM people p WHERE p.erased_at IS NULL",
    );
    let mut args: Vec<Arg> = Vec::new();
    let mut named: Vec<String> = Vec::new();
    fn arg(args: &mut Vec<Arg>, value: Arg) -> String {
        args.push(value);
        format!("${}", args.len())
    }
    if let Some(c) = filter.controller {
        let n = arg(&mut args, Arg::Int(c.0));
        sql.push_str(&format!(" AND p.controller = {n}"));
        named.push("controller".to_owned());
    }
    if let Some(list) = &filter.list {
        let n = arg(&mut args, Arg::Text(list.clone()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM person_lists l WHERE l.person_id = p.id AND l.list = {n})"
        ));
        named.push("list".to_owned());
    }
    for (value, condition, name) in [
        (filter.created_from, "p.created_at >=", "created"),
        (filter.created_before, "p.created_at <", "created"),
        (filter.changed_from, "p.updated_at >=", "changed"),
        (filter.changed_before, "p.updated_at <", "changed"),
    ] {
        if let Some(at) = value {
            let n = arg(&mut args, Arg::Int(to_micros(at)));
            sql.push_str(&format!(" AND {condition} {n}"));
            if !named.iter().any(|x| x == name) {
                named.push(name.to_owned());
            }
        }
    }
    if let Some(consent) = &filter.consent {
        let purpose = arg(&mut args, Arg::Text(consent.purpose.clone()));
        let channel = arg(&mut args, Arg::Text(consent.channel.as_str().to_owned()));
        let at = arg(&mut args, Arg::Int(to_micros(now)));
        sql.push_str(" AND ");
        sql.push_str(&consent_condition(consent.state, &purpose, &channel, &at));
        named.push("consent".to_owned());
    }
    if filter.name.is_some() {
        for term in name {
            let n = arg(&mut args, Arg::Bytes(term.0.to_vec()));
            sql.push_str(&format!(
                " AND p.id IN (SELECT person_id FROM person_names WHERE digest = {n})"
            ));
        }
        named.push("name".to_owned());
    }
    if let Some(after) = &filter.after {
        let n = arg(&mut args, Arg::Text(after.clone()));
        sql.push_str(&format!(" AND p.id > {n}"));
    }
    // One more than the page, to tell whether another follows; it is not opened.
    let n = arg(&mut args, Arg::Int(i64::from(limit) + 1));
    sql.push_str(&format!(" ORDER BY p.id LIMIT {n}"));
    (sql, args, named)
}

async fn built(
    store: &SqlStore,
    tx: &mut WriteTx<'_>,
    reason: &str,
) -> StoreResult<NameIndexBuilt> {
    let generation = generation(tx).await?;
    let generation = if reason == "rotation" {
        generation + 1
    } else {
        generation
    };
    let people = rebuild(store, tx, generation).await?;
    tx.record(NewEntry::event(LedgerEvent::NameIndexRebuilt(
        NameIndexRebuilt {
            generation,
            people,
            reason: reason.to_owned(),
        },
    )))
    .await?;
    Ok(NameIndexBuilt { generation, people })
}

#[async_trait]
impl DirectoryStore for SqlStore {
    async fn list_people(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        filter: &PeopleFilter,
        limit: u32,
        via: Option<&str>,
    ) -> StoreResult<PeoplePage> {
        let mut tx = self.write(actor, now).await?;
        let terms = match &filter.name {
            Some(typed) => {
                let generation = generation(&mut tx).await?;
                let key = tx.keys().name_key(generation);
                name_index::query(&key, typed)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?
                    .terms
            }
            None => Vec::new(),
        };
        let (sql, args, filters) = page_query(filter, &terms, now, limit);
        let mut query = sqlx::query(&sql);
        for a in args {
            query = match a {
                Arg::Int(v) => query.bind(v),
                Arg::Text(v) => query.bind(v),
                Arg::Bytes(v) => query.bind(v),
            };
        }
        let mut rows = query.fetch_all(tx.conn()).await?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        if rows.is_empty() {
            return Ok(PeoplePage {
                people: Vec::new(),
                more: false,
                seq: None,
            });
        }
        let ids: Vec<String> = rows
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
        let mut lists: HashMap<String, Vec<String>> = HashMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT person_id, list FROM person_lists WHERE person_id IN ({}) ORDER BY list",
                crate::codec::Binds::new(tx.dialect()).list(chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            for row in query.fetch_all(tx.conn()).await? {
                lists
                    .entry(row.try_get("person_id")?)
                    .or_default()
                    .push(row.try_get("list")?);
            }
        }
        let keys = self.keyring().get_many(&self.keys, &ids).await?;
        let mut people = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: String = row.try_get("id")?;
            let key = keys.get(&id).ok_or(StoreError::NotFound)?;
            let person_lists = lists.remove(&id).unwrap_or_default();
            people.push(person_from(row, key, person_lists)?);
        }
        let mut entry = NewEntry::event(LedgerEvent::PeopleListed(PeopleListed {
            people: ids,
            filters,
            via: via.map(str::to_owned),
        }));
        if let Some(c) = filter.controller {
            entry = entry.controller(c.0);
        }
        tx.record(entry).await?;
        let seq = tx.commit().await?;
        Ok(PeoplePage {
            people,
            more,
            seq: Some(seq),
        })
    }

    async fn build_name_index(&self, now: OffsetDateTime) -> StoreResult<Option<NameIndexBuilt>> {
        let mut tx = self.write(&Actor::System("name_index"), now).await?;
        let row = sqlx::query("SELECT built_at FROM name_index WHERE id = 1")
            .fetch_one(tx.conn())
            .await?;
        if row.try_get::<Option<i64>, _>("built_at")?.is_some() {
            return Ok(None);
        }
        let done = built(self, &mut tx, "upgrade").await?;
        tx.commit().await?;
        Ok(Some(done))
    }

    async fn rotate_name_index(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> StoreResult<NameIndexBuilt> {
        let mut tx = self.write(actor, now).await?;
        let done = built(self, &mut tx, "rotation").await?;
        tx.commit().await?;
        Ok(done)
    }
}
