//! Guards on the doors anyone may knock on: who the client is (behind trusted proxies) and how
//! many failed guesses an address may make (share-link tokens, staff sign-in, the public form's
//! codes) before it waits.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// The client's address: as the server saw the connection, or, when that is one of the
/// `trusted_proxies`, as the proxies forwarded it (see `proxy.rs`; a forwarded header from
/// anyone else is never read). Without connection info every client shares one bucket.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(ClientAddr(
            match parts.extensions.get::<crate::proxy::TrustedProxies>() {
                Some(proxies) => proxies.client(peer, &parts.headers),
                None => peer,
            },
        ))
    }
}

/// The bucket an address counts in: IPv4 addresses alone, IPv6 addresses by their /64 (one
/// subscriber's network).
fn bucket(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Failed share-link lookups per client address in a fixed window. In memory, per process:
/// behind several servers an attacker gets the limit once per server, which still leaves a
/// 256-bit token unguessable; the limit is there to keep the database out of a guessing loop.
#[derive(Debug)]
pub(crate) struct GuessLimiter {
    limit: u32,
    window: Duration,
    buckets: Mutex<HashMap<IpAddr, (OffsetDateTime, u32)>>,
}

/// Addresses tracked at most; past it, windows that ended are dropped, then everything.
const MAX_TRACKED: usize = 100_000;

impl GuessLimiter {
    /// `limit` failures per address per `window`.
    pub(crate) fn new(limit: u32, window: Duration) -> GuessLimiter {
        GuessLimiter {
            limit,
            window,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `addr` has used up its failures at `now`.
    pub(crate) fn blocked(&self, addr: IpAddr, now: OffsetDateTime) -> bool {
        let buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        buckets
            .get(&bucket(addr))
            .is_some_and(|(start, n)| now < *start + self.window && *n >= self.limit)
    }

    /// Count a failed lookup from `addr` at `now`.
    pub(crate) fn fail(&self, addr: IpAddr, now: OffsetDateTime) {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_TRACKED {
            let window = self.window;
            buckets.retain(|_, (start, _)| now < *start + window);
            if buckets.len() >= MAX_TRACKED {
                buckets.clear();
            }
        }
        let entry = buckets.entry(bucket(addr)).or_insert((now, 0));
        if now >= entry.0 + self.window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
    }
}

/// The failed-guess limits of one server, held in its `AppState`: servers that share a process
/// (the integration tests run many) never share counts, and one server's doors share nothing
/// else with another's.
#[derive(Debug)]
pub(crate) struct Limits {
    /// Failed share-link lookups (`/s/{token}`).
    pub(crate) share_links: GuessLimiter,
    /// Failed sign-ins to the web UI.
    pub(crate) sign_ins: GuessLimiter,
    /// Submissions of the public request form: each creates records and sends messages.
    pub(crate) form_submissions: GuessLimiter,
    /// Code attempts on the public form, beside the five per request the store allows.
    pub(crate) form_codes: GuessLimiter,
}

/// Failed share-link lookups allowed per client address in one window.
pub(crate) const SHARE_LINK_GUESSES: u32 = 20;

/// The window failed share-link lookups are counted in.
pub(crate) const SHARE_LINK_WINDOW: Duration = Duration::minutes(10);

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            share_links: GuessLimiter::new(SHARE_LINK_GUESSES, SHARE_LINK_WINDOW),
            sign_ins: GuessLimiter::new(10, Duration::minutes(10)),
            form_submissions: GuessLimiter::new(10, Duration::hours(1)),
            form_codes: GuessLimiter::new(20, Duration::minutes(10)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn limiter_blocks_after_the_limit_until_the_window_ends() {
        let limiter = GuessLimiter::new(3, Duration::minutes(10));
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let other: IpAddr = "192.0.2.8".parse().unwrap();
        let t0 = datetime!(2026-03-01 12:00 UTC);
        for i in 0..3 {
            assert!(!limiter.blocked(ip, t0), "blocked after {i}");
            limiter.fail(ip, t0 + Duration::seconds(i));
        }
        assert!(limiter.blocked(ip, t0 + Duration::minutes(5)));
        assert!(!limiter.blocked(other, t0 + Duration::minutes(5)));
        assert!(!limiter.blocked(ip, t0 + Duration::minutes(10)));
        limiter.fail(ip, t0 + Duration::minutes(11));
        assert!(!limiter.blocked(ip, t0 + Duration::minutes(11)));
    }

    #[test]
    fn ipv6_counts_per_64() {
        let limiter = GuessLimiter::new(2, Duration::minutes(10));
        let t0 = datetime!(2026-03-01 12:00 UTC);
        limiter.fail("2001:db8:1:2::1".parse().unwrap(), t0);
        limiter.fail("2001:db8:1:2:ffff::9".parse().unwrap(), t0);
        assert!(limiter.blocked("2001:db8:1:2::42".parse().unwrap(), t0));
        assert!(!limiter.blocked("2001:db8:1:3::1".parse().unwrap(), t0));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(bucket(mapped), "192.0.2.1".parse::<IpAddr>().unwrap());
    }
}
