//! The signature an SMS gateway puts on each delivery: `Vern-Signature: t=<unix seconds>,
//! v1=<hex HMAC-SHA-256 of "t.body">` with the gateway's own secret, the same form as vern's
//! own Art. 19 notices (`erasure::signature`). The key proves which gateway holds the door;
//! the signature proves the body is the one the gateway sent, and the timestamp keeps a
//! recorded delivery from being played back later.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;

use crate::error::ApiError;

/// The header that carries the signature.
pub(crate) const HEADER: &str = "vern-signature";

/// How far the signature's time may be from vern's: five minutes either way.
pub(crate) const WINDOW_SECONDS: i64 = 300;

/// Why a signature was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// No signature header.
    Missing,
    /// The header is not `t=…,v1=…`.
    Malformed,
    /// Signed more than five minutes from now.
    Stale,
    /// No `v1` matches the body with the gateway's secret.
    Mismatch,
}

impl From<Refused> for ApiError {
    fn from(r: Refused) -> ApiError {
        use axum::http::StatusCode;
        let (code, message) = match r {
            Refused::Missing => (
                "signature_missing",
                "sign the body: Vern-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of \"t.body\">",
            ),
            Refused::Malformed => (
                "signature_invalid",
                "the Vern-Signature header must read t=<unix seconds>,v1=<64 hex digits>",
            ),
            Refused::Stale => (
                "signature_stale",
                "the signature's time is more than 5 minutes from now: sign each delivery when it is sent",
            ),
            Refused::Mismatch => (
                "signature_invalid",
                "the signature does not match the body with this gateway's secret",
            ),
        };
        ApiError::new(StatusCode::UNAUTHORIZED, code, message)
    }
}

fn hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Accept `body` if `header` signs it with `secret` within the window around `now`.
pub(crate) fn verify(
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    now: OffsetDateTime,
) -> Result<(), Refused> {
    let header = header.ok_or(Refused::Missing)?;
    let mut timestamp = None;
    let mut tags = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = Some(t.parse::<i64>().map_err(|_| Refused::Malformed)?),
            Some(("v1", v)) => tags.push(hex(v).ok_or(Refused::Malformed)?),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(Refused::Malformed)?;
    if tags.is_empty() {
        return Err(Refused::Malformed);
    }
    if (now.unix_timestamp() - timestamp).abs() > WINDOW_SECONDS {
        return Err(Refused::Stale);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| Refused::Mismatch)?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    // Compared in constant time; more than one v1 lets a gateway sign with an old and a new
    // secret while it is being changed.
    if tags.iter().any(|tag| mac.clone().verify_slice(tag).is_ok()) {
        Ok(())
    } else {
        Err(Refused::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2027-03-01 12:00 UTC);
    const SECRET: &str = "a gateway secret of thirty-two bytes!";

    fn sign(at: i64, body: &str) -> String {
        crate::erasure::signature(SECRET, at, body)
    }

    #[test]
    fn a_fresh_signature_over_the_body_is_accepted() {
        let body = r#"{"from":"+46701234567","text":"STOPP"}"#;
        let t = NOW.unix_timestamp();
        assert_eq!(
            verify(
                SECRET.as_bytes(),
                Some(&sign(t, body)),
                body.as_bytes(),
                NOW
            ),
            Ok(())
        );
        // At the edges of the window, both ways.
        for at in [t - WINDOW_SECONDS, t + WINDOW_SECONDS] {
            assert_eq!(
                verify(
                    SECRET.as_bytes(),
                    Some(&sign(at, body)),
                    body.as_bytes(),
                    NOW
                ),
                Ok(())
            );
        }
        // An old and a new secret during a change.
        let both = format!("{},v1={}", sign(t, body), "0".repeat(64));
        assert_eq!(
            verify(SECRET.as_bytes(), Some(&both), body.as_bytes(), NOW),
            Ok(())
        );
    }

    #[test]
    fn anything_else_is_refused() {
        let body = r#"{"text":"STOPP"}"#;
        let t = NOW.unix_timestamp();
        let good = sign(t, body);
        let check = |header: Option<&str>, body: &str| {
            verify(SECRET.as_bytes(), header, body.as_bytes(), NOW)
        };
        assert_eq!(check(None, body), Err(Refused::Missing));
        assert_eq!(check(Some("sha256=abc"), body), Err(Refused::Malformed));
        assert_eq!(
            check(Some(&format!("t={t}")), body),
            Err(Refused::Malformed)
        );
        assert_eq!(
            check(Some(&format!("t={t},v1=xyz")), body),
            Err(Refused::Malformed)
        );
        // A body changed after signing, another secret, an old delivery played back.
        assert_eq!(
            check(Some(&good), r#"{"text":"START"}"#),
            Err(Refused::Mismatch)
        );
        let other = crate::erasure::signature("another secret", t, body);
        assert_eq!(check(Some(&other), body), Err(Refused::Mismatch));
        let old = sign(t - WINDOW_SECONDS - 1, body);
        assert_eq!(check(Some(&old), body), Err(Refused::Stale));
    }
}
