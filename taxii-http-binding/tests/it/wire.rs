//! Every recorded exchange of testdata/wire (cabby / libtaxii <-> OpenTAXII) read back into
//! typed messages with the right headers (HR-1, HR-3, H-1..H-6, HI-1..HI-4).

use taxii_http_binding::{
    inspect_response, read_request, status_type_for_http, ClientPolicy, Error, MessageBinding,
    NotTaxii, ProtocolBinding, ServerPolicy, ServicesVersion, Transport,
};
use taxii_messages::{v10, v11, Message, MessageId, StatusType};

use crate::support::wire_exchanges;

/// (file prefix, request root, response root, status type of a Status Message response)
const EXPECTED: &[(&str, &str, &str, Option<&str>)] = &[
    ("001", "Discovery_Request", "Discovery_Response", None),
    (
        "002",
        "Collection_Information_Request",
        "Collection_Information_Response",
        None,
    ),
    ("003", "Discovery_Request", "Discovery_Response", None),
    (
        "004",
        "Feed_Information_Request",
        "Feed_Information_Response",
        None,
    ),
    ("005", "Inbox_Message", "Status_Message", Some("SUCCESS")),
    (
        "006",
        "Inbox_Message",
        "Status_Message",
        Some("UNAUTHORIZED"),
    ),
    (
        "007",
        "Inbox_Message",
        "Status_Message",
        Some("DESTINATION_COLLECTION_ERROR"),
    ),
    ("008", "Inbox_Message", "Status_Message", Some("SUCCESS")),
    ("009", "Poll_Request", "Poll_Response", None),
    (
        "010",
        "Poll_Request",
        "Status_Message",
        Some("UNAUTHORIZED"),
    ),
    ("011", "Poll_Request", "Status_Message", Some("NOT_FOUND")),
    ("012", "Poll_Request", "Poll_Response", None),
    (
        "013",
        "Poll_Request",
        "Status_Message",
        Some("UNAUTHORIZED"),
    ),
    ("014", "Poll_Request", "Status_Message", Some("NOT_FOUND")),
    ("015", "Poll_Request", "Poll_Response", None),
    ("016", "Poll_Request", "Poll_Response", None),
    ("017", "Poll_Fulfillment", "Poll_Response", None),
    ("018", "Poll_Fulfillment", "Poll_Response", None),
    ("020", "Poll_Request", "Poll_Response", None),
    (
        "021",
        "Subscription_Management_Request",
        "Subscription_Management_Response",
        None,
    ),
    (
        "022",
        "Subscription_Management_Request",
        "Subscription_Management_Response",
        None,
    ),
    (
        "023",
        "Subscription_Management_Request",
        "Subscription_Management_Response",
        None,
    ),
    (
        "024",
        "Subscription_Management_Request",
        "Subscription_Management_Response",
        None,
    ),
    (
        "025",
        "Subscription_Management_Request",
        "Subscription_Management_Response",
        None,
    ),
    (
        "026",
        "Subscription_Management_Request",
        "Subscription_Management_Response",
        None,
    ),
    (
        "027",
        "Subscription_Management_Request",
        "Subscription_Management_Response",
        None,
    ),
    (
        "028",
        "Subscription_Management_Request",
        "Subscription_Management_Response",
        None,
    ),
    ("029", "Discovery_Request", "Discovery_Response", None),
    ("030", "Discovery_Request", "Discovery_Response", None),
    ("031", "Poll_Request", "Poll_Response", None),
];

fn is_taxii10(name: &str) -> bool {
    name.contains("taxii10")
}

fn in_response_to(m: &Message) -> Option<&MessageId> {
    match m {
        Message::V11(m) => m.in_response_to(),
        Message::V10(m) => m.in_response_to(),
        _ => None,
    }
}

fn status_type(m: &Message) -> Option<&StatusType> {
    match m {
        Message::V11(v11::Message::StatusMessage(s)) => Some(&s.status_type),
        Message::V10(v10::Message::StatusMessage(s)) => Some(&s.status_type),
        _ => None,
    }
}

