//! Cells a spreadsheet would run as formulas ("CSV injection"): one rule for every CSV vern
//! writes (the access report, the wash's allowed and rejected files).

/// Whether a spreadsheet would read `cell` as a formula: it begins with `=`, `@`, a tab or a
/// carriage return, or with `+` or `-` followed by anything but a plain number (digits, spaces,
/// dots, commas), so that phone numbers (`+46 70 123 45 67`) and negative amounts stay as they
/// are.
pub(crate) fn is_formula(cell: &[u8]) -> bool {
    match cell.split_first() {
        Some((b'=' | b'@' | b'\t' | b'\r', _)) => true,
        Some((b'+' | b'-', rest)) => {
            rest.is_empty()
                || !rest
                    .iter()
                    .all(|c| c.is_ascii_digit() || matches!(c, b' ' | b'.' | b','))
        }
        _ => false,
    }
}

/// The prefix that makes a spreadsheet show a formula cell as text.
pub(crate) const PREFIX: char = '\'';
