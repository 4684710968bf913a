//! A TAXII client on nothing but `std::net`: the crate builds the request and reads the
//! answer; this file only moves bytes (plain HTTP/1.1, `Connection: close`).
//!
//! ```text
//! cargo run -p taxii-http-binding --example std_client -- \
//!     http://127.0.0.1:9000/services/discovery-a 1.1 discover [user:password]
//! cargo run -p taxii-http-binding --example std_client -- \
//!     http://127.0.0.1:9000/services/poll-a 1.0 poll collection-a test:test
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use bytes::Bytes;
use taxii_http_binding::{read_response, request_for, ClientPolicy, Credentials, RequestOptions};
use taxii_http_binding::{ServicesVersion, TaxiiHeaders};
use taxii_messages::{v10, v11, Message, MessageId, Uri};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: std_client URL 1.0|1.1 discover|poll COLLECTION [user:password]");
        return ExitCode::from(2);
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let (url, version, command) = (&args[0], &args[1], &args[2]);
    let mut rest = args[3..].iter();
    // TAXII 1.0 message ids are digits; both versions accept them.
    let id = MessageId::new(format!("{}", std::process::id()))?;
    let message = match (version.as_str(), command.as_str()) {
        ("1.1", "discover") => {
            v11::Message::DiscoveryRequest(v11::DiscoveryRequest::new(id.clone())).into()
        }
        ("1.0", "discover") => Message::V10(v10::Message::DiscoveryRequest(
            v10::DiscoveryRequest::new(id.clone()),
        )),
        ("1.1", "poll") => {
            let name = Uri::new(rest.next().ok_or("poll needs a collection")?.as_str())?;
            let selection = v11::PollSelection::PollParameters(v11::PollParameters::default());
            v11::Message::PollRequest(v11::PollRequest::new(id.clone(), name, selection)).into()
        }
        ("1.0", "poll") => {
            let name = Uri::new(rest.next().ok_or("poll needs a feed")?.as_str())?;
            Message::V10(v10::Message::PollRequest(v10::PollRequest::new(
                id.clone(),
                name,
            )))
        }
        _ => return Err(format!("unknown version/command {version} {command}").into()),
    };
    let mut options = RequestOptions::default();
    if let Some(cred) = rest.next() {
        let (user, pass) = cred
            .split_once(':')
            .ok_or("credentials are user:password")?;
        options = options.with_credentials(Credentials::basic(user, pass));
    }
    let request = request_for(&message, url, &options)?;

    let response = exchange(&request)?;
    let services = if version == "1.0" {
        ServicesVersion::V10
    } else {
        ServicesVersion::V11
    };
    let headers = TaxiiHeaders::parse(response.headers());
    let answer = read_response(&response, &id, &ClientPolicy::new(services));
    println!("HTTP {}", response.status());
    if let Ok(h) = headers {
        println!(
            "X-TAXII-Content-Type: {:?}",
            h.x_taxii_content_type.map(|b| b.to_string())
        );
    }
    println!("{}", answer.to_xml());
    Ok(())
}

/// Sends `request` over plain HTTP/1.1 and reads the whole answer.
fn exchange(
    request: &http::Request<Bytes>,
) -> Result<http::Response<Bytes>, Box<dyn std::error::Error>> {
    let uri = request.uri();
    let host = uri.host().ok_or("no host")?;
    if uri.scheme_str() != Some("http") {
        return Err("this example speaks plain http only".into());
    }
    let port = uri.port_u16().unwrap_or(80);
    let mut stream = TcpStream::connect((host, port))?;
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut head =
        format!("POST {target} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n");
    for (name, value) in request.headers() {
        head.push_str(&format!("{}: {}\r\n", name, value.to_str()?));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(request.body())?;

    let mut raw = Vec::new();
    stream.take(64 << 20).read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = std::str::from_utf8(&raw[..split])?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .ok_or("no status line")?
        .parse()?;
    let mut builder = http::Response::builder().status(status);
    let mut chunked = false;
    for line in lines {
        let (n, v) = line.split_once(':').ok_or("bad header line")?;
        chunked |=
            n.eq_ignore_ascii_case("transfer-encoding") && v.trim().eq_ignore_ascii_case("chunked");
        builder = builder.header(n.trim(), v.trim());
    }
    let mut body = raw[split + 4..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or("bad chunked body")?;
    }
    Ok(builder.body(Bytes::from(body))?)
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}
