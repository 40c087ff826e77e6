//! The ledger: an append-only, hash-chained record of every change and every disclosure.
//!
//! Each entry's hash is a keyed BLAKE3 hash over the previous entry's hash and the entry's
//! canonical bytes. Keyed with a key derived from the installation's master key, the chain
//! cannot be recomputed by someone who can edit the database but does not hold the key, so an
//! edited row, a removed row or a rewritten tail all show. Personal data never sits in the
//! clear in an entry: it is sealed with the person's key (the `sealed` column) or referred to by
//! digest, so destroying the key erases it while the chain stays whole.

use serde::Serialize;
use sqlx::{Any, AnyConnection, AnyPool, Row, Transaction};
use std::fmt;
use time::OffsetDateTime;

mod events;

pub use events::*;

use crate::db::Dialect;
use crate::error::{StoreError, StoreResult};
use crate::seal::InstallationKeys;
use crate::time_codec::{from_micros, to_micros};

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub enum Actor {
    /// A caller authenticated with an API key.
    ApiKey(String),
    /// A staff member signed in to the web UI.
    User(String),
    /// Someone at the machine running the `vern` command.
    Cli,
    /// A background job of `vern serve`.
    System(&'static str),
    /// A data subject acting for themselves (a public form, a share link).
    Subject,
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::ApiKey(id) => write!(f, "api_key:{id}"),
            Actor::User(id) => write!(f, "user:{id}"),
            Actor::Cli => f.write_str("cli"),
            Actor::System(job) => write!(f, "system:{job}"),
            Actor::Subject => f.write_str("subject"),
        }
    }
}

impl From<Actor> for String {
    fn from(actor: Actor) -> String {
        actor.to_string()
    }
}

/// An entry to append.
#[derive(Debug, Clone)]
pub struct NewEntry {
    /// What happened, with its details (no personal data in the clear).
    pub event: LedgerEvent,
    /// The controller concerned.
    pub controller: Option<i64>,
    /// The person concerned, by id.
    pub subject: Option<String>,
    /// Personal data, sealed with the subject's key.
    pub sealed: Option<Vec<u8>>,
}

impl NewEntry {
    /// An entry for this event and nothing else.
    pub fn event(event: LedgerEvent) -> NewEntry {
        NewEntry {
            event,
            controller: None,
            subject: None,
            sealed: None,
        }
    }

    /// About this controller.
    pub fn controller(mut self, controller: i64) -> NewEntry {
        self.controller = Some(controller);
        self
    }

    /// About this person, with their personal data sealed.
    pub fn subject(mut self, person: &str, sealed: Option<Vec<u8>>) -> NewEntry {
        self.subject = Some(person.to_owned());
        self.sealed = sealed;
        self
    }
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When it was written.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Who did it.
    pub actor: String,
    /// What happened.
    pub kind: String,
    /// The controller concerned.
    pub controller: Option<i64>,
    /// The person concerned.
    pub subject: Option<String>,
    /// Details without personal data (JSON).
    pub payload: String,
    /// Whether sealed personal data is attached.
    pub has_sealed: bool,
    /// Hex of this entry's hash.
    pub hash: String,
}

struct Canonical<'a> {
    seq: i64,
    at: i64,
    actor: &'a str,
    kind: &'a str,
    controller: Option<i64>,
    subject: Option<&'a str>,
    payload: &'a str,
    sealed: Option<&'a [u8]>,
}

impl Canonical<'_> {
    /// `hash = H_key(prev_hash ‖ canonical entry)`, every variable-length field length-prefixed.
    fn hash(&self, key: &[u8; 32], prev: &[u8; 32]) -> [u8; 32] {
        let mut h = blake3::Hasher::new_keyed(key);
        h.update(b"vern-ledger-v1");
        h.update(prev);
        h.update(&self.seq.to_be_bytes());
        h.update(&self.at.to_be_bytes());
        for field in [Some(self.actor.as_bytes()), Some(self.kind.as_bytes())] {
            put(&mut h, field);
        }
        match self.controller {
            Some(c) => {
                h.update(&[1]);
                h.update(&c.to_be_bytes());
            }
            None => {
                h.update(&[0]);
            }
        }
        put(&mut h, self.subject.map(str::as_bytes));
        put(&mut h, Some(self.payload.as_bytes()));
        put(&mut h, self.sealed);
        *h.finalize().as_bytes()
    }
}

fn put(h: &mut blake3::Hasher, field: Option<&[u8]>) {
    match field {
        Some(bytes) => {
            h.update(&[1]);
            h.update(&(bytes.len() as u64).to_be_bytes());
            h.update(bytes);
        }
        None => {
            h.update(&[0]);
        }
    }
}

fn hash32(bytes: &[u8]) -> StoreResult<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Integrity("a stored hash is not 32 bytes".to_owned()))
}

