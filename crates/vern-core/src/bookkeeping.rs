//! Bookkeeping holds: how long a legal obligation to keep accounting records lasts.
//!
//! The bookkeeping acts count from the end of the financial year, not from the sale:
//! - SE bokföringslagen (1999:1078) 7 kap. 2 §: "till och med det sjunde året efter utgången av
//!   det kalenderår då räkenskapsåret avslutades" (seven years from the end of the calendar year
//!   in which the financial year ended);
//! - NO bokføringsloven § 13 (2): "fem år etter regnskapsårets slutt" (five years from the end of
//!   the financial year);
//! - DK bogføringsloven: "5 år fra udgangen af det regnskabsår, som materialet vedrører" (five
//!   years from the end of the financial year);
//! - FI kirjanpitolaki 2 luku 10 §: vouchers "sen vuoden lopusta, jonka aikana tilikausi on
//!   päättynyt" (six years from the end of the calendar year in which the financial year ended).
//!
//! A purpose on the basis of a legal obligation counts this way unless it says otherwise
//! ([`RetentionFrom::Record`], for an obligation that runs from the record itself); its retention
//! period is the number of years, or the country's default when it names none.

use serde::Serialize;
use time::{Date, Month};

use crate::country::Country;
use crate::purpose::Retention;
pub use crate::purpose::RetentionFrom;

/// A controller's financial year, by the month it starts in (1 = the calendar year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct FinancialYear {
    start_month: u8,
}

impl Default for FinancialYear {
    /// The calendar year, the default of all four acts.
    fn default() -> Self {
        FinancialYear { start_month: 1 }
    }
}

/// The month is not 1 to 12.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a financial year starts in a month from 1 (January) to 12 (December)")]
pub struct InvalidFinancialYear;

impl FinancialYear {
    /// A financial year starting on the first day of `start_month` (1 to 12).
    pub fn starting_in(start_month: u8) -> Result<FinancialYear, InvalidFinancialYear> {
        if (1..=12).contains(&start_month) {
            Ok(FinancialYear { start_month })
        } else {
            Err(InvalidFinancialYear)
        }
    }

    /// The month it starts in, 1 to 12.
    pub fn start_month(self) -> u8 {
        self.start_month
    }

    /// The last day of the financial year that `day` belongs to.
    pub fn end_of(self, day: Date) -> Date {
        let month = u8::from(day.month());
        let year = if self.start_month == 1 || month < self.start_month {
            day.year()
        } else {
            day.year() + 1
        };
        // The month before the start month, in the year the financial year ends.
        let last_month = if self.start_month == 1 {
            12
        } else {
            self.start_month - 1
        };
        month_end(year, last_month)
    }
}

fn month_end(year: i32, month: u8) -> Date {
    let month = Month::try_from(month).unwrap_or(Month::December);
    Date::from_calendar_date(year, month, time::util::days_in_month(month, year))
        .unwrap_or(Date::MAX)
}

/// The statutory period for bookkeeping records in `country`. Without a country vern keeps the
/// longest of the four (Sweden's seven years), as keeping too briefly breaks the law that
/// demands the record.
pub fn default_period(country: Option<Country>) -> Retention {
    match country {
        Some(Country::No | Country::Dk) => Retention::years(5),
        Some(Country::Fi) => Retention::years(6),
        Some(Country::Se) | None => Retention::years(7),
    }
}

