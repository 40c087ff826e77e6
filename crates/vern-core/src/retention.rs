//! Storage limitation per purpose (GDPR Art. 5(1)(e)): when a purpose a person's data served has
//! ended and its retention period has run, the data only that purpose needed goes, and a person
//! left with no purpose at all is erased.
//!
//! A purpose ends for a person when its legal basis does: consent that is no longer granted on
//! any channel (withdrawn or expired) ends at its last withdrawal or expiry; a contract ends when
//! the person's last deal closed. Purposes on other bases (legitimate interests, a legal
//! obligation, which legal holds look after) have no end vern can see, so they never end here;
//! nor does a purpose without a retention period.

use time::OffsetDateTime;

use crate::consent::{ConsentAction, ConsentFact, ConsentState, current};
use crate::purpose::{LegalBasis, Purpose, PurposeKey};

/// What the retention rules see of one person.
#[derive(Debug, Clone, Copy)]
pub struct PersonData<'a> {
    /// The purposes of the person's controller.
    pub purposes: &'a [Purpose],
    /// The person's consent history.
    pub consents: &'a [ConsentFact],
    /// The purposes the person's custom fields serve, one per field.
    pub field_purposes: &'a [&'a str],
    /// Whether the person has a deal still open.
    pub open_deal: bool,
    /// When the person's last closed deal closed.
    pub last_closed_deal: Option<OffsetDateTime>,
}

/// What retention does to one person now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Purposes whose time is over: the custom fields serving them go.
    pub ended: Vec<PurposeKey>,
    /// No purpose remains: the person is erased.
    pub erase: bool,
}

/// When `purpose` ended for the person, if it did.
fn ended_at(
    purpose: &Purpose,
    data: &PersonData<'_>,
    now: OffsetDateTime,
) -> Option<OffsetDateTime> {
    match purpose.legal_basis {
        LegalBasis::Consent => {
            let facts: Vec<&ConsentFact> = data
                .consents
                .iter()
                .filter(|f| f.purpose == purpose.key)
                .collect();
            if facts.is_empty() {
                return None;
            }
            let granted = facts.iter().any(|f| {
                current(data.consents, &purpose.key, f.channel, now).0 == ConsentState::Granted
            });
            if granted {
                return None;
            }
            facts
                .iter()
                .filter(|f| f.at <= now)
                .map(|f| match (f.action, f.expires_at) {
                    (ConsentAction::Granted, Some(e)) if e <= now => e,
                    _ => f.at,
                })
                .max()
        }
        LegalBasis::Contract if !data.open_deal => data.last_closed_deal,
        _ => None,
    }
}

/// Whether the person's data serves `purpose` at all.
fn serves(purpose: &Purpose, data: &PersonData<'_>) -> bool {
    data.field_purposes.contains(&purpose.key.as_str())
        || data.consents.iter().any(|f| f.purpose == purpose.key)
        || (purpose.legal_basis == LegalBasis::Contract
            && (data.open_deal || data.last_closed_deal.is_some()))
}

/// Which of the person's purposes are over at `now` (ended, and their retention run), and
/// whether none remains.
pub fn apply(data: &PersonData<'_>, now: OffsetDateTime) -> Outcome {
    let mut outcome = Outcome::default();
    let mut remaining = 0;
    for purpose in data.purposes.iter().filter(|p| serves(p, data)) {
        // A purpose without a retention period sets no limit to enforce.
        let over = purpose.retention.is_some_and(|r| {
            ended_at(purpose, data, now)
                .is_some_and(|end| end.replace_date(r.ends(end.date())) <= now)
        });
        if over {
            outcome.ended.push(purpose.key.clone());
        } else {
            remaining += 1;
        }
    }
    outcome.erase = !outcome.ended.is_empty() && remaining == 0;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::{Channel, ChannelSet};
    use crate::purpose::Retention;
    use time::macros::datetime;

    fn purpose(key: &str, basis: LegalBasis, retention: Option<Retention>) -> Purpose {
        Purpose {
            key: PurposeKey::parse(key).unwrap(),
            name: key.to_owned(),
            legal_basis: basis,
            direct_marketing: false,
            channels: ChannelSet::of(&[Channel::Email, Channel::Sms]),
            retention,
            description: String::new(),
            dk_telemarketing_exception: false,
            product_category: None,
        }
    }

    fn fact(key: &str, channel: Channel, action: ConsentAction, at: OffsetDateTime) -> ConsentFact {
        ConsentFact {
            purpose: PurposeKey::parse(key).unwrap(),
            channel,
            action,
            at,
            expires_at: None,
        }
    }

    const JAN: OffsetDateTime = datetime!(2026-01-10 12:00 UTC);

    #[test]
    fn a_withdrawn_consent_ends_its_purpose_once_its_retention_has_run() {
        let purposes = [
            purpose("club", LegalBasis::Consent, Some(Retention::months(6))),
            purpose("orders", LegalBasis::Contract, Some(Retention::years(1))),
        ];
        let consents = [
            fact(
                "club",
                Channel::Email,
                ConsentAction::Granted,
                datetime!(2025-06-01 0:00 UTC),
            ),
            fact("club", Channel::Email, ConsentAction::Withdrawn, JAN),
        ];
        let data = PersonData {
            purposes: &purposes,
            consents: &consents,
            field_purposes: &["club", "orders"],
            open_deal: false,
            last_closed_deal: Some(JAN),
        };
        assert_eq!(
            apply(&data, datetime!(2026-07-09 12:00 UTC)),
            Outcome::default()
        );
        let after = apply(&data, datetime!(2026-07-10 12:00 UTC));
        assert_eq!(after.ended, [PurposeKey::parse("club").unwrap()]);
        assert!(!after.erase, "the contract's retention still runs");
        let later = apply(&data, datetime!(2027-01-10 12:00 UTC));
        assert_eq!(later.ended.len(), 2);
        assert!(later.erase, "no purpose remains");
    }

    #[test]
    fn consent_still_granted_on_one_channel_keeps_its_purpose() {
        let purposes = [purpose("club", LegalBasis::Consent, None)];
        let consents = [
            fact("club", Channel::Email, ConsentAction::Withdrawn, JAN),
            fact("club", Channel::Sms, ConsentAction::Granted, JAN),
        ];
        let data = PersonData {
            purposes: &purposes,
            consents: &consents,
            field_purposes: &["club"],
            open_deal: false,
            last_closed_deal: None,
        };
        assert_eq!(
            apply(&data, datetime!(2030-01-01 0:00 UTC)),
            Outcome::default()
        );
    }

    #[test]
    fn an_open_deal_legitimate_interests_or_no_period_never_end_here() {
        let purposes = [
            purpose("orders", LegalBasis::Contract, Some(Retention::days(1))),
            purpose(
                "service",
                LegalBasis::LegitimateInterests,
                Some(Retention::days(1)),
            ),
            purpose("club", LegalBasis::Consent, None),
        ];
        let consents = [fact("club", Channel::Email, ConsentAction::Withdrawn, JAN)];
        let data = PersonData {
            purposes: &purposes,
            consents: &consents,
            field_purposes: &["orders", "service", "club"],
            open_deal: true,
            last_closed_deal: Some(JAN),
        };
        assert_eq!(
            apply(&data, datetime!(2040-01-01 0:00 UTC)),
            Outcome::default()
        );
    }
}
