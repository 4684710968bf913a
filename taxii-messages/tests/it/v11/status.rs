//! Status types and details (checklist §3, §4.5): the 17 + 3 defined types, typed details,
//! unknown types and details preserved, the detail rules, and the status a server answers
//! a decode error with.

use taxii_messages::v11::{detail, Message as M, StatusMessage};
use taxii_messages::{decode, Message, MessageId, StatusType, Uri};

fn status_xml(status_type: &str, details: &[(&str, &str)]) -> String {
    let details: String = details
        .iter()
        .map(|(n, v)| format!(r#"<taxii_11:Detail name="{n}">{v}</taxii_11:Detail>"#))
        .collect();
    let details = if details.is_empty() {
        String::new()
    } else {
        format!("<taxii_11:Status_Detail>{details}</taxii_11:Status_Detail>")
    };
    format!(
        r#"<taxii_11:Status_Message xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="2" in_response_to="1" status_type="{status_type}">{details}<taxii_11:Message>m</taxii_11:Message></taxii_11:Status_Message>"#
    )
}

fn status(xml: &str) -> StatusMessage {
    match crate::support::files::known_answer_and_inverse("status", xml.as_bytes()) {
        Message::V11(M::StatusMessage(s)) => s,
        other => panic!("{other:?}"),
    }
}

#[test]
fn all_20_defined_types_round_trip_en6() {
    assert_eq!(StatusType::DEFINED.len(), 20);
    for t in StatusType::DEFINED {
        let details: &[(&str, &str)] = match t {
            StatusType::Pending => &[
                ("ESTIMATED_WAIT", "5"),
                ("RESULT_ID", "r1"),
                ("WILL_PUSH", "false"),
            ],
            StatusType::InvalidResponsePart => &[("MAX_PART_NUMBER", "3")],
            StatusType::UnsupportedTargetingExpression => &[("ALLOWED_SCOPE", "**")],
            _ => &[],
        };
        let s = status(&status_xml(t.as_str(), details));
        assert_eq!(s.status_type, t);
        assert!(!matches!(s.status_type, StatusType::Other(_)));
        assert_eq!(StatusType::parse(t.as_str()), t);
    }
}

#[test]
fn typed_details_st() {
    let s = status(&status_xml(
        "PENDING",
        &[
            ("ESTIMATED_WAIT", " 30 "),
            ("RESULT_ID", "urn:r:1"),
            ("WILL_PUSH", "TRUE"),
        ],
    ));
    assert_eq!(s.estimated_wait(), Some(30)); // ST-9
    assert_eq!(s.result_id(), Some(Uri::new("urn:r:1").unwrap()));
    assert_eq!(s.will_push(), Some(true));
    let s = status(&status_xml("PENDING", &[("WILL_PUSH", "false")]));
    assert_eq!(s.will_push(), Some(false));
    let s = status(&status_xml("PENDING", &[("ESTIMATED_WAIT", "5")]));
    assert_eq!(s.will_push(), None);
    let s = status(&status_xml("RETRY", &[("ESTIMATED_WAIT", "9")]));
    assert_eq!(s.estimated_wait(), Some(9)); // ST-11
    let s = status(&status_xml(
        "INVALID_RESPONSE_PART",
        &[("MAX_PART_NUMBER", "4")],
    ));
    assert_eq!(s.max_part_number(), Some(4)); // ST-6
    let s = status(&status_xml("NOT_FOUND", &[("ITEM", "coll-x")]));
    assert_eq!(s.item().as_deref(), Some("coll-x")); // ST-8
    let s = status(&status_xml(
        "UNSUPPORTED_CONTENT",
        &[
            ("SUPPORTED_CONTENT", "urn:stix.mitre.org:xml:1.1.1"),
            ("SUPPORTED_CONTENT", "urn:stix.mitre.org:xml:1.2"),
        ],
    ));
    assert_eq!(
        s.supported_content(),
        ["urn:stix.mitre.org:xml:1.1.1", "urn:stix.mitre.org:xml:1.2"]
    ); // ST-15
    let s = status(&status_xml(
        "UNSUPPORTED_MESSAGE",
        &[("SUPPORTED_BINDING", "urn:taxii.mitre.org:message:xml:1.1")],
    ));
    assert_eq!(
        s.supported_bindings(),
        ["urn:taxii.mitre.org:message:xml:1.1"]
    ); // ST-14
    let s = status(&status_xml(
        "UNSUPPORTED_PROTOCOL",
        &[(
            "SUPPORTED_PROTOCOL",
            "urn:taxii.mitre.org:protocol:https:1.0",
        )],
    ));
    assert_eq!(
        s.supported_protocols(),
        ["urn:taxii.mitre.org:protocol:https:1.0"]
    ); // ST-16
    let s = status(&status_xml(
        "UNSUPPORTED_QUERY",
        &[("SUPPORTED_QUERY", "urn:taxii.mitre.org:query:default:1.0")],
    ));
    assert_eq!(
        s.supported_queries(),
        ["urn:taxii.mitre.org:query:default:1.0"]
    ); // ST-17
    let s = status(&status_xml(
        "DESTINATION_COLLECTION_ERROR",
        &[
            ("ACCEPTABLE_DESTINATION", "a"),
            ("ACCEPTABLE_DESTINATION", "b"),
        ],
    ));
    assert_eq!(s.acceptable_destinations(), ["a", "b"]); // ST-4
    let s = status(&status_xml(
        "UNSUPPORTED_CAPABILITY_MODULE",
        &[(
            "CAPABILITY_MODULE",
            "urn:taxii.mitre.org:query:capability:core-1",
        )],
    ));
    assert_eq!(
        s.capability_modules(),
        ["urn:taxii.mitre.org:query:capability:core-1"]
    ); // TST-1
    let s = status(&status_xml(
        "UNSUPPORTED_TARGETING_EXPRESSION",
        &[("PREFERRED_SCOPE", "**/@id"), ("ALLOWED_SCOPE", "**")],
    ));
    assert_eq!(
        (s.preferred_scopes(), s.allowed_scopes()),
        (vec!["**/@id".to_owned()], vec!["**".to_owned()])
    ); // TST-2
    let s = status(&status_xml(
        "UNSUPPORTED_TARGETING_EXPRESSION_ID",
        &[("TARGETING_EXPRESSION_ID", "urn:stix.mitre.org:xml:1.1.1")],
    ));
    assert_eq!(
        s.targeting_expression_ids(),
        ["urn:stix.mitre.org:xml:1.1.1"]
    ); // TST-3
}

#[test]
fn unknown_types_and_details_round_trip_unchanged_st_g3() {
    let xml = status_xml(
        "urn:example.com:status:QUOTA",
        &[
            (
                "urn:example.com:detail:used",
                "<x:n xmlns:x=\"urn:x\">7</x:n>",
            ),
            ("ITEM", "a &amp; b"),
        ],
    );
    let s = status(&xml);
    assert_eq!(
        s.status_type,
        StatusType::Other("urn:example.com:status:QUOTA".into())
    );
    assert!(s.status_type.is_error());
    assert_eq!(
        s.details[0].value.as_str(),
        "<x:n xmlns:x=\"urn:x\">7</x:n>"
    );
    assert_eq!(s.details[1].value.text().as_deref(), Some("a & b"));
    assert!(Message::V11(s.into())
        .to_xml()
        .contains("<x:n xmlns:x=\"urn:x\">7</x:n>"));
}

#[test]
fn required_details_are_enforced_c11_10() {
    for (xml, rule, needle) in [
        (
            status_xml("PENDING", &[("ESTIMATED_WAIT", "5"), ("RESULT_ID", "r")]),
            "C11-10",
            "WILL_PUSH",
        ),
        (
            status_xml(
                "PENDING",
                &[
                    ("ESTIMATED_WAIT", "0"),
                    ("RESULT_ID", "r"),
                    ("WILL_PUSH", "true"),
                ],
            ),
            "AMB-10",
            "positive",
        ),
        (
            status_xml(
                "PENDING",
                &[
                    ("ESTIMATED_WAIT", "1"),
                    ("RESULT_ID", "r"),
                    ("WILL_PUSH", "maybe"),
                ],
            ),
            "ST-9",
            "boolean",
        ),
        (
            status_xml("INVALID_RESPONSE_PART", &[]),
            "C11-10",
            "MAX_PART_NUMBER",
        ),
        (
            status_xml("RETRY", &[("ESTIMATED_WAIT", "-3")]),
            "AMB-10",
            "positive",
        ),
        (
            status_xml("UNSUPPORTED_TARGETING_EXPRESSION", &[]),
            "TST-2",
            "PREFERRED_SCOPE",
        ),
    ] {
        let m = crate::support::files::spec_rule(&xml, "/Status_Message/Status_Detail", rule);
        assert!(m.validate()[0].text.contains(needle), "{:?}", m.validate());
    }
}

#[test]
fn complete_details_satisfy_every_rule() {
    for (t, details) in [
        (
            "PENDING",
            &[
                ("ESTIMATED_WAIT", "1"),
                ("RESULT_ID", "r"),
                ("WILL_PUSH", "FALSE"),
            ][..],
        ),
        ("INVALID_RESPONSE_PART", &[("MAX_PART_NUMBER", "1")]),
        ("RETRY", &[("ESTIMATED_WAIT", "30")]),
        ("RETRY", &[]),
        (
            "UNSUPPORTED_TARGETING_EXPRESSION",
            &[("PREFERRED_SCOPE", "**/a")],
        ),
        (
            "UNSUPPORTED_TARGETING_EXPRESSION",
            &[("ALLOWED_SCOPE", "**")],
        ),
    ] {
        let m = Message::V11(status(&status_xml(t, details)).into());
        assert_eq!(m.validate(), vec![], "{t} {details:?}");
    }
}

#[test]
fn pending_constructor_writes_the_three_details() {
    let s = StatusMessage::pending(
        MessageId::new("2").unwrap(),
        MessageId::new("1").unwrap(),
        60,
        &Uri::new("res-1").unwrap(),
        true,
    );
    let m = Message::V11(s.into());
    let back = decode(m.to_xml().as_bytes()).unwrap();
    let Message::V11(M::StatusMessage(s)) = &back else {
        panic!()
    };
    assert_eq!((s.estimated_wait(), s.will_push()), (Some(60), Some(true)));
    assert_eq!(
        s.detail_values(detail::RESULT_ID).collect::<Vec<_>>(),
        ["res-1"]
    );
}

#[test]
fn decode_errors_map_to_the_status_a_server_answers() {
    let cases = [
        // Not XML at all (S2: a URL as body).
        ("http://127.0.0.1/?<x>", StatusType::BadMessage),
        // A 1.1 message that breaks the schema.
        (
            r#"<Discovery_Request xmlns="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"/>"#,
            StatusType::BadMessage,
        ),
        // A near-miss name in the 1.1 namespace (security 3.3 #33).
        (
            r#"<Poll_Fulfillment_Request xmlns="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="1"/>"#,
            StatusType::BadMessage,
        ),
        // A message of a binding we do not speak.
        (
            r#"<Discovery_Request xmlns="urn:example:other-binding" message_id="1"/>"#,
            StatusType::UnsupportedMessage,
        ),
        ("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>", StatusType::BadMessage),
    ];
    for (input, want) in cases {
        let e = decode(input.as_bytes()).unwrap_err();
        assert_eq!(StatusType::from(&e), want, "{input}: {e}");
    }
}

#[test]
fn only_success_and_pending_are_not_errors() {
    assert!(!StatusType::Success.is_error());
    assert!(!StatusType::Pending.is_error());
    for s in [
        StatusType::BadMessage,
        StatusType::Retry,
        StatusType::Other("urn:x".into()),
    ] {
        assert!(s.is_error(), "{s}");
    }
}
