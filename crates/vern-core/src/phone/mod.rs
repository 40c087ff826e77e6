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

mod fast;
mod full;
mod scan;
#[cfg(test)]
mod tests;

use fast::*;
use full::*;
use scan::*;

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
