//! The HTTP Protocol Binding 1.0 headers both sides send and check (HB-*): the TAXII
//! version they announce and the message binding they carry.

use http::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use taxii_messages::v11;

/// `X-TAXII-Content-Type`: the message binding of the body.
pub const X_TAXII_CONTENT_TYPE: &str = "x-taxii-content-type";
/// `X-TAXII-Accept`: the message bindings a client accepts in the answer.
pub const X_TAXII_ACCEPT: &str = "x-taxii-accept";
/// `X-TAXII-Protocol`: the protocol binding.
pub const X_TAXII_PROTOCOL: &str = "x-taxii-protocol";
/// `X-TAXII-Services`: the services version.
pub const X_TAXII_SERVICES: &str = "x-taxii-services";

/// TAXII versions this command speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// TAXII 1.1.
    V11,
}

impl Version {
    /// The XML message binding id.
    pub fn message_binding(self) -> &'static str {
        match self {
            Version::V11 => v11::MESSAGE_BINDING,
        }
    }

    /// The services version id.
    pub fn services(self) -> &'static str {
        match self {
            Version::V11 => v11::SERVICES_VERSION,
        }
    }

    /// The version a message binding id names.
    pub fn from_message_binding(id: &str) -> Option<Version> {
        (id.trim() == v11::MESSAGE_BINDING).then_some(Version::V11)
    }
}

/// Adds the headers of a TAXII message body to `headers`.
pub fn add_message_headers(headers: &mut HeaderMap, version: Version, https: bool, request: bool) {
    let protocol = if https {
        crate::server::state::HTTPS_BINDING
    } else {
        crate::server::state::HTTP_BINDING
    };
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/xml"));
    headers.insert(
        X_TAXII_CONTENT_TYPE,
        HeaderValue::from_static(version.message_binding()),
    );
    headers.insert(X_TAXII_PROTOCOL, HeaderValue::from_static(protocol));
    headers.insert(
        X_TAXII_SERVICES,
        HeaderValue::from_static(version.services()),
    );
    if request {
        headers.insert(
            X_TAXII_ACCEPT,
            HeaderValue::from_static(version.message_binding()),
        );
    }
}

/// The message binding a request or response announces, if it announces one.
pub fn announced_binding(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(X_TAXII_CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}
