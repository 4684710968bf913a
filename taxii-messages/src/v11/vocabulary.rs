//! Identifiers TAXII 1.1 messages carry (checklist §1.1, §1.3), as constants.

/// Protocol Binding IDs (VID-5, VID-6); TAXII 1.0 and 1.1 share them.
pub mod protocol {
    /// HTTP Protocol Binding 1.0 over plain HTTP.
    pub const HTTP: &str = "urn:taxii.mitre.org:protocol:http:1.0";
    /// HTTP Protocol Binding 1.0 over TLS.
    pub const HTTPS: &str = "urn:taxii.mitre.org:protocol:https:1.0";
    /// OASIS TAXII 1.1.1 over plain HTTP (§7.6).
    pub const HTTP_111: &str = "urn:oasis:cti:taxii:http:1.1.1";
    /// OASIS TAXII 1.1.1 over TLS (§7.6).
    pub const HTTPS_111: &str = "urn:oasis:cti:taxii:https:1.1.1";
}

/// Services Version IDs (VID-1, VID-2), the value of `X-TAXII-Services`.
pub mod services {
    /// TAXII Services 1.0 (VID-1).
    pub const V10: &str = "urn:taxii.mitre.org:services:1.0";
    /// TAXII Services 1.1 (VID-2).
    pub const V11: &str = "urn:taxii.mitre.org:services:1.1";
}

/// Message Binding IDs (VID-3, VID-4), the value of `X-TAXII-Content-Type`.
pub mod message_binding {
    /// XML Message Binding 1.0 (VID-3).
    pub const XML_10: &str = "urn:taxii.mitre.org:message:xml:1.0";
    /// XML Message Binding 1.1 (VID-4).
    pub const XML_11: &str = "urn:taxii.mitre.org:message:xml:1.1";
    /// OASIS TAXII 1.1.1 XML binding (§7.6).
    pub const XML_111: &str = "urn:oasis:cti:taxii:xml:1.1.1";
    /// CERT-EU JSON binding (CB-11).
    pub const CERT_EU_JSON_10: &str = "urn:cert.europa.eu:message:json:1.0";
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
    /// S/MIME as libtaxii writes it (CB-10).
    pub const SMIME_LIBTAXII: &str = "application/x-pkcs7-mime";
}
