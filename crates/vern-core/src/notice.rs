//! Art. 14 notices: telling people whose data came from somewhere else.
//!
//! When personal data were not obtained from the person, the controller must tell them who it
//! is, why it holds the data, where the data came from and what their rights are (Art. 14(1)-(2)),
//! "within a reasonable period after obtaining the personal data, but at the latest within one
//! month", and if the data are used to communicate with them "at the latest at the time of the
//! first communication", or if disclosed "at the latest when the personal data are first
//! disclosed" (Art. 14(3)). Art. 14(5) lists the only grounds for not telling, and vern records
//! the one relied on, never a silent skip.
//!
//! Until the notice has gone, direct marketing must not reach the person: the first marketing
//! message would otherwise be the first communication, made without the notice. The one
//! exception is a first communication that carries the notice itself.

use time::OffsetDateTime;

use crate::calendar::add_months_to;

/// Where a person's data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// From the person themself (Art. 13 applies, not Art. 14).
    Subject,
    /// From an existing customer relationship's records (another system of the controller's).
    CustomerRelationship,
    /// A purchased or rented list, from a supplier.
    PurchasedList,
    /// A public register.
    PublicRegister,
    /// Someone else gave the person's details (a referral, "tip a friend").
    Referral,
}

impl Source {
    /// Every source, in the order forms list them.
    pub const ALL: [Source; 5] = [
        Source::Subject,
        Source::CustomerRelationship,
        Source::PurchasedList,
        Source::PublicRegister,
        Source::Referral,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Subject => "subject",
            Source::CustomerRelationship => "customer_relationship",
            Source::PurchasedList => "purchased_list",
            Source::PublicRegister => "public_register",
            Source::Referral => "referral",
        }
    }

    /// Parse the stable name.
    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether Art. 14 applies: the data were not obtained from the person. A customer
    /// relationship counts as obtained from the person only when the data were collected from
    /// them in it; vern cannot know that, so the importer says `subject` in that case.
    pub fn needs_art14_notice(self) -> bool {
        self != Source::Subject
    }
}

/// The Art. 14(5) grounds for not telling the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exemption {
    /// (a) the person already has the information.
    AlreadyInformed,
    /// (b) it is impossible or would involve a disproportionate effort (the controller must
    /// then make the information publicly available).
    DisproportionateEffort,
    /// (c) obtaining or disclosure is expressly laid down by law.
    RequiredByLaw,
    /// (d) the data must remain confidential under professional secrecy.
    ProfessionalSecrecy,
}

impl Exemption {
    /// Every ground.
    pub const ALL: [Exemption; 4] = [
        Exemption::AlreadyInformed,
        Exemption::DisproportionateEffort,
        Exemption::RequiredByLaw,
        Exemption::ProfessionalSecrecy,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Exemption::AlreadyInformed => "already_informed",
            Exemption::DisproportionateEffort => "disproportionate_effort",
            Exemption::RequiredByLaw => "required_by_law",
            Exemption::ProfessionalSecrecy => "professional_secrecy",
        }
    }

    /// Parse the stable name.
    pub fn parse(s: &str) -> Option<Exemption> {
        Exemption::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Where a person's Art. 14 notice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeState {
    /// Art. 14 does not apply: the data came from the person.
    NotRequired,
    /// Owed, by the latest `due`.
    Pending {
        /// The latest time allowed by Art. 14(3).
        due: OffsetDateTime,
    },
    /// Sent at this time.
    Sent(OffsetDateTime),
    /// Not sent, on this Art. 14(5) ground.
    Exempt(Exemption),
}

impl NoticeState {
    /// The state of a person whose data came from `source` at `obtained_at`, before any notice.
    pub fn initial(source: Source, obtained_at: OffsetDateTime) -> NoticeState {
        if source.needs_art14_notice() {
            NoticeState::Pending {
                due: due(obtained_at, None, None),
            }
        } else {
            NoticeState::NotRequired
        }
    }

    /// Whether direct marketing must wait for the notice: the contact would be a communication
    /// made before the person was told (Art. 14(3)(b)), unless it carries the notice itself.
    pub fn blocks_contact(self, carries_notice: bool) -> bool {
        matches!(self, NoticeState::Pending { .. }) && !carries_notice
    }

    /// Whether the notice is owed and past its latest time at `now`.
    pub fn overdue(self, now: OffsetDateTime) -> bool {
        matches!(self, NoticeState::Pending { due } if due <= now)
    }
}

/// Art. 14(3): the latest time for the notice — one month after obtaining the data, or the first
/// communication, or the first disclosure to another recipient, whichever is first.
pub fn due(
    obtained_at: OffsetDateTime,
    first_communication: Option<OffsetDateTime>,
    first_disclosure: Option<OffsetDateTime>,
) -> OffsetDateTime {
    [
        Some(add_months_to(obtained_at, 1)),
        first_communication,
        first_disclosure,
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(obtained_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const OBTAINED: OffsetDateTime = datetime!(2027-01-31 10:00 UTC);

    #[test]
    fn the_notice_is_due_within_one_month_of_obtaining_the_data() {
        // Art. 14(3)(a): "at the latest within one month"; a month from 31 January ends on the
        // last day of February, as Art. 12(3) months count.
        assert_eq!(due(OBTAINED, None, None), datetime!(2027-02-28 10:00 UTC));
    }

    #[test]
    fn a_first_communication_or_disclosure_brings_it_forward() {
        // Art. 14(3)(b) "at the latest at the time of the first communication"; (c) "at the
        // latest when the personal data are first disclosed".
        let call = datetime!(2027-02-03 09:00 UTC);
        let disclosed = datetime!(2027-02-10 09:00 UTC);
        assert_eq!(due(OBTAINED, Some(call), None), call);
        assert_eq!(due(OBTAINED, None, Some(disclosed)), disclosed);
        assert_eq!(due(OBTAINED, Some(disclosed), Some(call)), call);
        // A planned communication after the month does not push the deadline back.
        assert_eq!(
            due(OBTAINED, Some(datetime!(2027-06-01 09:00 UTC)), None),
            datetime!(2027-02-28 10:00 UTC)
        );
    }

    #[test]
    fn data_from_elsewhere_block_marketing_until_the_notice_goes() {
        // Art. 14 applies only where data "have not been obtained from the data subject".
        assert_eq!(
            NoticeState::initial(Source::Subject, OBTAINED),
            NoticeState::NotRequired
        );
        let bought = NoticeState::initial(Source::PurchasedList, OBTAINED);
        assert!(bought.blocks_contact(false));
        // A first message that carries the notice is itself the notice (Art. 14(3)(b)).
        assert!(!bought.blocks_contact(true));
        assert!(!bought.overdue(datetime!(2027-02-28 09:59 UTC)));
        assert!(bought.overdue(datetime!(2027-02-28 10:00 UTC)));
        assert!(!NoticeState::Sent(OBTAINED).blocks_contact(false));
        assert!(!NoticeState::Exempt(Exemption::RequiredByLaw).blocks_contact(false));
        for source in Source::ALL {
            assert_eq!(
                NoticeState::initial(source, OBTAINED).blocks_contact(false),
                source != Source::Subject,
                "{source:?}"
            );
        }
    }

    #[test]
    fn names_round_trip() {
        for s in Source::ALL {
            assert_eq!(Source::parse(s.as_str()), Some(s));
        }
        for e in Exemption::ALL {
            assert_eq!(Exemption::parse(e.as_str()), Some(e));
        }
        assert_eq!(Source::parse("scraped"), None);
    }
}
