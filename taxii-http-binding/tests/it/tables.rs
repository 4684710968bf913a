//! Table 2 (HTTP status -> TAXII status, T2-1..T2-8) and Table 3 (TLS alert -> TAXII
//! status, T3-1..T3-7), and responses without a TAXII message (section 5).

use bytes::Bytes;
use http::{Response, StatusCode};
use taxii_http_binding::{
    inspect_response, read_response, render_response, status_type_for_http, ClientPolicy, Error,
    NotTaxii, ServicesVersion, TlsAlert,
};
use taxii_messages::{v10, v11, Message, MessageId, StatusType};

fn status(m: &Message) -> (&StatusType, Option<&str>) {
    match m {
        Message::V11(v11::Message::StatusMessage(s)) => (&s.status_type, s.message.as_deref()),
        Message::V10(v10::Message::StatusMessage(s)) => (&s.status_type, s.message.as_deref()),
        other => panic!("not a status message: {other:?}"),
    }
}

fn plain(code: u16, content_type: &str, body: &'static str) -> Response<Bytes> {
    Response::builder()
        .status(code)
        .header("content-type", content_type)
        .body(Bytes::from_static(body.as_bytes()))
        .unwrap()
}

const TABLE_2: &[(&str, u16, StatusType)] = &[
    ("T2-1", 400, StatusType::BadMessage),
    ("T2-2", 401, StatusType::Unauthorized),
    ("T2-3", 403, StatusType::Unauthorized),
    ("T2-4", 406, StatusType::UnsupportedMessage),
    ("T2-5", 407, StatusType::Unauthorized),
    ("T2-6", 413, StatusType::BadMessage),
    ("T2-7", 415, StatusType::UnsupportedMessage),
    ("T2-8", 200, StatusType::Failure),
    ("T2-8", 302, StatusType::Failure),
    ("T2-8", 404, StatusType::Failure),
    ("T2-8", 405, StatusType::Failure),
    ("T2-8", 500, StatusType::Failure),
    ("T2-8", 502, StatusType::Failure),
    ("T2-8", 503, StatusType::Failure),
];

#[test]
fn table_2_every_row() {
    for (row, code, expected) in TABLE_2 {
        let code = StatusCode::from_u16(*code).unwrap();
        assert_eq!(status_type_for_http(code), *expected, "{row} {code}");
        // And through read_response, with the HTTP response as the message text.
        let resp = plain(code.as_u16(), "text/plain", "proxy says no");
        let id = MessageId::new("req-1").unwrap();
        let msg = read_response(&resp, &id, &ClientPolicy::default());
        let (st, text) = status(&msg);
        assert_eq!(st, expected, "{row}");
        let text = text.unwrap();
        assert!(
            text.starts_with(&format!("HTTP/1.1 {}", code.as_str())),
            "{row}: {text}"
        );
        assert!(text.contains("content-type: text/plain\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\nproxy says no"), "{text}");
        let Message::V11(v11::Message::StatusMessage(s)) = &msg else {
            panic!()
        };
        assert_eq!(s.in_response_to, id);
    }
}

/// A proxy's HTML error page: UNAUTHORIZED for 407, never a decode error.
#[test]
fn html_proxy_page_t2_5() {
    let resp = plain(
        407,
        "text/html; charset=iso-8859-1",
        "<!DOCTYPE html><html><body><h1>Proxy Authentication Required</h1></body></html>",
    );
    let read = inspect_response(&resp, &MessageId::unknown(), &ClientPolicy::default());
    assert_eq!(read.not_taxii, Some(NotTaxii::NoTaxiiMessage));
    let (st, text) = status(&read.message);
    assert_eq!(*st, StatusType::Unauthorized);
    assert!(text
        .unwrap()
        .contains("<h1>Proxy Authentication Required</h1>"));
}

/// HR-3: a 200 that claims a TAXII message but has an empty body is FAILURE (T2-8).
#[test]
fn empty_200_is_failure_hr3() {
    let resp = Response::builder()
        .status(200)
        .header(
            "x-taxii-content-type",
            "urn:taxii.mitre.org:message:xml:1.1",
        )
        .header("x-taxii-services", "urn:taxii.mitre.org:services:1.1")
        .header("x-taxii-protocol", "urn:taxii.mitre.org:protocol:http:1.0")
        .body(Bytes::new())
        .unwrap();
    let read = inspect_response(&resp, &MessageId::unknown(), &ClientPolicy::default());
    assert_eq!(
        read.not_taxii,
        Some(NotTaxii::Binding(Error::EmptyBody { rule: "HR-3" }))
    );
    assert_eq!(*status(&read.message).0, StatusType::Failure);
}

