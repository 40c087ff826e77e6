//! Staff passwords: argon2id (memory-hard), hashed and verified on the blocking pool so that a
//! sign-in never holds up the async threads.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::Rng;
use std::sync::OnceLock;

/// The shortest password accepted.
pub(crate) const MIN_LENGTH: usize = 12;

/// Why a password was refused or could not be hashed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Too short or too long.
    #[error("a password must be {MIN_LENGTH} to 200 characters")]
    Length,
    /// Hashing failed.
    #[error("the password could not be hashed")]
    Hash,
}

/// Check a chosen password's length.
pub fn acceptable(password: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if (MIN_LENGTH..=200).contains(&n) {
        Ok(())
    } else {
        Err(PasswordError::Length)
    }
}

/// The argon2id PHC string of `password` with a fresh salt (argon2's defaults: 19 MiB, two
/// passes). CPU- and memory-heavy: call it through [`hash`] from async code.
pub(crate) fn hash_blocking(password: &str) -> Result<String, PasswordError> {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    let salt = SaltString::encode_b64(&bytes).map_err(|_| PasswordError::Hash)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| PasswordError::Hash)
}

/// [`hash_blocking`] on the blocking pool.
pub async fn hash(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|_| PasswordError::Hash)?
}

/// Whether `password` matches `stored`. With no stored hash (no such user) a hash is still
/// verified, so that the answer takes as long whether the e-mail exists or not.
pub(crate) async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| decoy().to_owned());
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && known
    })
    .await
    .unwrap_or(false)
}

fn decoy() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_blocking(&generate()).unwrap_or_default())
}

/// A strong password to hand out once: 24 characters from an alphabet without look-alikes
/// (about 137 bits).
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..24)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let a = hash("correct horse battery".to_owned()).await.unwrap();
        let b = hash("correct horse battery".to_owned()).await.unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(verify("correct horse battery".to_owned(), Some(a.clone())).await);
        assert!(!verify("correct horse batterx".to_owned(), Some(a)).await);
        assert!(!verify("anything at all".to_owned(), None).await);
    }

    #[test]
    fn generated_passwords_are_long_and_acceptable() {
        let p = generate();
        assert_eq!(p.len(), 24);
        assert!(acceptable(&p).is_ok());
        assert_ne!(p, generate());
        assert!(acceptable("short").is_err());
    }
}
