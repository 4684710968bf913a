//! One HTTP request to one TAXII answer: authentication, body size and time limits, then
//! the HTTP binding (`read_request`), the engine, and the binding again for the answer;
//! and the exchange's log line.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use taxii_http_binding::{
    read_request, response_for, Credentials as HttpCredentials, ServicesVersion, X_TAXII_SERVICES,
};
use taxii_messages::{v10, v11, Message, MessageId, StatusType};
use taxii_services::Identity;

use super::auth::Credentials;
use super::state::State;

/// What the connection knows about the peer.
#[derive(Debug, Clone, Default)]
pub struct Peer {
    /// Remote address, for the log.
    pub addr: Option<std::net::SocketAddr>,
    /// SHA-256 fingerprint of the verified TLS client certificate.
    pub cert: Option<[u8; 32]>,
}

/// Answers one HTTP request.
pub async fn handle<B>(state: Arc<State>, peer: Arc<Peer>, req: Request<B>) -> Response<Full<Bytes>>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let started = Instant::now();
    let path = req.uri().path().to_owned();
    if let Some(r) = super::ops::answer(&state, req.method(), &path).await {
        return r;
    }
    let address = state.address_of(&path);
    if !state
        .engine
        .config()
        .services
        .iter()
        .any(|s| s.contact.address == address)
    {
        return plain(StatusCode::NOT_FOUND, "no TAXII service at this path\n");
    }
    let identity = authenticate(&state, &peer, req.headers()).await;
    if identity == Identity::Anonymous && !state.accounts.is_open() {
        // Decided from the headers: the body of an anonymous request is never read.
        tracing::info!(peer = ?peer.addr, %path, "unauthenticated; body not read");
        return unauthorized(&state, req.headers());
    }
    let limits = &state.config.limits;
    let (parts, body) = req.into_parts();
    let body = Limited::new(body, limits.max_body_bytes);
    let body = match tokio::time::timeout(
        Duration::from_secs(limits.body_timeout_secs),
        body.collect(),
    )
    .await
    {
        Err(_) => {
            return plain(
                StatusCode::REQUEST_TIMEOUT,
                "request body not received in time\n",
            )
        }
        Ok(Err(e)) => {
            return if e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                plain(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "request body over the size limit\n",
                )
            } else {
                plain(StatusCode::BAD_REQUEST, "request body could not be read\n")
            }
        }
        Ok(Ok(b)) => b.to_bytes(),
    };
    let in_bytes = body.len();
    let dump = state.dump.as_ref().map(|d| (d, d.next()));
    if let Some((d, n)) = dump {
        d.write(n, "request", &body);
    }
    let request = Request::from_parts(parts, body);
    let accepted = match read_request(&request, &state.http) {
        Ok(a) => a,
        Err(rejection) => {
            tracing::info!(peer = ?peer.addr, %path, error = %rejection.error(), status = %rejection.status_type().as_str(), "rejected");
            // Digit ids are valid in both versions: the answer may be a 1.0 one (G10-2).
            let r = rejection.into_response(state.engine.next_message_id_v10());
            if let Some((d, n)) = dump {
                d.write(n, "response", r.body());
            }
            return full(r);
        }
    };
    let Some(service) = state.engine.route(&address, &accepted.message).cloned() else {
        return plain(StatusCode::NOT_FOUND, "no TAXII service at this path\n");
    };
    let service_name = service.to_string();
    let exchange = Exchange {
        peer: &peer,
        user: &identity,
        path: &path,
        request: accepted.message.root_element(),
        in_bytes,
        started,
    };
    if let Some((r, root)) = state
        .answers
        .answer(&path, &identity, &accepted, &state.ids)
    {
        if let Some((d, n)) = dump {
            d.write(n, "response", r.body());
        }
        exchange.log(root, r.body().len());
        return full(r);
    }
    // The store runs its SQLite work on the blocking pool: awaited here directly.
    let outcome = state
        .engine
        .handle(&accepted.message, &service, &identity)
        .await;
    super::push_worker::enqueue(&state, outcome.deliveries).await;
    let resp = match accepted.respond(&outcome.response) {
        Ok(r) => {
            if let Some((d, n)) = dump {
                d.write(n, "response", r.body());
            }
            state
                .answers
                .keep(&path, &identity, &accepted, &outcome.response, &r);
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot build the answer");
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "cannot build the answer\n",
            );
        }
    };
    let status = status_of(&outcome.response);
    state
        .metrics
        .exchange(&service_name, exchange.request, status, started.elapsed());
    super::ops::count_blocks(&state.metrics, &accepted.message, &outcome.response);
    exchange.log(status, resp.body().len());
    full(resp)
}

