//! The one clock everything reads the time from.

use std::time::Instant;
use time::{Duration, OffsetDateTime};

/// A clock: the system's, or one that started at a given instant and advances normally.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: Option<(OffsetDateTime, Instant)>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { start: None }
    }

    /// A clock that reads `at` now and advances in real time from there. For tests from
    /// outside the process (`VERN_TEST_NOW`), never for production.
    pub fn starting_at(at: OffsetDateTime) -> Clock {
        Clock {
            start: Some((at, Instant::now())),
        }
    }

    /// Whether this clock was set for testing.
    pub fn is_test_clock(&self) -> bool {
        self.start.is_some()
    }

    /// The current time.
    #[allow(clippy::disallowed_methods)] // the one place the system time is read
    pub fn now(&self) -> OffsetDateTime {
        match self.start {
            None => OffsetDateTime::now_utc(),
            Some((at, started)) => {
                let elapsed = Duration::try_from(started.elapsed()).unwrap_or(Duration::ZERO);
                at + elapsed
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn test_clock_starts_where_told() {
        let clock = Clock::starting_at(datetime!(2030-01-31 12:00 UTC));
        let now = clock.now();
        assert!(now >= datetime!(2030-01-31 12:00 UTC));
        assert!(now < datetime!(2030-01-31 12:01 UTC));
        assert!(clock.is_test_clock());
        assert!(!Clock::system().is_test_clock());
    }
}
