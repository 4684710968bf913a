//! Reading requests: every MUST of sections 2 and 3, each violation with its rule and the
//! status a server answers (H-1..H-6, HR-1, HR-2, HR-6, HR-7).

use bytes::Bytes;
use http::header::{HeaderValue, ACCEPT, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use http::{Method, Request, StatusCode};
use taxii_http_binding::{
    read_request, read_response, request_for, ClientPolicy, Error, MessageBinding, ProtocolBinding,
    RequestOptions, ServerPolicy, ServicesVersion, Transport, X_TAXII_ACCEPT, X_TAXII_CONTENT_TYPE,
    X_TAXII_PROTOCOL, X_TAXII_SERVICES,
};
use taxii_messages::{v10, v11, Message, MessageId, StatusType};

const URL: &str = "http://example.com/taxii-discovery-service/";

fn discovery() -> Message {
    Message::V11(v11::Message::DiscoveryRequest(v11::DiscoveryRequest::new(
        MessageId::new("100").unwrap(),
    )))
}

fn good() -> Request<Bytes> {
    request_for(&discovery(), URL, &RequestOptions::default()).unwrap()
}

fn http_policy() -> ServerPolicy {
    ServerPolicy::new(Transport::Http)
}

fn refuse(req: &Request<Bytes>) -> (Error, StatusType) {
    let rej = read_request(req, &http_policy()).unwrap_err();
    (rej.error().clone(), rej.status_type())
}

fn set(req: &mut Request<Bytes>, name: impl http::header::IntoHeaderName, value: &str) {
    req.headers_mut()
        .insert(name, HeaderValue::from_str(value).unwrap());
}

fn set_body(req: &mut Request<Bytes>, body: &'static [u8]) {
    *req.body_mut() = Bytes::from_static(body);
    req.headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
}

#[test]
fn built_request_is_accepted() {
    let r = read_request(&good(), &http_policy()).unwrap();
    assert_eq!(r.message, discovery());
    assert_eq!(r.response_binding, MessageBinding::Xml11);
    assert_eq!(r.protocol, ProtocolBinding::Http10);
}

#[test]
fn method_must_be_post_hr1_hr7() {
    let mut req = good();
    *req.method_mut() = Method::GET;
    let rej = read_request(&req, &http_policy()).unwrap_err();
    assert_eq!(
        *rej.error(),
        Error::MethodNotAllowed {
            method: "GET".into()
        }
    );
    assert_eq!(rej.error().rule(), "HR-1");
    assert_eq!(rej.status_type(), StatusType::BadMessage);
    let resp = rej.into_response(MessageId::new("9").unwrap());
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(resp.headers()[ALLOW], "POST");
    // HR-5: the non-200 answer still carries a Status Message.
    let m = read_response(&resp, &MessageId::unknown(), &ClientPolicy::default());
    let Message::V11(v11::Message::StatusMessage(s)) = m else {
        panic!()
    };
    assert_eq!(s.status_type, StatusType::BadMessage);
    assert!(s.message.unwrap().contains("POST"));
}

#[test]
fn missing_headers_h4_h5_h6() {
    for (name, rule) in [
        (X_TAXII_CONTENT_TYPE, "H-4"),
        (X_TAXII_SERVICES, "H-6"),
        (X_TAXII_PROTOCOL, "H-5"),
    ] {
        let mut req = good();
        req.headers_mut().remove(&name);
        let (err, st) = refuse(&req);
        assert!(
            matches!(err, Error::MissingHeader { rule: r, .. } if r == rule),
            "{err:?}"
        );
        assert_eq!(err.rule(), rule);
        assert_eq!(st, StatusType::BadMessage);
    }
}

/// HI-3: OpenTAXII does not require X-TAXII-Protocol; a policy can follow it.
#[test]
fn missing_protocol_allowed_by_policy_hi3() {
    let mut req = good();
    req.headers_mut().remove(X_TAXII_PROTOCOL);
    let mut policy = http_policy();
    policy.require_protocol_header = false;
    let r = read_request(&req, &policy).unwrap();
    assert_eq!(r.protocol, ProtocolBinding::Http10);
}

#[test]
fn x_taxii_content_type_exactly_one_id_h4() {
    let mut req = good();
    req.headers_mut().append(
        X_TAXII_CONTENT_TYPE,
        HeaderValue::from_static("urn:taxii.mitre.org:message:xml:1.0"),
    );
    let (err, st) = refuse(&req);
    assert!(
        matches!(
            err,
            Error::InvalidHeader {
                header: "X-TAXII-Content-Type",
                rule: "H-4",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(st, StatusType::BadMessage);

    let mut req = good();
    set(
        &mut req,
        X_TAXII_CONTENT_TYPE,
        "urn:taxii.mitre.org:message:xml:1.1 urn:taxii.mitre.org:message:xml:1.0",
    );
    let (err, _) = refuse(&req);
    assert!(
        matches!(
            err,
            Error::InvalidHeader {
                header: "X-TAXII-Content-Type",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn non_ascii_header_value_is_invalid() {
    let mut req = good();
    req.headers_mut().insert(
        X_TAXII_SERVICES,
        HeaderValue::from_bytes("urn:taxii.mitre.org:services:1.1\u{e9}".as_bytes()).unwrap(),
    );
    let (err, st) = refuse(&req);
    assert!(
        matches!(
            err,
            Error::InvalidHeader {
                header: "X-TAXII-Services",
                rule: "H-6",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(st, StatusType::BadMessage);
}

/// ST-14: UNSUPPORTED_MESSAGE lists the supported bindings.
#[test]
fn unknown_binding_is_unsupported_message_h4() {
    let mut req = good();
    set(
        &mut req,
        X_TAXII_CONTENT_TYPE,
        "urn:example.com:message:yaml:1.0",
    );
    let rej = read_request(&req, &http_policy()).unwrap_err();
    assert_eq!(rej.error().rule(), "H-4");
    assert_eq!(rej.status_type(), StatusType::UnsupportedMessage);
    let resp = rej.into_response(MessageId::new("s1").unwrap());
    assert_eq!(resp.status(), StatusCode::OK, "HR-4");
    assert_eq!(
        resp.headers()[X_TAXII_CONTENT_TYPE],
        "urn:taxii.mitre.org:message:xml:1.1"
    );
    let m = read_response(
        &resp,
        &MessageId::new("100").unwrap(),
        &ClientPolicy::default(),
    );
    let Message::V11(v11::Message::StatusMessage(s)) = m else {
        panic!("{m:?}")
    };
    assert_eq!(s.status_type, StatusType::UnsupportedMessage);
    assert_eq!(
        s.supported_bindings(),
        vec![
            "urn:taxii.mitre.org:message:xml:1.1".to_owned(),
            "urn:taxii.mitre.org:message:xml:1.0".to_owned()
        ]
    );
    // The body decodes, so the answer names the request (E-11 otherwise).
    assert_eq!(s.in_response_to.as_str(), "100");
}

#[test]
fn unknown_services_version_h6() {
    let mut req = good();
    set(
        &mut req,
        X_TAXII_SERVICES,
        "urn:taxii.mitre.org:services:2.0",
    );
    let (err, st) = refuse(&req);
    assert!(matches!(err, Error::UnsupportedServices { .. }), "{err:?}");
    assert_eq!(err.rule(), "H-6");
    assert_eq!(st, StatusType::UnsupportedMessage);
}

#[test]
fn services_must_fit_binding_h6() {
    let mut req = good();
    set(
        &mut req,
        X_TAXII_SERVICES,
        "urn:taxii.mitre.org:services:1.0",
    );
    let (err, st) = refuse(&req);
    assert_eq!(
        err,
        Error::ServicesMismatch {
            services: ServicesVersion::V10,
            binding: MessageBinding::Xml11
        }
    );
    assert_eq!(st, StatusType::BadMessage);
}

/// ST-16: UNSUPPORTED_PROTOCOL with the supported protocol as detail.
#[test]
fn protocol_must_agree_with_transport_h5() {
    let mut req = good();
    set(
        &mut req,
        X_TAXII_PROTOCOL,
        "urn:taxii.mitre.org:protocol:https:1.0",
    );
    let rej = read_request(&req, &http_policy()).unwrap_err();
    assert_eq!(
        *rej.error(),
        Error::ProtocolMismatch {
            found: ProtocolBinding::Https10,
            transport: Transport::Http,
            supported: vec![ProtocolBinding::Http10]
        }
    );
    assert_eq!(rej.status_type(), StatusType::UnsupportedProtocol);
    let Message::V11(v11::Message::StatusMessage(s)) =
        rej.status_message(MessageId::new("2").unwrap())
    else {
        panic!()
    };
    assert_eq!(
        s.supported_protocols(),
        vec!["urn:taxii.mitre.org:protocol:http:1.0".to_owned()]
    );

    // The same request is right on a TLS server.
    let mut policy = ServerPolicy::new(Transport::Https);
    policy.require_protocol_header = true;
    let mut req = req;
    *req.uri_mut() = "/taxii-discovery-service/".parse().unwrap();
    assert_eq!(
        read_request(&req, &policy).unwrap().protocol,
        ProtocolBinding::Https10
    );
}

#[test]
fn unknown_protocol_h5() {
    let mut req = good();
    set(
        &mut req,
        X_TAXII_PROTOCOL,
        "urn:example.com:protocol:coap:1.0",
    );
    let (err, st) = refuse(&req);
    assert!(matches!(err, Error::UnsupportedProtocol { .. }), "{err:?}");
    assert_eq!(st, StatusType::UnsupportedProtocol);
}

/// A TAXII 1.0 request is answered in TAXII 1.0, the supported protocols in the
/// plain-text Status_Detail (ST10-11).
#[test]
fn taxii10_rejection_is_a_10_status_message() {
    let msg = Message::V10(v10::Message::DiscoveryRequest(v10::DiscoveryRequest::new(
        MessageId::new("55").unwrap(),
    )));
    let mut req = request_for(&msg, URL, &RequestOptions::default()).unwrap();
    set(
        &mut req,
        X_TAXII_PROTOCOL,
        "urn:taxii.mitre.org:protocol:https:1.0",
    );
    let rej = read_request(&req, &http_policy()).unwrap_err();
    let Message::V10(v10::Message::StatusMessage(s)) =
        rej.status_message(MessageId::new("56").unwrap())
    else {
        panic!()
    };
    assert_eq!(s.status_type, StatusType::UnsupportedProtocol);
    assert_eq!(
        s.status_detail.as_deref(),
        Some("urn:taxii.mitre.org:protocol:http:1.0")
    );
    assert_eq!(s.in_response_to.as_str(), "55");
}

#[test]
fn content_type_must_be_application_h2() {
    let mut req = good();
    set(&mut req, CONTENT_TYPE, "text/xml");
    let (err, st) = refuse(&req);
    assert!(
        matches!(
            err,
            Error::NotApplicationType {
                header: "Content-Type",
                rule: "H-2",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(st, StatusType::UnsupportedMessage);
}

#[test]
fn content_type_must_agree_with_binding_h2() {
    let mut req = good();
    set(&mut req, CONTENT_TYPE, "application/json");
    let (err, st) = refuse(&req);
    assert!(
        matches!(
            err,
            Error::SubtypeDisagrees {
                header: "Content-Type",
                rule: "H-2",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(st, StatusType::UnsupportedMessage);
}

/// Leniency: parameters (charset) and `+xml` suffixes are fine; Content-Type is optional.
#[test]
fn content_type_leniencies_h2() {
    for ct in [
        "application/xml; charset=utf-8",
        "Application/XML;charset=\"UTF-8\"",
        "application/taxii+xml",
    ] {
        let mut req = good();
        set(&mut req, CONTENT_TYPE, ct);
        read_request(&req, &http_policy()).unwrap_or_else(|e| panic!("{ct}: {e}"));
    }
    let mut req = good();
    req.headers_mut().remove(CONTENT_TYPE);
    read_request(&req, &http_policy()).unwrap();
}

#[test]
fn accept_ranges_must_be_application_h1() {
    let mut req = good();
    set(&mut req, ACCEPT, "application/xml, text/html");
    let (err, st) = refuse(&req);
    assert!(
        matches!(
            err,
            Error::NotApplicationType {
                header: "Accept",
                rule: "H-1",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(st, StatusType::UnsupportedMessage);
}

#[test]
fn accept_subtypes_must_agree_with_x_taxii_accept_h1() {
    let mut req = good();
    set(&mut req, ACCEPT, "application/xml, application/json");
    let (err, _) = refuse(&req);
    assert!(
        matches!(
            err,
            Error::SubtypeDisagrees {
                header: "Accept",
                rule: "H-1",
                ..
            }
        ),
        "{err:?}"
    );
}

/// Leniency: `*/*` and `application/*` are accepted; without X-TAXII-Accept any
/// application subtype is.
#[test]
fn accept_leniencies_h1() {
    for a in ["*/*", "application/*", "application/xml;q=0.9, */*;q=0.1"] {
        let mut req = good();
        set(&mut req, ACCEPT, a);
        read_request(&req, &http_policy()).unwrap_or_else(|e| panic!("{a}: {e}"));
    }
    let mut req = good();
    req.headers_mut().remove(X_TAXII_ACCEPT);
    set(&mut req, ACCEPT, "application/xml, application/json");
    read_request(&req, &http_policy()).unwrap();
}

#[test]
fn accept_excluding_xml_is_not_acceptable_hr6() {
    let mut req = good();
    set(&mut req, ACCEPT, "application/xml;q=0");
    let (err, st) = refuse(&req);
    assert!(
        matches!(err, Error::MediaTypeNotAcceptable { .. }),
        "{err:?}"
    );
    assert_eq!(st, StatusType::UnsupportedMessage);
}

#[test]
fn x_taxii_accept_negotiation_hr6() {
    // Preference order is honoured; unknown bindings are skipped.
    let mut req = good();
    set(
        &mut req,
        X_TAXII_ACCEPT,
        "urn:example.com:message:cbor:1 urn:taxii.mitre.org:message:xml:1.1",
    );
    assert_eq!(
        read_request(&req, &http_policy()).unwrap().response_binding,
        MessageBinding::Xml11
    );
    // Absent: every binding is acceptable (H-3); the request's own is used.
    let mut req = good();
    req.headers_mut().remove(X_TAXII_ACCEPT);
    assert_eq!(
        read_request(&req, &http_policy()).unwrap().response_binding,
        MessageBinding::Xml11
    );
    // Only 1.0 accepted for a 1.1 request: UNSUPPORTED_MESSAGE naming what could be sent.
    let mut req = good();
    set(
        &mut req,
        X_TAXII_ACCEPT,
        "urn:taxii.mitre.org:message:xml:1.0",
    );
    let rej = read_request(&req, &http_policy()).unwrap_err();
    assert_eq!(
        *rej.error(),
        Error::NotAcceptable {
            accepted: vec![MessageBinding::Xml10],
            supported: vec![MessageBinding::Xml11]
        }
    );
    assert_eq!(rej.error().rule(), "HR-6");
    assert_eq!(rej.status_type(), StatusType::UnsupportedMessage);
    assert_eq!(
        rej.error().status_details(),
        vec![("SUPPORTED_BINDING", MessageBinding::Xml11.to_string())]
    );
}

#[test]
fn x_taxii_accept_syntax_h3() {
    let mut req = good();
    set(&mut req, X_TAXII_ACCEPT, "   ");
    let (err, st) = refuse(&req);
    assert!(
        matches!(
            err,
            Error::InvalidHeader {
                header: "X-TAXII-Accept",
                rule: "H-3",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(st, StatusType::BadMessage);
}

#[test]
fn body_must_hold_a_message_hr1() {
    let mut req = good();
    set_body(&mut req, b"");
    assert_eq!(
        refuse(&req),
        (Error::EmptyBody { rule: "HR-1" }, StatusType::BadMessage)
    );
    set_body(&mut req, b" \r\n ");
    assert_eq!(refuse(&req).0, Error::EmptyBody { rule: "HR-1" });
}

#[test]
fn body_that_is_not_taxii_is_bad_message() {
    let mut req = good();
    set_body(&mut req, b"{\"username\": \"test\"}");
    let (err, st) = refuse(&req);
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(st, StatusType::BadMessage);
}

#[test]
fn body_must_match_x_taxii_content_type_h4() {
    let mut req = good();
    set_body(
        &mut req,
        br#"<taxii:Discovery_Request xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1" message_id="1"/>"#,
    );
    let (err, st) = refuse(&req);
    assert_eq!(
        err,
        Error::BodyBindingMismatch {
            header: MessageBinding::Xml11,
            body: MessageBinding::Xml10
        }
    );
    assert_eq!(st, StatusType::BadMessage);
}

#[test]
fn content_length_must_match_body() {
    let mut req = good();
    set(&mut req, CONTENT_LENGTH, "5");
    let (err, st) = refuse(&req);
    assert!(
        matches!(err, Error::ContentLengthMismatch { declared: 5, .. }),
        "{err:?}"
    );
    assert_eq!(st, StatusType::BadMessage);
    // With Transfer-Encoding the runtime has de-chunked the body: Content-Length is ignored.
    set(&mut req, http::header::TRANSFER_ENCODING, "chunked");
    read_request(&req, &http_policy()).unwrap();
}

/// HR-2: query parameters carry no TAXII meaning and are ignored.
#[test]
fn query_parameters_are_ignored_hr2() {
    let req = request_for(
        &discovery(),
        "http://example.com/taxii-discovery-service/?tenant=a&x=1",
        &RequestOptions::default(),
    )
    .unwrap();
    assert_eq!(req.uri().query(), Some("tenant=a&x=1"));
    read_request(&req, &http_policy()).unwrap();
}

/// Real peers: `Connection: close`, `Proxy-Connection`, `Cache-Control`, `Accept-Language`
/// are not TAXII's business (HI-1, seed 004).
#[test]
fn unrelated_http_headers_are_ignored() {
    let mut req = good();
    for (n, v) in [
        ("connection", "close"),
        ("proxy-connection", "keep-alive"),
        ("cache-control", "no-cache"),
        ("accept-language", "en-US,en;q=0.8"),
        ("user-agent", "libtaxii.httpclient"),
    ] {
        req.headers_mut().insert(
            http::header::HeaderName::from_static(n),
            HeaderValue::from_static(v),
        );
    }
    read_request(&req, &http_policy()).unwrap();
}

#[test]
fn every_error_answers_with_a_decodable_status_message() {
    let mut cases: Vec<Request<Bytes>> = Vec::new();
    let mut r = good();
    set(
        &mut r,
        X_TAXII_PROTOCOL,
        "urn:taxii.mitre.org:protocol:https:1.0",
    );
    cases.push(r);
    let mut r = good();
    set_body(&mut r, b"<not-taxii/>");
    cases.push(r);
    let mut r = good();
    set(&mut r, CONTENT_TYPE, "text/plain");
    cases.push(r);
    for req in cases {
        let rej = read_request(&req, &http_policy()).unwrap_err();
        let expected = rej.status_type();
        let resp = rej.into_response(MessageId::new("77").unwrap());
        // The answer itself conforms: it reads back as a TAXII message.
        let read = taxii_http_binding::inspect_response(
            &resp,
            &MessageId::unknown(),
            &ClientPolicy::default(),
        );
        assert_eq!(read.not_taxii, None);
        let Message::V11(v11::Message::StatusMessage(s)) = read.message else {
            panic!()
        };
        assert_eq!(s.status_type, expected);
        assert_eq!(s.message_id.as_str(), "77");
    }
}

/// Error texts say what, where and which rule.
#[test]
fn error_messages_are_precise() {
    let mut req = good();
    set(
        &mut req,
        X_TAXII_PROTOCOL,
        "urn:taxii.mitre.org:protocol:https:1.0",
    );
    let (err, _) = refuse(&req);
    assert_eq!(
        err.to_string(),
        "protocol binding urn:taxii.mitre.org:protocol:https:1.0 does not agree with the \
         transport used (HTTP) (H-5)"
    );
    let mut req = good();
    set(&mut req, CONTENT_TYPE, "text/xml; charset=utf-8");
    assert_eq!(
        refuse(&req).0.to_string(),
        "Content-Type media type text/xml; charset=utf-8 is not of type application (H-2)"
    );
    let mut req = good();
    set_body(&mut req, b"<taxii_11:Discovery_Request xmlns:taxii_11=\"http://taxii.mitre.org/messages/taxii_xml_binding-1.1\"/>");
    let (err, _) = refuse(&req);
    let text = err.to_string();
    assert!(
        text.starts_with("the body is not a valid TAXII message: 1:1"),
        "{text}"
    );
    assert!(text.contains("message_id"), "{text}");
}
