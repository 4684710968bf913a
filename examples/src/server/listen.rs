//! The listening socket: accepting connections under a limit, optional TLS, HTTP/1.1
//! with header and body timeouts, and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio_rustls::TlsAcceptor;

use super::http::{handle, Peer};
use super::per_ip::PerIp;
use super::state::State;
use super::tls;

/// A bound server, ready to run.
pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
    tls: Option<TlsAcceptor>,
}

/// Why the server could not start.
pub type StartError = Box<dyn std::error::Error + Send + Sync>;

impl Server {
    /// Checks the configuration, opens the store and binds the address.
    ///
    /// Refuses a non-loopback address when no account is configured.
    pub async fn bind(state: Arc<State>) -> Result<Server, StartError> {
        super::push_worker::spawn(&state);
        let addr = state.config.listen;
        if state.accounts.is_open() && !addr.ip().is_loopback() {
            return Err(format!(
                "refusing to listen on {addr} with no accounts: anyone could read and write; \
                 configure [[account]] entries or listen on 127.0.0.1"
            )
            .into());
        }
        let tls = match &state.config.tls {
            Some(t) => Some(tls::acceptor(t)?),
            None => None,
        };
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        Ok(Server {
            listener,
            state,
            tls,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound socket has an address")
    }

    /// Serves until `shutdown` completes, then lets open exchanges finish (up to the
    /// configured grace period) and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let limits = self.state.config.limits.clone();
        let slots = Arc::new(Semaphore::new(limits.max_connections));
        let per_ip = PerIp::new(limits.max_connections_per_ip);
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut conns = tokio::task::JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            let accepted = tokio::select! {
                _ = &mut shutdown => break,
                a = self.listener.accept() => a,
                Some(_) = conns.join_next(), if !conns.is_empty() => continue,
            };
            let (stream, addr) = match accepted {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let Some(ip_slot) = per_ip.try_take(addr.ip()) else {
                tracing::debug!(peer = %addr, "per-address connection limit reached; closing");
                drop(stream);
                continue;
            };
            let Ok(permit) = slots.clone().try_acquire_owned() else {
                tracing::warn!(peer = %addr, "connection limit reached; closing");
                drop(stream);
                continue;
            };
            let _ = stream.set_nodelay(true);
            let state = self.state.clone();
            let tls = self.tls.clone();
            let stop = stop_rx.clone();
            let header_timeout = Duration::from_secs(limits.header_timeout_secs);
            let open = state.metrics.connection();
            conns.spawn(async move {
                let _permit = (permit, ip_slot, open);
                match tls {
                    None => {
                        let peer = Peer {
                            addr: Some(addr),
                            cert: None,
                        };
                        serve(stream, state, peer, header_timeout, stop).await;
                    }
                    Some(acceptor) => {
                        let hs =
                            tokio::time::timeout(header_timeout, acceptor.accept(stream)).await;
                        match hs {
                            Ok(Ok(tls_stream)) => {
                                let cert = tls::peer_fingerprint(&tls_stream);
                                let peer = Peer {
                                    addr: Some(addr),
                                    cert,
                                };
                                serve(tls_stream, state, peer, header_timeout, stop).await;
                            }
                            Ok(Err(e)) => {
                                tracing::info!(peer = %addr, error = %e, "TLS handshake failed")
                            }
                            Err(_) => tracing::info!(peer = %addr, "TLS handshake timed out"),
                        }
                    }
                }
            });
        }
        drop(self.listener);
        let _ = stop_tx.send(true);
        let grace = Duration::from_secs(limits.shutdown_grace_secs);
        let drained =
            tokio::time::timeout(grace, async { while conns.join_next().await.is_some() {} }).await;
        if drained.is_err() {
            tracing::warn!(
                open = conns.len(),
                "grace period over; closing remaining connections"
            );
            conns.abort_all();
        }
        tracing::info!("server stopped");
    }
}

async fn serve<I>(
    io: I,
    state: Arc<State>,
    peer: Peer,
    header_timeout: Duration,
    mut stop: watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let peer = Arc::new(peer);
    let service = service_fn(move |req| {
        let state = state.clone();
        let peer = peer.clone();
        async move { Ok::<_, std::convert::Infallible>(handle(state, peer, req).await) }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(64 * 1024)
        .keep_alive(true)
        .serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        r = conn.as_mut() => {
            if let Err(e) = r {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        }
        _ = async { let _ = stop.wait_for(|s| *s).await; } => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
