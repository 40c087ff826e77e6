//! Personal-data breaches (GDPR Art. 33 and 34): the lifecycle and its 72-hour clock.
//!
//! A controller must notify its supervisory authority "without undue delay and, where feasible,
//! not later than 72 hours after having become aware of it", unless the breach "is unlikely to
//! result in a risk"; a later notification must be "accompanied by reasons for the delay"
//! (Art. 33(1)). When the risk is high the people affected are told too (Art. 34(1)), unless one of
//! the Art. 34(3) conditions holds. Whatever happens, the controller documents the breach, its
//! effects and the remedial action (Art. 33(5)), so every step is kept, never overwritten.
//!
//! This module holds the rules as functions over values: the server stores a [`Breach`], asks
//! it for the next step, and writes what it answers.

use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Duration, OffsetDateTime};

/// Art. 33(1): "not later than 72 hours after having become aware of it".
pub const NOTIFICATION_WINDOW: Duration = Duration::hours(72);

/// Under this much time left the board shows the breach in red.
pub const URGENT_WITHIN: Duration = Duration::hours(12);

/// How likely the breach is to harm the people concerned (Art. 33(1), Art. 34(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// "Unlikely to result in a risk to the rights and freedoms of natural persons": documented
    /// (Art. 33(5)) but not notified.
    Unlikely,
    /// A risk: the authority is notified.
    Risk,
    /// A high risk: the authority and the people affected are notified (Art. 34(1)).
    High,
}

impl Risk {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Unlikely => "unlikely",
            Risk::Risk => "risk",
            Risk::High => "high",
        }
    }

    /// Parse the stable name.
    pub fn parse(s: &str) -> Option<Risk> {
        [Risk::Unlikely, Risk::Risk, Risk::High]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// Where a breach is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Recorded; the risk is not yet assessed.
    Open,
    /// The risk is assessed.
    Assessed,
    /// The supervisory authority has been notified (at least the first phase, Art. 33(4)).
    AuthorityNotified,
    /// The people affected have been told.
    PeopleNotified,
    /// Nothing more is to be done; the record stays.
    Closed,
}

impl Stage {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Open => "open",
            Stage::Assessed => "assessed",
            Stage::AuthorityNotified => "authority_notified",
            Stage::PeopleNotified => "people_notified",
            Stage::Closed => "closed",
        }
    }
}

/// How the clock stands for the board and `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// No notification is owed: assessed as unlikely to harm, already notified, or closed.
    NotDue,
    /// Due, with more than [`URGENT_WITHIN`] left.
    Due,
    /// Due within [`URGENT_WITHIN`].
    Urgent,
    /// Past the 72 hours and not notified.
    Overdue,
}

impl Urgency {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::NotDue => "not_due",
            Urgency::Due => "due",
            Urgency::Urgent => "urgent",
            Urgency::Overdue => "overdue",
        }
    }
}

/// What vern knows of a breach, as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// When the breach happened, if known.
    pub occurred_at: Option<OffsetDateTime>,
    /// When the controller became aware of it: the clock starts here.
    pub aware_at: OffsetDateTime,
    /// The assessed risk, once assessed.
    pub risk: Option<Risk>,
    /// When the authority was first notified.
    pub authority_notified_at: Option<OffsetDateTime>,
    /// When the people affected were told, or the Art. 34(3) ground for not telling them.
    pub people: PeopleNotice,
    /// Closed: nothing more to do.
    pub closed: bool,
}

/// Whether the people affected were told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeopleNotice {
    /// Not (yet).
    Pending,
    /// Told, at this time.
    Notified(OffsetDateTime),
    /// Not told, on an Art. 34(3) ground.
    Exempt(Art34Exemption),
}

/// Art. 34(3): the people need not be told when…
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Art34Exemption {
    /// (a) the data were made unintelligible to anyone not authorised, such as by encryption.
    Unintelligible,
    /// (b) subsequent measures ensure the high risk is no longer likely to materialise.
    RiskNoLongerLikely,
    /// (c) it would involve disproportionate effort; a public communication is made instead.
    PublicCommunication,
}

