//! TAXII version IDs and other registered identifiers (checklist §1.1, §1.3), as open
//! vocabularies: the defined values plus any other URI, kept as written.

use std::fmt;
use std::str::FromStr;

use taxii_messages::v11::{content_binding, message_binding, protocol, services};
use taxii_messages::{IdError, Uri};

macro_rules! vocabulary {
    (
        $(#[$doc:meta])* $name:ident {
            $( $(#[$vdoc:meta])* $variant:ident = $text:path, )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )*
            /// Any other identifier, kept as written.
            Other(Uri),
        }

        impl $name {
            /// Every defined value.
            pub const DEFINED: &'static [$name] = &[$($name::$variant),*];

            /// The identifier as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(u) => u.as_str(),
                }
            }

            /// Whether this is one of the defined values.
            pub fn is_defined(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            /// Reads an identifier (surrounding whitespace removed); unknown values are kept.
            fn from_str(s: &str) -> Result<Self, IdError> {
                let uri = Uri::new(s)?;
                Ok(match uri.as_str() {
                    $( $text => $name::$variant, )*
                    _ => $name::Other(uri),
                })
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, IdError> {
                s.parse()
            }
        }

        impl From<$name> for Uri {
            fn from(v: $name) -> Uri {
                match v {
                    $name::Other(u) => u,
                    known => Uri::new(known.as_str()).expect("defined identifiers are URIs"),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// A TAXII Services Version ID (VID-1, VID-2), the value of `X-TAXII-Services`.
    ServicesVersion {
        /// `urn:taxii.mitre.org:services:1.0` (VID-1).
        V10 = services::V10,
        /// `urn:taxii.mitre.org:services:1.1` (VID-2).
        V11 = services::V11,
    }
}

vocabulary! {
    /// A TAXII Protocol Binding Version ID (VID-5, VID-6, §7.6), the value of `X-TAXII-Protocol`.
    ProtocolBinding {
        /// `urn:taxii.mitre.org:protocol:http:1.0`: plain HTTP (VID-5).
        Http10 = protocol::HTTP,
        /// `urn:taxii.mitre.org:protocol:https:1.0`: HTTP over TLS (VID-6).
        Https10 = protocol::HTTPS,
        /// `urn:oasis:cti:taxii:http:1.1.1`: OASIS TAXII 1.1.1 plain HTTP (§7.6).
        Http111 = protocol::HTTP_111,
        /// `urn:oasis:cti:taxii:https:1.1.1`: OASIS TAXII 1.1.1 HTTP over TLS (§7.6).
        Https111 = protocol::HTTPS_111,
    }
}

vocabulary! {
    /// A TAXII Message Binding Version ID (VID-3, VID-4), the value of `X-TAXII-Content-Type`
    /// and the entries of `X-TAXII-Accept`.
    MessageBinding {
        /// `urn:taxii.mitre.org:message:xml:1.0`: XML Message Binding 1.0 (VID-3).
        Xml10 = message_binding::XML_10,
        /// `urn:taxii.mitre.org:message:xml:1.1`: XML Message Binding 1.1 (VID-4).
        Xml11 = message_binding::XML_11,
        /// `urn:oasis:cti:taxii:xml:1.1.1`: OASIS TAXII 1.1.1 XML binding (§7.6).
        Xml111 = message_binding::XML_111,
        /// `urn:cert.europa.eu:message:json:1.0`: CERT-EU JSON binding (CB-11).
        CertEuJson10 = message_binding::CERT_EU_JSON_10,
    }
}

vocabulary! {
    /// A Content Binding ID (checklist §1.3): the id alone; a content binding with
    /// subtypes, as messages carry it, is `taxii_messages::v11::ContentBinding`
    /// (`From<ContentBindingId>`).
    ContentBindingId {
        /// STIX XML 1.0 (CB-1).
        StixXml10 = content_binding::STIX_XML_10,
        /// STIX XML 1.0.1 (CB-2).
        StixXml101 = content_binding::STIX_XML_101,
        /// STIX XML 1.1 (CB-3).
        StixXml11 = content_binding::STIX_XML_11,
        /// STIX XML 1.1.1 (CB-4).
        StixXml111 = content_binding::STIX_XML_111,
        /// STIX XML 1.2 (CB-5).
        StixXml12 = content_binding::STIX_XML_12,
        /// STIX XML 1.2.1, OASIS naming (CB-6).
        StixXml121 = content_binding::STIX_XML_121,
        /// CAP 1.1 (CB-7).
        Cap11 = content_binding::CAP_11,
        /// CAP 1.2 (CB-8).
        Cap12 = content_binding::CAP_12,
        /// XML Encryption (CB-9).
        XmlEnc = content_binding::XML_ENC,
        /// S/MIME as the Content Binding Reference writes it (CB-10).
        Smime = content_binding::SMIME,
        /// S/MIME as libtaxii writes it (CB-10).
        SmimeLibtaxii = content_binding::SMIME_LIBTAXII,
    }
}

vocabulary! {
    /// A Query Format ID (VID-7).
    QueryFormat {
        /// TAXII Default Query 1.0 (VID-7).
        DefaultQuery10 = taxii_messages::query::FORMAT_ID,
    }
}

vocabulary! {
    /// A Default Query Capability Module ID (VID-8..VID-10).
    CapabilityModule {
        /// Core (VID-8).
        Core1 = taxii_messages::query::CORE,
        /// Regular expressions (VID-9).
        Regex1 = taxii_messages::query::REGEX,
        /// Timestamps (VID-10).
        Timestamp1 = taxii_messages::query::TIMESTAMP,
    }
}

impl ServicesVersion {
    /// The XML message binding that carries messages of this services version.
    pub fn xml_binding(&self) -> Option<MessageBinding> {
        match self {
            ServicesVersion::V10 => Some(MessageBinding::Xml10),
            ServicesVersion::V11 => Some(MessageBinding::Xml11),
            ServicesVersion::Other(_) => None,
        }
    }
}

impl MessageBinding {
    /// The services version whose messages this binding carries, when known.
    pub fn services_version(&self) -> Option<ServicesVersion> {
        match self {
            MessageBinding::Xml10 => Some(ServicesVersion::V10),
            MessageBinding::Xml11 => Some(ServicesVersion::V11),
            _ => None,
        }
    }

    /// The media subtype (of type `application`) that agrees with this binding (H-1, H-2):
    /// `xml` for XML bindings, `json` for JSON bindings. For a third-party ID the format is
    /// read from a `:xml:` or `:json:` segment; `None` when it cannot be told.
    pub fn media_subtype(&self) -> Option<&'static str> {
        match self {
            MessageBinding::Xml10 | MessageBinding::Xml11 | MessageBinding::Xml111 => Some("xml"),
            MessageBinding::CertEuJson10 => Some("json"),
            MessageBinding::Other(u) => {
                let segments = u.as_str().split([':', '/', '-']);
                let mut found = None;
                for s in segments {
                    if s.eq_ignore_ascii_case("xml") {
                        found = Some("xml");
                    } else if s.eq_ignore_ascii_case("json") {
                        found = Some("json");
                    }
                }
                found
            }
        }
    }

    /// Whether a media subtype agrees with this binding (H-1, H-2): the binding's own
    /// subtype, or a structured-syntax suffix of it (`taxii+xml`). Unknown formats agree
    /// with everything (the binding gives no way to tell).
    pub fn agrees_with_subtype(&self, subtype: &str) -> bool {
        match self.media_subtype() {
            None => true,
            Some(expected) => {
                subtype.eq_ignore_ascii_case(expected)
                    || subtype
                        .rsplit_once('+')
                        .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case(expected))
            }
        }
    }
}

/// Whether a TAXII exchange runs over plain HTTP or HTTP over TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Transport {
    /// Plain HTTP.
    Http,
    /// HTTP over TLS.
    Https,
}

impl Transport {
    /// The transport named by a URI scheme (`http` or `https`, any case).
    pub fn from_scheme(scheme: &str) -> Option<Transport> {
        if scheme.eq_ignore_ascii_case("http") {
            Some(Transport::Http)
        } else if scheme.eq_ignore_ascii_case("https") {
            Some(Transport::Https)
        } else {
            None
        }
    }

    /// The HTTP Protocol Binding 1.0 ID for this transport (VID-5, VID-6).
    pub fn protocol_binding(self) -> ProtocolBinding {
        match self {
            Transport::Http => ProtocolBinding::Http10,
            Transport::Https => ProtocolBinding::Https10,
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transport::Http => "HTTP",
            Transport::Https => "HTTPS",
        })
    }
}

impl ProtocolBinding {
    /// The transport this protocol binding runs on, when known.
    pub fn transport(&self) -> Option<Transport> {
        match self {
            ProtocolBinding::Http10 | ProtocolBinding::Http111 => Some(Transport::Http),
            ProtocolBinding::Https10 | ProtocolBinding::Https111 => Some(Transport::Https),
            ProtocolBinding::Other(_) => None,
        }
    }
}

/// The former name of [`ContentBindingId`], which clashed with the message type
/// `taxii_messages::v11::ContentBinding` (a binding id with subtypes).
#[deprecated(
    note = "renamed ContentBindingId; taxii_messages::v11::ContentBinding is the binding with subtypes"
)]
pub type ContentBinding = ContentBindingId;

impl From<ContentBindingId> for taxii_messages::v11::ContentBinding {
    /// The binding without subtypes (all of them).
    fn from(id: ContentBindingId) -> Self {
        taxii_messages::v11::ContentBinding::new(Uri::from(id))
    }
}
