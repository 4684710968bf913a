//! Sending one TAXII message over HTTP(S) and reading the answer: the client half of the
//! HTTP Protocol Binding, with TLS (CA bundle, client certificates) and Basic/Bearer auth.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use http::{header, HeaderValue, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use taxii_messages::v11::{self, StatusMessage};
use taxii_messages::{DecodeOptions, Limits, Message, MessageId, StatusType};
use tokio::net::TcpStream;

use crate::server::tls::{load_certs, load_key, root_store};
use crate::wire::{self, Version};

/// How the client authenticates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    #[default]
    None,
    /// HTTP Basic.
    Basic {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
    /// HTTP Bearer token.
    Bearer(String),
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Credentials sent in the Authorization header.
    pub auth: Auth,
    /// PEM CA bundle trusted for HTTPS (default: the Mozilla roots).
    pub ca_bundle: Option<PathBuf>,
    /// PEM client certificate chain and key for client-certificate authentication.
    pub client_cert: Option<(PathBuf, PathBuf)>,
    /// Time allowed for one exchange.
    pub timeout: Duration,
    /// Largest answer accepted, in bytes.
    pub max_response_bytes: usize,
    /// The TAXII version spoken.
    pub version: Version,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            auth: Auth::None,
            ca_bundle: None,
            client_cert: None,
            timeout: Duration::from_secs(120),
            max_response_bytes: 512 * 1024 * 1024,
            version: Version::V11,
        }
    }
}

/// What went wrong below TAXII: the answer never arrived or was not a TAXII message.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Bad URL or settings.
    #[error("{0}")]
    Setup(String),
    /// Connecting, TLS or HTTP failed.
    #[error("{url}: {why}")]
    Transport {
        /// The URL.
        url: String,
        /// What happened.
        why: String,
    },
}

/// A TAXII client for one set of options.
#[derive(Clone)]
pub struct Client {
    options: ClientOptions,
    tls: Arc<rustls::ClientConfig>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("options", &self.options)
            .finish()
    }
}

