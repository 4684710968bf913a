//! Building blocks the two corpus writers share: checked constructors that panic on the
//! corpus's own literals, and the sample content and header every corpus carries.

use taxii_messages::{ExtendedHeader, MessageId, RawXml, Timestamp, Uri};

/// The STIX 1.1.1 content binding.
pub const STIX: &str = "urn:stix.mitre.org:xml:1.1.1";
/// The HTTP protocol binding.
pub const HTTP: &str = "urn:taxii.mitre.org:protocol:http:1.0";

/// A message id from a corpus literal.
pub fn id(s: &str) -> MessageId {
    MessageId::new(s).expect("valid id")
}

/// A URI from a corpus literal.
pub fn uri(s: &str) -> Uri {
    Uri::new(s).expect("valid uri")
}

/// A timestamp from a corpus literal.
pub fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("valid timestamp")
}

/// A small STIX package with an escaped character in its text.
pub fn stix_content() -> RawXml {
    RawXml::new(
        "<stix:STIX_Package xmlns:stix=\"http://stix.mitre.org/stix-1\" id=\"example:Package-1\" version=\"1.1.1\"><stix:STIX_Header><stix:Title>Interop &amp; test</stix:Title></stix:STIX_Header></stix:STIX_Package>",
        vec![],
    )
    .expect("well-formed XML")
}

/// One extended header with a text value.
pub fn header() -> Vec<ExtendedHeader> {
    vec![ExtendedHeader::text(
        uri("urn:example.com:header:priority"),
        "high",
    )]
}
