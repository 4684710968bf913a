//! Every TAXII 1.0 body captured between cabby/libtaxii and OpenTAXII (testdata/wire)
//! decodes, round-trips, and reads as the known values (checklist §5).

use std::path::{Path, PathBuf};

use taxii_messages::{decode, decode_with, v10, DecodeOptions, Message, StatusType};

/// One HTTP message of a capture: start line, headers, body.
pub struct HttpPart {
    pub start_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpPart {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Splits a `.http` capture into its request and response (bodies sized by Content-Length).
pub fn split_exchange(bytes: &[u8]) -> (HttpPart, HttpPart) {
    let (request, rest) = read_part(bytes);
    let (response, rest) = read_part(rest);
    assert!(
        request.start_line.starts_with("POST "),
        "{}",
        request.start_line
    );
    assert!(
        response.start_line.starts_with("HTTP/1.1 "),
        "{}",
        response.start_line
    );
    assert!(
        rest.iter().all(u8::is_ascii_whitespace),
        "trailing bytes after the response"
    );
    (request, response)
}

fn read_part(bytes: &[u8]) -> (HttpPart, &[u8]) {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = std::str::from_utf8(&bytes[..end]).expect("ASCII headers");
    let mut lines = head.split("\r\n");
    let start_line = lines.next().unwrap().to_owned();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').expect("header line");
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse().unwrap())
        .unwrap_or(0);
    let body_start = end + 4;
    let body = bytes[body_start..body_start + len].to_vec();
    (
        HttpPart {
            start_line,
            headers,
            body,
        },
        &bytes[body_start + len..],
    )
}

pub fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(rel)
}

/// Every TAXII 1.0 body of the captures, by X-TAXII-Content-Type, with a label.
pub fn wire_bodies_10() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(testdata("wire"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "http"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let (req, resp) = split_exchange(&std::fs::read(&f).unwrap());
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        for (side, part) in [("request", req), ("response", resp)] {
            if part.header("X-TAXII-Content-Type") == Some(v10::MESSAGE_BINDING) {
                out.push((format!("{name} {side}"), part.body));
            }
        }
    }
    out
}

fn decode_v10(bytes: &[u8]) -> v10::Message {
    match decode(bytes).unwrap() {
        Message::V10(m) => m,
        other => panic!("not TAXII 1.0: {}", other.root_element()),
    }
}

fn wire(name: &str) -> (v10::Message, v10::Message) {
    let (req, resp) = split_exchange(&std::fs::read(testdata("wire").join(name)).unwrap());
    (decode_v10(&req.body), decode_v10(&resp.body))
}

#[test]
fn every_taxii10_wire_body_roundtrips() {
    let bodies = wire_bodies_10();
    // 10 exchanges: 003, 004, 008, 012, 013, 014, 026, 027, 028, 030.
    assert_eq!(bodies.len(), 20);
    for (label, body) in bodies {
        let m = decode(&body).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert!(matches!(m, Message::V10(_)), "{label}: not 1.0");
        let xml = m.to_xml();
        let again = decode(xml.as_bytes()).unwrap_or_else(|e| panic!("{label}: {e}\n{xml}"));
        assert_eq!(m, again, "{label}");
        // Encoding is a fixed point after one round.
        assert_eq!(xml, again.to_xml(), "{label}");
    }
}

#[test]
fn discovery_003_known_answer() {
    let (req, resp) = wire("003_taxii10_discovery.http");
    let v10::Message::DiscoveryRequest(req) = req else {
        panic!()
    };
    assert_eq!(req.message_id.as_str(), "3200615042889509897");
    let v10::Message::DiscoveryResponse(resp) = resp else {
        panic!()
    };
    assert_eq!(resp.in_response_to, req.message_id);
    let types: Vec<_> = resp
        .service_instances
        .iter()
        .map(|s| s.service_type)
        .collect();
    use v10::ServiceType::*;
    assert_eq!(types, [Discovery, FeedManagement, Inbox, Poll, Poll]);
    let fm = &resp.service_instances[1];
    assert_eq!(fm.service_version.as_str(), v10::SERVICES_VERSION);
    assert_eq!(fm.available, Some(true));
    assert_eq!(
        fm.contact.address,
        "http://127.0.0.1:9000/services/collection-management-a"
    );
    assert_eq!(fm.contact.message_bindings.len(), 2);
    assert_eq!(
        fm.message.as_deref(),
        Some("Collection management service A")
    );
}