#[test]
fn all_32_exchanges_are_read() {
    let exchanges = wire_exchanges();
    assert_eq!(exchanges.len(), 32);
    let mut checked = 0;
    for (prefix, req_root, resp_root, status) in EXPECTED {
        let ex = exchanges
            .iter()
            .find(|e| e.name.starts_with(prefix))
            .unwrap_or_else(|| panic!("wire file {prefix}"));
        let name = &ex.name;
        let (binding, services) = if is_taxii10(name) {
            (MessageBinding::Xml10, ServicesVersion::V10)
        } else {
            (MessageBinding::Xml11, ServicesVersion::V11)
        };

        // HR-1: the request reads back with its typed headers.
        let req = read_request(&ex.request, &ServerPolicy::new(Transport::Http))
            .unwrap_or_else(|e| panic!("{name}: request refused: {e}"));
        assert_eq!(req.message.root_element(), *req_root, "{name}");
        assert_eq!(
            req.headers.x_taxii_content_type,
            Some(binding.clone()),
            "{name} H-4"
        );
        assert_eq!(
            req.headers.x_taxii_services,
            Some(services.clone()),
            "{name} H-6"
        );
        assert_eq!(
            req.headers.x_taxii_protocol,
            Some(ProtocolBinding::Http10),
            "{name} H-5"
        );
        let xa = req
            .headers
            .x_taxii_accept
            .as_ref()
            .expect("H-3: peers send X-TAXII-Accept");
        assert_eq!(xa.bindings(), std::slice::from_ref(&binding), "{name} H-3");
        assert_eq!(req.response_binding, binding, "{name} HR-6");
        assert_eq!(req.protocol, ProtocolBinding::Http10, "{name}");
        let ct = req
            .headers
            .content_type
            .as_ref()
            .expect("peers send Content-Type");
        assert_eq!(
            (ct.type_.as_str(), ct.subtype.as_str()),
            ("application", "xml")
        );

        // HR-3: the 200 response carries the answer, in the same version.
        let policy = ClientPolicy::new(services.clone());
        let read = inspect_response(&ex.response, req.message.message_id(), &policy);
        assert_eq!(read.not_taxii, None, "{name}: {:?}", read.message);
        assert_eq!(read.message.root_element(), *resp_root, "{name}");
        let h = read.headers.expect("headers");
        assert_eq!(h.x_taxii_content_type, Some(binding.clone()), "{name}");
        assert_eq!(h.x_taxii_services, Some(services.clone()), "{name}");
        assert_eq!(h.x_taxii_protocol, Some(ProtocolBinding::Http10), "{name}");
        assert_eq!(
            taxii_http_binding::binding_of(&read.message),
            Some(binding),
            "{name}"
        );
        match status {
            Some(st) => assert_eq!(
                status_type(&read.message).map(|s| s.as_str()),
                Some(*st),
                "{name}"
            ),
            None => assert_eq!(
                in_response_to(&read.message),
                Some(req.message.message_id()),
                "{name}: the answer names its request"
            ),
        }
        checked += 1;
    }
    assert_eq!(checked, 30);
}

/// HI-1 / HI-2: libtaxii writes `X-Taxii-*`; header names match in any case.
#[test]
fn libtaxii_mixed_case_headers_hi1() {
    for ex in wire_exchanges()
        .iter()
        .filter(|e| e.name.contains("libtaxii"))
    {
        let raw = ex
            .request
            .headers()
            .keys()
            .map(|k| k.as_str())
            .collect::<Vec<_>>();
        assert!(raw.contains(&"x-taxii-content-type"), "{}", ex.name);
        if ex.name.starts_with("032") {
            continue; // the answer is a 500, checked below
        }
        let req = read_request(&ex.request, &ServerPolicy::new(Transport::Http)).unwrap();
        assert!(req.headers.x_taxii_content_type.is_some());
    }
}

/// 019: cabby's JWT login is JSON, not TAXII. As a TAXII request it lacks
/// X-TAXII-Content-Type (H-4 -> BAD_MESSAGE, AMB-20); its 200 answer has no TAXII message
/// and reads as FAILURE (T2-8, AMB-21).
#[test]
fn jwt_login_exchange_is_not_taxii() {
    let ex = wire_exchanges()
        .into_iter()
        .find(|e| e.name.starts_with("019"))
        .unwrap();
    let rej = read_request(&ex.request, &ServerPolicy::new(Transport::Http)).unwrap_err();
    assert_eq!(
        *rej.error(),
        Error::MissingHeader {
            header: "X-TAXII-Content-Type",
            rule: "H-4"
        }
    );
    assert_eq!(rej.status_type(), StatusType::BadMessage);
    let id = MessageId::new("7").unwrap();
    let read = inspect_response(&ex.response, &id, &ClientPolicy::default());
    assert_eq!(read.not_taxii, Some(NotTaxii::NoTaxiiMessage));
    let Message::V11(v11::Message::StatusMessage(s)) = &read.message else {
        panic!("{:?}", read.message)
    };
    assert_eq!(s.status_type, StatusType::Failure);
    assert_eq!(s.in_response_to, id);
    assert!(s.message.as_deref().unwrap().contains("\"token\""));
}

/// 032: OpenTAXII answers a Default Query poll with a 500 HTML page: FAILURE (T2-8),
/// the page as the message text, no decode error.
#[test]
fn html_500_from_opentaxii_is_failure_t2_8() {
    let ex = wire_exchanges()
        .into_iter()
        .find(|e| e.name.starts_with("032"))
        .unwrap();
    let req = read_request(&ex.request, &ServerPolicy::new(Transport::Http)).unwrap();
    assert_eq!(req.message.root_element(), "Poll_Request");
    let read = inspect_response(
        &ex.response,
        req.message.message_id(),
        &ClientPolicy::default(),
    );
    assert_eq!(read.not_taxii, Some(NotTaxii::NoTaxiiMessage));
    assert_eq!(status_type(&read.message), Some(&StatusType::Failure));
    assert_eq!(
        status_type_for_http(ex.response.status()),
        StatusType::Failure
    );
    let Message::V11(v11::Message::StatusMessage(s)) = &read.message else {
        panic!()
    };
    let text = s.message.as_deref().unwrap();
    assert!(
        text.starts_with("HTTP/1.1 500 Internal Server Error\r\n"),
        "{text}"
    );
    assert!(text.contains("<title>Internal Server Error</title>"));
}

