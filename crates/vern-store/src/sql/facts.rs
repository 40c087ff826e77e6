//! The index's facts about people, read from the person tables: every person at start-up, the
//! people a ledger entry names afterwards. Each table's share is one [`Part`]: the columns it
//! reads and what one row adds to a person's [`PersonFacts`]. Every reader below runs the same
//! parts, so they cannot disagree about what a row means.
//!
//! Three readers:
//! - [`add_facts`], through the pool (sqlx): the people of a range of ids, on both backends;
//! - [`scan_all`], every person at start-up, on one connection per core: PostgreSQL through
//!   sqlx, SQLite through `rusqlite` on blocking threads.
//!   sqlx's SQLite driver hands every row from its
//!   worker thread to the async side through a channel and copies each value into an `AnyRow`;
//!   with a million people (about four million rows) that hand-over was nine tenths of a
//!   15-second start (measured with `perf`, `docs/benchmarks.md`). `rusqlite` steps the same
//!   statements on the thread that reads them, over the same SQLite library (one
//!   `libsqlite3-sys`, so one copy of SQLite in the binary).

use futures_util::TryStreamExt;
use std::collections::HashMap;
use vern_core::consent::{ConsentAction, ConsentFact};
use vern_core::marketing::SoftOptIn;
use vern_core::{ControllerId, CustomerRelationship, PersonFacts, ProductCategory, PurposeKey};

use super::SqlStore;
use super::cells::{Cells, lite};
use super::customers::date_from;
use super::pg_copy;
use crate::codec::{digest_from, integrity};
use crate::db::Location;
use crate::error::{StoreError, StoreResult};
use crate::model::PersonIndexFacts;
use crate::time_codec::from_micros;

/// The people themselves: the first read, which decides who is gathered.
const PEOPLE: &str = "SELECT id, controller, restricted_at FROM people WHERE erased_at IS NULL";

/// The facts being gathered, by person id.
pub(super) trait FactsById: Send {
    /// The facts of this person, when they are being gathered.
    fn facts(&mut self, id: &str) -> Option<&mut PersonFacts>;
}

impl FactsById for std::collections::BTreeMap<String, PersonIndexFacts> {
    fn facts(&mut self, id: &str) -> Option<&mut PersonFacts> {
        self.get_mut(id).map(|f| &mut f.facts)
    }
}

/// Every person's facts, found by id: what the start-up scan builds. The people are read
/// first ([`AllFacts::add_person`]), then found by id ([`AllFacts::index_people`]) as each
/// table's rows come.
#[derive(Default)]
pub(super) struct AllFacts {
    /// By the id's 128 bits ([`uuid_bits`]): every id vern makes. foldhash, not SipHash.
    by_bits: HashMap<u128, usize, foldhash::fast::RandomState>,
    /// By the id's text: any id not in vern's own form (none that vern makes).
    by_text: HashMap<String, usize, foldhash::fast::RandomState>,
    pub(super) facts: Vec<PersonIndexFacts>,
    /// The person found last: a table's rows of one person mostly come one after another.
    last: usize,
}

/// The 128 bits of an id in vern's own form, a UUID written hyphenated in lower case, which
/// name the person as exactly as the text does (one text per value in that form). Looked up
/// by them, a row's person is found without reading a stored id's text again: one cache miss
/// fewer for each of the millions of rows of a start-up (the lookup was a fifth of vern's part
/// of it, in `perf`). `None` for any other text.
fn uuid_bits(id: &str) -> Option<u128> {
    if id.len() != 36 || id.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    uuid::Uuid::try_parse(id).ok().map(|u| u.as_u128())
}

impl AllFacts {
    /// Add a person from a row of [`PEOPLE`].
    pub(super) fn add_person(&mut self, row: &dyn Cells) -> StoreResult<()> {
        self.facts.push(person_row(row)?);
        Ok(())
    }

