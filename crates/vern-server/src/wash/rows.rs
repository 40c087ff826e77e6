//! Reading rows: the identifier columns of the header, and each row's identifiers parsed,
//! normalized and digested for the decision.

use vern_core::{Country, IdentifierKind, IdentifierProbe, Region};

use super::cells::CellWriter;
use super::records::{line_breaks, skip_empty_lines, strip_line_end};
use super::{WashError, WashPlan, input};
use crate::spreadsheet;

/// The most phone and e-mail columns a list may have.
pub(super) const MAX_ID_COLUMNS: usize = 63;
/// The failed-columns bit of the postal address.
pub(super) const POSTAL_BIT: u64 = 1 << 63;

/// A phone or e-mail column found in the header.
#[derive(Debug, Clone)]
pub(super) struct IdColumn {
    pub(super) index: usize,
    pub(super) kind: IdentifierKind,
    pub(super) header: String,
}

/// Columns found in the header.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    /// Every phone and e-mail column, phones first.
    pub(super) ids: Vec<IdColumn>,
    /// The phone columns' indexes.
    pub(super) phones: Vec<usize>,
    pub(super) name: Option<usize>,
    pub(super) first: Option<usize>,
    pub(super) last: Option<usize>,
    pub(super) street: Option<usize>,
    pub(super) postal: Option<usize>,
}
pub(super) fn find_columns(
    plan: &WashPlan,
    header: &csv::ByteRecord,
) -> Result<Columns, WashError> {
    let mut ids: Vec<IdColumn> = Vec::new();
    for (given, names, kind, what) in [
        (
            &plan.phone_column,
            input::PHONE_HEADERS,
            IdentifierKind::Phone,
            "phone number",
        ),
        (
            &plan.email_column,
            input::EMAIL_HEADERS,
            IdentifierKind::Email,
            "e-mail address",
        ),
    ] {
        let named = match given {
            Some(name) => Some(input::find_named(header, name).ok_or_else(|| {
                WashError::Columns(format!("no column named {name:?} for the {what}"))
            })?),
            None => None,
        };
        // Every column that holds this kind of identifier is washed, the named one too.
        for index in named.into_iter().chain(input::find_columns(header, names)) {
            if ids.iter().all(|c| c.index != index) {
                ids.push(IdColumn {
                    index,
                    kind,
                    header: input::header_name(header.get(index).unwrap_or_default()),
                });
            }
        }
    }
    if ids.is_empty() {
        return Err(WashError::Columns(
            "no phone or e-mail column found: name one with --phone-column or --email-column (recognised headers include phone, mobile, telefon, mobil, tlf, email, e-post, epost, sähköposti)".to_owned(),
        ));
    }
    if ids.len() > MAX_ID_COLUMNS {
        return Err(WashError::Columns(format!(
            "the list has {} phone and e-mail columns; at most {MAX_ID_COLUMNS} are washed",
            ids.len()
        )));
    }
    Ok(Columns {
        phones: ids
            .iter()
            .filter(|c| c.kind == IdentifierKind::Phone)
            .map(|c| c.index)
            .collect(),
        ids,
        name: input::find_column(header, input::NAME_HEADERS),
        first: input::find_column(header, input::FIRST_NAME_HEADERS),
        last: input::find_column(header, input::LAST_NAME_HEADERS),
        street: input::find_column(header, input::STREET_HEADERS),
        postal: input::find_column(header, input::POSTAL_HEADERS),
    })
}
/// A row read and digested, waiting for its decision.
#[derive(Clone, Copy)]
pub(super) struct Row {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) line: u64,
    /// Its identifiers: a range of the group's probes.
    pub(super) probes: (usize, usize),
    /// The identifier columns (bits, as in `Columns::ids`) whose cell could not be read.
    pub(super) bad: u64,
    /// Some cell looks like a spreadsheet formula.
    /// The row as written, when some cell looked like a formula: a range of the group's
    /// `cells`, and how many cells were changed (0: the row is written as it came).
    pub(super) rewritten: (usize, usize),
    pub(super) neutralized: u32,
}

