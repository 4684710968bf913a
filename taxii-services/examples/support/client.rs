//! A small TAXII-over-HTTP client on hyper for the examples and their tests: one
//! connection per exchange, the answer read whole up to a cap.

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;
use taxii_http_binding::{read_response, request_for, ClientPolicy, RequestOptions};
use taxii_messages::Message;

/// Largest answer read.
const MAX_ANSWER: usize = 64 << 20;

/// Sends an already built request to its URI's host and port.
pub async fn send(request: http::Request<Bytes>) -> std::io::Result<http::Response<Bytes>> {
    let fail = std::io::Error::other;
    let authority = request
        .uri()
        .authority()
        .ok_or_else(|| fail("URL without a host"))?;
    let port = authority.port_u16().unwrap_or(80);
    let stream = tokio::net::TcpStream::connect((authority.host(), port)).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(std::io::Error::other)?;
    tokio::spawn(conn);
    let response = sender
        .send_request(request.map(Full::new))
        .await
        .map_err(std::io::Error::other)?;
    let (parts, body) = response.into_parts();
    let body = Limited::new(body, MAX_ANSWER)
        .collect()
        .await
        .map_err(std::io::Error::other)?;
    Ok(http::Response::from_parts(parts, body.to_bytes()))
}

/// One TAXII exchange with the service at `url`: a Status Message when the answer is
/// not TAXII (Table 2), an error only when the connection fails.
pub async fn exchange(
    url: &str,
    message: &Message,
    policy: &ClientPolicy,
) -> std::io::Result<Message> {
    let request =
        request_for(message, url, &RequestOptions::default()).map_err(std::io::Error::other)?;
    let response = send(request).await?;
    Ok(read_response(&response, message.message_id(), policy))
}
