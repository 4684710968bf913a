//! HB-5.2 (Table 3): a server that ends the TLS handshake with an alert is reported as the
//! Status Message the HTTP binding maps the alert to, with the alert as a hex string.

use taxii_messages::{v11, Message, MessageId, StatusType};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::serve_support::client;
use taxii::client::Auth;

/// A loopback "TLS server" that reads the ClientHello and answers with one fatal alert.
async fn alerting_server(description: u8) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut hello = [0u8; 4096];
        let _ = socket.read(&mut hello).await;
        // Record type 21 (alert), TLS 1.2 record version, length 2, level 2 (fatal).
        let _ = socket.write_all(&[21, 3, 3, 0, 2, 2, description]).await;
        let _ = socket.shutdown().await;
    });
    addr
}

async fn answer_to_alert(description: u8) -> v11::StatusMessage {
    let addr = alerting_server(description).await;
    let url = format!("https://127.0.0.1:{}/services/discovery", addr.port());
    let request = v11::DiscoveryRequest::new(MessageId::new("42").unwrap());
    let answer = client(Auth::None)
        .exchange(&url, &Message::V11(request.into()))
        .await
        .expect("a TLS alert is an answer, not an error");
    let Message::V11(v11::Message::StatusMessage(status)) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(status.in_response_to.as_str(), "42");
    status
}

#[tokio::test]
async fn handshake_failure_alert_is_unauthorized_with_its_hex() {
    let status = answer_to_alert(40).await;
    assert_eq!(status.status_type, StatusType::Unauthorized);
    assert_eq!(status.message.as_deref(), Some("0228"));
}

#[tokio::test]
async fn internal_error_alert_is_failure() {
    let status = answer_to_alert(80).await;
    assert_eq!(status.status_type, StatusType::Failure);
    assert_eq!(status.message.as_deref(), Some("0250"));
}
