//! Scanning the typed input: separators, invisible characters and the digits.

use super::*;

// ---------------------------------------------------------------------------------------------
// Scanning: our own strict tokeniser, shared by both paths.
// ---------------------------------------------------------------------------------------------

/// `00` + a three-digit calling code + the 17-digit maximum national number of the library.
pub(super) const MAX_DIGITS: usize = 22;

/// The longest national significant number the library represents.
pub(super) const MAX_NSN: usize = 17;

/// Input reduced to its digits.
#[derive(Debug)]
pub(super) struct Scanned {
    pub(super) buf: [u8; MAX_DIGITS],
    pub(super) len: usize,
    /// The input started with `+`.
    pub(super) plus: bool,
    /// Index in `digits()` of the first `0` written as `(0)`, the "omit when dialling from
    /// abroad" trunk marker (`+46 (0)70…`).
    pub(super) paren_zero: Option<usize>,
}

impl Scanned {
    pub(super) fn digits(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Invisible characters that spreadsheets and copy-paste leave around values.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

pub(super) fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || is_invisible(c)
        || matches!(
            c,
            '-' | '.' | '/' | '(' | ')' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}'
        )
}

pub(super) fn scan(input: &str) -> Result<Scanned, PhoneError> {
    let text = input.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    let mut scanned = Scanned {
        buf: [0; MAX_DIGITS],
        len: 0,
        plus: false,
        paren_zero: None,
    };
    let mut chars = text.chars();
    let mut rest = text;
    if let Some(first) = chars.next()
        && (first == '+' || first == '\u{FF0B}')
    {
        scanned.plus = true;
        rest = chars.as_str();
    }
    // 0: nothing pending, 1: just saw `(`, 2: saw `(0`.
    let mut paren_state = 0u8;
    for c in rest.chars() {
        if c.is_ascii_digit() {
            if scanned.len >= MAX_DIGITS {
                return Err(PhoneError::TooLong);
            }
            if let Some(slot) = scanned.buf.get_mut(scanned.len) {
                *slot = c as u8;
            }
            paren_state = if paren_state == 1 && c == '0' { 2 } else { 0 };
            scanned.len += 1;
        } else if is_separator(c) {
            if c == ')' && paren_state == 2 && scanned.paren_zero.is_none() {
                scanned.paren_zero = scanned.len.checked_sub(1);
            }
            paren_state = u8::from(c == '(');
        } else {
            return Err(PhoneError::InvalidCharacters);
        }
    }
    if scanned.len == 0 {
        return Err(PhoneError::Empty);
    }
    Ok(scanned)
}

/// `digits` as text. They are ASCII digits, so this cannot fail; an empty string is returned if
/// it somehow did.
pub(super) fn ascii(digits: &[u8]) -> &str {
    std::str::from_utf8(digits).unwrap_or("")
}

pub(super) fn push_u16(out: &mut String, value: u16) {
    let _ = write!(out, "{value}");
}
