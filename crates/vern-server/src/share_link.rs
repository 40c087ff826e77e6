//! Share links: the person's own page with their data, for 24 hours. One use case for the API
//! (`POST /v1/people/{id}/share-links`) and the person card in the web UI, so that both make
//! the same link on the same address.

use axum::http::{HeaderMap, header};
use base64::Engine;
use rand::RngCore;
use time::Duration;
use vern_store::model::ShareLink;
use vern_store::{Actor, StoreResult};

use crate::state::AppState;

/// How long a share link works.
pub(crate) const SHARE_LINK_LIFETIME: Duration = Duration::hours(24);

/// A new random token: 32 bytes from the operating system, base64url without padding.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `token` could be one of ours (43 base64url characters).
pub(crate) fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A share link just made: the one time its token is known.
#[derive(Debug)]
pub(crate) struct MadeLink {
    /// The stored link (without its token).
    pub link: ShareLink,
    /// The page, relative to vern's address: `/s/{token}`.
    pub url: String,
    /// The page on [`base_url`], when the request named a host.
    pub absolute_url: Option<String>,
}

/// The address links to vern are made on, from the request the link was asked by: the host
/// from `X-Forwarded-Host` (behind a proxy) or `Host`, when it looks like a host name; `https`
/// when `X-Forwarded-Proto` says so, else `http`. The one rule for every share link, whether the
/// API or the UI makes it (`docs/access-report.md`).
pub(crate) fn base_url(headers: &HeaderMap) -> Option<String> {
    request_host(headers).map(|host| format!("{}://{host}", request_scheme(headers)))
}

/// The host the request came through, if it looks like a host name (with an optional port).
fn request_host(headers: &HeaderMap) -> Option<String> {
    let raw = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))?
        .to_str()
        .ok()?;
    let host = raw.split(',').next()?.trim();
    let ok = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    ok.then(|| host.to_ascii_lowercase())
}

fn request_scheme(headers: &HeaderMap) -> &'static str {
    match headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(str::trim)
    {
        Some(p) if p.eq_ignore_ascii_case("https") => "https",
        _ => "http",
    }
}

/// Make a share link for `person`, recorded in the ledger, and wait until the views have it.
/// `base` is the [`base_url`] of the request that asked for it.
pub(crate) async fn make(
    state: &AppState,
    actor: &Actor,
    person: &str,
    base: Option<&str>,
) -> StoreResult<MadeLink> {
    let now = state.clock.now();
    let token = new_token();
    let hash = state.store.keys().token_hash(&token);
    let (link, seq) = state
        .store
        .create_share_link(actor, now, person, &hash, now + SHARE_LINK_LIFETIME)
        .await?;
    state.follower.sync_to(seq).await?;
    let url = format!("/s/{token}");
    let absolute_url = base.map(|base| format!("{base}{url}"));
    Ok(MadeLink {
        link,
        url,
        absolute_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn tokens_are_long_random_and_well_formed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(well_formed(&a) && well_formed(&b));
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&a)
            .unwrap();
        assert_eq!(bytes.len(), 32);
        assert!(!well_formed(""));
        assert!(!well_formed(&a[..42]));
        assert!(!well_formed(&format!("{}=", &a[..42])));
        assert!(!well_formed(&format!("{}/", &a[..42])));
    }

    #[test]
    fn hosts_are_checked_before_use() {
        let mut h = HeaderMap::new();
        assert_eq!(request_host(&h), None);
        h.insert(
            header::HOST,
            HeaderValue::from_static("vern.example.se:8080"),
        );
        assert_eq!(request_host(&h).as_deref(), Some("vern.example.se:8080"));
        assert_eq!(request_scheme(&h), "http");
        h.insert(
            "x-forwarded-host",
            HeaderValue::from_static("evil.example/<x>"),
        );
        assert_eq!(request_host(&h), None);
        h.insert(
            "x-forwarded-host",
            HeaderValue::from_static("Privacy.Example.se, proxy"),
        );
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(request_host(&h).as_deref(), Some("privacy.example.se"));
        assert_eq!(request_scheme(&h), "https");
    }
}
