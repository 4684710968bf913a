//! Escaping on encode (G11-4, well-formedness): characters XML would normalise away are
//! written as character references, so what is decoded again is what was encoded.

use taxii_messages::v11::{Message as M, StatusMessage};
use taxii_messages::{decode, Message, MessageId, StatusType};

use crate::query::query_of;

/// A Poll_Request with a third-party test whose parameter `name` and text are given as
/// XML (character references allowed).
fn poll_with_parameter(name_xml: &str, text_xml: &str) -> String {
    format!(
        r#"<taxii_11:Poll_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="1" collection_name="c"><taxii_11:Poll_Parameters><taxii_11:Query format_id="urn:taxii.mitre.org:query:default:1.0"><tdq:Default_Query targeting_expression_id="urn:example:vocabulary"><tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>x</tdq:Target><tdq:Test capability_id="urn:example:capability" relationship="r"><tdq:Parameter name="{name_xml}">{text_xml}</tdq:Parameter></tdq:Test></tdq:Criterion></tdq:Criteria></tdq:Default_Query></taxii_11:Query></taxii_11:Poll_Parameters></taxii_11:Poll_Request>"#
    )
}

fn parameter(m: &Message) -> (String, String) {
    query_of(m).criteria.criterion[0].test.parameters[0].clone()
}

#[test]
fn tab_newline_and_cr_in_attribute_values_survive_encoding() {
    let m = decode(poll_with_parameter("a&#9;b&#10;c&#13;d", "v").as_bytes()).unwrap();
    assert_eq!(parameter(&m).0, "a\tb\nc\rd");
    let xml = m.to_xml();
    assert!(xml.contains(r#"name="a&#x9;b&#xA;c&#xD;d""#), "{xml}");
    // Attribute normalisation would have made spaces of raw ones.
    assert_eq!(parameter(&decode(xml.as_bytes()).unwrap()).0, "a\tb\nc\rd");
}

#[test]
fn carriage_return_in_text_survives_encoding() {
    let m = decode(poll_with_parameter("n", "one&#13;two&#13;&#10;three").as_bytes()).unwrap();
    assert_eq!(parameter(&m).1, "one\rtwo\r\nthree");
    let xml = m.to_xml();
    assert!(xml.contains("one&#xD;two&#xD;\nthree"), "{xml}");
    // Line-end normalisation would have made a line feed of a raw one.
    assert_eq!(
        parameter(&decode(xml.as_bytes()).unwrap()).1,
        "one\rtwo\r\nthree"
    );

    let status = StatusMessage::new(
        MessageId::new("2").unwrap(),
        MessageId::new("1").unwrap(),
        StatusType::Failure,
    )
    .with_message("line one\r\nline two");
    let xml = Message::V11(status.into()).to_xml();
    assert!(xml.contains("line one&#xD;\nline two"), "{xml}");
    let Message::V11(M::StatusMessage(back)) = decode(xml.as_bytes()).unwrap() else {
        panic!("{xml}")
    };
    assert_eq!(back.message.as_deref(), Some("line one\r\nline two"));
}

#[test]
fn a_cdata_end_in_text_is_escaped() {
    // `]]>` may not appear raw in character data (XML 1.0 §2.4); other parsers refuse it.
    let status = StatusMessage::new(
        MessageId::new("2").unwrap(),
        MessageId::new("1").unwrap(),
        StatusType::Failure,
    )
    .with_message("a]]>b");
    let xml = Message::V11(status.into()).to_xml();
    assert!(xml.contains("a]]&gt;b"), "{xml}");
    assert!(!xml.contains("]]>"), "{xml}");
}

#[test]
fn quotes_and_tabs_in_text_are_written_as_they_are() {
    let m = decode(poll_with_parameter("n", "say \"hi\"\tthere").as_bytes()).unwrap();
    let xml = m.to_xml();
    assert!(xml.contains(">say \"hi\"\tthere<"), "{xml}");
}

#[test]
fn character_references_take_any_number_of_digits_and_nothing_else() {
    for (r, want) in [
        ("&#x0000000041;", "A"),
        ("&#00000000065;", "A"),
        ("&#x1F600;", "\u{1F600}"),
    ] {
        let m =
            decode(poll_with_parameter("n", r).as_bytes()).unwrap_or_else(|e| panic!("{r}: {e}"));
        assert_eq!(parameter(&m).1, want, "{r}");
    }
    for r in [
        "&#x+41;",
        "&#+65;",
        "&#x;",
        "&#;",
        "&#x-1;",
        "&#x41 ;",
        "&#x100000000041;",
    ] {
        let e = decode(poll_with_parameter("n", r).as_bytes()).expect_err(r);
        assert!(
            matches!(
                e.kind(),
                taxii_messages::DecodeErrorKind::InvalidCharacterReference(_)
            ),
            "{r}: {e}"
        );
    }
}
