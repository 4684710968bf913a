//! HTTP binding targets: requests and responses assembled from fuzzer bytes (method,
//! URI, headers from the binding's vocabulary or arbitrary, body), read by the server
//! and client sides of `taxii-http-binding`.
//!
//! * The server side never panics; an accepted message round-trips, and a rejection
//!   turns into a response the client side reads back as a Status Message.
//! * The client side never fails and never panics; whatever message it returns (the
//!   body's, or the Status Message made from the HTTP answer) encodes to XML that decodes
//!   back to the same message.

use arbitrary::{Result, Unstructured};
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, Response};
use taxii_http_binding::{
    binding_of, inspect_response, read_request, ClientPolicy, ServerPolicy, Transport,
};
use taxii_messages::{v10, v11, DecodeOptions, Message, MessageId, StatusType};

const NAMES: &[&str] = &[
    "content-type",
    "x-taxii-content-type",
    "x-taxii-accept",
    "x-taxii-services",
    "x-taxii-protocol",
    "accept",
    "content-length",
    "content-encoding",
    "transfer-encoding",
    "authorization",
    "www-authenticate",
];

const VALUES: &[&str] = &[
    "application/xml",
    "text/xml",
    "application/xml; charset=\"utf-8\"",
    "text/html",
    "*/*",
    "urn:taxii.mitre.org:message:xml:1.1",
    "urn:taxii.mitre.org:message:xml:1.0",
    "urn:taxii.mitre.org:message:xml:1.1, urn:taxii.mitre.org:message:xml:1.0",
    "urn:taxii.mitre.org:services:1.1",
    "urn:taxii.mitre.org:services:1.0",
    "urn:taxii.mitre.org:protocol:http:1.0",
    "urn:taxii.mitre.org:protocol:https:1.0",
    "gzip",
    "deflate",
    "gzip, gzip",
    "identity",
    "chunked",
    "0",
    "18446744073709551616",
    "Basic dGVzdDp0ZXN0",
    "Bearer x",
];

/// The headers a well-formed TAXII 1.1 or 1.0 exchange carries.
fn valid_headers(v11: bool) -> Vec<(&'static str, &'static str)> {
    let (binding, services) = if v11 {
        (VALUES[5], VALUES[8])
    } else {
        (VALUES[6], VALUES[9])
    };
    vec![
        ("content-type", "application/xml"),
        ("accept", "application/xml"),
        ("x-taxii-content-type", binding),
        ("x-taxii-accept", binding),
        ("x-taxii-services", services),
        ("x-taxii-protocol", "urn:taxii.mitre.org:protocol:http:1.0"),
    ]
}

/// Headers: often a valid set, then arbitrary additions from the vocabulary or bytes.
fn headers(u: &mut Unstructured<'_>) -> Result<Vec<(HeaderName, HeaderValue)>> {
    let mut out = Vec::new();
    if u.ratio(2, 3)? {
        let v11 = u.arbitrary()?;
        for (n, v) in valid_headers(v11) {
            if u.ratio(9, 10)? {
                out.push((HeaderName::from_static(n), HeaderValue::from_static(v)));
            }
        }
    }
    for _ in 0..u.int_in_range(0..=4)? {
        let name = HeaderName::from_static(u.choose(NAMES)?);
        let value = if u.ratio(3, 4)? {
            HeaderValue::from_static(u.choose(VALUES)?)
        } else {
            let raw: Vec<u8> = u.arbitrary()?;
            match HeaderValue::from_bytes(&raw) {
                Ok(v) => v,
                Err(_) => continue,
            }
        };
        out.push((name, value));
    }
    Ok(out)
}

