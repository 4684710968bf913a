//! Hostile inputs, well-formedness and encoding (security-and-interop.md §3.3 items 23,
//! 25–30). Item 24 (read windows) does not apply: the decoder takes one complete buffer;
//! chunked reading belongs to the HTTP binding.

use taxii_messages::{decode, DecodeErrorKind as K};

use crate::support::hostile::*;

fn poll_response_sample() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/samples/taxii11_poll_response_1block.xml"
    );
    std::fs::read(path).expect("sample present")
}

#[test]
fn item23_truncation_at_every_byte_offset_of_a_poll_response() {
    let full = poll_response_sample();
    decode(&full).expect("the sample is valid");
    let end = full.len()
        - full
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    for cut in 0..end {
        let err = match decode(&full[..cut]) {
            Ok(_) => panic!("a prefix of {cut} bytes decoded"),
            Err(e) => e,
        };
        assert!(
            err.offset() <= cut,
            "cut {cut}: offset {} ({err})",
            err.offset()
        );
    }
    assert_usable();
}

#[test]
fn item25_invalid_utf8_and_overlong_encodings() {
    let good = discovery_request("", "");
    for bad in [
        &b"\xff"[..],
        b"\xc0\xaf",
        b"\xe0\x80\xaf",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
    ] {
        let mut input = good.clone().into_bytes();
        let at = input.len() - 2; // inside the root element's end tag
        input.splice(at..at, bad.iter().copied());
        let err = reject(input);
        assert_eq!(err.kind(), &K::InvalidUtf8, "{bad:?}: {err}");
        assert_eq!(err.offset(), at, "{bad:?}");
    }
}

#[test]
fn item25_forbidden_character_references() {
    for r in [
        "#xD800",
        "#xDFFF",
        "#0",
        "#x0",
        "#x110000",
        "#1",
        "#xFFFE",
        "#xFFFF",
        "#99999999999",
    ] {
        let err = reject(status_with_message(&format!("&{r};")));
        assert_eq!(err.kind(), &K::InvalidCharacterReference(r.into()), "{err}");
        let err = reject(inbox_with_content(&format!("<a b=\"&{r};\"/>")));
        assert_eq!(err.kind(), &K::InvalidCharacterReference(r.into()), "{err}");
    }
}

#[test]
fn item25_raw_control_characters_and_non_characters() {
    for (ch, name) in [
        ("\u{1}", "U+0001"),
        ("\u{1F}", "U+001F"),
        ("\u{0}", "U+0000"),
        ("\u{FFFE}", "U+FFFE"),
        ("\u{FFFF}", "U+FFFF"),
    ] {
        for input in [
            status_with_message(&format!("a{ch}b")),
            inbox_with_content(&format!("<a>{ch}</a>")),
        ] {
            let at = input.find(ch).unwrap();
            let err = reject(input);
            match err.kind() {
                K::Syntax(s) => assert!(s.contains(name), "{err}"),
                other => panic!("{other:?}"),
            }
            assert_eq!(err.offset(), at);
        }
    }
    // Tab, line feed and carriage return are legal.
    accept(status_with_message("a\tb\nc\r\nd"));
}