/// A 200 with TAXII headers but HTML in the body: the decode error does not leak, the
/// answer is a FAILURE Status Message whose text is the response.
#[test]
fn taxii_headers_with_html_body_is_failure() {
    let resp = Response::builder()
        .status(200)
        .header(
            "x-taxii-content-type",
            "urn:taxii.mitre.org:message:xml:1.1",
        )
        .body(Bytes::from_static(b"<html><body>maintenance</body></html>"))
        .unwrap();
    let read = inspect_response(&resp, &MessageId::unknown(), &ClientPolicy::default());
    assert!(matches!(
        read.not_taxii,
        Some(NotTaxii::Binding(Error::Decode(_)))
    ));
    let (st, text) = status(&read.message);
    assert_eq!(*st, StatusType::Failure);
    assert!(text.unwrap().contains("maintenance"));
}

/// A plain-text 500 is FAILURE (T2-8).
#[test]
fn plain_text_500_is_failure() {
    let resp = plain(500, "text/plain", "Traceback (most recent call last): ...");
    let (st, text) = {
        let m = read_response(&resp, &MessageId::unknown(), &ClientPolicy::default());
        let (s, t) = status(&m);
        (s.clone(), t.map(str::to_owned))
    };
    assert_eq!(st, StatusType::Failure);
    assert!(text.unwrap().contains("Traceback"));
}

/// HR-5: a non-200 answer may carry a Status Message for detail; it is the result.
#[test]
fn non_200_with_status_message_hr5() {
    let body = r#"<taxii_11:Status_Message xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="5" in_response_to="4" status_type="DENIED"><taxii_11:Message>quota</taxii_11:Message></taxii_11:Status_Message>"#;
    let resp = Response::builder()
        .status(403)
        .header(
            "x-taxii-content-type",
            "urn:taxii.mitre.org:message:xml:1.1",
        )
        .header("x-taxii-services", "urn:taxii.mitre.org:services:1.1")
        .header("x-taxii-protocol", "urn:taxii.mitre.org:protocol:https:1.0")
        .body(Bytes::from_static(body.as_bytes()))
        .unwrap();
    let read = inspect_response(
        &resp,
        &MessageId::new("4").unwrap(),
        &ClientPolicy::default(),
    );
    assert_eq!(read.not_taxii, None);
    assert_eq!(status(&read.message), (&StatusType::Denied, Some("quota")));
}

/// A non-200 answer carrying a TAXII message that is not a Status Message is not taken
/// at face value (HR-5): Table 2 applies.
#[test]
fn non_200_with_other_message_uses_table_2() {
    let body = r#"<Discovery_Response xmlns="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="5" in_response_to="4"/>"#;
    let resp = Response::builder()
        .status(401)
        .header(
            "x-taxii-content-type",
            "urn:taxii.mitre.org:message:xml:1.1",
        )
        .body(Bytes::from_static(body.as_bytes()))
        .unwrap();
    let read = inspect_response(
        &resp,
        &MessageId::new("4").unwrap(),
        &ClientPolicy::default(),
    );
    assert_eq!(read.not_taxii, Some(NotTaxii::UnexpectedMessage));
    assert_eq!(*status(&read.message).0, StatusType::Unauthorized);
}

/// A TAXII 1.0 client gets a TAXII 1.0 Status Message.
#[test]
fn synthesized_status_follows_client_version() {
    let resp = plain(401, "text/html", "<html>login</html>");
    let m = read_response(
        &resp,
        &MessageId::unknown(),
        &ClientPolicy::new(ServicesVersion::V10),
    );
    assert!(matches!(m, Message::V10(v10::Message::StatusMessage(_))));
    assert_eq!(*status(&m).0, StatusType::Unauthorized);
}

