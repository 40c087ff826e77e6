//! The Nordic countries whose national rules vern knows.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A country whose national identity numbers, registers and marketing rules vern implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Country {
    /// Sweden.
    Se,
    /// Norway.
    No,
    /// Denmark.
    Dk,
    /// Finland.
    Fi,
}

impl Country {
    /// All countries, in a stable order.
    pub const ALL: [Country; 4] = [Country::Se, Country::No, Country::Dk, Country::Fi];

    /// The ISO 3166-1 alpha-2 code, upper case.
    pub fn code(self) -> &'static str {
        match self {
            Country::Se => "SE",
            Country::No => "NO",
            Country::Dk => "DK",
            Country::Fi => "FI",
        }
    }

    /// The lower-case code used inside digests and reason codes.
    pub fn lower(self) -> &'static str {
        match self {
            Country::Se => "se",
            Country::No => "no",
            Country::Dk => "dk",
            Country::Fi => "fi",
        }
    }

    /// The international calling code, without `+`.
    pub fn calling_code(self) -> u16 {
        match self {
            Country::Se => 46,
            Country::No => 47,
            Country::Dk => 45,
            Country::Fi => 358,
        }
    }

    /// The country whose calling code this is, if vern knows it.
    pub fn from_calling_code(code: u16) -> Option<Country> {
        Country::ALL.into_iter().find(|c| c.calling_code() == code)
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The text was not one of `SE`, `NO`, `DK`, `FI`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown country: expected one of SE, NO, DK, FI")]
pub struct UnknownCountry;

impl FromStr for Country {
    type Err = UnknownCountry;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim();
        [
            ("SE", Country::Se),
            ("NO", Country::No),
            ("DK", Country::Dk),
            ("FI", Country::Fi),
        ]
        .into_iter()
        .find(|(name, _)| code.eq_ignore_ascii_case(name))
        .map(|(_, country)| country)
        .ok_or(UnknownCountry)
    }
}