#[test]
fn item25_byte_order_marks() {
    let doc = discovery_request("", "");
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(doc.as_bytes());
    accept(utf8);
    for bom in [[0xFF, 0xFE], [0xFE, 0xFF]] {
        let mut utf16: Vec<u8> = bom.to_vec();
        for unit in doc.encode_utf16() {
            let b = if bom[0] == 0xFF {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            utf16.extend_from_slice(&b);
        }
        let err = reject(utf16);
        assert_eq!(
            err.kind(),
            &K::UnsupportedEncoding("UTF-16".into()),
            "{err}"
        );
    }
}

#[test]
fn item26_declared_encoding_other_than_utf8_is_refused() {
    // Documented precedence: the bytes must be UTF-8 whatever a transport says, and a
    // declaration naming another encoding is refused rather than guessed around.
    for enc in ["ISO-8859-1", "windows-1252", "UTF-16"] {
        let input = format!(
            "<?xml version=\"1.0\" encoding=\"{enc}\"?>{}",
            discovery_request("", "")
        );
        let err = reject(input);
        assert_eq!(err.kind(), &K::UnsupportedEncoding(enc.into()), "{err}");
    }
    for enc in ["UTF-8", "utf-8", "utf8"] {
        accept(format!(
            "<?xml version=\"1.0\" encoding=\"{enc}\"?>{}",
            discovery_request("", "")
        ));
    }
}

#[test]
fn item27_windows_1252_bytes_in_a_utf8_document() {
    // “smart quotes” as cp1252 (0x93 0x94): an error at the first byte, no lossy mode.
    let mut input = status_with_message("x").into_bytes();
    let at = input.iter().position(|&b| b == b'x').unwrap();
    input.splice(at..at + 1, [0x93, b'q', 0x94]);
    let err = reject(input);
    assert_eq!(err.kind(), &K::InvalidUtf8);
    assert_eq!(err.offset(), at);
}

/// The rule every namespace declaration fault cites.
pub(crate) const R_DECL: &str =
    "Namespaces in XML 1.0 NSC: No Prefix Undeclaring, Reserved Prefixes";

/// Declarations Namespaces in XML 1.0 forbids, and why.
pub(crate) const RESERVED_DECLARATIONS: &[(&str, &str)] = &[
    (
        "xmlns:xml=\"urn:x\"",
        "the prefix `xml` cannot be bound to another namespace",
    ),
    (
        "xmlns:xmlns=\"urn:x\"",
        "the prefix `xmlns` cannot be declared",
    ),
    (
        "xmlns:p=\"http://www.w3.org/XML/1998/namespace\"",
        "the XML namespace cannot be bound to another prefix",
    ),
    (
        "xmlns=\"http://www.w3.org/XML/1998/namespace\"",
        "the XML namespace cannot be bound to another prefix",
    ),
    (
        "xmlns:p=\"http://www.w3.org/2000/xmlns/\"",
        "the `xmlns` namespace cannot be bound",
    ),
    (
        "xmlns=\"http://www.w3.org/2000/xmlns/\"",
        "the `xmlns` namespace cannot be bound",
    ),
    ("xmlns:1p=\"urn:x\"", "the prefix is not an NCName"),
    ("xmlns:p:q=\"urn:x\"", "the prefix is not an NCName"),
    ("xmlns:p=\"\"", "a prefix cannot be undeclared"),
];

#[test]
fn item28_namespace_faults() {
    let err = reject(discovery_request(" xmlns:=\"\"", ""));
    assert!(
        matches!(err.kind(), K::Syntax(s) if s.contains("xmlns:")),
        "{err}"
    );
    let err = reject(discovery_request(" xmlns:p=\"\"", ""));
    assert!(
        matches!(err.kind(), K::Syntax(s) if s.contains("xmlns:p")),
        "{err}"
    );
    let err = reject(discovery_request(" q:attr=\"1\"", ""));
    assert_eq!(err.kind(), &K::UndeclaredPrefix("q".into()));
    assert_eq!(err.path(), "/", "{err}");
    let err = reject("<q:Discovery_Request message_id=\"1\"/>".to_owned());
    assert_eq!(err.kind(), &K::UndeclaredPrefix("q".into()));
    // Namespaces in XML 1.0 §3: reserved prefixes and names, prefixes are NCNames.
    for (decl, why) in RESERVED_DECLARATIONS {
        let err = reject(discovery_request(&format!(" {decl}"), ""));
        let what = format!(
            "invalid namespace declaration `{}`: {why}",
            decl.split('=').next().unwrap()
        );
        assert!(
            matches!(err.kind(), K::Syntax(s) if *s == what),
            "{decl}: {err}"
        );
        assert_eq!(err.rule(), Some(R_DECL), "{decl}");
    }
    // `xml` may be declared, to its own namespace.
    let own = discovery_request(" xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"", "");
    assert!(decode(own.as_bytes()).is_ok());
    // Same local names in different namespaces, or different ones in one namespace, are
    // different attributes.
    let xsi = "http://www.w3.org/2001/XMLSchema-instance";
    accept(discovery_request(
        &format!(" xmlns:xsi=\"{xsi}\" xsi:schemaLocation=\"a b\" xsi:type=\"t\""),
        "",
    ));
    // (Foreign attributes are refused, as foreign, not as duplicates.)
    let foreign = " xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" a:x=\"1\" b:x=\"2\"";
    let err = reject(discovery_request(foreign, ""));
    assert_eq!(err.kind(), &K::UnexpectedAttribute("a:x".into()), "{err}");
    // `a:x` and `b:x` with a and b bound to one URI are the same attribute.
    let dup = " xmlns:a=\"urn:same\" xmlns:b=\"urn:same\" a:x=\"1\" b:x=\"2\"";
    let err = reject(discovery_request(dup, ""));
    assert_eq!(err.kind(), &K::DuplicateAttribute("b:x".into()), "{err}");
}

#[test]
fn item29_multiple_roots_trailing_garbage_and_leading_text() {
    let doc = discovery_request("", "");
    let err = reject(format!("{doc}{doc}"));
    assert_eq!(err.kind(), &K::TrailingContent);
    assert_eq!(err.offset(), doc.len());
    let err = reject(format!("{doc}garbage"));
    assert_eq!(err.kind(), &K::TrailingContent);
    let err = reject(format!("text{doc}"));
    assert_eq!(err.kind(), &K::UnexpectedText);
    assert_eq!(err.offset(), 0);
    // Comments, PIs and whitespace around the root are fine.
    accept(format!("<!-- c -->\n<?pi x?>\n{doc}\n<!-- after -->\n"));
    // The XML declaration comes first, once.
    let decl = "<?xml version=\"1.0\"?>";
    accept(format!("{decl}\n{doc}"));
    for misplaced in [format!("\n{decl}{doc}"), format!("{decl}{decl}{doc}")] {
        let err = reject(misplaced);
        assert!(
            matches!(err.kind(), K::Syntax(s) if s == "misplaced XML declaration"),
            "{err}"
        );
    }
}

#[test]
fn item30_mismatched_and_unterminated_markup() {
    let cases = [
        discovery_request("", "").replace(
            "</taxii_11:Discovery_Request>",
            "</taxii_11:Discovery_Requesx>",
        ),
        inbox_with_content("<a><b></a></b>"),
        inbox_with_content("<![CDATA[never closed"),
        inbox_with_content("<!-- never closed"),
        inbox_with_content("<?pi never closed"),
        status_with_message("<![CDATA[x"),
        format!("{}<!-- open", discovery_request("", "")),
        discovery_request("", "").replace("</taxii_11:Discovery_Request>", ""),
        discovery_request("", "").trim_end_matches('>').to_owned(),
        inbox_with_content("<a b=\"1 />"),
        inbox_with_content("<a b c<d=\"1\"/>"),
        inbox_with_content("<a b=\"x<y\"/>"),
        inbox_with_content("<a b=\"1\"c=\"2\"/>"),
    ];
    for input in cases {
        let err = reject(input.clone());
        assert!(
            matches!(err.kind(), K::Syntax(_) | K::UnexpectedElement { .. }),
            "{input}: {err:?}"
        );
    }
}

#[test]
fn item30_duplicate_attributes_inside_content_are_refused() {
    let err = reject(inbox_with_content("<a b=\"1\" b=\"2\"/>"));
    assert_eq!(err.kind(), &K::DuplicateAttribute("b".into()), "{err}");
}

#[test]
fn item25_a_control_character_beside_a_legal_ef_lead_byte_is_found() {
    // U+FF01 starts with 0xEF, as U+FFFE does: the scan looks on past it.
    for pad in 0..64 {
        let input = status_with_message(&format!("{}\u{FF01}\u{1}", "a".repeat(pad)));
        let at = input.find('\u{1}').unwrap();
        let err = reject(input);
        assert_eq!(err.offset(), at, "pad {pad}: {err}");
    }
}

/// XML 1.0 §3.3.3: a literal tab, newline or carriage return in an attribute value reads
/// as a space; written as a character reference it stays itself. (Seen here in the
/// error naming the value: a detail name is a URI, which has no whitespace.)
#[test]
fn attribute_values_are_normalised_but_references_kept() {
    let kind_for = |name: &str| {
        let doc = format!(
            "<taxii_11:Status_Message {NS11} message_id=\"1\" in_response_to=\"2\" status_type=\"FAILURE\">\
             <taxii_11:Status_Detail><taxii_11:Detail name=\"{name}\">v</taxii_11:Detail>\
             </taxii_11:Status_Detail></taxii_11:Status_Message>"
        );
        reject(doc).kind().clone()
    };
    assert_eq!(kind_for("a\tb\nc\rd"), kind_for("a b c d"));
    assert_eq!(kind_for("a\t\tb"), kind_for("a  b"));
    assert_ne!(kind_for("x&#9;y"), kind_for("x y"));
    assert_eq!(kind_for("x&#32;y"), kind_for("x y"));
}
