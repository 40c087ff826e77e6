//! Purposes: why data is processed, on which legal basis, for how long, on which channels.

use crate::calendar::add_months;
use crate::channel::ChannelSet;
use crate::customer::ProductCategory;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;

/// A purpose's key: lower-case ASCII letters, digits, `_`, `-` and `.`, 1 to 64 characters,
/// starting with a letter. Keys appear in API calls and reason codes, so they stay readable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PurposeKey(String);

/// The text is not a valid purpose key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a purpose key is 1 to 64 lower-case letters, digits, '_', '-' or '.', starting with a letter"
)]
pub struct InvalidPurposeKey;

impl PurposeKey {
    /// Validate a key.
    pub fn parse(s: &str) -> Result<PurposeKey, InvalidPurposeKey> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.')
            });
        if ok {
            Ok(PurposeKey(s.to_owned()))
        } else {
            Err(InvalidPurposeKey)
        }
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PurposeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PurposeKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        PurposeKey::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The lawful basis of processing, GDPR Art. 6(1)(a)-(f).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    /// (a) the person has given consent.
    Consent,
    /// (b) necessary for a contract with the person.
    Contract,
    /// (c) necessary for a legal obligation (bookkeeping, for instance).
    LegalObligation,
    /// (d) necessary to protect vital interests.
    VitalInterests,
    /// (e) a task in the public interest.
    PublicTask,
    /// (f) the controller's legitimate interests.
    LegitimateInterests,
}

impl LegalBasis {
    /// Every basis.
    pub const ALL: [LegalBasis; 6] = [
        LegalBasis::Consent,
        LegalBasis::Contract,
        LegalBasis::LegalObligation,
        LegalBasis::VitalInterests,
        LegalBasis::PublicTask,
        LegalBasis::LegitimateInterests,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            LegalBasis::Consent => "consent",
            LegalBasis::Contract => "contract",
            LegalBasis::LegalObligation => "legal_obligation",
            LegalBasis::VitalInterests => "vital_interests",
            LegalBasis::PublicTask => "public_task",
            LegalBasis::LegitimateInterests => "legitimate_interests",
        }
    }

    /// The article the basis comes from.
    pub fn article(self) -> &'static str {
        match self {
            LegalBasis::Consent => "GDPR Art. 6(1)(a)",
            LegalBasis::Contract => "GDPR Art. 6(1)(b)",
            LegalBasis::LegalObligation => "GDPR Art. 6(1)(c)",
            LegalBasis::VitalInterests => "GDPR Art. 6(1)(d)",
            LegalBasis::PublicTask => "GDPR Art. 6(1)(e)",
            LegalBasis::LegitimateInterests => "GDPR Art. 6(1)(f)",
        }
    }
}

/// The text named no legal basis.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown legal basis: expected one of consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests"
)]
pub struct UnknownLegalBasis;

impl FromStr for LegalBasis {
    type Err = UnknownLegalBasis;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LegalBasis::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or(UnknownLegalBasis)
    }
}

/// How long data kept for a purpose may be kept: an ISO 8601 period of whole years, months and
/// days (`P7Y`, `P24M`, `P90D`, `P1Y6M`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Retention {
    years: u32,
    months: u32,
    days: u32,
}

/// The text is not a period vern understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a retention period is an ISO 8601 period of years, months and days, such as P7Y, P24M or P90D"
)]
pub struct InvalidRetention;

impl Retention {
    /// A period of whole years.
    pub fn years(years: u32) -> Retention {
        Retention {
            years,
            months: 0,
            days: 0,
        }
    }

    /// A period of whole months.
    pub fn months(months: u32) -> Retention {
        Retention {
            years: 0,
            months,
            days: 0,
        }
    }

    /// A period of days.
    pub fn days(days: u32) -> Retention {
        Retention {
            years: 0,
            months: 0,
            days,
        }
    }

    /// Parse `PnYnMnD` (each part optional, at least one present, parts in that order).
    pub fn parse(s: &str) -> Result<Retention, InvalidRetention> {
        let rest = s.strip_prefix('P').ok_or(InvalidRetention)?;
        if rest.is_empty() {
            return Err(InvalidRetention);
        }
        let mut out = Retention {
            years: 0,
            months: 0,
            days: 0,
        };
        let mut number = String::new();
        let mut last_unit = 0u8;
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let unit = match c {
                'Y' => 1,
                'M' => 2,
                'D' => 3,
                _ => return Err(InvalidRetention),
            };
            if number.is_empty() || number.len() > 5 || unit <= last_unit {
                return Err(InvalidRetention);
            }
            let n: u32 = number.parse().map_err(|_| InvalidRetention)?;
            match unit {
                1 => out.years = n,
                2 => out.months = n,
                _ => out.days = n,
            }
            number.clear();
            last_unit = unit;
        }
        if !number.is_empty() {
            return Err(InvalidRetention);
        }
        Ok(out)
    }

    /// The last day data from `start` may be kept.
    pub fn ends(self, start: Date) -> Date {
        let months = self.years.saturating_mul(12).saturating_add(self.months);
        add_months(start, months)
            .checked_add(time::Duration::days(i64::from(self.days)))
            .unwrap_or(Date::MAX)
    }
}

