//! Authentication before the body (issue 19 item 7): an anonymous request to a server
//! with accounts is answered UNAUTHORIZED from its headers alone; its body is neither
//! waited for nor decoded.

use std::time::Duration;

use taxii::client::Auth;
use taxii::config::{Account, Config};
use taxii::server::auth::hash_password;
use taxii_messages::v11;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::serve_support::{client, config, id, start, Running};

/// Guards against a hang only: the assertions never depend on how long the answer takes.
const HANG_GUARD: Duration = Duration::from_secs(60);

/// A server with one account whose limits would let a 16 MB body in and wait an hour
/// for it: only answering from the headers gets a reply before the guard.
async fn protected() -> Running {
    let (mut cfg, dir): (Config, _) = config();
    cfg.accounts = vec![Account {
        username: "alice".into(),
        password_hash: Some(hash_password("wonderland", 1000)),
        token_sha256: None,
        cert_sha256: None,
        read: vec!["*".into()],
        write: vec!["*".into()],
    }];
    cfg.limits.max_body_bytes = 32 * 1024 * 1024;
    cfg.limits.body_timeout_secs = 3600;
    start(cfg, Some(dir)).await
}

fn head(services: &str, content_length: usize) -> String {
    format!(
        "POST /services/inbox HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n\
         X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:{services}\r\n\
         X-TAXII-Services: urn:taxii.mitre.org:services:{services}\r\n\
         Content-Length: {content_length}\r\n\r\n"
    )
}

/// Reads from `conn` until `end` appears in what was received.
async fn read_until(conn: &mut TcpStream, end: &str) -> String {
    let mut got = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&got).contains(end) {
            let n = conn.read(&mut buf).await.unwrap();
            assert!(
                n > 0,
                "closed before {end:?}: {}",
                String::from_utf8_lossy(&got)
            );
            got.extend_from_slice(&buf[..n]);
        }
    };
    tokio::time::timeout(HANG_GUARD, read)
        .await
        .expect("answered without the body");
    String::from_utf8_lossy(&got).into_owned()
}

#[tokio::test]
async fn anonymous_post_announcing_16_mb_and_sending_nothing_is_unauthorized_at_once() {
    let s = protected().await;
    let mut conn = TcpStream::connect(s.addr).await.unwrap();
    conn.write_all(head("1.1", 16 * 1024 * 1024).as_bytes())
        .await
        .unwrap();
    let answer = read_until(&mut conn, "</taxii_11:Status_Message>").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#"status_type="UNAUTHORIZED""#), "{answer}");
    assert!(answer.contains(r#"in_response_to="0""#), "{answer}");
    s.stop().await;
}

#[tokio::test]
async fn an_anonymous_body_is_not_decoded() {
    let s = protected().await;
    // Not XML at all: a server that decoded it would answer BAD_MESSAGE.
    let body = b"this is not a TAXII message";
    let mut conn = TcpStream::connect(s.addr).await.unwrap();
    conn.write_all(head("1.0", body.len()).as_bytes())
        .await
        .unwrap();
    conn.write_all(body).await.unwrap();
    // Answered in the TAXII version the headers announce.
    let answer = read_until(&mut conn, "Status_Message>").await;
    assert!(
        answer.contains("x-taxii-services: urn:taxii.mitre.org:services:1.0"),
        "{answer}"
    );
    assert!(answer.contains(r#"status_type="UNAUTHORIZED""#), "{answer}");
    assert!(!answer.contains("BAD_MESSAGE"), "{answer}");
    s.stop().await;
}

#[tokio::test]
async fn an_authenticated_caller_is_still_served() {
    let s = protected().await;
    let alice = Auth::Basic {
        username: "alice".into(),
        password: "wonderland".into(),
    };
    let a = client(alice)
        .exchange11(
            &s.url("/services/discovery"),
            v11::DiscoveryRequest::new(id()).into(),
        )
        .await
        .unwrap();
    assert!(matches!(a, v11::Message::DiscoveryResponse(_)), "{a:?}");
    let anonymous = client(Auth::None)
        .exchange11(
            &s.url("/services/discovery"),
            v11::DiscoveryRequest::new(id()).into(),
        )
        .await
        .unwrap();
    match anonymous {
        v11::Message::StatusMessage(m) => {
            assert_eq!(m.status_type, taxii_messages::StatusType::Unauthorized)
        }
        other => panic!("{other:?}"),
    }
    s.stop().await;
}

#[tokio::test]
async fn s8_a_push_client_connects_to_the_checked_address_without_resolving_again() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    // `.invalid` never resolves: the answer can only come from the address given.
    let url = format!(
        "http://push-target.invalid:{}/services/discovery",
        s.addr.port()
    );
    let a = client(Auth::None)
        .connecting_to(s.addr)
        .exchange11(&url, v11::DiscoveryRequest::new(id()).into())
        .await
        .unwrap();
    assert!(matches!(a, v11::Message::DiscoveryResponse(_)), "{a:?}");
    s.stop().await;
}
