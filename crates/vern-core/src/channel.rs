//! The ways a person can be contacted.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A contact channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A voice call.
    Phone,
    /// A text message.
    Sms,
    /// A multimedia message.
    Mms,
    /// E-mail.
    Email,
    /// Addressed mail.
    Post,
    /// Messaging apps: WhatsApp, RCS and other over-the-top services.
    Messaging,
    /// Face to face.
    InPerson,
}

impl Channel {
    /// Every channel, in a stable order.
    pub const ALL: [Channel; 7] = [
        Channel::Phone,
        Channel::Sms,
        Channel::Mms,
        Channel::Email,
        Channel::Post,
        Channel::Messaging,
        Channel::InPerson,
    ];

    /// The wire name (`phone`, `sms`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Sms => "sms",
            Channel::Mms => "mms",
            Channel::Email => "email",
            Channel::Post => "post",
            Channel::Messaging => "messaging",
            Channel::InPerson => "in_person",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// Whether this channel reaches a person through a phone number.
    pub fn uses_phone_number(self) -> bool {
        matches!(
            self,
            Channel::Phone | Channel::Sms | Channel::Mms | Channel::Messaging
        )
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text named no channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel: expected one of phone, sms, mms, email, post, messaging, in_person")]
pub struct UnknownChannel;

impl FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(UnknownChannel)
    }
}

/// A set of channels, stored as a bit mask.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ChannelSet(u8);

impl ChannelSet {
    /// No channel.
    pub const EMPTY: ChannelSet = ChannelSet(0);
    /// Every channel.
    pub const ALL: ChannelSet = ChannelSet(0b0111_1111);

    /// The set holding exactly these channels.
    pub fn of(channels: &[Channel]) -> ChannelSet {
        ChannelSet(channels.iter().fold(0, |acc, c| acc | c.bit()))
    }

    /// Whether `channel` is in the set.
    pub fn contains(self, channel: Channel) -> bool {
        self.0 & channel.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The union of two sets.
    pub fn union(self, other: ChannelSet) -> ChannelSet {
        ChannelSet(self.0 | other.0)
    }

    /// This set with `channel` added.
    pub fn with(self, channel: Channel) -> ChannelSet {
        ChannelSet(self.0 | channel.bit())
    }

    /// The channels in the set, in [`Channel::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// The raw bit mask, for storage.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// A set from a stored bit mask; bits that name no channel are dropped.
    pub fn from_bits(bits: u8) -> ChannelSet {
        ChannelSet(bits & ChannelSet::ALL.0)
    }
}

impl fmt::Debug for ChannelSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Channel> for ChannelSet {
    fn from_iter<T: IntoIterator<Item = Channel>>(iter: T) -> Self {
        iter.into_iter().fold(ChannelSet::EMPTY, ChannelSet::with)
    }
}

impl Serialize for ChannelSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ChannelSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let channels = Vec::<Channel>::deserialize(deserializer)?;
        Ok(channels.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_round_trips_through_bits_and_json() {
        let set = ChannelSet::of(&[Channel::Sms, Channel::Post]);
        assert!(set.contains(Channel::Sms));
        assert!(!set.contains(Channel::Phone));
        assert_eq!(ChannelSet::from_bits(set.bits()), set);
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(json, r#"["sms","post"]"#);
        assert_eq!(serde_json::from_str::<ChannelSet>(&json).unwrap(), set);
        assert_eq!(ChannelSet::ALL.iter().count(), 7);
    }

    #[test]
    fn names_parse_back() {
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>().unwrap(), c);
        }
        assert!("fax".parse::<Channel>().is_err());
    }
}
