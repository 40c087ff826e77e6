//! List washing: a campaign list in, the rows that may be contacted out, every row through
//! `decide`. Streams any size of file: memory is bounded by the index, not by the list.
//!
//! Three stages over threads: a reader cuts the input into blocks at record boundaries (and
//! hashes it, and transcodes it when it is not UTF-8); workers parse, normalize, digest and
//! decide each block's rows; the calling thread writes the results in the input's order. The
//! CLI and the HTTP API both run this, so they give identical results for the same input.

mod blocks;
mod cells;
pub(crate) mod input;
pub(crate) mod record;
pub(crate) mod records;
mod rows;
pub(crate) mod validity;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;
use vern_core::{Channel, ContactRequest, Country, Purpose, ReasonCode, Region, decide};
use vern_store::model::{AppliedRegister, WashCounts};

use crate::follower::Follower;
use crate::index::{ControllerView, TOUCH_GROUP};
pub(crate) use crate::settings::WashSettings;
use crate::spreadsheet;
use blocks::{BLOCK, Block, Hashing, read_more, split};
use cells::CellWriter;
use input::{Encoding, Transcoder};
use records::{first_record_end, line_breaks, scan, strip_line_end};
use rows::{Columns, POSTAL_BIT, Probes, Row, RowReader, find_columns};

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
    /// A phone column's header, when not found by its name.
    pub phone_column: Option<String>,
    /// An e-mail column's header, when not found by its name.
    pub email_column: Option<String>,
    /// The most bytes of input to read; more is refused with [`WashError::TooLarge`].
    pub max_bytes: Option<u64>,
}

impl WashSettings {
    pub(crate) fn validated(self) -> Result<Self, crate::settings::SettingsError> {
        if self.max_body_bytes == 0 {
            return Err(crate::settings::SettingsError(
                "wash.max_body_bytes must be at least 1".to_owned(),
            ));
        }
        Ok(self)
    }
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

/// Why a wash could not run. A wash that fails has decided nothing that counts: its outputs
/// are to be thrown away, and it is not recorded.
#[derive(Debug, thiserror::Error)]
pub enum WashError {
    /// The list has no column the channel needs, or none to match on at all.
    #[error("{0}")]
    Columns(String),
    /// The list is empty.
    #[error("the list is empty: it needs at least a header row")]
    Empty,
    /// A row cannot be read.
    #[error("line {line}: {problem}")]
    Row {
        /// The row's first line (1-based).
        line: u64,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The input is larger than the limit.
    #[error("the list is larger than the {limit} bytes this server accepts")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The rows counted do not add up to the rows written: a defect, so nothing is recorded.
    #[error("the wash's counts do not add up ({0}); nothing was recorded")]
    Counts(String),
    /// Reading or writing failed.
    #[error("reading or writing the list failed: {0}")]
    Io(io::Error),
}

impl From<io::Error> for WashError {
    fn from(e: io::Error) -> Self {
        match e.get_ref().and_then(|e| e.downcast_ref::<TooLarge>()) {
            Some(TooLarge(limit)) => WashError::TooLarge { limit: *limit },
            None => WashError::Io(e),
        }
    }
}

/// The input passed [`WashPlan::max_bytes`]; carried inside an `io::Error` from the reader.
#[derive(Debug, thiserror::Error)]
#[error("the input is larger than {0} bytes")]
pub(crate) struct TooLarge(pub u64);

/// The longest row read: one without an end (no line break, or a quote never closed) is
/// refused when it gets this long, rather than read on to the end of the input.
pub(crate) const MAX_ROW: usize = 1 << 20;
/// A row passed [`MAX_ROW`].
pub(crate) const ROW_TOO_LONG: &str = "the row is longer than 1 MiB: a line break is missing, or a quote opened on it is never closed";
/// A quote is still open at the end of the input.
pub(crate) const UNCLOSED_QUOTE: &str = "a quote opened on this row is never closed";
/// UTF-8 input that is not.
pub(crate) const NOT_UTF8: &str = "the text is not valid UTF-8. If the list was saved as Latin-1 or Windows-1252 (as Excel on Windows does), wash it with --encoding windows-1252 (encoding=windows-1252 over the API, or choose the encoding in the web UI)";

const KEEP_LINES: usize = 10_000;
const BOM: &[u8] = b"\xef\xbb\xbf";

/// The reason given for a cell that holds something other than an identifier.
pub(crate) const UNPARSEABLE: &str = "identifier.unparseable";

/// What every worker needs.
struct Ctx<'a> {
    plan: &'a WashPlan,
    follower: &'a Follower,
    keys: &'a vern_core::DigestKey,
    columns: &'a Columns,
    cells: CellWriter<'a>,
    region: Option<Region>,
    check_utf8: bool,
}

#[derive(Default)]
struct Done {
    seq: u64,
    allowed: Vec<u8>,
    rejected: Vec<u8>,
    rows: u64,
    allowed_rows: u64,
    rejected_rows: u64,
    unparseable_rows: u64,
    neutralized: u64,
    reasons: HashMap<&'static str, u64>,
    lines: Vec<u64>,
}

/// Run a wash. `allowed` receives the header and the rows that may be contacted; `rejected`,
/// when given, the header and the other rows with their line numbers, reason codes and the
/// columns that failed. Every row written to either was decided; the counts add up to the rows
/// written, or the wash fails.
pub(crate) fn run(
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
        read: 0,
        limit: plan.max_bytes,
    };

