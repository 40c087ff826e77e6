//! One-click unsubscribe tokens (RFC 8058) for the links mailing tools put on marketing e-mail.
//!
//! A token names a controller, a purpose, the digest of the e-mail address and when it was
//! issued, and carries a keyed BLAKE3 tag over all of it. It is stateless: vern stores nothing
//! when it issues one, and anyone holding the link can use it, which is what RFC 8058 asks
//! ("the URI … must contain enough information to identify the mail recipient and the list",
//! §3.1) and what Art. 7(3) wants (withdrawing as easy as consenting). It reveals no personal data:
//! the address appears only as its keyed digest, which cannot be recomputed without the
//! installation's key. Changing any character breaks the tag.
//!
//! Tokens do not expire here. A person may act on a mail months after it came, and an
//! unsubscribe link that stops working would make withdrawing harder than consenting; the server
//! may still refuse tokens issued before a date it chooses.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::fmt;
use time::OffsetDateTime;

use crate::controller::ControllerId;
use crate::digest::IdentifierDigest;
use crate::purpose::PurposeKey;

const VERSION: u8 = 1;
const TAG_LEN: usize = 16;
/// Version, controller, issue time, digest, purpose length: the fixed part before the purpose.
const HEAD_LEN: usize = 1 + 8 + 8 + 16 + 1;

/// The key that signs unsubscribe tokens, derived from the installation's master key.
#[derive(Clone)]
pub struct TokenKey([u8; 32]);

impl TokenKey {
    /// The token key derived from the installation's master key; apart from the digest key, so
    /// that a token's tag never equals an identifier digest.
    pub fn derive(master: &[u8; 32]) -> TokenKey {
        TokenKey(blake3::derive_key(
            "vern 2026-12 unsubscribe token v1",
            master,
        ))
    }

    fn tag(&self, body: &[u8]) -> [u8; TAG_LEN] {
        let hash = blake3::keyed_hash(&self.0, body);
        let mut tag = [0u8; TAG_LEN];
        tag.copy_from_slice(&hash.as_bytes()[..TAG_LEN]);
        tag
    }
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey(redacted)")
    }
}

/// What an unsubscribe token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    /// The controller that sent the mail.
    pub controller: ControllerId,
    /// The purpose the mail was sent for.
    pub purpose: PurposeKey,
    /// The digest of the recipient's e-mail address.
    pub digest: IdentifierDigest,
    /// When the token was issued, to the second.
    pub issued_at: OffsetDateTime,
}

/// Why a token is refused. Deliberately one message for the person: which part failed is of use
/// only to someone forging tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this unsubscribe link is not valid")]
pub struct InvalidToken;

impl Unsubscribe {
    /// The token for this recipient, as it goes into the `List-Unsubscribe` URI.
    pub fn sign(&self, key: &TokenKey) -> String {
        let purpose = self.purpose.as_str().as_bytes();
        let mut body = Vec::with_capacity(HEAD_LEN + purpose.len() + TAG_LEN);
        body.push(VERSION);
        body.extend_from_slice(&self.controller.0.to_be_bytes());
        body.extend_from_slice(&self.issued_at.unix_timestamp().to_be_bytes());
        body.extend_from_slice(self.digest.as_bytes());
        // A purpose key is at most 64 bytes (`PurposeKey`), so its length fits a byte.
        body.push(purpose.len() as u8);
        body.extend_from_slice(purpose);
        let tag = key.tag(&body);
        body.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(body)
    }