/// The identifiers of a group of rows, and the columns they came from (a bit each).
#[derive(Default)]
pub(super) struct Probes {
    pub(super) probes: Vec<IdentifierProbe>,
    pub(super) sources: Vec<u64>,
    /// The rows rewritten with their formula-like cells neutralized.
    pub(super) cells: Vec<u8>,
}

impl Probes {
    /// Empty, for the next group.
    pub(super) fn clear(&mut self) {
        self.probes.clear();
        self.sources.clear();
        self.cells.clear();
    }
}

/// Reads rows: parses, normalizes and digests their identifiers.
pub(super) struct RowReader<'a> {
    pub(super) keys: &'a vern_core::DigestKey,
    pub(super) columns: &'a Columns,
    pub(super) cells: CellWriter<'a>,
    pub(super) region: Option<Region>,
    pub(super) postal_country: Option<Country>,
    pub(super) phone_buf: String,
    pub(super) email_buf: String,
    pub(super) record: csv::ByteRecord,
    /// A position in the block and its line number, to count lines from.
    pub(super) pos: usize,
    pub(super) line: u64,
}

impl RowReader<'_> {
    /// The next non-empty row of the block, `None` at its end.
    pub(super) fn next(
        &mut self,
        rdr: &mut csv::Reader<&[u8]>,
        bytes: &[u8],
        probes: &mut Probes,
    ) -> Result<Option<Row>, WashError> {
        loop {
            let start = rdr.position().byte() as usize;
            let read = rdr.read_byte_record(&mut self.record);
            let end = (rdr.position().byte() as usize).min(bytes.len());
            let start = start + skip_empty_lines(&bytes[start..end]);
            let line = self.line_at(bytes, start);
            match read {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(_) => {
                    return Err(WashError::Row {
                        line,
                        problem: "the row cannot be read as CSV",
                    });
                }
            }
            if strip_line_end(&bytes[start..end]).is_empty() {
                continue;
            }
            return Ok(Some(self.digest(start, end, line, probes)));
        }
    }

    /// The line number at `at` (at or after the last position asked for).
    fn line_at(&mut self, bytes: &[u8], at: usize) -> u64 {
        self.line += line_breaks(&bytes[self.pos..at]);
        self.pos = at;
        self.line
    }

    fn digest(&mut self, start: usize, end: usize, line: u64, probes: &mut Probes) -> Row {
        let columns = self.columns;
        let record = &self.record;
        let first = probes.probes.len();
        let mut bad = 0;
        for (i, column) in columns.ids.iter().enumerate() {
            let Some(cell) = record.get(column.index) else {
                continue;
            };
            let text = std::str::from_utf8(cell).unwrap_or("\u{fffd}");
            if text.trim().is_empty() {
                continue;
            }
            let probe = if column.kind == IdentifierKind::Phone {
                vern_core::phone::normalize_into(text, self.region, &mut self.phone_buf)
                    .ok()
                    .map(|cc| IdentifierProbe {
                        kind: IdentifierKind::Phone,
                        digest: vern_core::identifier::phone_digest(self.keys, &self.phone_buf),
                        country: Country::from_calling_code(cc),
                    })
            } else {
                vern_core::email::normalize_into(text, &mut self.email_buf)
                    .ok()
                    .map(|()| IdentifierProbe {
                        kind: IdentifierKind::Email,
                        digest: vern_core::identifier::email_digest(self.keys, &self.email_buf),
                        country: None,
                    })
            };
            match probe {
                Some(probe) => {
                    probes.probes.push(probe);
                    probes.sources.push(1 << i);
                }
                None => bad |= 1 << i,
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
                probes
                    .probes
                    .push(vern_core::postal::probe(self.keys, country, &canonical));
                probes.sources.push(POSTAL_BIT);
            }
        }
        // Rows with a formula-like cell are written again, from the cells already parsed.
        let from = probes.cells.len();
        let neutralized = if record.iter().any(spreadsheet::is_formula) {
            self.cells
                .record(record, &mut self.phone_buf, &mut probes.cells)
        } else {
            0
        };
        Row {
            start,
            end,
            line,
            probes: (first, probes.probes.len()),
            bad,
            rewritten: (from, probes.cells.len()),
            neutralized,
        }
    }
}
fn cell_text(record: &csv::ByteRecord, column: usize) -> String {
    record
        .get(column)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .unwrap_or_default()
}