/// The last day a bookkeeping record from `day` is kept: `period` (or the country's default)
/// counted from the end of the financial year `day` belongs to, or, in Sweden and Finland, from
/// the end of the calendar year in which that financial year ended.
pub fn hold_until(
    country: Option<Country>,
    year: FinancialYear,
    period: Option<Retention>,
    day: Date,
) -> Date {
    let year_end = year.end_of(day);
    let from = match country {
        Some(Country::Se | Country::Fi) => month_end(year_end.year(), 12),
        Some(Country::No | Country::Dk) | None => year_end,
    };
    let until = period.unwrap_or(default_period(country)).ends(from);
    // Counted from a month's end, the period ends at a month's end: five years from the end of
    // February 2027 is 29 February 2032, not the 28th.
    if from == month_end(from.year(), u8::from(from.month())) {
        month_end(until.year(), u8::from(until.month()))
    } else {
        until
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::purpose::LegalBasis;
    use time::macros::date;

    // The bookkeeping acts (module docs) bind legal obligations; other bases count from the
    // record unless a purpose says otherwise.
    #[test]
    fn a_legal_obligation_counts_from_the_financial_year_by_default() {
        assert_eq!(
            RetentionFrom::effective(None, LegalBasis::LegalObligation),
            RetentionFrom::FinancialYearEnd
        );
        assert_eq!(
            RetentionFrom::effective(None, LegalBasis::Contract),
            RetentionFrom::Record
        );
        assert_eq!(
            RetentionFrom::effective(Some(RetentionFrom::Record), LegalBasis::LegalObligation),
            RetentionFrom::Record
        );
        assert_eq!("record".parse(), Ok(RetentionFrom::Record));
        assert!("sale".parse::<RetentionFrom>().is_err());
    }

    #[test]
    fn financial_years() {
        let calendar = FinancialYear::default();
        assert_eq!(
            calendar.end_of(date!(2027 - 05 - 03)),
            date!(2027 - 12 - 31)
        );
        let july = FinancialYear::starting_in(7).unwrap();
        assert_eq!(july.end_of(date!(2027 - 09 - 01)), date!(2028 - 06 - 30));
        assert_eq!(july.end_of(date!(2027 - 06 - 30)), date!(2027 - 06 - 30));
        let march = FinancialYear::starting_in(3).unwrap();
        assert_eq!(march.end_of(date!(2027 - 03 - 01)), date!(2028 - 02 - 29));
        assert!(FinancialYear::starting_in(0).is_err());
        assert!(FinancialYear::starting_in(13).is_err());
    }

    // SE bokföringslagen 7 kap. 2 §: "till och med det sjunde året efter utgången av det
    // kalenderår då räkenskapsåret avslutades".
    #[test]
    fn sweden_counts_seven_years_from_the_end_of_the_calendar_year_the_financial_year_ended_in() {
        let se = Some(Country::Se);
        let calendar = FinancialYear::default();
        assert_eq!(
            hold_until(se, calendar, None, date!(2027 - 05 - 03)),
            date!(2034 - 12 - 31)
        );
        // The financial year 2027-07-01..2028-06-30 ended in 2028.
        let july = FinancialYear::starting_in(7).unwrap();
        assert_eq!(
            hold_until(se, july, None, date!(2027 - 09 - 01)),
            date!(2035 - 12 - 31)
        );
        assert_eq!(
            hold_until(
                se,
                calendar,
                Some(Retention::years(10)),
                date!(2027 - 05 - 03)
            ),
            date!(2037 - 12 - 31)
        );
    }

    // NO bokføringsloven § 13 (2): "fem år etter regnskapsårets slutt"; DK bogføringsloven:
    // "5 år fra udgangen af det regnskabsår, som materialet vedrører".
    #[test]
    fn norway_and_denmark_count_five_years_from_the_end_of_the_financial_year() {
        let calendar = FinancialYear::default();
        for country in [Country::No, Country::Dk] {
            assert_eq!(
                hold_until(Some(country), calendar, None, date!(2027 - 05 - 03)),
                date!(2032 - 12 - 31)
            );
        }
        let may = FinancialYear::starting_in(5).unwrap();
        assert_eq!(
            hold_until(Some(Country::No), may, None, date!(2027 - 05 - 03)),
            date!(2033 - 04 - 30)
        );
        let march = FinancialYear::starting_in(3).unwrap();
        assert_eq!(
            hold_until(Some(Country::Dk), march, None, date!(2026 - 06 - 01)),
            date!(2032 - 02 - 29),
            "counted from a month's end, to a month's end"
        );
    }

    // FI kirjanpitolaki 2 luku 10 §: vouchers six years "sen vuoden lopusta, jonka aikana
    // tilikausi on päättynyt".
    #[test]
    fn finland_counts_six_years_from_the_end_of_the_calendar_year_the_financial_year_ended_in() {
        let july = FinancialYear::starting_in(7).unwrap();
        assert_eq!(
            hold_until(Some(Country::Fi), july, None, date!(2027 - 09 - 01)),
            date!(2034 - 12 - 31)
        );
        assert_eq!(
            hold_until(
                Some(Country::Fi),
                july,
                Some(Retention::years(10)),
                date!(2027 - 09 - 01)
            ),
            date!(2038 - 12 - 31),
            "a configured period counts from the same end"
        );
    }
}
