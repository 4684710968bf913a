//! TAXII responses (section 4): building one for a message, and reading one back, where
//! an answer without a TAXII message becomes the equivalent Status Message (section 5.1).

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_LENGTH};
use http::{Response, StatusCode};
use taxii_messages::{decode_with, Message, MessageId};

use crate::body::prepare_body;
use crate::error::{BuildError, Error};
use crate::headers::TaxiiHeaders;
use crate::message::{as_status, binding_of, status_message};
use crate::policy::ClientPolicy;
use crate::table2::{render_response, status_type_for_http};
use crate::version::ProtocolBinding;

/// Builds the 200 response that carries `message` (HR-3), with `Content-Type`,
/// `X-TAXII-Content-Type`, `X-TAXII-Services` and `X-TAXII-Protocol` = `protocol` (H-2, H-4..H-6).
pub fn response_for(
    message: &Message,
    protocol: &ProtocolBinding,
) -> Result<Response<Bytes>, BuildError> {
    let binding = binding_of(message).ok_or(BuildError::UnknownVersion)?;
    let services = binding
        .services_version()
        .ok_or(BuildError::UnknownVersion)?;
    let mut body = Vec::new();
    message.encode_into(&mut body);
    let mut response = Response::new(Bytes::from(body));
    TaxiiHeaders::for_message(binding, services, protocol.clone()).write_to(response.headers_mut());
    let len = HeaderValue::from(response.body().len());
    response.headers_mut().insert(CONTENT_LENGTH, len);
    Ok(response)
}

/// Why a response was read as a Status Message made from the HTTP answer (section 5.1).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum NotTaxii {
    /// No `X-TAXII-Content-Type`: the body holds no TAXII message (H-4).
    NoTaxiiMessage,
    /// The answer breaks the binding (bad headers, body limits or encoding, empty body).
    Binding(Error),
    /// A non-200 answer whose body is a TAXII message but not a Status Message (HR-5).
    UnexpectedMessage,
}

/// A response as read by [`inspect_response`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ResponseReading {
    /// The TAXII message: the body's, or the Status Message equivalent to the answer.
    pub message: Message,
    /// Why the message was made from the HTTP answer; `None` when it is the body's.
    pub not_taxii: Option<NotTaxii>,
    /// The response's TAXII headers, when they could be read.
    pub headers: Option<TaxiiHeaders>,
}

/// Reads a response to the request whose message id is `request_id`. Never fails: an
/// answer without a (valid) TAXII message is the Status Message of Table 2 (section 5.1).
pub fn read_response(
    response: &Response<Bytes>,
    request_id: &MessageId,
    policy: &ClientPolicy,
) -> Message {
    inspect_response(response, request_id, policy).message
}

/// Like [`read_response`], also telling why the message was made from the HTTP answer.
///
/// A 200 answer carries the TAXII message of its body (HR-3). A non-200 answer may carry a
/// Status Message for detail (HR-5), which is then the result. Everything else (no
/// `X-TAXII-Content-Type`, an HTML error page from a proxy, an empty 200, a body that does
/// not decode) becomes a Status Message whose type comes from the HTTP status code
/// (Table 2: 200 and other codes give FAILURE, AMB-21) and whose text is the HTTP response.
///
/// Leniencies: `X-TAXII-Accept` in a response is ignored (H-3); a response with
/// `X-TAXII-Content-Type` but without `X-TAXII-Services` or `X-TAXII-Protocol` is still
/// decoded (both are implied by the binding); header case, `charset` parameters and
/// `Connection: close` are accepted.
pub fn inspect_response(
    response: &Response<Bytes>,
    request_id: &MessageId,
    policy: &ClientPolicy,
) -> ResponseReading {
    let headers = TaxiiHeaders::parse(response.headers());
    let outcome = match &headers {
        Err(e) => Err(NotTaxii::Binding(e.clone())),
        Ok(h) => taxii_body(response, h, policy),
    };
    let headers = headers.ok();
    match outcome {
        Ok(message) => ResponseReading {
            message,
            not_taxii: None,
            headers,
        },
        Err(reason) => {
            let text = render_response(response, policy.max_echo_bytes);
            let message = status_message(
                &policy.services,
                MessageId::unknown(),
                request_id.clone(),
                status_type_for_http(response.status()),
                &[],
                Some(text),
            );
            ResponseReading {
                message,
                not_taxii: Some(reason),
                headers,
            }
        }
    }
}

fn taxii_body(
    response: &Response<Bytes>,
    headers: &TaxiiHeaders,
    policy: &ClientPolicy,
) -> Result<Message, NotTaxii> {
    if !headers.declares_taxii_message() {
        return Err(NotTaxii::NoTaxiiMessage);
    }
    let body = prepare_body(response.headers(), response.body(), &policy.body)
        .map_err(NotTaxii::Binding)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(NotTaxii::Binding(Error::EmptyBody { rule: "HR-3" }));
    }
    let message =
        decode_with(body, &policy.decode).map_err(|e| NotTaxii::Binding(Error::Decode(e)))?;
    if let (Some(found), Some(declared)) = (binding_of(&message), &headers.x_taxii_content_type) {
        if found != *declared {
            return Err(NotTaxii::Binding(Error::BodyBindingMismatch {
                header: declared.clone(),
                body: found,
            }));
        }
    }
    if response.status() != StatusCode::OK && as_status(&message).is_none() {
        return Err(NotTaxii::UnexpectedMessage);
    }
    Ok(message)
}
