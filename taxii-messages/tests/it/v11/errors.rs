//! Decode errors name the place (byte offset, line:column, element path) and the rule.

use taxii_messages::{decode, decode_with, DecodeErrorKind, DecodeOptions, Limits};

const NS: &str = r#"xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1""#;

/// Decodes `xml` and checks line, column, path and rule of the error.
fn check(xml: &str, at: (u32, u32), path: &str, rule: &str) -> DecodeErrorKind {
    let e = decode(xml.as_bytes()).expect_err(xml);
    assert_eq!((e.line(), e.column()), at, "{e}");
    assert_eq!(e.path(), path, "{e}");
    assert_eq!(e.rule(), Some(rule), "{e}");
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!(
            "{}:{} (byte {}) at {path}: ",
            at.0,
            at.1,
            e.offset()
        )),
        "{shown}"
    );
    assert!(shown.ends_with(&format!("[{rule}]")), "{shown}");
    e.kind().clone()
}

#[test]
fn element_out_of_schema_order_g11_2() {
    let xml = format!(
        "<taxii_11:Poll_Response {NS} message_id=\"1\" in_response_to=\"2\" collection_name=\"c\">\n  <taxii_11:Record_Count>1</taxii_11:Record_Count>\n  <taxii_11:Inclusive_End_Timestamp>2014-12-19T12:00:00Z</taxii_11:Inclusive_End_Timestamp>\n</taxii_11:Poll_Response>"
    );
    let kind = check(
        &xml,
        (3, 3),
        "/Poll_Response/Inclusive_End_Timestamp",
        "G11-2: schema sequence",
    );
    assert!(
        matches!(kind, DecodeErrorKind::UnexpectedElement { .. }),
        "{kind:?}"
    );
}

#[test]
fn bad_timestamp_names_its_element_c11_13() {
    let xml = format!(
        "<taxii_11:Poll_Request {NS} message_id=\"1\" collection_name=\"c\">\n<taxii_11:Exclusive_Begin_Timestamp>2014-12-19T00:00:00</taxii_11:Exclusive_Begin_Timestamp>\n<taxii_11:Subscription_ID>s</taxii_11:Subscription_ID></taxii_11:Poll_Request>"
    );
    let e = decode(xml.as_bytes()).unwrap_err();
    assert_eq!(e.line(), 2, "{e}");
    assert_eq!(e.path(), "/Poll_Request/Exclusive_Begin_Timestamp", "{e}");
    assert_eq!(e.rule(), Some("TS-2"), "{e}");
    assert!(e.to_string().contains("time-zone"), "{e}");
}

#[test]
fn more_without_result_id_c11_4() {
    let xml = format!("<taxii_11:Poll_Response {NS}\n message_id=\"1\" in_response_to=\"2\" collection_name=\"c\" more=\"true\"/>");
    crate::support::files::spec_rule(&xml, "/Poll_Response", "C11-4");
}

#[test]
fn end_not_after_begin_c11_2() {
    let xml = format!(
        "<taxii_11:Poll_Request {NS} message_id=\"1\" collection_name=\"c\"><taxii_11:Exclusive_Begin_Timestamp>2014-12-19T12:00:00Z</taxii_11:Exclusive_Begin_Timestamp><taxii_11:Inclusive_End_Timestamp>2014-12-19T00:00:00Z</taxii_11:Inclusive_End_Timestamp><taxii_11:Subscription_ID>s</taxii_11:Subscription_ID></taxii_11:Poll_Request>"
    );
    crate::support::files::spec_rule(&xml, "/Poll_Request", "C11-2");
}

#[test]
fn unsubscribe_needs_subscription_id_c11_7() {
    let xml = format!("<taxii_11:Subscription_Management_Request {NS} message_id=\"1\" collection_name=\"c\" action=\"UNSUBSCRIBE\"/>");
    crate::support::files::spec_rule(&xml, "/Subscription_Management_Request", "C11-7");
}

#[test]
fn record_count_below_block_count_c11_6() {
    let block = "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/><taxii_11:Content>x</taxii_11:Content></taxii_11:Content_Block>";
    let xml = format!("<taxii_11:Inbox_Message {NS} message_id=\"1\"><taxii_11:Record_Count>1</taxii_11:Record_Count>{block}{block}</taxii_11:Inbox_Message>");
    crate::support::files::spec_rule(&xml, "/Inbox_Message/Record_Count", "C11-6");
}

#[test]
fn service_instance_misplaced_children_are_ignored_not_rejected_c11_9() {
    // DRs11-11: Content_Binding outside an INBOX service "recipients must ignore".
    let xml = format!(
        "<taxii_11:Discovery_Response {NS} message_id=\"1\" in_response_to=\"2\">\n<taxii_11:Service_Instance service_type=\"POLL\" service_version=\"urn:taxii.mitre.org:services:1.1\"><taxii_11:Protocol_Binding>p</taxii_11:Protocol_Binding><taxii_11:Address>a</taxii_11:Address><taxii_11:Message_Binding>m</taxii_11:Message_Binding><taxii_11:Content_Binding binding_id=\"b\"/></taxii_11:Service_Instance></taxii_11:Discovery_Response>"
    );
    let m = crate::support::files::known_answer_and_inverse("C11-9", xml.as_bytes());
    assert!(m
        .to_xml()
        .contains("<taxii_11:Content_Binding binding_id=\"b\"/>"));
}