    /// After the people were added: make them findable by id, the map made at its final size
    /// rather than grown as they came.
    pub(super) fn index_people(&mut self) {
        let mut by_bits = HashMap::with_capacity_and_hasher(self.facts.len(), Default::default());
        let mut by_text = HashMap::default();
        for (i, p) in self.facts.iter().enumerate() {
            match uuid_bits(&p.id) {
                Some(bits) => by_bits.insert(bits, i),
                None => by_text.insert(p.id.clone(), i),
            };
        }
        self.by_bits = by_bits;
        self.by_text = by_text;
    }
}

impl FactsById for AllFacts {
    fn facts(&mut self, id: &str) -> Option<&mut PersonFacts> {
        let i = match self.facts.get(self.last) {
            Some(p) if p.id == id => self.last,
            _ => match uuid_bits(id) {
                Some(bits) => *self.by_bits.get(&bits)?,
                None => *self.by_text.get(id)?,
            },
        };
        self.last = i;
        self.facts.get_mut(i).map(|f| &mut f.facts)
    }
}

pub(super) fn person_row(row: &dyn Cells) -> StoreResult<PersonIndexFacts> {
    Ok(PersonIndexFacts {
        id: row.text(0)?.to_owned(),
        controller: ControllerId(row.int(1)?),
        facts: PersonFacts {
            restricted: row.opt_int(2)?.is_some(),
            ..PersonFacts::default()
        },
    })
}

/// One table's share of the facts: the columns after `person_id` (cell 0), a condition on its
/// rows, and what one row adds.
struct Part {
    table: &'static str,
    columns: &'static str,
    only: Option<String>,
    add: fn(&dyn Cells, &mut PersonFacts) -> StoreResult<()>,
}

impl Part {
    /// The part's query, its rows narrowed by `conditions` (joined with AND) and its own.
    fn sql(&self, conditions: &[&str]) -> String {
        let Part {
            table,
            columns,
            only,
            ..
        } = self;
        let all: Vec<&str> = conditions.iter().copied().chain(only.as_deref()).collect();
        let mut sql = format!("SELECT person_id, {columns} FROM {table}");
        if !all.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&all.join(" AND "));
        }
        sql
    }
}

/// Every table that adds to a person's facts.
fn parts() -> [Part; 7] {
    [
        Part {
            table: "person_identifiers",
            columns: "kind, digest",
            only: None,
            add: |row, f| {
                let digest = digest_from(row.blob(2)?)?;
                // Only Danish addresses are stored as identifiers (Robinsonlisten's key).
                if row.text(1)? == "postal" {
                    f.postal.push(digest);
                }
                f.digests.push(digest);
                Ok(())
            },
        },
        Part {
            table: "business_contacts",
            columns: "marked_at",
            only: None,
            add: |_, f| {
                f.business_contact = true;
                Ok(())
            },
        },
        Part {
            table: "soft_opt_ins",
            columns: "digest, product_category, opt_out_offered, obtained_at",
            only: None,
            add: |row, f| {
                f.soft_opt_ins.push(SoftOptIn {
                    digest: digest_from(row.blob(1)?)?,
                    product_category: row.text(2)?.to_owned(),
                    opt_out_offered: row.int(3)? != 0,
                    obtained_at: from_micros(row.int(4)?),
                });
                Ok(())
            },
        },
        Part {
            table: "call_requests",
            columns: "requested_at",
            only: None,
            add: |row, f| {
                f.call_requests.push(from_micros(row.int(1)?));
                Ok(())
            },
        },
        Part {
            table: "consents",
            columns: "purpose, channel, action, given_at, expires_at",
            only: None,
            add: |row, f| {
                f.consents.push(ConsentFact {
                    purpose: PurposeKey::parse(row.text(1)?).map_err(|_| integrity("purpose"))?,
                    channel: row.text(2)?.parse().map_err(|_| integrity("channel"))?,
                    action: action_from(row.text(3)?)?,
                    at: from_micros(row.int(4)?),
                    expires_at: row.opt_int(5)?.map(from_micros),
                });
                Ok(())
            },
        },
        Part {
            table: "customer_relationships",
            columns: "product_category, started, ended",
            only: None,
            add: |row, f| {
                f.customer_relationships.push(CustomerRelationship {
                    product_category: ProductCategory::parse(row.text(1)?)
                        .map_err(|_| integrity("product category"))?,
                    started: date_from(row.text(2)?)?,
                    ended: row.opt_text(3)?.map(date_from).transpose()?,
                });
                Ok(())
            },
        },
        Part {
            table: "art14_notices",
            columns: "state",
            only: Some(format!("state IN {}", super::notices::PENDING_STATES)),
            add: |_, f| {
                f.art14_pending = true;
                Ok(())
            },
        },
    ]
}

