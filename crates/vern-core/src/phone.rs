//! Phone numbers, normalised to E.164.
//!
//! [`PhoneNumber::parse`] and [`normalize_into`] turn messy human input (`070-123 45 67`,
//! `+46 (0)70 123 45 67`, `0047 912 34 567`, …) into the E.164 form (`+46701234567`) that vern
//! uses as an identity key.
//!
//! Two paths lead there:
//!
//! * a **fast path** for the common Nordic shapes (Swedish, Norwegian, Danish and Finnish
//!   mobile numbers and the common fixed-line ranges, in national or international form). It
//!   never touches the phone library, allocates nothing and runs in well under 150 ns (about
//!   75 ns measured, against several microseconds for the full path). It declines anything it
//!   is unsure of;
//! * the **full path**, which hands a cleaned digit string to the `phonenumber` crate
//!   (libphonenumber metadata) and then re-checks its answer, because that crate has known
//!   defects (see below).
//!
//! Whatever the fast path accepts, the full path accepts too and normalises identically; the
//! tests check this with a property test and an exhaustive sweep over number prefixes.
//!
//! # Guards against known defects of the `phonenumber` crate
//!
//! * **Letters become digits** (`+3367a829916` is read as `+33672829916`): our own scanner
//!   rejects every character that is not a digit, a common separator or a leading `+`, so the
//!   library never sees a letter (nor `#`, `*`, `;ext=`, `tel:` …).
//! * **`00` prefix without a region is an invalid country code**: the scanner recognises the
//!   international prefix itself and gives the library `+…` instead.
//! * **Parsing is not validation, and `is_valid` accepts too-long numbers** (it only checks that
//!   a *prefix* of the number matches the metadata pattern, e.g. `+97233142764978`): a number is
//!   accepted only if the whole national number matches the general pattern of a region with
//!   its calling code, with a length one of that region's number types allows. Allocation
//!   (the library's range check) is deliberately not required: see [`plausible`].
//! * **Fuzz panic on `"  2 22#:"`** and similar junk: never reaches the library (the scanner
//!   rejects it), and only `+digits` or `digits` strings are ever passed on.
//! * **Region hint applied to foreign numbers**: given a region, the library strips *that*
//!   region's national prefix from numbers of other countries (`+39 06 …` with hint `SE` loses
//!   the Italian leading zero). International forms are therefore always parsed without a
//!   region. And national-form numbers that begin with the region's own calling code (the
//!   Norwegian mobile `47 12 34 56`, the Danish `45 32 12 34`) are always taken as a country
//!   code by the library; we try the national reading first and use the "calling code without
//!   `+`" reading only when the national one is not valid.
//!
//! # Metadata lag
//!
//! Validity is decided by the libphonenumber metadata bundled with the `phonenumber` crate
//! (`0.3.10+9.0.33`). That metadata lags the real numbering plans: a newly opened number range
//! is rejected as [`PhoneError::Invalid`] until the crate is updated. The fast-path patterns
//! below were derived from the same metadata and the tests fail if the two disagree, so a
//! crate update that shrinks a range is caught.

use crate::country::Country;
use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::str::FromStr;
use std::sync::{LazyLock, PoisonError, RwLock};

/// Why a phone number was rejected.
///
/// Errors never contain any part of the input: the input is personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// The input holds no digits at all (blank, or only separators such as `-`).
    #[error("no phone number given")]
    Empty,
    /// The input contains something other than digits, the usual separators (spaces, tabs,
    /// non-breaking spaces, `-`, `.`, `/`, parentheses) and one leading `+`. Letters, `#`, `*`
    /// and extensions are rejected.
    #[error("the phone number contains characters that are not digits or separators")]
    InvalidCharacters,
    /// The number is written in national form (no `+` or `00`) and no default region was given.
    #[error("the phone number is in national form and no default region was given")]
    NeedsRegion,
    /// The international calling code is not assigned.
    #[error("the phone number has an unknown country calling code")]
    UnknownCountryCode,
    /// The number has fewer digits than valid numbers of its range (as far as the Nordic ranges
    /// are known) or of its country.
    #[error("the phone number is too short")]
    TooShort,
    /// The number has more digits than valid numbers of its range (as far as the Nordic ranges
    /// are known) or of its country.
    #[error("the phone number is too long")]
    TooLong,
    /// The number is not a valid number for its country.
    #[error("the phone number is not a valid number for its country")]
    Invalid,
    /// Parsing a [`Region`]: the text is not an ISO 3166-1 alpha-2 code the phone library knows.
    #[error("unknown region: expected an ISO 3166-1 alpha-2 code such as SE, NO, DK or FI")]
    UnknownRegion,
}

/// An ISO 3166-1 alpha-2 region the phone library knows (`SE`, `NO`, `DK`, `FI`, `DE`, `GB`, …).
///
/// Used as the default region for numbers written in national form. The only constructor that
/// takes text is [`FromStr`] (case-insensitive), which checks that the phone metadata has the
/// region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region([u8; 2]);

impl Region {
    /// Sweden.
    pub const SE: Region = Region(*b"SE");
    /// Norway.
    pub const NO: Region = Region(*b"NO");
    /// Denmark.
    pub const DK: Region = Region(*b"DK");
    /// Finland.
    pub const FI: Region = Region(*b"FI");

    /// The upper-case code, e.g. `"SE"`.
    pub fn as_str(&self) -> &str {
        // Always two ASCII capitals: every constructor guarantees it.
        std::str::from_utf8(&self.0).unwrap_or("ZZ")
    }

    /// The Nordic country this region is, if it is one of the four.
    fn nordic(self) -> Option<Country> {
        match self {
            Region::SE => Some(Country::Se),
            Region::NO => Some(Country::No),
            Region::DK => Some(Country::Dk),
            Region::FI => Some(Country::Fi),
            _ => None,
        }
    }

    fn metadata(self) -> Option<&'static Metadata> {
        let database: &'static phonenumber::metadata::Database = &DATABASE;
        database.by_id(self.as_str())
    }
}

impl From<Country> for Region {
    fn from(country: Country) -> Self {
        match country {
            Country::Se => Region::SE,
            Country::No => Region::NO,
            Country::Dk => Region::DK,
            Country::Fi => Region::FI,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = s.trim().as_bytes();
        let [a, b] = bytes else {
            return Err(PhoneError::UnknownRegion);
        };
        if !a.is_ascii_alphabetic() || !b.is_ascii_alphabetic() {
            return Err(PhoneError::UnknownRegion);
        }
        let region = Region([a.to_ascii_uppercase(), b.to_ascii_uppercase()]);
        // Both the metadata and the library's region enum must know it, otherwise parsing with
        // this region could not work (older library versions panicked on unknown regions).
        if region.metadata().is_none()
            || region.as_str().parse::<phonenumber::country::Id>().is_err()
        {
            return Err(PhoneError::UnknownRegion);
        }
        Ok(region)
    }
}

impl Serialize for Region {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A phone number normalised to E.164 (`+46701234567`).
///
/// The only constructor is [`PhoneNumber::parse`] (and deserialisation, which parses): every
/// value is a number the phone metadata considers valid. `Debug` does not reveal the number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber {
    e164: String,
    calling_code: u16,
}

impl PhoneNumber {
    /// Parse messy human input.
    ///
    /// `default_region` applies to numbers written in national form (`070-123 45 67`);
    /// international forms (`+46…`, `0046…`, `00 47 …`, `+46 (0)70…`) work with or without it.
    /// Separators may be spaces, tabs, non-breaking spaces, `-` and other dashes, `.`, `/` and
    /// parentheses. Letters, extensions and other symbols are rejected, never converted.
    ///
    /// Only numbers that the bundled libphonenumber metadata considers valid are accepted; that
    /// metadata may lag newly opened number ranges.
    pub fn parse(input: &str, default_region: Option<Region>) -> Result<PhoneNumber, PhoneError> {
        let mut e164 = String::with_capacity(16);
        let calling_code = normalize_into(input, default_region, &mut e164)?;
        Ok(PhoneNumber { e164, calling_code })
    }

