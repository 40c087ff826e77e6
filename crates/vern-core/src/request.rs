//! Data-subject requests: kinds, the lifecycle, and the deadlines of Art. 12(3).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::OffsetDateTime;

use crate::calendar::add_months_to;
use crate::zone::{Zone, calendar_days_between};

/// What the person asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Art. 15: a copy of their data.
    Access,
    /// Art. 16: correct it.
    Rectification,
    /// Art. 17: erase it.
    Erasure,
    /// Art. 18: restrict processing.
    Restriction,
    /// Art. 21(1): object, for a balancing decision.
    Objection,
    /// Art. 20: their data in a machine-readable form.
    Portability,
    /// Art. 22: a human to review an automated decision.
    HumanReview,
    /// Art. 13-14: what is processed and why.
    Information,
}

impl RequestKind {
    /// Every kind.
    pub const ALL: [RequestKind; 8] = [
        RequestKind::Access,
        RequestKind::Rectification,
        RequestKind::Erasure,
        RequestKind::Restriction,
        RequestKind::Objection,
        RequestKind::Portability,
        RequestKind::HumanReview,
        RequestKind::Information,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Access => "access",
            RequestKind::Rectification => "rectification",
            RequestKind::Erasure => "erasure",
            RequestKind::Restriction => "restriction",
            RequestKind::Objection => "objection",
            RequestKind::Portability => "portability",
            RequestKind::HumanReview => "human_review",
            RequestKind::Information => "information",
        }
    }

    /// The article of the right.
    pub fn article(self) -> &'static str {
        match self {
            RequestKind::Access => "Art. 15",
            RequestKind::Rectification => "Art. 16",
            RequestKind::Erasure => "Art. 17",
            RequestKind::Restriction => "Art. 18",
            RequestKind::Objection => "Art. 21",
            RequestKind::Portability => "Art. 20",
            RequestKind::HumanReview => "Art. 22",
            RequestKind::Information => "Art. 13-14",
        }
    }
}

impl fmt::Display for RequestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text named no request kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown request kind: expected one of access, rectification, erasure, restriction, objection, portability, human_review, information"
)]
pub struct UnknownRequestKind;

impl FromStr for RequestKind {
    type Err = UnknownRequestKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequestKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(UnknownRequestKind)
    }
}

/// Where a request is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Arrived; nothing done yet.
    Received,
    /// Waiting for the person to prove who they are.
    Verifying,
    /// Verified and being worked on.
    InProgress,
    /// Done, with a documented outcome.
    Completed,
    /// Refused, with reasons and the right to complain (Art. 12(4)).
    Rejected,
}

impl RequestState {
    /// Every state.
    pub const ALL: [RequestState; 5] = [
        RequestState::Received,
        RequestState::Verifying,
        RequestState::InProgress,
        RequestState::Completed,
        RequestState::Rejected,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Received => "received",
            RequestState::Verifying => "verifying",
            RequestState::InProgress => "in_progress",
            RequestState::Completed => "completed",
            RequestState::Rejected => "rejected",
        }
    }

    /// Whether the request is closed.
    pub fn is_closed(self) -> bool {
        matches!(self, RequestState::Completed | RequestState::Rejected)
    }
}

impl FromStr for RequestState {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequestState::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                "expected one of received, verifying, in_progress, completed, rejected".to_owned()
            })
    }
}

/// A step in a request's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Ask the person to verify (a code is sent).
    AskVerification,
    /// The person's identity is verified (by code, or by staff another way).
    Verified,
    /// Extend the deadline by this many months (1 or 2 in all), with reasons.
    Extend(u32),
    /// Close with an outcome.
    Complete,
    /// Refuse, with reasons.
    Reject,
}

/// Why a step is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// The request is closed.
    #[error("the request is closed")]
    Closed,
    /// The request must be verified first.
    #[error("the person's identity must be verified first")]
    NotVerified,
    /// Already verified.
    #[error("the request is already verified")]
    AlreadyVerified,
    /// Extension refused.
    #[error("{0}")]
    Extension(&'static str),
}

/// The state after `step`, or why it cannot be taken. `verified` says whether identity has
/// been established; `extended_months` how much the deadline has been extended so far.
pub fn next_state(
    state: RequestState,
    step: &Step,
    verified: bool,
    extended_months: u32,
    received_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<RequestState, StepError> {
    if state.is_closed() {
        return Err(StepError::Closed);
    }
    match step {
        Step::AskVerification if verified => Err(StepError::AlreadyVerified),
        Step::AskVerification => Ok(RequestState::Verifying),
        Step::Verified if verified => Err(StepError::AlreadyVerified),
        Step::Verified => Ok(RequestState::InProgress),
        Step::Extend(months) => {
            if !(1..=2).contains(months) || extended_months + months > 2 {
                return Err(StepError::Extension(
                    "the deadline can be extended by at most two months in all",
                ));
            }
            if now > original_due(received_at) {
                return Err(StepError::Extension(
                    "an extension must be decided and told to the person within one month of receipt (Art. 12(3))",
                ));
            }
            Ok(state)
        }
        // A refusal needs no verification (a manifestly unfounded request, an unverifiable one).
        Step::Reject => Ok(RequestState::Rejected),
        Step::Complete if !verified => Err(StepError::NotVerified),
        Step::Complete => Ok(RequestState::Completed),
    }
}

/// One calendar month from receipt (Art. 12(3)): a request received on 31 January is due on
/// the last day of February.
pub fn original_due(received_at: OffsetDateTime) -> OffsetDateTime {
    add_months_to(received_at, 1)
}

/// The deadline with `extended_months` of extension.
pub fn due(received_at: OffsetDateTime, extended_months: u32) -> OffsetDateTime {
    add_months_to(received_at, 1 + extended_months.min(2))
}

/// Days left until a request's deadline, the one definition the API and the staff UI share:
/// calendar days in the controller's time zone from today to the due day, so a request due
/// tomorrow has 1 day left all of today, one due today has 0, and one due yesterday has -1.
/// Counting whole 24-hour periods instead would say 0 for a deadline 23 hours away on the next
/// calendar day, and a person reading "0 days left" expects it to end today.
pub fn days_left(due_at: OffsetDateTime, now: OffsetDateTime, zone: Zone) -> i64 {
    calendar_days_between(zone, now, due_at)
}

/// How close a request is to its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueFlag {
    /// More than `soon` left.
    OnTime,
    /// Due within `soon`.
    DueSoon,
    /// Past due.
    Overdue,
}

