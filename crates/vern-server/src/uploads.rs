//! Files staff load from the UI: a national register's new version, and a block list. The
//! register goes through the same reading ([`crate::registers::parse`]) and the same store
//! method (`import_register`) as `vern registers import`; the block list through the same
//! store method (`blocklist_import`, one transaction and one ledger entry) as
//! `vern blocklist import`, its rows read by the same column rules (`PHONE_HEADERS`,
//! `EMAIL_HEADERS`, every phone and e-mail column).

use time::{Date, OffsetDateTime};
use vern_core::register::Register;
use vern_core::{Email, IdentifierDigest, IdentifierKind, PhoneNumber, Region};
use vern_store::Actor;
use vern_store::model::{ImportOutcome, RegisterVersionRecord};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::wash::input::{EMAIL_HEADERS, PHONE_HEADERS, find_columns, sniff_delimiter};
use crate::wash::records::{lines, unix_line_endings};

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

/// Load a new version of `register` published on `version_date` from a file's bytes, replacing
/// the version in force in one transaction, and wait until this server's views use it. A date
/// in the future, or a file with no readable listing, is refused and nothing changes.
pub(crate) async fn import_register(
    state: &AppState,
    actor: &Actor,
    register: Register,
    version_date: Date,
    bytes: &[u8],
    source_name: &str,
) -> ApiResult<RegisterLoaded> {
    let now = state.clock.now();
    if version_date > now.date() {
        return Err(ApiError::invalid_field(
            "version_date",
            "is in the future: give the date the register's publisher gave this version",
        ));
    }
    let digest = blake3::hash(bytes).to_hex().to_string();
    let keys = state.store.keys().digest().clone();
    let owned = bytes.to_vec();
    let parsed =
        tokio::task::spawn_blocking(move || crate::registers::parse(register, &owned, &keys))
            .await
            .map_err(|e| ApiError::internal(&e))?;
    if parsed.listings.is_empty() {
        return Err(ApiError::invalid_field(
            "file",
            format!(
                "no listing could be read from the file ({} lines): nothing was imported",
                parsed.lines
            ),
        ));
    }
    let (version, seq) = state
        .store
        .import_register(
            actor,
            now,
            register,
            version_date,
            &parsed.listings,
            source_name,
            &digest,
        )
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(RegisterLoaded {
        version,
        lines: parsed.lines,
        unparseable: parsed.unparseable_count,
        unparseable_lines: parsed.unparseable.into_iter().take(LINES_SHOWN).collect(),
    })
}

/// A block-list file read: the digests to block and the rows that held nothing usable.
#[derive(Debug, Default)]
pub(crate) struct BlockFile {
    /// Each phone number and e-mail address found, as kind and digest.
    pub(crate) entries: Vec<(IdentifierKind, IdentifierDigest)>,
    /// Data rows read.
    pub(crate) rows: u64,
    /// Lines (as an editor numbers them) with an unreadable value or none at all.
    pub(crate) unparseable: Vec<u64>,
}

/// Read a block-list CSV (comma, semicolon or tab separated, UTF-8 with or without BOM, any
/// line endings): every phone and e-mail column, national phone numbers in `region`.
pub(crate) fn read_blocklist(
    bytes: &[u8],
    region: Option<Region>,
    keys: &vern_core::DigestKey,
) -> ApiResult<BlockFile> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::invalid_field("file", "the file is not UTF-8"))?;
    let text = unix_line_endings(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let delimiter = sniff_delimiter(lines(text).next().unwrap_or("").as_bytes());
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .byte_headers()
        .map_err(|_| ApiError::invalid_field("file", "the header row cannot be read"))?
        .clone();
    let phone_cols: Vec<usize> = find_columns(&headers, PHONE_HEADERS).collect();
    let email_cols: Vec<usize> = find_columns(&headers, EMAIL_HEADERS).collect();
    if phone_cols.is_empty() && email_cols.is_empty() {
        return Err(ApiError::invalid_field(
            "file",
            "no phone or email column: the header row must name one (phone, mobil, telefon, email, e-post, …)",
        ));
    }
    let mut out = BlockFile::default();
    for record in reader.records() {
        out.rows += 1;
        let line = out.rows + 1;
        let Ok(record) = record else {
            out.unparseable.push(line);
            continue;
        };
        let line = record.position().map_or(line, |p| p.line());
        let (mut ok, mut bad) = (false, false);
        let cells = |cols: &[usize]| -> Vec<String> {
            cols.iter()
                .filter_map(|&c| record.get(c))
                .filter(|v| !v.trim().is_empty())
                .map(str::to_owned)
                .collect()
        };
        for value in cells(&phone_cols) {
            match PhoneNumber::parse(&value, region) {
                Ok(p) => {
                    out.entries.push((
                        IdentifierKind::Phone,
                        vern_core::identifier::phone_digest(keys, p.e164()),
                    ));
                    ok = true;
                }
                Err(_) => bad = true,
            }
        }
        for value in cells(&email_cols) {
            match Email::parse(&value) {
                Ok(e) => {
                    out.entries.push((
                        IdentifierKind::Email,
                        vern_core::identifier::email_digest(keys, e.as_str()),
                    ));
                    ok = true;
                }
                Err(_) => bad = true,
            }
        }
        if bad || !ok {
            out.unparseable.push(line);
        }
    }
    Ok(out)
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

/// Load a block-list file onto the global block list in one transaction and one ledger entry,
/// national numbers read in the default controller's region, and wait until this server's
/// views have it. A file with no phone or e-mail column, or nothing usable, changes nothing.
pub(crate) async fn import_blocklist(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
    source_name: &str,
    reason: &str,
) -> ApiResult<BlocklistLoaded> {
    let reason =
        crate::input::text(reason, "reason", 500).map_err(|e| ApiError::invalid(vec![e]))?;
    let region = crate::input::controller(&state.follower.index(), None)
        .ok()
        .and_then(|c| c.region);
    let keys = state.store.keys().digest().clone();
    let owned = bytes.to_vec();
    let file = tokio::task::spawn_blocking(move || read_blocklist(&owned, region, &keys))
        .await
        .map_err(|e| ApiError::internal(&e))??;
    if file.entries.is_empty() {
        return Err(ApiError::invalid_field(
            "file",
            format!(
                "no phone number or e-mail address could be read from the file ({} rows): nothing was imported",
                file.rows
            ),
        ));
    }
    let now: OffsetDateTime = state.clock.now();
    let (outcome, seq) = state
        .store
        .blocklist_import(actor, now, &file.entries, &reason, source_name)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(BlocklistLoaded {
        outcome,
        rows: file.rows,
        unparseable: file.unparseable.len(),
        unparseable_lines: file.unparseable.into_iter().take(LINES_SHOWN).collect(),
    })
}
