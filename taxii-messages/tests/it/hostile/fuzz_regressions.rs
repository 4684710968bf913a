//! Inputs the fuzzers (fuzz/, see fuzz/README.md) found, one named test each. The raw
//! inputs are also replayed by fuzz/tests/replay.rs from fuzz/regressions/.

use taxii_messages::{decode, DecodeErrorKind as K, NamespaceBinding, RawXml};

use crate::support::hostile::*;

/// decode_message, crash a6b281a1: an undeclared prefix on an attribute produced an
/// error with an empty element path.
#[test]
fn fuzz_undeclared_attribute_prefix_reports_a_path() {
    let input = concat!(
        r#"<taxi)_11:Poll_Request xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1" "#,
        r#"mxsnl:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="1" collection_name="c"/>"#
    );
    let err = reject(input.as_bytes().to_vec());
    assert_eq!(err.kind(), &K::UndeclaredPrefix("mxsnl".into()));
    assert_eq!(err.path(), "/");
    let nested = poll_response(
        "",
        "<taxii_11:Record_Count q:x=\"1\">1</taxii_11:Record_Count>",
    );
    let err = reject(nested);
    assert_eq!(err.kind(), &K::UndeclaredPrefix("q".into()));
    assert_eq!(err.path(), "/Poll_Response");
}

/// decode_default_query, crash cc103ea5: `operator <tdq:="AND"` (an attribute name with
/// a space and a `<`) must be a syntax error with a path, not a namespace error without.
#[test]
fn fuzz_attribute_name_with_space_and_lt() {
    let input = format!(
        "<taxii_11:Poll_Request {NS11} xmlns:tdq=\"http://taxii.mitre.org/query/taxii_default_query-1\" message_id=\"1\" collection_name=\"c\">\
         <taxii_11:Poll_Parameters><taxii_11:Query format_id=\"urn:taxii.mitre.org:query:default:1.0\">\
         <tdq:Default_Query targeting_expression_id=\"urn:stix.mitre.org:xml:1.1.1\">\n<tdq:Criteria operator <tdq:=\"AND\">"
    );
    let err = reject(input);
    assert!(
        err.path()
            .starts_with("/Poll_Request/Poll_Parameters/Query/Default_Query"),
        "{err}"
    );
    assert!(
        matches!(err.kind(), K::Syntax(_) | K::UndeclaredPrefix(_)),
        "{err}"
    );
}

fn inbox_with_raw(raw: RawXml) -> taxii_messages::Message {
    let block = taxii_messages::v11::ContentBlock::new(
        taxii_messages::Uri::new("urn:stix.mitre.org:xml:1.1.1").unwrap(),
        raw,
    );
    let mut m =
        taxii_messages::v11::InboxMessage::new(taxii_messages::MessageId::new("1").unwrap());
    m.content_blocks.push(block);
    taxii_messages::Message::V11(m.into())
}

/// roundtrip_message: content that binds the envelope's own prefix (`taxii_11`) to
/// another URI lost that binding under the `wrap_` wrapper, so its elements changed
/// namespace on the way out.
#[test]
fn fuzz_payload_rebinding_the_envelope_prefix_keeps_its_binding() {
    let raw = RawXml::new(
        "<taxii_11:b><t:a/></taxii_11:b>",
        vec![
            NamespaceBinding::new("taxii_11", "urn:ns:taxii_11"),
            NamespaceBinding::new("t", "urn:ns:t"),
        ],
    )
    .expect("well-formed XML");
    let m = inbox_with_raw(raw);
    let xml = m.to_xml();
    assert!(xml.contains("xmlns:taxii_11=\"urn:ns:taxii_11\""), "{xml}");
    let again = decode(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(again, m, "{xml}");
    // The wrapper's own binding is not carried over as the payload's: a second encoding
    // is identical (no duplicate `xmlns:wrap_`).
    assert_eq!(again.to_xml(), xml);
    assert_eq!(decode(again.to_xml().as_bytes()).unwrap(), m);
}

/// roundtrip_message: bindings are written in the payload's order, also when one of them
/// rebinds the envelope prefix, so the decoded bindings compare equal.
#[test]
fn fuzz_payload_bindings_keep_their_order() {
    let raw = RawXml::new(
        "<t:a/><taxii_11:b/>",
        vec![
            NamespaceBinding::new("taxii_11", "urn:ns:taxii_11"),
            NamespaceBinding::new("t", "urn:ns:t"),
        ],
    )
    .expect("well-formed XML");
    let m = inbox_with_raw(raw);
    let again = decode(m.to_xml().as_bytes()).unwrap();
    let taxii_messages::Message::V11(taxii_messages::v11::Message::InboxMessage(i)) = &again else {
        panic!()
    };
    let prefixes: Vec<&str> = i.content_blocks[0]
        .content
        .namespaces()
        .iter()
        .map(|b| b.prefix.as_str())
        .filter(|p| *p == "t" || *p == "taxii_11")
        .collect();
    assert_eq!(prefixes, ["taxii_11", "t"]);
}
