//! Reading the recorded HTTP exchanges of testdata/ into `http` types.

use std::path::PathBuf;

use bytes::Bytes;
use http::{Request, Response};

/// The repository's testdata directory.
pub fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(rel)
}

/// One HTTP message head: start line and header lines.
struct Head {
    start: String,
    headers: Vec<(String, String)>,
}

/// Splits `input` at the end of the head (CRLF CRLF or LF LF).
fn split_head(input: &[u8]) -> (Head, &[u8]) {
    let (end, sep) = match input.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => (
            input
                .windows(2)
                .position(|w| w == b"\n\n")
                .expect("a blank line ends the head"),
            2,
        ),
    };
    let text = std::str::from_utf8(&input[..end]).expect("heads are ASCII");
    let mut lines = text.lines();
    let start = lines.next().expect("start line").trim_end().to_owned();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').expect("header line");
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    (Head { start, headers }, &input[end + sep..])
}

fn content_length(h: &Head) -> Option<usize> {
    h.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse().expect("numeric Content-Length"))
}

/// Reads a request whose body is `Content-Length` bytes (or, without one, the rest);
/// returns it and the remaining input.
pub fn parse_request(input: &[u8]) -> (Request<Bytes>, &[u8]) {
    parse_request_with(input, true)
}

/// Reads a request from a seed block: the body is the rest of the block, whatever
/// `Content-Length` says.
pub fn seed_request(block: &str) -> Request<Bytes> {
    parse_request_with(block.strip_suffix('\n').unwrap_or(block).as_bytes(), false).0
}

/// Reads a response from a seed block like [`seed_request`].
pub fn seed_response(block: &str) -> Response<Bytes> {
    parse_response_with(block.strip_suffix('\n').unwrap_or(block).as_bytes(), false).0
}

fn parse_request_with(input: &[u8], by_length: bool) -> (Request<Bytes>, &[u8]) {
    let (head, rest) = split_head(input);
    let len = body_len(&head, rest, by_length);
    let mut parts = head.start.split(' ');
    let method = parts.next().expect("method");
    let uri = parts.next().expect("request target");
    let mut b = Request::builder().method(method).uri(uri);
    for (n, v) in &head.headers {
        b = b.header(n.as_str(), v.as_str());
    }
    let req = b
        .body(Bytes::copy_from_slice(&rest[..len]))
        .expect("valid request");
    (req, &rest[len..])
}

/// Reads a response like [`parse_request`].
pub fn parse_response(input: &[u8]) -> (Response<Bytes>, &[u8]) {
    parse_response_with(input, true)
}

fn body_len(head: &Head, rest: &[u8], by_length: bool) -> usize {
    match content_length(head) {
        Some(n) if by_length => n.min(rest.len()),
        _ => rest.len(),
    }
}

fn parse_response_with(input: &[u8], by_length: bool) -> (Response<Bytes>, &[u8]) {
    let (head, rest) = split_head(input);
    let len = body_len(&head, rest, by_length);
    let code: u16 = head
        .start
        .split(' ')
        .nth(1)
        .expect("status code")
        .parse()
        .expect("numeric status");
    let mut b = Response::builder().status(code);
    for (n, v) in &head.headers {
        b = b.header(n.as_str(), v.as_str());
    }
    let resp = b
        .body(Bytes::copy_from_slice(&rest[..len]))
        .expect("valid response");
    (resp, &rest[len..])
}

/// A recorded exchange: the file name, the request and the response.
pub struct Exchange {
    pub name: String,
    pub request: Request<Bytes>,
    pub response: Response<Bytes>,
}

/// Every exchange of testdata/wire, in file order.
pub fn wire_exchanges() -> Vec<Exchange> {
    let mut files: Vec<_> = std::fs::read_dir(testdata("wire"))
        .expect("testdata/wire")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "http"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let data = std::fs::read(&p).expect("readable");
            let (request, rest) = parse_request(&data);
            let rest = trim_start(rest);
            let (response, _) = parse_response(rest);
            Exchange {
                name: p.file_name().unwrap().to_string_lossy().into_owned(),
                request,
                response,
            }
        })
        .collect()
}

fn trim_start(mut b: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = b {
        if first.is_ascii_whitespace() {
            b = rest;
        } else {
            break;
        }
    }
    b
}

/// The ```http blocks of a seed document, in order, as raw text.
pub fn http_blocks(seed: &str) -> Vec<String> {
    let text = std::fs::read_to_string(testdata(seed)).expect("seed");
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.trim() == "```http" => current = Some(String::new()),
            Some(block) if line.trim() == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}
