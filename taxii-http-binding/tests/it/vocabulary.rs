//! Version IDs (VID-1..VID-10, CB-1..CB-11), media types, typed header values (H-1..H-6),
//! Basic and Bearer credentials (HS-3).

use http::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use taxii_http_binding::{
    AcceptBindings, CapabilityModule, ContentBindingId, Credentials, MediaType, MessageBinding,
    ProtocolBinding, QueryFormat, Secret, ServicesVersion, TaxiiHeaders, Transport,
};

#[test]
fn defined_ids_round_trip_vid() {
    fn check<T>(defined: &[T])
    where
        T: std::str::FromStr + std::fmt::Display + PartialEq + std::fmt::Debug,
        T::Err: std::fmt::Debug,
    {
        for v in defined {
            let text = v.to_string();
            assert_eq!(&text.parse::<T>().unwrap(), v);
        }
    }
    check(ServicesVersion::DEFINED);
    check(ProtocolBinding::DEFINED);
    check(MessageBinding::DEFINED);
    check(ContentBindingId::DEFINED);
    check(QueryFormat::DEFINED);
    check(CapabilityModule::DEFINED);
    assert_eq!(ContentBindingId::DEFINED.len(), 11);
    assert_eq!(
        "urn:taxii.mitre.org:services:1.1"
            .parse::<ServicesVersion>()
            .unwrap(),
        ServicesVersion::V11
    );
    assert_eq!(
        ProtocolBinding::Https10.as_str(),
        "urn:taxii.mitre.org:protocol:https:1.0"
    );
    assert_eq!(
        "urn:taxii.mitre.org:query:capability:regex-1"
            .parse::<CapabilityModule>()
            .unwrap(),
        CapabilityModule::Regex1
    );
}

#[test]
fn unknown_ids_are_preserved() {
    let b: MessageBinding = "urn:example.com:message:json:2.0".parse().unwrap();
    assert!(!b.is_defined());
    assert_eq!(b.to_string(), "urn:example.com:message:json:2.0");
    assert_eq!(b.media_subtype(), Some("json"));
    let c: ContentBindingId = " urn:example.com:content:x \n".parse().unwrap();
    assert_eq!(c.as_str(), "urn:example.com:content:x");
    assert!("".parse::<ServicesVersion>().is_err());
    assert!("a b".parse::<ProtocolBinding>().is_err());
}

#[test]
fn binding_relations() {
    assert_eq!(
        MessageBinding::Xml10.services_version(),
        Some(ServicesVersion::V10)
    );
    assert_eq!(
        ServicesVersion::V11.xml_binding(),
        Some(MessageBinding::Xml11)
    );
    assert!(MessageBinding::Xml10.agrees_with_subtype("xml"));
    assert!(MessageBinding::Xml11.agrees_with_subtype("XML"));
    assert!(MessageBinding::Xml11.agrees_with_subtype("taxii+xml"));
    assert!(!MessageBinding::Xml11.agrees_with_subtype("json"));
    assert!(MessageBinding::CertEuJson10.agrees_with_subtype("json"));
    assert_eq!(ProtocolBinding::Https10.transport(), Some(Transport::Https));
    assert_eq!(Transport::from_scheme("HTTP"), Some(Transport::Http));
    assert_eq!(Transport::from_scheme("ftp"), None);
}

#[test]
fn x_taxii_accept_is_an_ordered_list_h3() {
    let a: AcceptBindings =
        "urn:taxii.mitre.org:message:xml:1.1 urn:taxii.mitre.org:message:xml:1.0"
            .parse()
            .unwrap();
    assert_eq!(
        a.bindings(),
        &[MessageBinding::Xml11, MessageBinding::Xml10]
    );
    assert_eq!(a.preferred(), &MessageBinding::Xml11);
    assert_eq!(
        a.choose(&[MessageBinding::Xml10, MessageBinding::Xml11]),
        Some(MessageBinding::Xml11)
    );
    assert_eq!(
        a.to_string(),
        "urn:taxii.mitre.org:message:xml:1.1 urn:taxii.mitre.org:message:xml:1.0"
    );
    // Leniency: tabs, several spaces and commas (joined repeated fields) separate too.
    let b: AcceptBindings =
        "urn:taxii.mitre.org:message:xml:1.0,\turn:taxii.mitre.org:message:xml:1.1"
            .parse()
            .unwrap();
    assert_eq!(
        b.bindings(),
        &[MessageBinding::Xml10, MessageBinding::Xml11]
    );
    assert!("".parse::<AcceptBindings>().is_err());
}

