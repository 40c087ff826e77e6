//! Writing rows into the allowed and rejected files, with the cells a spreadsheet would run as
//! formulas neutralized (see `crate::spreadsheet` and `docs/washing.md`).

use vern_core::Region;

use crate::spreadsheet;

/// Writes rows into an output, neutralizing the cells a spreadsheet would run as formulas.
#[derive(Clone, Copy)]
pub(super) struct CellWriter<'a> {
    pub(super) delimiter: u8,
    /// Phone columns: a formula-like cell that is a phone number is written in E.164 (`+` and
    /// digits, which no spreadsheet runs), so that it stays usable.
    pub(super) phones: &'a [usize],
    pub(super) region: Option<Region>,
}

impl CellWriter<'_> {
    /// Write `line` (one record without its line ending) into `out`, rewritten when `risky`
    /// (some cell looks like a formula); the number of cells changed.
    pub(super) fn row(&self, line: &[u8], risky: bool, out: &mut Vec<u8>) -> u64 {
        if !risky {
            out.extend_from_slice(line);
            return 0;
        }
        let mut record = csv::ByteRecord::new();
        let read = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(self.delimiter)
            .flexible(true)
            .from_reader(line)
            .read_byte_record(&mut record);
        if !matches!(read, Ok(true)) {
            out.extend_from_slice(line);
            return 0;
        }
        let mut changed = 0;
        let mut phone = String::new();
        let mut prefixed = Vec::new();
        for (i, cell) in record.iter().enumerate() {
            if i > 0 {
                out.push(self.delimiter);
            }
            if !spreadsheet::is_formula(cell) {
                self.cell(cell, out);
                continue;
            }
            changed += 1;
            if self.phones.contains(&i)
                && let Ok(text) = std::str::from_utf8(cell)
                && vern_core::phone::normalize_into(text, self.region, &mut phone).is_ok()
            {
                self.cell(phone.as_bytes(), out);
            } else {
                prefixed.clear();
                prefixed.push(spreadsheet::PREFIX as u8);
                prefixed.extend_from_slice(cell);
                self.cell(&prefixed, out);
            }
        }
        changed
    }

    /// Write one cell, quoted when it must be.
    pub(super) fn cell(&self, cell: &[u8], out: &mut Vec<u8>) {
        let quote = cell
            .iter()
            .any(|&b| b == self.delimiter || matches!(b, b'"' | b'\n' | b'\r'));
        if !quote {
            out.extend_from_slice(cell);
            return;
        }
        out.push(b'"');
        for &b in cell {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    }

    /// Write a text of vern's own (column names), neutralized and quoted like any cell.
    pub(super) fn text(&self, text: &str, out: &mut Vec<u8>) {
        if spreadsheet::is_formula(text.as_bytes()) {
            self.cell(format!("{}{text}", spreadsheet::PREFIX).as_bytes(), out);
        } else {
            self.cell(text.as_bytes(), out);
        }
    }
}
