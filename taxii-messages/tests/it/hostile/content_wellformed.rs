//! Raw XML (content, extended header values, signatures) must be well-formed and
//! namespace-well-formed, so that a decoded message can be written back out as such
//! (checklist G11-4 and security-and-interop section 3, well-formedness faults). Every
//! malformed tag is rejected with its offset, line:column, the element path down to the
//! tag, and the XML rule, however the content around it is written: plain markup (read
//! by the fast pass) or with references, CDATA, comments or processing instructions
//! (which hand over to the event loop), and the same by the streaming reader.

use std::io::BufReader;

use taxii_messages::stream::{MessageStream, StreamError};
use taxii_messages::{decode, decode_with, DecodeError, DecodeErrorKind as K, DecodeOptions};

const NS: &str = "http://taxii.mitre.org/messages/taxii_xml_binding-1.1";
const DS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// A malformed tag: the tag, where in it the error points, the rule, and the kind.
struct Case {
    bad: &'static str,
    at: usize,
    rule: &'static str,
    kind: fn(&K) -> bool,
}

const R_UNIQUE: &str = "XML 1.0 WFC: Unique Att Spec";
const R_ATTR: &str = "XML 1.0 [41] Attribute ::= Name Eq AttValue";
const R_PREFIX: &str = "Namespaces in XML 1.0 NSC: Prefix Declared";

fn syntax(k: &K, what: &str) -> bool {
    matches!(k, K::Syntax(s) if s.contains(what))
}

const CASES: &[Case] = &[
    Case {
        bad: "<x a='1' a='2'/>",
        at: 9,
        rule: R_UNIQUE,
        kind: |k| matches!(k, K::DuplicateAttribute(a) if a == "a"),
    },
    Case {
        bad: "<x xmlns:q='urn:q' q:a='1' b=\"\" q:a='2'>t</x>",
        at: 32,
        rule: R_UNIQUE,
        kind: |k| matches!(k, K::DuplicateAttribute(a) if a == "q:a"),
    },
    Case {
        bad: "<x a/>",
        at: 3,
        rule: R_ATTR,
        kind: |k| syntax(k, "attribute `a` has no `=` and value"),
    },
    Case {
        bad: "<x a>t</x>",
        at: 3,
        rule: R_ATTR,
        kind: |k| syntax(k, "attribute `a` has no `=` and value"),
    },
    Case {
        bad: "<x b='1' ='2'/>",
        at: 9,
        rule: R_ATTR,
        kind: |k| syntax(k, "an attribute name was expected"),
    },
    Case {
        bad: "<x a=1/>",
        at: 5,
        rule: "XML 1.0 [10] AttValue",
        kind: |k| syntax(k, "the value of attribute `a` is not quoted"),
    },
    Case {
        bad: "<x a='1'b='2'/>",
        at: 8,
        rule: "XML 1.0 [40] whitespace between attributes",
        kind: |k| syntax(k, "separated by whitespace"),
    },
    Case {
        bad: "<x a='1 < 2'/>",
        at: 8,
        rule: "XML 1.0 WFC: No < in Attribute Values",
        kind: |k| syntax(k, "`<` in an attribute value"),
    },
    Case {
        bad: "<x a='&bogus;'/>",
        at: 6,
        rule: "XML 1.0 [10] AttValue",
        kind: |k| matches!(k, K::UnknownEntity(e) if e == "bogus"),
    },
    Case {
        bad: "<x a='&#0;'/>",
        at: 6,
        rule: "XML 1.0 [10] AttValue",
        kind: |k| matches!(k, K::InvalidCharacterReference(e) if e == "#0"),
    },
    Case {
        bad: "<x a='v&bogus;'/>",
        at: 7,
        rule: "XML 1.0 [10] AttValue",
        kind: |k| matches!(k, K::UnknownEntity(e) if e == "bogus"),
    },
    Case {
        bad: "<x a='v&amp'/>",
        at: 7,
        rule: "XML 1.0 [10] AttValue",
        kind: |k| syntax(k, "unterminated reference in an attribute value"),
    },
    Case {
        bad: "<q:x/>",
        at: 0,
        rule: R_PREFIX,
        kind: |k| matches!(k, K::UndeclaredPrefix(p) if p == "q"),
    },
    Case {
        bad: "<x q:a='1'/>",
        at: 3,
        rule: R_PREFIX,
        kind: |k| matches!(k, K::UndeclaredPrefix(p) if p == "q"),
    },
    Case {
        bad: "<x xmlns:q=''/>",
        at: 3,
        rule: "Namespaces in XML 1.0 NSC: No Prefix Undeclaring, Reserved Prefixes",
        kind: |k| syntax(k, "invalid namespace declaration `xmlns:q`"),
    },
    Case {
        bad: "<x :a='1'/>",
        at: 3,
        rule: "Namespaces in XML 1.0 [7] QName",
        kind: |k| syntax(k, "`:a` is not a qualified name"),
    },
];

