//! National identity numbers of Sweden, Norway, Denmark and Finland.
//!
//! [`NationalId::parse`] is the only way to obtain a [`NationalId`]; a value of the type is
//! therefore always a number that passed its scheme's format, date, serial and check-digit
//! rules. The canonical form ([`NationalId::as_str`]) is the identity used for matching:
//!
//! | Scheme | Canonical form | Example |
//! |---|---|---|
//! | Swedish personnummer / samordningsnummer | 12 digits `YYYYMMDDNNNC` | `190905271474` |
//! | Norwegian fødselsnummer, D-, H-, FH-nummer | 11 digits | `15108695088` |
//! | Danish CPR | 10 digits `DDMMYYSSSS` | `2110625629` |
//! | Finnish HETU | 11 characters `DDMMYYCZZZQ`, upper case | `131052-308T` |
//!
//! The Finnish century sign is part of the identity: `100190-999P` and `100190Y999P` are two
//! different people, so the sign is kept exactly as written.
//!
//! Identity numbers are personal data. Neither [`NationalId`]'s `Debug` output nor any
//! [`NationalIdError`] contains any part of the number.
//!
//! Nothing here reads a clock: the current date comes in as `today`. It decides the century of
//! a 10-digit Swedish number and whether the Norwegian check-digit rule of 1 January 2032 is in
//! force.

use crate::country::Country;
use serde::{Serialize, Serializer};
use std::fmt;
use time::{Date, Month};

/// Which scheme a number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NationalIdKind {
    /// Swedish personnummer.
    SePersonnummer,
    /// Swedish samordningsnummer (coordination number, day of birth + 60).
    SeSamordningsnummer,
    /// Norwegian fødselsnummer.
    NoFodselsnummer,
    /// Norwegian D-nummer (first digit of the day + 4).
    NoDNummer,
    /// Norwegian H-nummer (month + 40).
    NoHNummer,
    /// Norwegian FH-nummer (first digit 8 or 9; encodes no date).
    NoFhNummer,
    /// Danish CPR-nummer.
    DkCpr,
    /// Finnish henkilötunnus.
    FiHetu,
}

impl NationalIdKind {
    /// All kinds, in a stable order.
    pub const ALL: [NationalIdKind; 8] = [
        NationalIdKind::SePersonnummer,
        NationalIdKind::SeSamordningsnummer,
        NationalIdKind::NoFodselsnummer,
        NationalIdKind::NoDNummer,
        NationalIdKind::NoHNummer,
        NationalIdKind::NoFhNummer,
        NationalIdKind::DkCpr,
        NationalIdKind::FiHetu,
    ];

    /// A stable lower-case code for the scheme.
    pub fn code(self) -> &'static str {
        match self {
            NationalIdKind::SePersonnummer => "personnummer",
            NationalIdKind::SeSamordningsnummer => "samordningsnummer",
            NationalIdKind::NoFodselsnummer => "fodselsnummer",
            NationalIdKind::NoDNummer => "d_nummer",
            NationalIdKind::NoHNummer => "h_nummer",
            NationalIdKind::NoFhNummer => "fh_nummer",
            NationalIdKind::DkCpr => "cpr",
            NationalIdKind::FiHetu => "hetu",
        }
    }

    /// The country that issues numbers of this kind.
    pub fn country(self) -> Country {
        match self {
            NationalIdKind::SePersonnummer | NationalIdKind::SeSamordningsnummer => Country::Se,
            NationalIdKind::NoFodselsnummer
            | NationalIdKind::NoDNummer
            | NationalIdKind::NoHNummer
            | NationalIdKind::NoFhNummer => Country::No,
            NationalIdKind::DkCpr => Country::Dk,
            NationalIdKind::FiHetu => Country::Fi,
        }
    }
}

impl fmt::Display for NationalIdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for NationalIdKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// Why a text is not a valid national identity number.
///
/// The errors carry no part of the input: it is personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NationalIdError {
    /// Nothing but whitespace was given.
    #[error("the national identity number is empty")]
    Empty,
    /// Wrong length or characters for the scheme.
    #[error("the national identity number has the wrong length or characters for its scheme")]
    Format,
    /// The number does not encode a real date of birth.
    #[error("the national identity number does not encode a valid date of birth")]
    Date,
    /// The check digit (or check character) does not match.
    #[error("the check digit does not match")]
    CheckDigit,
    /// The serial or individual number is not one the scheme issues (e.g. a Swedish serial of
    /// zeros, a Swedish interim number with a letter, a Norwegian individual number that does
    /// not fit the year of birth).
    #[error("the serial part of the national identity number is not valid for its scheme")]
    Serial,
    /// The text is a valid number in more than one country; the caller must give the country.
    #[error("the number is valid in more than one country; give the country to parse it")]
    Ambiguous,
    /// A synthetic test number (Norwegian month + 80), which identifies no real person.
    #[error("the number is a synthetic test number, not a real person's identity number")]
    TestNumber,
}

/// A validated national identity number. The only constructor is [`NationalId::parse`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NationalId {
    canonical: String,
    kind: NationalIdKind,
    birth_date: Option<Date>,
}

impl NationalId {
    /// Parses and validates `input`.
    ///
    /// `country` is the country to parse as; `None` infers it from the format. Finnish numbers
    /// are recognised by their shape, 11 digits are Norwegian and 12 digits Swedish. Ten digits
    /// (optionally with `-` or `+` after the sixth) are tried as Swedish and Danish, and, when
    /// written with `-` or `+`, also as Finnish (whose check character may be a digit): exactly
    /// one valid reading is taken, several give [`NationalIdError::Ambiguous`], none gives the
    /// error of the Swedish reading.
    ///
    /// `today` is the current date. It is used for the century of 10-digit Swedish numbers and
    /// to decide whether the Norwegian 2032 check-digit rule is in force. No clock is read.
    ///
    /// Surrounding whitespace is ignored; otherwise the formats are exact.
    pub fn parse(
        input: &str,
        country: Option<Country>,
        today: Date,
    ) -> Result<NationalId, NationalIdError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(NationalIdError::Empty);
        }
        if !text.is_ascii() {
            return Err(NationalIdError::Format);
        }
        let bytes = text.as_bytes();
        match country {
            Some(country) => parse_as(bytes, country, today),
            None => infer(bytes, today),
        }
    }

    /// The country that issued the number.
    pub fn country(&self) -> Country {
        self.kind.country()
    }

    /// The scheme of the number.
    pub fn kind(&self) -> NationalIdKind {
        self.kind
    }

    /// The canonical form, the identity used for matching.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// The date of birth the number encodes; `None` for Norwegian FH-numbers, which encode none.
    ///
    /// For samordningsnummer and D-numbers this is the real date (the offset removed). For
    /// Norwegian numbers the century comes from the individual number table, which Skatteetaten
    /// says will no longer be reliable for numbers issued from 2032.
    pub fn birth_date(&self) -> Option<Date> {
        self.birth_date
    }

    /// For a Danish CPR number, whether it passes the legacy modulus-11 check; `None` for other
    /// schemes. Information only: numbers without modulus 11 are fully valid since 2007 and are
    /// never rejected.
    pub fn dk_modulus11_ok(&self) -> Option<bool> {
        if self.kind != NationalIdKind::DkCpr {
            return None;
        }
        let digits = self.canonical.bytes().map(|b| b.wrapping_sub(b'0'));
        Some(weighted_sum(digits, &DK_WEIGHTS).is_multiple_of(11))
    }

    /// Whether this is a temporary Finnish number (individual number 900–999, issued outside
    /// the population register). Always `false` for other schemes.
    pub fn fi_temporary(&self) -> bool {
        self.kind == NationalIdKind::FiHetu && self.canonical.as_bytes().get(7) == Some(&b'9')
    }
}

