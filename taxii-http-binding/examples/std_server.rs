//! A TAXII 1.0 + 1.1 Discovery service on nothing but `std::net`: the crate checks each
//! request and builds each answer (including refusals); this file only moves bytes.
//!
//! ```text
//! cargo run -p taxii-http-binding --example std_server -- 127.0.0.1:9418 [connections]
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

use bytes::Bytes;
use taxii_http_binding::{read_request, ServerPolicy, TaxiiRequest, Transport};
use taxii_messages::{
    v10, v11, Message, MessageId, MessageIdGenerator, SequentialGenerator, StatusType, Uri,
};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:9418".into());
    let limit: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    let listener = TcpListener::bind(&addr)?;
    eprintln!("TAXII discovery on http://{addr}/taxii-discovery-service/");
    let policy = ServerPolicy::new(Transport::Http);
    let mut ids = SequentialGenerator::starting_at(1);
    for stream in listener.incoming().take(limit) {
        if let Err(e) = serve(stream?, &policy, &mut ids, &addr) {
            eprintln!("connection error: {e}");
        }
    }
    Ok(())
}

fn serve(
    stream: TcpStream,
    policy: &ServerPolicy,
    ids: &mut SequentialGenerator,
    addr: &str,
) -> std::io::Result<()> {
    let Some(request) = read_http(&stream, policy.body.max_body_bytes)? else {
        return Ok(());
    };
    let response = match read_request(&request, policy) {
        Ok(accepted) => answer(&accepted, ids.next_id(), addr),
        Err(rejection) => {
            eprintln!("refused: {rejection}");
            rejection.into_response(ids.next_id())
        }
    };
    write_http(stream, &response)
}

/// A Discovery Response for a Discovery Request, FAILURE for anything else.
fn answer(req: &TaxiiRequest, id: MessageId, addr: &str) -> http::Response<Bytes> {
    let address = format!("http://{addr}/taxii-discovery-service/");
    let protocol = Uri::from(req.protocol.clone());
    let reply_to = req.message.message_id().clone();
    let message = match &req.message {
        Message::V11(v11::Message::DiscoveryRequest(_)) => {
            let contact = v11::ServiceContact::new(
                protocol,
                address,
                Uri::new(v11::MESSAGE_BINDING).unwrap(),
            );
            let mut r = v11::DiscoveryResponse::new(id, reply_to);
            r.service_instances.push(v11::ServiceInstance::new(
                v11::ServiceType::Discovery,
                contact,
            ));
            Message::V11(v11::Message::DiscoveryResponse(r))
        }
        Message::V10(v10::Message::DiscoveryRequest(_)) => {
            let contact = v10::ServiceContact::new(
                protocol,
                address,
                Uri::new(v10::MESSAGE_BINDING).unwrap(),
            );
            let mut r = v10::DiscoveryResponse::new(id, reply_to);
            r.service_instances.push(v10::ServiceInstance::new(
                v10::ServiceType::Discovery,
                contact,
            ));
            Message::V10(v10::Message::DiscoveryResponse(r))
        }
        Message::V10(_) => Message::V10(v10::Message::StatusMessage(v10::StatusMessage::new(
            id,
            reply_to,
            StatusType::Failure,
        ))),
        _ => Message::V11(v11::Message::StatusMessage(
            v11::StatusMessage::new(id, reply_to, StatusType::Failure)
                .with_message("this server only offers discovery"),
        )),
    };
    req.respond(&message)
        .expect("answers are made in the request's version")
}

/// Reads one HTTP/1.1 request with a Content-Length body (at most `max` bytes).
fn read_http(stream: &TcpStream, max: usize) -> std::io::Result<Option<http::Request<Bytes>>> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let mut builder = http::Request::builder().method(method).uri(target);
    let mut length = 0usize;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            if n.trim().eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
            builder = builder.header(n.trim(), v.trim());
        }
    }
    // Reading more than the cap is pointless: read_request refuses it (BAD_MESSAGE).
    let mut body = vec![0; length.min(max.saturating_add(1))];
    reader.read_exact(&mut body)?;
    Ok(builder.body(Bytes::from(body)).ok())
}

fn write_http(mut stream: TcpStream, response: &http::Response<Bytes>) -> std::io::Result<()> {
    let status = response.status();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nConnection: close\r\n",
        status.as_str(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in response.headers() {
        head.push_str(&format!(
            "{}: {}\r\n",
            name,
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(response.body())
}