/// What an exchange's log line says besides its outcome.
struct Exchange<'a> {
    peer: &'a Peer,
    user: &'a Identity,
    path: &'a str,
    request: &'static str,
    in_bytes: usize,
    started: Instant,
}

impl Exchange<'_> {
    /// Logs the exchange's one line.
    fn log(&self, status: &str, out_bytes: usize) {
        tracing::info!(
            peer = ?self.peer.addr,
            user = %self.user,
            path = %self.path,
            request = self.request,
            status,
            in_bytes = self.in_bytes,
            out_bytes,
            ms = self.started.elapsed().as_secs_f64() * 1000.0,
            "exchange"
        );
    }
}

fn status_of(m: &Message) -> &str {
    match m {
        Message::V11(v11::Message::StatusMessage(s)) => s.status_type.as_str(),
        Message::V10(v10::Message::StatusMessage(s)) => s.status_type.as_str(),
        other => other.root_element(),
    }
}

/// The caller's identity: a client certificate, else the Authorization header; anonymous
/// when neither authenticates (the engine's policy then answers UNAUTHORIZED).
async fn authenticate(state: &Arc<State>, peer: &Peer, headers: &http::HeaderMap) -> Identity {
    if state.accounts.is_open() {
        return Identity::Anonymous;
    }
    if let Some(fp) = peer.cert {
        if let Some(a) = state.accounts.authenticate(&Credentials::ClientCert(fp)) {
            return Identity::user(a.username.clone());
        }
    }
    let creds = match HttpCredentials::from_headers(headers) {
        Ok(Some(HttpCredentials::Basic { username, password })) => Credentials::Basic {
            username,
            password: password.expose().to_owned(),
        },
        Ok(Some(HttpCredentials::Bearer(token))) => Credentials::Bearer(token.expose().to_owned()),
        _ => return Identity::Anonymous,
    };
    if let Some(a) = state.accounts.authenticate_cached(&creds) {
        return Identity::user(a.username.clone());
    }
    // One hashing at a time; `authenticate` looks in the cache again first, so requests
    // that queued behind the hashing of their own password do not hash it again.
    let Ok(_permit) = state.password_checks.acquire().await else {
        return Identity::Anonymous;
    };
    let st = state.clone();
    match tokio::task::spawn_blocking(move || st.accounts.authenticate(&creds)).await {
        Ok(Some(a)) => Identity::user(a.username.clone()),
        _ => Identity::Anonymous,
    }
}

/// UNAUTHORIZED, in the TAXII version the headers announce, answering message id `0`
/// (the body is not read).
fn unauthorized(state: &State, headers: &http::HeaderMap) -> Response<Full<Bytes>> {
    let id = state.engine.next_message_id();
    let v10 = headers
        .get(X_TAXII_SERVICES)
        .is_some_and(|v| v.as_bytes() == ServicesVersion::V10.as_str().as_bytes());
    let text = "authentication required".to_owned();
    let message = if v10 {
        let mut s = v10::StatusMessage::new(id, MessageId::unknown(), StatusType::Unauthorized);
        s.message = Some(text);
        Message::V10(s.into())
    } else {
        let s = v11::StatusMessage::new(id, MessageId::unknown(), StatusType::Unauthorized);
        Message::V11(s.with_message(text).into())
    };
    match response_for(&message, &state.http.transport.protocol_binding()) {
        Ok(r) => full(r),
        Err(_) => plain(StatusCode::UNAUTHORIZED, "authentication required\n"),
    }
}

fn full(r: Response<Bytes>) -> Response<Full<Bytes>> {
    r.map(Full::new)
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}
