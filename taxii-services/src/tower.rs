//! The engine as a [`tower_service::Service`] (feature `tower`), for hyper, axum and any
//! tower stack: an `http::Request<B>` with any [`http_body::Body`] in, a TAXII answer out.
//!
//! [`TaxiiService`] serves every service of the engine's [`ServerConfig`] at the paths of
//! their advertised addresses; several services may share one address, and the decoded
//! message's type picks the service (EX-3), decoding each body once. The body is read up
//! to [`BodyLimits::max_body_bytes`](taxii_http_binding::BodyLimits): a larger one is
//! answered with the binding's Status Message (T2-6) without reading the rest. A path
//! that is no service's is not answered as TAXII: [`TaxiiService::serve`] gives
//! [`UnknownPath`] so a gateway can route it elsewhere, and the `Service` impl answers
//! 404 with [`UnknownPath`] in the response extensions. Requests are answered by
//! [`Engine::answer_http`](crate::Engine::answer_http), as with `serve_http`: a TAXII 1.0
//! poll's [`ResponseBody`] is encoded from the store one page per frame (no
//! `Content-Length`) and ends with [`StreamFailed`] if the store fails half way.
//!
//! This feature exposes types of `tower-service` 0.3 and `http-body` 1.x in the public
//! API (the `Service` and `Body` traits); `tower-service` is not yet 1.0.
//!
//! ```
//! use taxii_http_binding::{ServerPolicy, Transport};
//! use taxii_messages::{v11::ServiceType, SequentialGenerator, Uri};
//! use taxii_services::config::{ServerConfig, ServiceDefinition};
//! use taxii_services::memory::{AllowAll, MemoryStore};
//! use taxii_services::store::CollectionDefinition;
//! use taxii_services::tower::TaxiiService;
//! use taxii_services::{Engine, SystemClock};
//!
//! let config = ServerConfig::new(vec![
//!     ServiceDefinition::new("discovery", ServiceType::Discovery, "https://example.org/taxii"),
//!     ServiceDefinition::new("poll", ServiceType::Poll, "https://example.org/taxii"),
//! ]);
//! let store = MemoryStore::new()
//!     .with_collection(CollectionDefinition::feed(Uri::from_static("default"), "All"));
//! let engine = Engine::new(config, store, AllowAll, SystemClock, SequentialGenerator::starting_at(1));
//! let service = TaxiiService::new(engine, ServerPolicy::new(Transport::Https));
//! assert!(service.serves("/taxii"));
//! assert!(!service.serves("/other"));
//! ```
//!
//! [`ServerConfig`]: crate::config::ServerConfig

use std::convert::Infallible;
use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use http::header::CONTENT_LENGTH;
use http::{Request, Response, StatusCode};
use http_body::Body;
use taxii_http_binding::{read_request, Rejection, ServerPolicy};

pub use crate::http::{ResponseBody, StreamFailed, UnknownPath};

use crate::identity::Identity;
use crate::push::Delivery;
use crate::store::{Policy, Store};
use crate::Engine;

type Identify = dyn Fn(&http::request::Parts) -> Identity + Send + Sync;
type Deliver = dyn Fn(Vec<Delivery>) + Send + Sync;

/// A TAXII server as a `tower_service::Service<http::Request<B>>`; cheap to clone (the
/// engine is shared).
pub struct TaxiiService<S, P> {
    engine: Arc<Engine<S, P>>,
    policy: Arc<ServerPolicy>,
    identify: Arc<Identify>,
    deliver: Arc<Deliver>,
}

impl<S, P> Clone for TaxiiService<S, P> {
    fn clone(&self) -> Self {
        TaxiiService {
            engine: self.engine.clone(),
            policy: self.policy.clone(),
            identify: self.identify.clone(),
            deliver: self.deliver.clone(),
        }
    }
}

