//! Whole HTTP exchanges of testdata/wire (cabby and libtaxii against OpenTAXII) replayed
//! through `Engine::serve_http` (feature `http`): same status code, same TAXII headers,
//! a response of the same type (and status type) — TAXII 1.0 and 1.1.

use bytes::Bytes;
use pollster::FutureExt as _;
use std::sync::Arc;
use taxii_http_binding::{ServerPolicy, Transport};
use taxii_messages::{decode, v10, v11, Message};

use taxii_services::config::ServerConfig;
use taxii_services::http::HttpOutcome;
use taxii_services::memory::ManualClock;
use taxii_services::store::Operation;
use taxii_services::Identity;

use crate::support::*;

struct Raw {
    head: Vec<(String, String)>,
    start: String,
    body: Bytes,
}

fn parse(raw: &[u8]) -> (Raw, &[u8]) {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let start = lines.next().unwrap().to_owned();
    let head: Vec<(String, String)> = lines
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap();
            (k.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    let len: usize = head
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    let body = Bytes::copy_from_slice(&raw[end + 4..end + 4 + len]);
    (Raw { head, start, body }, &raw[end + 4 + len..])
}

fn exchange(name: &str) -> (http::Request<Bytes>, Raw) {
    let path = format!("{}/testdata/wire/{name}.http", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read(path).unwrap();
    let (req, rest) = parse(&raw);
    let (resp, _) = parse(rest);
    let mut parts = req.start.split(' ');
    let method = parts.next().unwrap();
    let uri = parts.next().unwrap();
    let mut b = http::Request::builder().method(method).uri(uri);
    for (k, v) in &req.head {
        b = b.header(k.as_str(), v.as_str());
    }
    (b.body(req.body).unwrap(), resp)
}

/// What the runtime would conclude from the Authorization header.
fn identity(req: &http::Request<Bytes>) -> Identity {
    match req
        .headers()
        .get("authorization")
        .map(|v| v.to_str().unwrap())
    {
        Some("Basic dGVzdDp0ZXN0") => test_user(),
        Some(v) if v.starts_with("Bearer ") => test_user(),
        _ => Identity::Anonymous,
    }
}

fn header<'a>(r: &'a Raw, name: &str) -> Option<&'a str> {
    r.head
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Root element and, for a status, its type.
fn kind(m: &Message) -> String {
    match m {
        Message::V11(v11::Message::StatusMessage(s)) => format!("Status_Message {}", s.status_type),
        Message::V10(v10::Message::StatusMessage(s)) => format!("Status_Message {}", s.status_type),
        m => m.root_element().to_owned(),
    }
}

/// The engine of the fixture, shared as `serve_http` wants it, and its clock.
struct Server {
    engine: Arc<TestEngine>,
    clock: ManualClock,
}

fn server() -> Server {
    let policy = policy().grant(test_user(), &uri("no-such-collection"), &[Operation::Read]);
    let f = Fixture::with(ServerConfig::new(services()), policy);
    Server {
        engine: Arc::new(f.engine),
        clock: f.clock,
    }
}

/// The whole body of `out`'s response (streamed or not).
fn body_of(out: HttpOutcome) -> Bytes {
    out.response.into_body().collect().block_on().unwrap()
}

/// The content blocks `m` carries.
fn blocks_of(m: &Message) -> u64 {
    match m {
        Message::V11(v11::Message::PollResponse(r)) => r.content_blocks.len() as u64,
        Message::V10(v10::Message::PollResponse(r)) => r.content_blocks.len() as u64,
        _ => 0,
    }
}

/// Replays exchange `name`; returns the content blocks of the answer.
fn replay(f: &Server, name: &str) -> u64 {
    let (req, expected) = exchange(name);
    let caller = identity(&req);
    let out = f
        .engine
        .serve_http(req, &caller, &ServerPolicy::new(Transport::Http))
        .block_on()
        .unwrap();
    let status: u16 = expected.start.split(' ').nth(1).unwrap().parse().unwrap();
    assert_eq!(out.response.status().as_u16(), status, "{name}");
    for h in [
        "X-TAXII-Content-Type",
        "X-TAXII-Services",
        "X-TAXII-Protocol",
    ] {
        assert_eq!(
            out.response.headers().get(h).map(|v| v.to_str().unwrap()),
            header(&expected, h),
            "{name}: {h}"
        );
    }
    let blocks = out.blocks;
    let got = decode(&body_of(out)).unwrap();
    assert_sendable(&got, None);
    assert_eq!(
        blocks,
        blocks_of(&got),
        "{name}: the outcome counts the blocks sent"
    );
    let want = decode(&expected.body).unwrap();
    assert_eq!(kind(&got), kind(&want), "{name}");
    f.clock.advance_secs(1);
    blocks
}

#[test]
fn wire_http_replays_taxii_11_and_10() {
    let f = server();
    let mut polled = Vec::new();
    for name in [
        "005_taxii11_push_collection-a",
        "008_taxii10_push_libtaxii_inbox_client_10",
        "001_taxii11_discovery",
        "002_taxii11_collections",
        "003_taxii10_discovery",
        "004_taxii10_collections",
        "006_taxii11_push_collection-b_readonly",
        "007_taxii11_push_no_dest",
        "009_taxii11_poll",
        "010_taxii11_poll_bad_password",
        "011_taxii11_poll_unknown_coll",
        "012_taxii10_poll",
        "013_taxii10_poll_bad_password",
        "014_taxii10_poll_unknown_coll",
        "015_taxii11_poll_count_only",
        "016_taxii11_poll_multipart",
        "020_taxii11_poll_jwt",
        "021_taxii11_subscribe",
        "026_taxii10_subscribe",
        "029_libtaxii11_discovery_client",
        "030_libtaxii10_discovery_client_10",
        "031_libtaxii11_poll_client",
    ] {
        if replay(&f, name) > 0 {
            polled.push(name);
        }
    }
    assert!(polled.contains(&"009_taxii11_poll"), "{polled:?}");
    assert!(polled.contains(&"012_taxii10_poll"), "{polled:?}");
}

#[test]
fn hr7_binding_violations_are_answered_not_handled() {
    let f = server();
    let (req, _) = exchange("009_taxii11_poll");
    let (mut parts, body) = req.into_parts();
    parts.method = http::Method::GET;
    let get = http::Request::from_parts(parts.clone(), body.clone());
    let out = f
        .engine
        .serve_http(get, &test_user(), &ServerPolicy::new(Transport::Http))
        .block_on()
        .unwrap();
    assert_eq!(out.response.status(), http::StatusCode::METHOD_NOT_ALLOWED);
    parts.method = http::Method::POST;
    parts.headers.remove("x-taxii-content-type");
    let bare = http::Request::from_parts(parts, body);
    let out = f
        .engine
        .serve_http(bare, &test_user(), &ServerPolicy::new(Transport::Http))
        .block_on()
        .unwrap();
    let got = decode(&body_of(out)).unwrap();
    assert!(kind(&got).starts_with("Status_Message"), "{}", kind(&got));
}

#[test]
fn hr6_no_acceptable_binding_is_refused_before_the_engine() {
    let f = server();
    let (req, _) = exchange("029_libtaxii11_discovery_client");
    let (mut parts, body) = req.into_parts();
    // a 1.1 request from a client that reads only 1.0 answers
    parts.headers.insert(
        "x-taxii-accept",
        "urn:taxii.mitre.org:message:xml:1.0".parse().unwrap(),
    );
    let req = http::Request::from_parts(parts, body);
    let out = f
        .engine
        .serve_http(req, &test_user(), &ServerPolicy::new(Transport::Http))
        .block_on()
        .unwrap();
    let got = decode(&body_of(out)).unwrap();
    assert_eq!(kind(&got), "Status_Message UNSUPPORTED_MESSAGE");
}

/// Issue 14 (G10-2): a TAXII 1.0 request that does not decode is answered with a 1.0
/// Status Message whose ids are digits, which decodes and validates.
#[test]
fn undecodable_10_request_gets_a_valid_10_answer() {
    let f = server();
    let (req, _) = exchange("012_taxii10_poll");
    let (parts, _) = req.into_parts();
    let bad = http::Request::from_parts(parts, Bytes::from_static(b"<taxii:Poll_Request"));
    let out = f
        .engine
        .serve_http(bad, &test_user(), &ServerPolicy::new(Transport::Http))
        .block_on()
        .unwrap();
    assert_eq!(out.response.status(), http::StatusCode::OK);
    let got = decode(&body_of(out)).unwrap();
    let Message::V10(v10::Message::StatusMessage(s)) = &got else {
        panic!("{got:?}")
    };
    assert_eq!(s.status_type, taxii_messages::StatusType::BadMessage);
    assert!(s.message_id.as_str().bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(s.in_response_to.as_str(), "0");
    assert_sendable(&got, None);
}

/// Issue 16: `serve_http` takes no service id: services sharing one address are told
/// apart by the decoded message's type (EX-3), and a path that is no service's is left
/// to the caller.
#[test]
fn ex3_serve_http_routes_one_address_by_message_type() {
    use taxii_messages::v11::ServiceType;
    use taxii_services::config::ServiceDefinition;
    let at = "http://127.0.0.1:9000/taxii";
    let config = ServerConfig::new(vec![
        ServiceDefinition::new("d", ServiceType::Discovery, at),
        ServiceDefinition::new("p", ServiceType::Poll, at),
    ]);
    let engine = Arc::new(Fixture::with(config, policy()).engine);
    let (caller, http) = (test_user(), ServerPolicy::new(Transport::Http));
    let send = |m: Message, url: &str| {
        let request = taxii_http_binding::request_for(&m, url, &Default::default()).unwrap();
        engine.serve_http(request, &caller, &http).block_on()
    };
    let discovery = Message::V11(requests().discovery().into());
    let out = send(discovery.clone(), at).unwrap();
    assert_eq!(
        out.service.as_ref().map(|s| s.to_string()),
        Some("d".into())
    );
    assert_eq!(kind(&decode(&body_of(out)).unwrap()), "Discovery_Response");
    let poll = requests().poll(&coll_a(), Default::default(), None, None);
    let out = send(Message::V11(poll.into()), &format!("{at}/")).unwrap();
    assert_eq!(
        out.service.as_ref().map(|s| s.to_string()),
        Some("p".into())
    );
    assert_eq!(kind(&decode(&body_of(out)).unwrap()), "Poll_Response");
    let elsewhere = send(discovery, "http://127.0.0.1:9000/other");
    assert_eq!(elsewhere.unwrap_err().path, "/other");
}
