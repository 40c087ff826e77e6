//! Files staff load from the UI: a national register's new version, and a block list. Each goes
//! through the one use case its command-line door calls (`registers::import_version` for
//! `vern registers import`, `blocklist::import` for `vern blocklist import`): the same reading on
//! every core, the same refusals, one transaction and one ledger entry; this module only turns
//! their answers into what the pages show.

use time::Date;
use vern_core::register::Register;
use vern_store::Actor;
use vern_store::model::{ImportOutcome, RegisterVersionRecord};

use crate::blocklist::BlocklistFile;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The first unreadable lines a load reports by number.
const LINES_SHOWN: usize = 50;

/// A register version loaded.
#[derive(Debug)]
pub(crate) struct RegisterLoaded {
    /// The version as stored.
    pub(crate) version: RegisterVersionRecord,
    /// Data lines read.
    pub(crate) lines: u64,
    /// How many held no usable listing.
    pub(crate) unparseable: u64,
    /// The first of them (1-based).
    pub(crate) unparseable_lines: Vec<u64>,
}

/// Load a new version of `register` published on `version_date` from a file's bytes, through
/// the one use case behind `vern registers import` ([`crate::registers::import_version`]). A
/// date in the future, or a file with no readable listing, is refused and nothing changes.
pub(crate) async fn import_register(
    state: &AppState,
    actor: &Actor,
    register: Register,
    version_date: Date,
    bytes: &[u8],
    source_name: &str,
) -> ApiResult<RegisterLoaded> {
    let done = crate::registers::import_version(
        state.store.as_ref(),
        Some(&state.follower),
        actor,
        state.clock.now(),
        register,
        version_date,
        bytes,
        source_name,
    )
    .await?;
    Ok(RegisterLoaded {
        version: done.version,
        lines: done.lines,
        unparseable: done.unparseable_count,
        unparseable_lines: done.unparseable.into_iter().take(LINES_SHOWN).collect(),
    })
}

/// A block list loaded.
#[derive(Debug)]
pub(crate) struct BlocklistLoaded {
    /// New entries and duplicates.
    pub(crate) outcome: ImportOutcome,
    /// Data rows read.
    pub(crate) rows: u64,
    /// How many rows held nothing usable.
    pub(crate) unparseable: usize,
    /// The first of them.
    pub(crate) unparseable_lines: Vec<u64>,
}

/// Load a block-list file onto the global block list through the one use case behind `vern
/// blocklist import` ([`crate::blocklist::import`]): one transaction, one ledger entry, national
/// numbers read in the default controller's region, this server's views updated before it
/// returns. A file with no phone or e-mail column, or nothing usable, changes nothing.
pub(crate) async fn import_blocklist(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
    source_name: &str,
    reason: &str,
) -> ApiResult<BlocklistLoaded> {
    let reason =
        crate::input::text(reason, "reason", 500).map_err(|e| ApiError::invalid(vec![e]))?;
    let file = BlocklistFile {
        bytes,
        name: source_name,
        reason: &reason,
        region: None,
    };
    let done = crate::blocklist::import(
        state.store.as_ref(),
        Some(&state.follower),
        actor,
        state.clock.now(),
        file,
        &|_| {},
    )
    .await?;
    Ok(BlocklistLoaded {
        outcome: ImportOutcome {
            added: done.added,
            duplicates: done.duplicates,
        },
        rows: done.rows,
        unparseable: usize::try_from(done.unparseable_count).unwrap_or(usize::MAX),
        unparseable_lines: done.unparseable.into_iter().take(LINES_SHOWN).collect(),
    })
}
