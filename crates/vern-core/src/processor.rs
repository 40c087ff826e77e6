//! Processor agreements (GDPR Art. 28): the transfer mechanism that lets a processor in a third
//! country receive the data (Chapter V: Art. 45, 46(2)(c), 47, 49), and whether an agreement is
//! in force, about to expire, expired or overdue for review on a given day.

use std::fmt;
use std::str::FromStr;
use time::{Date, Duration};

/// How personal data reach a processor in a third country (GDPR Chapter V).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransferMechanism {
    /// No transfer outside the EU/EEA.
    None,
    /// An adequacy decision of the Commission (Art. 45).
    Adequacy,
    /// Standard data protection clauses adopted by the Commission (Art. 46(2)(c)).
    StandardContractualClauses,
    /// Binding corporate rules (Art. 47).
    BindingCorporateRules,
    /// A derogation for a specific situation (Art. 49).
    Derogation,
}

impl TransferMechanism {
    /// Every mechanism.
    pub const ALL: [TransferMechanism; 5] = [
        TransferMechanism::None,
        TransferMechanism::Adequacy,
        TransferMechanism::StandardContractualClauses,
        TransferMechanism::BindingCorporateRules,
        TransferMechanism::Derogation,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferMechanism::None => "none",
            TransferMechanism::Adequacy => "adequacy",
            TransferMechanism::StandardContractualClauses => "scc",
            TransferMechanism::BindingCorporateRules => "bcr",
            TransferMechanism::Derogation => "derogation",
        }
    }

    /// The article of the GDPR the mechanism rests on; empty for none.
    pub fn article(self) -> &'static str {
        match self {
            TransferMechanism::None => "",
            TransferMechanism::Adequacy => "Art. 45",
            TransferMechanism::StandardContractualClauses => "Art. 46(2)(c)",
            TransferMechanism::BindingCorporateRules => "Art. 47",
            TransferMechanism::Derogation => "Art. 49",
        }
    }

    /// What it is called in a record.
    pub fn describe(self) -> &'static str {
        match self {
            TransferMechanism::None => "no transfer to a third country",
            TransferMechanism::Adequacy => "adequacy decision",
            TransferMechanism::StandardContractualClauses => "standard contractual clauses",
            TransferMechanism::BindingCorporateRules => "binding corporate rules",
            TransferMechanism::Derogation => "derogation for a specific situation",
        }
    }
}

impl fmt::Display for TransferMechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text named no mechanism.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown transfer mechanism: expected one of none, adequacy, scc, bcr, derogation")]
pub struct UnknownMechanism;

impl FromStr for TransferMechanism {
    type Err = UnknownMechanism;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TransferMechanism::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or(UnknownMechanism)
    }
}

/// A transfer as an agreement states it: the mechanism, the third country, and for standard
/// contractual clauses the version adopted (`2021/914`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// The mechanism.
    pub mechanism: TransferMechanism,
    /// The third country (ISO 3166 alpha-2), for every mechanism but none.
    pub country: Option<String>,
    /// The clauses' version, for standard contractual clauses only.
    pub scc_version: Option<String>,
}

/// A transfer that does not hold together, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferError {
    /// The field (`transfer.country`, `transfer.scc_version`).
    pub field: &'static str,
    /// What is wrong.
    pub message: &'static str,
}

impl Transfer {
    /// Check that the parts agree: a third country for every mechanism but none, none for
    /// none; a version for standard contractual clauses and only for them.
    pub fn check(&self) -> Result<(), TransferError> {
        let none = self.mechanism == TransferMechanism::None;
        match (&self.country, none) {
            (Some(_), true) => {
                return Err(TransferError {
                    field: "transfer.country",
                    message: "no third country when the mechanism is none",
                });
            }
            (None, false) => {
                return Err(TransferError {
                    field: "transfer.country",
                    message: "name the third country (ISO 3166 alpha-2, such as US)",
                });
            }
            (Some(c), false) if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()) => {
                return Err(TransferError {
                    field: "transfer.country",
                    message: "an ISO 3166 alpha-2 code in capitals, such as US",
                });
            }
            _ => {}
        }
        let scc = self.mechanism == TransferMechanism::StandardContractualClauses;
        match (&self.scc_version, scc) {
            (None, true) => Err(TransferError {
                field: "transfer.scc_version",
                message: "name the version of the standard contractual clauses (such as 2021/914)",
            }),
            (Some(_), false) => Err(TransferError {
                field: "transfer.scc_version",
                message: "a version belongs to standard contractual clauses only",
            }),
            (Some(v), true) if v.trim().is_empty() || v.len() > 100 => Err(TransferError {
                field: "transfer.scc_version",
                message: "1 to 100 characters",
            }),
            _ => Ok(()),
        }
    }
}

