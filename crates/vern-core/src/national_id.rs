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
mod tests;
