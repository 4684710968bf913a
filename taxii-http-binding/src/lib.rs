//! The TAXII HTTP Protocol Binding 1.0 on the [`http`] crate, without a runtime.
//!
//! TAXII 1.0 and 1.1 messages travel as the body of HTTP POST requests and their responses;
//! six headers say what the body is (checklist §7.1). This crate builds and reads those
//! HTTP messages as `http::Request<Bytes>` / `http::Response<Bytes>`: the user's runtime
//! moves the bytes.
//!
//! - **Client**: [`request_for`] builds the request for a message; [`read_response`] reads
//!   the answer, and never fails: an answer without a TAXII message (a proxy's HTML page, an
//!   empty 200, a plain-text 500) becomes the equivalent Status Message (Table 2). TLS
//!   alerts map through [`TlsAlert`] (Table 3).
//! - **Server**: [`read_request`] checks every rule of sections 2 and 3 and gives the
//!   message and the negotiated response binding, or a [`Rejection`] that names the
//!   violation and turns into the Status Message to answer with
//!   ([`Rejection::into_response`]); [`response_for`] builds the answer.
//!
//! ```
//! use taxii_http_binding::{read_request, request_for, response_for, read_response};
//! use taxii_http_binding::{ClientPolicy, RequestOptions, ServerPolicy, Transport};
//! use taxii_messages::{v11, Message, MessageId};
//!
//! // Client side: a Discovery Request to a service URL.
//! let id = MessageId::new("1").unwrap();
//! let msg = Message::V11(v11::Message::DiscoveryRequest(v11::DiscoveryRequest::new(id.clone())));
//! let request = request_for(&msg, "https://taxii.example.com/taxii-discovery-service/",
//!                           &RequestOptions::default()).unwrap();
//! assert_eq!(request.headers()["x-taxii-protocol"], "urn:taxii.mitre.org:protocol:https:1.0");
//!
//! // Server side: read it back, answer.
//! let accepted = read_request(&request, &ServerPolicy::new(Transport::Https)).unwrap();
//! assert_eq!(accepted.message, msg);
//! let answer = v11::DiscoveryResponse::new(MessageId::new("2").unwrap(), id.clone());
//! let answer = Message::V11(v11::Message::DiscoveryResponse(answer));
//! let response = accepted.respond(&answer).unwrap(); // or response_for(&answer, &protocol)
//!
//! // Client side again.
//! assert_eq!(read_response(&response, &id, &ClientPolicy::default()), answer);
//! ```
//!
//! # Errors
//!
//! Each [`Error`] names the rule it breaks ([`Error::rule`], a checklist row such as
//! `H-5`), maps to the status a server answers with (`StatusType::from(&error)`), and
//! gives the status details that go with it (e.g. `SUPPORTED_PROTOCOL` values for
//! UNSUPPORTED_PROTOCOL).
//!
//! # Leniencies
//!
//! What real peers send (testdata/wire, checklist §7.5) is accepted, each case tested:
//!
//! - header names in any case (libtaxii sends `X-Taxii-Content-Type`);
//! - parameters on `Content-Type` / `Accept` (`charset=utf-8`), `+xml` subtypes;
//! - `Connection: close`, `Proxy-Connection`, `Cache-Control` and other HTTP headers are
//!   not the binding's business; URI query parameters are ignored (HR-2);
//! - `*/*` in `Accept`; IDs in `X-TAXII-Accept` separated by any whitespace or commas;
//! - `Content-Length` is not checked when `Transfer-Encoding` is present;
//! - raw deflate where zlib-wrapped deflate is due (`compression`);
//! - responses: `X-TAXII-Accept` is ignored (H-3), and a body announced by
//!   `X-TAXII-Content-Type` is read even without `X-TAXII-Services` / `X-TAXII-Protocol`;
//! - servers may waive `X-TAXII-Protocol` like OpenTAXII
//!   ([`ServerPolicy::require_protocol_header`], HI-3).
//!
//! # Limits
//!
//! [`BodyLimits`] caps the body before anything is decoded; compressed bodies are expanded
//! only up to a size and a ratio.
//!
//! # Features
//!
//! | feature | what |
//! | --- | --- |
//! | `compression` | gzip / deflate `Content-Encoding` (via `flate2`), bounded size and ratio |
//! | `rustls` | `From<rustls::AlertDescription> for TlsAlert` |
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod auth;
mod body;
mod error;
mod headers;
mod media;
mod message;
mod policy;
mod rejection;
mod request;
mod response;
mod table2;
mod tls;
mod version;

pub use auth::{AuthError, Credentials, Secret};
pub use body::{prepare_body, BodyLimits, SUPPORTED_ENCODINGS};
pub use error::{BuildError, Error};
pub use headers::{
    AcceptBindings, TaxiiHeaders, X_TAXII_ACCEPT, X_TAXII_CONTENT_TYPE, X_TAXII_PROTOCOL,
    X_TAXII_SERVICES,
};
pub use media::{MediaType, MediaTypeError};
pub use message::{binding_of, decodable_bindings};
pub use policy::{ClientPolicy, ServerPolicy};
pub use rejection::Rejection;
pub use request::{negotiate, read_request, request_for, RequestOptions, TaxiiRequest};
pub use response::{inspect_response, read_response, response_for, NotTaxii, ResponseReading};
pub use table2::{render_response, status_type_for_http};
pub use tls::TlsAlert;
#[allow(deprecated)]
pub use version::ContentBinding;
pub use version::{
    CapabilityModule, ContentBindingId, MessageBinding, ProtocolBinding, QueryFormat,
    ServicesVersion, Transport,
};
