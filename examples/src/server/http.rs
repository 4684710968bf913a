//! One HTTP request to one TAXII answer: routing, authentication, body limits, message
//! headers, decoding, the exchange, encoding and the exchange's log line.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use taxii_messages::v11::{self, Message as V11, ServiceType, StatusMessage};
use taxii_messages::{DecodeOptions, Limits, Message, MessageId, StatusType};

use super::auth::{parse_authorization, Credentials};
use super::exchange;
use super::state::{new_message_id, State};
use crate::config::Account;
use crate::wire::{self, Version};

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
    let Some(service) = state.service_at(&path) else {
        return plain(StatusCode::NOT_FOUND, "no TAXII service at this path\n");
    };
    if req.method() != Method::POST {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "TAXII services accept POST only\n",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    let https = state.config.tls.is_some();
    if let Some(b) = wire::announced_binding(req.headers()) {
        if Version::from_message_binding(b).is_none() {
            let st = StatusMessage::new(
                new_message_id(),
                MessageId::unknown(),
                StatusType::UnsupportedMessage,
            )
            .with_message(format!("message binding {b} is not supported"))
            .with_detail(v11::detail::SUPPORTED_BINDING, v11::MESSAGE_BINDING);
            return taxii(V11::from(st), https);
        }
    }
    let account = match authenticate(&state, &peer, req.headers()).await {
        Ok(a) => a,
        Err(why) => {
            tracing::info!(peer = ?peer.addr, %path, why, "unauthorized");
            let st = StatusMessage::new(
                new_message_id(),
                MessageId::unknown(),
                StatusType::Unauthorized,
            )
            .with_message(why);
            return taxii(V11::from(st), https);
        }
    };
    let limits = &state.config.limits;
    let body = Limited::new(req.into_body(), limits.max_body_bytes);
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
    let mut msg_limits = Limits::default();
    msg_limits.max_input_bytes = limits.max_body_bytes;
    let request = match taxii_messages::decode_with(body, &DecodeOptions::with_limits(msg_limits)) {
        Ok(Message::V11(m)) => m,
        Ok(other) => {
            let st = StatusMessage::new(
                new_message_id(),
                other.message_id().clone(),
                StatusType::UnsupportedMessage,
            )
            .with_message(format!(
                "{} is not a TAXII 1.1 message",
                other.root_element()
            ))
            .with_detail(v11::detail::SUPPORTED_BINDING, v11::MESSAGE_BINDING);
            return taxii(V11::from(st), https);
        }
        Err(e) => {
            tracing::info!(peer = ?peer.addr, %path, error = %e, "bad message");
            let st =
                StatusMessage::new(new_message_id(), MessageId::unknown(), StatusType::from(&e))
                    .with_message(e.to_string());
            return taxii(V11::from(st), https);
        }
    };
    let request_type = request.root_element();
    let user = account.as_ref().map(|a| a.username.clone());
    let answer = if service == ServiceType::Discovery {
        exchange::answer(&state, service, account.as_deref(), request)
    } else {
        let st = state.clone();
        match tokio::task::spawn_blocking(move || {
            exchange::answer(&st, service, account.as_deref(), request)
        })
        .await
        {
            Ok(a) => a,
            Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "the exchange failed\n"),
        }
    };
    let status = match &answer {
        V11::StatusMessage(s) => s.status_type.as_str().to_owned(),
        _ => "OK".to_owned(),
    };
    let resp = taxii(answer, https);
    tracing::info!(
        peer = ?peer.addr,
        user = user.as_deref().unwrap_or("-"),
        %path,
        request = request_type,
        status,
        in_bytes,
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "exchange"
    );
    resp
}

async fn authenticate(
    state: &Arc<State>,
    peer: &Peer,
    headers: &http::HeaderMap,
) -> Result<Option<Arc<Account>>, &'static str> {
    if state.accounts.is_open() {
        return Ok(None);
    }
    if let Some(fp) = peer.cert {
        if let Some(a) = state.accounts.authenticate(&Credentials::ClientCert(fp)) {
            return Ok(Some(a));
        }
    }
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or("authentication required")?
        .to_str()
        .map_err(|_| "unreadable Authorization header")?;
    let creds =
        parse_authorization(value).ok_or("unsupported or malformed Authorization header")?;
    if let Some(a) = state.accounts.authenticate_cached(&creds) {
        return Ok(Some(a));
    }
    let st = state.clone();
    tokio::task::spawn_blocking(move || st.accounts.authenticate(&creds))
        .await
        .ok()
        .flatten()
        .map(Some)
        .ok_or("bad credentials")
}

fn taxii(msg: V11, https: bool) -> Response<Full<Bytes>> {
    let mut body = Vec::with_capacity(1024);
    msg.encode_into(&mut body);
    let mut r = Response::new(Full::new(Bytes::from(body)));
    wire::add_message_headers(r.headers_mut(), Version::V11, https, false);
    r
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
