//! Where a push goes: a destination's host name is resolved once, every address it
//! resolves to is checked (security note S8), and the connection is made to a checked
//! address, so a name whose answers change between lookups (DNS rebinding) cannot slip
//! an internal address past the check.

use std::net::SocketAddr;

use taxii_services::push::{check_ip, Destination, DestinationError, Host};

/// Why a destination has no address to connect to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// The lookup failed (worth another attempt later).
    #[error("cannot resolve {name}: {why}")]
    Lookup {
        /// The host name.
        name: String,
        /// What the resolver said.
        why: String,
    },
    /// The name resolved to nothing.
    #[error("{0} resolves to no address")]
    NoAddress(String),
    /// An address is internal and the policy forbids it (final).
    #[error(transparent)]
    Refused(#[from] DestinationError),
}

/// The address to connect to among `resolved`: the first one, provided every one of them
/// passes [`check_ip`] (one internal answer refuses the name, whatever the others say).
pub fn pick_checked(
    name: &str,
    resolved: impl IntoIterator<Item = SocketAddr>,
    allow_private: bool,
) -> Result<SocketAddr, ResolveError> {
    let mut first = None;
    for addr in resolved {
        check_ip(addr.ip(), allow_private)?;
        first.get_or_insert(addr);
    }
    first.ok_or_else(|| ResolveError::NoAddress(name.to_owned()))
}

/// The checked address `dest` is to be reached at: its IP literal, or its host name
/// resolved once and checked with [`pick_checked`].
pub async fn resolve(dest: &Destination, allow_private: bool) -> Result<SocketAddr, ResolveError> {
    match &dest.host {
        Host::Ip(ip) => pick_checked(
            &ip.to_string(),
            [SocketAddr::new(*ip, dest.port)],
            allow_private,
        ),
        Host::Name(name) => {
            let resolved = tokio::net::lookup_host((name.as_str(), dest.port))
                .await
                .map_err(|e| ResolveError::Lookup {
                    name: name.clone(),
                    why: e.to_string(),
                })?;
            pick_checked(name, resolved, allow_private)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use taxii_services::push::check_destination;

    fn addrs(list: &[&str]) -> Vec<SocketAddr> {
        list.iter().map(|a| a.parse().unwrap()).collect()
    }

    #[test]
    fn s8_one_internal_answer_refuses_the_name() {
        let mixed = addrs(&["93.184.216.34:80", "10.0.0.7:80"]);
        assert!(matches!(
            pick_checked("rebind.example", mixed.clone(), false),
            Err(ResolveError::Refused(DestinationError::Internal { .. }))
        ));
        assert_eq!(
            pick_checked("rebind.example", mixed, true),
            Ok("93.184.216.34:80".parse().unwrap())
        );
    }

    #[test]
    fn s8_ipv6_answers_carrying_internal_ipv4_are_refused() {
        for bad in [
            "[::127.0.0.1]:80",
            "[64:ff9b::a00:1]:80",
            "[2002:c0a8:101::1]:80",
        ] {
            assert!(
                matches!(
                    pick_checked("x.example", addrs(&[bad]), false),
                    Err(ResolveError::Refused(_))
                ),
                "{bad} passed"
            );
        }
    }

    #[test]
    fn the_checked_public_address_is_the_one_returned() {
        let public = addrs(&["[2001:4860::8888]:443", "8.8.4.4:443"]);
        assert_eq!(
            pick_checked("dns.example", public, false),
            Ok("[2001:4860::8888]:443".parse().unwrap())
        );
        assert_eq!(
            pick_checked("empty.example", Vec::new(), false),
            Err(ResolveError::NoAddress("empty.example".into()))
        );
    }

    #[tokio::test]
    async fn s8_a_name_resolving_to_loopback_is_refused_after_lookup() {
        // Allowed literally (checks off), then refused on what it resolves to.
        let dest = check_destination("http://localhost:9/inbox", true).unwrap();
        assert!(matches!(
            resolve(&dest, false).await,
            Err(ResolveError::Refused(DestinationError::Internal { .. }))
        ));
        let ok = resolve(&dest, true).await.unwrap();
        assert!(ok.ip().is_loopback());
        assert_eq!(ok.port(), 9);
    }

    #[tokio::test]
    async fn an_ip_literal_is_used_as_is() {
        let dest = check_destination("http://8.8.8.8:8080/x", false).unwrap();
        assert_eq!(
            resolve(&dest, false).await,
            Ok("8.8.8.8:8080".parse().unwrap())
        );
    }
}