/// Ways to write the content before the bad tag: the first is read by the fast pass, the
/// others put a reference, CDATA, a comment, a PI or a clean element in front.
const LEADS: &[&str] = &[
    "",
    "a &amp; b &#x41; ",
    "<![CDATA[<x a a='1'>]]>",
    "<!-- <x a a> -->",
    "<?pi <x a a>?>",
    "<ok k='v' xmlns:q='urn:q'><q:y q:a='&lt;'/>t</ok>",
];

fn inbox(content: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<taxii_11:Inbox_Message xmlns:taxii_11=\"{NS}\" message_id=\"1\">\n\
         <taxii_11:Content_Block>\n<taxii_11:Content_Binding binding_id=\"b\"/>\n\
         <taxii_11:Content>\n{content}\n</taxii_11:Content>\n</taxii_11:Content_Block>\n\
         </taxii_11:Inbox_Message>\n"
    )
}

fn extended_header(value: &str) -> String {
    format!(
        "<taxii_11:Inbox_Message xmlns:taxii_11=\"{NS}\" message_id=\"1\">\n\
         <taxii_11:Extended_Headers>\n<taxii_11:Extended_Header name=\"h\">{value}\
         </taxii_11:Extended_Header>\n</taxii_11:Extended_Headers>\n</taxii_11:Inbox_Message>"
    )
}

fn signature(inner: &str) -> String {
    format!(
        "<taxii_11:Inbox_Message xmlns:taxii_11=\"{NS}\" xmlns:ds=\"{DS}\" message_id=\"1\">\n\
         <ds:Signature>\n{inner}\n</ds:Signature>\n</taxii_11:Inbox_Message>"
    )
}

fn poll_response(content: &str) -> String {
    let block = |c: &str| {
        format!(
            "<taxii_11:Content_Block>\n<taxii_11:Content_Binding binding_id=\"b\"/>\n\
             <taxii_11:Content>{c}</taxii_11:Content>\n</taxii_11:Content_Block>\n"
        )
    };
    format!(
        "<taxii_11:Poll_Response xmlns:taxii_11=\"{NS}\" message_id=\"2\" in_response_to=\"1\" \
         collection_name=\"c\">\n{}{}{}</taxii_11:Poll_Response>",
        block("<ok/>"),
        block(content),
        block("<ok/>")
    )
}

/// 1-based line and byte column of `offset` in `doc`.
fn line_column(doc: &str, offset: usize) -> (u32, u32) {
    let before = &doc[..offset];
    let line = before.matches('\n').count() + 1;
    let column = offset - before.rfind('\n').map_or(0, |p| p + 1) + 1;
    (line as u32, column as u32)
}

