//! Signed links to a person's preference centre: the page where they switch the controller's
//! consent purposes on and off and can object to all its marketing.
//!
//! A link names a controller, a person (by vern's id, which says nothing about them) and when
//! it was issued, with a keyed BLAKE3 tag over all of it. Like the unsubscribe token it is
//! stateless, but it opens more: the page shows what the person has consented to and lets the
//! holder change it, so a link stops working after [`LINK_LIFETIME`]. The unsubscribe page makes
//! a fresh one each time it is shown, so a person who keeps an old e-mail still gets there.
//!
//! The key is derived apart from the unsubscribe token's key: a tag made for one kind of link
//! can never be taken for the other.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::fmt;
use time::{Duration, OffsetDateTime};

use crate::controller::ControllerId;

const VERSION: u8 = 1;
const TAG_LEN: usize = 16;
/// Version, controller, issue time, person id length: the fixed part before the person id.
const HEAD_LEN: usize = 1 + 8 + 8 + 1;
/// The longest person id a link carries (vern's ids are 36-character UUIDs).
const MAX_PERSON_LEN: usize = 64;

/// How long a preference-centre link works after it is issued.
pub const LINK_LIFETIME: Duration = Duration::days(30);

/// The key that signs preference-centre links, derived from the installation's master key.
#[derive(Clone)]
pub struct PreferenceKey([u8; 32]);

impl PreferenceKey {
    /// The link key derived from the installation's master key, apart from every other key.
    pub fn derive(master: &[u8; 32]) -> PreferenceKey {
        PreferenceKey(blake3::derive_key(
            "vern 2026-12 preference centre link v1",
            master,
        ))
    }
}

impl fmt::Debug for PreferenceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PreferenceKey(redacted)")
    }
}

/// What a preference-centre link says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferenceLink {
    /// The controller whose purposes the page shows.
    pub controller: ControllerId,
    /// vern's id of the person.
    pub person: String,
    /// When the link was issued, to the second.
    pub issued_at: OffsetDateTime,
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefused {
    /// Not a link vern signed, or altered since. One answer for every way it can fail: which
    /// part failed is of use only to someone forging links.
    #[error("this preference link is not valid")]
    Invalid,
    /// A genuine link, older than [`LINK_LIFETIME`] (or issued in the future).
    #[error("this preference link has expired")]
    Expired,
}

