//! A refused request, and the Status Message a server answers it with (HR-4, HR-5).

use bytes::Bytes;
use http::header::{HeaderMap, HeaderValue, ALLOW};
use taxii_messages::{decode_with, Message, MessageId, StatusType};

use crate::body::prepare_body;
use crate::error::Error;
use crate::headers::TaxiiHeaders;
use crate::message::status_message;
use crate::policy::ServerPolicy;
use crate::response::response_for;
use crate::version::{ProtocolBinding, ServicesVersion};

/// Why [`crate::read_request`] refused a request, with what is needed to answer it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection(Box<Inner>);

#[derive(Debug, Clone, PartialEq)]
struct Inner {
    error: Error,
    in_response_to: MessageId,
    services: ServicesVersion,
    protocol: ProtocolBinding,
}

impl Rejection {
    /// A rejection of a request nothing is known about: answered in the policy's first
    /// services version, `in_response_to="0"` (E-11).
    pub fn new(error: Error, policy: &ServerPolicy) -> Rejection {
        Rejection::from_parts(error, MessageId::unknown(), None, policy)
    }

    /// A rejection of a request whose headers were read but whose body was not (for
    /// instance [`Error::BodyTooLarge`] found while reading it): answered in the TAXII
    /// version its `X-TAXII-Services` header names when the policy supports it.
    pub fn for_headers(error: Error, headers: &HeaderMap, policy: &ServerPolicy) -> Rejection {
        let services = TaxiiHeaders::parse(headers)
            .ok()
            .and_then(|h| h.x_taxii_services);
        Rejection::from_parts(error, MessageId::unknown(), services, policy)
    }

    /// The rejection of a body larger than `max` bytes (`size` read or declared so far),
    /// T2-6, answered as [`Rejection::for_headers`] does.
    pub fn body_too_large(
        size: u64,
        max: usize,
        headers: &HeaderMap,
        policy: &ServerPolicy,
    ) -> Rejection {
        Rejection::for_headers(Error::BodyTooLarge { size, max }, headers, policy)
    }

    pub(crate) fn reading(
        error: Error,
        body: &Bytes,
        headers: &HeaderMap,
        policy: &ServerPolicy,
        services: Option<ServicesVersion>,
    ) -> Rejection {
        let in_response_to = recover_message_id(&error, body, headers, policy);
        Rejection::from_parts(error, in_response_to, services, policy)
    }

    fn from_parts(
        error: Error,
        in_response_to: MessageId,
        services: Option<ServicesVersion>,
        policy: &ServerPolicy,
    ) -> Rejection {
        // Answered in the request's own version, which its sender can decode, even when
        // the service does not speak it; a 1.0 answer carries digit ids only (G10-2).
        let services = services
            .or_else(|| policy.services.first().cloned())
            .unwrap_or(ServicesVersion::V11);
        let in_response_to = Some(in_response_to)
            .filter(|id| services != ServicesVersion::V10 || is_digits(id))
            .unwrap_or_else(MessageId::unknown);
        Rejection(Box::new(Inner {
            error,
            in_response_to,
            services,
            protocol: policy.transport.protocol_binding(),
        }))
    }

    /// What is wrong with the request.
    pub fn error(&self) -> &Error {
        &self.0.error
    }

    /// The status type to answer with.
    pub fn status_type(&self) -> StatusType {
        StatusType::from(&self.0.error)
    }

    /// The request's message id when it could be read, else `0` (E-11).
    pub fn in_response_to(&self) -> &MessageId {
        &self.0.in_response_to
    }

    /// The Status Message answering the request: the status type, its details (e.g. the
    /// supported protocols for UNSUPPORTED_PROTOCOL) and the violation as text, in the
    /// TAXII version of the request when supported.
    pub fn status_message(&self, message_id: MessageId) -> Message {
        status_message(
            &self.0.services,
            message_id,
            self.0.in_response_to.clone(),
            self.status_type(),
            &self.0.error.status_details(),
            Some(self.0.error.to_string()),
        )
    }

    /// The HTTP response answering the request: the Status Message with status 200
    /// (HR-4), or 405 with `Allow: POST` for a method other than POST (HR-7).
    pub fn into_response(self, message_id: MessageId) -> http::Response<Bytes> {
        let message = self.status_message(message_id);
        let mut response = match response_for(&message, &self.0.protocol) {
            Ok(r) => r,
            // status_message only makes messages response_for can label.
            Err(_) => http::Response::new(Bytes::new()),
        };
        *response.status_mut() = self.0.error.http_status();
        if matches!(self.0.error, Error::MethodNotAllowed { .. }) {
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("POST"));
        }
        response
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.error.fmt(f)
    }
}

impl std::error::Error for Rejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0.error)
    }
}

fn is_digits(id: &MessageId) -> bool {
    !id.as_str().is_empty() && id.as_str().bytes().all(|b| b.is_ascii_digit())
}

/// The message id of a refused request whose body still decodes (so the answer can say
/// which request it answers), else `0`.
fn recover_message_id(
    error: &Error,
    body: &Bytes,
    headers: &HeaderMap,
    policy: &ServerPolicy,
) -> MessageId {
    let hopeless = matches!(
        error,
        Error::Decode(_)
            | Error::EmptyBody { .. }
            | Error::BodyTooLarge { .. }
            | Error::Decompression { .. }
            | Error::UnsupportedContentEncoding { .. }
            | Error::MethodNotAllowed { .. }
    );
    if hopeless {
        return MessageId::unknown();
    }
    prepare_body(headers, body, &policy.body)
        .ok()
        .and_then(|b| decode_with(b, &policy.decode).ok())
        .map(|m| m.message_id().clone())
        .unwrap_or_else(MessageId::unknown)
}
