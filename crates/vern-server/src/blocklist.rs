//! Loading a file onto the global block list: the one use case behind `vern blocklist import`
//! (and any other door that takes such a file).
//!
//! The file is read on every core: cut at line ends into one piece per thread (when no quoted
//! cell can span a line), each piece parsed, normalized and digested on its own, the pieces'
//! results joined in file order. The store then keeps the import packed (see
//! `SuppressionStore::blocklist_import`): one ledger entry, no row per entry.

use time::OffsetDateTime;
use vern_core::{DigestKey, Email, IdentifierDigest, IdentifierKind, PhoneNumber, Region};
use vern_store::{Actor, Store, StoreError};

use crate::error::ApiError;
use crate::follower::Follower;
use crate::wash::input::{EMAIL_HEADERS, PHONE_HEADERS, find_columns, sniff_delimiter};
#[cfg(test)]
use crate::wash::records::line_parts;
use crate::wash::records::{
    CsvPieces, blocking, csv_pieces, on_threads, piece_reader, unix_line_endings,
};

/// How many unparseable line numbers are kept (all are counted).
const LINES_KEPT: usize = 1000;

/// A block-list file to import.
#[derive(Debug, Clone, Copy)]
pub struct BlocklistFile<'a> {
    /// The file as uploaded: CSV, comma or semicolon separated, UTF-8 with or without BOM.
    pub bytes: &'a [u8],
    /// Its name, as the ledger records the source.
    pub name: &'a str,
    /// Why these identifiers are blocked.
    pub reason: &'a str,
    /// The region of national phone numbers; `None` for the default controller's.
    pub region: Option<Region>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlocklistImport {
    /// Data rows read.
    pub rows: u64,
    /// Identifiers added to the list.
    pub added: u64,
    /// Identifiers already on the list or repeated in the file.
    pub duplicates: u64,
    /// Rows with a value that is no phone number or e-mail address, or with none.
    pub unparseable_count: u64,
    /// Their line numbers (1-based, the header is line 1), the first thousand.
    pub unparseable: Vec<u64>,
    /// The ledger entry of the import.
    pub seq: i64,
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum BlocklistImportError {
    /// The bytes are not UTF-8.
    #[error("the file is not UTF-8")]
    NotUtf8,
    /// The header names no phone or e-mail column.
    #[error(
        "no phone or email column: the header row must name one (phone, mobil, telefon, email, e-post, …)"
    )]
    NoColumn,
    /// No row held a phone number or e-mail address.
    #[error(
        "no phone number or e-mail address could be read from the file ({0} rows): nothing was imported"
    )]
    Empty(u64),
    /// A row could not be read as CSV.
    #[error("line {0} cannot be read as CSV")]
    Csv(u64),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<BlocklistImportError> for ApiError {
    fn from(e: BlocklistImportError) -> ApiError {
        match e {
            BlocklistImportError::Store(e) => e.into(),
            other => ApiError::invalid_field("file", other.to_string()),
        }
    }
}

/// One piece of the file, read.
#[derive(Default)]
struct Piece {
    rows: u64,
    entries: Vec<(IdentifierKind, IdentifierDigest)>,
    unparseable: Vec<u64>,
    unparseable_count: u64,
    bad_csv: Option<u64>,
}

/// Import `file` onto the block list with one ledger entry, and wait until `follower` (this
/// process's index, when it has one) has applied it. `progress` is told of rows read, in steps.
pub async fn import(
    store: &dyn Store,
    follower: Option<&Follower>,
    actor: &Actor,
    now: OffsetDateTime,
    file: BlocklistFile<'_>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BlocklistImport, BlocklistImportError> {
    let region = match file.region {
        Some(r) => Some(r),
        None => store
            .list_controllers()
            .await?
            .first()
            .and_then(|c| c.default_region.parse().ok()),
    };
    let keys = store.keys().digest();
    let (rows, entries, unparseable, unparseable_count) =
        blocking(|| read(file.bytes, region, keys, progress))?;
    if entries.is_empty() {
        return Err(BlocklistImportError::Empty(rows));
    }
    let (outcome, seq) = store
        .blocklist_import(actor, now, &entries, file.reason, file.name)
        .await?;
    drop(entries);
    if let Some(follower) = follower {
        follower.sync_to(seq).await?;
    }
    Ok(BlocklistImport {
        rows,
        added: outcome.added,
        duplicates: outcome.duplicates,
        unparseable_count,
        unparseable,
        seq,
    })
}

type Read = (u64, Vec<(IdentifierKind, IdentifierDigest)>, Vec<u64>, u64);

