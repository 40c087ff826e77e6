//! Calendar arithmetic the law speaks in: "one month from receipt", "seven years".

use time::{Date, Month, OffsetDateTime};

/// `date` plus `months` calendar months. When the target month is shorter, the result is its
/// last day: 31 January plus one month is 28 (or 29) February, as Art. 12(3) deadlines count.
pub fn add_months(date: Date, months: u32) -> Date {
    let total =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month()) - 1) + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MAX);
    let month_index = u8::try_from(total.rem_euclid(12)).unwrap_or(0) + 1;
    let month = Month::try_from(month_index).unwrap_or(Month::December);
    let last = time::util::days_in_month(month, year);
    let day = date.day().min(last);
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// `at` plus `months` calendar months, keeping the time of day and offset.
pub fn add_months_to(at: OffsetDateTime, months: u32) -> OffsetDateTime {
    at.replace_date(add_months(at.date(), months))
}

// A date on the wire is ISO 8601 (`2034-12-31`); `time`'s own serde form is a `[year, ordinal]`
// array that no tool reads. Use with `#[serde(with = "vern_core::calendar::iso_date")]` (or
// `iso_date::option`).
time::serde::format_description!(pub iso_date, Date, "[year]-[month]-[day]");

/// The ISO 8601 calendar date format, `2034-12-31`, for formatting and parsing by hand.
pub const ISO_DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn month_ends_clamp() {
        assert_eq!(add_months(date!(2027 - 01 - 31), 1), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2028 - 01 - 31), 1), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 03 - 31), 1), date!(2026 - 04 - 30));
        assert_eq!(add_months(date!(2026 - 11 - 23), 1), date!(2026 - 12 - 23));
        assert_eq!(add_months(date!(2026 - 12 - 15), 1), date!(2027 - 01 - 15));
        assert_eq!(add_months(date!(2026 - 11 - 30), 3), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2024 - 02 - 29), 12), date!(2025 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 05 - 05), 0), date!(2026 - 05 - 05));
    }
}
