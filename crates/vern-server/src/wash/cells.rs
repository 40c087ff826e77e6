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
    /// Write `record` into `out` with its formula-like cells neutralized; the number of cells
    /// changed. Only rows with such a cell come here: the others are copied as they came.
    /// `phone` is scratch space.
    pub(super) fn record(
        &self,
        record: &csv::ByteRecord,
        phone: &mut String,
        out: &mut Vec<u8>,
    ) -> u32 {
        let mut changed = 0;
        for (i, cell) in record.iter().enumerate() {
            if i > 0 {
                out.push(self.delimiter);
            }
            if !spreadsheet::is_formula(cell) {
                self.cell(None, cell, out);
                continue;
            }
            changed += 1;
            if self.phones.contains(&i)
                && let Ok(text) = std::str::from_utf8(cell)
                && vern_core::phone::normalize_into(text, self.region, phone).is_ok()
            {
                self.cell(None, phone.as_bytes(), out);
            } else {
                self.cell(Some(spreadsheet::PREFIX as u8), cell, out);
            }
        }
        changed
    }

    /// Write one cell, after `prefix`, quoted when it must be.
    fn cell(&self, prefix: Option<u8>, cell: &[u8], out: &mut Vec<u8>) {
        let quote = cell
            .iter()
            .any(|&b| b == self.delimiter || matches!(b, b'"' | b'\n' | b'\r'));
        if quote {
            out.push(b'"');
        }
        out.extend(prefix);
        for &b in cell {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        if quote {
            out.push(b'"');
        }
    }

    /// Write a text of vern's own (column names), neutralized and quoted like any cell.
    pub(super) fn text(&self, text: &str, out: &mut Vec<u8>) {
        let prefix = spreadsheet::is_formula(text.as_bytes()).then_some(spreadsheet::PREFIX as u8);
        self.cell(prefix, text.as_bytes(), out);
    }
}
