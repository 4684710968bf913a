//! `taxii serve` under hostile or unauthenticated clients: accounts (Basic with a cached
//! verification, Bearer), rights per collection, the open-server loopback rule, body cap,
//! slow senders and the connection limit.

use std::time::Duration;

use taxii::client::Auth;
use taxii::config::Account;
use taxii::server::auth::{hash_password, sha256_hex};
use taxii::server::{Server, State};
use taxii_messages::v11::{self, ContentBlock};
use taxii_messages::{RawXml, StatusType, Uri};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::serve_support::{client, config, id, start};

/// Guards against a hang only: no assertion depends on how long anything takes.
const HANG_GUARD: Duration = Duration::from_secs(60);

fn accounts() -> Vec<Account> {
    vec![
        Account {
            username: "alice".into(),
            password_hash: Some(hash_password("wonderland", 1000)),
            token_sha256: Some(sha256_hex(b"alice-token")),
            cert_sha256: None,
            read: vec!["*".into()],
            write: vec!["*".into()],
        },
        Account {
            username: "reader".into(),
            password_hash: Some(hash_password("r", 1000)),
            token_sha256: None,
            cert_sha256: None,
            read: vec!["default".into()],
            write: vec![],
        },
    ]
}

fn status(m: &v11::Message) -> Option<StatusType> {
    match m {
        v11::Message::StatusMessage(s) => Some(s.status_type.clone()),
        _ => None,
    }
}

fn push_one() -> v11::Message {
    let mut m = v11::InboxMessage::new(id());
    m.destination_collection_names
        .push(Uri::new("default").unwrap());
    m.content_blocks.push(ContentBlock::new(
        Uri::new("urn:stix.mitre.org:xml:1.1.1").unwrap(),
        RawXml::new(&b"<x/>"[..], vec![]).expect("well-formed XML"),
    ));
    m.into()
}

#[tokio::test]
async fn basic_and_bearer_accounts_and_rights() {
    let (mut cfg, dir) = config();
    cfg.accounts = accounts();
    let s = start(cfg, Some(dir)).await;
    let discovery = s.url("/services/discovery");
    let ask = |auth: Auth| {
        let url = discovery.clone();
        async move {
            client(auth)
                .exchange11(&url, v11::DiscoveryRequest::new(id()).into())
                .await
                .unwrap()
        }
    };
    // ERR-2: no or bad credentials give UNAUTHORIZED.
    assert_eq!(
        status(&ask(Auth::None).await),
        Some(StatusType::Unauthorized)
    );
    let wrong = Auth::Basic {
        username: "alice".into(),
        password: "Wonderland".into(),
    };
    assert_eq!(
        status(&ask(wrong.clone()).await),
        Some(StatusType::Unauthorized)
    );
    assert!(!s.state.accounts.is_cached("alice"));
    let right = Auth::Basic {
        username: "alice".into(),
        password: "wonderland".into(),
    };
    assert_eq!(status(&ask(right.clone()).await), None);
    assert!(
        s.state.accounts.is_cached("alice"),
        "a verified password is cached"
    );
    assert_eq!(status(&ask(right).await), None);
    // The cache never lets a different password in.
    assert_eq!(status(&ask(wrong).await), Some(StatusType::Unauthorized));
    assert_eq!(status(&ask(Auth::Bearer("alice-token".into())).await), None);
    assert_eq!(
        status(&ask(Auth::Bearer("other".into())).await),
        Some(StatusType::Unauthorized)
    );
    // A read-only account cannot push.
    let reader = client(Auth::Basic {
        username: "reader".into(),
        password: "r".into(),
    });
    let a = reader
        .exchange11(&s.url("/services/inbox"), push_one())
        .await
        .unwrap();
    assert!(
        status(&a).is_some_and(|t| t.is_error() && t != StatusType::Failure),
        "{a:?}"
    );
    let alice = client(Auth::Bearer("alice-token".into()));
    let a = alice
        .exchange11(&s.url("/services/inbox"), push_one())
        .await
        .unwrap();
    assert_eq!(status(&a), Some(StatusType::Success));
    s.stop().await;
}

#[tokio::test]
async fn an_open_server_refuses_non_loopback_addresses() {
    let (mut cfg, _dir) = config();
    cfg.listen = "0.0.0.0:0".parse().unwrap();
    let state = State::open(cfg.clone()).unwrap();
    let err = Server::bind(state).await.err().expect("must refuse");
    assert!(err.to_string().contains("no accounts"), "{err}");
    cfg.accounts = accounts();
    cfg.data = cfg.data.join("other");
    let state = State::open(cfg).unwrap();
    assert!(Server::bind(state).await.is_ok());
}