#[test]
fn invalid_enumeration_value_names_field_and_allowed_values() {
    let xml = format!("<taxii_11:Subscription_Management_Request {NS} message_id=\"1\" collection_name=\"c\" action=\"subscribe\"/>");
    let e = decode(xml.as_bytes()).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            DecodeErrorKind::InvalidValue {
                field: "action",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("SUBSCRIBE"), "{e}");
}

#[test]
fn wrong_namespace_and_unknown_root_g11_1() {
    let kind = check(
        r#"<Discovery_Request xmlns="urn:not-taxii" message_id="1"/>"#,
        (1, 1),
        "/Discovery_Request",
        "G11-1: root element is a message",
    );
    assert_eq!(
        kind,
        DecodeErrorKind::UnknownMessage {
            namespace: "urn:not-taxii".into(),
            name: "Discovery_Request".into()
        }
    );
}

#[test]
fn doctype_is_refused_before_anything_else() {
    let e = decode(b"<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<x>&e;</x>").unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::DoctypeForbidden);
    assert_eq!(e.line(), 2);
    assert_eq!(e.rule(), Some("security 3.2: no DTD, no entities"));
}

#[test]
#[allow(clippy::field_reassign_with_default)] // Limits is non_exhaustive
fn limits_are_named_and_configurable() {
    let xml = format!("<taxii_11:Discovery_Request {NS} message_id=\"1\"/>");
    let mut limits = Limits::default();
    limits.max_input_bytes = 10;
    let e = decode_with(
        xml.clone().into_bytes().into(),
        &DecodeOptions::with_limits(limits),
    )
    .unwrap_err();
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::LimitExceeded {
            limit: "max_input_bytes",
            max: 10
        }
    );
    assert!(
        decode(xml.as_bytes()).is_ok(),
        "the default limits accept it"
    );
}

#[test]
fn unknown_entity_in_envelope_text() {
    let xml = format!("<taxii_11:Status_Message {NS} message_id=\"1\" in_response_to=\"2\" status_type=\"FAILURE\">\n<taxii_11:Message>&nbsp;</taxii_11:Message></taxii_11:Status_Message>");
    let e = decode(xml.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::UnknownEntity("nbsp".into()));
    assert_eq!(e.line(), 2, "{e}");
}

#[test]
fn poll_fulfillment_without_part_number_is_part_1_pf11_4() {
    // The published XSD makes it optional; absent means part 1 at every level.
    let xml = format!(
        "<taxii_11:Poll_Fulfillment {NS} message_id=\"1\" collection_name=\"c\" result_id=\"r\"/>"
    );
    let m = decode_with(xml.into_bytes().into(), &DecodeOptions::schema()).unwrap();
    let taxii_messages::Message::V11(taxii_messages::v11::Message::PollFulfillmentRequest(f)) = m
    else {
        panic!()
    };
    assert_eq!(f.result_part_number, 1);
}

#[test]
fn part_numbers_are_xs_positive_integers_pf11_4() {
    let with = |n: &str| {
        format!(
            "<taxii_11:Poll_Fulfillment {NS} message_id=\"1\" collection_name=\"c\" \
             result_id=\"r\" result_part_number=\"{n}\"/>"
        )
    };
    for (n, want) in [("2", 2), ("+3", 3), (" 04 ", 4)] {
        let m = decode(with(n).as_bytes()).unwrap_or_else(|e| panic!("{n:?}: {e}"));
        let taxii_messages::Message::V11(taxii_messages::v11::Message::PollFulfillmentRequest(f)) =
            m
        else {
            panic!()
        };
        assert_eq!(f.result_part_number, want, "{n:?}");
    }
    // A sign once only, digits only, and positive.
    for n in ["++1", "+", "", "-1", "1e2", "0"] {
        let e = decode(with(n).as_bytes()).expect_err(n);
        assert!(e.to_string().contains("result_part_number"), "{n:?}: {e}");
    }
}

#[test]
#[allow(clippy::field_reassign_with_default)] // Limits is non_exhaustive
fn a_text_value_may_reach_the_value_limit_but_not_pass_it() {
    // 60 bytes: above the namespace name, the longest attribute value here.
    let mut limits = Limits::default();
    limits.max_value_bytes = 60;
    let options = DecodeOptions::with_limits(limits);
    let status = |text: String| {
        format!(
            "<taxii_11:Status_Message {NS} message_id=\"1\" in_response_to=\"2\" \
             status_type=\"FAILURE\"><taxii_11:Message>{text}</taxii_11:Message>\
             </taxii_11:Status_Message>"
        )
    };
    // Pieces joined at references count together: `a & bC` is 6 bytes.
    let plain = |n: usize| "x".repeat(n);
    let pieces = |n: usize| format!("a &amp; b&#x43;{}", "d".repeat(n - 6));
    for at_limit in [plain(60), pieces(60)] {
        let got = decode_with(status(at_limit.clone()).into_bytes().into(), &options);
        assert!(got.is_ok(), "{at_limit}: {got:?}");
    }
    for over in [plain(61), pieces(61)] {
        let e = decode_with(status(over.clone()).into_bytes().into(), &options).unwrap_err();
        assert_eq!(
            e.kind(),
            &DecodeErrorKind::LimitExceeded {
                limit: "max_value_bytes",
                max: 60
            },
            "{over}"
        );
    }
}
