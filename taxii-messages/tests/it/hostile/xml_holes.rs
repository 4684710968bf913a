//! The two XML holes of issue 14, refused with precise errors: `]]>` in character data
//! (XML 1.0 §2.4, [14]) and two attributes with one expanded name (Namespaces in XML 1.0
//! §6.3), in the envelope and inside content.

use taxii_messages::{decode, DecodeErrorKind as K};

use crate::support::hostile::{inbox_with_content, status_with_message};

#[test]
fn cdata_end_in_character_data_is_refused_xml_2_4() {
    for input in [
        status_with_message("a ]]> b"),
        inbox_with_content("a ]]> b"),
        inbox_with_content("<x>]]></x>"),
    ] {
        let e = decode(input.as_bytes()).expect_err(&input);
        assert!(matches!(e.kind(), K::Syntax(t) if t.contains("]]>")), "{e}");
        assert_eq!(e.offset(), input.find("]]>").unwrap(), "{e}");
    }
    // In CDATA, in attribute values and escaped, it is fine.
    for ok in [
        inbox_with_content("<![CDATA[a ]] > b]]>"),
        inbox_with_content("a ]]&gt; b"),
        inbox_with_content("<x y=\"]]>\"/>"),
        status_with_message("a ]] b"),
    ] {
        decode(ok.as_bytes()).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
}

#[test]
fn one_expanded_attribute_name_twice_is_refused_ns_6_3() {
    let content = r#"<x xmlns:a="urn:u" xmlns:b="urn:u" a:k="1" b:k="2"/>"#;
    let input = inbox_with_content(content);
    let e = decode(input.as_bytes()).expect_err(content);
    assert!(
        matches!(e.kind(), K::DuplicateAttribute(n) if n.contains(":k")),
        "{e}"
    );
    // Distinct namespaces, or one prefixed and one not, are distinct names.
    for ok in [
        r#"<x xmlns:a="urn:u" xmlns:b="urn:v" a:k="1" b:k="2"/>"#,
        r#"<x xmlns:a="urn:u" a:k="1" k="2"/>"#,
    ] {
        decode(inbox_with_content(ok).as_bytes()).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
}

#[test]
fn one_expanded_attribute_name_twice_in_the_envelope_is_refused() {
    let input = r#"<taxii_11:Discovery_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" xmlns:a="urn:u" xmlns:b="urn:u" a:k="1" b:k="2" message_id="1"/>"#;
    let e = decode(input.as_bytes()).expect_err(input);
    assert!(
        matches!(e.kind(), K::DuplicateAttribute(n) if n == "b:k"),
        "{e}"
    );
}

/// Content that is not well-formed cannot be built, so it cannot reach the wire
/// (issue 14: a hand-built Inbox_Message with malformed content was acknowledged).
#[test]
fn raw_xml_constructors_are_checked() {
    use taxii_messages::{NamespaceBinding, RawXml};
    for bad in [
        "<a>",
        "<a></b>",
        "a ]]> b",
        "<p:a/>",
        "x &nbsp; y",
        "<a b='1' b='2'/>",
    ] {
        let e = RawXml::new(bad.as_bytes().to_vec(), vec![]).expect_err(bad);
        assert!(!e.to_string().is_empty());
    }
    assert!(RawXml::new(vec![0xFF, 0xFE], vec![]).is_err());
    let bound = vec![NamespaceBinding::new("p", "urn:p")];
    assert!(RawXml::new(&b"<p:a/>"[..], bound).is_ok());
    // Text: escaped, and characters XML cannot carry are refused (or replaced).
    let e = RawXml::try_from_text("a\u{1}b").unwrap_err();
    assert!(e.to_string().contains("U+0001"), "{e}");
    assert_eq!(
        RawXml::from_text("a\u{1}b").text().as_deref(),
        Some("a\u{FFFD}b")
    );
    let t = RawXml::try_from_text("1 < 2 ]]> & done").unwrap();
    assert_eq!(t.text().as_deref(), Some("1 < 2 ]]> & done"));
    assert!(RawXml::new(t.as_bytes().clone(), vec![]).is_ok());
}
