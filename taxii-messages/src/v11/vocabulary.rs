//! Identifiers TAXII 1.1 messages carry (checklist §1.1, §1.3), as constants.

/// Protocol Binding IDs (VID-5, VID-6); TAXII 1.0 and 1.1 share them.
pub mod protocol {
    /// HTTP Protocol Binding 1.0 over plain HTTP.
    pub const HTTP: &str = "urn:taxii.mitre.org:protocol:http:1.0";
    /// HTTP Protocol Binding 1.0 over TLS.
    pub const HTTPS: &str = "urn:taxii.mitre.org:protocol:https:1.0";
}

/// Content Binding IDs of the TAXII Content Binding Reference (CB-1..CB-10).
pub mod content_binding {
    /// STIX XML 1.0 (CB-1).
    pub const STIX_XML_10: &str = "urn:stix.mitre.org:xml:1.0";
    /// STIX XML 1.0.1 (CB-2).
    pub const STIX_XML_101: &str = "urn:stix.mitre.org:xml:1.0.1";
    /// STIX XML 1.1 (CB-3).
    pub const STIX_XML_11: &str = "urn:stix.mitre.org:xml:1.1";
    /// STIX XML 1.1.1 (CB-4).
    pub const STIX_XML_111: &str = "urn:stix.mitre.org:xml:1.1.1";
    /// STIX XML 1.2 (CB-5).
    pub const STIX_XML_12: &str = "urn:stix.mitre.org:xml:1.2";
    /// STIX XML 1.2.1, OASIS form (CB-6).
    pub const STIX_XML_121: &str = "urn:oasis:cti:stix:xml:1.2.1";
    /// CAP 1.1 (CB-7).
    pub const CAP_11: &str = "urn:oasis:names:tc:emergency:cap:1.1";
    /// CAP 1.2 (CB-8).
    pub const CAP_12: &str = "urn:oasis:names:tc:emergency:cap:1.2";
    /// XML Encryption (CB-9).
    pub const XML_ENC: &str = "http://www.w3.org/2001/04/xmlenc#";
    /// S/MIME (CB-10).
    pub const SMIME: &str = "application/pkcs7-mime";
}