/// The echoed body is cut at `max_echo_bytes`, and credentials are not echoed.
#[test]
fn echo_is_bounded_and_redacted() {
    let big = "x".repeat(10_000);
    let resp = Response::builder()
        .status(502)
        .header("set-cookie", "session=SECRET")
        .body(Bytes::from(big))
        .unwrap();
    let mut policy = ClientPolicy::default();
    policy.max_echo_bytes = 100;
    let m = read_response(&resp, &MessageId::unknown(), &policy);
    let text = status(&m).1.unwrap().to_owned();
    assert!(text.len() < 300, "{}", text.len());
    assert!(text.contains("[... 9900 more bytes]"));
    assert!(!text.contains("SECRET"));
}

/// The rendered response travels in a Status Message: characters XML 1.0 cannot carry
/// become U+FFFD, the ones it can (tab, line ends, the rest of Unicode) stay.
#[test]
fn rendered_response_keeps_only_xml_characters() {
    let resp = Response::builder()
        .status(502)
        .body(Bytes::from_static(
            "a\u{1}b\u{1f}c\td\u{FFFE}e\u{10000}".as_bytes(),
        ))
        .unwrap();
    let text = render_response(&resp, 100);
    assert!(
        text.ends_with("a\u{FFFD}b\u{FFFD}c\td\u{FFFD}e\u{10000}"),
        "{text:?}"
    );
}

const TABLE_3: &[(&str, u8, StatusType)] = &[
    ("T3-1", 40, StatusType::Unauthorized),
    ("T3-2", 41, StatusType::Unauthorized),
    ("T3-3", 42, StatusType::Unauthorized),
    ("T3-4", 43, StatusType::Unauthorized),
    ("T3-5", 48, StatusType::Unauthorized),
    ("T3-6", 49, StatusType::Unauthorized),
    ("T3-7", 0, StatusType::Failure),
    ("T3-7", 10, StatusType::Failure),
    ("T3-7", 20, StatusType::Failure),
    ("T3-7", 44, StatusType::Failure),
    ("T3-7", 45, StatusType::Failure),
    ("T3-7", 46, StatusType::Failure),
    ("T3-7", 47, StatusType::Failure),
    ("T3-7", 50, StatusType::Failure),
    ("T3-7", 70, StatusType::Failure),
    ("T3-7", 80, StatusType::Failure),
    ("T3-7", 116, StatusType::Failure),
];

#[test]
fn table_3_every_row() {
    for (row, description, expected) in TABLE_3 {
        let alert = TlsAlert::fatal(*description);
        assert_eq!(alert.status_type(), *expected, "{row} {description}");
        let m = alert.status_message(&ServicesVersion::V11, MessageId::new("3").unwrap());
        let (st, text) = status(&m);
        assert_eq!(st, expected, "{row}");
        assert_eq!(text, Some(format!("02{description:02x}").as_str()), "{row}");
    }
    // Every description not in T3-1..T3-6 is FAILURE.
    let unauthorized: Vec<u8> = (0..=255u8)
        .filter(|d| TlsAlert::fatal(*d).status_type() == StatusType::Unauthorized)
        .collect();
    assert_eq!(unauthorized, vec![40, 41, 42, 43, 48, 49]);
}

#[test]
fn tls_alert_hex_is_level_then_description() {
    let a = TlsAlert {
        level: 1,
        description: 0,
    };
    assert_eq!(a.to_hex(), "0100");
    assert_eq!(TlsAlert::fatal(TlsAlert::UNKNOWN_CA).to_string(), "0230");
    let m = TlsAlert::fatal(42).status_message(&ServicesVersion::V10, MessageId::unknown());
    assert!(matches!(m, Message::V10(_)));
}

#[cfg(feature = "rustls")]
#[test]
fn rustls_alert_descriptions_map_t3() {
    use rustls::AlertDescription as A;
    for (d, expected) in [
        (A::HandshakeFailure, StatusType::Unauthorized),
        (A::NoCertificate, StatusType::Unauthorized),
        (A::BadCertificate, StatusType::Unauthorized),
        (A::UnsupportedCertificate, StatusType::Unauthorized),
        (A::UnknownCA, StatusType::Unauthorized),
        (A::AccessDenied, StatusType::Unauthorized),
        (A::CertificateExpired, StatusType::Failure),
        (A::DecryptError, StatusType::Failure),
        (A::ProtocolVersion, StatusType::Failure),
    ] {
        assert_eq!(TlsAlert::from(d).status_type(), expected, "{d:?}");
    }
    assert_eq!(TlsAlert::from(A::UnknownCA).to_hex(), "0230");
}