/// Decodes `doc`, which holds `case.bad` once after `lead`, and checks the error.
fn check(doc: &str, lead: &str, case: &Case, path: &str) -> DecodeError {
    let e = decode(doc.as_bytes()).expect_err(doc);
    let lead_at = doc.find(lead).unwrap() + lead.len();
    let offset = lead_at + doc[lead_at..].find(case.bad).unwrap() + case.at;
    assert!((case.kind)(e.kind()), "{doc}\n{e}");
    assert_eq!(e.offset(), offset, "{doc}\n{e}");
    assert_eq!(
        (e.line(), e.column()),
        line_column(doc, offset),
        "{doc}\n{e}"
    );
    assert_eq!(e.path(), path, "{doc}\n{e}");
    assert_eq!(e.rule(), Some(case.rule), "{doc}\n{e}");
    e
}

#[test]
fn malformed_tags_in_content_are_rejected_on_every_path_g11_4() {
    for case in CASES {
        for lead in LEADS {
            let doc = inbox(&format!("{lead}{}", case.bad));
            check(&doc, lead, case, "/Inbox_Message/Content_Block/Content/x");
            // Deeper inside the content, the path follows the elements.
            let doc = inbox(&format!("<a><b>{lead}{}</b></a>", case.bad));
            check(
                &doc,
                lead,
                case,
                "/Inbox_Message/Content_Block/Content/a/b/x",
            );
            // The same content without the bad tag is accepted.
            assert!(decode(inbox(lead).as_bytes()).is_ok(), "{lead}");
        }
    }
}

#[test]
fn malformed_tags_in_extended_headers_and_signatures_are_rejected() {
    for case in CASES {
        for lead in LEADS {
            let value = format!("{lead}{}", case.bad);
            let path = "/Inbox_Message/Extended_Headers/Extended_Header/x";
            check(&extended_header(&value), lead, case, path);
            check(&signature(&value), lead, case, "/Inbox_Message/Signature/x");
        }
    }
    assert!(decode(extended_header("<ok a='1'/>").as_bytes()).is_ok());
    assert!(decode(signature("<ds:SignedInfo Id='x'/>").as_bytes()).is_ok());
}

#[test]
fn the_streaming_reader_gives_the_same_errors() {
    for case in CASES {
        for lead in LEADS {
            let doc = poll_response(&format!("{lead}{}", case.bad));
            let whole = check(
                &doc,
                lead,
                case,
                "/Poll_Response/Content_Block[2]/Content/x",
            );
            for chunk in [7, 64, 4096] {
                let mut s = MessageStream::new(BufReader::with_capacity(chunk, doc.as_bytes()))
                    .expect("the header is fine");
                let streamed = loop {
                    match s.next_block() {
                        Ok(Some(_)) => {}
                        Ok(None) => panic!("no error streaming {doc}"),
                        Err(StreamError::Decode(e)) => break e,
                        Err(e) => panic!("{e}"),
                    }
                };
                assert_eq!(streamed, whole, "chunk {chunk}: {doc}");
            }
        }
    }
}

#[test]
fn prefixes_bound_inside_or_around_the_content_are_accepted() {
    let content = "<q:x xmlns:q='urn:q' xmlns='urn:d'><q:y q:a='1' b='&amp;'/><z xml:lang='en'/>\
                   </q:x><taxii_11:any taxii_11:attr='v'/>";
    let m = decode(inbox(content).as_bytes()).expect("well-formed");
    // Written back out, the content decodes again to the same message.
    assert_eq!(decode(m.to_xml().as_bytes()).expect("re-decodes"), m);
    // A declaration is in scope only inside the element that makes it.
    let case = Case {
        bad: "<q:y/>",
        at: 0,
        rule: R_PREFIX,
        kind: |k| matches!(k, K::UndeclaredPrefix(p) if p == "q"),
    };
    let lead = "<a xmlns:q='urn:q'><q:b/></a>";
    let doc = inbox(&format!("{lead}<x>{}</x>", case.bad));
    let e = check(
        &doc,
        lead,
        &case,
        "/Inbox_Message/Content_Block/Content/x/y",
    );
    assert_eq!(e.line(), 6);
}

