//! The engine over the TAXII HTTP Protocol Binding 1.0 (feature `http`): an
//! `http::Request<Bytes>` in, an `http::Response<Bytes>` out, the runtime moves the bytes.

use bytes::Bytes;
use taxii_http_binding::{read_request, response_for, ServerPolicy};

use crate::config::ServiceId;
use crate::identity::Identity;
use crate::push::Delivery;
use crate::store::{Policy, Store};
use crate::Engine;

/// The HTTP answer and any deliveries the runtime must carry out.
#[derive(Debug)]
#[non_exhaustive]
pub struct HttpOutcome {
    /// The response to send.
    pub response: http::Response<Bytes>,
    /// Inbox messages to push (see [`Delivery`]).
    pub deliveries: Vec<Delivery>,
}

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    /// Answers an HTTP request that arrived at `service` from `caller` (authenticated by
    /// the runtime). Every binding rule is checked first (`taxii_http_binding::read_request`):
    /// a violation is answered with its Status Message (or 405 for a method other than
    /// POST), including a request whose `X-TAXII-Accept` names no binding of its TAXII
    /// version (HR-6).
    pub async fn serve_http(
        &self,
        request: &http::Request<Bytes>,
        service: &ServiceId,
        caller: &Identity,
        policy: &ServerPolicy,
    ) -> HttpOutcome {
        let taxii = match read_request(request, policy) {
            Ok(t) => t,
            Err(rejection) => {
                // digit-only ids are valid in both versions (MID-3)
                let id = self.next_message_id_v10();
                return HttpOutcome {
                    response: rejection.into_response(id),
                    deliveries: Vec::new(),
                };
            }
        };
        let outcome = self.handle(&taxii.message, service, caller).await;
        // The binding crate negotiates within the request's TAXII version, so the answer
        // is already in the negotiated binding; should it not be, it goes as it is.
        let response = taxii
            .respond(&outcome.response)
            .or_else(|_| response_for(&outcome.response, &taxii.protocol))
            .unwrap_or_else(|_| {
                // Never an empty 200: an answer that cannot be labelled is a server error.
                let mut r = http::Response::new(Bytes::new());
                *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
                r
            });
        HttpOutcome {
            response,
            deliveries: outcome.deliveries,
        }
    }
}