impl Client {
    /// A client; reads the CA bundle and client certificate now.
    pub fn new(options: ClientOptions) -> Result<Client, ClientError> {
        let setup = |e: Box<dyn std::error::Error + Send + Sync>| ClientError::Setup(e.to_string());
        let roots = match &options.ca_bundle {
            Some(p) => root_store(p).map_err(setup)?,
            None => rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            },
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| ClientError::Setup(e.to_string()))?
            .with_root_certificates(roots);
        let mut config = match &options.client_cert {
            Some((cert, key)) => builder
                .with_client_auth_cert(
                    load_certs(cert).map_err(setup)?,
                    load_key(key).map_err(setup)?,
                )
                .map_err(|e| ClientError::Setup(e.to_string()))?,
            None => builder.with_no_client_auth(),
        };
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Client {
            options,
            tls: Arc::new(config),
        })
    }

    /// The options in use.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Sends `msg` to `url` and returns the answer. A non-TAXII HTTP answer (an error
    /// page, a proxy's 407) comes back as the Status Message its HTTP status maps to.
    pub async fn exchange(
        &self,
        url: &str,
        msg: &v11::Message,
    ) -> Result<v11::Message, ClientError> {
        let fail = |why: String| ClientError::Transport {
            url: url.to_owned(),
            why,
        };
        match tokio::time::timeout(self.options.timeout, self.exchange_inner(url, msg)).await {
            Ok(r) => r,
            Err(_) => Err(fail(format!("no answer within {:?}", self.options.timeout))),
        }
    }

    async fn exchange_inner(
        &self,
        url: &str,
        msg: &v11::Message,
    ) -> Result<v11::Message, ClientError> {
        let fail = |why: String| ClientError::Transport {
            url: url.to_owned(),
            why,
        };
        let uri: Uri = url
            .parse()
            .map_err(|e| ClientError::Setup(format!("bad URL {url}: {e}")))?;
        let https = match uri.scheme_str() {
            Some("http") => false,
            Some("https") => true,
            _ => {
                return Err(ClientError::Setup(format!(
                    "URL {url} is not http:// or https://"
                )))
            }
        };
        let host = uri
            .host()
            .ok_or_else(|| ClientError::Setup(format!("URL {url} has no host")))?;
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let host_clean = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let tcp = TcpStream::connect((host_clean.as_str(), port))
            .await
            .map_err(|e| fail(format!("cannot connect: {e}")))?;
        let _ = tcp.set_nodelay(true);
        let mut body = Vec::with_capacity(512);
        msg.encode_into(&mut body);
        let mut req = Request::post(uri.path_and_query().map_or("/", |p| p.as_str()))
            .header(header::HOST, uri.authority().map_or(host, |a| a.as_str()))
            .header(
                header::USER_AGENT,
                concat!("taxii-rs/", env!("CARGO_PKG_VERSION")),
            )
            .header(header::ACCEPT, "application/xml")
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| ClientError::Setup(e.to_string()))?;
        wire::add_message_headers(req.headers_mut(), self.options.version, https, true);
        match &self.options.auth {
            Auth::None => {}
            Auth::Basic { username, password } => {
                let b = base64::engine::general_purpose::STANDARD
                    .encode(format!("{username}:{password}"));
                let v = HeaderValue::from_str(&format!("Basic {b}"))
                    .map_err(|e| ClientError::Setup(e.to_string()))?;
                req.headers_mut().insert(header::AUTHORIZATION, v);
            }
            Auth::Bearer(t) => {
                let v = HeaderValue::from_str(&format!("Bearer {t}"))
                    .map_err(|e| ClientError::Setup(e.to_string()))?;
                req.headers_mut().insert(header::AUTHORIZATION, v);
            }
        }
        let (status, headers, bytes) = if https {
            let name = ServerName::try_from(host_clean.clone())
                .map_err(|e| ClientError::Setup(format!("bad TLS name {host_clean}: {e}")))?;
            let tls = tokio_rustls::TlsConnector::from(self.tls.clone())
                .connect(name, tcp)
                .await
                .map_err(|e| fail(format!("TLS: {e}")))?;
            self.send(TokioIo::new(tls), req).await.map_err(fail)?
        } else {
            self.send(TokioIo::new(tcp), req).await.map_err(fail)?
        };
        let announced = wire::announced_binding(&headers).map(str::to_owned);
        let is_xml = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("xml"));
        if status == StatusCode::OK && (announced.is_some() || is_xml) {
            let mut limits = Limits::default();
            limits.max_input_bytes = self.options.max_response_bytes;
            let mut options = DecodeOptions::lenient();
            options.limits = limits;
            match taxii_messages::decode_with(bytes.clone(), &options) {
                Ok(Message::V11(m)) => return Ok(m),
                Ok(other) => {
                    return Ok(synthetic(
                        StatusType::BadMessage,
                        format!("answer is not TAXII 1.1: {}", other.root_element()),
                    ))
                }
                Err(e) => {
                    return Ok(synthetic(
                        StatusType::BadMessage,
                        format!("answer is not a valid TAXII message: {e}"),
                    ))
                }
            }
        }
        Ok(synthetic(
            status_for(status),
            format!("HTTP {status}: {}", snippet(&bytes)),
        ))
    }

    async fn send<I>(
        &self,
        io: I,
        req: Request<Full<Bytes>>,
    ) -> Result<(StatusCode, http::HeaderMap, Bytes), String>
    where
        I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    {
        let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        let resp = sender
            .send_request(req)
            .await
            .map_err(|e| format!("HTTP: {e}"))?;
        let (parts, body) = resp.into_parts();
        let body = Limited::new(body, self.options.max_response_bytes)
            .collect()
            .await
            .map_err(|e| format!("reading the answer: {e}"))?
            .to_bytes();
        Ok((parts.status, parts.headers, body))
    }
}

/// The TAXII status an HTTP error status stands for (HTTP Protocol Binding, HB-*).
pub fn status_for(s: StatusCode) -> StatusType {
    match s.as_u16() {
        401 | 407 => StatusType::Unauthorized,
        403 => StatusType::Denied,
        404 => StatusType::NotFound,
        400 | 413 | 415 => StatusType::BadMessage,
        503 => StatusType::Retry,
        _ => StatusType::Failure,
    }
}

fn synthetic(t: StatusType, message: String) -> v11::Message {
    StatusMessage::new(MessageId::unknown(), MessageId::unknown(), t)
        .with_message(message)
        .into()
}

fn snippet(b: &[u8]) -> String {
    let text = String::from_utf8_lossy(&b[..b.len().min(200)]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
