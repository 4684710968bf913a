//! Reading responses (section 4) and answering requests in the negotiated binding (HR-6).

use bytes::Bytes;
use http::Response;
use taxii_http_binding::{
    inspect_response, read_request, request_for, AcceptBindings, BuildError, ClientPolicy, Error,
    MessageBinding, NotTaxii, RequestOptions, ServerPolicy, Transport,
};
use taxii_messages::{v10, v11, Message, MessageId, StatusType};

const STATUS_11: &str = r#"<taxii_11:Status_Message xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="2" in_response_to="1" status_type="SUCCESS"/>"#;

fn response(headers: &[(&str, &str)], body: &'static str) -> Response<Bytes> {
    let mut b = Response::builder().status(200);
    for (n, v) in headers {
        b = b.header(*n, *v);
    }
    b.body(Bytes::from_static(body.as_bytes())).unwrap()
}

fn discovery11(id: &str) -> Message {
    Message::V11(v11::Message::DiscoveryRequest(v11::DiscoveryRequest::new(
        MessageId::new(id).unwrap(),
    )))
}

#[test]
fn respond_in_the_negotiated_binding_hr6() {
    let req = request_for(&discovery11("1"), "https://h/d", &RequestOptions::default()).unwrap();
    let accepted = read_request(&req, &ServerPolicy::new(Transport::Https)).unwrap();
    let ok = Message::V11(v11::Message::DiscoveryResponse(
        v11::DiscoveryResponse::new(MessageId::new("2").unwrap(), MessageId::new("1").unwrap()),
    ));
    let resp = accepted.respond(&ok).unwrap();
    assert_eq!(
        resp.headers()["x-taxii-protocol"],
        "urn:taxii.mitre.org:protocol:https:1.0"
    );
    let wrong = Message::V10(v10::Message::StatusMessage(v10::StatusMessage::new(
        MessageId::new("2").unwrap(),
        MessageId::new("1").unwrap(),
        StatusType::Success,
    )));
    assert_eq!(
        accepted.respond(&wrong).unwrap_err(),
        BuildError::NotNegotiated {
            binding: MessageBinding::Xml10,
            negotiated: MessageBinding::Xml11
        }
    );
}

/// H-3: an X-TAXII-Accept in a response is ignored.
#[test]
fn x_taxii_accept_in_response_is_ignored_h3() {
    let r = response(
        &[
            (
                "X-TAXII-Content-Type",
                "urn:taxii.mitre.org:message:xml:1.1",
            ),
            ("X-TAXII-Services", "urn:taxii.mitre.org:services:1.1"),
            ("X-TAXII-Protocol", "urn:taxii.mitre.org:protocol:http:1.0"),
            ("X-TAXII-Accept", "urn:taxii.mitre.org:message:xml:1.0"),
        ],
        STATUS_11,
    );
    let read = inspect_response(&r, &MessageId::unknown(), &ClientPolicy::default());
    assert_eq!(read.not_taxii, None);
    assert_eq!(read.message.root_element(), "Status_Message");
}

/// Leniency: X-TAXII-Content-Type alone (no -Services / -Protocol), `X-Taxii-*` case and a
/// charset parameter still give the body's message.
#[test]
fn lenient_response_headers() {
    let r = response(
        &[
            (
                "x-taxii-content-type",
                "urn:taxii.mitre.org:message:xml:1.1",
            ),
            ("Content-Type", "application/xml; charset=utf-8"),
            ("Connection", "close"),
        ],
        STATUS_11,
    );
    let read = inspect_response(&r, &MessageId::unknown(), &ClientPolicy::default());
    assert_eq!(read.not_taxii, None);
    let h = read.headers.unwrap();
    assert_eq!(h.x_taxii_services, None);
    assert_eq!(h.content_type.unwrap().param("charset"), Some("utf-8"));
}

/// H-4: the body must be in the binding X-TAXII-Content-Type names.
#[test]
fn response_body_in_other_binding_is_failure_h4() {
    let r = response(
        &[(
            "X-TAXII-Content-Type",
            "urn:taxii.mitre.org:message:xml:1.0",
        )],
        STATUS_11,
    );
    let read = inspect_response(&r, &MessageId::unknown(), &ClientPolicy::default());
    assert_eq!(
        read.not_taxii,
        Some(NotTaxii::Binding(Error::BodyBindingMismatch {
            header: MessageBinding::Xml10,
            body: MessageBinding::Xml11
        }))
    );
    let Message::V11(v11::Message::StatusMessage(s)) = read.message else {
        panic!()
    };
    assert_eq!(s.status_type, StatusType::Failure);
}

/// A malformed TAXII header in a response makes it non-TAXII (FAILURE), not an error.
#[test]
fn malformed_response_header_is_failure() {
    let r = response(&[("X-TAXII-Content-Type", "urn:a urn:b")], STATUS_11);
    let read = inspect_response(&r, &MessageId::unknown(), &ClientPolicy::default());
    assert!(matches!(
        read.not_taxii,
        Some(NotTaxii::Binding(Error::InvalidHeader {
            header: "X-TAXII-Content-Type",
            ..
        }))
    ));
    assert!(read.headers.is_none());
}

/// H-1: Accept lists each media subtype of the accepted bindings once.
#[test]
fn accept_follows_x_taxii_accept_h1() {
    let accept = AcceptBindings::new(vec![
        MessageBinding::Xml11,
        MessageBinding::CertEuJson10,
        MessageBinding::Xml10,
    ])
    .unwrap();
    let o = RequestOptions::default().with_accept(accept);
    let req = request_for(&discovery11("1"), "http://h/", &o).unwrap();
    assert_eq!(req.headers()["accept"], "application/xml, application/json");
    assert_eq!(
        req.headers()["x-taxii-accept"],
        "urn:taxii.mitre.org:message:xml:1.1 urn:cert.europa.eu:message:json:1.0 urn:taxii.mitre.org:message:xml:1.0"
    );
    // A server that only speaks XML 1.1 still reads it and answers in XML 1.1.
    let r = read_request(&req, &ServerPolicy::new(Transport::Http)).unwrap();
    assert_eq!(r.response_binding, MessageBinding::Xml11);
}

/// HR-5: a non-200 answer carrying a TAXII 1.0 Status Message is that message, as for 1.1.
#[test]
fn a_non_200_answer_with_a_v10_status_message_is_that_message_hr5() {
    let body = r#"<Status_Message xmlns="http://taxii.mitre.org/messages/taxii_xml_binding-1" message_id="2" in_response_to="1" status_type="FAILURE"><Message>disk full</Message></Status_Message>"#;
    let resp = Response::builder()
        .status(500)
        .header(
            "x-taxii-content-type",
            "urn:taxii.mitre.org:message:xml:1.0",
        )
        .body(Bytes::from_static(body.as_bytes()))
        .unwrap();
    let read = inspect_response(
        &resp,
        &MessageId::new("1").unwrap(),
        &ClientPolicy::default(),
    );
    assert_eq!(read.not_taxii, None);
    match read.message {
        Message::V10(v10::Message::StatusMessage(s)) => {
            assert_eq!(s.status_type, StatusType::Failure);
            assert_eq!(s.message.as_deref(), Some("disk full"));
        }
        other => panic!("{other:?}"),
    }
}