    let registers = applied_registers(plan, follower);
    let mut counts = WashCounts::default();
    let mut lines = Vec::new();
    {
        let mut src: Box<dyn Read + Send + '_> = match plan.encoding {
            Encoding::Utf8 => Box::new(&mut hashing),
            other => Box::new(Transcoder::new(&mut hashing, other)),
        };
        // The header: everything up to the first line ending outside quotes.
        let mut buf = Vec::with_capacity(BLOCK * 2);
        let mut more = true;
        let header_end = loop {
            // The delimiter is not known yet: any of them may start a quoted header cell.
            if let Some(end) = first_record_end(&buf, b",;\t", !more) {
                break end;
            }
            if !more {
                break buf.len();
            }
            if buf.len() > MAX_ROW {
                return Err(WashError::Row {
                    line: 1,
                    problem: ROW_TOO_LONG,
                });
            }
            more = read_more(&mut *src, &mut buf, 64 * 1024)?;
        };
        if buf.is_empty() {
            return Err(WashError::Empty);
        }
        let header_raw: Vec<u8> = buf[..header_end].to_vec();
        if scan(&header_raw, b",;\t", true, false).quoted {
            return Err(WashError::Row {
                line: 1,
                problem: UNCLOSED_QUOTE,
            });
        }
        let check_utf8 = plan.encoding == Encoding::Utf8;
        if check_utf8 && let Err(e) = std::str::from_utf8(&header_raw) {
            return Err(WashError::Row {
                line: 1 + line_breaks(&header_raw[..e.valid_up_to()]),
                problem: NOT_UTF8,
            });
        }
        let bom = header_raw.starts_with(BOM);
        let header_text = header_raw.strip_prefix(BOM).unwrap_or(&header_raw);
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
        let region = plan.region.or(plan.controller.region);
        let ctx = Ctx {
            plan,
            follower,
            keys,
            columns: &columns,
            cells: CellWriter {
                delimiter,
                phones: &columns.phones,
                region,
            },
            region,
            check_utf8,
        };

        // Output headers. Transcoded input is written as UTF-8 with a byte-order mark, so
        // spreadsheets show å, ä and ö right.
        let mut head = Vec::new();
        if bom || plan.encoding != Encoding::Utf8 {
            head.extend_from_slice(BOM);
        }
        let header_cells = CellWriter {
            phones: &[],
            ..ctx.cells
        };
        if header.iter().any(spreadsheet::is_formula) {
            counts.neutralized +=
                u64::from(header_cells.record(&header, &mut String::new(), &mut head));
        } else {
            head.extend_from_slice(strip_line_end(header_text));
        }
        allowed.write_all(&head)?;
        allowed.write_all(b"\n")?;
        if let Some(r) = rejected.as_deref_mut() {
            r.write_all(&head)?;
            let d = char::from(delimiter);
            r.write_all(format!("{d}vern_line{d}vern_reasons{d}vern_columns\n").as_bytes())?;
        }