impl fmt::Display for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "NationalId({} {}, redacted)",
            self.country().code(),
            self.kind.code()
        )
    }
}

impl Serialize for NationalId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical)
    }
}

// ------------------------------------------------------------------------------------------
// Dispatch and inference
// ------------------------------------------------------------------------------------------

fn parse_as(s: &[u8], country: Country, today: Date) -> Result<NationalId, NationalIdError> {
    match country {
        Country::Se => parse_se(s, today),
        Country::No => parse_no(s, today),
        Country::Dk => parse_dk(s),
        Country::Fi => parse_fi(s),
    }
}

/// The countries whose format `s` could be, most likely first (its error is reported when no
/// reading is valid).
fn candidates(s: &[u8]) -> &'static [Country] {
    match *s {
        [_, _, _, _, _, _, _, _, _, _] => &[Country::Se, Country::Dk],
        [_, _, _, _, _, _, sep, _, _, _, last] => {
            if s.iter().all(u8::is_ascii_digit) {
                &[Country::No]
            } else if sep == b'-' || sep == b'+' {
                if last.is_ascii_alphabetic() {
                    &[Country::Fi]
                } else {
                    &[Country::Se, Country::Dk, Country::Fi]
                }
            } else if sep.is_ascii_alphabetic() {
                &[Country::Fi]
            } else {
                &[Country::Se]
            }
        }
        [_, _, _, _, _, _, _, _, _, _, _, _] | [_, _, _, _, _, _, _, _, _, _, _, _, _] => {
            &[Country::Se]
        }
        _ => &[],
    }
}

fn infer(s: &[u8], today: Date) -> Result<NationalId, NationalIdError> {
    let mut found: Option<NationalId> = None;
    let mut first_error: Option<NationalIdError> = None;
    for &country in candidates(s) {
        match parse_as(s, country, today) {
            Ok(id) => {
                if found.is_some() {
                    return Err(NationalIdError::Ambiguous);
                }
                found = Some(id);
            }
            Err(e) => {
                if first_error.is_none() {
                    first_error = Some(e);
                }
            }
        }
    }
    match found {
        Some(id) => Ok(id),
        None => Err(first_error.unwrap_or(NationalIdError::Format)),
    }
}

// ------------------------------------------------------------------------------------------
// Shared helpers
// ------------------------------------------------------------------------------------------

/// The numeric values of `bytes`, if all are ASCII digits.
fn digits<const N: usize>(bytes: [u8; N]) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    for (o, b) in out.iter_mut().zip(bytes) {
        if !b.is_ascii_digit() {
            return None;
        }
        *o = b - b'0';
    }
    Some(out)
}

/// The two-digit number `tens`,`ones`.
fn two(tens: u8, ones: u8) -> u8 {
    tens * 10 + ones
}

fn weighted_sum(digits: impl IntoIterator<Item = u8>, weights: &[u32]) -> u32 {
    digits
        .into_iter()
        .zip(weights)
        .map(|(d, &w)| u32::from(d) * w)
        .sum()
}

fn make_date(year: i32, month: u8, day: u8) -> Result<Date, NationalIdError> {
    let month = Month::try_from(month).map_err(|_| NationalIdError::Date)?;
    Date::from_calendar_date(year, month, day).map_err(|_| NationalIdError::Date)
}

fn canonical_digits(ds: &[u8]) -> String {
    ds.iter().map(|&d| char::from(b'0' + d)).collect()
}

// ------------------------------------------------------------------------------------------
// Sweden
// ------------------------------------------------------------------------------------------

/// The Luhn (modulus 10, weights 2,1,2,…) check digit over `ds`.
fn luhn_check_digit(ds: &[u8]) -> u8 {
    let sum: u32 = ds
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let p = if i % 2 == 0 {
                u32::from(d) * 2
            } else {
                u32::from(d)
            };
            if p > 9 { p - 9 } else { p }
        })
        .sum();
    // (10 - sum mod 10) mod 10, always < 10.
    ((10 - sum % 10) % 10) as u8
}

fn parse_se(s: &[u8], today: Date) -> Result<NationalId, NationalIdError> {
    use NationalIdError as E;

    // An optional written century, the ten characters of the short form and the separator.
    let (century, body, sep): (Option<[u8; 2]>, [u8; 10], Option<u8>) = match *s {
        [a, b, c, d, e, f, g, h, i, j] => (None, [a, b, c, d, e, f, g, h, i, j], None),
        [a, b, c, d, e, f, x, g, h, i, j] => (None, [a, b, c, d, e, f, g, h, i, j], Some(x)),
        [p, q, a, b, c, d, e, f, g, h, i, j] => {
            (Some([p, q]), [a, b, c, d, e, f, g, h, i, j], None)
        }
        [p, q, a, b, c, d, e, f, x, g, h, i, j] => {
            (Some([p, q]), [a, b, c, d, e, f, g, h, i, j], Some(x))
        }
        _ => return Err(E::Format),
    };
    let plus = match (century, sep) {
        (_, None) | (_, Some(b'-')) => false,
        (None, Some(b'+')) => true,
        _ => return Err(E::Format),
    };

    // Interim "T-numbers" have a letter in the serial; they are not personal identity numbers.
    let [y1, y2, m1, m2, d1, d2, n1, n2, n3, c] = body;
    let century_digits = century.is_none_or(|[p, q]| p.is_ascii_digit() && q.is_ascii_digit());
    let serial = [n1, n2, n3];
    if century_digits
        && [y1, y2, m1, m2, d1, d2, c].iter().all(u8::is_ascii_digit)
        && serial.iter().all(u8::is_ascii_alphanumeric)
        && serial.iter().any(u8::is_ascii_alphabetic)
    {
        return Err(E::Serial);
    }

    let body = digits(body).ok_or(E::Format)?;
    let [y1, y2, m1, m2, d1, d2, n1, n2, n3, c] = body;
    let yy = i32::from(two(y1, y2));
    let year = match century {
        Some(written) => {
            let [p, q] = digits(written).ok_or(E::Format)?;
            // Skatteverket's 12-digit numbers have the century 18, 19 or 20.
            let cc = two(p, q);
            if !(18..=20).contains(&cc) {
                return Err(E::Date);
            }
            i32::from(cc) * 100 + yy
        }
        None => {
            // The most recent year ending in `yy` not after this year (`-`, or no separator),
            // or not after this year minus 100 (`+`, a person in or past their 100th year).
            let base = today.year() - if plus { 100 } else { 0 };
            base - (base - yy).rem_euclid(100)
        }
    };
    if year < 1800 {
        return Err(E::Date);
    }

    let month = two(m1, m2);
    let day_written = two(d1, d2);
    let (kind, day) = if (61..=91).contains(&day_written) {
        (NationalIdKind::SeSamordningsnummer, day_written - 60)
    } else {
        (NationalIdKind::SePersonnummer, day_written)
    };
    let birth_date = make_date(year, month, day)?;

    if [n1, n2, n3] == [0, 0, 0] {
        return Err(E::Serial);
    }
    // The check digit is computed over the digits as written (day + 60 for samordningsnummer).
    if luhn_check_digit(&[y1, y2, m1, m2, d1, d2, n1, n2, n3]) != c {
        return Err(E::CheckDigit);
    }

    let canonical = format!(
        "{year:04}{month:02}{day_written:02}{}",
        canonical_digits(&[n1, n2, n3, c])
    );
    Ok(NationalId {
        canonical,
        kind,
        birth_date: Some(birth_date),
    })
}

