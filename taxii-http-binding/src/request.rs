//! TAXII requests (section 3): building one for a message, and reading one back with
//! every rule of sections 2 and 3 checked.

use bytes::Bytes;
use http::header::{HeaderValue, ACCEPT_ENCODING, AUTHORIZATION, CONTENT_LENGTH, USER_AGENT};
use http::{Method, Request, Uri};
use taxii_messages::{decode_with, Message};

use crate::auth::Credentials;
use crate::body::prepare_body;
use crate::error::{BuildError, Error};
use crate::headers::{AcceptBindings, TaxiiHeaders};
use crate::media::MediaType;
use crate::message::binding_of;
use crate::policy::ServerPolicy;
use crate::rejection::Rejection;
use crate::version::{MessageBinding, ProtocolBinding, ServicesVersion, Transport};

/// Options for building a request.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// `X-TAXII-Accept`; by default the message's own binding.
    pub accept: Option<AcceptBindings>,
    /// `Authorization`.
    pub credentials: Option<Credentials>,
    /// `User-Agent`.
    pub user_agent: Option<HeaderValue>,
    /// Send `Accept-Encoding: gzip, deflate` (only with the `compression` feature, which
    /// can decode such responses).
    pub accept_compressed: bool,
}

impl RequestOptions {
    /// Sets the credentials.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sets `X-TAXII-Accept`.
    pub fn with_accept(mut self, accept: AcceptBindings) -> Self {
        self.accept = Some(accept);
        self
    }
}

/// Builds the POST request that carries `message` to the service at `url` (HR-1): the
/// XML body and all TAXII headers, `X-TAXII-Protocol` agreeing with the URL's scheme (H-5),
/// `Accept` agreeing with `X-TAXII-Accept` (H-1).
pub fn request_for(
    message: &Message,
    url: &str,
    options: &RequestOptions,
) -> Result<Request<Bytes>, BuildError> {
    let uri: Uri = url
        .parse()
        .map_err(|e: http::uri::InvalidUri| BuildError::InvalidUrl {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    let scheme = uri.scheme_str().ok_or_else(|| BuildError::InvalidUrl {
        url: url.to_owned(),
        reason: "not absolute (no scheme)".into(),
    })?;
    let transport = Transport::from_scheme(scheme)
        .ok_or_else(|| BuildError::UnsupportedScheme(scheme.to_owned()))?;
    if uri.host().is_none() {
        return Err(BuildError::InvalidUrl {
            url: url.to_owned(),
            reason: "no host".into(),
        });
    }
    let binding = binding_of(message).ok_or(BuildError::UnknownVersion)?;
    let services = binding
        .services_version()
        .ok_or(BuildError::UnknownVersion)?;
    let mut headers =
        TaxiiHeaders::for_message(binding.clone(), services, transport.protocol_binding());
    let accept = options
        .accept
        .clone()
        .unwrap_or_else(|| AcceptBindings::one(binding));
    let mut subtypes: Vec<&str> = Vec::new();
    for s in accept.bindings().iter().filter_map(|b| b.media_subtype()) {
        if !subtypes.contains(&s) {
            subtypes.push(s);
        }
    }
    if !subtypes.is_empty() {
        headers.accept = Some(
            subtypes
                .iter()
                .map(|s| MediaType::new("application", s))
                .collect(),
        );
    }
    headers.x_taxii_accept = Some(accept);

    let mut body = Vec::new();
    message.encode_into(&mut body);
    let mut req = Request::new(Bytes::from(body));
    *req.method_mut() = Method::POST;
    *req.uri_mut() = uri;
    let len = HeaderValue::from(req.body().len());
    let map = req.headers_mut();
    headers.write_to(map);
    map.insert(CONTENT_LENGTH, len);
    let map = req.headers_mut();
    if let Some(c) = &options.credentials {
        let v = c
            .to_header_value()
            .map_err(|_| BuildError::InvalidHeaderValue {
                header: "Authorization",
                value: "<redacted>".into(),
            })?;
        map.insert(AUTHORIZATION, v);
    }
    if let Some(ua) = &options.user_agent {
        map.insert(USER_AGENT, ua.clone());
    }
    if options.accept_compressed && cfg!(feature = "compression") {
        map.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate"));
    }
    Ok(req)
}

/// A request accepted by [`read_request`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TaxiiRequest {
    /// The TAXII message in the body.
    pub message: Message,
    /// The request's TAXII headers.
    pub headers: TaxiiHeaders,
    /// The binding the response must use (negotiated from `X-TAXII-Accept`, HR-6).
    pub response_binding: MessageBinding,
    /// The protocol binding the response carries in `X-TAXII-Protocol` (H-5).
    pub protocol: ProtocolBinding,
}

impl TaxiiRequest {
    /// The 200 response carrying `answer` (HR-3, HR-4), labelled with this request's
    /// protocol binding; `answer` must be in the negotiated binding
    /// ([`TaxiiRequest::response_binding`], HR-6).
    pub fn respond(&self, answer: &Message) -> Result<http::Response<Bytes>, BuildError> {
        let binding = binding_of(answer).ok_or(BuildError::UnknownVersion)?;
        if binding != self.response_binding {
            return Err(BuildError::NotNegotiated {
                binding,
                negotiated: self.response_binding.clone(),
            });
        }
        crate::response::response_for(answer, &self.protocol)
    }
}

/// Reads a TAXII request, checking every rule of sections 2 and 3 in this order: method
/// (HR-1), header syntax, presence of X-TAXII-Content-Type / -Services / -Protocol
/// (H-4..H-6), supported binding, services version and protocol agreeing with the
/// transport, Content-Type and Accept (H-1, H-2), response negotiation (HR-6), body size,
/// Content-Length and encoding, and finally the message itself.
///
/// A [`Rejection`] says what is wrong and turns into the Status Message to answer with.
///
/// Leniencies (each seen from real peers, checklist §7.5): header names in any case
/// (`X-Taxii-*`, libtaxii); parameters on Content-Type and Accept (`charset=utf-8`);
/// `Connection`, `Proxy-Connection`, `Cache-Control` and other HTTP headers are not TAXII's
/// business and are ignored; `*/*` in Accept; URI query parameters are ignored (HR-2).
pub fn read_request(
    request: &Request<Bytes>,
    policy: &ServerPolicy,
) -> Result<TaxiiRequest, Rejection> {
    let mut services_hint = None;
    let result = check_request(request, policy, &mut services_hint);
    result.map_err(|error| {
        Rejection::reading(
            error,
            request.body(),
            request.headers(),
            policy,
            services_hint,
        )
    })
}

fn check_request(
    request: &Request<Bytes>,
    policy: &ServerPolicy,
    services_hint: &mut Option<ServicesVersion>,
) -> Result<TaxiiRequest, Error> {
    if request.method() != Method::POST {
        return Err(Error::MethodNotAllowed {
            method: request.method().to_string(),
        });
    }
    let headers = TaxiiHeaders::parse(request.headers())?;
    *services_hint = headers.x_taxii_services.clone();
    let binding = headers
        .x_taxii_content_type
        .clone()
        .ok_or(Error::MissingHeader {
            header: "X-TAXII-Content-Type",
            rule: "H-4",
        })?;
    let services = headers
        .x_taxii_services
        .clone()
        .ok_or(Error::MissingHeader {
            header: "X-TAXII-Services",
            rule: "H-6",
        })?;
    if !policy.bindings.contains(&binding) {
        return Err(Error::UnsupportedMessageBinding {
            found: binding,
            supported: policy.bindings.clone(),
        });
    }
    if !policy.services.contains(&services) {
        return Err(Error::UnsupportedServices {
            found: services,
            supported: policy.services.clone(),
        });
    }
    let transport = request
        .uri()
        .scheme_str()
        .and_then(Transport::from_scheme)
        .unwrap_or(policy.transport);
    let supported_protocols = policy.protocols(transport);
    let protocol = match &headers.x_taxii_protocol {
        Some(p) => {
            if !supported_protocols.contains(p) {
                return Err(match p.transport() {
                    Some(t) if t != transport => Error::ProtocolMismatch {
                        found: p.clone(),
                        transport,
                        supported: supported_protocols,
                    },
                    _ => Error::UnsupportedProtocol {
                        found: p.clone(),
                        supported: supported_protocols,
                    },
                });
            }
            p.clone()
        }
        None if policy.require_protocol_header => {
            return Err(Error::MissingHeader {
                header: "X-TAXII-Protocol",
                rule: "H-5",
            })
        }
        None => transport.protocol_binding(),
    };
    headers.check_agreement()?;
    let response_binding = negotiate(&headers, &binding, &services, policy)?;

    let body = prepare_body(request.headers(), request.body(), &policy.body)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyBody { rule: "HR-1" });
    }
    let message = decode_with(body, &policy.decode).map_err(Error::Decode)?;
    if let Some(found) = binding_of(&message) {
        if found != binding {
            return Err(Error::BodyBindingMismatch {
                header: binding,
                body: found,
            });
        }
    }
    Ok(TaxiiRequest {
        message,
        headers,
        response_binding,
        protocol,
    })
}

