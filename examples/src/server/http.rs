//! One HTTP request to one TAXII answer: authentication, body size and time limits, then
//! the HTTP binding (`read_request`), the engine, and the binding again for the answer;
//! and the exchange's log line.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body::Body as _;
use http_body_util::{BodyExt, Full, Limited};
use taxii_http_binding::{read_request, Credentials as HttpCredentials};
use taxii_messages::{v10, v11, Message};
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
    if super::login::is_login(&state, &path) {
        return super::login::handle(state, peer, req).await;
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
    let request_type = accepted.message.root_element();
    let user = identity.to_string();
    // The store runs its SQLite work on the blocking pool: awaited here directly.
    let outcome = state
        .engine
        .handle(&accepted.message, &service, &identity)
        .await;
    super::push::spawn(outcome.deliveries, &state.config.push);
    let status = status_of(&outcome.response);
    let resp = match accepted.respond(&outcome.response) {
        Ok(r) => {
            if let Some((d, n)) = dump {
                d.write(n, "response", r.body());
            }
            full(r)
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot build the answer");
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "cannot build the answer\n",
            );
        }
    };
    tracing::info!(
        peer = ?peer.addr,
        user,
        %path,
        request = request_type,
        status,
        in_bytes,
        out_bytes = resp.body().size_hint().exact().unwrap_or(0),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "exchange"
    );
    resp
}

fn status_of(m: &Message) -> String {
    match m {
        Message::V11(v11::Message::StatusMessage(s)) => s.status_type.as_str().to_owned(),
        Message::V10(v10::Message::StatusMessage(s)) => s.status_type.as_str().to_owned(),
        other => other.root_element().to_owned(),
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
