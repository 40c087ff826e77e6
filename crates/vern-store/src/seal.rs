//! Sealing personal data at rest.
//!
//! The installation has one master key (a key file or `VERN_MASTER_KEY`). From it come the
//! digest key, the key that wraps person keys, and the key of the ledger's hash chain. Every
//! person has a random key of their own, wrapped by the installation key and kept in the
//! keyring, apart from the data; their personal data is sealed with it (XChaCha20-Poly1305,
//! random 24-byte nonces). Destroying a person's key leaves only ciphertext behind, in the live
//! database and in every backup of it.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::fmt;
use vern_core::DigestKey;
use vern_core::preference::PreferenceKey;
use vern_core::unsubscribe::TokenKey;

use crate::error::{StoreError, StoreResult};

const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

/// The keys derived from the installation's master key.
#[derive(Clone)]
pub struct InstallationKeys {
    digest: DigestKey,
    wrap: [u8; 32],
    ledger: [u8; 32],
    tokens: [u8; 32],
    unsubscribe: TokenKey,
    preferences: PreferenceKey,
    names: [u8; 32],
}

impl InstallationKeys {
    /// Derive every key from the 32-byte master key.
    pub fn derive(master: &[u8; 32]) -> InstallationKeys {
        InstallationKeys {
            digest: DigestKey::derive(master),
            wrap: blake3::derive_key("vern 2026-11 person key wrapping v1", master),
            ledger: blake3::derive_key("vern 2026-11 ledger chain v1", master),
            tokens: blake3::derive_key("vern 2026-11 token hashing v1", master),
            unsubscribe: TokenKey::derive(master),
            preferences: PreferenceKey::derive(master),
            names: blake3::derive_key("vern 2026-12 name index generations v1", master),
        }
    }

    /// The key of the name search index in its `generation`: rotating the index moves to the
    /// next generation, whose digests share nothing with the previous one's.
    pub fn name_key(&self, generation: i64) -> vern_core::name_index::NameKey {
        let seed = blake3::keyed_hash(&self.names, &generation.to_le_bytes());
        vern_core::name_index::NameKey::derive(seed.as_bytes())
    }

    /// The key of identifier digests.
    pub fn digest(&self) -> &DigestKey {
        &self.digest
    }

    /// The key that signs one-click unsubscribe tokens (RFC 8058).
    pub fn unsubscribe(&self) -> &TokenKey {
        &self.unsubscribe
    }

    /// The key that signs links to a person's preference centre.
    pub fn preferences(&self) -> &PreferenceKey {
        &self.preferences
    }

    /// The key of the ledger's hash chain: without it nobody can recompute a forged chain.
    pub fn ledger(&self) -> &[u8; 32] {
        &self.ledger
    }

    /// A keyed hash of a secret token (API key, share link, session), for storage and lookup.
    pub fn token_hash(&self, token: &str) -> [u8; 32] {
        *blake3::keyed_hash(&self.tokens, token.as_bytes()).as_bytes()
    }

    /// Wrap a person key for the keyring.
    pub fn wrap(&self, person_id: &str, key: &PersonKey) -> Vec<u8> {
        seal_with(&self.wrap, &wrap_aad(person_id), &key.0)
    }

    /// Seal an installation secret (a webhook's signing secret) for storage.
    pub fn seal_secret(&self, context: &str, secret: &[u8]) -> Vec<u8> {
        seal_with(
            &self.wrap,
            format!("vern secret:{context}").as_bytes(),
            secret,
        )
    }

    /// Open a sealed installation secret.
    pub fn open_secret(&self, context: &str, sealed: &[u8]) -> StoreResult<Vec<u8>> {
        open_with(
            &self.wrap,
            format!("vern secret:{context}").as_bytes(),
            sealed,
        )
    }

    /// Unwrap a person key read from the keyring.
    pub fn unwrap_key(&self, person_id: &str, wrapped: &[u8]) -> StoreResult<PersonKey> {
        let bytes = open_with(&self.wrap, &wrap_aad(person_id), wrapped)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| {
            StoreError::Integrity("a wrapped person key has the wrong length".to_owned())
        })?;
        Ok(PersonKey(key))
    }
}

impl fmt::Debug for InstallationKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InstallationKeys(redacted)")
    }
}

fn wrap_aad(person_id: &str) -> Vec<u8> {
    format!("vern person key:{person_id}").into_bytes()
}

/// One person's data key.
#[derive(Clone)]
pub struct PersonKey([u8; 32]);

impl PersonKey {
    /// A fresh random key.
    pub fn generate() -> PersonKey {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        PersonKey(key)
    }

    /// Seal `plaintext`; `context` binds the ciphertext to where it is stored (table, column,
    /// row), so that sealed values cannot be swapped between places unnoticed.
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Vec<u8> {
        seal_with(&self.0, context.as_bytes(), plaintext)
    }

    /// Open a sealed value stored at `context`.
    pub fn open(&self, context: &str, sealed: &[u8]) -> StoreResult<Vec<u8>> {
        open_with(&self.0, context.as_bytes(), sealed)
    }
}

impl fmt::Debug for PersonKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonKey(redacted)")
    }
}

fn seal_with(key: &[u8; 32], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let mut out = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + 16);
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    // Encryption with a valid key and nonce length cannot fail; an empty result would fail to
    // open later and be reported then.
    if let Ok(ciphertext) = cipher.encrypt(
        XNonce::from_slice(&nonce),
        Payload {
            msg: plaintext,
            aad,
        },
    ) {
        out.extend_from_slice(&ciphertext);
    }
    out
}

fn open_with(key: &[u8; 32], aad: &[u8], sealed: &[u8]) -> StoreResult<Vec<u8>> {
    let integrity = || StoreError::Integrity("a sealed value does not open".to_owned());
    let (&version, rest) = sealed.split_first().ok_or_else(integrity)?;
    if version != VERSION || rest.len() < NONCE_LEN + 16 {
        return Err(integrity());
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .map_err(|_| integrity())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_round_trip_and_context_binding() {
        let key = PersonKey::generate();
        let sealed = key.seal("people:1:profile", b"Anna Berg");
        assert!(!sealed.windows(4).any(|w| w == b"Anna"));
        assert_eq!(key.open("people:1:profile", &sealed).unwrap(), b"Anna Berg");
        assert!(key.open("people:2:profile", &sealed).is_err());
        assert!(
            PersonKey::generate()
                .open("people:1:profile", &sealed)
                .is_err()
        );
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(key.open("people:1:profile", &tampered).is_err());
    }

    #[test]
    fn wrapping() {
        let keys = InstallationKeys::derive(&[3; 32]);
        let person = PersonKey::generate();
        let wrapped = keys.wrap("p1", &person);
        let back = keys.unwrap_key("p1", &wrapped).unwrap();
        assert_eq!(back.0, person.0);
        assert!(keys.unwrap_key("p2", &wrapped).is_err());
        assert!(
            InstallationKeys::derive(&[4; 32])
                .unwrap_key("p1", &wrapped)
                .is_err()
        );
    }
}