        let workers = std::thread::available_parallelism()
            .map_or(2, usize::from)
            .clamp(1, 8);
        let (block_tx, block_rx) = sync_channel::<Block>(workers * 2);
        let (done_tx, done_rx) = sync_channel::<Result<Done, WashError>>(workers * 2);
        let block_rx = Arc::new(Mutex::new(block_rx));
        let first_line = 1 + line_breaks(&header_raw);
        let result: Result<(), WashError> = std::thread::scope(|scope| {
            let reader = scope
                .spawn(move || split(&mut *src, carry, more, first_line, delimiter, &block_tx));
            for _ in 0..workers {
                let rx = Arc::clone(&block_rx);
                let tx = done_tx.clone();
                let ctx = &ctx;
                scope.spawn(move || work(ctx, &rx, &tx));
            }
            // Only the workers hold the blocks' receiver and the results' sender. When the
            // writer stops (the client went away), the workers' next send fails and they stop;
            // then the reader's next send fails and it stops too: nothing waits forever.
            drop(block_rx);
            drop(done_tx);
            let written = write(
                done_rx,
                allowed,
                rejected.as_deref_mut(),
                &mut counts,
                &mut lines,
                progress,
            );
            let read = reader
                .join()
                .unwrap_or_else(|_| Err(WashError::Io(io::Error::other("the reader stopped"))));
            let (written, read) = match (written, read) {
                (Err(WashError::Io(_)), Err(r)) => return Err(r),
                (Err(e), _) | (_, Err(e)) => return Err(e),
                (Ok(w), Ok(r)) => (w, r),
            };
            if written != read {
                return Err(WashError::Counts(format!(
                    "{read} blocks read, {written} written"
                )));
            }
            Ok(())
        });
        result?;
    }
    if counts.rows != counts.allowed + counts.rejected {
        return Err(WashError::Counts(format!(
            "{} rows, {} allowed, {} rejected",
            counts.rows, counts.allowed, counts.rejected
        )));
    }
    // Only a wash that ended well completes its outputs: an HTTP response that has not
    // started yet can still be an error.
    allowed.flush()?;
    if let Some(r) = rejected {
        r.flush()?;
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

fn work(ctx: &Ctx<'_>, rx: &Mutex<Receiver<Block>>, tx: &SyncSender<Result<Done, WashError>>) {
    let mut reader = RowReader {
        keys: ctx.keys,
        columns: ctx.columns,
        cells: ctx.cells,
        region: ctx.region,
        postal_country: ctx
            .plan
            .controller
            .record
            .country
            .filter(|c| *c == Country::Dk),
        phone_buf: String::with_capacity(32),
        email_buf: String::with_capacity(64),
        record: csv::ByteRecord::new(),
        pos: 0,
        line: 0,
    };
    let mut group: Vec<Row> = Vec::with_capacity(TOUCH_GROUP);
    let mut probes = Probes::default();
    loop {
        let block = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok(block) = block else { return };
        let done = wash_block(ctx, &mut reader, &mut group, &mut probes, &block);
        if tx.send(done).is_err() {
            return;
        }
    }
}

/// Decide every row of a block.
fn wash_block(
    ctx: &Ctx<'_>,
    reader: &mut RowReader<'_>,
    group: &mut Vec<Row>,
    probes: &mut Probes,
    block: &Block,
) -> Result<Done, WashError> {
    let bytes = block.bytes.as_slice();
    if ctx.check_utf8
        && let Err(e) = std::str::from_utf8(bytes)
    {
        return Err(WashError::Row {
            line: block.first_line + line_breaks(&bytes[..e.valid_up_to()]),
            problem: NOT_UTF8,
        });
    }
    let plan = ctx.plan;
    let mut done = Done {
        seq: block.seq,
        ..Done::default()
    };
    done.allowed.reserve(bytes.len());
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(ctx.cells.delimiter)
        .flexible(true)
        .from_reader(bytes);
    reader.pos = 0;
    reader.line = block.first_line;
    let controller = plan.controller.record.id;
    let index = ctx.follower.index();
    let mut more = true;
    while more {
        group.clear();
        probes.clear();
        while group.len() < TOUCH_GROUP {
            match reader.next(&mut rdr, bytes, probes)? {
                Some(row) => group.push(row),
                None => {
                    more = false;
                    break;
                }
            }
        }
        for row in group.iter() {
            index.touch(controller, &probes.probes[row.probes.0..row.probes.1]);
        }
        for row in group.iter() {
            let ids = &probes.probes[row.probes.0..row.probes.1];
            let sources = &probes.sources[row.probes.0..row.probes.1];
            let request = |identifiers| ContactRequest {
                controller: plan.controller.facts(),
                identifiers,
                channel: plan.channel,
                purpose: &plan.purpose,
                at: plan.at,
                // A list is not a message: a washed row never carries the Art. 14 notice, so
                // a person still owed it is refused (`notice.art14_pending`).
                carries_art14_notice: false,
            };
            let decision = decide(&*index, &request(ids));
            // Which columns failed: each identifier is decided on its own when there are
            // several, so that the rejected file can name the one that is refused.
            let mut failed = row.bad;
            if refused_for_identifier(&decision) {
                if ids.len() == 1 {
                    failed |= sources[0];
                } else {
                    for (probe, source) in ids.iter().zip(sources) {
                        let alone = decide(&*index, &request(std::slice::from_ref(probe)));
                        if refused_for_identifier(&alone) {
                            failed |= source;
                        }
                    }
                }
            }
            record(ctx, bytes, &probes.cells, row, &decision, failed, &mut done);
        }
    }
    Ok(done)
}

/// Refused for a reason other than a missing identifier.
fn refused_for_identifier(decision: &vern_core::Decision) -> bool {
    !decision.allowed
        && decision
            .reasons
            .iter()
            .any(|r| r.code != ReasonCode::IdentifierMissing)
}

/// Put a decided row into the allowed or the rejected output, and count it. A row is allowed
/// only when the decision allows it and every identifier cell on it could be read.
fn record(
    ctx: &Ctx<'_>,
    bytes: &[u8],
    rewritten: &[u8],
    row: &Row,
    decision: &vern_core::Decision,
    failed: u64,
    done: &mut Done,
) {
    let line = if row.neutralized > 0 {
        &rewritten[row.rewritten.0..row.rewritten.1]
    } else {
        strip_line_end(&bytes[row.start..row.end])
    };
    done.rows += 1;
    done.neutralized += u64::from(row.neutralized);
    if row.bad != 0 {
        done.unparseable_rows += 1;
        if done.lines.len() < KEEP_LINES {
            done.lines.push(row.line);
        }
    }
    if decision.allowed && row.bad == 0 {
        done.allowed.extend_from_slice(line);
        done.allowed.push(b'\n');
        done.allowed_rows += 1;
        return;
    }
    let mut codes: Vec<&'static str> = Vec::with_capacity(decision.reasons.len() + 1);
    for r in &decision.reasons {
        let code = match r.code {
            ReasonCode::IdentifierMissing if row.bad != 0 => UNPARSEABLE,
            other => other.as_str(),
        };
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    if row.bad != 0 && !codes.contains(&UNPARSEABLE) {
        codes.push(UNPARSEABLE);
    }
    for code in &codes {
        *done.reasons.entry(code).or_insert(0) += 1;
    }
    let d = ctx.cells.delimiter;
    done.rejected.extend_from_slice(line);
    done.rejected.push(d);
    let _ = write!(done.rejected, "{}", row.line);
    done.rejected.push(d);
    for (i, code) in codes.iter().enumerate() {
        if i > 0 {
            done.rejected.push(b'|');
        }
        done.rejected.extend_from_slice(code.as_bytes());
    }
    done.rejected.push(d);
    let mut names = ctx
        .columns
        .ids
        .iter()
        .enumerate()
        .filter(|(i, _)| failed & (1 << i) != 0)
        .map(|(_, c)| c.header.as_str())
        .chain((failed & POSTAL_BIT != 0).then_some("address"));
    match (names.next(), names.next()) {
        (None, _) => {}
        (Some(one), None) => ctx.cells.text(one, &mut done.rejected),
        (Some(first), Some(second)) => {
            let all: Vec<&str> = [first, second].into_iter().chain(names).collect();
            ctx.cells.text(&all.join("|"), &mut done.rejected);
        }
    }
    done.rejected.push(b'\n');
    done.rejected_rows += 1;
}

/// Write the blocks' results in the input's order; the number of blocks written. The first
/// failure ends the wash: returning drops the receiver, which stops the workers and the reader.
fn write<'a, 'b>(
    rx: Receiver<Result<Done, WashError>>,
    allowed: &mut dyn Write,
    mut rejected: Option<&'a mut (dyn Write + 'b)>,
    counts: &mut WashCounts,
    lines: &mut Vec<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<u64, WashError> {
    let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next = 0u64;
    for done in rx {
        let done = done?;
        pending.insert(done.seq, done);
        while let Some(done) = pending.remove(&next) {
            allowed.write_all(&done.allowed)?;
            if let Some(r) = rejected.as_deref_mut() {
                r.write_all(&done.rejected)?;
            }
            counts.rows += done.rows;
            counts.allowed += done.allowed_rows;
            counts.rejected += done.rejected_rows;
            counts.unparseable += done.unparseable_rows;
            counts.neutralized += done.neutralized;
            for (code, n) in done.reasons {
                *counts.by_reason.entry(code.to_owned()).or_insert(0) += n;
            }
            let room = KEEP_LINES.saturating_sub(lines.len());
            lines.extend(done.lines.into_iter().take(room));
            progress(counts.rows);
            next += 1;
        }
    }
    Ok(next)
}
