//! One HTTP request to one TAXII answer: authentication, body size and time limits, then
//! the HTTP binding (`read_request`), the engine, and the binding again for the answer;
//! and the exchange's log line.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Either, Full, Limited};
use taxii_http_binding::{
    read_request, response_for, Credentials as HttpCredentials, ServicesVersion, X_TAXII_SERVICES,
};
use taxii_messages::{v10, v11, Message, MessageId, StatusType};
use taxii_services::http::ResponseBody;
use taxii_services::Identity;

use super::auth::Credentials;
use super::exchange_line::ExchangeFields;
use super::state::State;
use super::streamed::{OnEnd, Outgoing};

/// What the connection knows about the peer.
#[derive(Debug, Clone, Default)]
pub struct Peer {
    /// Remote address, for the log.
    pub addr: Option<std::net::SocketAddr>,
    /// SHA-256 fingerprint of the verified TLS client certificate.
    pub cert: Option<[u8; 32]>,
}

/// The body of every answer: whole bytes, or a streamed TAXII 1.0 Poll_Response.
pub type AnswerBody = Either<Full<Bytes>, Outgoing>;

/// Answers one HTTP request.
pub async fn handle<B>(state: Arc<State>, peer: Arc<Peer>, req: Request<B>) -> Response<AnswerBody>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let started = Instant::now();
    let path = req.uri().path().to_owned();
    if let Some(r) = super::ops::answer(&state, req.method(), &path).await {
        return r.map(Either::Left);
    }
    if super::login::is_login(&state, &path) {
        return super::login::handle(state, peer, req)
            .await
            .map(Either::Left);
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
    let (parts, body) = req.into_parts();
    let body = match read_body(&state, body).await {
        Ok(body) => body,
        Err(answer) => return answer,
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
            let r = state.engine.reject_http(rejection);
            if let Some((d, n)) = dump {
                d.write(n, "response", r.body().bytes());
            }
            return send(r);
        }
    };
    let exchange = Exchange {
        peer: peer.clone(),
        user: identity.clone(),
        path: path.clone(),
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
    let kept = state.answers.key(&path, &identity, &accepted);
    let inbox_blocks = inbox_blocks(&accepted.message);
    // The one server path: the library routes by message type and answers the message
    // by value (a TAXII 1.0 poll streamed from the store); the store runs its SQLite
    // work on the blocking pool.
    let Ok(outcome) = state
        .engine
        .answer_http(accepted, &address, &identity)
        .await
    else {
        return plain(StatusCode::NOT_FOUND, "no TAXII service at this path\n");
    };
    super::push_worker::enqueue(&state, outcome.deliveries).await;
    if let Some(backlog) = outcome.backlog {
        super::push_worker::enqueue_backlog(&state, backlog).await;
    }
    let status = outcome.answer.as_ref().map_or("", status_of).to_owned();
    let service = outcome.service.map(|s| s.to_string()).unwrap_or_default();
    state
        .metrics
        .exchange(&service, exchange.request, &status, started.elapsed());
    state.metrics.inbox_blocks(inbox_blocks);
    state.metrics.poll_blocks(outcome.blocks as usize);
    let (head, body) = outcome.response.into_parts();
    match body.into_whole() {
        Ok(bytes) => {
            if let Some((d, n)) = dump {
                d.write(n, "response", &bytes);
            }
            if let (Some(key), Some(answer)) = (kept, &outcome.answer) {
                state.answers.keep(key, answer, &head.headers, &bytes);
            }
            exchange.log(&status, bytes.len());
            Response::from_parts(head, Either::Left(Full::new(bytes)))
        }
        Err(streamed) => {
            let file = dump.and_then(|(d, n)| d.file(n, "response"));
            let on_end: OnEnd = Box::new(move |end| match end {
                Ok(sent) => exchange.log(&status, sent as usize),
                Err(e) => tracing::error!(
                    peer = ?exchange.peer.addr,
                    path = %exchange.path,
                    error = %e,
                    "answer cut short; response aborted"
                ),
            });
            let body = Outgoing::new(streamed, file, on_end);
            Response::from_parts(head, Either::Right(body))
        }
    }
}

