//! Violations of the HTTP Protocol Binding, each with the rule it breaks and the TAXII
//! status a server should answer with.

use http::StatusCode;
use taxii_messages::{v11::detail, DecodeError, StatusType};

use crate::version::{MessageBinding, ProtocolBinding, ServicesVersion, Transport};

/// Why an HTTP message is not an acceptable TAXII request or response.
///
/// Every variant names the rule it breaks ([`Error::rule`], a checklist row ID), and maps
/// to the status a server should answer with ([`StatusType::from`]) and the status
/// details that go with it ([`Error::status_details`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request method is not POST (HR-1).
    #[error("request method {method} is not allowed: TAXII requests use POST (HR-1)")]
    MethodNotAllowed {
        /// The method used.
        method: String,
    },
    /// A header that must be present is missing.
    #[error(
        "header {header} is missing: it is required when the body holds a TAXII message ({rule})"
    )]
    MissingHeader {
        /// The header name.
        header: &'static str,
        /// The checklist row that requires it.
        rule: &'static str,
    },
    /// A header value breaks its syntax rule.
    #[error("header {header} value {value:?} is invalid: {reason} ({rule})")]
    InvalidHeader {
        /// The header name.
        header: &'static str,
        /// The value as received (lossy for non-ASCII).
        value: String,
        /// What is wrong with it.
        reason: String,
        /// The checklist row of the header.
        rule: &'static str,
    },
    /// `X-TAXII-Content-Type` names a message binding this side does not support (H-4).
    #[error(
        "message binding {found} is not supported (supported: {}) (H-4)",
        list(supported)
    )]
    UnsupportedMessageBinding {
        /// The binding the request uses.
        found: MessageBinding,
        /// The bindings supported.
        supported: Vec<MessageBinding>,
    },
    /// No binding in `X-TAXII-Accept` can be used for the response (H-3, HR-6).
    #[error(
        "none of the accepted message bindings ({}) can carry the response (supported: {}) (HR-6)",
        list(accepted),
        list(supported)
    )]
    NotAcceptable {
        /// The bindings the requester accepts.
        accepted: Vec<MessageBinding>,
        /// The bindings the response could use.
        supported: Vec<MessageBinding>,
    },
    /// `Accept` includes no media type of the response binding (H-1, HR-6).
    #[error(
        "Accept {accept:?} does not include {media_type}, the media type of the response (H-1)"
    )]
    MediaTypeNotAcceptable {
        /// The `Accept` value.
        accept: String,
        /// The media type of the response binding.
        media_type: String,
    },
    /// `X-TAXII-Protocol` names a protocol binding not supported here (H-5).
    #[error(
        "protocol binding {found} is not supported (supported: {}) (H-5)",
        list(supported)
    )]
    UnsupportedProtocol {
        /// The protocol binding named.
        found: ProtocolBinding,
        /// The protocol bindings supported on this transport.
        supported: Vec<ProtocolBinding>,
    },
    /// `X-TAXII-Protocol` does not agree with the transport actually used (H-5).
    #[error("protocol binding {found} does not agree with the transport used ({transport}) (H-5)")]
    ProtocolMismatch {
        /// The protocol binding named.
        found: ProtocolBinding,
        /// The transport used.
        transport: Transport,
        /// The protocol bindings supported on this transport.
        supported: Vec<ProtocolBinding>,
    },
    /// `X-TAXII-Services` names a services version not supported here (H-6).
    #[error(
        "services version {found} is not supported (supported: {}) (H-6)",
        list(supported)
    )]
    UnsupportedServices {
        /// The services version named.
        found: ServicesVersion,
        /// The services versions supported.
        supported: Vec<ServicesVersion>,
    },
    /// `X-TAXII-Services` and `X-TAXII-Content-Type` name different TAXII versions (H-6).
    #[error("services version {services} cannot be carried by message binding {binding} (H-6)")]
    ServicesMismatch {
        /// The services version named.
        services: ServicesVersion,
        /// The message binding named.
        binding: MessageBinding,
    },
    /// A media type (`Content-Type`, or a range of `Accept`) is not of type `application`
    /// (H-1 rule 1, H-2 rule 1).
    #[error("{header} media type {media_type} is not of type application ({rule})")]
    NotApplicationType {
        /// `Content-Type` or `Accept`.
        header: &'static str,
        /// The media type or range.
        media_type: String,
        /// H-1 or H-2.
        rule: &'static str,
    },
    /// A media subtype disagrees with the TAXII binding header (H-1 rule 3, H-2 rule 3).
    #[error("{header} subtype {subtype:?} does not agree with {bindings} ({rule})")]
    SubtypeDisagrees {
        /// `Content-Type` or `Accept`.
        header: &'static str,
        /// The subtype.
        subtype: String,
        /// The binding(s) it should agree with.
        bindings: String,
        /// H-1 or H-2.
        rule: &'static str,
    },
    /// The body is empty where a TAXII message is required (HR-1, HR-3).
    #[error("the body is empty; a TAXII message is required ({rule})")]
    EmptyBody {
        /// HR-1 (request) or HR-3 (response).
        rule: &'static str,
    },
    /// The body is larger than the configured cap (checked before decoding).
    #[error("body of {size} bytes exceeds the limit of {max} bytes")]
    BodyTooLarge {
        /// The size received (or declared).
        size: u64,
        /// The configured maximum.
        max: usize,
    },
    /// `Content-Length` disagrees with the body received (RFC 2616 §14.13).
    #[error("Content-Length declares {declared} bytes but the body has {actual}")]
    ContentLengthMismatch {
        /// The declared length.
        declared: u64,
        /// The actual length.
        actual: usize,
    },
    /// A `Content-Encoding` that cannot be decoded here.
    #[error("Content-Encoding {encoding:?} is not supported (supported: {supported})")]
    UnsupportedContentEncoding {
        /// The encoding named.
        encoding: String,
        /// The encodings supported.
        supported: &'static str,
    },
    /// A compressed body is corrupt, or expands past a limit.
    #[error("{encoding} body cannot be decoded: {reason}")]
    Decompression {
        /// The encoding.
        encoding: String,
        /// What went wrong (corrupt data, size or ratio limit).
        reason: String,
    },
    /// The body's message belongs to another binding than `X-TAXII-Content-Type` says (H-4).
    #[error("X-TAXII-Content-Type is {header} but the body is a {body} message (H-4)")]
    BodyBindingMismatch {
        /// The binding named by the header.
        header: MessageBinding,
        /// The binding of the decoded body.
        body: MessageBinding,
    },
    /// The body is not a valid TAXII message.
    #[error("the body is not a valid TAXII message: {0}")]
    Decode(DecodeError),
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    let v: Vec<String> = items.iter().map(|i| i.to_string()).collect();
    v.join(" ")
}