// ------------------------------------------------------------------------------------------
// Norway
// ------------------------------------------------------------------------------------------

const NO_K1_WEIGHTS: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const NO_K2_WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// The day from which Skatteetaten's new first-check-digit rule applies.
const NO_2032_RULE_FROM: Date = time::macros::date!(2032 - 01 - 01);

/// Whether the two Norwegian check digits of `ds` are right.
///
/// K1: classically `K1 = (11 − S1 mod 11) mod 11` with 10 invalid, i.e. `(S1 + K1) mod 11 = 0`.
/// From 2032, `K1 = (11 + r − S1 mod 11)` reduced below 11 for `r ∈ {0,1,2,3}` with 10
/// discarded, i.e. `(S1 + K1) mod 11 ∈ {0,1,2,3}`. K2 is computed from the actual K1 with the
/// classic rule: `(S2 + K2) mod 11 = 0`.
fn no_check_digits_ok(ds: [u8; 11], new_rule: bool) -> bool {
    let [a, b, c, d, e, f, g, h, i, k1, k2] = ds;
    let rest1 = (weighted_sum([a, b, c, d, e, f, g, h, i], &NO_K1_WEIGHTS) + u32::from(k1)) % 11;
    let k1_ok = if new_rule { rest1 <= 3 } else { rest1 == 0 };
    let rest2 =
        (weighted_sum([a, b, c, d, e, f, g, h, i, k1], &NO_K2_WEIGHTS) + u32::from(k2)) % 11;
    k1_ok && rest2 == 0
}

/// The year of birth from the two-digit year and the individual number (pre-2032 table).
fn no_year(yy: u8, individual: u16) -> Option<i32> {
    let yy_i = i32::from(yy);
    match individual {
        0..=499 => Some(1900 + yy_i),
        500..=749 if yy >= 54 => Some(1800 + yy_i),
        500..=999 if yy < 40 => Some(2000 + yy_i),
        900..=999 if yy >= 40 => Some(1900 + yy_i),
        _ => None,
    }
}

fn parse_no(s: &[u8], today: Date) -> Result<NationalId, NationalIdError> {
    use NationalIdError as E;

    let bytes: [u8; 11] = s.try_into().map_err(|_| E::Format)?;
    let ds = digits(bytes).ok_or(E::Format)?;
    let [d1, d2, m1, m2, y1, y2, i1, i2, i3, _, _] = ds;

    if !no_check_digits_ok(ds, today >= NO_2032_RULE_FROM) {
        return Err(E::CheckDigit);
    }
    let canonical = canonical_digits(&ds);

    // FH-numbers encode no date: the check digits are all there is to validate.
    if d1 >= 8 {
        return Ok(NationalId {
            canonical,
            kind: NationalIdKind::NoFhNummer,
            birth_date: None,
        });
    }
    // Synthetic test numbers (Skatteetaten's Tenor) have month + 80.
    if m1 >= 8 {
        return Err(E::TestNumber);
    }

    let day_written = two(d1, d2);
    let month_written = two(m1, m2);
    let (kind, day, month) = match (d1 >= 4, m1 >= 4) {
        (false, false) => (NationalIdKind::NoFodselsnummer, day_written, month_written),
        (true, false) => (NationalIdKind::NoDNummer, day_written - 40, month_written),
        (false, true) => (NationalIdKind::NoHNummer, day_written, month_written - 40),
        // No scheme offsets both the day and the month.
        (true, true) => return Err(E::Date),
    };
    let individual = u16::from(i1) * 100 + u16::from(i2) * 10 + u16::from(i3);
    let year = no_year(two(y1, y2), individual).ok_or(E::Serial)?;
    let birth_date = make_date(year, month, day)?;

    Ok(NationalId {
        canonical,
        kind,
        birth_date: Some(birth_date),
    })
}

// ------------------------------------------------------------------------------------------
// Denmark
// ------------------------------------------------------------------------------------------

const DK_WEIGHTS: [u32; 10] = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/// The year of birth from the two-digit year and the seventh digit.
fn dk_year(yy: u8, seventh: u8) -> i32 {
    let yy_i = i32::from(yy);
    let century = match seventh {
        0..=3 => 1900,
        4 | 9 => {
            if yy <= 36 {
                2000
            } else {
                1900
            }
        }
        _ => {
            if yy <= 57 {
                2000
            } else {
                1800
            }
        }
    };
    century + yy_i
}

fn parse_dk(s: &[u8]) -> Result<NationalId, NationalIdError> {
    use NationalIdError as E;

    let bytes: [u8; 10] = match *s {
        [a, b, c, d, e, f, g, h, i, j] => [a, b, c, d, e, f, g, h, i, j],
        [a, b, c, d, e, f, b'-', g, h, i, j] => [a, b, c, d, e, f, g, h, i, j],
        _ => return Err(E::Format),
    };
    let ds = digits(bytes).ok_or(E::Format)?;
    let [d1, d2, m1, m2, y1, y2, s1, _, _, _] = ds;
    let year = dk_year(two(y1, y2), s1);
    let birth_date = make_date(year, two(m1, m2), two(d1, d2))?;
    // The legacy modulus-11 check is deliberately not applied (see `dk_modulus11_ok`).
    Ok(NationalId {
        canonical: canonical_digits(&ds),
        kind: NationalIdKind::DkCpr,
        birth_date: Some(birth_date),
    })
}

// ------------------------------------------------------------------------------------------
// Finland
// ------------------------------------------------------------------------------------------

/// The check characters, indexed by the remainder modulo 31 (no G, I, O, Q, Z).
const FI_CHECK_CHARS: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// The century the sign stands for.
fn fi_century(sign: u8) -> Option<i32> {
    match sign {
        b'+' => Some(1800),
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => Some(1900),
        b'A'..=b'F' => Some(2000),
        _ => None,
    }
}