#[test]
fn many_attributes_duplicates_and_the_attribute_limit() {
    // More than 32 attributes are checked for duplicates another way: same result.
    for n in [32, 33, 40] {
        let mut tag = String::from("<x");
        for i in 0..n {
            tag.push_str(&format!(" a{i}='{i}'"));
        }
        assert!(
            decode(inbox(&format!("{tag}/>")).as_bytes()).is_ok(),
            "{n} distinct"
        );
        let e = decode(inbox(&format!("{tag} a{}='again'/>", n - 1)).as_bytes()).expect_err("dup");
        assert!(matches!(e.kind(), K::DuplicateAttribute(_)), "{n}: {e}");
    }
    let mut tag = String::from("<x");
    for i in 0..40 {
        tag.push_str(&format!(" a{i}='{i}'"));
    }
    let ok = format!("{tag}/>");
    assert!(decode(inbox(&ok).as_bytes()).is_ok());
    let bad = format!("{tag} a7='again'/>");
    let doc = inbox(&bad);
    let e = decode(doc.as_bytes()).expect_err("duplicate");
    assert!(
        matches!(e.kind(), K::DuplicateAttribute(a) if a == "a7"),
        "{e}"
    );
    assert_eq!(e.offset(), doc.find("a7='again'").unwrap());
    assert_eq!(e.rule(), Some(R_UNIQUE));

    let mut options = DecodeOptions::default();
    options.limits.max_attributes = 3;
    let doc = inbox("<x a='1' b='2' c='3'/><y a='1' b='2' c='3' d='4'/>");
    let e = decode_with(doc.clone().into(), &options).expect_err("over the limit");
    assert!(
        matches!(
            e.kind(),
            K::LimitExceeded {
                limit: "max_attributes",
                max: 3
            }
        ),
        "{e}"
    );
    assert_eq!(e.offset(), doc.find("d='4'").unwrap());
    assert_eq!(e.path(), "/Inbox_Message/Content_Block/Content/y");
}

/// Raw XML read from JSON is checked the same way, with its own bindings in scope.
#[cfg(feature = "serde")]
#[test]
fn raw_xml_from_json_is_checked_with_its_bindings() {
    use taxii_messages::RawXml;
    let with = r#"{"xml": "<share:source>B</share:source>",
                   "namespaces": [{"prefix": "share", "uri": "urn:share"}]}"#;
    let raw: RawXml = serde_json::from_str(with).expect("the prefix is bound");
    assert_eq!(raw.as_str(), "<share:source>B</share:source>");
    let without = r#"{"xml": "<share:source>B</share:source>", "namespaces": []}"#;
    let e = serde_json::from_str::<RawXml>(without).expect_err("unbound prefix");
    assert!(
        e.to_string()
            .contains("namespace prefix `share` is not declared"),
        "{e}"
    );
    let dup = r#"{"xml": "<x a='1' a='2'/>", "namespaces": []}"#;
    let e = serde_json::from_str::<RawXml>(dup).expect_err("duplicate attribute");
    assert!(e.to_string().contains("Unique Att Spec"), "{e}");
}

#[test]
fn names_and_expanded_names_are_checked_in_content() {
    let e = decode(inbox("<a$b/>").as_bytes()).expect_err("not a name");
    assert!(syntax(e.kind(), "invalid element name"), "{e}");
    // Two prefixes bound to one URI make `a:x` and `b:x` one attribute, among any others.
    let dup = "<e xmlns:a='urn:u' xmlns:b='urn:u' a:y='0' a:x='1' b:x='2'/>";
    let e = decode(inbox(dup).as_bytes()).expect_err("expanded duplicate");
    assert!(matches!(e.kind(), K::DuplicateAttribute(_)), "{e}");
    let distinct = "<e xmlns:a='urn:u' xmlns:b='urn:v' a:y='0' a:x='1' b:x='2'/>";
    assert!(decode(inbox(distinct).as_bytes()).is_ok()); // A qualified name has one colon and a local part that starts a name.
    for bad in [
        "<p:1x xmlns:p='u'/>",
        "<p:a:b xmlns:p='u'/>",
        "<x xmlns:p='u' p:1a='v'/>",
    ] {
        let e = decode(inbox(bad).as_bytes()).expect_err(bad);
        assert!(syntax(e.kind(), "is not a qualified name"), "{bad}: {e}");
    }
}