    /// Read and check a token against the installation's keys, newest first (a token signed
    /// before a key rotation still works while the old key is kept).
    pub fn verify(token: &str, keys: &[&TokenKey]) -> Result<Unsubscribe, InvalidToken> {
        // The longest token: the head, a 64-byte purpose and the tag, in base64.
        if token.len() > 200 {
            return Err(InvalidToken);
        }
        let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| InvalidToken)?;
        if bytes.len() < HEAD_LEN + TAG_LEN || bytes[0] != VERSION {
            return Err(InvalidToken);
        }
        let (body, tag) = bytes.split_at(bytes.len() - TAG_LEN);
        // Constant-time comparison: blake3::Hash's equality is constant-time.
        let signed = keys.iter().any(|key| {
            let expected = blake3::keyed_hash(&key.0, body);
            let mut full = [0u8; 32];
            full[..TAG_LEN].copy_from_slice(tag);
            full[TAG_LEN..].copy_from_slice(&expected.as_bytes()[TAG_LEN..]);
            expected == blake3::Hash::from_bytes(full)
        });
        if !signed {
            return Err(InvalidToken);
        }
        let purpose_len = usize::from(body[HEAD_LEN - 1]);
        if body.len() != HEAD_LEN + purpose_len {
            return Err(InvalidToken);
        }
        let field = |range: std::ops::Range<usize>| -> [u8; 8] {
            let mut out = [0u8; 8];
            out.copy_from_slice(&body[range]);
            out
        };
        let controller = ControllerId(i64::from_be_bytes(field(1..9)));
        let issued_at = OffsetDateTime::from_unix_timestamp(i64::from_be_bytes(field(9..17)))
            .map_err(|_| InvalidToken)?;
        let digest = IdentifierDigest::from_slice(&body[17..33]).ok_or(InvalidToken)?;
        let purpose = std::str::from_utf8(&body[HEAD_LEN..])
            .ok()
            .and_then(|p| PurposeKey::parse(p).ok())
            .ok_or(InvalidToken)?;
        Ok(Unsubscribe {
            controller,
            purpose,
            digest,
            issued_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::DigestKey;
    use proptest::prelude::*;
    use time::macros::datetime;

    fn key(seed: u8) -> TokenKey {
        TokenKey::derive(&[seed; 32])
    }

    fn sample() -> Unsubscribe {
        Unsubscribe {
            controller: ControllerId(7),
            purpose: PurposeKey::parse("newsletter").unwrap(),
            digest: DigestKey::derive(&[1; 32]).digest("email", "anna@example.se"),
            issued_at: datetime!(2027-01-15 08:30:00 UTC),
        }
    }

    #[test]
    fn a_token_round_trips_and_carries_no_address() {
        let token = sample().sign(&key(1));
        assert_eq!(Unsubscribe::verify(&token, &[&key(1)]), Ok(sample()));
        assert!(!token.contains("anna"));
        assert!(token.len() < 120, "{}", token.len());
        // URL-safe: goes into a path without escaping.
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn another_key_is_refused_and_an_old_key_still_works_when_kept() {
        let token = sample().sign(&key(1));
        assert_eq!(Unsubscribe::verify(&token, &[&key(2)]), Err(InvalidToken));
        assert_eq!(
            Unsubscribe::verify(&token, &[&key(2), &key(1)]),
            Ok(sample())
        );
        assert_eq!(Unsubscribe::verify(&token, &[]), Err(InvalidToken));
    }

    #[test]
    fn garbage_is_refused() {
        for token in ["", "x", "!!!!", &"A".repeat(500), "AQAAAAAAAAAH"] {
            assert_eq!(Unsubscribe::verify(token, &[&key(1)]), Err(InvalidToken));
        }
    }

    proptest! {
        #[test]
        fn changing_any_one_character_breaks_the_token(position in 0usize..200, replacement in "[A-Za-z0-9_-]") {
            // The "tokens altered by one character" are refused.
            let token = sample().sign(&key(1));
            let position = position % token.len();
            let mut altered: Vec<char> = token.chars().collect();
            let replacement = replacement.chars().next().unwrap_or('A');
            prop_assume!(altered[position] != replacement);
            altered[position] = replacement;
            let altered: String = altered.into_iter().collect();
            // The last character carries only some bits of the tag; base64 without padding
            // ignores the rest, so two spellings of it decode alike. Either way, nothing but
            // the original meaning can come out.
            match Unsubscribe::verify(&altered, &[&key(1)]) {
                Err(InvalidToken) => {}
                Ok(read) => {
                    prop_assert_eq!(position, token.len() - 1);
                    prop_assert_eq!(read, sample());
                }
            }
        }
    }
}