async fn raw(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused_unread() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    let head = format!(
        "POST /services/inbox HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n\
         X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1\r\n\
         X-TAXII-Services: urn:taxii.mitre.org:services:1.1\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        10 * 1024 * 1024
    );
    let mut req = head.into_bytes();
    req.extend(std::iter::repeat_n(b' ', 128 * 1024));
    let answer = raw(s.addr, &req).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    s.stop().await;
}

#[tokio::test]
async fn slow_senders_are_cut_off_while_others_are_served() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    // Slowloris: half a header line, then nothing. The 1 s header timeout closes it.
    let mut slow = TcpStream::connect(s.addr).await.unwrap();
    slow.write_all(b"POST /services/discovery HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    // A never-ending body: headers complete, body trickles; the 1 s body timeout ends it.
    let mut trickle = TcpStream::connect(s.addr).await.unwrap();
    trickle
        .write_all(
            b"POST /services/discovery HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\
              X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1\r\n\r\n<a",
        )
        .await
        .unwrap();
    // Meanwhile a well-behaved client is answered.
    let a = client(Auth::None)
        .exchange11(
            &s.url("/services/discovery"),
            v11::DiscoveryRequest::new(id()).into(),
        )
        .await
        .unwrap();
    assert!(matches!(a, v11::Message::DiscoveryResponse(_)));
    let mut buf = Vec::new();
    let n = tokio::time::timeout(HANG_GUARD, slow.read_to_end(&mut buf))
        .await
        .expect("the slow sender is disconnected");
    assert_eq!(n.unwrap(), 0, "closed without an answer");
    let mut buf2 = Vec::new();
    tokio::time::timeout(HANG_GUARD, trickle.read_to_end(&mut buf2))
        .await
        .expect("the trickling body is cut off")
        .ok();
    assert!(
        String::from_utf8_lossy(&buf2).starts_with("HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&buf2)
    );
    s.stop().await;
}

#[tokio::test]
async fn connections_beyond_the_limit_are_closed() {
    let (mut cfg, dir) = config();
    cfg.limits.max_connections = 4;
    cfg.limits.header_timeout_secs = 30;
    let s = start(cfg, Some(dir)).await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(TcpStream::connect(s.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut extra = TcpStream::connect(s.addr).await.unwrap();
    let mut buf = [0u8; 16];
    let n = tokio::time::timeout(Duration::from_secs(5), extra.read(&mut buf))
        .await
        .expect("closed at once")
        .unwrap_or(0);
    assert_eq!(n, 0, "the fifth connection is closed without an answer");
    drop(idle);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let a = client(Auth::None)
        .exchange11(
            &s.url("/services/discovery"),
            v11::DiscoveryRequest::new(id()).into(),
        )
        .await
        .unwrap();
    assert!(
        matches!(a, v11::Message::DiscoveryResponse(_)),
        "served again once others left"
    );
    s.stop().await;
}

#[tokio::test]
async fn idle_connections_are_closed_after_the_header_timeout() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    // Connected, never a byte sent.
    let mut idle = TcpStream::connect(s.addr).await.unwrap();
    // Kept alive after one exchange, then silent.
    let mut kept = TcpStream::connect(s.addr).await.unwrap();
    let body = br#"<taxii_11:Discovery_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="1"/>"#;
    let head = format!(
        "POST /services/discovery HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n\
         X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1\r\n\
         X-TAXII-Services: urn:taxii.mitre.org:services:1.1\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    kept.write_all(head.as_bytes()).await.unwrap();
    kept.write_all(body).await.unwrap();
    let mut first = vec![0u8; 64 * 1024];
    let n = kept.read(&mut first).await.unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    for conn in [&mut idle, &mut kept] {
        let mut buf = [0u8; 64];
        let n = tokio::time::timeout(HANG_GUARD, conn.read(&mut buf))
            .await
            .expect("closed by the server")
            .unwrap_or(0);
        assert_eq!(n, 0, "closed without an answer");
    }
    s.stop().await;
}

#[tokio::test]
async fn a_never_ending_chunked_body_is_cut_at_the_cap() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    let mut conn = TcpStream::connect(s.addr).await.unwrap();
    conn.write_all(
        b"POST /services/inbox HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\
          X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1\r\n\r\n",
    )
    .await
    .unwrap();
    let chunk = format!("{:x}\r\n{}\r\n", 8192, " ".repeat(8192));
    let mut answer = Vec::new();
    // Keep sending (far past the 64 KiB cap) until the server answers and closes.
    for _ in 0..1000 {
        if conn.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
        let mut buf = [0u8; 256];
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(1), conn.read(&mut buf)).await
        {
            answer.extend_from_slice(&buf[..n]);
            if n == 0 || answer.len() > 12 {
                break;
            }
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(2), conn.read_to_end(&mut answer)).await;
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 413"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    s.stop().await;
}
