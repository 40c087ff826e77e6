//! Keyed digests of identifiers: how vern matches people without keeping what identifies them.
//!
//! A digest is BLAKE3 in keyed mode over `kind:normalized`, truncated to 128 bits, with a key
//! derived from the installation's secret. BLAKE3 was chosen over HMAC-SHA-256 by measured speed
//! on short inputs (see `docs/benchmarks.md`): washing computes tens of millions of them. Without
//! the key a digest cannot be recomputed from a guessed phone number, so a leaked suppression
//! list reveals nobody.

use std::fmt;

/// The secret that keys identifier digests. Derived once from the installation key.
#[derive(Clone)]
pub struct DigestKey([u8; 32]);

impl DigestKey {
    /// The digest key derived from the installation's master key.
    pub fn derive(master: &[u8; 32]) -> DigestKey {
        DigestKey(blake3::derive_key(
            "vern 2026-11 identifier digest v1",
            master,
        ))
    }

    /// The digest of `kind:normalized`. `kind` names the identifier scheme (`phone`, `email`,
    /// `national_id.se`, …) so that equal strings of different kinds never collide.
    pub fn digest(&self, kind: &str, normalized: &str) -> IdentifierDigest {
        let mut hasher = blake3::Hasher::new_keyed(&self.0);
        hasher.update(kind.as_bytes());
        hasher.update(b":");
        hasher.update(normalized.as_bytes());
        // BLAKE3's output is one stream: the first 16 bytes of the 32-byte hash are the 16-byte
        // output, so this is the digest every stored one was made with.
        let hash = hasher.finalize();
        let mut out = [0u8; 16];
        out.copy_from_slice(&hash.as_bytes()[..16]);
        IdentifierDigest(out)
    }
}

impl fmt::Debug for DigestKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DigestKey(redacted)")
    }
}

/// A 128-bit keyed digest of one normalized identifier.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdentifierDigest([u8; 16]);

impl IdentifierDigest {
    /// All zero bits: a placeholder, never the digest of anything.
    pub const ZERO: IdentifierDigest = IdentifierDigest([0; 16]);

    /// The digest's bytes, for storage.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// A digest read back from storage.
    pub fn from_bytes(bytes: [u8; 16]) -> IdentifierDigest {
        IdentifierDigest(bytes)
    }

    /// A digest read back from a stored slice; `None` unless it has 16 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<IdentifierDigest> {
        <[u8; 16]>::try_from(bytes).ok().map(IdentifierDigest)
    }

    /// The first 64 bits, used as the key of in-memory indexes. The digest is uniformly
    /// distributed, so this is already a good hash.
    pub fn fingerprint(&self) -> u64 {
        let [a, b, c, d, e, f, g, h, ..] = self.0;
        u64::from_le_bytes([a, b, c, d, e, f, g, h])
    }

    /// Lower-case hex, for APIs and ledger payloads.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parse lower- or upper-case hex of 32 characters.
    pub fn from_hex(hex: &str) -> Option<IdentifierDigest> {
        if hex.len() != 32 || !hex.is_ascii() {
            return None;
        }
        let mut out = [0u8; 16];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(IdentifierDigest(out))
    }
}

impl fmt::Debug for IdentifierDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdentifierDigest({})", self.to_hex())
    }
}

impl fmt::Display for IdentifierDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_depend_on_key_kind_and_value() {
        let k1 = DigestKey::derive(&[1; 32]);
        let k2 = DigestKey::derive(&[2; 32]);
        let d = k1.digest("phone", "+46701234567");
        assert_eq!(d, k1.digest("phone", "+46701234567"));
        assert_ne!(d, k2.digest("phone", "+46701234567"));
        assert_ne!(d, k1.digest("email", "+46701234567"));
        assert_ne!(d, k1.digest("phone", "+46701234568"));
    }

    #[test]
    fn digests_are_the_keyed_extendable_output_every_stored_digest_was_made_with() {
        let key = DigestKey::derive(&[9; 32]);
        let mut reference = blake3::Hasher::new_keyed(&key.0);
        reference.update(b"phone:+46701234567");
        let mut expected = [0u8; 16];
        reference.finalize_xof().fill(&mut expected);
        assert_eq!(key.digest("phone", "+46701234567").as_bytes(), &expected);
    }

    #[test]
    fn hex_round_trips() {
        let d = DigestKey::derive(&[7; 32]).digest("email", "a@b.se");
        assert_eq!(IdentifierDigest::from_hex(&d.to_hex()), Some(d));
        assert_eq!(IdentifierDigest::from_hex("zz"), None);
        assert_eq!(IdentifierDigest::from_slice(d.as_bytes()), Some(d));
    }
}