#[test]
fn media_types_h1_h2() {
    let m = MediaType::parse("Application/XML; Charset=\"utf-8\"").unwrap();
    assert_eq!(
        (m.type_.as_str(), m.subtype.as_str()),
        ("application", "xml")
    );
    assert_eq!(m.param("charset"), Some("utf-8"));
    assert_eq!(m.to_string(), "application/xml; charset=utf-8");
    let list = MediaType::parse_list("application/xml;q=0.5, */*;q=0, ,").unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].quality(), 0.5);
    assert_eq!(list[1].quality(), 0.0);
    assert!(list[1].includes(&MediaType::application_xml()));
    for bad in [
        "xml",
        "application/",
        "/xml",
        "application/xml; q",
        "app lication/xml",
    ] {
        assert!(MediaType::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn headers_parse_and_render_h1_h6() {
    let mut map = HeaderMap::new();
    let h = TaxiiHeaders::for_message(
        MessageBinding::Xml10,
        ServicesVersion::V10,
        ProtocolBinding::Https10,
    );
    h.write_to(&mut map);
    assert_eq!(map["content-type"], "application/xml");
    assert_eq!(
        map["x-taxii-content-type"],
        "urn:taxii.mitre.org:message:xml:1.0"
    );
    assert_eq!(map["x-taxii-services"], "urn:taxii.mitre.org:services:1.0");
    assert_eq!(
        map["x-taxii-protocol"],
        "urn:taxii.mitre.org:protocol:https:1.0"
    );
    assert!(!map.contains_key("x-taxii-accept"), "H-3: not in responses");
    assert_eq!(TaxiiHeaders::parse(&map).unwrap(), h);
    assert!(h.declares_taxii_message());
    assert!(!TaxiiHeaders::default().declares_taxii_message());
}

#[test]
fn basic_credentials_hs3() {
    // From wire capture 001 (cabby, test:test).
    let v = HeaderValue::from_static("Basic dGVzdDp0ZXN0");
    let c = Credentials::parse(&v).unwrap();
    assert_eq!(c, Credentials::basic("test", "test"));
    assert_eq!(c.to_header_value().unwrap(), v);
    assert!(c.to_header_value().unwrap().is_sensitive());
    // Passwords may contain ':'; scheme case does not matter.
    let c = Credentials::basic("u", "p:w");
    let v = c.to_header_value().unwrap();
    assert_eq!(Credentials::parse(&v).unwrap(), c);
    let lower = HeaderValue::from_static("basic dTpwOnc=");
    assert_eq!(Credentials::parse(&lower).unwrap(), c);
    assert!(Credentials::basic("a:b", "x").to_header_value().is_err());
    for bad in ["Basic", "Basic !!!", "Basic dGVzdA==", "Digest abc"] {
        assert!(
            Credentials::parse(&HeaderValue::from_static(bad)).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn bearer_credentials_hs3() {
    // From wire capture 020 (OpenTAXII JWT).
    let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhY2NvdW50X2lkIjoxfQ.sig";
    let mut map = HeaderMap::new();
    map.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    let c = Credentials::from_headers(&map).unwrap().unwrap();
    assert_eq!(c, Credentials::bearer(token));
    assert_eq!(
        c.to_header_value().unwrap().to_str().unwrap(),
        format!("Bearer {token}")
    );
    assert_eq!(Credentials::from_headers(&HeaderMap::new()).unwrap(), None);
}

#[test]
fn credentials_are_redacted_in_debug() {
    let basic = format!("{:?}", Credentials::basic("alice", "hunter2"));
    assert!(basic.contains("alice"));
    assert!(!basic.contains("hunter2"), "{basic}");
    let bearer = format!("{:?}", Credentials::bearer("tok-SECRET"));
    assert!(!bearer.contains("SECRET"), "{bearer}");
    assert_eq!(format!("{:?}", Secret::new("hunter2")), "<redacted>");
    let opts = taxii_http_binding::RequestOptions::default()
        .with_credentials(Credentials::basic("bob", "s3cret"));
    assert!(!format!("{opts:?}").contains("s3cret"));
}

#[test]
fn one_set_of_identifiers_is_shared_by_the_crates() {
    use taxii_messages::v11::{content_binding, message_binding, protocol, services};
    assert_eq!(ServicesVersion::V11.as_str(), services::V11);
    assert_eq!(
        ServicesVersion::V11.as_str(),
        taxii_messages::v11::SERVICES_VERSION
    );
    assert_eq!(MessageBinding::Xml10.as_str(), message_binding::XML_10);
    assert_eq!(ProtocolBinding::Https10.as_str(), protocol::HTTPS);
    let typed = taxii_messages::v11::ContentBinding::from(ContentBindingId::StixXml111);
    assert_eq!(typed.binding_id.as_str(), content_binding::STIX_XML_111);
    assert!(typed.subtypes.is_empty());
    assert_eq!(
        "urn:stix.mitre.org:xml:1.1.1".parse::<ContentBindingId>(),
        Ok(ContentBindingId::StixXml111)
    );
}