/// A TAXII 1.0 exchange refused by a 1.1-only server: UNSUPPORTED_MESSAGE naming the
/// supported binding (H-4, ST-14), in TAXII 1.0 so that its sender can decode it, with
/// digit ids (G10-2; issue 14).
#[test]
fn taxii10_request_on_11_only_server_is_unsupported_message() {
    let ex = wire_exchanges()
        .into_iter()
        .find(|e| e.name.starts_with("003"))
        .unwrap();
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.bindings = vec![MessageBinding::Xml11];
    policy.services = vec![ServicesVersion::V11];
    let rej = read_request(&ex.request, &policy).unwrap_err();
    assert!(matches!(
        rej.error(),
        Error::UnsupportedMessageBinding {
            found: MessageBinding::Xml10,
            ..
        }
    ));
    // The body still decodes, so the answer names the request.
    assert_eq!(rej.in_response_to().as_str(), "3200615042889509897");
    let answer = rej.status_message(MessageId::new("9").unwrap());
    let Message::V10(taxii_messages::v10::Message::StatusMessage(s)) = &answer else {
        panic!("{answer:?}")
    };
    assert_eq!(s.status_type, StatusType::UnsupportedMessage);
    assert_eq!(s.in_response_to.as_str(), "3200615042889509897");
    assert_eq!(
        s.status_detail.as_deref(),
        Some(MessageBinding::Xml11.to_string().as_str())
    );
    let again = taxii_messages::decode(answer.to_xml().as_bytes()).unwrap();
    assert!(again.validate().is_empty(), "{:?}", again.validate());
}

/// Issue 14 (TST-2): a status whose required details the binding cannot know is never
/// sent invalid: a targeting expression refused by strict decoding is answered BAD_MESSAGE.
#[test]
fn status_without_its_required_details_is_bad_message_tst_2() {
    let ex = wire_exchanges()
        .into_iter()
        .find(|e| e.name.starts_with("009"))
        .unwrap();
    let body = r#"<taxii_11:Poll_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="5" collection_name="c"><taxii_11:Poll_Parameters><taxii_11:Query format_id="urn:taxii.mitre.org:query:default:1.0"><tdq:Default_Query targeting_expression_id="urn:stix.mitre.org:xml:1.1.1"><tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>a//b</tdq:Target><tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="exists"/></tdq:Criterion></tdq:Criteria></tdq:Default_Query></taxii_11:Query></taxii_11:Poll_Parameters></taxii_11:Poll_Request>"#;
    let (mut parts, _) = ex.request.into_parts();
    parts.headers.remove(http::header::CONTENT_LENGTH);
    let req = http::Request::from_parts(parts, bytes::Bytes::from_static(body.as_bytes()));
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.decode = taxii_messages::DecodeOptions::strict();
    let rej = read_request(&req, &policy).unwrap_err();
    assert_eq!(
        rej.status_type(),
        StatusType::UnsupportedTargetingExpression
    );
    let m = rej.status_message(MessageId::new("9").unwrap());
    let Message::V11(v11::Message::StatusMessage(s)) = &m else {
        panic!("{m:?}")
    };
    assert_eq!(s.status_type, StatusType::BadMessage);
    assert!(
        s.message.as_deref().unwrap().contains("TE-3"),
        "{:?}",
        s.message
    );
    assert!(m.validate().is_empty(), "{:?}", m.validate());
    // With the permissive default the request decodes: the service answers it.
    assert!(read_request(&req, &ServerPolicy::new(Transport::Http)).is_ok());
}

/// Issue 14: a TAXII 1.1 request to a 1.0-only server is answered in TAXII 1.1, which its
/// sender can decode, naming the request (a 1.1 id would not fit a 1.0 `in_response_to`).
#[test]
fn taxii11_request_on_10_only_server_is_answered_in_11() {
    let ex = wire_exchanges()
        .into_iter()
        .find(|e| e.name.starts_with("009"))
        .unwrap();
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.bindings = vec![MessageBinding::Xml10];
    policy.services = vec![ServicesVersion::V10];
    let rej = read_request(&ex.request, &policy).unwrap_err();
    let answer = rej.status_message(MessageId::new("9").unwrap());
    let Message::V11(v11::Message::StatusMessage(s)) = &answer else {
        panic!("{answer:?}")
    };
    assert_eq!(s.status_type, StatusType::UnsupportedMessage);
    assert_eq!(&s.in_response_to, rej.in_response_to());
    assert_ne!(s.in_response_to.as_str(), "0");
    assert!(answer.validate().is_empty(), "{:?}", answer.validate());
}
