//! Sending one TAXII message over HTTP(S) and reading the answer: the client half of the
//! HTTP Protocol Binding, with TLS (CA bundle, client certificates) and Basic/Bearer auth.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use taxii_http_binding::{
    read_response, request_for, BodyLimits, ClientPolicy, Credentials as HttpCredentials,
    RequestOptions, ServicesVersion, TlsAlert,
};
use taxii_messages::v11::{self, StatusMessage};
use taxii_messages::{Message, MessageId, StatusType};
use tokio::net::TcpStream;

use crate::server::tls::{load_certs, load_key, root_store};

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
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            auth: Auth::None,
            ca_bundle: None,
            client_cert: None,
            timeout: Duration::from_secs(120),
            max_response_bytes: 512 * 1024 * 1024,
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
    /// The server ended the TLS handshake with an alert.
    #[error("{url}: TLS alert {alert}")]
    TlsAlert {
        /// The URL.
        url: String,
        /// The alert received.
        alert: TlsAlert,
    },
}

impl ClientError {
    /// The Status Message the HTTP binding maps a TLS alert to (Table 3), as the answer to
    /// `msg`; every other error stays an error.
    pub(super) fn into_answer(self, client: &Client, msg: &Message) -> Result<Message, Self> {
        match self {
            ClientError::TlsAlert { alert, .. } => {
                Ok(alert.status_message(&client.policy(msg).services, msg.message_id().clone()))
            }
            other => Err(other),
        }
    }
}

/// The alert inside a failed TLS handshake, if the server sent one.
fn received_alert(e: &std::io::Error) -> Option<TlsAlert> {
    match e.get_ref()?.downcast_ref::<rustls::Error>()? {
        rustls::Error::AlertReceived(description) => Some(TlsAlert::from(*description)),
        _ => None,
    }
}

