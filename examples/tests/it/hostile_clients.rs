//! `taxii serve` under hostile clients (issue 9): slow senders, never-ending bodies, bodies
//! over the cap and many idle connections are each cut off by a timeout or a limit, while a
//! well-behaved client is still served. The server runs in-process on an ephemeral loopback
//! port with small limits so that every test takes seconds. Nothing here times the server:
//! the deadlines only keep a broken server from hanging the test.

use std::net::SocketAddr;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use taxii::config::{Account, Config, ServerLimits};
use taxii::server::auth::hash_password;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

use crate::serve_support::{config, start, Running};

/// A Discovery_Request (TAXII 1.1, checklist DRq11-1).
pub(crate) const DISCOVERY: &str = r#"<taxii_11:Discovery_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="1"/>"#;

/// Upper bound on anything a test waits for; only reached when the server misbehaves.
pub(crate) const PATIENCE: Duration = Duration::from_secs(20);

/// Starts an open (no accounts) server with `limits`.
pub(crate) async fn start_limited(limits: ServerLimits) -> Running {
    start_with(|c| c.limits = limits).await
}

/// Starts a server on the shared test configuration changed by `change`.
pub(crate) async fn start_with(change: impl FnOnce(&mut Config)) -> Running {
    let (mut c, dir) = config();
    change(&mut c);
    start(c, Some(dir)).await
}

/// Limits small enough for tests that wait for them.
pub(crate) fn small_limits() -> ServerLimits {
    ServerLimits {
        max_body_bytes: 64 * 1024,
        header_timeout_secs: 1,
        body_timeout_secs: 1,
        max_connections: 64,
        max_connections_per_ip: 64,
        poll_page_size: 1000,
        shutdown_grace_secs: 2,
        ..ServerLimits::default()
    }
}

/// The head of a TAXII 1.1 POST to `path` (no Content-Length or Transfer-Encoding line, no
/// blank line).
pub(crate) fn taxii_head(path: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n\
         X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1\r\n\
         X-TAXII-Accept: urn:taxii.mitre.org:message:xml:1.1\r\n\
         X-TAXII-Services: urn:taxii.mitre.org:services:1.1\r\n\
         X-TAXII-Protocol: urn:taxii.mitre.org:protocol:http:1.0\r\n"
    )
}

/// A well-behaved client: one POST with `Connection: close`; returns the HTTP status code
/// and the body text.
pub(crate) async fn post(addr: SocketAddr, path: &str, body: &str) -> (u16, String) {
    post_as(addr, path, body, None).await
}

/// [`post`] with HTTP Basic credentials `user:password` when given.
pub(crate) async fn post_as(
    addr: SocketAddr,
    path: &str,
    body: &str,
    basic: Option<&str>,
) -> (u16, String) {
    let exchange = async {
        let mut s = TcpStream::connect(addr).await.expect("connect");
        let auth = basic
            .map(|b| format!("Authorization: Basic {}\r\n", B64.encode(b)))
            .unwrap_or_default();
        let req = format!(
            "{}{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            taxii_head(path),
            body.len()
        );
        s.write_all(req.as_bytes()).await.expect("send request");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.expect("read answer");
        parse_response(&raw)
    };
    timeout(PATIENCE, exchange)
        .await
        .expect("a well-behaved client is answered")
}

/// Status code and body of a raw HTTP/1.1 response (Content-Length framed).
fn parse_response(raw: &[u8]) -> (u16, String) {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("not an HTTP response: {text:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {head:?}"));
    (status, body.to_owned())
}

/// Asserts a well-behaved discovery exchange succeeds (DRq11-1).
pub(crate) async fn assert_served(addr: SocketAddr) {
    let (status, body) = post(addr, "/services/discovery", DISCOVERY).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Discovery_Response"), "{body}");
}

