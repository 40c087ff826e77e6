//! Local time in the zones vern shows times in: the four Nordic capitals and UTC.
//!
//! Written by hand rather than pulling in a time-zone database: Sweden, Norway, Denmark and
//! Finland all follow the EU summer-time rule (one hour ahead from 01:00 UTC on the last Sunday
//! of March until 01:00 UTC on the last Sunday of October), and that one rule is all these
//! zones need.

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, UtcOffset, Weekday};

use crate::country::Country;

/// A time zone vern can show times in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// Europe/Stockholm (CET/CEST).
    Stockholm,
    /// Europe/Oslo (CET/CEST).
    Oslo,
    /// Europe/Copenhagen (CET/CEST).
    Copenhagen,
    /// Europe/Helsinki (EET/EEST).
    Helsinki,
    /// UTC.
    Utc,
}

impl Zone {
    /// Every zone, in the order a list shows them.
    pub const ALL: [Zone; 5] = [
        Zone::Stockholm,
        Zone::Oslo,
        Zone::Copenhagen,
        Zone::Helsinki,
        Zone::Utc,
    ];

    /// The IANA name.
    pub fn name(self) -> &'static str {
        match self {
            Zone::Stockholm => "Europe/Stockholm",
            Zone::Oslo => "Europe/Oslo",
            Zone::Copenhagen => "Europe/Copenhagen",
            Zone::Helsinki => "Europe/Helsinki",
            Zone::Utc => "UTC",
        }
    }

    /// The zone with this IANA name (`Etc/UTC` and `UTC` both mean UTC).
    pub fn from_name(name: &str) -> Option<Zone> {
        match name {
            "Etc/UTC" | "UTC" => Some(Zone::Utc),
            other => Zone::ALL.into_iter().find(|z| z.name() == other),
        }
    }

    /// The zone of a controller's country: where its calendar days begin and end. A controller
    /// without a country keeps UTC.
    pub fn of_country(country: Option<Country>) -> Zone {
        match country {
            Some(Country::Se) => Zone::Stockholm,
            Some(Country::No) => Zone::Oslo,
            Some(Country::Dk) => Zone::Copenhagen,
            Some(Country::Fi) => Zone::Helsinki,
            None => Zone::Utc,
        }
    }

    fn standard_hours(self) -> i64 {
        match self {
            Zone::Utc => 0,
            Zone::Stockholm | Zone::Oslo | Zone::Copenhagen => 1,
            Zone::Helsinki => 2,
        }
    }

    /// The offset from UTC in force at `at`.
    pub fn offset_at(self, at: OffsetDateTime) -> UtcOffset {
        let mut hours = self.standard_hours();
        if self != Zone::Utc && eu_summer_time(at) {
            hours += 1;
        }
        let seconds = i32::try_from(hours * 3600).unwrap_or(0);
        UtcOffset::from_whole_seconds(seconds).unwrap_or(UtcOffset::UTC)
    }

    /// `at` as a wall-clock time in this zone.
    pub fn local(self, at: OffsetDateTime) -> PrimitiveDateTime {
        let local = at.to_offset(self.offset_at(at));
        PrimitiveDateTime::new(local.date(), local.time())
    }

    /// `at` in this zone, with the offset.
    pub fn at(self, at: OffsetDateTime) -> OffsetDateTime {
        at.to_offset(self.offset_at(at))
    }
}

/// Whether the EU summer-time rule puts clocks forward at `at`.
pub fn eu_summer_time(at: OffsetDateTime) -> bool {
    let utc = at.to_offset(UtcOffset::UTC);
    let year = utc.year();
    let start = last_sunday(year, Month::March).with_hms(1, 0, 0).ok();
    let end = last_sunday(year, Month::October).with_hms(1, 0, 0).ok();
    let naive = PrimitiveDateTime::new(utc.date(), utc.time());
    matches!((start, end), (Some(s), Some(e)) if naive >= s && naive < e)
}

fn last_sunday(year: i32, month: Month) -> Date {
    let last = time::util::days_in_month(month, year);
    let mut day = Date::from_calendar_date(year, month, last).unwrap_or(Date::MIN);
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day().unwrap_or(Date::MIN);
    }
    day
}

/// Whole days from `from` to `to` as calendars in `zone` count them (midnight to midnight).
pub fn calendar_days_between(zone: Zone, from: OffsetDateTime, to: OffsetDateTime) -> i64 {
    let days: Duration = zone.local(to).date() - zone.local(from).date();
    days.whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, time};

    #[test]
    fn offsets_follow_the_eu_rule() {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let before = datetime!(2026-03-29 00:59 UTC);
        let after = datetime!(2026-03-29 01:00 UTC);
        assert_eq!(Zone::Stockholm.local(before).time(), time!(01:59));
        assert_eq!(Zone::Stockholm.local(after).time(), time!(03:00));
        assert_eq!(Zone::Helsinki.local(after).time(), time!(04:00));
        assert_eq!(Zone::Utc.local(after).time(), time!(01:00));
        let autumn = datetime!(2026-10-25 00:59 UTC);
        assert_eq!(Zone::Oslo.local(autumn).time(), time!(02:59));
        assert_eq!(
            Zone::Oslo.local(autumn + Duration::minutes(1)).time(),
            time!(02:00)
        );
        assert_eq!(
            Zone::Copenhagen.offset_at(datetime!(2026-12-01 12:00 UTC)),
            UtcOffset::from_hms(1, 0, 0).unwrap()
        );
    }

    #[test]
    fn names_round_trip() {
        for z in Zone::ALL {
            assert_eq!(Zone::from_name(z.name()), Some(z));
        }
        assert_eq!(Zone::from_name("Etc/UTC"), Some(Zone::Utc));
        assert_eq!(Zone::from_name("America/New_York"), None);
    }

    #[test]
    fn calendar_days_count_local_midnights() {
        // 23:30 Stockholm time to 00:30 the next day is one calendar day, though one hour.
        let a = datetime!(2026-11-23 22:30 UTC);
        let b = datetime!(2026-11-23 23:30 UTC);
        assert_eq!(calendar_days_between(Zone::Stockholm, a, b), 1);
        assert_eq!(calendar_days_between(Zone::Utc, a, b), 0);
    }
}
