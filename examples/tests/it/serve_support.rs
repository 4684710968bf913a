//! Running `taxii serve` in-process on an ephemeral loopback port.

use std::net::SocketAddr;
use std::sync::Arc;

use taxii::client::{Auth, Client, ClientOptions};
use taxii::config::{Collection, Config};
use taxii::server::{Server, State};
use taxii_messages::{MessageId, MessageIdGenerator, UuidGenerator};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server and how to stop it.
pub struct Running {
    pub addr: SocketAddr,
    pub state: Arc<State>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    pub _dir: Option<tempfile::TempDir>,
    /// Where every body the server sends is copied, for the self-check at `stop`.
    sent: Option<tempfile::TempDir>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Graceful shutdown; waits for the server to return.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.unwrap();
        }
        if let Some(sent) = &self.sent {
            assert_sent_valid(sent.path());
        }
    }
}

/// Self-check over everything the server sent (issue 14): every answer decodes strictly
/// (schema-valid, no MUST rule of `validate()` broken), and answers the request's message_id when that decodes.
fn assert_sent_valid(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(n) = name.strip_suffix("-response.xml") else {
            continue;
        };
        let body = std::fs::read(&path).unwrap();
        // Strict: schema-valid to the letter and no MUST diagnostic.
        let strict = taxii_messages::DecodeOptions::strict();
        let answer = taxii_messages::decode_with(body.into(), &strict).unwrap_or_else(|e| {
            panic!("the server sent what strict decoding refuses ({name}): {e}")
        });
        let request = std::fs::read(dir.join(format!("{n}-request.xml"))).unwrap_or_default();
        if let (Ok(req), Some(irt)) = (taxii_messages::decode(&request), answer.in_response_to()) {
            assert_eq!(irt, req.message_id(), "in_response_to of {name}");
        }
    }
}

/// A test configuration: port 0, a fresh data dir, collections `default` and `second`,
/// two blocks per poll part, short timeouts.
pub fn config() -> (Config, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        data: dir.path().join("data"),
        ..Config::default()
    };
    c.collections.push(Collection::named("second"));
    c.limits.poll_page_size = 2;
    c.limits.header_timeout_secs = 1;
    c.limits.body_timeout_secs = 1;
    c.limits.max_body_bytes = 64 * 1024;
    (c, dir)
}

/// Starts a server for `config`; `public_url` is set to the bound address.
pub async fn start(mut config: Config, dir: Option<tempfile::TempDir>) -> Running {
    // Bind first on port 0, then advertise the real address.
    let probe = std::net::TcpListener::bind(config.listen).unwrap();
    let addr = probe.local_addr().unwrap();
    drop(probe);
    config.listen = addr;
    let sent = match config.dump_dir {
        Some(_) => None,
        None => {
            let d = tempfile::tempdir().unwrap();
            config.dump_dir = Some(d.path().to_owned());
            Some(d)
        }
    };
    let state = State::open(config).unwrap();
    let server = Server::bind(state.clone()).await.unwrap();
    assert_eq!(server.local_addr(), addr);
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(server.run(async {
        let _ = rx.await;
    }));
    Running {
        addr,
        state,
        stop: Some(tx),
        task: Some(task),
        _dir: dir,
        sent,
    }
}

pub fn client(auth: Auth) -> Client {
    Client::new(ClientOptions {
        auth,
        ..ClientOptions::default()
    })
    .unwrap()
}

pub fn id() -> MessageId {
    UuidGenerator.next_id()
}