impl fmt::Display for Retention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P")?;
        if self.years > 0 {
            write!(f, "{}Y", self.years)?;
        }
        if self.months > 0 {
            write!(f, "{}M", self.months)?;
        }
        if self.days > 0 || (self.years == 0 && self.months == 0) {
            write!(f, "{}D", self.days)?;
        }
        Ok(())
    }
}

impl Serialize for Retention {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Retention {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Retention::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Why data is processed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purpose {
    /// The key used in API calls and reason codes.
    pub key: PurposeKey,
    /// A human name.
    pub name: String,
    /// The lawful basis.
    pub legal_basis: LegalBasis,
    /// Whether this purpose is direct marketing (Art. 21(2)-(3): an objection ends it, always).
    pub direct_marketing: bool,
    /// The channels this purpose may use.
    pub channels: ChannelSet,
    /// How long data kept for this purpose may be kept.
    pub retention: Option<Retention>,
    /// What staff see when they contact someone for this purpose.
    pub description: String,
    /// Danish telephone sales to consumers are banned except for a few kinds of goods
    /// (forbrugeraftaleloven § 4: books, subscriptions to newspapers and magazines, insurance,
    /// rescue and ambulance subscriptions). Set when this purpose is one of them.
    pub dk_telemarketing_exception: bool,
    /// The kind of goods or services the purpose markets: an existing customer for the same
    /// category is exempt from NIX-Telefon and Reservasjonsregisteret (see `customer`).
    #[serde(default)]
    pub product_category: Option<ProductCategory>,
    /// What the retention period counts from, when not from the record itself: a bookkeeping
    /// obligation counts from the end of the financial year (see `bookkeeping`).
    #[serde(default)]
    pub retention_from: Option<RetentionFrom>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn keys() {
        assert!(PurposeKey::parse("newsletter").is_ok());
        assert!(PurposeKey::parse("tele-marketing.v2_x").is_ok());
        assert!(PurposeKey::parse("").is_err());
        assert!(PurposeKey::parse("News").is_err());
        assert!(PurposeKey::parse("1st").is_err());
        assert!(PurposeKey::parse("a b").is_err());
        assert!(PurposeKey::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn retention_periods() {
        let r = Retention::parse("P7Y").unwrap();
        assert_eq!(r, Retention::years(7));
        assert_eq!(r.ends(date!(2026 - 11 - 23)), date!(2033 - 11 - 23));
        assert_eq!(
            Retention::parse("P24M")
                .unwrap()
                .ends(date!(2026 - 01 - 31)),
            date!(2028 - 01 - 31)
        );
        assert_eq!(
            Retention::parse("P90D")
                .unwrap()
                .ends(date!(2026 - 01 - 01)),
            date!(2026 - 04 - 01)
        );
        assert_eq!(Retention::parse("P1Y6M").unwrap().to_string(), "P1Y6M");
        for bad in [
            "", "P", "7Y", "PY", "P1M2Y", "P1W", "P1Y1Y", "P999999Y", "P1",
        ] {
            assert!(Retention::parse(bad).is_err(), "{bad}");
        }
    }
}

/// What a purpose's retention period counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetentionFrom {
    /// The end of the financial year the record belongs to, as the controller's country's
    /// bookkeeping act counts it. The default of a legal obligation.
    FinancialYearEnd,
    /// The record itself (the sale, the last change). The default of every other basis.
    Record,
}

impl RetentionFrom {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RetentionFrom::FinancialYearEnd => "financial_year_end",
            RetentionFrom::Record => "record",
        }
    }

    /// What a purpose's retention counts from: what it says, or else the end of the financial
    /// year for a legal obligation (the bookkeeping acts) and the record for any other basis.
    pub fn effective(explicit: Option<RetentionFrom>, basis: LegalBasis) -> RetentionFrom {
        explicit.unwrap_or(match basis {
            LegalBasis::LegalObligation => RetentionFrom::FinancialYearEnd,
            _ => RetentionFrom::Record,
        })
    }
}

/// The text named no anchor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown retention anchor: expected financial_year_end or record")]
pub struct UnknownRetentionFrom;

impl FromStr for RetentionFrom {
    type Err = UnknownRetentionFrom;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "financial_year_end" => Ok(RetentionFrom::FinancialYearEnd),
            "record" => Ok(RetentionFrom::Record),
            _ => Err(UnknownRetentionFrom),
        }
    }
}

impl fmt::Display for RetentionFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