/// Read the whole file: rows, entries in file order, unparseable lines (the first thousand)
/// and how many.
fn read(
    bytes: &[u8],
    region: Option<Region>,
    keys: &DigestKey,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Read, BlocklistImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| BlocklistImportError::NotUtf8)?;
    // Rows may end in \n, \r\n or a bare \r: all read alike, with the line numbers an editor shows.
    let text = unix_line_endings(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = sniff_delimiter(first.as_bytes());
    let CsvPieces { headers, parts } =
        csv_pieces(text, delimiter).map_err(|_| BlocklistImportError::Csv(1))?;
    // Every phone and e-mail column is blocked, not only the first.
    let phone_cols: Vec<usize> = find_columns(&headers, PHONE_HEADERS).collect();
    let email_cols: Vec<usize> = find_columns(&headers, EMAIL_HEADERS).collect();
    if phone_cols.is_empty() && email_cols.is_empty() {
        return Err(BlocklistImportError::NoColumn);
    }
    let pieces = on_threads(&parts, |before, part| {
        read_piece(
            part,
            before,
            delimiter,
            &phone_cols,
            &email_cols,
            region,
            keys,
            progress,
        )
    });
    let mut rows = 0;
    let mut entries = Vec::with_capacity(pieces.iter().map(|p| p.entries.len()).sum());
    let mut unparseable = Vec::new();
    let mut unparseable_count = 0;
    for piece in pieces {
        if let Some(line) = piece.bad_csv {
            return Err(BlocklistImportError::Csv(line));
        }
        rows += piece.rows;
        entries.extend(piece.entries);
        unparseable_count += piece.unparseable_count;
        let room = LINES_KEPT.saturating_sub(unparseable.len());
        unparseable.extend(piece.unparseable.into_iter().take(room));
    }
    Ok((rows, entries, unparseable, unparseable_count))
}

/// Read one piece of the body; `lines_before` lines of the file come before it.
#[allow(clippy::too_many_arguments)]
fn read_piece(
    part: &str,
    lines_before: u64,
    delimiter: u8,
    phone_cols: &[usize],
    email_cols: &[usize],
    region: Option<Region>,
    keys: &DigestKey,
    progress: &(dyn Fn(u64) + Sync),
) -> Piece {
    const STEP: u64 = 1 << 16;
    let mut out = Piece {
        entries: Vec::with_capacity(part.len() / 16),
        ..Piece::default()
    };
    let mut reader = piece_reader(part, delimiter);
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                out.bad_csv =
                    Some(lines_before + e.position().map_or(out.rows + 1, csv::Position::line));
                break;
            }
        }
        out.rows += 1;
        let line = lines_before + record.position().map_or(out.rows, csv::Position::line);
        let mut ok = false;
        let mut bad = false;
        let cell = |c: usize| {
            record
                .get(c)
                .and_then(|v| std::str::from_utf8(v).ok())
                .filter(|v| !v.trim().is_empty())
        };
        for value in phone_cols.iter().filter_map(|&c| cell(c)) {
            match PhoneNumber::parse(value, region) {
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
        for value in email_cols.iter().filter_map(|&c| cell(c)) {
            match Email::parse(value) {
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
            out.unparseable_count += 1;
            if out.unparseable.len() < LINES_KEPT {
                out.unparseable.push(line);
            }
        }
        if out.rows.is_multiple_of(STEP) {
            progress(STEP);
        }
    }
    progress(out.rows % STEP);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same file read in one piece and in several gives the same entries, in the same order,
    /// and the same line numbers.
    #[test]
    fn pieces_read_like_the_whole() {
        let key = DigestKey::derive(&[3; 32]);
        let mut csv = String::from("\u{feff}namn;telefon;e-post\r\n");
        for i in 0..5000u32 {
            match i % 7 {
                0 => csv.push_str("x;N/A;\r\n"),
                1 => csv.push_str("\r\n"),
                2 => csv.push_str(&format!("y;;p{i}@example.se\r\n")),
                _ => csv.push_str(&format!(
                    "z;070-{:03} {:02} {:02};\r\n",
                    i % 1000,
                    i % 97,
                    i % 89
                )),
            }
        }
        let text = unix_line_endings(&csv);
        let text = text.strip_prefix('\u{feff}').unwrap();
        let body_start = text.find('\n').unwrap() + 1;
        let body = &text[body_start..];
        let whole = read_piece(body, 1, b';', &[1], &[2], Some(Region::SE), &key, &|_| {});
        for n in [2, 3, 7] {
            let parts = line_parts(body, n);
            assert_eq!(parts.len(), n);
            let pieces = on_threads(&parts, |before, part| {
                read_piece(
                    part,
                    1 + before,
                    b';',
                    &[1],
                    &[2],
                    Some(Region::SE),
                    &key,
                    &|_| {},
                )
            });
            let entries: Vec<_> = pieces.iter().flat_map(|p| p.entries.clone()).collect();
            let lines: Vec<u64> = pieces.iter().flat_map(|p| p.unparseable.clone()).collect();
            let rows: u64 = pieces.iter().map(|p| p.rows).sum();
            assert_eq!(entries, whole.entries, "{n} pieces");
            assert_eq!(lines, whole.unparseable, "{n} pieces");
            assert_eq!(rows, whole.rows);
        }
        // Line 2 is the first data row: "x;N/A;" is unparseable there.
        assert_eq!(whole.unparseable.first(), Some(&2));
        assert_eq!(whole.rows, 5000 - 5000 / 7 - 1);
    }
}
