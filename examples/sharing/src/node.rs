//! One participant's `taxii serve`, run in-process on an ephemeral 127.0.0.1 port.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use taxii::config::{Collection, Config};
use taxii::server::{Server, State};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// A running server and how to stop it.
#[derive(Debug)]
pub struct Node {
    name: String,
    addr: SocketAddr,
    state: Arc<State>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// A loopback configuration keeping its data in `data`, serving `collections`, with
/// short timeouts.
pub fn config(data: &Path, collections: &[&str]) -> Config {
    let mut c = Config {
        data: data.to_owned(),
        collections: collections.iter().map(|n| Collection::named(n)).collect(),
        ..Config::default()
    };
    c.limits.header_timeout_secs = 5;
    c.limits.body_timeout_secs = 5;
    c.limits.shutdown_grace_secs = 2;
    c
}

impl Node {
    /// Starts `config` on a free 127.0.0.1 port, advertising that port. Blocks on `rt`:
    /// call it from outside the runtime's worker threads.
    pub fn start(rt: &Handle, name: &str, config: Config) -> Result<Node, Error> {
        // The port is chosen before the server binds it (its services advertise it), so
        // another process may take it in between: try a few ports.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let probe = std::net::TcpListener::bind(("127.0.0.1", 0))?;
            let addr = probe.local_addr()?;
            drop(probe);
            match Node::start_at(rt, name, config.clone(), addr) {
                Err(e) if attempt < 3 && e.to_string().starts_with("cannot listen") => continue,
                other => return other,
            }
        }
    }

    /// Starts `config` listening on (and advertising) `addr`. Blocks on `rt`.
    pub fn start_at(
        rt: &Handle,
        name: &str,
        mut config: Config,
        addr: SocketAddr,
    ) -> Result<Node, Error> {
        config.listen = addr;
        config.public_url = None;
        let state = State::open(config)?;
        let server = rt.block_on(Server::bind(state.clone()))?;
        let (tx, rx) = oneshot::channel::<()>();
        let task = rt.spawn(server.run(async {
            let _ = rx.await;
        }));
        Ok(Node {
            name: name.to_owned(),
            addr,
            state,
            stop: Some(tx),
            task: Some(task),
        })
    }

    /// The participant's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address of its discovery service.
    pub fn discovery(&self) -> String {
        format!(
            "{}{}",
            self.base_url(),
            self.state.config.services.discovery
        )
    }

    /// The address of its inbox service.
    pub fn inbox(&self) -> String {
        format!("{}{}", self.base_url(), self.state.config.services.inbox)
    }

    /// The contents stored in `collection`, oldest first, exactly as received.
    pub fn contents(&self, collection: &str) -> Result<Vec<Vec<u8>>, Error> {
        Ok(self
            .state
            .engine
            .store()
            .sqlite()
            .ok_or("a sharing node runs on SQLite")?
            .records(collection, None, None)?
            .into_iter()
            .map(|r| r.block.body)
            .collect())
    }

    /// Waits (up to `limit`) until `collection` holds at least `n` contents; returns them.
    pub fn wait_for(
        &self,
        collection: &str,
        n: usize,
        limit: Duration,
    ) -> Result<Vec<Vec<u8>>, Error> {
        let until = std::time::Instant::now() + limit;
        loop {
            let got = self.contents(collection)?;
            if got.len() >= n {
                return Ok(got);
            }
            if std::time::Instant::now() >= until {
                return Err(format!(
                    "{}: {} of {n} content block(s) in {collection} after {limit:?}",
                    self.name,
                    got.len()
                )
                .into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Graceful shutdown; returns once the server has stopped.
    pub fn stop(mut self, rt: &Handle) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = rt.block_on(t);
        }
    }
}