/// Whether `id` is a person id a link may carry: ASCII letters, digits and hyphens.
fn plausible_person(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_PERSON_LEN
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl PreferenceLink {
    /// The token for this link, as it goes into the page's path; `None` when the person id is
    /// not one a link can carry.
    pub fn sign(&self, key: &PreferenceKey) -> Option<String> {
        if !plausible_person(&self.person) {
            return None;
        }
        let person = self.person.as_bytes();
        let mut body = Vec::with_capacity(HEAD_LEN + person.len() + TAG_LEN);
        body.push(VERSION);
        body.extend_from_slice(&self.controller.0.to_be_bytes());
        body.extend_from_slice(&self.issued_at.unix_timestamp().to_be_bytes());
        // At most MAX_PERSON_LEN bytes, checked above, so the length fits a byte.
        body.push(person.len() as u8);
        body.extend_from_slice(person);
        let hash = blake3::keyed_hash(&key.0, &body);
        body.extend_from_slice(&hash.as_bytes()[..TAG_LEN]);
        Some(URL_SAFE_NO_PAD.encode(body))
    }

    /// Read and check a token against the installation's keys (newest first), at `now`.
    pub fn verify(
        token: &str,
        keys: &[&PreferenceKey],
        now: OffsetDateTime,
    ) -> Result<PreferenceLink, LinkRefused> {
        let link = Self::read(token, keys).ok_or(LinkRefused::Invalid)?;
        // A minute of clock skew between servers is tolerated for links issued "now".
        if link.issued_at > now + Duration::minutes(1) || now - link.issued_at > LINK_LIFETIME {
            return Err(LinkRefused::Expired);
        }
        Ok(link)
    }

    fn read(token: &str, keys: &[&PreferenceKey]) -> Option<PreferenceLink> {
        // The longest token: the head, the longest person id and the tag, in base64.
        if token.len() > (HEAD_LEN + MAX_PERSON_LEN + TAG_LEN).div_ceil(3) * 4 {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
        if bytes.len() < HEAD_LEN + TAG_LEN || bytes[0] != VERSION {
            return None;
        }
        let (body, tag) = bytes.split_at(bytes.len() - TAG_LEN);
        // blake3::Hash's equality is constant-time; compare whole hashes, the tag completed
        // with the expected hash's tail.
        let signed = keys.iter().any(|key| {
            let expected = blake3::keyed_hash(&key.0, body);
            let mut full = [0u8; 32];
            full[..TAG_LEN].copy_from_slice(tag);
            full[TAG_LEN..].copy_from_slice(&expected.as_bytes()[TAG_LEN..]);
            expected == blake3::Hash::from_bytes(full)
        });
        if !signed || body.len() != HEAD_LEN + usize::from(body[HEAD_LEN - 1]) {
            return None;
        }
        let field = |at: usize| -> Option<i64> {
            Some(i64::from_be_bytes(body.get(at..at + 8)?.try_into().ok()?))
        };
        let controller = ControllerId(field(1)?);
        let issued_at = OffsetDateTime::from_unix_timestamp(field(9)?).ok()?;
        let person = std::str::from_utf8(&body[HEAD_LEN..]).ok()?;
        plausible_person(person).then(|| PreferenceLink {
            controller,
            person: person.to_owned(),
            issued_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unsubscribe::{TokenKey, Unsubscribe};
    use proptest::prelude::*;
    use time::macros::datetime;

    const ISSUED: OffsetDateTime = datetime!(2027-01-15 08:30:00 UTC);

    fn key(seed: u8) -> PreferenceKey {
        PreferenceKey::derive(&[seed; 32])
    }

    fn sample() -> PreferenceLink {
        PreferenceLink {
            controller: ControllerId(3),
            person: "0193f6a2-7c1e-7d40-9a55-1f2e3d4c5b6a".to_owned(),
            issued_at: ISSUED,
        }
    }

    #[test]
    fn a_link_round_trips_while_it_lasts_and_then_expires() {
        let token = sample().sign(&key(1)).unwrap();
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(
            PreferenceLink::verify(&token, &[&key(1)], ISSUED + Duration::days(29)),
            Ok(sample())
        );
        assert_eq!(
            PreferenceLink::verify(
                &token,
                &[&key(1)],
                ISSUED + LINK_LIFETIME + Duration::seconds(1)
            ),
            Err(LinkRefused::Expired)
        );
        // Issued in the future: not a link this installation made at that time.
        assert_eq!(
            PreferenceLink::verify(&token, &[&key(1)], ISSUED - Duration::hours(1)),
            Err(LinkRefused::Expired)
        );
    }

    #[test]
    fn another_key_is_refused_and_a_kept_old_key_still_works() {
        let token = sample().sign(&key(1)).unwrap();
        assert_eq!(
            PreferenceLink::verify(&token, &[&key(2)], ISSUED),
            Err(LinkRefused::Invalid)
        );
        assert_eq!(
            PreferenceLink::verify(&token, &[&key(2), &key(1)], ISSUED),
            Ok(sample())
        );
    }

    #[test]
    fn an_unsubscribe_token_made_from_the_same_master_key_is_not_a_preference_link() {
        let master = [7u8; 32];
        let unsubscribe = Unsubscribe {
            controller: ControllerId(3),
            purpose: crate::PurposeKey::parse("news").unwrap(),
            digest: crate::DigestKey::derive(&master).digest("email", "anna@example.se"),
            issued_at: ISSUED,
        }
        .sign(&TokenKey::derive(&master));
        assert_eq!(
            PreferenceLink::verify(&unsubscribe, &[&PreferenceKey::derive(&master)], ISSUED),
            Err(LinkRefused::Invalid)
        );
    }

    #[test]
    fn odd_person_ids_are_not_signed_and_garbage_is_refused() {
        for person in ["", "a/b", "anna@example.se", &"a".repeat(65)] {
            let link = PreferenceLink {
                person: person.to_owned(),
                ..sample()
            };
            assert_eq!(link.sign(&key(1)), None, "{person}");
        }
        for token in ["", "x", "!!!!", &"A".repeat(300)] {
            assert_eq!(
                PreferenceLink::verify(token, &[&key(1)], ISSUED),
                Err(LinkRefused::Invalid)
            );
        }
    }

    proptest! {
        #[test]
        fn changing_any_one_character_breaks_the_link(position in 0usize..200, replacement in "[A-Za-z0-9_-]") {
            let token = sample().sign(&key(1)).unwrap();
            let position = position % token.len();
            let mut altered: Vec<char> = token.chars().collect();
            let replacement = replacement.chars().next().unwrap_or('A');
            prop_assume!(altered[position] != replacement);
            altered[position] = replacement;
            let altered: String = altered.into_iter().collect();
            // The last character's low bits are padding that base64 ignores: two spellings of
            // it may decode alike, and then only the original meaning can come out.
            match PreferenceLink::verify(&altered, &[&key(1)], ISSUED) {
                Err(LinkRefused::Invalid) => {}
                Err(LinkRefused::Expired) => prop_assert!(false, "an altered link was read"),
                Ok(read) => {
                    prop_assert_eq!(position, token.len() - 1);
                    prop_assert_eq!(read, sample());
                }
            }
        }
    }
}
