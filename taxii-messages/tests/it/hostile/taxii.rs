//! Hostile inputs at the TAXII level (security-and-interop.md §3.3 items 31–34, 36–39):
//! a precise TAXII error, or a documented acceptance that round-trips. Items 35 (a poll
//! whose parts never end) and 40 (HTTP headers) belong to the client pager and the HTTP
//! binding.

use taxii_messages::v11::{self, Message as M11};
use taxii_messages::{decode, DecodeErrorKind as K, Message, StatusType};

use crate::support::hostile::*;

const NS10: &str = "http://taxii.mitre.org/messages/taxii_xml_binding-1";
const NS11_URI: &str = "http://taxii.mitre.org/messages/taxii_xml_binding-1.1";

fn v11(m: Message) -> M11 {
    match m {
        Message::V11(m) => m,
        other => panic!("not 1.1: {other:?}"),
    }
}

/// Decodes, encodes, decodes again: equal values and identical second encoding.
fn roundtrips(m: &Message) {
    let xml = m.to_xml();
    let again = decode(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(&again, m);
    assert_eq!(again.to_xml(), xml);
}

#[test]
fn item31_bodies_that_are_urls_or_paths() {
    let canary = Canary::new();
    for body in [
        format!("{}?<x/>", canary.url("taxii")),
        "/etc/passwd".to_owned(),
        "file:///etc/passwd".to_owned(),
        "C:\\Windows\\win.ini".to_owned(),
    ] {
        let err = reject(body.clone());
        assert_eq!(err.kind(), &K::UnexpectedText, "{body}: {err}");
        assert_eq!(err.offset(), 0);
        assert_eq!(StatusType::from(&err), StatusType::BadMessage);
    }
    canary.assert_untouched();
}

#[test]
fn item32_right_name_wrong_namespace() {
    // A TAXII 1.0 name in the 1.1 namespace …
    let err = reject(format!(
        "<t:Feed_Information_Request xmlns:t=\"{NS11_URI}\" message_id=\"1\"/>"
    ));
    assert!(
        matches!(err.kind(), K::Constraint(s) if s.contains("TAXII 1.0 message") && s.contains(NS11_URI)),
        "{err}"
    );
    // … a 1.1 name in the 1.0 namespace (libtaxii#229 in reverse) …
    let err = reject(format!(
        "<t:Collection_Information_Request xmlns:t=\"{NS10}\" message_id=\"1\"/>"
    ));
    assert!(
        matches!(err.kind(), K::Constraint(s) if s.contains("TAXII 1.1 message") && s.contains(NS10)),
        "{err}"
    );
    assert_eq!(err.rule(), Some("DIF-1"));
    // … and a TAXII name in no namespace or another one.
    for ns in ["", " xmlns=\"urn:not-taxii\""] {
        let err = reject(format!("<Discovery_Request{ns} message_id=\"1\"/>"));
        assert!(
            matches!(err.kind(), K::UnknownMessage { name, .. } if name == "Discovery_Request"),
            "{err}"
        );
    }
}

#[test]
fn item33_message_id_faults_and_near_miss_names() {
    let err = reject(format!("<taxii_11:Discovery_Request {NS11}/>"));
    assert_eq!(err.kind(), &K::MissingAttribute("message_id"));
    // An empty anyURI is schema-valid: decoded as written, reported by validate (G11-5).
    let empty = format!("<taxii_11:Discovery_Request {NS11} message_id=\"\"/>");
    let m = crate::support::files::spec_rule(&empty, "/Discovery_Request", "G11-5");
    assert_eq!(m.message_id().as_str(), "");
    let err = reject(format!(
        "<taxii_11:Discovery_Request {NS11} message_id=\"a b\"/>"
    ));
    assert!(
        matches!(
            err.kind(),
            K::InvalidValue {
                field: "message_id",
                ..
            }
        ),
        "{err}"
    );
    let huge = "9".repeat((1 << 20) + 1);
    let err = reject(format!(
        "<taxii_11:Discovery_Request {NS11} message_id=\"{huge}\"/>"
    ));
    assert_limit(&err, "max_value_bytes");
    // One megabyte (10^6) is under the 1 MiB default and accepted.
    let mb = "9".repeat(1_000_000);
    let m = accept(format!(
        "<taxii_11:Discovery_Request {NS11} message_id=\"{mb}\"/>"
    ));
    assert_eq!(m.message_id().as_str().len(), 1_000_000);
    // The 1.1 element is Poll_Fulfillment, not Poll_Fulfillment_Request.
    let err = reject(format!(
        "<taxii_11:Poll_Fulfillment_Request {NS11} message_id=\"1\" collection_name=\"c\" result_id=\"r\" result_part_number=\"1\"/>"
    ));
    assert!(
        matches!(err.kind(), K::UnknownMessage { name, .. } if name == "Poll_Fulfillment_Request"),
        "{err}"
    );
}

#[test]
fn item33_duplicate_required_children() {
    let block = "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
        <taxii_11:Content_Binding binding_id=\"b\"/><taxii_11:Content/></taxii_11:Content_Block>";
    let err = reject(poll_response("", block));
    assert!(
        matches!(err.kind(), K::UnexpectedElement { found, .. } if found == "taxii_11:Content_Binding"),
        "{err}"
    );
    assert_eq!(
        err.path(),
        "/Poll_Response/Content_Block/Content_Binding[2]"
    );
    let block = "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
        <taxii_11:Content/><taxii_11:Content/></taxii_11:Content_Block>";
    let err = reject(poll_response("", block));
    assert!(matches!(err.kind(), K::UnexpectedElement { .. }), "{err}");
}

#[test]
fn item34_more_and_part_number_faults() {
    crate::support::files::spec_rule(
        &poll_response(" more=\"true\"", ""),
        "/Poll_Response",
        "C11-4",
    );
    for n in ["0", "-1", "18446744073709551616", "1.5", "", "one"] {
        let err = reject(poll_response(&format!(" result_part_number=\"{n}\""), ""));
        assert!(
            matches!(
                err.kind(),
                K::InvalidValue {
                    field: "result_part_number",
                    ..
                }
            ),
            "{n}: {err}"
        );
    }
    let max = accept(poll_response(
        " result_part_number=\"18446744073709551615\"",
        "",
    ));
    let M11::PollResponse(p) = v11(max) else {
        panic!()
    };
    assert_eq!(p.part_number(), u64::MAX);
    // xs:boolean's lexical space, whitespace collapsed; nothing else.
    for (v, want) in [
        ("1", true),
        ("0", false),
        (" true ", true),
        ("false", false),
    ] {
        let m = accept(poll_response(&format!(" more=\"{v}\" result_id=\"r\""), ""));
        let M11::PollResponse(p) = v11(m) else {
            panic!()
        };
        assert_eq!(p.more, Some(want), "{v}");
    }
    for v in ["TRUE", "yes", "", "t"] {
        let err = reject(poll_response(&format!(" more=\"{v}\" result_id=\"r\""), ""));
        assert!(
            matches!(err.kind(), K::InvalidValue { field: "more", .. }),
            "{v}: {err}"
        );
    }
}

fn end_timestamp(ts: &str) -> String {
    poll_response(
        "",
        &format!("<taxii_11:Inclusive_End_Timestamp>{ts}</taxii_11:Inclusive_End_Timestamp>"),
    )
}

#[test]
fn item36_timestamp_faults() {
    for (ts, hint) in [
        ("2014-01-01T00:00:00", "TS-2"),
        ("2014-01-01T00:00:00.1234567Z", "TS-3"),
        ("2014-01-01T00:00:00.123456789Z", "TS-3"),
        ("2014-01-01T24:00:00Z", "TS-1"),
        ("2014-12-31T23:59:60Z", "TS-1"),
        ("2014-01-01T00:00:00z", "TS-1"),
        ("2014-01-01 00:00:00Z", "TS-1"),
        ("2014-02-30T00:00:00Z", "TS-1"),
    ] {
        let err = reject(end_timestamp(ts));
        assert!(
            matches!(
                err.kind(),
                K::InvalidValue {
                    field: "Inclusive_End_Timestamp",
                    ..
                }
            ),
            "{ts}: {err:?}"
        );
        assert!(err.to_string().contains(hint), "{ts}: {err}");
    }
}

#[test]
fn item36_accepted_timestamp_edge_forms_are_written_back_as_stated() {
    // XSD 1.1 dateTime allows year 0000 and negative years; `-00:00` is an offset of zero.
    // Each is written back as it came, except `-00:00`, which is written as the same
    // instant with `+00:00`.
    for (ts, written) in [
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"),
        ("-0001-01-01T00:00:00Z", "-0001-01-01T00:00:00Z"),
        ("2014-01-01T00:00:00-00:00", "2014-01-01T00:00:00+00:00"),
        (
            "2014-01-01T00:00:00.000001+14:00",
            "2014-01-01T00:00:00.000001+14:00",
        ),
    ] {
        let m = accept(end_timestamp(ts));
        roundtrips(&m);
        let xml = m.to_xml();
        let element = format!(
            "<taxii_11:Inclusive_End_Timestamp>{written}</taxii_11:Inclusive_End_Timestamp>"
        );
        assert!(xml.contains(&element), "{ts}: {xml}");
    }
}

#[test]
fn item37_content_binding_shapes() {
    let long = format!("urn:{}", "b".repeat(64 * 1024));
    let bindings = format!(
        "<taxii_11:Content_Binding binding_id=\"{long}\"/>\
         <taxii_11:Content_Binding binding_id=\"x\"><taxii_11:Subtype subtype_id=\"s\"/><taxii_11:Subtype subtype_id=\"s\"/></taxii_11:Content_Binding>"
    );
    let input = format!(
        "<taxii_11:Poll_Request {NS11} message_id=\"1\" collection_name=\"c\"><taxii_11:Poll_Parameters>{bindings}</taxii_11:Poll_Parameters></taxii_11:Poll_Request>"
    );
    let m = accept(input);
    roundtrips(&m);
    let M11::PollRequest(p) = v11(m) else {
        panic!()
    };
    let v11::PollSelection::PollParameters(pp) = &p.selection else {
        panic!()
    };
    let cb = &pp.query_parameters.content_bindings;
    assert_eq!(cb[0].binding_id.as_str().len(), long.len());
    assert!(cb[0].subtypes.is_empty());
    assert_eq!(
        cb[1].subtypes.len(),
        2,
        "duplicate subtypes are kept as sent"
    );
    let huge = "b".repeat((1 << 20) + 1);
    let err = reject(inbox_with_content("x").replace("urn:stix.mitre.org:xml:1.1.1", &huge));
    assert_limit(&err, "max_value_bytes");
}

#[test]
fn item38_content_forms() {
    let escaped = "&lt;stix:STIX_Package xmlns:stix=&quot;urn:s&quot;/&gt;";
    let m = accept(inbox_with_content(escaped));
    let c = inbox_content(&m);
    assert!(c.is_text());
    assert_eq!(
        c.text().as_deref(),
        Some("<stix:STIX_Package xmlns:stix=\"urn:s\"/>")
    );
    let m = accept(inbox_with_content("<![CDATA[<a>&amp;</a>]]>"));
    assert_eq!(inbox_content(&m).text().as_deref(), Some("<a>&amp;</a>"));
    let m = accept(inbox_with_content("text <b>bold</b> tail"));
    assert!(!inbox_content(&m).is_text());
    assert_eq!(inbox_content(&m).as_str(), "text <b>bold</b> tail");
    let m = accept(inbox_with_content(""));
    assert_eq!(inbox_content(&m).as_str(), "");
    roundtrips(&m);
    // A prefix declared only on the root travels with the content.
    let input = format!(
        "<taxii_11:Inbox_Message {NS11} xmlns:stix=\"http://stix.mitre.org/stix-1\" message_id=\"1\"><taxii_11:Content_Block>\
         <taxii_11:Content_Binding binding_id=\"b\"/><taxii_11:Content><stix:STIX_Package/></taxii_11:Content></taxii_11:Content_Block></taxii_11:Inbox_Message>"
    );
    let m = accept(input.clone());
    let c = inbox_content(&m);
    assert!(c
        .namespaces()
        .iter()
        .any(|b| b.prefix == "stix" && b.uri == "http://stix.mitre.org/stix-1"));
    let standalone = c.to_standalone();
    assert!(
        standalone.starts_with("<stix:STIX_Package "),
        "{standalone}"
    );
    assert!(
        standalone.contains(" xmlns:stix=\"http://stix.mitre.org/stix-1\""),
        "{standalone}"
    );
    roundtrips(&m); // With attributes and content, the declarations go right after the name.
    let m = accept(input.replace(
        "<stix:STIX_Package/>",
        "<stix:STIX_Package id=\"x\">t<!-- c --></stix:STIX_Package>",
    ));
    let standalone = inbox_content(&m).to_standalone();
    assert!(
        standalone.starts_with("<stix:STIX_Package xmlns:"),
        "{standalone}"
    );
    assert!(
        standalone.ends_with("\" id=\"x\">t<!-- c --></stix:STIX_Package>"),
        "{standalone}"
    );
    // Comments and processing instructions are not part of the text.
    let m = accept(inbox_with_content("a<!-- c -->b<?pi x?>&amp;c"));
    assert_eq!(inbox_content(&m).text().as_deref(), Some("ab&c"));
}

/// A payload using a TAXII prefix of the other version keeps its declaration when
/// written into a message of this one.
#[test]
fn payload_bindings_of_the_other_version_are_declared() {
    use taxii_messages::namespaces::TAXII_11;
    use taxii_messages::{v10, MessageId, NamespaceBinding, RawXml, Uri};
    let binding = NamespaceBinding::new("taxii_11", TAXII_11);
    let raw = RawXml::new("<taxii_11:x a=\"1\"/>", vec![binding]).expect("well-formed");
    let block = v10::ContentBlock::new(Uri::new("urn:b").unwrap(), raw);
    let mut inbox = v10::InboxMessage::new(MessageId::new("1").unwrap());
    inbox.content_blocks.push(block);
    let m = taxii_messages::Message::V10(inbox.into());
    let xml = m.to_xml();
    assert!(
        xml.contains(&format!("xmlns:taxii_11=\"{TAXII_11}\"")),
        "{xml}"
    );
    assert_eq!(decode(xml.as_bytes()).expect("namespace-well-formed"), m);
    // A Draft 1 payload's default namespace, in a 1.1 message.
    let draft1 = NamespaceBinding::new("", taxii_messages::namespaces::DRAFT1);
    let raw = RawXml::new("<x/>", vec![draft1]).expect("well-formed");
    let mut inbox = v11::InboxMessage::new(MessageId::new("1").unwrap());
    inbox
        .content_blocks
        .push(v11::ContentBlock::new(Uri::new("urn:b").unwrap(), raw));
    let m = taxii_messages::Message::V11(inbox.into());
    let xml = m.to_xml();
    let declared = "<taxii_11:Content xmlns=\"http://taxii.mitre.org/messages/xml/1\">";
    assert!(xml.contains(declared), "{xml}");
    assert_eq!(decode(xml.as_bytes()).expect("namespace-well-formed"), m);
}

#[test]
fn item39_status_and_extended_header_shapes() {
    let input = format!(
        "<taxii_11:Status_Message {NS11} message_id=\"1\" in_response_to=\"2\" status_type=\"urn:example:status:odd\">\
         <taxii_11:Extended_Headers><taxii_11:Extended_Header name=\"h\"><x:v xmlns:x=\"urn:x\">1</x:v></taxii_11:Extended_Header></taxii_11:Extended_Headers>\
         <taxii_11:Status_Detail><taxii_11:Detail name=\"K\">a</taxii_11:Detail><taxii_11:Detail name=\"K\">b</taxii_11:Detail></taxii_11:Status_Detail>\
         </taxii_11:Status_Message>"
    );
    let m = accept(input);
    roundtrips(&m);
    let M11::StatusMessage(s) = v11(m) else {
        panic!()
    };
    assert_eq!(
        s.status_type,
        StatusType::Other("urn:example:status:odd".into())
    );
    assert_eq!(s.detail_values("K").collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(
        s.extended_headers[0].value.as_str(),
        "<x:v xmlns:x=\"urn:x\">1</x:v>"
    );
}