#[test]
fn reserved_declarations_in_content_are_refused_like_in_the_envelope() {
    use super::wellformed::{RESERVED_DECLARATIONS, R_DECL};
    for (decl, why) in RESERVED_DECLARATIONS {
        let bad = format!("<x {decl}/>");
        for doc in [inbox(&bad), inbox(&format!("<a>&amp;{bad}</a>"))] {
            let e = decode(doc.as_bytes()).expect_err(&doc);
            let name = decl.split('=').next().unwrap();
            let what = format!("invalid namespace declaration `{name}`: {why}");
            assert!(matches!(e.kind(), K::Syntax(s) if *s == what), "{doc}\n{e}");
            assert_eq!(e.rule(), Some(R_DECL));
            assert_eq!(e.offset(), doc.find(decl).unwrap(), "{doc}");
        }
    }
    let own = "<x xmlns:xml='http://www.w3.org/XML/1998/namespace' xml:lang='en'/>";
    let m = decode(inbox(own).as_bytes()).expect("`xml` declared to its own namespace");
    assert_eq!(decode(m.to_xml().as_bytes()).expect("re-decodes"), m);
}

#[test]
fn names_of_every_kind_of_name_character_are_accepted() {
    let content = "<é_x-1.2 ñ='1' _a='2' xmlns:p.q-r='urn:p'><p.q-r:Ω p.q-r:é9='3'/></é_x-1.2>";
    let m = decode(inbox(content).as_bytes()).expect("XML 1.0 [4] [4a] names");
    assert_eq!(decode(m.to_xml().as_bytes()).expect("re-decodes"), m);
}

#[test]
fn attribute_names_and_values_may_be_as_long_as_their_limits() {
    let mut options = DecodeOptions::default();
    options.limits.max_name_bytes = 30;
    options.limits.max_value_bytes = 60;
    let tag = |name: usize, value: usize| {
        inbox(&format!(
            "<x {}='{}'/>",
            "n".repeat(name),
            "v".repeat(value)
        ))
    };
    for doc in [tag(30, 1), tag(1, 60), tag(30, 60)] {
        assert!(decode_with(doc.clone().into(), &options).is_ok(), "{doc}");
    }
    for (doc, limit) in [
        (tag(31, 1), "max_name_bytes"),
        (tag(1, 61), "max_value_bytes"),
    ] {
        let e = decode_with(doc.clone().into(), &options).expect_err(&doc);
        assert!(
            matches!(e.kind(), K::LimitExceeded { limit: l, .. } if *l == limit),
            "{e}"
        );
    }
}

#[test]
fn a_declaration_in_one_block_is_not_in_scope_in_the_next() {
    let block = |c: &str| {
        format!(
            "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
             <taxii_11:Content>{c}</taxii_11:Content></taxii_11:Content_Block>"
        )
    };
    let doc = format!(
        "<taxii_11:Inbox_Message xmlns:taxii_11=\"{NS}\" message_id=\"1\">{}{}</taxii_11:Inbox_Message>",
        block("<p:a xmlns:p='urn:p'/>"),
        block("<p:b/>")
    );
    let e = decode(doc.as_bytes()).expect_err("p is undeclared in the second block");
    assert!(
        matches!(e.kind(), K::UndeclaredPrefix(p) if p == "p"),
        "{e}"
    );
}