/// How many days ahead an agreement's expiry is flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// Where an agreement stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AgreementStanding {
    /// Its expiry has passed: the processor has no agreement (Art. 28(3)).
    pub expired: bool,
    /// It expires within [`EXPIRY_WARNING_DAYS`] days.
    pub expiring: bool,
    /// Its review date has passed.
    pub review_overdue: bool,
}

impl AgreementStanding {
    /// The standing on `today` of an agreement expiring on `expires_on` (none: until
    /// terminated) and due for review on `review_on`.
    pub fn on(today: Date, expires_on: Option<Date>, review_on: Option<Date>) -> AgreementStanding {
        let expired = expires_on.is_some_and(|e| e < today);
        let expiring = !expired
            && expires_on.is_some_and(|e| e <= today + Duration::days(EXPIRY_WARNING_DAYS));
        AgreementStanding {
            expired,
            expiring,
            review_overdue: review_on.is_some_and(|r| r < today),
        }
    }

    /// The word for it: `expired`, `expiring`, `review_overdue` or `in_force`.
    pub fn as_str(self) -> &'static str {
        if self.expired {
            "expired"
        } else if self.expiring {
            "expiring"
        } else if self.review_overdue {
            "review_overdue"
        } else {
            "in_force"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn transfer(m: TransferMechanism, country: Option<&str>, v: Option<&str>) -> Transfer {
        Transfer {
            mechanism: m,
            country: country.map(str::to_owned),
            scc_version: v.map(str::to_owned),
        }
    }

    // GDPR Art. 44-49: a transfer to a third country rests on a mechanism of Chapter V; the
    // record names the country and, for Art. 46(2)(c), which clauses.
    #[test]
    fn a_transfer_names_its_country_and_the_clauses_their_version() {
        use TransferMechanism::*;
        assert!(transfer(None, Option::None, Option::None).check().is_ok());
        assert_eq!(
            transfer(None, Some("US"), Option::None)
                .check()
                .unwrap_err()
                .field,
            "transfer.country"
        );
        assert_eq!(
            transfer(Adequacy, Option::None, Option::None)
                .check()
                .unwrap_err()
                .field,
            "transfer.country"
        );
        assert!(transfer(Adequacy, Some("JP"), Option::None).check().is_ok());
        assert_eq!(
            transfer(Adequacy, Some("usa"), Option::None)
                .check()
                .unwrap_err()
                .field,
            "transfer.country"
        );
        assert_eq!(
            transfer(StandardContractualClauses, Some("US"), Option::None)
                .check()
                .unwrap_err()
                .field,
            "transfer.scc_version"
        );
        assert!(
            transfer(StandardContractualClauses, Some("US"), Some("2021/914"))
                .check()
                .is_ok()
        );
        assert_eq!(
            transfer(BindingCorporateRules, Some("IN"), Some("2021/914"))
                .check()
                .unwrap_err()
                .field,
            "transfer.scc_version"
        );
        assert!(
            transfer(Derogation, Some("BR"), Option::None)
                .check()
                .is_ok()
        );
        for m in TransferMechanism::ALL {
            assert_eq!(m.as_str().parse::<TransferMechanism>(), Ok(m));
        }
        assert!("sccs".parse::<TransferMechanism>().is_err());
    }

    #[test]
    fn expiry_is_flagged_thirty_days_ahead_and_review_when_passed() {
        let today = date!(2027 - 03 - 01);
        let s = AgreementStanding::on(today, Some(date!(2027 - 03 - 31)), None);
        assert!(s.expiring && !s.expired);
        assert_eq!(s.as_str(), "expiring");
        let s = AgreementStanding::on(today, Some(date!(2027 - 04 - 01)), None);
        assert_eq!(s, AgreementStanding::default());
        assert_eq!(s.as_str(), "in_force");
        // The last day of an agreement is still a day it is in force.
        let s = AgreementStanding::on(today, Some(today), None);
        assert!(s.expiring && !s.expired);
        let s = AgreementStanding::on(today, Some(date!(2027 - 02 - 28)), None);
        assert!(s.expired && !s.expiring);
        let s = AgreementStanding::on(today, None, Some(date!(2027 - 02 - 28)));
        assert!(s.review_overdue);
        assert_eq!(s.as_str(), "review_overdue");
        assert!(!AgreementStanding::on(today, None, Some(today)).review_overdue);
    }
}
