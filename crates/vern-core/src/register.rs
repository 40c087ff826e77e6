//! National do-not-contact registers and how long a wash against them stays valid.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;

use crate::calendar::add_months;
use crate::channel::{Channel, ChannelSet};
use crate::country::Country;

/// A national register of people who do not want marketing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Register {
    /// NIX-Telefon, Sweden: telephone marketing, keyed by phone number.
    NixTelefon,
    /// Reservasjonsregisteret, Norway: telephone marketing and addressed mail.
    Reservasjonsregisteret,
    /// Robinsonlisten, Denmark: telephone and addressed mail (markedsføringsloven § 10 stk. 4),
    /// matched on name and address.
    Robinsonlisten,
}

impl Register {
    /// Every register.
    pub const ALL: [Register; 3] = [
        Register::NixTelefon,
        Register::Reservasjonsregisteret,
        Register::Robinsonlisten,
    ];

    /// The wire name, also the suffix of its reason code (`register.nix_telefon`).
    pub fn as_str(self) -> &'static str {
        match self {
            Register::NixTelefon => "nix_telefon",
            Register::Reservasjonsregisteret => "reservasjonsregisteret",
            Register::Robinsonlisten => "robinsonlisten",
        }
    }

    /// The country whose people and numbers it covers.
    pub fn country(self) -> Country {
        match self {
            Register::NixTelefon => Country::Se,
            Register::Reservasjonsregisteret => Country::No,
            Register::Robinsonlisten => Country::Dk,
        }
    }

    /// The channels a listing can cover.
    pub fn channels(self) -> ChannelSet {
        match self {
            Register::NixTelefon => ChannelSet::of(&[Channel::Phone]),
            Register::Reservasjonsregisteret => ChannelSet::of(&[Channel::Phone, Channel::Post]),
            // Markedsføringsloven § 10 stk. 4: any means of distance communication, the
            // telephone included.
            Register::Robinsonlisten => ChannelSet::of(&[Channel::Phone, Channel::Post]),
        }
    }

    /// The last day a version dated `version_date` may be relied on.
    ///
    /// NIX-Telefon: two months from the update date of the version used. Reservasjonsregisteret:
    /// registers must be updated at least every month and before the first contact, so a
    /// version is good for one month. Robinsonlisten is published quarterly: three months.
    pub fn valid_until(self, version_date: Date) -> Date {
        let months = match self {
            Register::NixTelefon => 2,
            Register::Reservasjonsregisteret => 1,
            Register::Robinsonlisten => 3,
        };
        add_months(version_date, months)
    }

    /// How long a consent to the controller overrides a listing, in months; `None` when any
    /// consent in force does. NIX-Telefon: a consent given to a named company counts for
    /// three months.
    pub fn consent_override_months(self) -> Option<u32> {
        match self {
            Register::NixTelefon => Some(3),
            Register::Reservasjonsregisteret | Register::Robinsonlisten => None,
        }
    }
}

impl fmt::Display for Register {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text named no register.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown register: expected one of nix-telefon, reservasjonsregisteret, robinsonlisten")]
pub struct UnknownRegister;

impl FromStr for Register {
    type Err = UnknownRegister;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.replace('-', "_");
        Register::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(UnknownRegister)
    }
}

/// The loaded version of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterVersion {
    /// The update date the register's publisher gave the version.
    pub version_date: Date,
}

impl RegisterVersion {
    /// Whether a wash against this version is still good on `day`.
    pub fn valid_on(self, register: Register, day: Date) -> bool {
        day >= self.version_date && day <= register.valid_until(self.version_date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn validity_periods() {
        let v = RegisterVersion {
            version_date: date!(2026 - 09 - 30),
        };
        assert!(v.valid_on(Register::NixTelefon, date!(2026 - 11 - 30)));
        assert!(!v.valid_on(Register::NixTelefon, date!(2026 - 12 - 01)));
        assert!(v.valid_on(Register::Reservasjonsregisteret, date!(2026 - 10 - 30)));
        assert!(!v.valid_on(Register::Reservasjonsregisteret, date!(2026 - 10 - 31)));
        assert!(v.valid_on(Register::Robinsonlisten, date!(2026 - 12 - 30)));
        assert!(!v.valid_on(Register::Robinsonlisten, date!(2026 - 12 - 31)));
        // A version dated in the future is not yet in force.
        assert!(!v.valid_on(Register::NixTelefon, date!(2026 - 09 - 29)));
        assert_eq!(
            "nix-telefon".parse::<Register>().unwrap(),
            Register::NixTelefon
        );
    }
}