    /// The E.164 form, e.g. `"+46701234567"`.
    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// The international calling code, e.g. `46`.
    pub fn calling_code(&self) -> u16 {
        self.calling_code
    }

    /// The Nordic country of the number, if any, decided by the calling code alone (so a
    /// Svalbard number, `+47 79…`, is Norway and an Åland number, `+358 18…`, is Finland).
    pub fn country(&self) -> Option<Country> {
        Country::from_calling_code(self.calling_code)
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber(+{}…, redacted)", self.calling_code)
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164)
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.e164)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PhoneNumber::parse(&text, None).map_err(serde::de::Error::custom)
    }
}

/// Normalise `input` and write its E.164 form into `out`; the hot path for list washing.
///
/// `out` is cleared first (and left empty on error); nothing else is allocated for the common
/// Nordic formats, so reusing one buffer across tens of millions of rows allocates nothing.
/// Returns the calling code. Accepts and rejects exactly what [`PhoneNumber::parse`] does.
pub fn normalize_into(
    input: &str,
    default_region: Option<Region>,
    out: &mut String,
) -> Result<u16, PhoneError> {
    out.clear();
    let scanned = scan(input)?;
    if let Some(code) = fast_path(&scanned, default_region, out) {
        return Ok(code);
    }
    out.clear();
    let result = full_path(&scanned, default_region, out);
    if result.is_err() {
        out.clear();
    }
    result
}

// ---------------------------------------------------------------------------------------------
// Scanning: our own strict tokeniser, shared by both paths.
// ---------------------------------------------------------------------------------------------

/// `00` + a three-digit calling code + the 17-digit maximum national number of the library.
const MAX_DIGITS: usize = 22;

/// The longest national significant number the library represents.
const MAX_NSN: usize = 17;

/// Input reduced to its digits.
#[derive(Debug)]
struct Scanned {
    buf: [u8; MAX_DIGITS],
    len: usize,
    /// The input started with `+`.
    plus: bool,
    /// Index in `digits()` of the first `0` written as `(0)`, the "omit when dialling from
    /// abroad" trunk marker (`+46 (0)70…`).
    paren_zero: Option<usize>,
}

impl Scanned {
    fn digits(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Invisible characters that spreadsheets and copy-paste leave around values.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || is_invisible(c)
        || matches!(
            c,
            '-' | '.' | '/' | '(' | ')' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}'
        )
}