/// The request body, read up to the size limit within the body timeout; else the plain
/// HTTP answer to send.
async fn read_body<B>(state: &State, body: B) -> Result<Bytes, Response<AnswerBody>>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let limits = &state.config.limits;
    let body = Limited::new(body, limits.max_body_bytes);
    let wait = Duration::from_secs(limits.body_timeout_secs);
    match tokio::time::timeout(wait, body.collect()).await {
        Err(_) => Err(plain(
            StatusCode::REQUEST_TIMEOUT,
            "request body not received in time\n",
        )),
        Ok(Err(e))
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            Err(plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request body over the size limit\n",
            ))
        }
        Ok(Err(_)) => Err(plain(
            StatusCode::BAD_REQUEST,
            "request body could not be read\n",
        )),
        Ok(Ok(b)) => Ok(b.to_bytes()),
    }
}

/// Content blocks an Inbox_Message carries (for the metrics).
fn inbox_blocks(m: &Message) -> usize {
    match m {
        Message::V11(v11::Message::InboxMessage(m)) => m.content_blocks.len(),
        Message::V10(v10::Message::InboxMessage(m)) => m.content_blocks.len(),
        _ => 0,
    }
}

/// What an exchange's log line says besides its outcome.
struct Exchange {
    peer: Arc<Peer>,
    user: Identity,
    path: String,
    request: &'static str,
    in_bytes: usize,
    started: Instant,
}

impl Exchange {
    /// Logs the exchange's one line.
    fn log(&self, status: &str, out_bytes: usize) {
        super::exchange_line::log(&ExchangeFields {
            peer: self.peer.addr,
            user: &self.user,
            path: &self.path,
            request: self.request,
            status,
            in_bytes: self.in_bytes,
            out_bytes,
            ms: self.started.elapsed().as_secs_f64() * 1000.0,
        });
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
    match check_password(state, peer, creds).await {
        Some(a) => Identity::user(a.username.clone()),
        None => Identity::Anonymous,
    }
}

/// The account `creds` authenticate: from the cache, else hashed off the executor on a
/// slot of the fair pool. Failures are counted per address and user; past the limit, or
/// with the address's queue full, the answer is "not authenticated" without hashing.
pub async fn check_password(
    state: &Arc<State>,
    peer: &Peer,
    creds: Credentials,
) -> Option<Arc<crate::config::Account>> {
    if let Some(a) = state.accounts.authenticate_cached(&creds) {
        return Some(a);
    }
    let ip = peer.addr.map(|a| a.ip());
    let user = match &creds {
        Credentials::Basic { username, .. } => username.clone(),
        _ => String::new(),
    };
    let failures = state.accounts.failures();
    if !failures.allowed(ip, &user, Instant::now()) {
        tracing::info!(peer = ?peer.addr, user, "password check refused: too many failures");
        return None;
    }
    // `authenticate` looks in the cache again first, so requests that queued behind the
    // hashing of their own password do not hash it again.
    let _slot = state.accounts.pool().acquire(ip).await.ok()?;
    let st = state.clone();
    let found = tokio::task::spawn_blocking(move || st.accounts.authenticate(&creds))
        .await
        .ok()
        .flatten();
    if found.is_none() {
        failures.failed(ip, &user, Instant::now());
    }
    found
}

/// UNAUTHORIZED, in the TAXII version the headers announce, answering message id `0`
/// (the body is not read).
fn unauthorized(state: &State, headers: &http::HeaderMap) -> Response<AnswerBody> {
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

fn full(r: Response<Bytes>) -> Response<AnswerBody> {
    r.map(|b| Either::Left(Full::new(b)))
}

/// A whole answer of the library (a binding rejection).
fn send(r: Response<ResponseBody>) -> Response<AnswerBody> {
    let (head, body) = r.into_parts();
    let bytes = body.into_whole().unwrap_or_default();
    Response::from_parts(head, Either::Left(Full::new(bytes)))
}

fn plain(status: StatusCode, text: &'static str) -> Response<AnswerBody> {
    let mut r = Response::new(Either::Left(Full::new(Bytes::from_static(text.as_bytes()))));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}