/// A writing transaction. Opening one takes the ledger head, which serializes writers (SQLite
/// takes its write lock at once; PostgreSQL locks the head row), so the chain never forks.
/// The state rows and their ledger entries commit together or not at all.
pub struct WriteTx<'k> {
    tx: Transaction<'static, Any>,
    dialect: Dialect,
    keys: &'k InstallationKeys,
    actor: String,
    at: i64,
    seq: i64,
    hash: [u8; 32],
}

impl fmt::Debug for WriteTx<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WriteTx")
            .field("seq", &self.seq)
            .finish_non_exhaustive()
    }
}

impl<'k> WriteTx<'k> {
    /// Begin, and take the ledger head.
    pub async fn begin(
        pool: &AnyPool,
        dialect: Dialect,
        keys: &'k InstallationKeys,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> StoreResult<WriteTx<'k>> {
        let mut tx = match dialect {
            Dialect::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
            Dialect::Postgres => pool.begin().await?,
        };
        let row = sqlx::query("UPDATE ledger_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut *tx)
            .await?;
        let seq: i64 = row.try_get("seq")?;
        let hash = hash32(&row.try_get::<Vec<u8>, _>("hash")?)?;
        Ok(WriteTx {
            tx,
            dialect,
            keys,
            actor: actor.to_string(),
            at: to_micros(now),
            seq,
            hash,
        })
    }

    /// The database's dialect, for statements written for it ([`crate::codec::Binds`]).
    pub(crate) fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The connection, for the use case's own statements.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// The installation's keys, for digests made in this transaction (the name index).
    pub fn keys(&self) -> &InstallationKeys {
        self.keys
    }

    /// Who this transaction records as the actor.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The time this transaction records, in microseconds.
    pub fn at_micros(&self) -> i64 {
        self.at
    }

    /// Append an entry; returns its sequence number.
    pub async fn record(&mut self, entry: NewEntry) -> StoreResult<i64> {
        let seq = self.seq + 1;
        let payload = entry.event.payload().to_string();
        let kind = entry.event.kind();
        let canonical = Canonical {
            seq,
            at: self.at,
            actor: &self.actor,
            kind,
            controller: entry.controller,
            subject: entry.subject.as_deref(),
            payload: &payload,
            sealed: entry.sealed.as_deref(),
        };
        let hash = canonical.hash(self.keys.ledger(), &self.hash);
        sqlx::query(
            "INSERT INTO ledger (seq, at, actor, kind, controller, subject, payload, sealed, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(seq)
        .bind(self.at)
        .bind(&self.actor)
        .bind(kind)
        .bind(entry.controller)
        .bind(entry.subject)
        .bind(payload)
        .bind(entry.sealed)
        .bind(self.hash.to_vec())
        .bind(hash.to_vec())
        .execute(&mut *self.tx)
        .await?;
        self.seq = seq;
        self.hash = hash;
        Ok(seq)
    }

    /// Append many entries with multi-row inserts (an import's batch); returns the sequence
    /// number of the last. Each is chained exactly as [`WriteTx::record`] chains it.
    pub async fn record_many(&mut self, entries: Vec<NewEntry>) -> StoreResult<i64> {
        const ROWS: usize = 1_000;
        let mut rows = Vec::with_capacity(entries.len());
        for entry in entries {
            let seq = self.seq + 1;
            let payload = entry.event.payload().to_string();
            let kind = entry.event.kind().to_owned();
            let hash = Canonical {
                seq,
                at: self.at,
                actor: &self.actor,
                kind: &kind,
                controller: entry.controller,
                subject: entry.subject.as_deref(),
                payload: &payload,
                sealed: entry.sealed.as_deref(),
            }
            .hash(self.keys.ledger(), &self.hash);
            rows.push((seq, kind, entry, payload, self.hash, hash));
            self.seq = seq;
            self.hash = hash;
        }
        for chunk in rows.chunks(ROWS) {
            let mut binds = crate::codec::Binds::new(self.dialect);
            let values: Vec<String> = (0..chunk.len())
                .map(|_| {
                    let seq = binds.next();
                    format!("({seq}, {}, {})", self.at, binds.list(8))
                })
                .collect();
            let sql = format!(
                "INSERT INTO ledger (seq, at, actor, kind, controller, subject, payload, sealed, prev_hash, hash) VALUES {}",
                values.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for (seq, kind, entry, payload, prev, hash) in chunk {
                query = query
                    .bind(*seq)
                    .bind(&self.actor)
                    .bind(kind)
                    .bind(entry.controller)
                    .bind(entry.subject.clone())
                    .bind(payload)
                    .bind(entry.sealed.clone())
                    .bind(prev.to_vec())
                    .bind(hash.to_vec());
            }
            query.execute(&mut *self.tx).await?;
        }
        Ok(self.seq)
    }

    /// Move the head and commit; returns the last sequence number written.
    pub async fn commit(mut self) -> StoreResult<i64> {
        sqlx::query("UPDATE ledger_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(self.seq)
            .bind(self.hash.to_vec())
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await?;
        Ok(self.seq)
    }
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Entries whose hashes were recomputed and matched.
    pub checked: i64,
    /// The first entry that does not match, and what is wrong with it.
    pub broken: Option<Break>,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    /// The sequence number of the first entry that does not match (or that is missing).
    pub seq: i64,
    /// What does not match.
    pub problem: String,
}

/// Walk the whole chain and recompute every hash.
pub async fn verify(pool: &AnyPool, keys: &InstallationKeys) -> StoreResult<Verification> {
    const PAGE: i64 = 5_000;
    let mut prev = [0u8; 32];
    let mut expected_seq = 1i64;
    let mut checked = 0i64;
    loop {
        let rows = sqlx::query(
            "SELECT seq, at, actor, kind, controller, subject, payload, sealed, prev_hash, hash \
             FROM ledger WHERE seq >= $1 ORDER BY seq LIMIT $2",
        )
        .bind(expected_seq)
        .bind(PAGE)
        .fetch_all(pool)
        .await?;
        let count = rows.len();
        for row in rows {
            let seq: i64 = row.try_get("seq")?;
            let broken = |problem: &str| Verification {
                checked,
                broken: Some(Break {
                    seq,
                    problem: problem.to_owned(),
                }),
            };
            if seq != expected_seq {
                return Ok(Verification {
                    checked,
                    broken: Some(Break {
                        seq: expected_seq,
                        problem: "entry is missing".to_owned(),
                    }),
                });
            }
            let actor: String = row.try_get("actor")?;
            let kind: String = row.try_get("kind")?;
            let subject: Option<String> = row.try_get("subject")?;
            let payload: String = row.try_get("payload")?;
            let sealed: Option<Vec<u8>> = row.try_get("sealed")?;
            let canonical = Canonical {
                seq,
                at: row.try_get("at")?,
                actor: &actor,
                kind: &kind,
                controller: row.try_get("controller")?,
                subject: subject.as_deref(),
                payload: &payload,
                sealed: sealed.as_deref(),
            };
            let Ok(stored_prev) = hash32(&row.try_get::<Vec<u8>, _>("prev_hash")?) else {
                return Ok(broken("stored previous hash is malformed"));
            };
            let Ok(stored) = hash32(&row.try_get::<Vec<u8>, _>("hash")?) else {
                return Ok(broken("stored hash is malformed"));
            };
            if stored_prev != prev {
                return Ok(broken("previous hash does not match the entry before it"));
            }
            if canonical.hash(keys.ledger(), &prev) != stored {
                return Ok(broken("content does not match its hash"));
            }
            prev = stored;
            expected_seq += 1;
            checked += 1;
        }
        if i64::try_from(count).unwrap_or(0) < PAGE {
            break;
        }
    }
    let head = sqlx::query("SELECT seq, hash FROM ledger_head WHERE id = 1")
        .fetch_one(pool)
        .await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash = hash32(&head.try_get::<Vec<u8>, _>("hash")?)?;
    if head_seq != checked {
        let seq = checked.min(head_seq) + 1;
        return Ok(Verification {
            checked,
            broken: Some(Break {
                seq,
                problem: format!(
                    "the head says the chain has {head_seq} entries, {checked} were found"
                ),
            }),
        });
    }
    if head_hash != prev {
        return Ok(Verification {
            checked,
            broken: Some(Break {
                seq: checked,
                problem: "the head's hash does not match the last entry".to_owned(),
            }),
        });
    }
    Ok(Verification {
        checked,
        broken: None,
    })
}

/// Read entries after `after`, oldest first, at most `limit`.
pub async fn read_after(pool: &AnyPool, after: i64, limit: i64) -> StoreResult<Vec<LedgerEntry>> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, kind, controller, subject, payload, CASE WHEN sealed IS NULL THEN 0 ELSE 1 END AS has_sealed, hash \
         FROM ledger WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(entry_from_row).collect()
}

pub(crate) fn entry_from_row(row: &sqlx::any::AnyRow) -> StoreResult<LedgerEntry> {
    let hash: Vec<u8> = row.try_get("hash")?;
    let has_sealed: i64 = row.try_get("has_sealed")?;
    Ok(LedgerEntry {
        seq: row.try_get("seq")?,
        at: from_micros(row.try_get("at")?),
        actor: row.try_get("actor")?,
        kind: row.try_get("kind")?,
        controller: row.try_get("controller")?,
        subject: row.try_get("subject")?,
        payload: row.try_get("payload")?,
        has_sealed: has_sealed != 0,
        hash: hash.iter().map(|b| format!("{b:02x}")).collect(),
    })
}