pub(super) fn action_from(text: &str) -> StoreResult<ConsentAction> {
    match text {
        "granted" => Ok(ConsentAction::Granted),
        "withdrawn" => Ok(ConsentAction::Withdrawn),
        _ => Err(integrity("consent action")),
    }
}

/// How many shares the start-up scan divides the people into: one per core, at most four.
fn shares() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Whether the person with this id belongs to share `share` of `of`: by the last character of
/// the id (random in a UUIDv7).
fn in_share(id: &str, share: usize, of: usize) -> bool {
    of == 1 || usize::from(id.as_bytes().last().copied().unwrap_or(0)) % of == share
}

/// Every living person's facts, for the index built at start-up, handed to `sink` share by
/// share as each is read. The people are shared out among one reader per core:
/// - SQLite: a `rusqlite` connection on a blocking thread each ([`scan_sqlite_share`]); every
///   thread steps through every row but gathers only the people of its share ([`in_share`]),
///   and the gathering is most of the work;
/// - PostgreSQL: a connection each ([`scan_postgres_share`]), the server sending each only its
///   share, as a binary COPY stream cut into fields where they lie (`pg_copy.rs`): the pool's
///   `AnyRow` copied every value of every row first, a sixth of the start-up.
///
/// Each reader reads in its own read snapshot, so the tables agree with each other for its
/// people. The snapshots are taken after the caller read the ledger's head, and every change
/// after the head is applied again from the ledger, so a person changed meanwhile is read
/// again whole.
pub(super) async fn scan_all(
    location: &Location,
    sink: &mut dyn crate::store::PeopleSink,
) -> StoreResult<()> {
    let of = shares();
    let (done, mut shares) = tokio::sync::mpsc::unbounded_channel::<StoreResult<AllFacts>>();
    for share in 0..of {
        let done = done.clone();
        match location.sqlite_file() {
            Some(path) => {
                let path = path.to_owned();
                tokio::task::spawn_blocking(move || {
                    let _ = done.send(scan_sqlite_share(&path, share, of));
                });
            }
            None => {
                let url = location.data_url.clone();
                tokio::spawn(async move {
                    let _ = done.send(scan_postgres_share(url, share, of).await);
                });
            }
        }
    }
    drop(done);
    // Every share first, then the people: the shares are read side by side and finish
    // together, and the sink, told how many come, makes room for all of them at once instead
    // of growing its maps twenty times over (a tenth of the start-up, in `perf`).
    let mut read = Vec::with_capacity(of);
    while let Some(share) = shares.recv().await {
        read.push(share?);
    }
    if read.len() != of {
        return Err(StoreError::Other(
            "a share of the start-up scan was lost".into(),
        ));
    }
    sink.expect(read.iter().map(|s| s.facts.len()).sum());
    for share in read {
        for person in share.facts {
            sink.add(person);
        }
    }
    Ok(())
}

