//! Instants are stored as microseconds since the Unix epoch (UTC) in BIGINT columns, which both
//! backends store and compare the same way.

use time::OffsetDateTime;

/// An instant as stored.
pub fn to_micros(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

/// A stored instant, in UTC.
pub fn from_micros(micros: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