/// Reads until the server closes the connection; returns what it sent. A reset counts as
/// closed. Panics if the server keeps the connection open past [`PATIENCE`].
async fn read_until_closed(s: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let closed = timeout(PATIENCE, async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the server kept the connection open");
    got
}

/// Asserts what the server sent before closing is nothing or an HTTP `status` answer.
fn assert_nothing_or_status(got: &[u8], status: u16) {
    if !got.is_empty() {
        assert_eq!(
            parse_response(got).0,
            status,
            "{:?}",
            String::from_utf8_lossy(got)
        );
    }
}

/// Writes `chunk` every `every` until the server stops accepting bytes; returns how many
/// bytes went out. Panics if it is still writing after [`PATIENCE`].
async fn write_until_cut_off(
    mut w: tokio::net::tcp::OwnedWriteHalf,
    chunk: Vec<u8>,
    every: Duration,
) -> usize {
    let sent = timeout(PATIENCE, async {
        let mut sent = 0usize;
        while w.write_all(&chunk).await.is_ok() {
            sent += chunk.len();
            tokio::time::sleep(every).await;
        }
        sent
    })
    .await;
    sent.expect("the server never cut the sender off")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slowloris_headers_are_cut_off_by_the_header_timeout() {
    let server = start_limited(small_limits()).await;
    let mut slow = TcpStream::connect(server.addr).await.unwrap();
    let head = taxii_head("/services/discovery");
    // One byte every 100 ms: the head would take seconds, the header timeout is 1 s.
    let (mut r, mut w) = slow.split();
    let trickle = async {
        for b in head.as_bytes() {
            if w.write_all(&[*b]).await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    };
    let closed = async {
        let mut buf = Vec::new();
        let _ = timeout(PATIENCE, r.read_to_end(&mut buf)).await;
        buf
    };
    let served = assert_served(server.addr);
    let (_, got, ()) = tokio::join!(
        async {
            tokio::select! {
                cut = trickle => assert!(cut, "the whole head trickled in without a cut-off"),
                _ = tokio::time::sleep(PATIENCE) => panic!("sender never cut off"),
            }
        },
        closed,
        served
    );
    assert_nothing_or_status(&got, 408);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_never_ending_body_is_cut_off_by_the_body_timeout() {
    let server = start_limited(small_limits()).await;
    let s = TcpStream::connect(server.addr).await.unwrap();
    let (mut r, mut w) = s.into_split();
    let head = format!(
        "{}Transfer-Encoding: chunked\r\n\r\n",
        taxii_head("/services/inbox")
    );
    w.write_all(head.as_bytes()).await.unwrap();
    // A 16-byte chunk every 50 ms: far under the size cap, never finished.
    let writer = tokio::spawn(write_until_cut_off(
        w,
        b"10\r\n<!-- endless -->\r\n"[..].to_vec(),
        Duration::from_millis(50),
    ));
    let mut answer = Vec::new();
    let _ = timeout(PATIENCE, r.read_to_end(&mut answer)).await;
    let (status, body) = parse_response(&answer);
    assert_eq!(status, 408, "{body}");
    assert!(body.contains("not received in time"), "{body}");
    let sent = writer.await.unwrap();
    assert!(sent < 64 * 1024, "{sent} bytes accepted");
    assert_served(server.addr).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_cap_is_refused_and_not_read() {
    let server = start_limited(small_limits()).await;
    for framing in [
        format!("Content-Length: {}\r\n\r\n", 100 * 1024 * 1024),
        "Transfer-Encoding: chunked\r\n\r\n".to_owned(),
    ] {
        let s = TcpStream::connect(server.addr).await.unwrap();
        let (mut r, mut w) = s.into_split();
        let head = format!("{}{framing}", taxii_head("/services/inbox"));
        w.write_all(head.as_bytes()).await.unwrap();
        let chunk = if framing.contains("chunked") {
            let data = vec![b' '; 8192];
            let mut c = format!("{:x}\r\n", data.len()).into_bytes();
            c.extend_from_slice(&data);
            c.extend_from_slice(b"\r\n");
            c
        } else {
            vec![b' '; 8192]
        };
        // As fast as the server takes it: the 100 MiB (or endless) body must be cut off.
        let writer = tokio::spawn(write_until_cut_off(w, chunk, Duration::ZERO));
        let mut answer = Vec::new();
        let _ = timeout(PATIENCE, r.read_to_end(&mut answer)).await;
        let (status, body) = parse_response(&answer);
        assert_eq!(status, 413, "{framing}: {body}");
        assert!(body.contains("size limit"), "{body}");
        let sent = writer.await.unwrap();
        assert!(
            sent < 100 * 1024 * 1024,
            "{framing}: the whole body was read ({sent} bytes)"
        );
    }
    assert_served(server.addr).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_time_out_and_do_not_block_others() {
    let server = start_limited(small_limits()).await;
    // Half the connection slots held by clients that never send a byte.
    let mut idle = Vec::new();
    for _ in 0..32 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    assert_served(server.addr).await;
    for s in &mut idle {
        let got = read_until_closed(s).await;
        assert_nothing_or_status(&got, 408);
    }
    // A keep-alive connection gone idle after one exchange is closed the same way.
    let mut kept = TcpStream::connect(server.addr).await.unwrap();
    let req = format!(
        "{}Content-Length: {}\r\n\r\n{DISCOVERY}",
        taxii_head("/services/discovery"),
        DISCOVERY.len()
    );
    kept.write_all(req.as_bytes()).await.unwrap();
    let got = read_until_closed(&mut kept).await;
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("Discovery_Response"), "{text}");
    assert_served(server.addr).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_limit_are_closed_and_slots_come_back() {
    let limits = ServerLimits {
        max_connections: 8,
        header_timeout_secs: 2,
        ..small_limits()
    };
    let server = start_limited(limits).await;
    let mut idle = Vec::new();
    for _ in 0..8 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // The ninth is accepted by the kernel and closed by the server at once: its complete
    // request gets no answer (with a slot it would get a 200).
    let mut extra = TcpStream::connect(server.addr).await.unwrap();
    let req = format!(
        "{}Content-Length: {}\r\nConnection: close\r\n\r\n{DISCOVERY}",
        taxii_head("/services/discovery"),
        DISCOVERY.len()
    );
    let _ = extra.write_all(req.as_bytes()).await;
    let got = read_until_closed(&mut extra).await;
    assert!(got.is_empty(), "{:?}", String::from_utf8_lossy(&got));
    // The idle ones time out, which frees their slots for well-behaved clients.
    for s in &mut idle {
        read_until_closed(s).await;
    }
    assert_served(server.addr).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_wrong_passwords_does_not_stop_a_known_client() {
    let account = Account {
        username: "alice".into(),
        password_hash: Some(hash_password("right", 1_000)),
        token_sha256: None,
        cert_sha256: None,
        read: vec!["*".into()],
        write: vec!["*".into()],
    };
    let server = start_with(|c| {
        c.limits = small_limits();
        c.accounts = vec![account];
    })
    .await;
    let addr = server.addr;
    let discover = |basic: &'static str| async move {
        post_as(addr, "/services/discovery", DISCOVERY, Some(basic)).await
    };
    // Sixteen clients at once with the same new password: all let in; UNAUTHORIZED (ST-13,
    // ERR-2) is only for bad credentials.
    let mut first = tokio::task::JoinSet::new();
    for _ in 0..16 {
        first.spawn(discover("alice:right"));
    }
    while let Some(r) = first.join_next().await {
        let (status, body) = r.unwrap();
        assert_eq!(status, 200);
        assert!(body.contains("Discovery_Response"), "{body}");
    }
    // Thirty-two wrong passwords at once (under the connection limit), and the known
    // client in the middle of them.
    let mut flood = tokio::task::JoinSet::new();
    for i in 0..32 {
        flood.spawn(async move {
            let wrong = format!("alice:wrong{i}");
            post_as(addr, "/services/discovery", DISCOVERY, Some(&wrong)).await
        });
    }
    let (status, body) = discover("alice:right").await;
    assert_eq!(status, 200);
    assert!(body.contains("Discovery_Response"), "{body}");
    while let Some(r) = flood.join_next().await {
        let (status, body) = r.unwrap();
        assert_eq!(status, 200, "a TAXII answer, not an HTTP error");
        assert!(body.contains(r#"status_type="UNAUTHORIZED""#), "{body}");
    }
    server.stop().await;
}

/// File descriptors this process has open.
/// Descriptors of this process that are the server's side of a connection to `port`
/// (other tests running at the same time open descriptors of their own: not counted).
fn server_side_fds(port: u16) -> usize {
    let mut inodes = std::collections::HashSet::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local_port = fields
                .get(1)
                .and_then(|a| a.rsplit(':').next())
                .and_then(|p| u16::from_str_radix(p, 16).ok());
            // State 0A is LISTEN: the listener itself is not a connection.
            if local_port == Some(port) && fields.get(3) != Some(&"0A") {
                if let Some(inode) = fields.get(9).filter(|i| **i != "0") {
                    inodes.insert(format!("socket:[{inode}]"));
                }
            }
        }
    }
    std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd lists open descriptors")
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter(|target| inodes.contains(target.to_string_lossy().as_ref()))
        .count()
}

/// The soft limit on open files of this process.
fn fd_limit() -> usize {
    let limits = std::fs::read_to_string("/proc/self/limits").expect("/proc/self/limits");
    limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1024)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_idle_connections_hold_no_more_than_the_limit() {
    const LIMIT: usize = 64;
    let clients = 1000.min(fd_limit() / 2);
    let server = start_limited(ServerLimits {
        max_connections: LIMIT,
        ..small_limits()
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..clients {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // At most LIMIT accepted sockets on the server's side, however many connect; sampled
    // while the server drains its accept queue.
    let mut peak = 0;
    for _ in 0..10 {
        peak = peak.max(server_side_fds(server.addr.port()));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        peak <= LIMIT,
        "{peak} server-side descriptors open for {clients} idle clients (limit {LIMIT})"
    );
    // Every one of them is closed: over the limit at once, the rest by the header timeout.
    for s in &mut idle {
        read_until_closed(s).await;
    }
    drop(idle);
    assert_served(server.addr).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_host_cannot_take_every_connection_slot() {
    let server = start_limited(ServerLimits {
        max_connections: 32,
        max_connections_per_ip: 8,
        header_timeout_secs: 5,
        ..small_limits()
    })
    .await;
    // A hostile host (127.0.0.2) opens more idle connections than there are slots...
    let mut hostile = Vec::new();
    for _ in 0..100 {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::from(([127, 0, 0, 2], 0))).unwrap();
        hostile.push(socket.connect(server.addr).await.unwrap());
    }
    // ...and another host (127.0.0.1) is still served while they are open.
    assert_served(server.addr).await;
    assert_served(server.addr).await;
    let mut held = 0;
    for s in &mut hostile {
        let mut probe = [0u8; 1];
        // Those over the host's limit are closed at once; the others are still open.
        match timeout(Duration::from_millis(200), s.read(&mut probe)).await {
            Err(_) => held += 1,
            Ok(Ok(0) | Err(_)) => {}
            Ok(Ok(_)) => panic!("the server sent something to an idle connection"),
        }
    }
    assert!(held <= 8, "{held} connections of one host held");
    assert!(held > 0, "the host's first connections are served");
    server.stop().await;
}
