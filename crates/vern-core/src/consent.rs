//! Consent: a person's grant or withdrawal for a purpose on a channel, never overwritten.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::channel::Channel;
use crate::purpose::PurposeKey;

/// The current state of consent for one purpose on one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    /// Nothing recorded.
    Unknown,
    /// Given and in force.
    Granted,
    /// Withdrawn (Art. 7(3)).
    Withdrawn,
    /// Given with an end date that has passed.
    Expired,
}

impl ConsentState {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentState::Unknown => "unknown",
            ConsentState::Granted => "granted",
            ConsentState::Withdrawn => "withdrawn",
            ConsentState::Expired => "expired",
        }
    }
}

/// What a consent event does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentAction {
    /// The person gives consent.
    Granted,
    /// The person withdraws it.
    Withdrawn,
}

/// One recorded consent event for a purpose on a channel, as the decision sees it (the evidence
/// itself is personal data and stays sealed in the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentFact {
    /// For which purpose.
    pub purpose: PurposeKey,
    /// On which channel.
    pub channel: Channel,
    /// Given or withdrawn.
    pub action: ConsentAction,
    /// When the person expressed it.
    pub at: OffsetDateTime,
    /// When a grant lapses, if it does.
    pub expires_at: Option<OffsetDateTime>,
}

/// The latest event for `purpose` on `channel` among `facts`, and the state it gives at `at`.
/// Later events win; between events at the same instant a withdrawal wins.
pub fn current<'a>(
    facts: impl IntoIterator<Item = &'a ConsentFact>,
    purpose: &PurposeKey,
    channel: Channel,
    at: OffsetDateTime,
) -> (ConsentState, Option<&'a ConsentFact>) {
    let latest = facts
        .into_iter()
        .filter(|f| f.channel == channel && &f.purpose == purpose && f.at <= at)
        .max_by_key(|f| (f.at, f.action == ConsentAction::Withdrawn));
    let state = match latest {
        None => ConsentState::Unknown,
        Some(f) if f.action == ConsentAction::Withdrawn => ConsentState::Withdrawn,
        Some(f) if f.expires_at.is_some_and(|e| e <= at) => ConsentState::Expired,
        Some(_) => ConsentState::Granted,
    };
    (state, latest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn fact(action: ConsentAction, at: OffsetDateTime) -> ConsentFact {
        ConsentFact {
            purpose: PurposeKey::parse("newsletter").unwrap(),
            channel: Channel::Email,
            action,
            at,
            expires_at: None,
        }
    }

    #[test]
    fn latest_event_wins() {
        let key = PurposeKey::parse("newsletter").unwrap();
        let t1 = datetime!(2026-01-01 10:00 UTC);
        let t2 = datetime!(2026-02-01 10:00 UTC);
        let now = datetime!(2026-03-01 10:00 UTC);
        let facts = [
            fact(ConsentAction::Granted, t1),
            fact(ConsentAction::Withdrawn, t2),
        ];
        assert_eq!(
            current(&facts, &key, Channel::Email, now).0,
            ConsentState::Withdrawn
        );
        assert_eq!(
            current(&facts[..1], &key, Channel::Email, now).0,
            ConsentState::Granted
        );
        assert_eq!(
            current(&facts, &key, Channel::Sms, now).0,
            ConsentState::Unknown
        );
        // Before the withdrawal happened, the grant was in force.
        assert_eq!(
            current(&facts, &key, Channel::Email, datetime!(2026-01-15 0:00 UTC)).0,
            ConsentState::Granted
        );
        let same = [
            fact(ConsentAction::Granted, t1),
            fact(ConsentAction::Withdrawn, t1),
        ];
        assert_eq!(
            current(&same, &key, Channel::Email, now).0,
            ConsentState::Withdrawn
        );
        let mut expiring = fact(ConsentAction::Granted, t1);
        expiring.expires_at = Some(t2);
        assert_eq!(
            current([&expiring], &key, Channel::Email, now).0,
            ConsentState::Expired
        );
    }
}