fn scan(input: &str) -> Result<Scanned, PhoneError> {
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
fn ascii(digits: &[u8]) -> &str {
    std::str::from_utf8(digits).unwrap_or("")
}

fn push_u16(out: &mut String, value: u16) {
    let _ = write!(out, "{value}");
}

// ---------------------------------------------------------------------------------------------
// Fast path: the common Nordic shapes, derived from the bundled metadata.
// ---------------------------------------------------------------------------------------------

/// Try the fast path. Returns the calling code and leaves the E.164 form in `out`, or `None`
/// (with `out` untouched) if the input is not one of the shapes it knows.
fn fast_path(scanned: &Scanned, region: Option<Region>, out: &mut String) -> Option<u16> {
    let digits = scanned.digits();
    let (country, nsn) = if scanned.plus {
        fast_international(digits, 0, scanned.paren_zero)?
    } else if let [b'0', b'0', ..] = digits {
        // `00` is the international prefix of all four Nordic countries. With another default
        // region, the full path consults that region's own prefix.
        if region.is_some_and(|r| r.nordic().is_none()) {
            return None;
        }
        fast_international(digits, 2, scanned.paren_zero)?
    } else {
        let country = region?.nordic()?;
        let nsn = match country {
            // Trunk prefix `0` required. Trunk-less input goes to the full path.
            Country::Se | Country::Fi => match digits {
                [b'0', nsn @ ..] => nsn,
                _ => return None,
            },
            // No trunk prefix in Norway and Denmark.
            Country::No | Country::Dk => digits,
        };
        (country, nsn)
    };
    if !general_plausible(country, nsn) {
        return None;
    }
    out.push_str(match country {
        Country::Se => "+46",
        Country::No => "+47",
        Country::Dk => "+45",
        Country::Fi => "+358",
    });
    out.push_str(ascii(nsn));
    Some(country.calling_code())
}

/// Split `digits[skip..]` into a Nordic country and its national significant number, dropping
/// a `(0)` right after the calling code, or a plain trunk `0` for Sweden and Finland.
fn fast_international(
    digits: &[u8],
    skip: usize,
    paren_zero: Option<usize>,
) -> Option<(Country, &[u8])> {
    let rest = digits.get(skip..)?;
    let (country, cc_len) = match rest {
        [b'4', b'6', ..] => (Country::Se, 2),
        [b'4', b'7', ..] => (Country::No, 2),
        [b'4', b'5', ..] => (Country::Dk, 2),
        [b'3', b'5', b'8', ..] => (Country::Fi, 3),
        _ => return None,
    };
    let nsn = rest.get(cc_len..)?;
    let nsn = if paren_zero == Some(skip + cc_len) {
        nsn.get(1..)?
    } else {
        match (country, nsn) {
            (Country::Se | Country::Fi, [b'0', tail @ ..]) => tail,
            _ => nsn,
        }
    };
    Some((country, nsn))
}

type Lengths = std::ops::RangeInclusive<usize>;

/// Whether a Nordic national significant number has a form the country's general pattern
/// allows, for the lengths the fast path takes: SE `[1-9]\d{8}|[1-689]\d{7}|[1-4689]\d{6}`,
/// NO and DK `[2-9]\d{7}`; FI by the ranges of [`fi_lengths`]. Other forms go to the full path.
fn general_plausible(country: Country, nsn: &[u8]) -> bool {
    if !nsn.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let Some(first) = nsn.first().map(|d| d - b'0') else {
        return false;
    };
    match (country, nsn.len()) {
        (Country::Se, 9) => first >= 1,
        (Country::Se, 8) => matches!(first, 1..=6 | 8 | 9),
        (Country::Se, 7) => matches!(first, 1..=4 | 6 | 8 | 9),
        (Country::No | Country::Dk, 8) => first >= 2,
        (Country::Fi, _) => fi_lengths(nsn).is_some_and(|l| l.contains(&nsn.len())),
        _ => false,
    }
}

/// The allowed lengths of a Nordic national significant number (without trunk `0`) that starts
/// like `nsn`, or `None` if `nsn` does not start like a number the fast path knows.
fn nordic_lengths(country: Country, nsn: &[u8]) -> Option<Lengths> {
    if !nsn.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match country {
        Country::Se => se_lengths(nsn),
        Country::No => no_lengths(nsn),
        Country::Dk => dk_lengths(nsn),
        Country::Fi => fi_lengths(nsn),
    }
}

/// Sweden. From the `SE` metadata: mobile `7[02369]\d{7}`; fixed line
/// `(?:(?:[12][136]|3[356]|4[0246]|6[03]|8\d)\d|90[1-9])\d{4,6}` and the three-digit area
/// codes (see [`se_three_digit_area`]) followed by `\d{5,6}`.
fn se_lengths(n: &[u8]) -> Option<Lengths> {
    match *n {
        [b'7', b'0' | b'2' | b'3' | b'6' | b'9', ..] => Some(9..=9),
        [b'8', ..] | [b'9', b'0', b'1'..=b'9', ..] => Some(7..=9),
        [a, b, c, ..] => {
            let (a, b, c) = (a - b'0', b - b'0', c - b'0');
            if se_two_digit_area(a, b) {
                Some(7..=9)
            } else if se_three_digit_area(a, b, c) {
                Some(8..=9)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Stockholm aside, the two-digit Swedish area codes: `[12][136]|3[356]|4[0246]|6[03]`.
fn se_two_digit_area(a: u8, b: u8) -> bool {
    matches!(
        (a, b),
        (1 | 2, 1 | 3 | 6) | (3, 3 | 5 | 6) | (4, 0 | 2 | 4 | 6) | (6, 0 | 3)
    )
}

/// The three-digit Swedish area codes of the `SE` fixed-line pattern:
/// `1(?:2[0-35]|4[0-4]|5[0-25-9]|7[13-6]|[89]\d)|2(?:2[0-7]|4[0136-8]|5[0138]|7[018]|8[01]|9[0-57])|`
/// `3(?:0[0-4]|1\d|2[0-25]|4[056]|7[0-2]|8[0-3]|9[023])|4(?:1[013-8]|3[0135]|5[14-79]|7[0-246-9]|8[0156]|9[0-689])|`
/// `5(?:0[0-6]|[15][0-5]|2[0-68]|3[0-4]|4\d|6[03-5]|7[013]|8[0-79]|9[01])|`
/// `6(?:1[1-3]|2[0-4]|4[02-57]|5[0-37]|6[0-3]|7[0-2]|8[0247]|9[0-356])|`
/// `9(?:1[0-68]|2\d|3[02-5]|4[0-3]|5[0-4]|[68][01]|7[0135-8])`.
fn se_three_digit_area(a: u8, b: u8, c: u8) -> bool {
    match (a, b) {
        (1, 2) => matches!(c, 0..=3 | 5),
        (1, 4) => matches!(c, 0..=4),
        (1, 5) => matches!(c, 0..=2 | 5..=9),
        (1, 7) => matches!(c, 1 | 3..=6),
        (1, 8 | 9) => true,
        (2, 2) => matches!(c, 0..=7),
        (2, 4) => matches!(c, 0 | 1 | 3 | 6..=8),
        (2, 5) => matches!(c, 0 | 1 | 3 | 8),
        (2, 7) => matches!(c, 0 | 1 | 8),
        (2, 8) => matches!(c, 0 | 1),
        (2, 9) => matches!(c, 0..=5 | 7),
        (3, 0) => matches!(c, 0..=4),
        (3, 1) => true,
        (3, 2) => matches!(c, 0..=2 | 5),
        (3, 4) => matches!(c, 0 | 5 | 6),
        (3, 7) => matches!(c, 0..=2),
        (3, 8) => matches!(c, 0..=3),
        (3, 9) => matches!(c, 0 | 2 | 3),
        (4, 1) => matches!(c, 0 | 1 | 3..=8),
        (4, 3) => matches!(c, 0 | 1 | 3 | 5),
        (4, 5) => matches!(c, 1 | 4..=7 | 9),
        (4, 7) => matches!(c, 0..=2 | 4 | 6..=9),
        (4, 8) => matches!(c, 0 | 1 | 5 | 6),
        (4, 9) => matches!(c, 0..=6 | 8 | 9),
        (5, 0) => matches!(c, 0..=6),
        (5, 1 | 5) => matches!(c, 0..=5),
        (5, 2) => matches!(c, 0..=6 | 8),
        (5, 3) => matches!(c, 0..=4),
        (5, 4) => true,
        (5, 6) => matches!(c, 0 | 3..=5),
        (5, 7) => matches!(c, 0 | 1 | 3),
        (5, 8) => matches!(c, 0..=7 | 9),
        (5, 9) => matches!(c, 0 | 1),
        (6, 1) => matches!(c, 1..=3),
        (6, 2) => matches!(c, 0..=4),
        (6, 4) => matches!(c, 0 | 2..=5 | 7),
        (6, 5) => matches!(c, 0..=3 | 7),
        (6, 6) => matches!(c, 0..=3),
        (6, 7) => matches!(c, 0..=2),
        (6, 8) => matches!(c, 0 | 2 | 4 | 7),
        (6, 9) => matches!(c, 0..=3 | 5 | 6),
        (9, 1) => matches!(c, 0..=6 | 8),
        (9, 2) => true,
        (9, 3) => matches!(c, 0 | 2..=5),
        (9, 4) => matches!(c, 0..=3),
        (9, 5) => matches!(c, 0..=4),
        (9, 6 | 8) => matches!(c, 0 | 1),
        (9, 7) => matches!(c, 0 | 1 | 3 | 5..=8),
        _ => false,
    }
}

/// Norway, eight digits. From the `NO` metadata: mobile `[49]\d{7}`; fixed line
/// `(?:2[1-4]|3[1-3578]|5[1-35-7]|6[1-46-9]|7[0-8])\d{6}` (`79…` is Svalbard: full path).
fn no_lengths(n: &[u8]) -> Option<Lengths> {
    match *n {
        [b'4' | b'9', ..]
        | [b'2', b'1'..=b'4', ..]
        | [b'3', b'1'..=b'3' | b'5' | b'7' | b'8', ..]
        | [b'5', b'1'..=b'3' | b'5'..=b'7', ..]
        | [b'6', b'1'..=b'4' | b'6'..=b'9', ..]
        | [b'7', b'0'..=b'8', ..] => Some(8..=8),
        _ => None,
    }
}

/// Denmark, eight digits. From the `DK` mobile pattern (Danish ranges are mostly shared by
/// mobile and fixed line, so the metadata cannot tell them apart):
/// `(?:2[6-8]|37|6[78]|96)\d{6}|(?:2[0-59]|3[0-689]|[457]\d|6[0-69]|8[126-9]|9[1-47-9])[1-9]\d{5}`.
fn dk_lengths(n: &[u8]) -> Option<Lengths> {
    match *n {
        [b'2', b'6'..=b'8', ..] | [b'3', b'7', ..] | [b'6', b'7' | b'8', ..] | [b'9', b'6', ..] => {
            Some(8..=8)
        }
        [b'2', b'0'..=b'5' | b'9', b'1'..=b'9', ..]
        | [b'3', b'0'..=b'6' | b'8' | b'9', b'1'..=b'9', ..]
        | [b'4' | b'5' | b'7', _, b'1'..=b'9', ..]
        | [b'6', b'0'..=b'6' | b'9', b'1'..=b'9', ..]
        | [b'8', b'1' | b'2' | b'6'..=b'9', b'1'..=b'9', ..]
        | [b'9', b'1'..=b'4' | b'7'..=b'9', b'1'..=b'9', ..] => Some(8..=8),
        _ => None,
    }
}

/// Finland. From the `FI` metadata: mobile `(?:4[0-8]|50)\d{4,8}`; fixed line
/// `1[3-7][1-8]\d{3,6}` and `(?:19[1-8]|[23568][1-8]\d|9[1-8]\d)\d{2,6}`.
fn fi_lengths(n: &[u8]) -> Option<Lengths> {
    match *n {
        [b'4', b'0'..=b'8', ..] | [b'5', b'0', ..] => Some(6..=10),
        [b'1', b'3'..=b'7', b'1'..=b'8', ..] => Some(6..=9),
        [b'1', b'9', b'1'..=b'8', ..]
        | [b'2' | b'3' | b'5' | b'6' | b'8' | b'9', b'1'..=b'8', ..] => Some(5..=9),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Full path: the phonenumber crate, with guards.
// ---------------------------------------------------------------------------------------------

fn full_path(
    scanned: &Scanned,
    region: Option<Region>,
    out: &mut String,
) -> Result<u16, PhoneError> {
    let digits = scanned.digits();
    if scanned.plus {
        return full_international(digits, scanned.paren_zero, out);
    }
    let Some(region) = region else {
        // Without a region, `00` is taken as the international prefix (it is in most of the
        // world, and in all of Europe); anything else is national form.
        return match digits {
            [b'0', b'0', rest @ ..] => {
                full_international(rest, scanned.paren_zero.and_then(|i| i.checked_sub(2)), out)
            }
            _ => Err(PhoneError::NeedsRegion),
        };
    };
    let meta = region.metadata().ok_or(PhoneError::Invalid)?;
    let text = ascii(digits);
    // The region's own international prefix (`00`, Finland's `99x`, the US `011`, …), as the
    // library recognises it, but the number after it is parsed without the region.
    if let Some(idd) = meta.international_prefix()
        && let Some(found) = idd.find(text)
        && found.start() == 0
        && !matches!(digits.get(found.end()), None | Some(b'0'))
    {
        let end = found.end();
        let rest = digits.get(end..).unwrap_or(&[]);
        return full_international(
            rest,
            scanned.paren_zero.and_then(|i| i.checked_sub(end)),
            out,
        );
    }
    let code = meta.country_code();
    let mut code_text = String::with_capacity(3);
    push_u16(&mut code_text, code);
    if text.starts_with(&code_text) {
        // The library would always read these digits as "calling code without `+`". Prefer the
        // national reading (the Norwegian mobile `47 12 34 56`); fall back to the library's.
        let mut with_code = [0u8; MAX_DIGITS + 3];
        let national = join(&mut with_code, code_text.as_bytes(), digits, None)?;
        return match full_international(national, None, out) {
            Ok(code) => Ok(code),
            Err(national_error) => {
                out.clear();
                library_national(text, region, code, out).map_err(|_| national_error)
            }
        };
    }
    library_national(text, region, code, out)
}

/// Concatenate `a` and `b` (without the digit at `skip` of `b`) into `buf`; too long for
/// `buf` is [`PhoneError::TooLong`].
fn join<'a>(
    buf: &'a mut [u8],
    a: &[u8],
    b: &[u8],
    skip: Option<usize>,
) -> Result<&'a [u8], PhoneError> {
    let kept = b
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != skip)
        .map(|(_, d)| d);
    let mut len = 0;
    for digit in a.iter().chain(kept) {
        *buf.get_mut(len).ok_or(PhoneError::TooLong)? = *digit;
        len += 1;
    }
    Ok(buf.get(..len).unwrap_or(&[]))
}

/// Parse national-form digits with the library and `region`.
fn library_national(
    text: &str,
    region: Region,
    code: u16,
    out: &mut String,
) -> Result<u16, PhoneError> {
    let id: phonenumber::country::Id = region.as_str().parse().map_err(|_| PhoneError::Invalid)?;
    let number = phonenumber::parse(Some(id), text).map_err(|e| map_parse_error(&e))?;
    if number.code().value() != code
        || matches!(
            number.code().source(),
            phonenumber::country::Source::Idd | phonenumber::country::Source::Plus
        )
    {
        return Err(PhoneError::Invalid);
    }
    finish(&number, out)
}

/// Parse `digits` (calling code + national number, no prefix) with the library and no region.
fn full_international(
    digits: &[u8],
    paren_zero: Option<usize>,
    out: &mut String,
) -> Result<u16, PhoneError> {
    match digits {
        [] => return Err(PhoneError::TooShort),
        [b'0', ..] => return Err(PhoneError::UnknownCountryCode),
        _ => {}
    }
    let Some(code_len) = (1..=3).find(|&len| {
        digits
            .get(..len)
            .and_then(|prefix| ascii(prefix).parse::<u16>().ok())
            .is_some_and(|code| DATABASE.by_code(&code).is_some())
    }) else {
        return Err(if digits.len() < 3 {
            PhoneError::TooShort
        } else {
            PhoneError::UnknownCountryCode
        });
    };
    if digits.len().saturating_sub(code_len) > MAX_NSN {
        return Err(PhoneError::TooLong);
    }
    // `+` + digits, dropping a `(0)` written right after the calling code.
    let mut buf = [0u8; MAX_DIGITS + 1];
    let skip = paren_zero.filter(|&i| i == code_len);
    let text = ascii(join(&mut buf, b"+", digits, skip)?);
    let number = phonenumber::parse(None, text).map_err(|e| map_parse_error(&e))?;
    finish(&number, out)
}

fn map_parse_error(error: &phonenumber::ParseError) -> PhoneError {
    use phonenumber::ParseError as E;
    match error {
        E::NoNumber | E::TooShortAfterIdd | E::TooShortNsn => PhoneError::TooShort,
        E::InvalidCountryCode => PhoneError::UnknownCountryCode,
        E::TooLong => PhoneError::TooLong,
        E::MalformedInteger(_) => PhoneError::Invalid,
    }
}

/// Validate a parsed number strictly and write its E.164 form.
fn finish(number: &phonenumber::PhoneNumber, out: &mut String) -> Result<u16, PhoneError> {
    if number.extension().is_some() {
        return Err(PhoneError::InvalidCharacters);
    }
    let code = number.code().value();
    let mut nsn = String::with_capacity(MAX_NSN);
    let _ = write!(nsn, "{}", number.national());
    // All regions sharing the calling code (`+47`: Norway and Svalbard, `+1`: NANP, …).
    let database: &'static phonenumber::metadata::Database = &DATABASE;
    let regions = database.by_code(&code).unwrap_or_default();
    if !plausible(&regions, &nsn) {
        return Err(classify(code, &regions, &nsn));
    }
    // A form that only works locally (a seven-digit North American number, say) is read back
    // differently from its own E.164 text; such a number is not a complete one.
    let e164 = format!("+{code}{nsn}");
    let stable = phonenumber::parse(None, &e164)
        .is_ok_and(|again| again.code().value() == code && again.national().to_string() == nsn);
    if !stable {
        return Err(PhoneError::Invalid);
    }
    out.push('+');
    push_u16(out, code);
    out.push_str(&nsn);
    Ok(code)
}

/// Why a parsed number is not valid: too short or too long for the range it starts like (known
/// for the Nordic ranges of the fast path), or for every number type of its calling code;
/// otherwise just invalid.
fn classify(code: u16, regions: &[&Metadata], nsn: &str) -> PhoneError {
    let len = nsn.len();
    let nordic = Country::from_calling_code(code).and_then(|c| nordic_lengths(c, nsn.as_bytes()));
    let lengths = || {
        regions
            .iter()
            .flat_map(|meta| type_descriptors(meta))
            .flatten()
            .flat_map(|d| d.possible_length().iter().map(|&l| usize::from(l)))
    };
    let min = nordic
        .as_ref()
        .map(|r| *r.start())
        .or_else(|| lengths().min());
    let max = nordic
        .as_ref()
        .map(|r| *r.end())
        .or_else(|| lengths().max());
    match (min, max) {
        (Some(min), _) if len < min => PhoneError::TooShort,
        (_, Some(max)) if len > max => PhoneError::TooLong,
        _ => PhoneError::Invalid,
    }
}

/// The number types the library's validator considers.
fn type_descriptors(meta: &Metadata) -> [Option<&Descriptor>; 10] {
    let d = meta.descriptors();
    [
        d.premium_rate(),
        d.toll_free(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
        d.fixed_line(),
        d.mobile(),
    ]
}

/// Is the number plausible: does the *whole* national number match, for some region of its
/// calling code, the general pattern, with a length some number type of that region allows?
///
/// This is deliberately not the library's `is_valid`, which also requires the number to fall in
/// a range the bundled metadata knows to be allocated. Metadata lags behind the operators (new
/// ranges open every year), and a do-not-contact register must never refuse an objection, nor
/// fail to match a suppression, because a real number is newer than its metadata. Typos of
/// the wrong length or shape are still refused.
fn plausible(regions: &[&'static Metadata], nsn: &str) -> bool {
    let len = u16::try_from(nsn.len()).unwrap_or(u16::MAX);
    regions.iter().any(|meta| {
        let lengths = type_descriptors(meta)
            .into_iter()
            .flatten()
            .flat_map(|d| d.possible_length().iter());
        anchored_match(meta, 0, meta.descriptors().general(), nsn)
            && lengths.clone().any(|l| *l == len)
    })
}

/// A compiled, fully anchored metadata pattern.
type Matcher = Box<dyn Fn(&str) -> bool + Send + Sync>;

/// Anchored patterns by (region, descriptor index: 0 general, 1.. the number types). Compiled
/// once each, on first use; a few hundred at most.
static ANCHORED: LazyLock<RwLock<HashMap<(&'static str, usize), Matcher>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Does the whole of `nsn` match descriptor `index` of `meta`?
fn anchored_match(meta: &'static Metadata, index: usize, d: &Descriptor, nsn: &str) -> bool {
    let key = (meta.id(), index);
    {
        let map = ANCHORED.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(matcher) = map.get(&key) {
            return matcher(nsn);
        }
    }
    // The library offers no way to run its patterns anchored, nor to compile new ones, except
    // through its own regex cache; the compiled pattern is cloned out of it and kept here. The
    // library's cache is locked only for this, never across a call into the library.
    let anchored = format!("^(?:{}\n)$", d.national_number().as_str());
    let matcher: Matcher = {
        let cache = DATABASE.cache();
        let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
        match cache.configure(&anchored, |builder| builder.ignore_whitespace(true)) {
            Ok(regex) => {
                let regex = regex.clone();
                Box::new(move |text: &str| regex.is_match(text))
            }
            Err(_) => Box::new(|_: &str| false),
        }
    };
    let result = matcher(nsn);
    ANCHORED
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, matcher);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e164(input: &str, region: Option<Region>) -> Result<String, PhoneError> {
        PhoneNumber::parse(input, region).map(|n| n.e164().to_owned())
    }

    fn ok(input: &str, region: Option<Region>, expected: &str) {
        assert_eq!(
            e164(input, region).as_deref(),
            Ok(expected),
            "input {input:?} region {region:?}"
        );
    }

    const SE: Option<Region> = Some(Region::SE);
    const NO: Option<Region> = Some(Region::NO);
    const DK: Option<Region> = Some(Region::DK);
    const FI: Option<Region> = Some(Region::FI);

    // ---- must work ------------------------------------------------------------------------

    #[test]
    fn swedish_mobile_national() {
        ok("070-123 45 67", SE, "+46701234567");
    }

    #[test]
    fn swedish_mobile_international() {
        ok("+46 70 123 45 67", None, "+46701234567");
        ok("+46 70 123 45 67", SE, "+46701234567");
        ok(
            "+46 70 123 45 67",
            Some("DE".parse().unwrap()),
            "+46701234567",
        );
    }

    #[test]
    fn idd_00_with_and_without_region() {
        for region in [None, SE, NO, Some("DE".parse().unwrap())] {
            ok("0046701234567", region, "+46701234567");
            ok("00 47 912 34 567", region, "+4791234567");
        }
    }

    #[test]
    fn trunk_in_parentheses() {
        ok("+46 (0)70 123 45 67", None, "+46701234567");
        ok("+46 (0)70 123 45 67", SE, "+46701234567");
        ok("0046 (0)8-123 456 78", None, "+46812345678");
        ok("+358 (0)40 1234567", None, "+358401234567");
        ok("+44 (0)20 7946 0958", None, "+442079460958");
        ok("+49 (0)30 123456", None, "+4930123456");
    }

    #[test]
    fn norwegian_danish_finnish() {
        ok("912 34 567", NO, "+4791234567");
        ok("20 12 34 56", DK, "+4520123456");
        ok("040 1234567", FI, "+358401234567");
        ok("+47 22 12 34 56", None, "+4722123456");
        ok("+47 22 12 34 56", DK, "+4722123456");
    }

    #[test]
    fn stockholm_landline() {
        ok("08-123 456 78", SE, "+46812345678");
        ok("08-12 34 56", SE, "+468123456");
    }

    #[test]
    fn german_and_british_numbers_in_international_form_with_region_se() {
        ok("+49 30 1234567", SE, "+49301234567");
        ok("0049 30 1234567", SE, "+49301234567");
        ok("+44 20 7946 0958", SE, "+442079460958");
        ok("+44 7911 123456", SE, "+447911123456");
    }

    #[test]
    fn national_form_for_other_regions() {
        ok("030 1234567", Some("DE".parse().unwrap()), "+49301234567");
        ok(
            "020 7946 0958",
            Some("GB".parse().unwrap()),
            "+442079460958",
        );
    }

    #[test]
    fn separators() {
        ok("070\t123\t45\t67", SE, "+46701234567");
        ok("070\u{a0}123\u{a0}45\u{a0}67", SE, "+46701234567");
        ok("070\u{202f}123\u{2009}45 67", SE, "+46701234567");
        ok("070.123.45.67", SE, "+46701234567");
        ok("070/123 45 67", SE, "+46701234567");
        ok("(070) 123-45-67", SE, "+46701234567");
        ok("070\u{2013}123\u{2013}45\u{2013}67", SE, "+46701234567");
        ok("\u{feff} 070-123 45 67 \u{a0}", SE, "+46701234567");
        ok("\u{ff0b}46 70 123 45 67", None, "+46701234567");
    }

    #[test]
    fn national_numbers_starting_with_the_calling_code() {
        // Valid national numbers that begin with the country's own calling code.
        ok("47 12 34 56", NO, "+4747123456");
        ok("45 32 12 34", DK, "+4545321234");
        // The calling code written without `+`.
        ok("47 91 23 45 67", NO, "+4791234567");
        ok("46 70 123 45 67", SE, "+46701234567");
        ok("45 20 12 34 56", DK, "+4520123456");
    }

    #[test]
    fn other_idd_of_the_region() {
        ok(
            "011 46 70 123 45 67",
            Some("US".parse().unwrap()),
            "+46701234567",
        );
        // Finnish carrier prefix 994, then an Italian fixed line keeping its leading zero.
        ok("994 39 06 1234 5678", FI, "+390612345678");
    }

    #[test]
    fn accessors_and_formatting() {
        let n = PhoneNumber::parse("070-123 45 67", SE).unwrap();
        assert_eq!(n.e164(), "+46701234567");
        assert_eq!(n.calling_code(), 46);
        assert_eq!(n.country(), Some(Country::Se));
        assert_eq!(n.to_string(), "+46701234567");
        let debug = format!("{n:?}");
        assert_eq!(debug, "PhoneNumber(+46…, redacted)");
        assert!(!debug.contains("70123"));
        let de = PhoneNumber::parse("+49 30 1234567", None).unwrap();
        assert_eq!(de.country(), None);
        assert_eq!(
            PhoneNumber::parse("+358 40 1234567", None)
                .unwrap()
                .country(),
            Some(Country::Fi)
        );
        assert_eq!(
            PhoneNumber::parse("+47 912 34 567", None)
                .unwrap()
                .country(),
            Some(Country::No)
        );
        assert_eq!(
            PhoneNumber::parse("+45 20 12 34 56", None)
                .unwrap()
                .country(),
            Some(Country::Dk)
        );
    }

    #[test]
    fn serde_round_trip() {
        let n = PhoneNumber::parse("070-123 45 67", SE).unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"+46701234567\"");
        let back: PhoneNumber = serde_json::from_str(&json).unwrap();
        assert_eq!(back, n);
        // Deserialisation parses without a region.
        assert!(serde_json::from_str::<PhoneNumber>("\"070-123 45 67\"").is_err());
        assert!(serde_json::from_str::<PhoneNumber>("\"+3367a829916\"").is_err());
        let back: PhoneNumber = serde_json::from_str("\"0046 70 123 45 67\"").unwrap();
        assert_eq!(back, n);
        let error = serde_json::from_str::<PhoneNumber>("\"+46 70 123 45 6\"").unwrap_err();
        assert!(!error.to_string().contains("70 123"));
    }

    #[test]
    fn region_parsing_and_serde() {
        assert_eq!("se".parse::<Region>(), Ok(Region::SE));
        assert_eq!(" No ".parse::<Region>(), Ok(Region::NO));
        assert_eq!("DE".parse::<Region>().unwrap().as_str(), "DE");
        assert_eq!("gb".parse::<Region>().unwrap().to_string(), "GB");
        for bad in ["", "S", "SWE", "XX", "ZZ", "1A", "001", "S\u{e9}", "ÅÄ"] {
            assert_eq!(
                bad.parse::<Region>(),
                Err(PhoneError::UnknownRegion),
                "{bad:?}"
            );
        }
        for c in Country::ALL {
            assert_eq!(Region::from(c).as_str(), c.code());
        }
        assert_eq!(serde_json::to_string(&Region::FI).unwrap(), "\"FI\"");
        assert_eq!(
            serde_json::from_str::<Region>("\"dk\"").unwrap(),
            Region::DK
        );
        assert!(serde_json::from_str::<Region>("\"QQ\"").is_err());
    }

    #[test]
    fn normalize_into_clears_and_reuses_the_buffer() {
        let mut out = String::from("garbage");
        assert_eq!(normalize_into("070-123 45 67", SE, &mut out), Ok(46));
        assert_eq!(out, "+46701234567");
        assert_eq!(normalize_into("+49 30 1234567", None, &mut out), Ok(49));
        assert_eq!(out, "+49301234567");
        assert_eq!(
            normalize_into("070-CALL-NOW", SE, &mut out),
            Err(PhoneError::InvalidCharacters)
        );
        assert_eq!(out, "");
        assert_eq!(
            normalize_into("+46 70 123 45 6", None, &mut out),
            Err(PhoneError::TooShort)
        );
        assert_eq!(out, "");
    }

    // ---- must fail ------------------------------------------------------------------------

    fn err(input: &str, region: Option<Region>, expected: PhoneError) {
        assert_eq!(
            e164(input, region),
            Err(expected),
            "input {input:?} region {region:?}"
        );
    }

    #[test]
    fn empty_and_placeholders() {
        for region in [None, SE] {
            err("", region, PhoneError::Empty);
            err("   \t\u{a0}", region, PhoneError::Empty);
            err("-", region, PhoneError::Empty);
            err("+", region, PhoneError::Empty);
            err("()", region, PhoneError::Empty);
            err("N/A", region, PhoneError::InvalidCharacters);
            err("n/a", region, PhoneError::InvalidCharacters);
            err("?", region, PhoneError::InvalidCharacters);
        }
    }

    /// Defect: the library converts letters to digits (`+3367a829916` → `+33672829916`).
    #[test]
    fn letters_are_rejected_never_converted() {
        assert!(
            phonenumber::parse(None, "+3367a829916").is_ok(),
            "library defect fixed?"
        );
        for region in [None, SE] {
            err("+3367a829916", region, PhoneError::InvalidCharacters);
            err("070-CALL-NOW", region, PhoneError::InvalidCharacters);
            err("+46 70 123 45 6x", region, PhoneError::InvalidCharacters);
            err("tel:+46701234567", region, PhoneError::InvalidCharacters);
            err("+46701234567;ext=12", region, PhoneError::InvalidCharacters);
            err(
                "070-123 45 67 ext 12",
                region,
                PhoneError::InvalidCharacters,
            );
            err("0701234567#", region, PhoneError::InvalidCharacters);
            err("46+701234567", region, PhoneError::InvalidCharacters);
            err("++46701234567", region, PhoneError::InvalidCharacters);
            err(
                "\u{ff10}70 123 45 67",
                region,
                PhoneError::InvalidCharacters,
            );
        }
        err("070 123 45 67 / 08 123 456 78", SE, PhoneError::TooLong);
    }

    /// Defect: `00` international prefix without a region gives "invalid country code".
    #[test]
    fn idd_without_region_is_handled() {
        assert!(
            phonenumber::parse(None, "0046701234567").is_err(),
            "library defect fixed?"
        );
        ok("0046701234567", None, "+46701234567");
        err("000046701234567", None, PhoneError::UnknownCountryCode);
        err("00", None, PhoneError::TooShort);
    }

    /// Defect: too-long numbers pass `parse` and even `is_valid`.
    #[test]
    fn too_long_numbers_are_rejected() {
        let library = phonenumber::parse(None, "+97233142764978").unwrap();
        assert!(phonenumber::is_valid(&library), "library defect fixed?");
        err("+97233142764978", None, PhoneError::Invalid);
        err("+46 70 123 45 678", None, PhoneError::TooLong);
        err("070-123 45 678", SE, PhoneError::TooLong);
        err("912 34 5678", NO, PhoneError::TooLong);
        err("+45 20 12 34 567", None, PhoneError::TooLong);
        err("+358 40 1234 567890", None, PhoneError::TooLong);
        err(
            "+46 70 123 45 67 89 01 23 45 67 89",
            None,
            PhoneError::TooLong,
        );
        err(
            "070 123 45 67 89 01 23 45 67 89 01 23",
            SE,
            PhoneError::TooLong,
        );
    }

    #[test]
    fn too_short_numbers_are_rejected() {
        err("+46 70 123 45 6", None, PhoneError::TooShort);
        err("070-123", SE, PhoneError::TooShort);
        err("912 34", NO, PhoneError::TooShort);
        err("12", SE, PhoneError::TooShort);
        err("+4", None, PhoneError::TooShort);
        err("+46", None, PhoneError::TooShort);
    }

    #[test]
    fn unknown_country_codes_are_rejected() {
        err("+999 123 456 789", None, PhoneError::UnknownCountryCode);
        err("+0 46 70 123 45 67", None, PhoneError::UnknownCountryCode);
        err("00 999 123 456 789", None, PhoneError::UnknownCountryCode);
        err("00 999 123 456 789", SE, PhoneError::UnknownCountryCode);
    }

    #[test]
    fn numbers_that_parse_but_are_not_valid() {
        // Norwegian numbers do not start with 1, Danish ones not with 0.
        assert!(phonenumber::parse(None, "+4712345678").is_ok());
        err("+47 1234 5678", None, PhoneError::Invalid);
        err("+45 01 23 45 67", None, PhoneError::Invalid);
        err("071-123 45", SE, PhoneError::Invalid);
    }

    #[test]
    fn plausible_numbers_outside_known_ranges_are_accepted() {
        // Swedish `71` and Danish `22 0…` are not in the bundled metadata's allocated ranges,
        // but have the country's shape: metadata lags, and an objection must never be refused
        // because the number is newer than the library.
        let n = phonenumber::parse(None, "+4522065476").unwrap();
        assert!(!phonenumber::is_valid(&n));
        ok("+45 22 06 54 76", None, "+4522065476");
        ok("22 06 54 76", DK, "+4522065476");
        ok("+46 71 123 45 67", None, "+46711234567");
        assert_eq!(fast("22065476", DK).as_deref(), Some("+4522065476"));
    }

    #[test]
    fn national_form_needs_a_region() {
        err("070-123 45 67", None, PhoneError::NeedsRegion);
        err("46701234567", None, PhoneError::NeedsRegion);
    }

    /// Defect: fuzzing found a panic on `"  2 22#:"`.
    #[test]
    fn fuzz_panic_input_is_rejected() {
        for region in [None, SE, NO, DK, FI, Some("US".parse().unwrap())] {
            err("  2 22#:", region, PhoneError::InvalidCharacters);
            err(" 2 22#:", region, PhoneError::InvalidCharacters);
            err(".;phone-context=", region, PhoneError::InvalidCharacters);
            err(
                "+dwPAA;phone-context=AA",
                region,
                PhoneError::InvalidCharacters,
            );
        }
    }

    /// Defect: a region hint is applied to numbers of other countries.
    #[test]
    fn region_hint_does_not_distort_foreign_numbers() {
        let library =
            phonenumber::parse(Some(phonenumber::country::SE), "+39 06 1234 5678").unwrap();
        assert_eq!(library.code().value(), 39);
        assert!(!phonenumber::is_valid(&library), "library defect fixed?");
        for region in [None, SE, FI, Some("IT".parse().unwrap())] {
            ok("+39 06 1234 5678", region, "+390612345678");
            ok("0039 06 1234 5678", region, "+390612345678");
        }
        // And the Norwegian mobile `47 12 34 56` is not read as `+47 123456`.
        let library = phonenumber::parse(Some(phonenumber::country::NO), "47123456").unwrap();
        assert!(!phonenumber::is_valid(&library), "library defect fixed?");
        ok("47 12 34 56", NO, "+4747123456");
    }

    #[test]
    fn errors_never_echo_the_input() {
        let inputs = [
            "+3367a829916",
            "070-123 45 6",
            "+999 123 456",
            "070-123 45 67",
            "+47 1234 5678",
        ];
        for input in inputs {
            let error = PhoneNumber::parse(input, None).unwrap_err();
            let text = format!("{error} {error:?}");
            assert!(!text.contains("123"), "{text}");
            assert!(!text.contains("3367"), "{text}");
        }
    }

    // ---- fast path ----------------------------------------------------------------------------

    fn fast(input: &str, region: Option<Region>) -> Option<String> {
        let scanned = scan(input).ok()?;
        let mut out = String::new();
        fast_path(&scanned, region, &mut out).map(|_| out)
    }

    fn full(input: &str, region: Option<Region>) -> Result<String, PhoneError> {
        let scanned = scan(input)?;
        let mut out = String::new();
        full_path(&scanned, region, &mut out).map(|_| out)
    }

    #[test]
    fn fast_path_covers_the_common_nordic_shapes() {
        let cases: &[(&str, Option<Region>, &str)] = &[
            ("070-123 45 67", SE, "+46701234567"),
            ("+46 70 123 45 67", None, "+46701234567"),
            ("+46 70 123 45 67", Some(Region::DK), "+46701234567"),
            ("0046701234567", None, "+46701234567"),
            ("0046701234567", SE, "+46701234567"),
            ("+46 (0)70 123 45 67", None, "+46701234567"),
            ("+46 070 123 45 67", None, "+46701234567"),
            ("08-123 456 78", SE, "+46812345678"),
            ("031-12 34 56", SE, "+4631123456"),
            ("018-12 34 56", SE, "+4618123456"),
            ("0471-123 45", SE, "+4647112345"),
            ("912 34 567", NO, "+4791234567"),
            ("412 34 567", NO, "+4741234567"),
            ("47 12 34 56", NO, "+4747123456"),
            ("22 12 34 56", NO, "+4722123456"),
            ("+47 22 12 34 56", None, "+4722123456"),
            ("00 47 912 34 567", None, "+4791234567"),
            ("20 12 34 56", DK, "+4520123456"),
            ("+45 20 12 34 56", None, "+4520123456"),
            ("040 1234567", FI, "+358401234567"),
            ("050 123 4567", FI, "+358501234567"),
            ("09 123 4567", FI, "+35891234567"),
            ("+358 40 1234567", None, "+358401234567"),
            ("+358 (0)9 123 4567", None, "+35891234567"),
        ];
        for (input, region, expected) in cases {
            assert_eq!(
                fast(input, *region).as_deref(),
                Some(*expected),
                "fast {input:?}"
            );
            assert_eq!(
                full(input, *region).as_deref(),
                Ok(*expected),
                "full {input:?}"
            );
        }
    }

    #[test]
    fn fast_path_declines_what_it_does_not_know() {
        for (input, region) in [
            ("+49 30 1234567", SE),
            ("0049 30 1234567", Some("DE".parse().unwrap())),
            ("701234567", SE),
            ("+46 71 123 45 678", None),
            ("+46 70 123 45 678", None),
            ("+46 00 70 123 45 67", None),
            ("+47 0 912 34 567", None),
            ("0046 70 123 45 67", Some("US".parse().unwrap())),
            ("070-123 45 67", None),
        ] {
            assert_eq!(fast(input, region), None, "{input:?}");
        }
    }

    /// Every Nordic national number prefix (three digits) at every plausible length, in national
    /// and international form: whenever the fast path answers, the full path gives the same.
    #[test]
    fn fast_path_agrees_with_full_path_on_all_prefixes() {
        let tails = ["0000000000", "5555555555", "1234567890", "9876543210"];
        let mut accepted = 0usize;
        for country in Country::ALL {
            let cc = country.calling_code();
            for prefix in 0..1000u32 {
                for len in 4..=11usize {
                    for tail in tails {
                        let nsn: String = format!("{prefix:03}{tail}").chars().take(len).collect();
                        let trunk = if matches!(country, Country::Se | Country::Fi) {
                            "0"
                        } else {
                            ""
                        };
                        for (input, region) in [
                            (format!("{trunk}{nsn}"), Some(Region::from(country))),
                            (format!("+{cc}{nsn}"), None),
                            (format!("00{cc}(0){nsn}"), None),
                        ] {
                            if let Some(fast) = fast(&input, region) {
                                accepted += 1;
                                assert_eq!(full(&input, region), Ok(fast), "{input:?} {region:?}");
                            }
                        }
                    }
                }
            }
        }
        assert!(accepted > 50_000, "fast path accepted only {accepted}");
    }

    // ---- property tests -----------------------------------------------------------------------

    fn regions() -> impl Strategy<Value = Option<Region>> {
        prop_oneof![
            Just(None),
            Just(SE),
            Just(NO),
            Just(DK),
            Just(FI),
            Just(Some(Region(*b"DE"))),
            Just(Some(Region(*b"GB"))),
            Just(Some(Region(*b"US"))),
            Just(Some(Region(*b"SJ"))),
            Just(Some(Region(*b"AX"))),
        ]
    }

    /// Leading digits of national significant numbers: the Nordic ranges the fast path knows,
    /// their neighbours, and random ones.
    fn nsn_starts() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "70", "72", "73", "76", "79", "71", "74", "75", "77", "8", "90", "901", "31", "40",
                "18", "11", "13", "16", "21", "23", "26", "33", "35", "36", "42", "44", "46", "60",
                "63", "120", "471", "54", "92", "968", "99", "4", "9", "2", "3", "5", "6", "7",
                "47", "45", "358", "46", "0", "00", "20", "26", "37", "67", "96", "80", "50", "41",
                "49", "4946", "10", "19", "191", "131", "1", "24", "29", "39", "30", "81", "88",
            ])
            .prop_map(str::to_owned),
            "[0-9]{0,3}",
        ]
    }

    fn separator() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            10 => Just(""),
            4 => Just(" "),
            4 => prop::sample::select(vec!["-", ".", "/", "\t", "\u{a0}", "\u{2013}", "  ", " - "]),
            1 => prop::sample::select(vec!["(", ")", "\u{202f}", "\u{200b}", "\u{ff0d}"]),
        ]
    }

    fn prefix() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("0".to_owned()),
            Just("00".to_owned()),
            prop::sample::select(vec![
                "46", "47", "45", "358", "49", "44", "1", "39", "354", "298", "299", "35", "4",
                "999"
            ])
            .prop_flat_map(|cc| {
                prop::sample::select(vec![
                    format!("+{cc}"),
                    format!("+{cc} "),
                    format!("00{cc}"),
                    format!("00 {cc} "),
                    format!("+{cc} (0)"),
                    format!("+{cc}(0)"),
                    format!("00{cc} (0) "),
                    format!("+{cc}0"),
                    format!("+{cc} 0"),
                    format!("{cc}"),
                    format!("{cc} "),
                    format!("+00{cc}"),
                    format!("0{cc}"),
                ])
            }),
        ]
    }

    fn junk() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => Just(String::new()),
            1 => "[a-zA-Z#*+;:,x ]{1,2}",
            1 => "\\PC{1,2}",
        ]
    }

    /// Digits and separators: `start` followed by digits up to `len` digits in all.
    fn with_separators(start: &str, len: usize, fill: &[(u8, &str)]) -> String {
        let mut s = String::new();
        let mut count = 0;
        for c in start.chars() {
            s.push(c);
            count += 1;
        }
        for (digit, sep) in fill {
            if count >= len {
                break;
            }
            s.push_str(sep);
            s.push(char::from(b'0' + digit));
            count += 1;
        }
        s
    }

    fn fill() -> impl Strategy<Value = Vec<(u8, &'static str)>> {
        prop::collection::vec((0u8..10, separator()), 12)
    }

    /// Nordic-shaped input: a country's range start, a length around the right one, one of the
    /// usual prefixes, separators, and sometimes junk.
    fn nordic_shaped() -> impl Strategy<Value = (String, Option<Region>)> {
        let starts: [(Country, Vec<&'static str>, Vec<usize>); 4] = [
            (
                Country::Se,
                vec![
                    "70", "72", "73", "76", "79", "71", "74", "77", "8", "31", "40", "18", "90",
                    "901", "11", "13", "46", "47", "120", "125", "471", "473", "54", "92", "33",
                    "60", "63", "649", "10", "20", "99", "0", "",
                ],
                vec![6, 7, 8, 8, 9, 9, 9, 10],
            ),
            (
                Country::No,
                vec![
                    "4", "9", "2", "21", "3", "5", "6", "7", "47", "45", "79", "8", "80", "0", "1",
                    "",
                ],
                vec![7, 8, 8, 8, 9],
            ),
            (
                Country::Dk,
                vec![
                    "2", "20", "201", "200", "26", "3", "37", "4", "45", "5", "6", "7", "8", "9",
                    "96", "90", "80", "0", "1", "",
                ],
                vec![7, 8, 8, 8, 9],
            ),
            (
                Country::Fi,
                vec![
                    "40", "41", "44", "45", "49", "4946", "50", "9", "91", "90", "2", "3", "5",
                    "6", "8", "13", "19", "18", "358", "10", "0", "",
                ],
                vec![4, 5, 6, 7, 8, 9, 9, 10, 10, 11],
            ),
        ];
        prop::sample::select(starts.to_vec())
            .prop_flat_map(|(country, starts, lengths)| {
                (
                    Just(country),
                    prop::sample::select(starts),
                    prop::sample::select(lengths),
                    0usize..12,
                    fill(),
                    prop_oneof![
                        6 => Just(Some(Region::from(country))),
                        2 => Just(None),
                        1 => regions(),
                    ],
                    junk(),
                )
            })
            .prop_map(|(country, start, len, form, fill, region, junk)| {
                let cc = country.calling_code();
                let trunk = if matches!(country, Country::Se | Country::Fi) {
                    "0"
                } else {
                    ""
                };
                let prefix = match form {
                    0..=3 => trunk.to_owned(),
                    4 => String::new(),
                    5 => format!("+{cc} "),
                    6 => format!("00{cc}"),
                    7 => format!("+{cc} (0)"),
                    8 => format!("00 {cc} (0) "),
                    9 => format!("+{cc}0"),
                    10 => format!("{cc}"),
                    _ => format!("+{cc}"),
                };
                let mut s = prefix;
                s.push_str(&with_separators(start, len, &fill));
                s.push_str(&junk);
                (s, region)
            })
    }

    /// Randomly shaped input.
    fn random_shaped() -> impl Strategy<Value = (String, Option<Region>)> {
        (
            junk(),
            prefix(),
            nsn_starts(),
            2usize..14,
            fill(),
            junk(),
            regions(),
        )
            .prop_map(|(lead, prefix, start, len, fill, trail, region)| {
                let mut s = lead;
                s.push_str(&prefix);
                s.push_str(&with_separators(&start, start.len() + len, &fill));
                s.push_str(&trail);
                (s, region)
            })
    }

    /// Realistic phone-number-shaped input with a default region.
    fn phone_like() -> impl Strategy<Value = (String, Option<Region>)> {
        prop_oneof![3 => nordic_shaped(), 1 => random_shaped()]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

        /// Whenever the fast path returns a result, the full path returns exactly the same.
        #[test]
        fn fast_path_never_disagrees_with_full_path((input, region) in phone_like()) {
            if let Ok(scanned) = scan(&input) {
                let mut fast_out = String::new();
                if let Some(fast_code) = fast_path(&scanned, region, &mut fast_out) {
                    let mut full_out = String::new();
                    let full_code = full_path(&scanned, region, &mut full_out);
                    prop_assert_eq!(full_code, Ok(fast_code), "input {:?} region {:?}", input, region);
                    prop_assert_eq!(full_out, fast_out, "input {:?} region {:?}", input, region);
                }
            }
        }

        /// Accepted numbers are stable: the E.164 form parses to itself.
        #[test]
        fn e164_round_trips((input, region) in phone_like()) {
            if let Ok(number) = PhoneNumber::parse(&input, region) {
                let again = PhoneNumber::parse(number.e164(), None);
                prop_assert_eq!(again.as_ref(), Ok(&number));
                prop_assert!(number.e164().len() <= 1 + 3 + MAX_NSN);
                prop_assert!(number.e164().starts_with('+'));
                prop_assert!(number.e164()[1..].bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

        /// Never panics, on any string.
        #[test]
        fn never_panics_on_arbitrary_strings(input in "\\PC*", region in regions()) {
            let _ = PhoneNumber::parse(&input, region);
        }

        #[test]
        fn never_panics_on_arbitrary_symbol_soup(input in "[0-9+()#*;:.,/ \\-a-zA-Z\u{a0}\u{ff10}-\u{ff19}]{0,40}", region in regions()) {
            let _ = PhoneNumber::parse(&input, region);
        }

        #[test]
        fn normalize_into_agrees_with_parse((input, region) in phone_like()) {
            let mut out = String::from("stale");
            let code = normalize_into(&input, region, &mut out);
            match PhoneNumber::parse(&input, region) {
                Ok(number) => {
                    prop_assert_eq!(code, Ok(number.calling_code()));
                    prop_assert_eq!(out.as_str(), number.e164());
                }
                Err(error) => {
                    prop_assert_eq!(code, Err(error));
                    prop_assert_eq!(out.as_str(), "");
                }
            }
        }
    }

    /// Timing of both paths on the same inputs:
    /// `cargo test --release -- --ignored --nocapture phone::tests::speed`.
    #[test]
    #[ignore = "timing report, run in release mode"]
    fn speed() {
        use std::hint::black_box;
        use std::time::Instant;
        let inputs: Vec<(String, Option<Region>)> = (0..1000u32)
            .map(|i| match i % 5 {
                0 => (
                    format!("070-{:03} {:02} {:02}", i % 1000, i % 100, (i * 7) % 100),
                    SE,
                ),
                1 => (
                    format!("+46 70 {:03} {:02} {:02}", i % 1000, i % 100, (i * 7) % 100),
                    None,
                ),
                2 => (
                    format!("9{:02} {:02} {:03}", i % 100, (i * 3) % 100, i % 1000),
                    NO,
                ),
                3 => (
                    format!(
                        "27 {:02} {:02} {:02}",
                        i % 100,
                        (i * 3) % 100,
                        (i * 7) % 100
                    ),
                    DK,
                ),
                _ => (format!("040 {:07}", i * 7919), FI),
            })
            .collect();
        let scanned: Vec<_> = inputs.iter().map(|(s, r)| (scan(s).unwrap(), *r)).collect();
        let mut out = String::with_capacity(32);
        for (s, r) in &scanned {
            assert!(fast_path(s, *r, &mut out).is_some());
            out.clear();
        }
        let rounds = 2000;
        let start = Instant::now();
        for _ in 0..rounds {
            for (input, region) in &inputs {
                black_box(normalize_into(black_box(input), *region, &mut out).unwrap());
            }
        }
        let fast_ns = start.elapsed().as_nanos() as f64 / (rounds * inputs.len()) as f64;
        let rounds = 20;
        let start = Instant::now();
        for _ in 0..rounds {
            for (s, region) in &scanned {
                out.clear();
                black_box(full_path(black_box(s), *region, &mut out).unwrap());
            }
        }
        let full_ns = start.elapsed().as_nanos() as f64 / (rounds * inputs.len()) as f64;
        println!(
            "phone: fast path (normalize_into) {fast_ns:.0} ns/parse, full path {full_ns:.0} ns/parse"
        );
    }
}
