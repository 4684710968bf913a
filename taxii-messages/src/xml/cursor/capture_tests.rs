//! Capture with and without the fast pass over clean content gives the same result.

use bytes::Bytes;
use proptest::prelude::*;

use crate::xml::cursor::Cursor;
use crate::{Limits, RawXml};

/// Captures the content of `<w ...>` + `content` + `</w>`, with or without the fast pass.
fn capture(
    content: &str,
    fast: bool,
    limits: Limits,
) -> Result<(RawXml, usize), crate::DecodeError> {
    let doc = format!("<w xmlns:p=\"urn:p\">{content}</w>");
    let bytes = Bytes::from(doc);
    let text = std::str::from_utf8(&bytes).unwrap();
    let mut c = Cursor::new(text, &bytes, limits);
    c.set_fast_skip(fast);
    let root = c.root()?;
    let raw = c.raw_content(root)?;
    c.finish()?;
    Ok((raw, bytes.len()))
}

fn same_both_ways(content: &str, limits: Limits) {
    let slow = capture(content, false, limits);
    let fast = capture(content, true, limits);
    assert_eq!(fast, slow, "content: {content:?}");
}

const SAMPLE: &str = include_str!("../../../testdata/samples/stix_package_1.1.1.xml");

const TRICKY: &[&str] = &[
    "",
    "text only",
    "<a/>",
    "<a></a>",
    "<a ></a >",
    "<a>x</b>",
    "<a><b></a></b>",
    "<a",
    "<a>",
    "</a>",
    "<a b='>'/>",
    "<a b=\"x\" c='y'>t</a>",
    "<a b=\"&amp;\"/>",
    "<a b=\"&bogus;\"/>",
    "<a b=\"<\"/>",
    "a &amp; b &lt; c &#x41; &#65;",
    "&bogus;",
    "&#0;",
    "&amp",
    "& amp;",
    "&am<a/>p;",
    "<!-- c -->",
    "<!-- a -- b -->",
    "<!--->",
    "<!---->",
    "<!-- c --->",
    "<!-->",
    "<!-->x-->",
    "<!--x-->-->",
    "<![CDATA[]]>",
    "<![cdata[x]]>",
    "<a b=\"1\" b=\"2\"/>",
    "</a b>",
    "<a></a b>",
    "<a <b>x</a>",
    "x &#x10FFFF; &#xD800; &#65536; &#x;",
    "<!-- unterminated",
    "<![CDATA[ <a> & ]]>",
    "<![CDATA[ unterminated",
    "<?pi x?>",
    "<?xml version='1.0'?>",
    "<!DOCTYPE x>",
    "<!ELEMENT x>",
    "< a/>",
    "<1a/>",
    "<a/b>",
    "<a\tb='1'\n/>",
    "<p:a xmlns:q='urn:q'><q:b/></p:a>",
    "<a>]]></a>",
    "<a>></a>",
    "<é>x</é>",
    "<a-b.c_d:e/>",
    "<a b=\"1\"/ >",
    "<a b/>",
    "<a b>x</a>",
    "<a b=1/>",
    "<a b='1'c='2'/>",
    "<a b='1' ='2'/>",
    "<a b='1' b='2'/>",
    "<a p:b='1' p:b='2'/>",
    "<a b='x<y'/>",
    "<q:a/>",
    "<a q:b='1'/>",
    "<a xmlns:q='urn:q'><q:b q:c='1'/></a><q:d/>",
    "<a xmlns:q=''/>",
    "<a xmlns:xmlns='urn:x'/>",
    "<a :b='1'/>",
    "<a:/>",
    "<p:a xml:lang='en'/>",
];

#[test]
fn tricky_content_is_captured_the_same_with_and_without_the_fast_pass() {
    for content in TRICKY {
        same_both_ways(content, Limits::default());
        let wrapped = format!("<x>{content}</x>{content}");
        same_both_ways(&wrapped, Limits::default());
    }
    same_both_ways(SAMPLE, Limits::default());
}

#[test]
fn limits_are_reached_at_the_same_place_with_and_without_the_fast_pass() {
    let with = |set: fn(&mut Limits, usize), n| {
        let mut limits = Limits::default();
        set(&mut limits, n);
        limits
    };
    let deep = "<a><a><a><a><a>x</a></a></a></a></a>";
    for n in 1..12 {
        same_both_ways(deep, with(|l, n| l.max_depth = n, n));
        same_both_ways(deep, with(|l, n| l.max_elements = n, n));
        same_both_ways("<a/><b/><c/><d/><e/>", with(|l, n| l.max_elements = n, n));
        same_both_ways("<abc/><ab x='1'/>", with(|l, n| l.max_name_bytes = n, n));
        let values = "<a x='123456'/><b y=\"1\"></b>";
        same_both_ways(values, with(|l, n| l.max_value_bytes = n, n));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any edit of a real payload (insert, delete or replace one or more bytes) is
    /// accepted or rejected the same way, with the same error.
    #[test]
    fn edited_payloads_are_captured_the_same_with_and_without_the_fast_pass(
        edits in proptest::collection::vec(
            (0usize..2100, 0u8..3, proptest::sample::select(
                vec!["<", ">", "&", ";", "/", "-", "\"", "'", "]", "!", "?", "<!--", "-->",
                     "<![CDATA[", "]]>", "&amp;", "&#", " ", "a", "</", "/>", "="])),
            1..4),
    ) {
        let mut content = SAMPLE.to_owned();
        let boundary = |s: &str, mut i: usize| {
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        for (at, op, text) in edits {
            let at = boundary(&content, at.min(content.len()));
            let end = boundary(&content, (at + text.len()).min(content.len()));
            match op {
                0 => content.insert_str(at, text),
                1 => content.replace_range(at..end, ""),
                _ => content.replace_range(at..end, text),
            }
        }
        same_both_ways(&content, Limits::default());
    }
}