impl Error {
    /// The checklist row (or HTTP rule) this violation breaks.
    pub fn rule(&self) -> &'static str {
        match self {
            Error::MethodNotAllowed { .. } => "HR-1",
            Error::EmptyBody { rule } => rule,
            Error::MissingHeader { rule, .. } | Error::InvalidHeader { rule, .. } => rule,
            Error::NotApplicationType { rule, .. } | Error::SubtypeDisagrees { rule, .. } => rule,
            Error::UnsupportedMessageBinding { .. } | Error::BodyBindingMismatch { .. } => "H-4",
            Error::NotAcceptable { .. } => "HR-6",
            Error::MediaTypeNotAcceptable { .. } => "H-1",
            Error::UnsupportedProtocol { .. } | Error::ProtocolMismatch { .. } => "H-5",
            Error::UnsupportedServices { .. } | Error::ServicesMismatch { .. } => "H-6",
            Error::BodyTooLarge { .. } => "T2-6",
            Error::ContentLengthMismatch { .. } => "RFC 2616 §14.13",
            Error::UnsupportedContentEncoding { .. } => "T2-7",
            Error::Decompression { .. } => "RFC 2616 §3.5",
            Error::Decode(e) => e.rule().unwrap_or("HR-1"),
        }
    }

    /// The HTTP status a server should use for the answer: 200 with a Status Message
    /// (HR-4), except 405 for a method other than POST (HR-7, AMB-20).
    pub fn http_status(&self) -> StatusCode {
        match self {
            Error::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            _ => StatusCode::OK,
        }
    }

    /// The status details a Status Message answering this violation carries: the
    /// supported bindings for UNSUPPORTED_MESSAGE (ST-14), the supported protocols for
    /// UNSUPPORTED_PROTOCOL (ST-16).
    pub fn status_details(&self) -> Vec<(&'static str, String)> {
        let bindings = |v: &[MessageBinding]| {
            v.iter()
                .map(|b| (detail::SUPPORTED_BINDING, b.to_string()))
                .collect()
        };
        match self {
            Error::UnsupportedMessageBinding { supported, .. }
            | Error::NotAcceptable { supported, .. } => bindings(supported),
            Error::UnsupportedProtocol { supported, .. }
            | Error::ProtocolMismatch { supported, .. } => supported
                .iter()
                .map(|p| (detail::SUPPORTED_PROTOCOL, p.to_string()))
                .collect(),
            Error::UnsupportedServices { supported, .. } => {
                let v: Vec<MessageBinding> =
                    supported.iter().filter_map(|s| s.xml_binding()).collect();
                bindings(&v)
            }
            _ => Vec::new(),
        }
    }
}

