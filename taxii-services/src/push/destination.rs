//! The destination check that keeps a client from pointing the server at internal
//! addresses (SSRF, security note S8).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `http` or `https`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Plain HTTP.
    Http,
    /// HTTP over TLS.
    Https,
}

/// The host part of a destination.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host {
    /// An IP address literal (already checked).
    Ip(IpAddr),
    /// A DNS name: check what it resolves to with [`check_ip`].
    Name(String),
}

/// A parsed push destination.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Destination {
    /// The scheme.
    pub scheme: Scheme,
    /// The host.
    pub host: Host,
    /// The port (default for the scheme when absent).
    pub port: u16,
    /// Path and query, starting with `/`.
    pub path: String,
}

impl Destination {
    /// The URL to send to, rebuilt from the checked parts (default port written out).
    pub fn url(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        let host = match &self.host {
            Host::Ip(IpAddr::V6(ip)) => format!("[{ip}]"),
            Host::Ip(ip) => ip.to_string(),
            Host::Name(n) => n.clone(),
        };
        format!("{scheme}://{host}:{}{}", self.port, self.path)
    }
}

/// Why a destination is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DestinationError {
    /// Not an absolute `http://` or `https://` URL.
    #[error("push address {0:?} is not an absolute http(s) URL")]
    NotHttpUrl(String),
    /// The authority part cannot be read.
    #[error("push address {address:?}: {reason}")]
    BadAuthority {
        /// The address given.
        address: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Loopback, private, link-local or otherwise internal, and the policy forbids it.
    #[error("push address {ip} is {class} and not allowed")]
    Internal {
        /// The address.
        ip: IpAddr,
        /// Which class it belongs to.
        class: &'static str,
    },
    /// A name that always means this host (`localhost`).
    #[error("push host {0:?} names this host and is not allowed")]
    LocalName(String),
}

/// Parses `address` and refuses internal destinations unless `allow_internal`.
pub fn check_destination(
    address: &str,
    allow_internal: bool,
) -> Result<Destination, DestinationError> {
    let not_url = || DestinationError::NotHttpUrl(address.to_owned());
    let (scheme, rest) = address.split_once("://").ok_or_else(not_url)?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "http" => Scheme::Http,
        "https" => Scheme::Https,
        _ => return Err(not_url()),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let bad = |reason| DestinationError::BadAuthority {
        address: address.to_owned(),
        reason,
    };
    if authority.contains('@') {
        return Err(bad("credentials in the address are not accepted"));
    }
    let (host, port) = split_host_port(authority).ok_or_else(|| bad("malformed host or port"))?;
    let port = match port {
        Some(p) => p,
        None if scheme == Scheme::Http => 80,
        None => 443,
    };
    let host = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Host::Ip(IpAddr::V6(
            v6.parse().map_err(|_| bad("malformed IPv6 address"))?,
        ))
    } else if let Ok(v4) = host.parse::<Ipv4Addr>() {
        Host::Ip(IpAddr::V4(v4))
    } else {
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            return Err(bad("host is not a DNS name or IP address"));
        }
        Host::Name(host.to_ascii_lowercase())
    };
    if !allow_internal {
        match &host {
            Host::Ip(ip) => check_ip(*ip, false)?,
            Host::Name(n) => {
                let n = n.trim_end_matches('.');
                if n == "localhost" || n.ends_with(".localhost") || !n.contains('.') {
                    return Err(DestinationError::LocalName(n.to_owned()));
                }
            }
        }
    }
    Ok(Destination {
        scheme,
        host,
        port,
        path: if path.is_empty() {
            "/".to_owned()
        } else {
            path.to_owned()
        },
    })
}

fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (h, rest) = authority.split_at(close + 1);
        match rest.strip_prefix(':') {
            Some(p) => (h, Some(p)),
            None if rest.is_empty() => (h, None),
            None => return None,
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p != 0)?),
        None => None,
    };
    Some((host, port))
}

/// Refuses loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified, broadcast,
/// multicast and documentation addresses, including the IPv6 forms that carry such an IPv4
/// address (mapped, compatible, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`), unless
/// `allow_internal`.
pub fn check_ip(ip: IpAddr, allow_internal: bool) -> Result<(), DestinationError> {
    if allow_internal {
        return Ok(());
    }
    match internal_class(ip) {
        Some(class) => Err(DestinationError::Internal { ip, class }),
        None => Ok(()),
    }
}

fn internal_class(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_class(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return v4_class(v4);
            }
            v6_class(v6)
        }
    }
}

fn v4_class(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    Some(if ip.is_loopback() {
        "loopback"
    } else if ip.is_private() {
        "private"
    } else if ip.is_link_local() {
        "link-local"
    } else if ip.is_unspecified() || a == 0 {
        "unspecified"
    } else if ip.is_broadcast() || ip.is_multicast() || a >= 240 {
        "broadcast, multicast or reserved"
    } else if a == 100 && (64..128).contains(&b) {
        "shared (CGNAT)"
    } else if ip.is_documentation() {
        "documentation"
    } else {
        return None;
    })
}

/// The IPv4 address an IPv6 address carries and is routed to: IPv4-compatible
/// (`::a.b.c.d`, deprecated), NAT64 well-known prefix (`64:ff9b::/96`) or 6to4
/// (`2002:AABB:CCDD::/48`).
pub fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let v4 = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    if s[..6] == [0; 6] || s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        Some(v4(s[6], s[7]))
    } else if s[0] == 0x2002 {
        Some(v4(s[1], s[2]))
    } else {
        None
    }
}

fn v6_class(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    Some(if ip.is_loopback() {
        "loopback"
    } else if ip.is_unspecified() {
        "unspecified"
    } else if first & 0xfe00 == 0xfc00 {
        "private (unique local)"
    } else if first & 0xffc0 == 0xfe80 {
        "link-local"
    } else if ip.is_multicast() {
        "multicast"
    } else if let Some(v4) = embedded_v4(ip) {
        // NAT64 and 6to4 forms reach the IPv4 address they carry; the deprecated
        // IPv4-compatible form (::a.b.c.d) is never a public destination.
        let compatible = ip.segments()[..6] == [0; 6];
        return v4_class(v4).or(compatible.then_some("IPv4-compatible"));
    } else {
        return None;
    })
}