/// A TAXII client for one set of options.
#[derive(Clone)]
pub struct Client {
    options: ClientOptions,
    tls: Arc<rustls::ClientConfig>,
    connect_to: Option<std::net::SocketAddr>,
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
            connect_to: None,
        })
    }

    /// This client, connecting to `addr` whatever the URL's host resolves to (the URL
    /// still gives the Host header and the TLS name).
    pub fn connecting_to(&self, addr: std::net::SocketAddr) -> Client {
        Client {
            connect_to: Some(addr),
            ..self.clone()
        }
    }

    /// The options in use.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Sends `msg` to `url` and returns the answer. A non-TAXII HTTP answer (an error
    /// page, a proxy's 407) comes back as the Status Message the HTTP binding maps it to.
    pub async fn exchange(&self, url: &str, msg: &Message) -> Result<Message, ClientError> {
        let fail = |why: String| ClientError::Transport {
            url: url.to_owned(),
            why,
        };
        match tokio::time::timeout(self.options.timeout, self.exchange_inner(url, msg)).await {
            Ok(r) => r,
            Err(_) => Err(fail(format!("no answer within {:?}", self.options.timeout))),
        }
    }

    /// [`Client::exchange`] for a TAXII 1.1 message expecting a TAXII 1.1 answer.
    pub async fn exchange11(
        &self,
        url: &str,
        msg: v11::Message,
    ) -> Result<v11::Message, ClientError> {
        match self.exchange(url, &Message::V11(msg)).await? {
            Message::V11(m) => Ok(m),
            other => Ok(synthetic(
                StatusType::BadMessage,
                format!("answer is not TAXII 1.1: {}", other.root_element()),
            )),
        }
    }

    async fn exchange_inner(&self, url: &str, msg: &Message) -> Result<Message, ClientError> {
        let response = match self.request(url, msg).await {
            Ok(response) => response,
            Err(e) => return e.into_answer(self, msg),
        };
        let response = self
            .collect(response)
            .await
            .map_err(|why| ClientError::Transport {
                url: url.to_owned(),
                why,
            })?;
        let answer = read_response(&response, msg.message_id(), &self.policy(msg));
        // Decoded permissively: spec rules the server broke are shown, not fatal.
        for d in answer.validate() {
            tracing::warn!(%url, "the answer breaks {d}");
        }
        Ok(answer)
    }

    /// How answers to `msg` are read.
    pub(super) fn policy(&self, msg: &Message) -> ClientPolicy {
        let mut policy = ClientPolicy::new(match msg {
            Message::V10(_) => ServicesVersion::V10,
            _ => ServicesVersion::V11,
        });
        policy.body = BodyLimits::with_max(self.options.max_response_bytes);
        policy.decode.limits.max_input_bytes = self.options.max_response_bytes;
        policy.decode.level = taxii_messages::DecodeLevel::Permissive;
        policy
    }

    /// Sends `msg` to `url` and returns the answer with its body still to be read.
    pub(super) async fn request(
        &self,
        url: &str,
        msg: &Message,
    ) -> Result<Response<Incoming>, ClientError> {
        let fail = |why: String| ClientError::Transport {
            url: url.to_owned(),
            why,
        };
        let mut options = RequestOptions::default();
        options.user_agent = Some(HeaderValue::from_static(concat!(
            "taxii-rs/",
            env!("CARGO_PKG_VERSION")
        )));
        options.credentials = match &self.options.auth {
            Auth::None => None,
            Auth::Basic { username, password } => {
                Some(HttpCredentials::basic(username.clone(), password.clone()))
            }
            Auth::Bearer(t) => Some(HttpCredentials::bearer(t.clone())),
        };
        let mut req =
            request_for(msg, url, &options).map_err(|e| ClientError::Setup(e.to_string()))?;
        let uri = req.uri().clone();
        let https = uri.scheme_str() == Some("https");
        let host = uri
            .host()
            .ok_or_else(|| ClientError::Setup(format!("URL {url} has no host")))?;
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let host_clean = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        // Origin-form request target plus Host, as HTTP/1.1 servers expect.
        let authority = uri
            .authority()
            .map_or(host.to_owned(), |a| a.as_str().to_owned());
        *req.uri_mut() = uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .parse()
            .map_err(|e: http::uri::InvalidUri| ClientError::Setup(e.to_string()))?;
        req.headers_mut().insert(
            header::HOST,
            HeaderValue::from_str(&authority).map_err(|e| ClientError::Setup(e.to_string()))?,
        );
        let req = req.map(Full::new);
        let tcp = match self.connect_to {
            Some(addr) => TcpStream::connect(addr).await,
            None => TcpStream::connect((host_clean.as_str(), port)).await,
        }
        .map_err(|e| fail(format!("cannot connect: {e}")))?;
        let _ = tcp.set_nodelay(true);
        if https {
            let name = ServerName::try_from(host_clean.clone())
                .map_err(|e| ClientError::Setup(format!("bad TLS name {host_clean}: {e}")))?;
            let tls = tokio_rustls::TlsConnector::from(self.tls.clone())
                .connect(name, tcp)
                .await
                .map_err(|e| match received_alert(&e) {
                    Some(alert) => ClientError::TlsAlert {
                        url: url.to_owned(),
                        alert,
                    },
                    None => fail(format!("TLS: {e}")),
                })?;
            self.send(TokioIo::new(tls), req).await.map_err(fail)
        } else {
            self.send(TokioIo::new(tcp), req).await.map_err(fail)
        }
    }

    /// Reads the whole body, up to the size limit.
    pub(super) async fn collect(
        &self,
        response: Response<Incoming>,
    ) -> Result<Response<Bytes>, String> {
        let (parts, body) = response.into_parts();
        let body = Limited::new(body, self.options.max_response_bytes)
            .collect()
            .await
            .map_err(|e| format!("reading the answer: {e}"))?
            .to_bytes();
        Ok(Response::from_parts(parts, body))
    }

    async fn send<I>(&self, io: I, req: Request<Full<Bytes>>) -> Result<Response<Incoming>, String>
    where
        I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    {
        let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        sender
            .send_request(req)
            .await
            .map_err(|e| format!("HTTP: {e}"))
    }
}

/// A Status Message made up by the client.
pub(super) fn synthetic(t: StatusType, message: String) -> v11::Message {
    StatusMessage::new(MessageId::unknown(), MessageId::unknown(), t)
        .with_message(message)
        .into()
}
