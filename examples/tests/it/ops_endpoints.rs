//! `/healthz`, `/readyz` and `/metrics` beside the TAXII services (SQLite store).

use taxii::client::Auth;
use taxii_messages::v11;

use super::serve_support::{client, config, id, start};

/// A plain HTTP/1.1 GET: status code and body.
async fn get(url: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest.split_at(rest.find('/').unwrap());
    let mut s = tokio::net::TcpStream::connect(authority).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let code = head.split(' ').nth(1).unwrap().parse().unwrap();
    (code, body.to_owned())
}

#[tokio::test]
async fn health_readiness_and_metrics_answer_and_count_exchanges() {
    let (mut c, dir) = config();
    c.ops.metrics = "/ops/metrics".into();
    let server = start(c, Some(dir)).await;
    assert_eq!(get(&server.url("/healthz")).await, (200, "ok\n".into()));
    assert_eq!(get(&server.url("/readyz")).await, (200, "ready\n".into()));
    assert_eq!(get(&server.url("/metrics")).await.0, 404, "moved by [ops]");

    let discovery = server.url("/services/discovery");
    client(Auth::None)
        .exchange11(&discovery, v11::DiscoveryRequest::new(id()).into())
        .await
        .unwrap();
    let (code, text) = get(&server.url("/ops/metrics")).await;
    assert_eq!(code, 200);
    assert!(
        text.contains(
            "taxii_exchanges_total{service=\"discovery\",message=\"Discovery_Request\",status=\"Discovery_Response\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains("taxii_exchange_seconds_count{service=\"discovery\"} 1"));
    assert!(text.contains("taxii_store_operation_seconds_count{op=\"ready\"} 1"));
    assert!(text.contains("taxii_open_connections "));
    assert!(text.contains("taxii_push_deliveries_failed_total 0"));
    server.stop().await;
}