fn parse_fi(s: &[u8]) -> Result<NationalId, NationalIdError> {
    use NationalIdError as E;

    let bytes: [u8; 11] = s.try_into().map_err(|_| E::Format)?;
    let [d1, d2, m1, m2, y1, y2, sign, z1, z2, z3, check] = bytes.map(|b| b.to_ascii_uppercase());
    let century = fi_century(sign).ok_or(E::Format)?;
    let ds = digits([d1, d2, m1, m2, y1, y2, z1, z2, z3]).ok_or(E::Format)?;
    if !check.is_ascii_alphanumeric() {
        return Err(E::Format);
    }
    let [dd1, dd2, mm1, mm2, yy1, yy2, zz1, zz2, zz3] = ds;

    let birth_date = make_date(
        century + i32::from(two(yy1, yy2)),
        two(mm1, mm2),
        two(dd1, dd2),
    )?;
    // 002–899 permanent, 900–999 temporary; 000 and 001 are not issued.
    if [zz1, zz2] == [0, 0] && zz3 <= 1 {
        return Err(E::Serial);
    }
    let number = ds.iter().fold(0u32, |acc, &d| acc * 10 + u32::from(d));
    let index = usize::try_from(number % 31).map_err(|_| E::CheckDigit)?;
    if FI_CHECK_CHARS.get(index) != Some(&check) {
        return Err(E::CheckDigit);
    }

    let canonical = [d1, d2, m1, m2, y1, y2, sign, z1, z2, z3, check]
        .iter()
        .map(|&b| char::from(b))
        .collect();
    Ok(NationalId {
        canonical,
        kind: NationalIdKind::FiHetu,
        birth_date: Some(birth_date),
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);
    const BEFORE_2032: Date = date!(2031 - 12 - 31);
    const FROM_2032: Date = date!(2032 - 01 - 01);

    type Res = Result<NationalId, NationalIdError>;

    fn parse(input: &str, country: Option<Country>) -> Res {
        NationalId::parse(input, country, TODAY)
    }

    /// Asserts `input` parses (as `country`) to the expected canonical form, kind and date.
    #[track_caller]
    fn assert_valid(
        input: &str,
        country: Option<Country>,
        today: Date,
        canonical: &str,
        kind: NationalIdKind,
        birth: Option<Date>,
    ) -> NationalId {
        let id = match NationalId::parse(input, country, today) {
            Ok(id) => id,
            Err(e) => panic!("{input:?} as {country:?}: expected valid, got {e:?}"),
        };
        assert_eq!(id.as_str(), canonical, "{input:?}");
        assert_eq!(id.to_string(), canonical, "{input:?}");
        assert_eq!(id.kind(), kind, "{input:?}");
        assert_eq!(id.country(), kind.country(), "{input:?}");
        assert_eq!(id.birth_date(), birth, "{input:?}");
        id
    }

    #[track_caller]
    fn assert_invalid(input: &str, country: Option<Country>, today: Date, err: NationalIdError) {
        assert_eq!(
            NationalId::parse(input, country, today),
            Err(err),
            "{input:?} as {country:?}"
        );
    }

    fn has_ascii_digit(s: &str) -> bool {
        s.bytes().any(|b| b.is_ascii_digit())
    }

    // ---------------------------------------------------------------------------------------
    // Sweden
    // ---------------------------------------------------------------------------------------

    #[test]
    fn se_reference_vectors_valid() {
        use NationalIdKind::{SePersonnummer as P, SeSamordningsnummer as S};
        let cases: [(&str, &str, NationalIdKind, Date); 8] = [
            ("090527+1474", "190905271474", P, date!(1909 - 05 - 27)),
            ("821105-9954", "198211059954", P, date!(1982 - 11 - 05)),
            ("901211-9948", "199012119948", P, date!(1990 - 12 - 11)),
            ("791221+9990", "187912219990", P, date!(1879 - 12 - 21)),
            ("570574-9959", "195705749959", S, date!(1957 - 05 - 14)),
            ("730674-9982", "197306749982", S, date!(1973 - 06 - 14)),
            ("8001613291", "198001613291", S, date!(1980 - 01 - 01)),
            ("800161-3291", "198001613291", S, date!(1980 - 01 - 01)),
        ];
        for (input, canonical, kind, birth) in cases {
            assert_valid(
                input,
                Some(Country::Se),
                TODAY,
                canonical,
                kind,
                Some(birth),
            );
            // None of these is a valid Danish or Finnish number, so inference finds Sweden.
            assert_valid(input, None, TODAY, canonical, kind, Some(birth));
        }
    }

    #[test]
    fn se_reference_vectors_invalid() {
        let cases = [
            ("150916-0006", NationalIdError::Serial),
            ("870704-9996", NationalIdError::CheckDigit),
            ("390182-9913", NationalIdError::CheckDigit),
            ("8001613294", NationalIdError::CheckDigit),
        ];
        for (input, err) in cases.clone() {
            assert_invalid(input, Some(Country::Se), TODAY, err);
        }
        // Inferred: 150916-0006 is a valid Danish number (15 September 1916), so it is Danish;
        // the others are no valid number anywhere, so the Swedish error is reported.
        assert_valid(
            "150916-0006",
            None,
            TODAY,
            "1509160006",
            NationalIdKind::DkCpr,
            Some(date!(1916 - 09 - 15)),
        );
        for (input, err) in cases.into_iter().skip(1) {
            assert_invalid(input, None, TODAY, err);
        }
    }

    #[test]
    fn se_all_written_forms_are_one_identity() {
        let forms = [
            "090527+1474",
            "19090527-1474",
            "190905271474",
            "  190905271474\t",
        ];
        let ids: HashSet<NationalId> = forms
            .iter()
            .map(|f| parse(f, Some(Country::Se)).unwrap())
            .collect();
        assert_eq!(ids.len(), 1);
        // Without `+` the same ten digits are the most recent possible year: 2009.
        assert_valid(
            "0905271474",
            Some(Country::Se),
            TODAY,
            "200905271474",
            NationalIdKind::SePersonnummer,
            Some(date!(2009 - 05 - 27)),
        );
        assert_valid(
            "090527-1474",
            Some(Country::Se),
            TODAY,
            "200905271474",
            NationalIdKind::SePersonnummer,
            Some(date!(2009 - 05 - 27)),
        );
    }

    #[test]
    fn se_century_follows_today() {
        // 821105-9954: 1982 in 2026; 1982 in 2081; 2082 in 2082.
        let canon = |today| NationalId::parse("821105-9954", Some(Country::Se), today).unwrap();
        assert_eq!(canon(date!(2081 - 12 - 31)).as_str(), "198211059954");
        assert_eq!(canon(date!(2082 - 01 - 01)).as_str(), "208211059954");
        // With `+`, 100 years further back: 1909 in 2026, 2009 in 2109.
        let plus = |today| NationalId::parse("090527+1474", Some(Country::Se), today).unwrap();
        assert_eq!(plus(date!(2108 - 12 - 31)).as_str(), "190905271474");
        assert_eq!(plus(date!(2109 - 01 - 01)).as_str(), "200905271474");
    }

    #[test]
    fn se_twelve_digits_need_their_check_digit_and_a_known_century() {
        assert_invalid(
            "190905271475",
            Some(Country::Se),
            TODAY,
            NationalIdError::CheckDigit,
        );
        assert_invalid("19090527-1475", None, TODAY, NationalIdError::CheckDigit);
        assert_invalid(
            "170905271474",
            Some(Country::Se),
            TODAY,
            NationalIdError::Date,
        );
        assert_invalid(
            "210905271474",
            Some(Country::Se),
            TODAY,
            NationalIdError::Date,
        );
    }

    #[test]
    fn se_interim_t_numbers_are_rejected() {
        assert_invalid(
            "000101-T220",
            Some(Country::Se),
            TODAY,
            NationalIdError::Serial,
        );
        assert_invalid("000101-T220", None, TODAY, NationalIdError::Serial);
        assert_invalid("000101T220", None, TODAY, NationalIdError::Serial);
        assert_invalid("20000101-T220", None, TODAY, NationalIdError::Serial);
    }

    #[test]
    fn se_leap_days() {
        use NationalIdKind::SePersonnummer as P;
        assert_valid(
            "200002291235",
            None,
            TODAY,
            "200002291235",
            P,
            Some(date!(2000 - 02 - 29)),
        );
        assert_invalid("190002291235", None, TODAY, NationalIdError::Date);
        assert_valid(
            "202402291237",
            None,
            TODAY,
            "202402291237",
            P,
            Some(date!(2024 - 02 - 29)),
        );
        assert_invalid("202302291238", None, TODAY, NationalIdError::Date);
        // Ten digits: `-` is 2000 (leap), `+` is 1900 (not leap).
        assert_valid(
            "000229-1235",
            Some(Country::Se),
            TODAY,
            "200002291235",
            P,
            Some(date!(2000 - 02 - 29)),
        );
        assert_invalid(
            "000229+1235",
            Some(Country::Se),
            TODAY,
            NationalIdError::Date,
        );
    }

    #[test]
    fn se_formats() {
        use NationalIdError::Format;
        for bad in [
            "19090527+1474",
            "090527 1474",
            "090527/1474",
            "09052714745",
            "0905271",
            "090527-147x",
            "190905-271474",
        ] {
            assert_invalid(bad, Some(Country::Se), TODAY, Format);
        }
        assert_invalid(
            "821305-9954",
            Some(Country::Se),
            TODAY,
            NationalIdError::Date,
        );
        // A letter in the serial reads as an interim number.
        assert_invalid(
            "090527-14a4",
            Some(Country::Se),
            TODAY,
            NationalIdError::Serial,
        );
    }

    // ---------------------------------------------------------------------------------------
    // Norway
    // ---------------------------------------------------------------------------------------

    #[test]
    fn no_reference_vectors() {
        use NationalIdKind::{NoDNummer as D, NoFodselsnummer as F};
        for today in [TODAY, BEFORE_2032, FROM_2032] {
            assert_valid(
                "15108695088",
                Some(Country::No),
                today,
                "15108695088",
                F,
                Some(date!(1986 - 10 - 15)),
            );
            assert_valid(
                "15108695088",
                None,
                today,
                "15108695088",
                F,
                Some(date!(1986 - 10 - 15)),
            );
            assert_invalid(
                "15108695077",
                Some(Country::No),
                today,
                NationalIdError::CheckDigit,
            );
            assert_invalid("15108695077", None, today, NationalIdError::CheckDigit);
            assert_valid(
                "70019950032",
                None,
                today,
                "70019950032",
                D,
                Some(date!(1899 - 01 - 30)),
            );
        }
    }

    #[test]
    fn no_2032_check_digit_rule() {
        // S1 + K1 = 1 (mod 11): valid only under the 2032 rule.
        let new_only = "01011050170";
        assert_invalid(
            new_only,
            Some(Country::No),
            BEFORE_2032,
            NationalIdError::CheckDigit,
        );
        assert_invalid(new_only, None, BEFORE_2032, NationalIdError::CheckDigit);
        assert_valid(
            new_only,
            Some(Country::No),
            FROM_2032,
            new_only,
            NationalIdKind::NoFodselsnummer,
            Some(date!(2010 - 01 - 01)),
        );
        // The classic number for the same person data stays valid on both sides.
        for today in [BEFORE_2032, FROM_2032] {
            assert!(NationalId::parse("01011050162", Some(Country::No), today).is_ok());
        }
        // Under the 2032 rule K2 is still checked against the actual K1.
        assert_invalid(
            "01011050171",
            Some(Country::No),
            FROM_2032,
            NationalIdError::CheckDigit,
        );
    }

    #[test]
    fn no_leap_day_depends_on_individual_number() {
        // Individual number 500 with yy 00 is 2000 (leap); 100 is 1900 (not leap).
        assert_valid(
            "29020050088",
            None,
            TODAY,
            "29020050088",
            NationalIdKind::NoFodselsnummer,
            Some(date!(2000 - 02 - 29)),
        );
        assert_invalid("29020010027", None, TODAY, NationalIdError::Date);
        // The same for a D-number (69 = 29 + 40).
        assert_valid(
            "69020050071",
            None,
            TODAY,
            "69020050071",
            NationalIdKind::NoDNummer,
            Some(date!(2000 - 02 - 29)),
        );
    }

    #[test]
    fn no_variants() {
        assert_valid(
            "01418512349",
            None,
            TODAY,
            "01418512349",
            NationalIdKind::NoHNummer,
            Some(date!(1985 - 01 - 01)),
        );
        assert_valid(
            "41018512430",
            None,
            TODAY,
            "41018512430",
            NationalIdKind::NoDNummer,
            Some(date!(1985 - 01 - 01)),
        );
        let fh = assert_valid(
            "81234567802",
            None,
            TODAY,
            "81234567802",
            NationalIdKind::NoFhNummer,
            None,
        );
        assert_eq!(fh.country(), Country::No);
        assert_valid(
            "91234567964",
            None,
            TODAY,
            "91234567964",
            NationalIdKind::NoFhNummer,
            None,
        );
        assert_invalid("91234567965", None, TODAY, NationalIdError::CheckDigit);
        // Synthetic test number (month + 80) with correct check digits.
        assert_invalid("01818512321", None, TODAY, NationalIdError::TestNumber);
        // D and H offsets at once.
        assert_invalid("41418512332", None, TODAY, NationalIdError::Date);
        // Individual number 600 does not fit yy 45 (no century); 750 neither.
        assert_invalid("01014560013", None, TODAY, NationalIdError::Serial);
        assert_invalid("01014575053", None, TODAY, NationalIdError::Serial);
        // Format.
        assert_invalid(
            "1510869508",
            Some(Country::No),
            TODAY,
            NationalIdError::Format,
        );
        assert_invalid(
            "151086-95088",
            Some(Country::No),
            TODAY,
            NationalIdError::Format,
        );
        assert_invalid(
            "1510869508X",
            Some(Country::No),
            TODAY,
            NationalIdError::Format,
        );
    }

    // ---------------------------------------------------------------------------------------
    // Denmark
    // ---------------------------------------------------------------------------------------

    #[test]
    fn dk_reference_vector() {
        let id = assert_valid(
            "2110625629",
            Some(Country::Dk),
            TODAY,
            "2110625629",
            NationalIdKind::DkCpr,
            Some(date!(1862 - 10 - 21)),
        );
        assert_eq!(id.dk_modulus11_ok(), Some(true));
        let dashed = parse("211062-5629", Some(Country::Dk)).unwrap();
        assert_eq!(dashed, id);
        // Not a valid Swedish number, so inference finds Denmark.
        assert_eq!(parse("2110625629", None).unwrap(), id);
        assert_eq!(parse("211062-5629", None).unwrap(), id);
        // Strictly Swedish it is invalid.
        assert!(parse("2110625629", Some(Country::Se)).is_err());
    }

    #[test]
    fn dk_without_modulus11_is_accepted() {
        let id = assert_valid(
            "010165-1234",
            Some(Country::Dk),
            TODAY,
            "0101651234",
            NationalIdKind::DkCpr,
            Some(date!(1965 - 01 - 01)),
        );
        assert_eq!(id.dk_modulus11_ok(), Some(false));
    }

    #[test]
    fn dk_century_and_dates() {
        let year = |s| {
            parse(s, Some(Country::Dk))
                .unwrap()
                .birth_date()
                .unwrap()
                .year()
        };
        assert_eq!(year("0101361000"), 1936);
        assert_eq!(year("0101364000"), 2036);
        assert_eq!(year("0101374000"), 1937);
        assert_eq!(year("0101369000"), 2036);
        assert_eq!(year("0101379000"), 1937);
        assert_eq!(year("0101575000"), 2057);
        assert_eq!(year("0101588000"), 1858);
        // 29 February: 2000 with digit 7 = 4, 1900 with digit 7 = 1.
        assert_eq!(year("2902004000"), 2000);
        assert_invalid(
            "2902001000",
            Some(Country::Dk),
            TODAY,
            NationalIdError::Date,
        );
        assert_invalid(
            "3102651234",
            Some(Country::Dk),
            TODAY,
            NationalIdError::Date,
        );
        assert_invalid(
            "010165+1234",
            Some(Country::Dk),
            TODAY,
            NationalIdError::Format,
        );
        assert_invalid(
            "01016512345",
            Some(Country::Dk),
            TODAY,
            NationalIdError::Format,
        );
    }

    // ---------------------------------------------------------------------------------------
    // Finland
    // ---------------------------------------------------------------------------------------

    #[test]
    fn fi_reference_vectors() {
        use NationalIdKind::FiHetu as H;
        let cases = [
            ("131052-308T", "131052-308T", date!(1952 - 10 - 13), false),
            ("131052A308T", "131052A308T", date!(2052 - 10 - 13), false),
            ("100190Y999P", "100190Y999P", date!(1990 - 01 - 10), true),
            ("100190-999P", "100190-999P", date!(1990 - 01 - 10), true),
            ("121212-121D", "121212-121D", date!(1912 - 12 - 12), false),
            ("131052a308t", "131052A308T", date!(2052 - 10 - 13), false),
            ("100190y999p", "100190Y999P", date!(1990 - 01 - 10), true),
        ];
        for (input, canonical, birth, temporary) in cases {
            for country in [Some(Country::Fi), None] {
                let id = assert_valid(input, country, TODAY, canonical, H, Some(birth));
                assert_eq!(id.fi_temporary(), temporary, "{input}");
                assert_eq!(id.dk_modulus11_ok(), None);
            }
        }
    }

    #[test]
    fn fi_century_sign_is_part_of_the_identity() {
        let dash = parse("100190-999P", None).unwrap();
        let y = parse("100190Y999P", None).unwrap();
        assert_ne!(dash, y);
        assert_ne!(dash.as_str(), y.as_str());
        assert_eq!(dash.birth_date(), y.birth_date());
        let set: HashSet<NationalId> = [dash, y].into_iter().collect();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn fi_invalid() {
        use NationalIdError::{CheckDigit, Date as D, Format, Serial};
        let cases = [
            ("131052-308U", CheckDigit),
            ("131052-308G", CheckDigit),
            ("131052G308T", Format),
            ("131052-30XT", Format),
            ("131052-308_", Format),
            ("131052-308", Format),
            ("010101-000P", Serial),
            ("010101-001R", Serial),
            ("290200-1239", D),
            ("290200+1239", D),
            ("320190-123M", D),
        ];
        for (input, err) in cases {
            assert_invalid(input, Some(Country::Fi), TODAY, err);
        }
        assert_valid(
            "010101-002S",
            Some(Country::Fi),
            TODAY,
            "010101-002S",
            NationalIdKind::FiHetu,
            Some(date!(1901 - 01 - 01)),
        );
        // 2000 is a leap year.
        assert_valid(
            "290200A1239",
            None,
            TODAY,
            "290200A1239",
            NationalIdKind::FiHetu,
            Some(date!(2000 - 02 - 29)),
        );
    }

    // ---------------------------------------------------------------------------------------
    // Inference, errors and output
    // ---------------------------------------------------------------------------------------

    #[test]
    fn inference() {
        // Valid Swedish (2012-12-12) and valid Danish (1912-12-12).
        assert_invalid("1212121212", None, TODAY, NationalIdError::Ambiguous);
        assert_invalid("121212-1212", None, TODAY, NationalIdError::Ambiguous);
        assert_eq!(
            parse("1212121212", Some(Country::Se)).unwrap().as_str(),
            "201212121212"
        );
        assert_eq!(
            parse("1212121212", Some(Country::Dk)).unwrap().as_str(),
            "1212121212"
        );
        // A Finnish number whose check character is a digit is also a valid Danish number.
        assert_invalid("150390-1151", None, TODAY, NationalIdError::Ambiguous);
        assert_eq!(
            parse("150390-1151", Some(Country::Fi)).unwrap().kind(),
            NationalIdKind::FiHetu
        );
        // Invalid everywhere: the Swedish error.
        assert_invalid("0000000000", None, TODAY, NationalIdError::Date);
        assert_invalid("290200-1239", None, TODAY, NationalIdError::Date);
        // Strict when the country is given.
        assert_invalid(
            "15108695088",
            Some(Country::Se),
            TODAY,
            NationalIdError::Format,
        );
        assert_invalid(
            "131052-308T",
            Some(Country::Se),
            TODAY,
            NationalIdError::Format,
        );
        assert_invalid(
            "131052-308T",
            Some(Country::Dk),
            TODAY,
            NationalIdError::Format,
        );
        assert_invalid(
            "190905271474",
            Some(Country::No),
            TODAY,
            NationalIdError::Format,
        );
        assert_invalid(
            "190905271474",
            Some(Country::Fi),
            TODAY,
            NationalIdError::Format,
        );
        // Unknown shapes.
        assert_invalid("12345", None, TODAY, NationalIdError::Format);
        assert_invalid("12345678901234", None, TODAY, NationalIdError::Format);
    }

    #[test]
    fn empty_and_non_ascii() {
        for c in [
            None,
            Some(Country::Se),
            Some(Country::No),
            Some(Country::Dk),
            Some(Country::Fi),
        ] {
            assert_invalid("", c, TODAY, NationalIdError::Empty);
            assert_invalid(" \t\n ", c, TODAY, NationalIdError::Empty);
            assert_invalid("090527\u{2013}1474", c, TODAY, NationalIdError::Format);
            assert_invalid("٠٩٠٥٢٧١٤٧٤", c, TODAY, NationalIdError::Format);
        }
    }

    #[test]
    fn debug_serialize_and_display() {
        let se = parse("090527+1474", None).unwrap();
        assert_eq!(format!("{se:?}"), "NationalId(SE personnummer, redacted)");
        assert_eq!(format!("{se}"), "190905271474");
        assert_eq!(serde_json::to_string(&se).unwrap(), "\"190905271474\"");
        let fi = parse("100190Y999P", None).unwrap();
        assert_eq!(format!("{fi:?}"), "NationalId(FI hetu, redacted)");
        assert_eq!(serde_json::to_string(&fi).unwrap(), "\"100190Y999P\"");
        let d = parse("70019950032", None).unwrap();
        assert_eq!(format!("{d:?}"), "NationalId(NO d_nummer, redacted)");
        assert_eq!(serde_json::to_string(&d.kind()).unwrap(), "\"d_nummer\"");
        // Inside a container, the Debug of the container stays redacted too.
        let shown = format!("{:?}", Some(vec![se, fi, d]));
        assert!(!has_ascii_digit(&shown), "{shown}");
    }

    #[test]
    fn kind_codes_and_countries() {
        let expected = [
            ("personnummer", Country::Se),
            ("samordningsnummer", Country::Se),
            ("fodselsnummer", Country::No),
            ("d_nummer", Country::No),
            ("h_nummer", Country::No),
            ("fh_nummer", Country::No),
            ("cpr", Country::Dk),
            ("hetu", Country::Fi),
        ];
        for (kind, (code, country)) in NationalIdKind::ALL.into_iter().zip(expected) {
            assert_eq!(kind.code(), code);
            assert_eq!(kind.to_string(), code);
            assert_eq!(kind.country(), country);
        }
    }

    #[test]
    fn error_messages_are_general() {
        let all = [
            NationalIdError::Empty,
            NationalIdError::Format,
            NationalIdError::Date,
            NationalIdError::CheckDigit,
            NationalIdError::Serial,
            NationalIdError::Ambiguous,
            NationalIdError::TestNumber,
        ];
        let messages: HashSet<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), all.len());
        assert_eq!(
            NationalIdError::CheckDigit.to_string(),
            "the check digit does not match"
        );
        for m in &messages {
            assert!(!has_ascii_digit(m), "{m}");
        }
    }

    // ---------------------------------------------------------------------------------------
    // Property tests. The generators use their own check-digit code, written independently of
    // the implementation above.
    // ---------------------------------------------------------------------------------------

    fn dates(lo: Date, hi: Date) -> impl Strategy<Value = Date> {
        (lo.to_julian_day()..=hi.to_julian_day())
            .prop_filter_map("valid date", |j| Date::from_julian_day(j).ok())
    }

    fn any_date() -> impl Strategy<Value = Date> {
        dates(Date::MIN, Date::MAX)
    }

    fn any_country() -> impl Strategy<Value = Option<Country>> {
        prop_oneof![
            Just(None),
            Just(Some(Country::Se)),
            Just(Some(Country::No)),
            Just(Some(Country::Dk)),
            Just(Some(Country::Fi)),
        ]
    }

    fn digit_vec(s: &str) -> Vec<u32> {
        s.chars().map(|c| c.to_digit(10).unwrap()).collect()
    }

    /// The Luhn digit found by trying all ten: the full number must pass the classic
    /// right-to-left doubling test.
    fn gen_luhn(payload: &str) -> u32 {
        (0..10)
            .find(|&c| {
                let mut ds = digit_vec(payload);
                ds.push(c);
                let sum: u32 = ds
                    .iter()
                    .rev()
                    .enumerate()
                    .map(|(i, &d)| {
                        if i % 2 == 1 {
                            (d * 2) / 10 + (d * 2) % 10
                        } else {
                            d
                        }
                    })
                    .sum();
                sum.is_multiple_of(10)
            })
            .unwrap()
    }

    /// The digit `k` with `Σ w·d + k ≡ rest (mod 11)`, if one exists.
    fn gen_mod11(payload: &str, weights: &[u32], rest: u32) -> Option<u32> {
        let sum: u32 = digit_vec(payload)
            .iter()
            .zip(weights)
            .map(|(d, w)| d * w)
            .sum();
        (0..10).find(|k| (sum + k) % 11 == rest)
    }

    /// A Norwegian number from nine digits, with K1 giving remainder `rest`.
    fn gen_no(nine: &str, rest: u32) -> Option<String> {
        let k1 = gen_mod11(nine, &[3, 7, 6, 1, 8, 9, 4, 5, 2], rest)?;
        let ten = format!("{nine}{k1}");
        let k2 = gen_mod11(&ten, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2], 0)?;
        Some(format!("{ten}{k2}"))
    }

    fn gen_fi_check(nine: &str) -> char {
        let n: u64 = nine.parse().unwrap();
        "0123456789ABCDEFHJKLMNPRSTUVWXY"
            .chars()
            .nth((n % 31) as usize)
            .unwrap()
    }

    /// Individual numbers the table maps to `year`.
    fn no_individuals(year: i32) -> Vec<u32> {
        match year {
            1854..=1899 => (500..=749).collect(),
            1900..=1939 => (0..=499).collect(),
            1940..=1999 => (0..=499).chain(900..=999).collect(),
            2000..=2039 => (500..=999).collect(),
            _ => Vec::new(),
        }
    }

    /// Danish seventh digits that map to `year`.
    fn dk_sevenths(year: i32) -> Vec<u32> {
        let yy = year % 100;
        (0..=9)
            .filter(|&s| {
                let century = match s {
                    0..=3 => 1900,
                    4 | 9 if yy <= 36 => 2000,
                    4 | 9 => 1900,
                    _ if yy <= 57 => 2000,
                    _ => 1800,
                };
                century + yy == year
            })
            .collect()
    }

    /// A valid Swedish number (canonical 12 digits) and its short ten digits.
    fn gen_se(d: Date, serial: u32, coordination: bool) -> (String, String) {
        let dd = u32::from(d.day()) + if coordination { 60 } else { 0 };
        let nine = format!(
            "{:02}{:02}{dd:02}{serial:03}",
            d.year() % 100,
            u8::from(d.month())
        );
        let ten = format!("{nine}{}", gen_luhn(&nine));
        (format!("{:02}{ten}", d.year() / 100), ten)
    }

    fn se_kind(coordination: bool) -> NationalIdKind {
        if coordination {
            NationalIdKind::SeSamordningsnummer
        } else {
            NationalIdKind::SePersonnummer
        }
    }

    fn check_parses(
        input: &str,
        country: Option<Country>,
        today: Date,
        canonical: &str,
        kind: NationalIdKind,
        birth: Option<Date>,
    ) -> Result<NationalId, TestCaseError> {
        let id = NationalId::parse(input, country, today)
            .map_err(|e| TestCaseError::fail(format!("{input:?}: {e:?}")))?;
        prop_assert_eq!(id.as_str(), canonical);
        prop_assert_eq!(id.kind(), kind);
        prop_assert_eq!(id.country(), kind.country());
        prop_assert_eq!(id.birth_date(), birth);
        let debug = format!("{id:?}");
        prop_assert!(!has_ascii_digit(&debug), "{}", debug);
        Ok(id)
    }

    /// `s` with the digit at byte `pos` replaced by `new` (`None` if it is not a digit or the
    /// same digit).
    fn mutate(s: &str, pos: usize, new: u8) -> Option<String> {
        let mut bytes = s.as_bytes().to_vec();
        let old = *bytes.get(pos)?;
        if !old.is_ascii_digit() || old == b'0' + new {
            return None;
        }
        bytes[pos] = b'0' + new;
        String::from_utf8(bytes).ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn se_generated_numbers_parse(
            d in dates(date!(1800 - 01 - 01), date!(2099 - 12 - 31)),
            serial in 1u32..=999,
            coordination: bool,
            today in dates(date!(1990 - 01 - 01), date!(2150 - 12 - 31)),
        ) {
            let (canonical, ten) = gen_se(d, serial, coordination);
            let kind = se_kind(coordination);
            let dashed = format!("{}-{}", &canonical[..8], &canonical[8..]);
            for input in [canonical.as_str(), dashed.as_str()] {
                for country in [Some(Country::Se), None] {
                    check_parses(input, country, today, &canonical, kind, Some(d))?;
                }
            }
            let y = today.year();
            let short = if d.year() > y - 100 && d.year() <= y {
                vec![ten.clone(), format!("{}-{}", &ten[..6], &ten[6..])]
            } else if d.year() > y - 200 && d.year() <= y - 100 {
                vec![format!("{}+{}", &ten[..6], &ten[6..])]
            } else {
                Vec::new()
            };
            for input in short {
                check_parses(&input, Some(Country::Se), today, &canonical, kind, Some(d))?;
            }
        }

        #[test]
        fn no_generated_numbers_parse(
            d in dates(date!(1854 - 01 - 01), date!(2039 - 12 - 31)),
            pick: usize,
            variant in 0u8..3,
        ) {
            let individuals = no_individuals(d.year());
            prop_assume!(!individuals.is_empty());
            let individual = individuals[pick % individuals.len()];
            let (day_add, month_add, kind) = match variant {
                0 => (0, 0, NationalIdKind::NoFodselsnummer),
                1 => (40, 0, NationalIdKind::NoDNummer),
                _ => (0, 40, NationalIdKind::NoHNummer),
            };
            let nine = format!(
                "{:02}{:02}{:02}{individual:03}",
                u32::from(d.day()) + day_add,
                u32::from(u8::from(d.month())) + month_add,
                d.year() % 100,
            );
            let number = gen_no(&nine, 0);
            prop_assume!(number.is_some());
            let number = number.unwrap();
            for today in [TODAY, FROM_2032] {
                for country in [Some(Country::No), None] {
                    check_parses(&number, country, today, &number, kind, Some(d))?;
                }
            }
        }

        #[test]
        fn no_numbers_valid_only_under_the_2032_rule(
            d in dates(date!(1854 - 01 - 01), date!(2039 - 12 - 31)),
            pick: usize,
            rest in 1u32..=3,
        ) {
            let individuals = no_individuals(d.year());
            prop_assume!(!individuals.is_empty());
            let individual = individuals[pick % individuals.len()];
            let nine = format!(
                "{:02}{:02}{:02}{individual:03}",
                d.day(),
                u8::from(d.month()),
                d.year() % 100,
            );
            let number = gen_no(&nine, rest);
            prop_assume!(number.is_some());
            let number = number.unwrap();
            prop_assert_eq!(
                NationalId::parse(&number, Some(Country::No), BEFORE_2032),
                Err(NationalIdError::CheckDigit)
            );
            check_parses(
                &number,
                Some(Country::No),
                FROM_2032,
                &number,
                NationalIdKind::NoFodselsnummer,
                Some(d),
            )?;
        }

        #[test]
        fn no_generated_fh_numbers_parse(first in 8u32..=9, rest in 0u32..100_000_000) {
            let number = gen_no(&format!("{first}{rest:08}"), 0);
            prop_assume!(number.is_some());
            let number = number.unwrap();
            check_parses(&number, None, TODAY, &number, NationalIdKind::NoFhNummer, None)?;
        }

        #[test]
        fn dk_generated_numbers_parse(
            d in dates(date!(1858 - 01 - 01), date!(2057 - 12 - 31)),
            pick: usize,
            tail in 0u32..1000,
            dashed: bool,
        ) {
            let sevenths = dk_sevenths(d.year());
            prop_assert!(!sevenths.is_empty());
            let seventh = sevenths[pick % sevenths.len()];
            let six = format!("{:02}{:02}{:02}", d.day(), u8::from(d.month()), d.year() % 100);
            let canonical = format!("{six}{seventh}{tail:03}");
            let input = if dashed { format!("{six}-{seventh}{tail:03}") } else { canonical.clone() };
            let id = check_parses(&input, Some(Country::Dk), TODAY, &canonical, NationalIdKind::DkCpr, Some(d))?;
            let sum: u32 = digit_vec(&canonical)
                .iter()
                .zip([4, 3, 2, 7, 6, 5, 4, 3, 2, 1])
                .map(|(a, b)| a * b)
                .sum();
            prop_assert_eq!(id.dk_modulus11_ok(), Some(sum.is_multiple_of(11)));
        }

        #[test]
        fn fi_generated_numbers_parse(
            d in dates(date!(1800 - 01 - 01), date!(2099 - 12 - 31)),
            pick: usize,
            individual in 2u32..=999,
            lower: bool,
        ) {
            let signs: &[char] = match d.year() / 100 {
                18 => &['+'],
                19 => &['-', 'Y', 'X', 'W', 'V', 'U'],
                _ => &['A', 'B', 'C', 'D', 'E', 'F'],
            };
            let sign = signs[pick % signs.len()];
            let six = format!("{:02}{:02}{:02}", d.day(), u8::from(d.month()), d.year() % 100);
            let check = gen_fi_check(&format!("{six}{individual:03}"));
            let canonical = format!("{six}{sign}{individual:03}{check}");
            let input = if lower { canonical.to_lowercase() } else { canonical.clone() };
            let id = check_parses(&input, Some(Country::Fi), TODAY, &canonical, NationalIdKind::FiHetu, Some(d))?;
            prop_assert_eq!(id.fi_temporary(), individual >= 900);
            match NationalId::parse(&input, None, TODAY) {
                Ok(inferred) => prop_assert_eq!(inferred, id),
                Err(e) => {
                    // Only a digit check character after `-`/`+` can read as SE or DK too.
                    prop_assert_eq!(e, NationalIdError::Ambiguous);
                    prop_assert!(check.is_ascii_digit() && (sign == '-' || sign == '+'));
                }
            }
        }

        #[test]
        fn se_single_digit_changes_are_caught(
            d in dates(date!(1800 - 01 - 01), date!(2099 - 12 - 31)),
            serial in 1u32..=999,
            coordination: bool,
            pos in 0usize..12,
            new in 0u8..10,
        ) {
            let (canonical, _) = gen_se(d, serial, coordination);
            let original = NationalId::parse(&canonical, Some(Country::Se), TODAY).unwrap();
            let changed = mutate(&canonical, pos, new);
            prop_assume!(changed.is_some());
            let changed = changed.unwrap();
            match NationalId::parse(&changed, Some(Country::Se), TODAY) {
                Err(_) => {}
                Ok(other) => {
                    // Only the written century is outside the check digit's cover.
                    prop_assert!(pos < 2, "changed digit {} still valid", pos);
                    prop_assert_ne!(other, original);
                }
            }
        }

        #[test]
        fn no_single_digit_changes_are_caught(
            d in dates(date!(1854 - 01 - 01), date!(2039 - 12 - 31)),
            pick: usize,
            pos in 0usize..11,
            new in 0u8..10,
            fh: bool,
        ) {
            let individuals = no_individuals(d.year());
            prop_assume!(!individuals.is_empty());
            let individual = individuals[pick % individuals.len()];
            let nine = if fh {
                format!("{}{:08}", 8 + pick % 2, pick % 100_000_000)
            } else {
                format!("{:02}{:02}{:02}{individual:03}", d.day(), u8::from(d.month()), d.year() % 100)
            };
            let number = gen_no(&nine, 0);
            prop_assume!(number.is_some());
            let number = number.unwrap();
            let original = NationalId::parse(&number, Some(Country::No), TODAY).unwrap();
            let changed = mutate(&number, pos, new);
            prop_assume!(changed.is_some());
            let changed = changed.unwrap();
            // Classic rule: every single-digit change breaks a check digit.
            prop_assert_eq!(
                NationalId::parse(&changed, Some(Country::No), TODAY),
                Err(NationalIdError::CheckDigit)
            );
            // 2032 rule: four remainders are accepted for K1, so a change may give another
            // valid number, but never the same identity.
            if let Ok(other) = NationalId::parse(&changed, Some(Country::No), FROM_2032) {
                prop_assert_ne!(other, original);
            }
        }

        #[test]
        fn fi_single_digit_changes_are_caught(
            d in dates(date!(1800 - 01 - 01), date!(2099 - 12 - 31)),
            individual in 2u32..=999,
            pos in 0usize..11,
            new in 0u8..10,
        ) {
            let sign = match d.year() / 100 { 18 => '+', 19 => 'Y', _ => 'A' };
            let six = format!("{:02}{:02}{:02}", d.day(), u8::from(d.month()), d.year() % 100);
            let check = gen_fi_check(&format!("{six}{individual:03}"));
            let number = format!("{six}{sign}{individual:03}{check}");
            prop_assert!(NationalId::parse(&number, Some(Country::Fi), TODAY).is_ok());
            let changed = mutate(&number, pos, new);
            prop_assume!(changed.is_some());
            let changed = changed.unwrap();
            prop_assert!(NationalId::parse(&changed, Some(Country::Fi), TODAY).is_err());
            // Inferred, a changed number with a digit check character may read as Swedish or
            // Danish, but never as a Finnish number.
            if let Ok(other) = NationalId::parse(&changed, None, TODAY) {
                prop_assert_ne!(other.kind(), NationalIdKind::FiHetu);
            }
        }

        #[test]
        fn parse_never_panics_and_never_leaks(
            s in any::<String>(),
            country in any_country(),
            today in any_date(),
        ) {
            leak_check(&s, country, today)?;
        }

        #[test]
        fn parse_never_panics_and_never_leaks_near_valid_shapes(
            s in "[ \t]?[0-9]{0,8}[-+AaYyXUFGT٣é ]?[0-9A-Za-zß]{0,5}[ \n]?",
            country in any_country(),
            today in any_date(),
        ) {
            leak_check(&s, country, today)?;
        }
    }

    fn leak_check(s: &str, country: Option<Country>, today: Date) -> Result<(), TestCaseError> {
        match NationalId::parse(s, country, today) {
            Ok(id) => {
                let debug = format!("{id:?}");
                prop_assert!(!has_ascii_digit(&debug), "{}", debug);
            }
            Err(e) => {
                let shown = format!("{e} {e:?}");
                prop_assert!(!has_ascii_digit(&shown), "{}", shown);
            }
        }
        Ok(())
    }
}