/// Chooses the binding of the response (HR-6): the first binding of `X-TAXII-Accept`
/// (every binding when absent, H-3) that carries the request's services version and that
/// the server supports, and whose media type `Accept` includes (H-1).
pub fn negotiate(
    headers: &TaxiiHeaders,
    request_binding: &MessageBinding,
    services: &ServicesVersion,
    policy: &ServerPolicy,
) -> Result<MessageBinding, Error> {
    let candidates: Vec<MessageBinding> = policy
        .bindings
        .iter()
        .filter(|b| b.services_version().is_none_or(|s| s == *services))
        .cloned()
        .collect();
    let chosen = match &headers.x_taxii_accept {
        Some(accept) => accept
            .choose(&candidates)
            .ok_or_else(|| Error::NotAcceptable {
                accepted: accept.bindings().to_vec(),
                supported: candidates.clone(),
            })?,
        None if candidates.contains(request_binding) => request_binding.clone(),
        None => candidates
            .first()
            .cloned()
            .ok_or_else(|| Error::NotAcceptable {
                accepted: Vec::new(),
                supported: policy.bindings.clone(),
            })?,
    };
    let media = MediaType::new("application", chosen.media_subtype().unwrap_or("xml"));
    if !headers.accepts_media_type(&media) {
        let accept = headers
            .accept
            .as_ref()
            .map(|a| {
                a.iter()
                    .map(|m| m.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        return Err(Error::MediaTypeNotAcceptable {
            accept,
            media_type: media.to_string(),
        });
    }
    Ok(chosen)
}