/// FIRs10-7, AMB-27, LT-22: OpenTAXII's feed without Content_Binding.
#[test]
fn feed_information_004_without_content_binding_strictness() {
    let (_, resp) = split_exchange(
        &std::fs::read(testdata("wire").join("004_taxii10_collections.http")).unwrap(),
    );
    let body = bytes::Bytes::from(resp.body);
    // Default and lenient decodes accept it: the empty list means "any content".
    for opts in [DecodeOptions::default(), DecodeOptions::permissive()] {
        let Message::V10(v10::Message::FeedInformationResponse(r)) =
            decode_with(body.clone(), &opts).unwrap()
        else {
            panic!()
        };
        assert_eq!(r.feeds.len(), 2);
        assert_eq!(r.feeds[0].feed_name.as_str(), "collection-a");
        assert!(r.feeds[0].content_bindings.is_empty());
        assert_eq!(r.feeds[0].polling_services.len(), 2);
        assert_eq!(r.feeds[0].subscription_services.len(), 1);
        assert_eq!(
            r.feeds[1].content_bindings[0].as_str(),
            "urn:stix.mitre.org:xml:1.1.1"
        );
        assert_eq!(r.feeds[1].description, "Set collection B (STIX 1.1.1 only)");
    }
    // Strict decode reports it, naming the element, the feed and the rule.
    let e = decode_with(body, &DecodeOptions::strict()).unwrap_err();
    assert_eq!(e.rule(), Some("FIRs10-7"));
    assert!(e.path().ends_with("/Feed"), "{}", e.path());
    assert!(e.to_string().contains("Content_Binding"), "{e}");
    assert_eq!(e.line(), 2);
}

#[test]
fn inbox_008_known_answer() {
    let (req, resp) = wire("008_taxii10_push_libtaxii_inbox_client_10.http");
    let v10::Message::InboxMessage(inbox) = req else {
        panic!()
    };
    assert_eq!(inbox.content_blocks.len(), 1);
    let b = &inbox.content_blocks[0];
    assert_eq!(b.content_binding.as_str(), "urn:stix.mitre.org:xml:1.1.1");
    assert!(b
        .content
        .as_str()
        .trim_start()
        .starts_with("<stix:STIX_Package"));
    assert!(inbox.source_subscription.is_none());
    let v10::Message::StatusMessage(st) = resp else {
        panic!()
    };
    assert_eq!(st.status_type, StatusType::Success);
    assert_eq!(st.in_response_to, inbox.message_id);
}

#[test]
fn poll_012_known_answer() {
    let (req, resp) = wire("012_taxii10_poll.http");
    let v10::Message::PollRequest(req) = req else {
        panic!()
    };
    assert_eq!(req.feed_name.as_str(), "collection-a");
    assert!(req.subscription_id.is_none() && req.content_bindings.is_empty());
    let v10::Message::PollResponse(resp) = resp else {
        panic!()
    };
    assert_eq!(
        resp.inclusive_end_timestamp.to_string(),
        "2026-11-23T02:11:36.693324+00:00"
    );
    assert!(resp.inclusive_begin_timestamp.is_none());
    assert!(!resp.content_blocks.is_empty());
    for b in &resp.content_blocks {
        assert!(b.timestamp_label.is_some());
    }
}

#[test]
fn status_013_014_known_answers() {
    let (_, resp) = wire("013_taxii10_poll_bad_password.http");
    let v10::Message::StatusMessage(st) = resp else {
        panic!()
    };
    assert_eq!(st.status_type, StatusType::Unauthorized);
    assert_eq!(st.in_response_to.as_str(), "0"); // MID-4
    let (_, resp) = wire("014_taxii10_poll_unknown_coll.http");
    let v10::Message::StatusMessage(st) = resp else {
        panic!()
    };
    assert_eq!(st.status_type, StatusType::NotFound);
    assert_eq!(st.status_detail.as_deref(), Some("no-such-collection"));
    assert_eq!(
        st.message.as_deref(),
        Some("Requested collection was not found")
    );
}

#[test]
fn subscription_026_to_028_known_answers() {
    use v10::SubscriptionAction::*;
    for (file, action) in [
        ("026_taxii10_subscribe.http", Subscribe),
        ("027_taxii10_subscription_status.http", Status),
        ("028_taxii10_subscription_unsubscribe.http", Unsubscribe),
    ] {
        let (req, resp) = wire(file);
        let v10::Message::ManageFeedSubscriptionRequest(req) = req else {
            panic!()
        };
        assert_eq!(req.action, action, "{file}");
        assert_eq!(req.feed_name.as_str(), "collection-a");
        assert!(req.push_parameters.is_none());
        assert_eq!(req.subscription_id.is_some(), action != Subscribe, "{file}");
        let v10::Message::ManageFeedSubscriptionResponse(resp) = resp else {
            panic!()
        };
        assert_eq!(resp.subscriptions.len(), 1);
        let s = &resp.subscriptions[0];
        assert_eq!(s.subscription_id.as_str(), "3604989392755721503");
        assert_eq!(s.poll_instances.len(), 2);
        assert_eq!(
            s.poll_instances[1].address,
            "http://127.0.0.1:9000/services/poll-b"
        );
    }
}

/// The readable text form names the version, the feed and its services.
#[test]
fn text_form_of_004() {
    let (_, resp) = split_exchange(
        &std::fs::read(testdata("wire").join("004_taxii10_collections.http")).unwrap(),
    );
    let text = decode(&resp.body).unwrap().to_string();
    assert!(
        text.starts_with("TAXII 1.0\nMessage Type: Feed_Information_Response\n"),
        "{text}"
    );
    assert!(text.contains("Feed collection-b:"), "{text}");
    assert!(
        text.contains("  Content Binding: urn:stix.mitre.org:xml:1.1.1\n"),
        "{text}"
    );
    assert!(text.contains("  Polling Service:"), "{text}");
}