/// The facts of the people of share `share` of `of`, in one read-only snapshot.
async fn scan_postgres_share(url: String, share: usize, of: usize) -> StoreResult<AllFacts> {
    use sqlx::Connection;
    let mut conn = sqlx::postgres::PgConnection::connect(&url).await?;
    let mut tx = conn.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    // COPY takes no parameters: the share is written into the query (two small numbers). The
    // shares need only agree among PostgreSQL's own queries, so the id's hash divides them
    // (cheaper for the server than taking the last character of a UTF-8 string).
    let in_share = |column: &str| format!("(hashtext({column}) & 2147483647) % {of} = {share}");
    let mut all = AllFacts::default();
    let sql = format!("{PEOPLE} AND {}", in_share("id"));
    pg_copy::each_row(&mut tx, &sql, &mut |row| all.add_person(row)).await?;
    all.index_people();
    for part in parts() {
        let sql = part.sql(&[&in_share("person_id")]);
        pg_copy::each_row(&mut tx, &sql, &mut |row| {
            if let Some(f) = all.facts(row.text(0)?) {
                (part.add)(row, f)?;
            }
            Ok(())
        })
        .await?;
    }
    tx.commit().await?;
    Ok(all)
}

/// The facts of the people whose ids lie from `first` to `last`, each table read with one
/// query through the pool, added to the people already in `facts`.
pub(super) async fn add_facts(
    store: &SqlStore,
    (first, last): (&str, &str),
    facts: &mut dyn FactsById,
) -> StoreResult<()> {
    for part in parts() {
        let sql = part.sql(&["person_id >= $1", "person_id <= $2"]);
        let mut rows = sqlx::query(&sql).bind(first).bind(last).fetch(store.pool());
        while let Some(row) = rows.try_next().await? {
            if let Some(f) = facts.facts(row.text(0)?) {
                (part.add)(&row, f)?;
            }
        }
    }
    Ok(())
}

/// The facts of the people of share `share` of `of`, in one read transaction.
fn scan_sqlite_share(path: &str, share: usize, of: usize) -> StoreResult<AllFacts> {
    use rusqlite::OpenFlags;
    // Read-write, for the WAL's shared-memory file; `query_only` refuses any write. One
    // thread uses the connection, so SQLite's own mutexes are left out.
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(lite)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(lite)?;
    conn.execute_batch("PRAGMA query_only = ON; BEGIN")
        .map_err(lite)?;
    let mut all = AllFacts::default();
    each_row(&conn, PEOPLE, &mut |row| {
        if in_share(row.text(0)?, share, of) {
            all.add_person(row)?;
        }
        Ok(())
    })?;
    all.index_people();
    for part in parts() {
        each_row(&conn, &part.sql(&[]), &mut |row| {
            let id = row.text(0)?;
            if !in_share(id, share, of) {
                return Ok(());
            }
            if let Some(f) = all.facts(id) {
                (part.add)(row, f)?;
            }
            Ok(())
        })?;
    }
    conn.execute_batch("COMMIT").map_err(lite)?;
    Ok(all)
}

fn each_row(
    conn: &rusqlite::Connection,
    sql: &str,
    each: &mut dyn FnMut(&rusqlite::Row<'_>) -> StoreResult<()>,
) -> StoreResult<()> {
    let mut stmt = conn.prepare(sql).map_err(lite)?;
    let mut rows = stmt.query([]).map_err(lite)?;
    while let Some(row) = rows.next().map_err(lite)? {
        each(row)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::uuid_bits;

    #[test]
    fn only_vern_s_own_form_of_an_id_is_read_as_bits() {
        let id = "01a25337-351b-72ee-a750-9a2166edbb1c";
        assert_eq!(
            uuid_bits(id),
            Some(0x01a2_5337_351b_72ee_a750_9a21_66ed_bb1c)
        );
        // The same value written otherwise is another id: it must not find this one.
        assert_eq!(uuid_bits("01A25337-351B-72EE-A750-9A2166EDBB1C"), None);
        assert_eq!(uuid_bits("01a25337351b72eea7509a2166edbb1c"), None);
        assert_eq!(uuid_bits("{01a25337-351b-72ee-a750-9a2166edbb1c}"), None);
        assert_eq!(uuid_bits("K-1002"), None);
    }
}
