//! Norwegian telephone-marketing hours (markedsføringsloven § 14): not on Saturdays, Sundays or
//! public holidays, and on other days only from 09:00 until 21:00 Norwegian time.

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, Weekday};

/// Norwegian local time for an instant (Norway follows the EU summer-time rule; see
/// [`crate::zone`]).
pub fn oslo_time(at: OffsetDateTime) -> PrimitiveDateTime {
    crate::zone::Zone::Oslo.local(at)
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = Month::try_from(u8::try_from(month).unwrap_or(4)).unwrap_or(Month::April);
    Date::from_calendar_date(year, month, u8::try_from(day).unwrap_or(1)).unwrap_or(Date::MIN)
}

/// Whether `day` is a Norwegian public holiday (helligdag or lovbestemt høytidsdag). Sundays are
/// holidays too, and are handled by the caller with the weekday rule.
pub fn is_public_holiday(day: Date) -> bool {
    let fixed = matches!(
        (day.month(), day.day()),
        (Month::January, 1) | (Month::May, 1) | (Month::May, 17) | (Month::December, 25 | 26)
    );
    if fixed {
        return true;
    }
    let easter = easter_sunday(day.year());
    // Maundy Thursday, Good Friday, Easter Monday, Ascension Day, Whit Monday; the Sundays
    // (Easter Day, Whit Sunday) are Sundays anyway.
    [-3i64, -2, 1, 39, 50]
        .iter()
        .any(|offset| easter + Duration::days(*offset) == day)
}

/// Whether telephone marketing to a Norwegian consumer is permitted at `at`.
pub fn telemarketing_permitted(at: OffsetDateTime) -> bool {
    let local = oslo_time(at);
    let day = local.date();
    if matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) || is_public_holiday(day) {
        return false;
    }
    let open = Time::from_hms(9, 0, 0).unwrap_or(Time::MIDNIGHT);
    let close = Time::from_hms(21, 0, 0).unwrap_or(Time::MIDNIGHT);
    local.time() >= open && local.time() < close
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2024), date!(2024 - 03 - 31));
        assert_eq!(easter_sunday(2025), date!(2025 - 04 - 20));
        assert_eq!(easter_sunday(2026), date!(2026 - 04 - 05));
        assert_eq!(easter_sunday(2027), date!(2027 - 03 - 28));
    }

    #[test]
    fn hours_and_holidays() {
        // Tuesday 24 November 2026, winter time (UTC+1).
        assert!(telemarketing_permitted(datetime!(2026-11-24 08:00 UTC))); // 09:00 local
        assert!(!telemarketing_permitted(datetime!(2026-11-24 07:59 UTC))); // 08:59 local
        assert!(telemarketing_permitted(datetime!(2026-11-24 19:59 UTC))); // 20:59 local
        assert!(!telemarketing_permitted(datetime!(2026-11-24 20:00 UTC))); // 21:00 local
        // Summer time (UTC+2): 09:00 local is 07:00 UTC.
        assert!(telemarketing_permitted(datetime!(2026-06-02 07:00 UTC)));
        assert!(!telemarketing_permitted(datetime!(2026-06-02 06:59 UTC)));
        // Saturday and Sunday.
        assert!(!telemarketing_permitted(datetime!(2026-11-28 12:00 UTC)));
        assert!(!telemarketing_permitted(datetime!(2026-11-29 12:00 UTC)));
        // 17 May 2027 is a Monday; Ascension Day 2026 is Thursday 14 May; Good Friday 3 April.
        assert!(!telemarketing_permitted(datetime!(2027-05-17 10:00 UTC)));
        assert!(!telemarketing_permitted(datetime!(2026-05-14 10:00 UTC)));
        assert!(!telemarketing_permitted(datetime!(2026-04-03 10:00 UTC)));
        assert!(telemarketing_permitted(datetime!(2026-05-13 10:00 UTC)));
        // A Norwegian-local evening given in another offset.
        assert!(!telemarketing_permitted(datetime!(2026-11-24 16:30 -05:00)));
    }
}
