//! TAXII 1.0 input that must be refused, each with a precise error (what, where, rule).

use taxii_messages::{decode, decode_with, DecodeError, DecodeOptions, StatusType};

const T10: &str = r#"xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1""#;
const T11: &str = r#"xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1""#;

fn err(xml: &str) -> DecodeError {
    decode(xml.as_bytes()).expect_err(xml)
}

/// DIF-1 / §1.5: a 1.1 message in the 1.0 namespace says so.
#[test]
fn taxii11_message_in_10_namespace_dif_1() {
    for root in ["Collection_Information_Request", "Poll_Fulfillment"] {
        let e = err(&format!(r#"<taxii:{root} {T10} message_id="1"/>"#));
        assert_eq!(e.rule(), Some("DIF-1"), "{e}");
        let text = e.to_string();
        assert!(text.contains("TAXII 1.1 message"), "{text}");
        assert!(text.contains("TAXII 1.0 namespace"), "{text}");
        assert_eq!(StatusType::from(&e), StatusType::BadMessage);
    }
}

/// DIF-1 / §1.5: a 1.0 message in the 1.1 namespace says so.
#[test]
fn taxii10_message_in_11_namespace_dif_1() {
    for root in ["Feed_Information_Request", "Feed_Information_Response"] {
        let e = err(&format!(r#"<taxii_11:{root} {T11} message_id="1"/>"#));
        assert_eq!(e.rule(), Some("DIF-1"), "{e}");
        assert!(e.to_string().contains("is a TAXII 1.0 message"), "{e}");
        assert!(e.to_string().contains("TAXII 1.1 namespace"), "{e}");
    }
}

/// DIF-1: a 1.1 child element inside a 1.0 message (or the reverse) is refused, saying so.
#[test]
fn other_version_child_elements_dif_1() {
    let e = err(&format!(
        r#"<taxii:Poll_Request {T10} {T11} message_id="1" feed_name="f"><taxii_11:Content_Binding binding_id="x"/></taxii:Poll_Request>"#
    ));
    assert_eq!(e.rule(), Some("DIF-1"), "{e}");
    assert!(
        e.to_string().contains(
            "`taxii_11:Content_Binding` is a TAXII 1.1 element inside a TAXII 1.0 message"
        ),
        "{e}"
    );
    assert_eq!(e.path(), "/Poll_Request/Content_Binding");
    // A 1.1-only name written in the 1.0 namespace.
    let e = err(&format!(
        r#"<taxii:Inbox_Message {T10} message_id="1"><taxii:Destination_Collection_Name>c</taxii:Destination_Collection_Name></taxii:Inbox_Message>"#
    ));
    assert_eq!(e.rule(), Some("DIF-1"), "{e}");
    assert!(e.to_string().contains("is a TAXII 1.1 element"), "{e}");
    // The reverse: a 1.0 element inside a 1.1 message.
    let e = err(&format!(
        r#"<taxii_11:Discovery_Request {T11} {T10} message_id="1"><taxii:Extended_Headers/></taxii_11:Discovery_Request>"#
    ));
    assert_eq!(e.rule(), Some("DIF-1"), "{e}");
    assert!(
        e.to_string()
            .contains("is a TAXII 1.0 element inside a TAXII 1.1 message"),
        "{e}"
    );
    // An unknown element of neither version keeps the plain schema-order error.
    let e = err(&format!(
        r#"<taxii:Discovery_Request {T10} message_id="1"><taxii:Bogus/></taxii:Discovery_Request>"#
    ));
    assert_ne!(e.rule(), Some("DIF-1"));
    assert!(e.to_string().contains("taxii:Bogus"), "{e}");
}

/// G10-2: message ids are digits only.
#[test]
fn message_id_digits_only_g10_2() {
    for bad in ["abc", "+1", "-1", "1.0", "", "urn:uuid:1"] {
        let e = err(&format!(
            r#"<taxii:Discovery_Request {T10} message_id="{bad}"/>"#
        ));
        assert!(e.rule() == Some("G10-2") || bad.is_empty(), "{bad}: {e}");
        assert!(e.to_string().contains("message_id"), "{e}");
    }
    let e = err(&format!(
        r#"<taxii:Status_Message {T10} message_id="1" in_response_to="x" status_type="FAILURE"/>"#
    ));
    assert!(e.to_string().contains("in_response_to"), "{e}");
}

/// DIF-6: 1.1-only status types are not TAXII 1.0 (lenient mode keeps them).
#[test]
fn taxii11_status_type_dif_6() {
    let xml = format!(
        r#"<taxii:Status_Message {T10} message_id="1" in_response_to="0" status_type="PENDING"/>"#
    );
    let m = crate::support::files::spec_rule(&xml, "/Status_Message", "DIF-6");
    assert!(m.validate()[0].text.contains("PENDING"));
}

/// EN-1 / EN-2: 1.1 vocabulary in 1.0 messages.
#[test]
fn taxii11_enumerations_en_1_en_2() {
    let e = err(&format!(
        r#"<taxii:Discovery_Response {T10} message_id="2" in_response_to="1"><taxii:Service_Instance service_type="COLLECTION_MANAGEMENT" service_version="urn:taxii.mitre.org:services:1.0"><taxii:Protocol_Binding>p</taxii:Protocol_Binding><taxii:Address>a</taxii:Address><taxii:Message_Binding>m</taxii:Message_Binding></taxii:Service_Instance></taxii:Discovery_Response>"#
    ));
    assert!(
        e.to_string().contains("COLLECTION_MANAGEMENT is TAXII 1.1"),
        "{e}"
    );
    assert_eq!(e.path(), "/Discovery_Response/Service_Instance");
    let e = err(&format!(
        r#"<taxii:Subscription_Management_Request {T10} message_id="1" feed_name="f" action="PAUSE" subscription_id="s"/>"#
    ));
    assert_eq!(e.rule(), Some("MFSRq10-2"));
    assert!(
        e.to_string().contains("PAUSE and RESUME are TAXII 1.1"),
        "{e}"
    );
}

/// MFSRq10-4: UNSUBSCRIBE needs a subscription id.
#[test]
fn unsubscribe_needs_id_mfsrq10_4() {
    let xml = format!(
        r#"<taxii:Subscription_Management_Request {T10} message_id="1" feed_name="f" action="UNSUBSCRIBE"/>"#
    );
    let m = crate::support::files::spec_rule(&xml, "/Subscription_Management_Request", "MFSRq10-4");
    assert!(m.validate()[0].text.contains("subscription_id"));
}

/// FIRs10-8: a feed needs a push method or a polling service (an XSD choice; the
/// permissive default accepts it as the peers send it).
#[test]
fn feed_needs_delivery_firs10_8() {
    let xml = format!(
        r#"<taxii:Feed_Information_Response {T10} message_id="2" in_response_to="1"><taxii:Feed feed_name="f"><taxii:Description>d</taxii:Description><taxii:Content_Binding>c</taxii:Content_Binding></taxii:Feed></taxii:Feed_Information_Response>"#
    );
    let schema = DecodeOptions::schema();
    let e = decode_with(xml.clone().into_bytes().into(), &schema).unwrap_err();
    assert_eq!(e.rule(), Some("FIRs10-8"));
    assert!(decode(xml.as_bytes()).is_ok());
}

/// PRq10-6: the end must be after the exclusive begin; PRs10-7: the end is required.
#[test]
fn poll_ranges_prq10_6_prs10_7() {
    let xml = format!(
        r#"<taxii:Poll_Request {T10} message_id="1" feed_name="f"><taxii:Exclusive_Begin_Timestamp>2014-01-02T00:00:00Z</taxii:Exclusive_Begin_Timestamp><taxii:Inclusive_End_Timestamp>2014-01-02T00:00:00Z</taxii:Inclusive_End_Timestamp></taxii:Poll_Request>"#
    );
    crate::support::files::spec_rule(&xml, "/Poll_Request", "PRq10-6");
    let e = err(&format!(
        r#"<taxii:Poll_Response {T10} message_id="2" in_response_to="1" feed_name="f"/>"#
    ));
    assert!(e.to_string().contains("Inclusive_End_Timestamp"), "{e}");
    // PRs10-5: Message comes before the timestamps in 1.0 (1.1 order is refused).
    let e = err(&format!(
        r#"<taxii:Poll_Response {T10} message_id="2" in_response_to="1" feed_name="f"><taxii:Inclusive_End_Timestamp>2014-01-02T00:00:00Z</taxii:Inclusive_End_Timestamp><taxii:Message>m</taxii:Message></taxii:Poll_Response>"#
    ));
    assert!(e.to_string().contains("taxii:Message"), "{e}");
}

/// IM10-6 (errata E-1): Source_Subscription needs a subscription id.
#[test]
fn source_subscription_needs_id_im10_6() {
    let e = err(&format!(
        r#"<taxii:Inbox_Message {T10} message_id="1"><taxii:Source_Subscription feed_name="f"><taxii:Inclusive_End_Timestamp>2014-01-02T00:00:00Z</taxii:Inclusive_End_Timestamp></taxii:Source_Subscription></taxii:Inbox_Message>"#
    ));
    assert_eq!(e.rule(), Some("IM10-6"));
    assert!(e.path().ends_with("Source_Subscription"), "{}", e.path());
}

/// TS-2: TAXII 1.0 timestamps need a zone, like 1.1.
#[test]
fn timestamp_needs_zone_g10_5() {
    let e = err(&format!(
        r#"<taxii:Poll_Response {T10} message_id="2" in_response_to="1" feed_name="f"><taxii:Inclusive_End_Timestamp>2014-01-02T00:00:00</taxii:Inclusive_End_Timestamp></taxii:Poll_Response>"#
    ));
    assert!(e.to_string().contains("Inclusive_End_Timestamp"), "{e}");
}

/// A truncated 1.0 document fails cleanly at every cut point (no panic).
#[test]
fn truncations_never_panic() {
    let xml = std::fs::read(crate::v10::wire::testdata(
        "samples/taxii10_poll_response_1block.xml",
    ))
    .unwrap();
    for cut in (0..xml.len()).step_by(7) {
        assert!(decode(&xml[..cut]).is_err(), "cut at {cut}");
    }
}

/// DRs10-8: only an INBOX lists the content it accepts; the XSD allows it anywhere, so
/// only strict mode refuses it (the default keeps it, like 1.1's DRs11-11).
#[test]
fn content_binding_only_for_inbox_drs10_8() {
    let xml = format!(
        r#"<taxii:Discovery_Response {T10} message_id="2" in_response_to="1"><taxii:Service_Instance service_type="POLL" service_version="urn:taxii.mitre.org:services:1.0"><taxii:Protocol_Binding>p</taxii:Protocol_Binding><taxii:Address>a</taxii:Address><taxii:Message_Binding>m</taxii:Message_Binding><taxii:Content_Binding>c</taxii:Content_Binding></taxii:Service_Instance></taxii:Discovery_Response>"#
    );
    // Recipients ignore it: a SHOULD diagnostic, which even strict decoding accepts.
    assert!(decode_with(xml.clone().into_bytes().into(), &DecodeOptions::strict()).is_ok());
    let m = decode(xml.as_bytes()).unwrap();
    let d = &m.validate()[0];
    assert_eq!(
        (d.rule, d.level),
        ("DRs10-8", taxii_messages::Requirement::Should)
    );
    assert_eq!(decode(m.to_xml().as_bytes()).unwrap(), m);
    // An INBOX lists it; a POLL without it is fine.
    let inbox = xml.replace("service_type=\"POLL\"", "service_type=\"INBOX\"");
    let plain = xml.replace("<taxii:Content_Binding>c</taxii:Content_Binding>", "");
    for ok in [inbox, plain] {
        assert_eq!(decode(ok.as_bytes()).unwrap().validate(), vec![], "{ok}");
    }
}
