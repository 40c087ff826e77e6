//! List washing: a campaign list in, the rows that may be contacted out, every row through
//! `decide`. Streams any size of file: memory is bounded by the index, not by the list.
//!
//! Three stages over threads: a reader cuts the input into blocks at record boundaries (and
//! hashes it, and transcodes it when it is not UTF-8); workers parse, normalize, digest and
//! decide each block's rows; the calling thread writes the results in the input's order. The
//! CLI and the HTTP API both run this, so they give identical results for the same input.

pub mod input;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;
use vern_core::{
    Channel, ContactRequest, Country, IdentifierKind, IdentifierProbe, Purpose, Region, decide,
};
use vern_store::model::{AppliedRegister, WashCounts};

use crate::follower::Follower;
use crate::index::{ControllerView, TOUCH_GROUP};
use input::{Encoding, Transcoder};

/// What to wash for.
#[derive(Debug, Clone)]
pub struct WashPlan {
    /// The controller that will make contact.
    pub controller: ControllerView,
    /// Why.
    pub purpose: Arc<Purpose>,
    /// How.
    pub channel: Channel,
    /// When the contact is planned.
    pub at: OffsetDateTime,
    /// Region of national phone numbers (default: the controller's).
    pub region: Option<Region>,
    /// The input's encoding.
    pub encoding: Encoding,
    /// The phone column's header, when not found by its name.
    pub phone_column: Option<String>,
    /// The e-mail column's header, when not found by its name.
    pub email_column: Option<String>,
}

/// What a wash did.
#[derive(Debug, Clone)]
pub struct WashSummary {
    /// Counts.
    pub counts: WashCounts,
    /// BLAKE3 of the input as received (hex).
    pub file_digest: String,
    /// Line numbers of rows with an identifier that could not be read (the first 10 000).
    pub unparseable_lines: Vec<u64>,
    /// The registers the controller honours, and the versions applied.
    pub registers: Vec<AppliedRegister>,
    /// Wall time.
    pub elapsed: std::time::Duration,
}