/// The flag of an open request due at `due_at`, seen at `now`.
pub fn due_flag(due_at: OffsetDateTime, now: OffsetDateTime, soon: time::Duration) -> DueFlag {
    if now > due_at {
        DueFlag::Overdue
    } else if due_at - now <= soon {
        DueFlag::DueSoon
    } else {
        DueFlag::OnTime
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn days_left_counts_calendar_days_in_the_controllers_zone() {
        // Due 2027-05-20 23:59 in Stockholm (21:59 UTC, summer time).
        let due = datetime!(2027-05-20 21:59 UTC);
        // The evening before, less than 24 hours ahead: still one calendar day left.
        assert_eq!(
            days_left(due, datetime!(2027-05-19 23:00 UTC), Zone::Utc),
            1
        );
        assert_eq!(
            days_left(due, datetime!(2027-05-20 08:00 UTC), Zone::Stockholm),
            0
        );
        // 22:30 UTC on the 20th is already the 21st in Stockholm: one day late there, not in UTC.
        let late = datetime!(2027-05-20 22:30 UTC);
        assert_eq!(days_left(due, late, Zone::Stockholm), -1);
        assert_eq!(days_left(due, late, Zone::Utc), 0);
        assert_eq!(
            days_left(due, datetime!(2027-04-20 10:00 UTC), Zone::Stockholm),
            30
        );
    }

    #[test]
    fn due_dates_at_month_ends() {
        assert_eq!(
            original_due(datetime!(2027-01-31 10:00 UTC)),
            datetime!(2027-02-28 10:00 UTC)
        );
        assert_eq!(
            original_due(datetime!(2028-01-31 10:00 UTC)),
            datetime!(2028-02-29 10:00 UTC)
        );
        assert_eq!(
            due(datetime!(2026-11-30 09:00 UTC), 2),
            datetime!(2027-02-28 09:00 UTC)
        );
        assert_eq!(
            due(datetime!(2026-11-23 09:00 UTC), 0),
            datetime!(2026-12-23 09:00 UTC)
        );
    }

    #[test]
    fn lifecycle() {
        let r = datetime!(2026-11-01 10:00 UTC);
        let soon = datetime!(2026-11-10 10:00 UTC);
        use RequestState::*;
        assert_eq!(
            next_state(Received, &Step::AskVerification, false, 0, r, soon),
            Ok(Verifying)
        );
        assert_eq!(
            next_state(Verifying, &Step::Verified, false, 0, r, soon),
            Ok(InProgress)
        );
        assert_eq!(
            next_state(Received, &Step::Complete, false, 0, r, soon),
            Err(StepError::NotVerified)
        );
        assert_eq!(
            next_state(InProgress, &Step::Complete, true, 0, r, soon),
            Ok(Completed)
        );
        assert_eq!(
            next_state(Completed, &Step::Reject, true, 0, r, soon),
            Err(StepError::Closed)
        );
        assert_eq!(
            next_state(Received, &Step::Reject, false, 0, r, soon),
            Ok(Rejected)
        );
        assert_eq!(
            next_state(InProgress, &Step::Extend(2), true, 0, r, soon),
            Ok(InProgress)
        );
        assert!(next_state(InProgress, &Step::Extend(2), true, 1, r, soon).is_err());
        assert!(next_state(InProgress, &Step::Extend(3), true, 0, r, soon).is_err());
        // After the first month no extension may be decided.
        assert!(
            next_state(
                InProgress,
                &Step::Extend(1),
                true,
                0,
                r,
                datetime!(2026-12-01 10:00:01 UTC)
            )
            .is_err()
        );
        assert!(
            next_state(
                InProgress,
                &Step::Extend(1),
                true,
                0,
                r,
                datetime!(2026-12-01 10:00 UTC)
            )
            .is_ok()
        );
    }

    #[test]
    fn flags() {
        let due = datetime!(2026-12-01 10:00 UTC);
        let week = time::Duration::days(7);
        assert_eq!(
            due_flag(due, datetime!(2026-11-01 0:00 UTC), week),
            DueFlag::OnTime
        );
        assert_eq!(
            due_flag(due, datetime!(2026-11-28 0:00 UTC), week),
            DueFlag::DueSoon
        );
        assert_eq!(
            due_flag(due, datetime!(2026-12-02 0:00 UTC), week),
            DueFlag::Overdue
        );
    }
}
