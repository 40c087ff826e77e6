//! Who the client is behind a reverse proxy.
//!
//! Behind a proxy every connection comes from the proxy's address, so the sign-in and
//! share-link limits, counted per client address, would lock everyone out at once. The
//! forwarding headers (`Forwarded`, RFC 7239, or else `X-Forwarded-For`) say who the client was,
//! but anyone can write them: they are read only when the connection comes from one of the
//! `trusted_proxies`, and then from the right, each trusted hop skipped, so that the address
//! taken is the last one a trusted proxy saw, whatever the client wrote to the left of it.

use axum::http::HeaderMap;
use axum::http::header::FORWARDED;
use ipnet::IpNet;
use std::net::IpAddr;
use std::sync::Arc;

/// The addresses and networks of the reverse proxies whose forwarding headers are believed.
/// Empty by default: the headers are then never read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    /// Parse the `trusted_proxies` setting: addresses (`10.0.0.7`, `::1`) or networks
    /// (`10.0.0.0/8`, `fd00::/8`).
    pub fn parse(entries: &[String]) -> Result<TrustedProxies, String> {
        entries
            .iter()
            .map(|e| {
                let e = e.trim();
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("trusted_proxies: {e:?} is not an IP address or network (such as 10.0.0.0/8)")
                    })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|nets| TrustedProxies(nets.into()))
    }

    fn trusts(&self, addr: IpAddr) -> bool {
        let addr = canonical(addr);
        self.0.iter().any(|net| net.contains(&addr))
    }

    /// The client's address: `peer` itself unless `peer` is a trusted proxy; then the
    /// rightmost forwarded address that is not a trusted proxy (the leftmost, if all are). A
    /// forwarded entry that is not an address (`unknown`, an obfuscated name, garbage) ends
    /// the walk at the hop that wrote it.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if self.0.is_empty() || !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_for(headers).into_iter().rev() {
            let Some(addr) = hop else {
                break;
            };
            client = addr;
            if !self.trusts(addr) {
                break;
            }
        }
        client
    }
}

/// IPv4-mapped IPv6 addresses compare as IPv4.
fn canonical(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
        v4 => v4,
    }
}

/// The forwarded-for hops, left to right (`None` for one that is not an address): from
/// `Forwarded` when sent, else from `X-Forwarded-For`.
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name: &str| {
        headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap_or(""))
            .collect::<Vec<_>>()
    };
    let forwarded = values(FORWARDED.as_str());
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.trim().split_once('=')?;
                    k.trim().eq_ignore_ascii_case("for").then(|| node(v.trim()))
                })?
            })
            .collect();
    }
    values("x-forwarded-for")
        .iter()
        .flat_map(|v| v.split(','))
        .map(|hop| node(hop.trim()))
        .collect()
}

/// An address as forwarding headers write it: `192.0.2.1`, `192.0.2.1:4711`, `"[2001:db8::1]:4711"`,
/// `2001:db8::1`.
fn node(text: &str) -> Option<IpAddr> {
    let text = text.trim_matches('"');
    if let Ok(addr) = text.parse::<IpAddr>() {
        return Some(canonical(addr));
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok().map(canonical);
    }
    let (host, _port) = text.rsplit_once(':')?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn reads_forwarding_headers_only_from_trusted_hops() {
        let proxies =
            TrustedProxies::parse(&["127.0.0.1".to_owned(), "10.0.0.0/8".to_owned()]).unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let xff = headers(&[("x-forwarded-for", "198.51.100.1, 203.0.113.5, 10.1.2.3")]);
        // From a trusted proxy: the rightmost hop that is not a proxy, whatever is left of it.
        assert_eq!(proxies.client(ip("127.0.0.1"), &xff), ip("203.0.113.5"));
        // From anyone else: the header is ignored.
        assert_eq!(proxies.client(ip("192.0.2.9"), &xff), ip("192.0.2.9"));
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &xff),
            ip("127.0.0.1")
        );
        // Forwarded wins over X-Forwarded-For; quoted IPv6 with a port; a mapped IPv4 peer.
        let fwd = headers(&[
            (
                "forwarded",
                "for=192.0.2.60;proto=http, for=\"[2001:db8::1]:4711\"",
            ),
            ("x-forwarded-for", "203.0.113.5"),
        ]);
        assert_eq!(
            proxies.client(ip("::ffff:127.0.0.1"), &fwd),
            ip("2001:db8::1")
        );
        // An entry that is not an address ends the walk at the hop that wrote it.
        let unknown = headers(&[("x-forwarded-for", "203.0.113.5, unknown, 10.0.0.2")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &unknown), ip("10.0.0.2"));
        let port = headers(&[("x-forwarded-for", "203.0.113.5:5050")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &port), ip("203.0.113.5"));
        assert!(TrustedProxies::parse(&["not an address".to_owned()]).is_err());
    }
}
