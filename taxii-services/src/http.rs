//! The engine over the TAXII HTTP Protocol Binding 1.0 (feature `http`): an
//! `http::Request<Bytes>` in, an `http::Response<`[`ResponseBody`]`>` out, the runtime
//! moves the bytes.
//!
//! [`Engine::serve_http`] takes a whole request; a runtime that authenticates, caps or
//! logs on its own composes the same steps: [`Engine::address_at`] for the path,
//! `taxii_http_binding::read_request` (a violation answered with
//! [`Engine::reject_http`]), then [`Engine::answer_http`], which routes by message type
//! (EX-3), answers and encodes. Every path through this module ends in `answer_http`.
//!
//! A TAXII 1.0 poll is answered with a streamed body: the Poll_Response is encoded from
//! the store one page at a time ([`crate::PollStream`]), so memory stays bounded
//! whatever the collection size. Such a response has no `Content-Length`. Should the
//! store fail half way, the body ends with [`StreamFailed`] before the message's closing
//! tag: never a shorter answer that looks complete.

mod body;

use std::sync::Arc;

use bytes::Bytes;
use http::header::CONTENT_LENGTH;
use taxii_http_binding::{read_request, response_for, Rejection, ServerPolicy, TaxiiRequest};
use taxii_messages::{v10, v11, Message};

pub use body::{ResponseBody, StreamFailed};

use crate::config::ServiceId;
use crate::identity::Identity;
use crate::push::Delivery;
use crate::store::{Policy, Store};
use crate::{Answer, Backlog, Engine};

/// The HTTP answer and any deliveries the runtime must carry out.
#[derive(Debug)]
#[non_exhaustive]
pub struct HttpOutcome {
    /// The response to send.
    pub response: http::Response<ResponseBody>,
    /// Inbox messages to push (see [`Delivery`]).
    pub deliveries: Vec<Delivery>,
    /// What a resumed subscription owes, pushed after `deliveries` (see
    /// [`Engine::backlog_page`]).
    pub backlog: Option<Backlog>,
    /// The answer: the whole message, or a streamed Poll_Response's head (without its
    /// blocks); `None` when the request broke a binding rule (the response then carries
    /// the binding's Status Message).
    pub answer: Option<Message>,
    /// How many content blocks the answer carries, streamed ones included.
    pub blocks: u64,
    /// The service that answered; `None` when the request broke a binding rule.
    pub service: Option<ServiceId>,
}

/// The request's path is no TAXII service's address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no TAXII service at {path}")]
pub struct UnknownPath {
    /// The path asked for.
    pub path: String,
}

impl<S, P> Engine<S, P>
where
    S: Store + 'static,
    P: Policy + Send + Sync + 'static,
{
    /// Answers an HTTP request from `caller` (authenticated by the runtime): the path
    /// picks the address, the decoded message's type the service there (EX-3), decoding
    /// the body once. Every binding rule is checked first
    /// (`taxii_http_binding::read_request`): a violation is answered with its Status
    /// Message (or 405 for a method other than POST), including a request whose
    /// `X-TAXII-Accept` names no binding of its TAXII version (HR-6). A path that is no
    /// service's address is left to the caller ([`UnknownPath`], e.g. for a 404).
    pub async fn serve_http(
        self: &Arc<Self>,
        request: http::Request<Bytes>,
        caller: &Identity,
        policy: &ServerPolicy,
    ) -> Result<HttpOutcome, UnknownPath> {
        let path = request.uri().path();
        let address = self.address_at(path).ok_or_else(|| UnknownPath {
            path: path.to_owned(),
        })?;
        match read_request(&request, policy) {
            Ok(taxii) => self.answer_http(taxii, address, caller).await,
            Err(rejection) => Ok(HttpOutcome {
                response: self.reject_http(rejection),
                deliveries: Vec::new(),
                backlog: None,
                answer: None,
                blocks: 0,
                service: None,
            }),
        }
    }

    /// The advertised address of the services whose path is `path` (`https://host/taxii`
    /// for `/taxii`; a trailing `/` does not matter); `None` when no service is there.
    pub fn address_at(&self, path: &str) -> Option<&str> {
        let wanted = trim_path(path);
        self.config()
            .services
            .iter()
            .map(|s| s.contact.address.as_str())
            .find(|a| trim_path(path_of(a)) == wanted)
    }

    /// The response to a request that broke a binding rule: the rejection's Status
    /// Message with a digit-only id (valid in TAXII 1.0 and 1.1, G10-2).
    pub fn reject_http(&self, rejection: Rejection) -> http::Response<ResponseBody> {
        let id = self.next_message_id_v10();
        rejection.into_response(id).map(ResponseBody::from)
    }

    /// Answers an accepted request that arrived at `address` (as advertised) from
    /// `caller`: the message's type picks the service there (EX-3), the message is
    /// answered by value, and the answer is encoded in the negotiated binding, a TAXII
    /// 1.0 poll as a streamed body. `Err` when no service is at `address`.
    pub async fn answer_http(
        self: &Arc<Self>,
        request: TaxiiRequest,
        address: &str,
        caller: &Identity,
    ) -> Result<HttpOutcome, UnknownPath> {
        let service = self
            .route(address, &request.message)
            .cloned()
            .ok_or_else(|| UnknownPath {
                path: path_of(address).to_owned(),
            })?;
        let TaxiiRequest {
            message, protocol, ..
        } = request;
        // The binding crate negotiates within the request's TAXII version, so the answer
        // is in the negotiated binding.
        Ok(match self.answer(message, &service, caller).await {
            Answer::Whole(outcome) => {
                let blocks = blocks_in(&outcome.response);
                HttpOutcome {
                    response: whole(&outcome.response, &protocol),
                    deliveries: outcome.deliveries,
                    backlog: outcome.backlog,
                    answer: Some(outcome.response),
                    blocks,
                    service: Some(service),
                }
            }
            Answer::Poll10(stream) => {
                let head = Message::V10(stream.head().clone().into());
                let blocks = stream.block_count();
                let mut response = whole(&head, &protocol);
                response.headers_mut().remove(CONTENT_LENGTH);
                let body = ResponseBody::streamed(self.clone(), stream);
                HttpOutcome {
                    response: response.map(|_| body),
                    deliveries: Vec::new(),
                    backlog: None,
                    answer: Some(head),
                    blocks,
                    service: Some(service),
                }
            }
        })
    }
}

/// `answer` labelled for `protocol`; never an empty 200: an answer that cannot be
/// labelled is a server error.
fn whole(
    answer: &Message,
    protocol: &taxii_http_binding::ProtocolBinding,
) -> http::Response<ResponseBody> {
    match response_for(answer, protocol) {
        Ok(r) => r.map(ResponseBody::from),
        Err(_) => {
            let mut r = http::Response::new(ResponseBody::empty());
            *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
            r
        }
    }
}

/// The content blocks a Poll_Response carries.
fn blocks_in(m: &Message) -> u64 {
    match m {
        Message::V11(v11::Message::PollResponse(r)) => r.content_blocks.len() as u64,
        Message::V10(v10::Message::PollResponse(r)) => r.content_blocks.len() as u64,
        _ => 0,
    }
}

/// The path of an advertised address (`https://host/taxii?x` gives `/taxii`).
fn path_of(address: &str) -> &str {
    let path = match address.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => address,
    };
    path.split(['?', '#']).next().unwrap_or(path)
}

fn trim_path(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    }
}