/// Why a wash could not run.
#[derive(Debug, thiserror::Error)]
pub enum WashError {
    /// The list has no column the channel needs, or none to match on at all.
    #[error("{0}")]
    Columns(String),
    /// The list is empty.
    #[error("the list is empty: it needs at least a header row")]
    Empty,
    /// Reading or writing failed.
    #[error("reading or writing the list failed: {0}")]
    Io(#[from] io::Error),
}

const BLOCK: usize = 1 << 20;
const KEEP_LINES: usize = 10_000;
/// An empty slot of the per-row probe array.
const NO_PROBE: IdentifierProbe = IdentifierProbe {
    kind: IdentifierKind::Phone,
    digest: vern_core::IdentifierDigest::ZERO,
    country: None,
};

/// The reason given for a cell that holds something other than an identifier.
pub const UNPARSEABLE: &str = "identifier.unparseable";

/// Columns found in the header.
#[derive(Debug, Clone, Copy)]
struct Columns {
    phone: Option<usize>,
    email: Option<usize>,
    name: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    street: Option<usize>,
    postal: Option<usize>,
}

struct Block {
    seq: u64,
    first_line: u64,
    bytes: Vec<u8>,
}

#[derive(Default)]
struct Done {
    seq: u64,
    allowed: Vec<u8>,
    rejected: Vec<u8>,
    rows: u64,
    allowed_rows: u64,
    unparseable_rows: u64,
    reasons: HashMap<&'static str, u64>,
    lines: Vec<u64>,
}

struct Hashing<R> {
    inner: R,
    hasher: blake3::Hasher,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// The end of the last complete record in `buf` (after its newline), outside quotes.
fn cut(buf: &[u8]) -> Option<usize> {
    let mut end = buf.len();
    let mut quotes_before = bytecount(&buf[..end], b'"');
    while let Some(nl) = memchr::memrchr(b'\n', &buf[..end]) {
        quotes_before -= bytecount(&buf[nl..end], b'"');
        if quotes_before.is_multiple_of(2) {
            return Some(nl + 1);
        }
        end = nl;
    }
    None
}

fn bytecount(buf: &[u8], needle: u8) -> usize {
    memchr::memchr_iter(needle, buf).count()
}

fn read_more(src: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    let start = buf.len();
    buf.resize(start + want, 0);
    let mut filled = start;
    while filled < buf.len() {
        match src.read(&mut buf[filled..]) {
            Ok(0) => {
                buf.truncate(filled);
                return Ok(false);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

fn strip_line_end(raw: &[u8]) -> &[u8] {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    raw.strip_suffix(b"\r").unwrap_or(raw)
}

/// Run a wash. `allowed` receives the header and the rows that may be contacted; `rejected`,
/// when given, the header and the other rows with their line numbers and reason codes.
pub fn run(
    plan: &WashPlan,
    follower: &Follower,
    keys: &vern_core::DigestKey,
    input: impl Read + Send,
    allowed: &mut dyn Write,
    mut rejected: Option<&mut dyn Write>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<WashSummary, WashError> {
    let started = std::time::Instant::now();
    let mut hashing = Hashing {
        inner: input,
        hasher: blake3::Hasher::new(),
    };

    let registers = applied_registers(plan, follower);
    let mut counts = WashCounts::default();
    let mut lines = Vec::new();
    {
        let mut src: Box<dyn Read + Send + '_> = match plan.encoding {
            Encoding::Utf8 => Box::new(&mut hashing),
            other => Box::new(Transcoder::new(&mut hashing, other)),
        };
        // The header: everything up to the first newline outside quotes.
        let mut buf = Vec::with_capacity(BLOCK * 2);
        let mut more = true;
        let header_end = loop {
            let probe_end = buf.len();
            if let Some(end) = first_record_end(&buf) {
                break end;
            }
            if !more {
                break buf.len();
            }
            more = read_more(&mut *src, &mut buf, 64 * 1024)?;
            if buf.len() == probe_end && !more && buf.is_empty() {
                return Err(WashError::Empty);
            }
        };
        if buf.is_empty() {
            return Err(WashError::Empty);
        }
        let mut bom = false;
        if buf.starts_with(b"\xef\xbb\xbf") {
            bom = true;
        }
        let header_raw: Vec<u8> = buf[..header_end].to_vec();
        let header_text = header_raw
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&header_raw);
        let delimiter = input::sniff_delimiter(strip_line_end(header_text));
        let header = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(header_text)
            .byte_records()
            .next()
            .transpose()
            .map_err(|e| WashError::Columns(format!("the header row cannot be read: {e}")))?
            .ok_or(WashError::Empty)?;
        let columns = find_columns(plan, &header)?;
        let carry = buf.split_off(header_end);

        // Output headers.
        let header_line = strip_line_end(&header_raw);
        let header_line = if plan.encoding == Encoding::Utf8 || bom {
            header_line.to_vec()
        } else {
            // Transcoded input is written as UTF-8 with a byte-order mark, so spreadsheets
            // show å, ä and ö right.
            [b"\xef\xbb\xbf".as_slice(), header_line].concat()
        };
        allowed.write_all(&header_line)?;
        allowed.write_all(b"\n")?;
        if let Some(r) = rejected.as_deref_mut() {
            r.write_all(&header_line)?;
            let d = char::from(delimiter);
            r.write_all(format!("{d}vern_line{d}vern_reasons\n").as_bytes())?;
        }

        let workers = std::thread::available_parallelism()
            .map_or(2, usize::from)
            .clamp(1, 8);
        let (block_tx, block_rx) = sync_channel::<Block>(workers * 2);
        let (done_tx, done_rx) = sync_channel::<io::Result<Done>>(workers * 2);
        let block_rx = Arc::new(Mutex::new(block_rx));
        let header_lines =
            1 + bytecount(&header_raw, b'\n') as u64 - u64::from(header_raw.ends_with(b"\n"));
        let result: Result<(), WashError> = std::thread::scope(|scope| {
            let reader =
                scope.spawn(move || split(&mut *src, carry, more, header_lines + 1, &block_tx));
            for _ in 0..workers {
                let rx = Arc::clone(&block_rx);
                let tx = done_tx.clone();
                scope.spawn(move || work(plan, follower, keys, delimiter, columns, &rx, &tx));
            }
            drop(done_tx);
            let written = write(
                done_rx,
                allowed,
                rejected,
                &mut counts,
                &mut lines,
                progress,
            );
            let read = reader
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the reader stopped")));
            read?;
            written?;
            Ok(())
        });
        result?;
    }
    let summary_digest = hashing.hasher.finalize().to_hex().to_string();
    Ok(WashSummary {
        counts,
        file_digest: summary_digest,
        unparseable_lines: lines,
        registers,
        elapsed: started.elapsed(),
    })
}

fn first_record_end(buf: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in buf.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn find_columns(plan: &WashPlan, header: &csv::ByteRecord) -> Result<Columns, WashError> {
    let named =
        |given: &Option<String>, names: &[&str], what: &str| -> Result<Option<usize>, WashError> {
            match given {
                Some(name) => input::find_named(header, name).map(Some).ok_or_else(|| {
                    WashError::Columns(format!("no column named {name:?} for the {what}"))
                }),
                None => Ok(input::find_column(header, names)),
            }
        };
    let columns = Columns {
        phone: named(&plan.phone_column, input::PHONE_HEADERS, "phone number")?,
        email: named(&plan.email_column, input::EMAIL_HEADERS, "e-mail address")?,
        name: input::find_column(header, input::NAME_HEADERS),
        first: input::find_column(header, input::FIRST_NAME_HEADERS),
        last: input::find_column(header, input::LAST_NAME_HEADERS),
        street: input::find_column(header, input::STREET_HEADERS),
        postal: input::find_column(header, input::POSTAL_HEADERS),
    };
    if columns.phone.is_none() && columns.email.is_none() {
        return Err(WashError::Columns(
            "no phone or e-mail column found: name one with --phone-column or --email-column (recognised headers include phone, mobile, telefon, mobil, tlf, email, e-post, epost, sähköposti)".to_owned(),
        ));
    }
    Ok(columns)
}

fn applied_registers(plan: &WashPlan, follower: &Follower) -> Vec<AppliedRegister> {
    let index = follower.index();
    let loaded: Vec<_> = index.register_versions().cloned().collect();
    vern_core::register::Register::ALL
        .into_iter()
        .filter(|r| plan.controller.record.rules.contains(r.rule()))
        .map(|register| {
            let version = loaded.iter().find(|v| v.register == register);
            AppliedRegister {
                register,
                version_id: version.map(|v| v.id.clone()),
                version_date: version.map(|v| v.version_date),
                valid: version.is_some_and(|v| {
                    vern_core::register::RegisterVersion {
                        version_date: v.version_date,
                    }
                    .valid_on(register, plan.at.date())
                }),
            }
        })
        .collect()
}

fn split(
    src: &mut dyn Read,
    mut buf: Vec<u8>,
    mut more: bool,
    mut line: u64,
    tx: &SyncSender<Block>,
) -> io::Result<()> {
    let mut seq = 0;
    loop {
        if more && buf.len() < BLOCK {
            more = read_more(src, &mut buf, BLOCK)?;
        }
        let end = if more { cut(&buf) } else { Some(buf.len()) };
        let Some(end) = end.filter(|e| *e > 0) else {
            if !more {
                let _ = tx.send(Block {
                    seq,
                    first_line: line,
                    bytes: Vec::new(),
                });
                return Ok(());
            }
            // A record longer than a block: read on.
            more = read_more(src, &mut buf, BLOCK)?;
            continue;
        };
        let rest = buf.split_off(end);
        let lines = bytecount(&buf, b'\n') as u64;
        let last = !more && rest.is_empty();
        if tx
            .send(Block {
                seq,
                first_line: line,
                bytes: buf,
            })
            .is_err()
        {
            return Ok(());
        }
        if last {
            return Ok(());
        }
        seq += 1;
        line += lines;
        buf = Vec::with_capacity(BLOCK * 2);
        buf.extend_from_slice(&rest);
    }
}

/// A row read and digested, waiting for its decision.
#[derive(Clone, Copy)]
struct Row {
    start: usize,
    end: usize,
    line: u64,
    probes: [IdentifierProbe; 3],
    n: usize,
    bad_phone: bool,
    bad_email: bool,
}

/// Reads rows: parses, normalizes and digests their identifiers.
struct RowReader<'a> {
    keys: &'a vern_core::DigestKey,
    columns: Columns,
    region: Option<Region>,
    postal_country: Option<Country>,
    phone_buf: String,
    email_buf: String,
    record: csv::ByteRecord,
}

impl RowReader<'_> {
    /// The next non-empty row of the block, `None` at its end.
    fn next(
        &mut self,
        rdr: &mut csv::Reader<&[u8]>,
        bytes: &[u8],
        first_line: u64,
    ) -> Result<Option<Row>, io::Error> {
        loop {
            let start = rdr.position().byte() as usize;
            let start_line = rdr.position().line();
            match rdr.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(e) => {
                    return Err(io::Error::other(format!(
                        "line {}: {e}",
                        first_line + start_line - 1
                    )));
                }
            }
            let end = (rdr.position().byte() as usize).min(bytes.len());
            if strip_line_end(&bytes[start..end]).is_empty() {
                continue;
            }
            return Ok(Some(self.digest(start, end, first_line + start_line - 1)));
        }
    }

    fn digest(&mut self, start: usize, end: usize, line: u64) -> Row {
        let columns = self.columns;
        let record = &self.record;
        let mut row = Row {
            start,
            end,
            line,
            probes: [NO_PROBE; 3],
            n: 0,
            bad_phone: false,
            bad_email: false,
        };
        if let Some(cell) = columns.phone.and_then(|c| record.get(c)) {
            let text = std::str::from_utf8(cell).unwrap_or("\u{fffd}");
            if !text.trim().is_empty() {
                match vern_core::phone::normalize_into(text, self.region, &mut self.phone_buf) {
                    Ok(cc) => {
                        row.probes[row.n] = IdentifierProbe {
                            kind: IdentifierKind::Phone,
                            digest: vern_core::identifier::phone_digest(self.keys, &self.phone_buf),
                            country: Country::from_calling_code(cc),
                        };
                        row.n += 1;
                    }
                    Err(_) => row.bad_phone = true,
                }
            }
        }
        if let Some(cell) = columns.email.and_then(|c| record.get(c)) {
            let text = std::str::from_utf8(cell).unwrap_or("\u{fffd}");
            if !text.trim().is_empty() {
                match vern_core::email::normalize_into(text, &mut self.email_buf) {
                    Ok(()) => {
                        row.probes[row.n] = IdentifierProbe {
                            kind: IdentifierKind::Email,
                            digest: vern_core::identifier::email_digest(self.keys, &self.email_buf),
                            country: None,
                        };
                        row.n += 1;
                    }
                    Err(_) => row.bad_email = true,
                }
            }
        }
        if let (Some(country), Some(street), Some(postal)) =
            (self.postal_country, columns.street, columns.postal)
        {
            let name = match (columns.name, columns.first, columns.last) {
                (Some(n), _, _) => cell_text(record, n),
                (None, Some(f), Some(l)) => {
                    format!("{} {}", cell_text(record, f), cell_text(record, l))
                }
                _ => String::new(),
            };
            if let Some(canonical) = vern_core::postal::canonical(
                &name,
                &cell_text(record, street),
                &cell_text(record, postal),
            ) {
                row.probes[row.n] = vern_core::postal::probe(self.keys, country, &canonical);
                row.n += 1;
            }
        }
        row
    }
}

fn work(
    plan: &WashPlan,
    follower: &Follower,
    keys: &vern_core::DigestKey,
    delimiter: u8,
    columns: Columns,
    rx: &Mutex<Receiver<Block>>,
    tx: &SyncSender<io::Result<Done>>,
) {
    let mut reader = RowReader {
        keys,
        columns,
        region: plan.region.or(plan.controller.region),
        postal_country: plan.controller.record.country.filter(|c| *c == Country::Dk),
        phone_buf: String::with_capacity(32),
        email_buf: String::with_capacity(64),
        record: csv::ByteRecord::new(),
    };
    let controller = plan.controller.record.id;
    let mut group: Vec<Row> = Vec::with_capacity(TOUCH_GROUP);
    loop {
        let block = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok(block) = block else { return };
        let mut done = Done {
            seq: block.seq,
            ..Done::default()
        };
        done.allowed.reserve(block.bytes.len());
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(block.bytes.as_slice());
        let index = follower.index();
        let mut more = true;
        while more {
            group.clear();
            while group.len() < TOUCH_GROUP {
                match reader.next(&mut rdr, &block.bytes, block.first_line) {
                    Ok(Some(row)) => group.push(row),
                    Ok(None) => {
                        more = false;
                        break;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
            for row in &group {
                index.touch(controller, &row.probes[..row.n]);
            }
            for row in &group {
                let decision = decide(
                    &*index,
                    &ContactRequest {
                        controller: plan.controller.facts(),
                        identifiers: &row.probes[..row.n],
                        channel: plan.channel,
                        purpose: &plan.purpose,
                        at: plan.at,
                    },
                );
                record(plan, delimiter, &block.bytes, row, &decision, &mut done);
            }
        }
        drop(index);
        if tx.send(Ok(done)).is_err() {
            return;
        }
    }
}

/// Put a decided row into the allowed or the rejected output, and count it.
fn record(
    plan: &WashPlan,
    delimiter: u8,
    bytes: &[u8],
    row: &Row,
    decision: &vern_core::Decision,
    done: &mut Done,
) {
    let raw = &bytes[row.start..row.end];
    done.rows += 1;
    if row.bad_phone || row.bad_email {
        done.unparseable_rows += 1;
        if done.lines.len() < KEEP_LINES {
            done.lines.push(row.line);
        }
    }
    if decision.allowed {
        done.allowed_rows += 1;
        done.allowed.extend_from_slice(raw);
        if !raw.ends_with(b"\n") {
            done.allowed.push(b'\n');
        }
        return;
    }
    let lacks_phone = row.bad_phone && plan.channel.uses_phone_number();
    let lacks_email = row.bad_email && plan.channel == Channel::Email;
    let mut codes: Vec<&'static str> = Vec::with_capacity(decision.reasons.len());
    for r in &decision.reasons {
        let code = match r.code {
            vern_core::ReasonCode::IdentifierMissing if lacks_phone || lacks_email => UNPARSEABLE,
            other => other.as_str(),
        };
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    for code in &codes {
        *done.reasons.entry(code).or_insert(0) += 1;
    }
    done.rejected.extend_from_slice(strip_line_end(raw));
    done.rejected.push(delimiter);
    let _ = write!(done.rejected, "{}", row.line);
    done.rejected.push(delimiter);
    for (i, code) in codes.iter().enumerate() {
        if i > 0 {
            done.rejected.push(b'|');
        }
        done.rejected.extend_from_slice(code.as_bytes());
    }
    done.rejected.push(b'\n');
}

fn cell_text(record: &csv::ByteRecord, column: usize) -> String {
    record
        .get(column)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .unwrap_or_default()
}

fn write<'a, 'b>(
    rx: Receiver<io::Result<Done>>,
    allowed: &mut dyn Write,
    mut rejected: Option<&'a mut (dyn Write + 'b)>,
    counts: &mut WashCounts,
    lines: &mut Vec<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> io::Result<()> {
    let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next = 0u64;
    let mut failure = None;
    for done in rx {
        match done {
            Ok(done) => {
                pending.insert(done.seq, done);
            }
            Err(e) => {
                failure.get_or_insert(e);
                continue;
            }
        }
        while let Some(done) = pending.remove(&next) {
            allowed.write_all(&done.allowed)?;
            if let Some(r) = rejected.as_deref_mut() {
                r.write_all(&done.rejected)?;
            }
            counts.rows += done.rows;
            counts.allowed += done.allowed_rows;
            counts.rejected += done.rows - done.allowed_rows;
            counts.unparseable += done.unparseable_rows;
            for (code, n) in done.reasons {
                *counts.by_reason.entry(code.to_owned()).or_insert(0) += n;
            }
            let room = KEEP_LINES.saturating_sub(lines.len());
            lines.extend(done.lines.into_iter().take(room));
            progress(counts.rows);
            next += 1;
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    allowed.flush()?;
    if let Some(r) = rejected {
        r.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_outside_quotes() {
        assert_eq!(cut(b"a,b\nc,d\ne"), Some(8));
        assert_eq!(cut(b"a,\"x\ny\"\nc"), Some(8));
        assert_eq!(cut(b"a,\"x\ny"), None);
        assert_eq!(first_record_end(b"\"a\nb\",c\nd"), Some(8));
    }
}