impl<S, P> fmt::Debug for TaxiiService<S, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaxiiService")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl<S: Store + 'static, P: Policy + Send + Sync + 'static> TaxiiService<S, P> {
    /// Serves `engine` under the binding rules of `policy`. Every caller is
    /// [`Identity::Anonymous`] and push deliveries are dropped until
    /// [`TaxiiService::with_identity`] and [`TaxiiService::with_deliveries`] say otherwise.
    pub fn new(engine: Engine<S, P>, policy: ServerPolicy) -> Self {
        TaxiiService::shared(Arc::new(engine), policy)
    }

    /// [`TaxiiService::new`] over an engine shared with other parts of the program.
    pub fn shared(engine: Arc<Engine<S, P>>, policy: ServerPolicy) -> Self {
        TaxiiService {
            engine,
            policy: Arc::new(policy),
            identify: Arc::new(|_: &http::request::Parts| Identity::Anonymous),
            deliver: Arc::new(|_: Vec<Delivery>| {}),
        }
    }

    /// Who is calling, from the request head (e.g. its `Authorization` header read with
    /// `taxii_http_binding::Credentials`, or a client certificate put in the extensions
    /// by the TLS layer).
    pub fn with_identity(
        mut self,
        identify: impl Fn(&http::request::Parts) -> Identity + Send + Sync + 'static,
    ) -> Self {
        self.identify = Arc::new(identify);
        self
    }

    /// Where push deliveries go (inbox content for push subscriptions, asynchronous poll
    /// results): typically a queue a worker sends from with `crate::push::check_ip`.
    /// A resumed subscription's backlog comes one page per call; a store failure while
    /// reading it ends it there.
    pub fn with_deliveries(
        mut self,
        deliver: impl Fn(Vec<Delivery>) + Send + Sync + 'static,
    ) -> Self {
        self.deliver = Arc::new(deliver);
        self
    }

    /// The engine.
    pub fn engine(&self) -> &Engine<S, P> {
        &self.engine
    }

    /// Whether some service listens at `path`.
    pub fn serves(&self, path: &str) -> bool {
        self.engine.address_at(path).is_some()
    }

    /// Answers one request: `Err` when its path is no service's, else the TAXII answer
    /// (a Status Message for any binding violation, including a body over the cap).
    pub async fn serve<B: Body>(
        &self,
        request: Request<B>,
    ) -> Result<Response<ResponseBody>, UnknownPath> {
        let Some(address) = self.engine.address_at(request.uri().path()) else {
            return Err(UnknownPath {
                path: request.uri().path().to_owned(),
            });
        };
        let (parts, body) = request.into_parts();
        let max = self.policy.body.max_body_bytes;
        let declared = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        let body = match declared {
            Some(size) if size > max as u64 => Err(Read::TooLarge(size)),
            _ => read_capped(body, max).await,
        };
        let body = match body {
            Ok(body) => body,
            Err(Read::TooLarge(size)) => {
                let rejection = Rejection::body_too_large(size, max, &parts.headers, &self.policy);
                return Ok(self.engine.reject_http(rejection));
            }
            Err(Read::Failed) => {
                let mut response = Response::new(ResponseBody::empty());
                *response.status_mut() = StatusCode::BAD_REQUEST;
                return Ok(response);
            }
        };
        let caller = (self.identify)(&parts);
        let request = Request::from_parts(parts, body);
        let taxii = match read_request(&request, &self.policy) {
            Ok(taxii) => taxii,
            Err(rejection) => return Ok(self.engine.reject_http(rejection)),
        };
        let outcome = self.engine.answer_http(taxii, address, &caller).await?;
        if !outcome.deliveries.is_empty() {
            (self.deliver)(outcome.deliveries);
        }
        if let Some(mut backlog) = outcome.backlog {
            while let Ok(Some(delivery)) = self.engine.backlog_page(&mut backlog).await {
                (self.deliver)(vec![delivery]);
            }
        }
        Ok(outcome.response)
    }
}

impl<S, P, B> tower_service::Service<Request<B>> for TaxiiService<S, P>
where
    S: Store + Send + Sync + 'static,
    P: Policy + Send + Sync + 'static,
    B: Body + Send + 'static,
    B::Data: Send,
{
    type Response = Response<ResponseBody>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    /// Answers the request; an unknown path gets 404 with [`UnknownPath`] in the
    /// response's extensions.
    fn call(&mut self, request: Request<B>) -> Self::Future {
        let this = self.clone();
        Box::pin(async move {
            Ok(this.serve(request).await.unwrap_or_else(|unknown| {
                let mut response = Response::new(ResponseBody::empty());
                *response.status_mut() = StatusCode::NOT_FOUND;
                response.extensions_mut().insert(unknown);
                response
            }))
        })
    }
}

enum Read {
    TooLarge(u64),
    Failed,
}

/// The whole body, or how much it had when it passed `max` bytes.
async fn read_capped<B: Body>(body: B, max: usize) -> Result<Bytes, Read> {
    let mut body = pin!(body);
    let mut buf = BytesMut::new();
    while let Some(frame) = poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let Ok(data) = frame.map_err(|_| Read::Failed)?.into_data() else {
            continue; // trailers
        };
        let size = buf.len() as u64 + data.remaining() as u64;
        if size > max as u64 {
            return Err(Read::TooLarge(size));
        }
        let mut data = data;
        while data.has_remaining() {
            let n = data.chunk().len();
            buf.extend_from_slice(data.chunk());
            data.advance(n);
        }
    }
    Ok(buf.freeze())
}
