//! The push destination check (security note S8).

use std::net::IpAddr;

use taxii_services::push::{check_destination, check_ip, DestinationError, Host, Scheme};

#[test]
fn s8_internal_literals_are_refused() {
    for addr in [
        "http://127.0.0.1/",
        "http://127.8.9.10:8080/x",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[fc00::1]/",
        "http://[fd12:3456::1]/",
        "http://[fe80::1]/",
        "http://[::]/",
        "http://255.255.255.255/",
        "http://224.0.0.1/",
    ] {
        match check_destination(addr, false) {
            Err(DestinationError::Internal { .. }) => {}
            other => panic!("{addr}: {other:?}"),
        }
        assert!(
            check_destination(addr, true).is_ok(),
            "{addr} allowed by policy"
        );
    }
}

#[test]
fn s8_local_names_are_refused() {
    for addr in [
        "http://localhost/",
        "http://LOCALHOST:80/",
        "http://a.localhost/",
        "http://intranet/",
    ] {
        assert!(
            matches!(
                check_destination(addr, false),
                Err(DestinationError::LocalName(_))
            ),
            "{addr}"
        );
    }
}

#[test]
fn s8_malformed_or_foreign_schemes_are_refused() {
    for addr in [
        "ftp://example.com/",
        "file:///etc/passwd",
        "example.com/inbox",
        "http://user:pw@example.com/",
        "http://example.com:99999/",
        "http://example.com:0/",
        "http://[::1/",
        "http://exa mple.com/",
        "http:///path",
    ] {
        assert!(check_destination(addr, true).is_err(), "{addr}");
    }
}

#[test]
fn public_destinations_are_parsed() {
    let d = check_destination("https://Inbox.Example.com:8443/taxii/inbox?x=1", false).unwrap();
    assert_eq!(d.scheme, Scheme::Https);
    assert_eq!(d.host, Host::Name("inbox.example.com".into()));
    assert_eq!(d.port, 8443);
    assert_eq!(d.path, "/taxii/inbox?x=1");
    let d = check_destination("http://93.184.216.34", false).unwrap();
    assert_eq!(d.port, 80);
    assert_eq!(d.path, "/");
    let d = check_destination("http://[2001:4860::8888]:81/", false).unwrap();
    assert_eq!(d.host, Host::Ip("2001:4860::8888".parse().unwrap()));
    assert_eq!(d.port, 81);
    let d = check_destination("HTTPS://93.184.216.34/in", false).unwrap();
    assert_eq!(
        (d.scheme, d.port),
        (Scheme::Https, 443),
        "the default port of https"
    );
}

#[test]
fn s8_resolved_addresses_are_checked_again() {
    let bad: IpAddr = "192.168.0.10".parse().unwrap();
    assert!(check_ip(bad, false).is_err());
    assert!(check_ip(bad, true).is_ok());
    assert!(check_ip("8.8.8.8".parse().unwrap(), false).is_ok());
}

#[test]
fn s8_ipv6_forms_carrying_an_internal_ipv4_are_refused() {
    for address in [
        "http://[::127.0.0.1]/",       // IPv4-compatible loopback
        "http://[::8.8.8.8]/",         // IPv4-compatible: deprecated, never public
        "http://[64:ff9b::7f00:1]/",   // NAT64 of 127.0.0.1
        "http://[64:ff9b::10.1.2.3]/", // NAT64 of a private address
        "http://[2002:c0a8:101::1]/",  // 6to4 of 192.168.1.1
        "http://[2002:7f00:1::]/",     // 6to4 of 127.0.0.1
        "http://[2002:a9fe:a9fe::1]/", // 6to4 of the link-local metadata address
    ] {
        match check_destination(address, false) {
            Err(DestinationError::Internal { .. }) => {}
            other => panic!("{address}: {other:?}"),
        }
        assert!(check_destination(address, true).is_ok(), "{address}");
    }
}

#[test]
fn s8_ipv6_forms_carrying_a_public_ipv4_are_allowed() {
    for address in ["http://[64:ff9b::8.8.8.8]/", "http://[2002:808:808::1]/"] {
        let d = check_destination(address, false).unwrap();
        assert!(matches!(d.host, Host::Ip(IpAddr::V6(_))), "{address}");
    }
    assert_eq!(
        taxii_services::push::embedded_v4("2002:c0a8:101::1".parse().unwrap()),
        Some("192.168.1.1".parse().unwrap())
    );
    assert_eq!(
        taxii_services::push::embedded_v4("64:ff9b::a00:1".parse().unwrap()),
        Some("10.0.0.1".parse().unwrap())
    );
    assert_eq!(
        taxii_services::push::embedded_v4("2001:db8::1".parse().unwrap()),
        None
    );
}

#[test]
fn s8_class_edges_are_exact() {
    // 0.0.0.0/8 ("this network") and 100.64.0.0/10 (CGNAT) are internal...
    for bad in ["0.1.2.3", "100.64.0.1", "100.127.255.254"] {
        assert!(
            check_ip(bad.parse().unwrap(), false).is_err(),
            "{bad} passed"
        );
    }
    // ...their neighbours are not.
    for good in ["100.63.255.254", "100.128.0.1", "8.70.0.1", "1.0.0.1"] {
        assert_eq!(check_ip(good.parse().unwrap(), false), Ok(()), "{good}");
    }
}

#[test]
fn s8_text_after_a_bracketed_host_is_refused() {
    for address in ["http://[2001:db8::1]junk/", "http://[2001:db8::1]:/"] {
        assert!(
            matches!(
                check_destination(address, false),
                Err(DestinationError::BadAuthority { .. })
            ),
            "{address}"
        );
    }
}
