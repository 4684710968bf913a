//! XML namespace URIs of the TAXII bindings, and namespace bindings captured with raw XML.

/// TAXII 1.0 XML Message Binding namespace (checklist NS-1).
pub const TAXII_10: &str = "http://taxii.mitre.org/messages/taxii_xml_binding-1";
/// TAXII 1.1 XML Message Binding namespace (checklist NS-2).
pub const TAXII_11: &str = "http://taxii.mitre.org/messages/taxii_xml_binding-1.1";
/// TAXII Default Query 1.0 namespace (checklist NS-3).
pub const DEFAULT_QUERY: &str = "http://taxii.mitre.org/query/taxii_default_query-1";
/// XML Digital Signature namespace (checklist NS-4).
pub const XMLDSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
/// TAXII 1.0 Draft 1 namespace (checklist NS-5).
pub const DRAFT1: &str = "http://taxii.mitre.org/messages/xml/1";
/// The STIX namespace of Draft 1 payloads, `stix:STIX` (checklist NS-6).
pub const DRAFT1_STIX: &str = "http://stix.mitre.org";
/// XML Schema instance namespace.
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The namespace bound to the reserved `xml` prefix.
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// One `xmlns` declaration: a prefix (empty for the default namespace) bound to a URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NamespaceBinding {
    /// The prefix; empty for the default namespace.
    pub prefix: String,
    /// The namespace URI; empty undeclares a default namespace.
    pub uri: String,
}

impl NamespaceBinding {
    /// A binding of `prefix` to `uri`.
    pub fn new(prefix: impl Into<String>, uri: impl Into<String>) -> Self {
        NamespaceBinding {
            prefix: prefix.into(),
            uri: uri.into(),
        }
    }

    /// Whether an encoder always supplies this binding, so raw XML compares equal without
    /// it: the [`ROOT_BINDINGS`] (libtaxii's prefixes), the Draft 1 default namespace the
    /// Draft 1 encoder declares on its root, and the `wrap_` prefix of a rebound wrapper.
    pub(crate) fn is_standard(&self) -> bool {
        let (p, u) = (self.prefix.as_str(), self.uri.as_str());
        let wrapper = p == "wrap_" && (u == TAXII_10 || u == TAXII_11);
        wrapper || (p, u) == ("", DRAFT1) || ROOT_BINDINGS.contains(&(p, u))
    }
}

/// The namespaces the decoder tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    None,
    Taxii10,
    Taxii11,
    Query,
    Dsig,
    Draft1,
    Draft1Stix,
    Xsi,
    Other,
}

impl Ns {
    pub(crate) fn of(uri: &str) -> Ns {
        match uri {
            "" => Ns::None,
            TAXII_11 => Ns::Taxii11,
            TAXII_10 => Ns::Taxii10,
            DEFAULT_QUERY => Ns::Query,
            XMLDSIG => Ns::Dsig,
            DRAFT1 => Ns::Draft1,
            DRAFT1_STIX => Ns::Draft1Stix,
            XSI => Ns::Xsi,
            _ => Ns::Other,
        }
    }
}

/// The declarations every encoded 1.0 and 1.1 message carries on its root (libtaxii's set).
pub(crate) const ROOT_BINDINGS: &[(&str, &str)] = &[
    ("taxii", TAXII_10),
    ("taxii_11", TAXII_11),
    ("tdq", DEFAULT_QUERY),
];