fn request(u: &mut Unstructured<'_>) -> Result<Request<Bytes>> {
    let method = *u.choose(&["POST", "POST", "POST", "GET", "PUT"])?;
    let uri = *u.choose(&[
        "/services/poll",
        "http://127.0.0.1:9000/services/inbox",
        "https://taxii.example.com/services/discovery",
        "/services/poll?x=1",
    ])?;
    let mut b = Request::builder().method(method).uri(uri);
    for (n, v) in headers(u)? {
        b = b.header(n, v);
    }
    let n = u.len();
    let body: Vec<u8> = u.bytes(n)?.to_vec();
    Ok(b.body(Bytes::from(body)).expect("valid parts"))
}

fn response(u: &mut Unstructured<'_>) -> Result<Response<Bytes>> {
    let status = *u.choose(&[
        200u16, 200, 200, 400, 401, 403, 404, 500, 502, 503, 302, 204,
    ])?;
    let mut b = Response::builder().status(status);
    for (n, v) in headers(u)? {
        b = b.header(n, v);
    }
    let n = u.len();
    let body: Vec<u8> = u.bytes(n)?.to_vec();
    Ok(b.body(Bytes::from(body)).expect("valid parts"))
}

fn is_status(m: &Message) -> bool {
    matches!(
        m,
        Message::V11(v11::Message::StatusMessage(_)) | Message::V10(v10::Message::StatusMessage(_))
    )
}

/// Target `http_request`: the server side of the binding.
pub fn server_reads_request(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(https) = u.arbitrary::<bool>() else {
        return;
    };
    let Ok(req) = request(&mut u) else {
        return;
    };
    let transport = if https {
        Transport::Https
    } else {
        Transport::Http
    };
    let policy = ServerPolicy::new(transport);
    match read_request(&req, &policy) {
        Ok(accepted) => {
            crate::check::roundtrip_with(&accepted.message, &policy.decode);
            let id = accepted.message.message_id().clone();
            let answer = Message::V11(
                v11::StatusMessage::new(
                    MessageId::new("8").expect("valid"),
                    id.clone(),
                    StatusType::Success,
                )
                .into(),
            );
            if binding_of(&answer) == Some(accepted.response_binding.clone()) {
                let resp = accepted
                    .respond(&answer)
                    .expect("answer in the negotiated binding");
                let read = inspect_response(&resp, &id, &ClientPolicy::default());
                assert_eq!(read.message, answer, "our own response reads back");
            }
        }
        Err(rejection) => {
            let _ = rejection.error().to_string();
            let irt = rejection.in_response_to().clone();
            let resp = rejection.into_response(MessageId::new("7").expect("valid"));
            // Read it as a client of the version the rejection answers in.
            let v10 = resp
                .headers()
                .get("x-taxii-services")
                .is_some_and(|v| v.as_bytes() == b"urn:taxii.mitre.org:services:1.0");
            let client = if v10 {
                ClientPolicy::new(taxii_http_binding::ServicesVersion::V10)
            } else {
                ClientPolicy::default()
            };
            let read = inspect_response(&resp, &irt, &client);
            assert!(
                is_status(&read.message),
                "a rejection reads as a Status Message: {read:?}"
            );
            assert!(
                read.not_taxii.is_none(),
                "our own rejection is a TAXII answer: {:?}",
                read.not_taxii
            );
            crate::check::roundtrip_with(&read.message, &DecodeOptions::default());
        }
    }
}

/// Target `http_response`: the client side of the binding.
pub fn client_reads_response(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(v10) = u.arbitrary::<bool>() else {
        return;
    };
    let Ok(resp) = response(&mut u) else {
        return;
    };
    let policy = if v10 {
        ClientPolicy::new(taxii_http_binding::ServicesVersion::V10)
    } else {
        ClientPolicy::default()
    };
    let id = MessageId::new("1").expect("valid");
    let read = inspect_response(&resp, &id, &policy);
    if read.not_taxii.is_some() {
        assert!(
            is_status(&read.message),
            "made from the HTTP answer: {read:?}"
        );
    }
    crate::check::roundtrip_with(&read.message, &DecodeOptions::default());
}
