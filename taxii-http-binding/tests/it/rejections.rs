//! Rejections a runtime builds itself, e.g. for a body it stopped reading at the cap
//! (T2-6), answered in the request's TAXII version.

use taxii_http_binding::{
    read_response, request_for, ClientPolicy, Error, MessageBinding, Rejection, RequestOptions,
    ServerPolicy, ServicesVersion, Transport,
};
use taxii_messages::{v10, v11, Message, MessageId, StatusType};

fn request_headers(m: &Message) -> http::HeaderMap {
    request_for(m, "http://x/poll", &RequestOptions::default())
        .unwrap()
        .headers()
        .clone()
}

/// The 1.0 Status Message a rejection answers with, read as a 1.0 client would.
fn v10_status(rejection: Rejection) -> v10::StatusMessage {
    let response = rejection.into_response(MessageId::new("9").unwrap());
    let policy = ClientPolicy::new(ServicesVersion::V10);
    match read_response(&response, &MessageId::unknown(), &policy) {
        Message::V10(v10::Message::StatusMessage(s)) => s,
        other => panic!("expected a 1.0 status, got {other:?}"),
    }
}

#[test]
fn body_too_large_answers_a_v10_request_in_taxii_10_t2_6() {
    let req = Message::V10(v10::DiscoveryRequest::new(MessageId::new("5").unwrap()).into());
    let policy = ServerPolicy::new(Transport::Http);
    let rejection =
        Rejection::body_too_large(2_000_000, 1_000_000, &request_headers(&req), &policy);
    assert_eq!(rejection.status_type(), StatusType::BadMessage);
    assert_eq!(rejection.in_response_to().as_str(), "0");
    let s = v10_status(rejection);
    assert_eq!(s.status_type, StatusType::BadMessage);
    assert!(s.message.unwrap_or_default().contains("1000000"));
}

#[test]
fn new_answers_in_the_policys_first_version() {
    let policy = ServerPolicy::new(Transport::Https);
    let rejection = Rejection::new(Error::BodyTooLarge { size: 10, max: 5 }, &policy);
    let response = rejection.into_response(MessageId::new("1").unwrap());
    let answer = read_response(&response, &MessageId::unknown(), &ClientPolicy::default());
    assert!(
        matches!(answer, Message::V11(v11::Message::StatusMessage(ref s)) if s.status_type == StatusType::BadMessage),
        "{answer:?}"
    );
}

#[test]
fn a_v11_request_refused_by_a_v10_only_server_gets_an_answer_its_sender_decodes_g10_2() {
    let req =
        Message::V11(v11::DiscoveryRequest::new(MessageId::new("not-digits").unwrap()).into());
    let request = request_for(&req, "http://x/taxii", &RequestOptions::default()).unwrap();
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.services = vec![ServicesVersion::V10];
    let rejection = taxii_http_binding::read_request(&request, &policy).unwrap_err();
    let response = rejection.into_response(MessageId::new("9").unwrap());
    // Answered in 1.1, the version its sender speaks, naming the request's id.
    match read_response(
        &response,
        &MessageId::new("not-digits").unwrap(),
        &ClientPolicy::default(),
    ) {
        Message::V11(v11::Message::StatusMessage(s)) => {
            assert_eq!(s.status_type, StatusType::UnsupportedMessage);
            assert_eq!(s.in_response_to.as_str(), "not-digits");
        }
        other => panic!("expected a 1.1 status, got {other:?}"),
    }
}

/// A request without X-TAXII-Services is answered in the server's first version; a 1.0
/// answer names the request only by a digit id (G10-2), though the 1.1 body decodes.
#[test]
fn a_v10_answer_names_the_request_only_by_a_digit_id_g10_2() {
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.services = vec![ServicesVersion::V10];
    for (id, named) in [("17", "17"), ("not-digits", "0")] {
        let req = Message::V11(v11::DiscoveryRequest::new(MessageId::new(id).unwrap()).into());
        let mut request = request_for(&req, "http://x/taxii", &RequestOptions::default()).unwrap();
        request.headers_mut().remove("x-taxii-services");
        let rejection = taxii_http_binding::read_request(&request, &policy).unwrap_err();
        assert_eq!(
            rejection.in_response_to().as_str(),
            named,
            "request id {id}"
        );
        assert_eq!(v10_status(rejection).in_response_to.as_str(), named);
    }
}

/// A rejection shows, and has as its source, the violation it answers.
#[test]
fn a_rejection_displays_and_sources_its_violation() {
    let error = Error::BodyTooLarge { size: 10, max: 5 };
    let rejection = Rejection::new(error.clone(), &ServerPolicy::new(Transport::Http));
    assert_eq!(rejection.to_string(), error.to_string());
    let source = std::error::Error::source(&rejection).expect("a source");
    assert_eq!(source.to_string(), error.to_string());
}

/// Error texts list what is supported, separated by spaces.
#[test]
fn error_texts_list_the_supported_bindings_h4() {
    let error = Error::UnsupportedMessageBinding {
        found: "urn:example:message:x".parse().unwrap(),
        supported: vec![MessageBinding::Xml11, MessageBinding::Xml10],
    };
    assert_eq!(
        error.to_string(),
        "message binding urn:example:message:x is not supported (supported: \
         urn:taxii.mitre.org:message:xml:1.1 urn:taxii.mitre.org:message:xml:1.0) (H-4)"
    );
}

/// ST-14: a services version the server lacks is answered with the message bindings of
/// the versions it has as SUPPORTED_BINDING details.
#[test]
fn unsupported_services_details_name_the_supported_bindings_st_14() {
    let error = Error::UnsupportedServices {
        found: ServicesVersion::V11,
        supported: vec![ServicesVersion::V10],
    };
    assert_eq!(
        error.status_details(),
        vec![(
            "SUPPORTED_BINDING",
            "urn:taxii.mitre.org:message:xml:1.0".to_owned()
        )]
    );
}
