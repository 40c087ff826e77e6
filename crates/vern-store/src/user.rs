//! Staff users of the web UI, and their sessions.
//!
//! Passwords arrive here already hashed (argon2id, by the server, off the async threads); the
//! store keeps the PHC string and hands it back for verification. A session is known only by
//! the keyed hash of its token.

use serde::Serialize;
use time::OffsetDateTime;
use vern_core::Role;

use crate::error::{StoreError, StoreResult};

/// A staff user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Id.
    pub id: String,
    /// Sign-in name, lower-cased.
    pub email: String,
    /// Role, as for API keys.
    pub role: Role,
    /// UI language: sv, nb, da, fi or en.
    pub language: String,
    /// IANA time zone the UI shows times in.
    pub time_zone: String,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Disabled: may no longer sign in.
    #[serde(with = "time::serde::rfc3339::option")]
    pub disabled_at: Option<OffsetDateTime>,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Sign-in e-mail (normalized here).
    pub email: String,
    /// Role.
    pub role: Role,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// UI language.
    pub language: String,
    /// Time zone.
    pub time_zone: String,
}

/// A session, found by its token hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSession {
    /// The user.
    pub user_id: String,
    /// Started.
    pub created_at: OffsetDateTime,
    /// Last request seen.
    pub last_seen_at: OffsetDateTime,
    /// When it ends unless used again (never past its hard limit).
    pub expires_at: OffsetDateTime,
    /// The secret the session's CSRF token is derived from.
    pub csrf_secret: [u8; 32],
}

/// The UI languages.
pub const LANGUAGES: [&str; 5] = ["sv", "nb", "da", "fi", "en"];

/// A sign-in e-mail address, trimmed and lower-cased, or why it is refused. Kept simple on
/// purpose: staff addresses are the installation's own, and the value is never echoed back.
pub fn normalize_email(raw: &str) -> StoreResult<String> {
    let email = raw.trim().to_lowercase();
    let ok = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if ok {
        Ok(email)
    } else {
        Err(StoreError::Invalid(
            "a user's e-mail must look like name@example.com".to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn emails_are_normalized() {
        assert_eq!(
            super::normalize_email(" Dana@Example.SE ").unwrap(),
            "dana@example.se"
        );
        assert!(super::normalize_email("dana").is_err());
        assert!(super::normalize_email("da na@example.se").is_err());
        assert!(super::normalize_email("@example.se").is_err());
    }
}
