//! A TAXII 1.0 + 1.1 server held in memory on nothing but `std::net`: the engine answers,
//! `taxii-http-binding` checks and labels the HTTP messages, this file only moves bytes.
//! One collection, `default`; everyone may do everything; pushes are logged, not sent.
//!
//! ```text
//! cargo run -p taxii-services --features http --example memory_server -- 127.0.0.1:9500
//! taxii-discovery --host 127.0.0.1 --port 9500 --discovery /services/discovery
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use bytes::Bytes;
use taxii_http_binding::{ServerPolicy, Transport};
use taxii_messages::query::{DefaultQueryInfo, TargetingExpressionInfo};
use taxii_messages::v11::{ServiceType, SupportedQuery};
use taxii_messages::{Uri, UuidGenerator};
use taxii_services::config::{ServerConfig, ServiceDefinition, STIX_111};
use taxii_services::http::ResponseBody;
use taxii_services::memory::{AllowAll, MemoryStore};
use taxii_services::query::{CORE, REGEX, TIMESTAMP};
use taxii_services::store::CollectionDefinition;
use taxii_services::{Engine, Identity, SystemClock};

const MAX_BODY: usize = 16 << 20;

/// Default Query over STIX 1.1.1 content, any target, the three capability modules.
fn default_query() -> SupportedQuery {
    let uri = |s: &str| Uri::new(s).expect("valid id");
    let stix = TargetingExpressionInfo::new(uri(STIX_111), vec![], vec!["**".into()]);
    let modules = [CORE, REGEX, TIMESTAMP].map(uri).to_vec();
    SupportedQuery::Default(DefaultQueryInfo::new(vec![stix], modules))
}

fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:9500".into());
    let base = format!("http://{addr}/services/");
    let service = |id: &str, t| ServiceDefinition::new(id, t, &format!("{base}{id}"));
    let mut config = ServerConfig::new(vec![
        service("discovery", ServiceType::Discovery),
        service("collection-management", ServiceType::CollectionManagement),
        service("inbox", ServiceType::Inbox),
        service("poll", ServiceType::Poll)
            .with_part_size(10)
            .with_queries(vec![default_query()]),
    ]);
    config.poll.result_ttl_secs = 600;
    config.poll.empty_part_after_last = true; // for cabby 0.1.23
    let name = Uri::new("default").expect("valid name");
    let store = MemoryStore::new().with_collection(CollectionDefinition::feed(name, "All content"));
    let engine = Arc::new(Engine::new(
        config,
        store,
        AllowAll,
        SystemClock,
        UuidGenerator,
    ));
    let policy = ServerPolicy::new(Transport::Http);
    let listener = TcpListener::bind(&addr)?;
    eprintln!("TAXII 1.0/1.1 on {base}discovery");
    for stream in listener.incoming() {
        if let Err(e) = serve(&engine, stream?, &policy) {
            eprintln!("connection error: {e}");
        }
    }
    Ok(())
}

fn serve(
    engine: &Arc<Engine<MemoryStore, AllowAll>>,
    stream: TcpStream,
    policy: &ServerPolicy,
) -> std::io::Result<()> {
    let Some(request) = read_http(&stream)? else {
        return Ok(());
    };
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    // Authentication is the runtime's job; this demo trusts everyone as anonymous.
    let Ok(out) = pollster::block_on(engine.serve_http(request, &Identity::Anonymous, policy))
    else {
        eprintln!("{method} {path} -> 404");
        return write_head(
            &stream,
            http::StatusCode::NOT_FOUND,
            &Default::default(),
            Some(0),
        );
    };
    eprintln!(
        "{method} {path} -> {} ({} deliveries)",
        out.response.status(),
        out.deliveries.len()
    );
    write_http(stream, out.response)
}

/// Reads one HTTP/1.1 request with a Content-Length body.
fn read_http(stream: &TcpStream) -> std::io::Result<Option<http::Request<Bytes>>> {
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
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0).min(MAX_BODY);
            }
            builder = builder.header(k.trim(), v.trim());
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(builder.body(Bytes::from(body)).ok())
}

/// Writes the response; a streamed body (a TAXII 1.0 poll) goes as it is read, delimited
/// by closing the connection, and a store failure half way closes it before the
/// message's end tag.
fn write_http(
    mut stream: TcpStream,
    response: http::Response<ResponseBody>,
) -> std::io::Result<()> {
    let (parts, mut body) = response.into_parts();
    let length = (!body.is_streamed()).then(|| body.bytes().len());
    write_head(&stream, parts.status, &parts.headers, length)?;
    while let Some(chunk) = pollster::block_on(body.next_chunk()) {
        let chunk = chunk.map_err(std::io::Error::other)?;
        stream.write_all(&chunk)?;
    }
    stream.flush()
}

fn write_head(
    mut stream: &TcpStream,
    status: http::StatusCode,
    headers: &http::HeaderMap,
    length: Option<usize>,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nConnection: close\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
    );
    if let Some(n) = length {
        head.push_str(&format!("Content-Length: {n}\r\n"));
    }
    for (k, v) in headers
        .iter()
        .filter(|(k, _)| *k != http::header::CONTENT_LENGTH)
    {
        head.push_str(&format!("{k}: {}\r\n", v.to_str().unwrap_or("")));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())
}