impl Art34Exemption {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Art34Exemption::Unintelligible => "unintelligible",
            Art34Exemption::RiskNoLongerLikely => "risk_no_longer_likely",
            Art34Exemption::PublicCommunication => "public_communication",
        }
    }

    /// Parse the stable name.
    pub fn parse(s: &str) -> Option<Art34Exemption> {
        [
            Art34Exemption::Unintelligible,
            Art34Exemption::RiskNoLongerLikely,
            Art34Exemption::PublicCommunication,
        ]
        .into_iter()
        .find(|e| e.as_str() == s)
    }
}

/// Why a step is refused. Each is a clear 4xx; nothing changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BreachError {
    /// The breach cannot have happened after the controller became aware of it.
    #[error("the breach cannot have occurred after the controller became aware of it")]
    OccurredAfterAware,
    /// A time in the future was given as a time something happened.
    #[error("that time is in the future")]
    InTheFuture,
    /// A notification cannot precede awareness.
    #[error("a notification cannot be made before the controller became aware of the breach")]
    BeforeAware,
    /// Art. 33(1): a notification after 72 hours must give the reasons for the delay.
    #[error(
        "the notification is later than 72 hours after awareness: give the reasons for the delay (GDPR Art. 33(1))"
    )]
    LateWithoutReasons,
    /// The step needs the risk assessed first.
    #[error("assess the risk first")]
    NotAssessed,
    /// A breach that carries a risk cannot close before the authority is notified.
    #[error("the authority must be notified before the breach can be closed")]
    AuthorityNotNotified,
    /// A high-risk breach cannot close until the people were told or an Art. 34(3) ground is
    /// recorded.
    #[error(
        "a high-risk breach cannot be closed before the people affected are told or an Art. 34(3) exemption is recorded"
    )]
    PeopleNotNotified,
    /// The breach is closed.
    #[error("the breach is closed")]
    Closed,
    /// This step was already taken.
    #[error("this step was already recorded")]
    AlreadyDone,
    /// Art. 34(1): the people are sent the notice only when the breach is assessed as likely to
    /// result in a high risk.
    #[error(
        "the notice to the people affected is sent only for a breach assessed as high risk (GDPR Art. 34(1))"
    )]
    NotHighRisk,
}

impl BreachError {
    /// The stable code for API answers.
    pub fn code(self) -> &'static str {
        match self {
            BreachError::OccurredAfterAware => "breach.occurred_after_aware",
            BreachError::InTheFuture => "breach.in_the_future",
            BreachError::BeforeAware => "breach.before_aware",
            BreachError::LateWithoutReasons => "breach.late_without_reasons",
            BreachError::NotAssessed => "breach.not_assessed",
            BreachError::AuthorityNotNotified => "breach.authority_not_notified",
            BreachError::PeopleNotNotified => "breach.people_not_notified",
            BreachError::Closed => "breach.closed",
            BreachError::AlreadyDone => "breach.already_done",
            BreachError::NotHighRisk => "breach.not_high_risk",
        }
    }
}

