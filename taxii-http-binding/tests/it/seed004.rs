//! The HTTP examples of seed 004 ("Sample usage for TAXII"): where they follow the
//! binding they read back; where they break it, the precise violation is asserted.

use http::header::CONTENT_LENGTH;
use taxii_http_binding::{
    inspect_response, read_request, ClientPolicy, Error, MessageBinding, ProtocolBinding,
    ServerPolicy, ServicesVersion, Transport,
};
use taxii_messages::{MessageId, StatusType};

use crate::support::{http_blocks, seed_request, seed_response};

const SEED: &str = "seeds/004_5e744c5b3dbde933.txt";

fn blocks() -> Vec<String> {
    let b = http_blocks(SEED);
    assert_eq!(b.len(), 11, "seed 004 has 11 HTTP examples");
    b
}

/// The 1.1 Discovery Request (absolute request URI through a proxy, `Proxy-Connection`,
/// `Cache-Control`, browser User-Agent) is a conforming request (HR-1, H-1..H-6).
#[test]
fn discovery_request_conforms() {
    let req = seed_request(&blocks()[0]);
    let policy = ServerPolicy::new(Transport::Https); // the absolute URI's scheme wins
    let r = read_request(&req, &policy).unwrap();
    assert_eq!(r.message.root_element(), "Discovery_Request");
    assert_eq!(r.message.message_id().as_str(), "1");
    assert_eq!(r.protocol, ProtocolBinding::Http10);
    assert_eq!(r.response_binding, MessageBinding::Xml11);
    assert_eq!(r.headers.x_taxii_services, Some(ServicesVersion::V11));
}

/// The Inbox Message example conforms too (its Content-Length is right).
#[test]
fn inbox_request_conforms() {
    let req = seed_request(&blocks()[2]);
    let r = read_request(&req, &ServerPolicy::new(Transport::Http)).unwrap();
    assert_eq!(r.message.root_element(), "Inbox_Message");
    assert_eq!(r.message.message_id().as_str(), "34502");
}

/// Four request examples copy `Content-Length: 2702` from the Inbox example; the bodies
/// are shorter, which HTTP/1.1 (required by the binding, §1.1.1) does not allow.
/// (The Collection Information Request body also lacks the space before `message_id`,
/// an XML well-formedness error that is the message decoder's to report.)
#[test]
fn copied_content_length_is_refused_as_bad_message() {
    let b = blocks();
    for (i, actual) in [(4usize, 515usize), (5, 185), (7, 131), (8, 380)] {
        let req = seed_request(&b[i]);
        let rej = read_request(&req, &ServerPolicy::new(Transport::Http)).unwrap_err();
        assert_eq!(
            *rej.error(),
            Error::ContentLengthMismatch {
                declared: 2702,
                actual
            },
            "example {i}"
        );
        assert_eq!(rej.status_type(), StatusType::BadMessage);
    }
}

/// With Content-Length corrected, the Poll Request, Poll Fulfillment and Subscription
/// Management examples read back.
#[test]
fn with_content_length_fixed_the_requests_read() {
    let b = blocks();
    for (i, root, id) in [
        (4usize, "Poll_Request", "42158"),
        (5, "Poll_Fulfillment", "83013"),
        (8, "Subscription_Management_Request", "96485"),
    ] {
        let mut req = seed_request(&b[i]);
        req.headers_mut().remove(CONTENT_LENGTH);
        let r = read_request(&req, &ServerPolicy::new(Transport::Http)).unwrap();
        assert_eq!(r.message.root_element(), root);
        assert_eq!(r.message.message_id().as_str(), id);
    }
}

/// The five response examples (chunked, `Proxy-Connection`, no Content-Length) read back
/// into their TAXII messages.
#[test]
fn responses_read_back() {
    let b = blocks();
    for (i, root) in [
        (1usize, "Discovery_Response"),
        (3, "Status_Message"),
        (6, "Poll_Response"),
        (9, "Collection_Information_Response"),
        (10, "Subscription_Management_Response"),
    ] {
        let resp = seed_response(&b[i]);
        let read = inspect_response(&resp, &MessageId::unknown(), &ClientPolicy::default());
        assert_eq!(read.not_taxii, None, "example {i}: {:?}", read.message);
        assert_eq!(read.message.root_element(), root);
    }
}