/// The status a server should answer a request with that has this violation.
///
/// Media-type, binding and encoding problems are UNSUPPORTED_MESSAGE (the TAXII form of
/// HTTP 406/415, Table 2), protocol problems UNSUPPORTED_PROTOCOL, everything else that
/// makes the request unreadable BAD_MESSAGE (the TAXII form of 400/413, AMB-20).
impl From<&Error> for StatusType {
    fn from(e: &Error) -> StatusType {
        match e {
            Error::UnsupportedMessageBinding { .. }
            | Error::NotAcceptable { .. }
            | Error::MediaTypeNotAcceptable { .. }
            | Error::UnsupportedServices { .. }
            | Error::NotApplicationType { .. }
            | Error::SubtypeDisagrees { .. }
            | Error::UnsupportedContentEncoding { .. } => StatusType::UnsupportedMessage,
            Error::UnsupportedProtocol { .. } | Error::ProtocolMismatch { .. } => {
                StatusType::UnsupportedProtocol
            }
            Error::Decode(d) => StatusType::from(d),
            Error::MethodNotAllowed { .. }
            | Error::MissingHeader { .. }
            | Error::InvalidHeader { .. }
            | Error::ServicesMismatch { .. }
            | Error::EmptyBody { .. }
            | Error::BodyTooLarge { .. }
            | Error::ContentLengthMismatch { .. }
            | Error::Decompression { .. }
            | Error::BodyBindingMismatch { .. } => StatusType::BadMessage,
        }
    }
}

/// Why a request or response could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The service URL is not a valid absolute URI.
    #[error("invalid service URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The URL's scheme is neither `http` nor `https` (H-5).
    #[error("URL scheme {0:?} has no TAXII protocol binding (use http or https) (H-5)")]
    UnsupportedScheme(String),
    /// The message belongs to a TAXII version this crate cannot label.
    #[error("the message's TAXII version has no known message binding")]
    UnknownVersion,
    /// The answer is in another binding than the one negotiated for the request (HR-6).
    #[error("the answer uses {binding} but the request negotiated {negotiated} (HR-6)")]
    NotNegotiated {
        /// The answer's binding.
        binding: MessageBinding,
        /// The negotiated binding.
        negotiated: MessageBinding,
    },
    /// A header value cannot be represented in HTTP.
    #[error("header {header} cannot hold {value:?}")]
    InvalidHeaderValue {
        /// The header name.
        header: &'static str,
        /// The value.
        value: String,
    },
}