impl Breach {
    /// A new breach. `now` bounds the times given: awareness cannot be in the future.
    pub fn open(
        occurred_at: Option<OffsetDateTime>,
        aware_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<Breach, BreachError> {
        if aware_at > now || occurred_at.is_some_and(|t| t > now) {
            return Err(BreachError::InTheFuture);
        }
        if occurred_at.is_some_and(|t| t > aware_at) {
            return Err(BreachError::OccurredAfterAware);
        }
        Ok(Breach {
            occurred_at,
            aware_at,
            risk: None,
            authority_notified_at: None,
            people: PeopleNotice::Pending,
            closed: false,
        })
    }

    /// Art. 33(1): the authority must have been notified by then.
    pub fn deadline(&self) -> OffsetDateTime {
        self.aware_at + NOTIFICATION_WINDOW
    }

    /// Where the breach is.
    pub fn stage(&self) -> Stage {
        if self.closed {
            Stage::Closed
        } else if !matches!(self.people, PeopleNotice::Pending) {
            Stage::PeopleNotified
        } else if self.authority_notified_at.is_some() {
            Stage::AuthorityNotified
        } else if self.risk.is_some() {
            Stage::Assessed
        } else {
            Stage::Open
        }
    }

    /// Whether a notification to the authority is still owed. Until the risk is assessed it is:
    /// the clock runs from awareness, not from the assessment.
    pub fn notification_owed(&self) -> bool {
        !self.closed && self.authority_notified_at.is_none() && self.risk != Some(Risk::Unlikely)
    }

    /// Time left until the deadline (negative when overdue), while a notification is owed.
    pub fn time_left(&self, now: OffsetDateTime) -> Option<Duration> {
        self.notification_owed().then(|| self.deadline() - now)
    }

    /// How the clock stands at `now`.
    pub fn urgency(&self, now: OffsetDateTime) -> Urgency {
        match self.time_left(now) {
            None => Urgency::NotDue,
            Some(left) if left < Duration::ZERO => Urgency::Overdue,
            Some(left) if left < URGENT_WITHIN => Urgency::Urgent,
            Some(_) => Urgency::Due,
        }
    }

    /// Record the assessment. It may be revised until the breach is closed (the register keeps
    /// each version); revising it never stops a clock that already ran out.
    pub fn assess(&mut self, risk: Risk) -> Result<(), BreachError> {
        if self.closed {
            return Err(BreachError::Closed);
        }
        self.risk = Some(risk);
        Ok(())
    }

    /// Record the (first) notification to the authority, made at `at`. Later phases
    /// (Art. 33(4)) are versions of the document, not new notifications.
    pub fn notify_authority(
        &mut self,
        at: OffsetDateTime,
        now: OffsetDateTime,
        reasons_for_delay: Option<&str>,
    ) -> Result<(), BreachError> {
        if self.closed {
            return Err(BreachError::Closed);
        }
        if self.authority_notified_at.is_some() {
            return Err(BreachError::AlreadyDone);
        }
        if at > now {
            return Err(BreachError::InTheFuture);
        }
        if at < self.aware_at {
            return Err(BreachError::BeforeAware);
        }
        let has_reasons = reasons_for_delay.is_some_and(|r| !r.trim().is_empty());
        if at > self.deadline() && !has_reasons {
            return Err(BreachError::LateWithoutReasons);
        }
        self.authority_notified_at = Some(at);
        Ok(())
    }

    /// Record that the people affected were told at `at` (after assessment: what they are told
    /// comes from it, Art. 34(2)).
    pub fn notify_people(
        &mut self,
        at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), BreachError> {
        if self.closed {
            return Err(BreachError::Closed);
        }
        if self.risk.is_none() {
            return Err(BreachError::NotAssessed);
        }
        if at > now {
            return Err(BreachError::InTheFuture);
        }
        if at < self.aware_at {
            return Err(BreachError::BeforeAware);
        }
        if matches!(self.people, PeopleNotice::Notified(_)) {
            return Err(BreachError::AlreadyDone);
        }
        self.people = PeopleNotice::Notified(at);
        Ok(())
    }

    /// Send the Art. 34 notice to (more of) the people affected at `now`: only for a breach
    /// assessed as high risk (Art. 34(1)) and not closed. The first sending records that the
    /// people were told (the people-notified step); a later one, to people found since, leaves
    /// that time as it is. Returns whether this sending took the step.
    pub fn send_notice(&mut self, now: OffsetDateTime) -> Result<bool, BreachError> {
        if self.closed {
            return Err(BreachError::Closed);
        }
        match self.risk {
            None => return Err(BreachError::NotAssessed),
            Some(Risk::High) => {}
            Some(_) => return Err(BreachError::NotHighRisk),
        }
        if matches!(self.people, PeopleNotice::Notified(_)) {
            return Ok(false);
        }
        self.notify_people(now, now)?;
        Ok(true)
    }

    /// Record an Art. 34(3) ground for not telling the people.
    pub fn exempt_people(&mut self, ground: Art34Exemption) -> Result<(), BreachError> {
        if self.closed {
            return Err(BreachError::Closed);
        }
        if self.risk.is_none() {
            return Err(BreachError::NotAssessed);
        }
        if matches!(self.people, PeopleNotice::Notified(_)) {
            return Err(BreachError::AlreadyDone);
        }
        self.people = PeopleNotice::Exempt(ground);
        Ok(())
    }

    /// Close the breach once every duty is met.
    pub fn close(&mut self) -> Result<(), BreachError> {
        if self.closed {
            return Err(BreachError::AlreadyDone);
        }
        match self.risk {
            None => Err(BreachError::NotAssessed),
            Some(Risk::Risk | Risk::High) if self.authority_notified_at.is_none() => {
                Err(BreachError::AuthorityNotNotified)
            }
            Some(Risk::High) if self.people == PeopleNotice::Pending => {
                Err(BreachError::PeopleNotNotified)
            }
            Some(_) => {
                self.closed = true;
                Ok(())
            }
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const AWARE: OffsetDateTime = datetime!(2027-03-01 09:00 UTC);

    fn opened() -> Breach {
        Breach::open(Some(datetime!(2027-02-28 22:00 UTC)), AWARE, AWARE).unwrap()
    }

    #[test]
    fn the_clock_runs_72_hours_from_awareness() {
        // GDPR Art. 33(1): "not later than 72 hours after having become aware of it".
        let b = opened();
        assert_eq!(b.deadline(), datetime!(2027-03-04 09:00 UTC));
        assert_eq!(b.time_left(AWARE), Some(Duration::hours(72)));
        assert_eq!(b.urgency(AWARE), Urgency::Due);
        assert_eq!(b.urgency(AWARE + Duration::hours(61)), Urgency::Urgent);
        assert_eq!(b.urgency(AWARE + Duration::hours(72)), Urgency::Urgent);
        assert_eq!(b.urgency(AWARE + Duration::hours(73)), Urgency::Overdue);
        assert_eq!(
            b.time_left(AWARE + Duration::hours(73)),
            Some(Duration::hours(-1))
        );
    }

    #[test]
    fn the_assessment_does_not_restart_the_clock() {
        // The 72 hours run from awareness (Art. 33(1)); assessing late does not buy time.
        let mut b = opened();
        b.assess(Risk::Risk).unwrap();
        assert_eq!(b.urgency(AWARE + Duration::hours(80)), Urgency::Overdue);
    }

    #[test]
    fn a_breach_unlikely_to_harm_is_documented_not_notified() {
        // Art. 33(1) "unless the personal data breach is unlikely to result in a risk"; it is
        // still documented (Art. 33(5)) and may then be closed.
        let mut b = opened();
        b.assess(Risk::Unlikely).unwrap();
        assert!(!b.notification_owed());
        assert_eq!(b.urgency(AWARE + Duration::hours(100)), Urgency::NotDue);
        b.close().unwrap();
        assert_eq!(b.stage(), Stage::Closed);
    }

    #[test]
    fn a_late_notification_needs_the_reasons_for_the_delay() {
        // Art. 33(1): "Where the notification … is not made within 72 hours, it shall be
        // accompanied by reasons for the delay."
        let mut b = opened();
        b.assess(Risk::Risk).unwrap();
        let late = AWARE + Duration::hours(73);
        assert_eq!(
            b.notify_authority(late, late, None),
            Err(BreachError::LateWithoutReasons)
        );
        assert_eq!(
            b.notify_authority(late, late, Some("  ")),
            Err(BreachError::LateWithoutReasons)
        );
        assert_eq!(b.stage(), Stage::Assessed);
        b.notify_authority(late, late, Some("the processor told us on day 4"))
            .unwrap();
        assert_eq!(b.stage(), Stage::AuthorityNotified);
        assert_eq!(b.urgency(late), Urgency::NotDue);
    }

    #[test]
    fn a_notification_within_72_hours_needs_no_reasons() {
        let mut b = opened();
        let on_time = AWARE + Duration::hours(72);
        b.notify_authority(on_time, on_time, None).unwrap();
        assert_eq!(
            b.notify_authority(on_time, on_time, None),
            Err(BreachError::AlreadyDone)
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(
            Breach::open(
                Some(AWARE + Duration::hours(1)),
                AWARE,
                AWARE + Duration::DAY
            ),
            Err(BreachError::OccurredAfterAware)
        );
        assert_eq!(
            Breach::open(None, AWARE + Duration::hours(1), AWARE),
            Err(BreachError::InTheFuture)
        );
        let mut b = opened();
        let now = AWARE + Duration::DAY;
        assert_eq!(
            b.notify_authority(AWARE - Duration::hours(1), now, None),
            Err(BreachError::BeforeAware)
        );
        assert_eq!(
            b.notify_authority(now + Duration::hours(1), now, None),
            Err(BreachError::InTheFuture)
        );
        assert_eq!(b, opened());
    }

    #[test]
    fn a_high_risk_breach_closes_only_when_the_people_are_told_or_exempt() {
        // Art. 34(1): high risk ⇒ communicate to the data subject; Art. 34(3) lists when not.
        let mut b = opened();
        assert_eq!(b.close(), Err(BreachError::NotAssessed));
        assert_eq!(b.notify_people(AWARE, AWARE), Err(BreachError::NotAssessed));
        b.assess(Risk::High).unwrap();
        assert_eq!(b.close(), Err(BreachError::AuthorityNotNotified));
        let at = AWARE + Duration::hours(5);
        b.notify_authority(at, at, None).unwrap();
        assert_eq!(b.close(), Err(BreachError::PeopleNotNotified));
        b.notify_people(at, at).unwrap();
        assert_eq!(b.stage(), Stage::PeopleNotified);
        b.close().unwrap();
        assert_eq!(b.assess(Risk::Risk), Err(BreachError::Closed));

        let mut e = opened();
        e.assess(Risk::High).unwrap();
        e.notify_authority(at, at, None).unwrap();
        e.exempt_people(Art34Exemption::Unintelligible).unwrap();
        e.close().unwrap();
    }

    #[test]
    fn the_notice_goes_out_only_for_a_high_risk_breach() {
        // Art. 34(1): "When the personal data breach is likely to result in a high risk to the
        // rights and freedoms of natural persons, the controller shall communicate the personal
        // data breach to the data subject without undue delay."
        let mut b = opened();
        assert_eq!(b.send_notice(AWARE), Err(BreachError::NotAssessed));
        b.assess(Risk::Risk).unwrap();
        assert_eq!(b.send_notice(AWARE), Err(BreachError::NotHighRisk));
        assert_eq!(b.stage(), Stage::Assessed);
        b.assess(Risk::High).unwrap();
        let at = AWARE + Duration::hours(2);
        assert_eq!(b.send_notice(at), Ok(true));
        assert_eq!(b.people, PeopleNotice::Notified(at));
        // People found later are told too; the time the people were told stays the first.
        assert_eq!(b.send_notice(at + Duration::hours(1)), Ok(false));
        assert_eq!(b.people, PeopleNotice::Notified(at));
        b.notify_authority(at, at, None).unwrap();
        b.close().unwrap();
        assert_eq!(b.send_notice(at), Err(BreachError::Closed));
    }

    #[test]
    fn names_round_trip() {
        for r in [Risk::Unlikely, Risk::Risk, Risk::High] {
            assert_eq!(Risk::parse(r.as_str()), Some(r));
        }
        for e in [
            Art34Exemption::Unintelligible,
            Art34Exemption::RiskNoLongerLikely,
            Art34Exemption::PublicCommunication,
        ] {
            assert_eq!(Art34Exemption::parse(e.as_str()), Some(e));
        }
        assert_eq!(Risk::parse("medium"), None);
    }
}
