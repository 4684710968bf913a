//! A fast pass over raw content: how far the event loop of `Cursor::skip_inner` would
//! get without finding anything to report.
//!
//! The pass accepts only what that loop accepts without an error: balanced elements with
//! matching end names and start tags that pass `content_tags` (names, attributes, bound
//! prefixes), comments without `--`, CDATA sections, text with valid references, within
//! the depth, element, attribute, name and value limits. At the first thing it is not
//! sure about it stops, and the event loop takes over from the last point where every
//! element opened had been closed, so errors are found and reported by the same code as
//! before.

use crate::xml::content_tags::{is_name_char, is_name_start, ContentTags, TagLimits};
use crate::xml::cursor::resolve_reference;
use crate::xml::ns_stack::NsStack;

/// The limits the event loop would check.
pub(crate) struct SkipLimits {
    /// Depth of the element whose content is skipped.
    pub base_depth: usize,
    pub max_depth: usize,
    pub max_name_bytes: usize,
    /// The limits of the tags inside.
    pub tags: TagLimits,
    /// Elements that may still be opened before `max_elements` is exceeded.
    pub elements_left: usize,
}

/// The length of the longest prefix of `rest` made of complete, clean content items,
/// and the number of elements in it. `stack` and `tags` are scratch space; `outer` holds
/// the namespace bindings in scope around the content.
pub(crate) fn clean_prefix<'a>(
    rest: &'a [u8],
    limits: &SkipLimits,
    stack: &mut Vec<(usize, usize)>,
    tags: &mut ContentTags<'a>,
    outer: &NsStack,
) -> (usize, usize) {
    stack.clear();
    tags.clear();
    let mut i = 0;
    let mut elements = 0;
    let mut safe = (0, 0);
    loop {
        let Some(k) = memchr::memchr3(b'<', b'&', b'>', &rest[i..]) else {
            return safe;
        };
        let p = i + k;
        if rest[p] == b'>' {
            // `]]>` in text is an error the event loop reports.
            if rest[..p].ends_with(b"]]") {
                return safe;
            }
            i = p + 1;
        } else if rest[p] == b'&' {
            match reference_end(rest, p) {
                Some(end) => i = end,
                None => return safe,
            }
        } else {
            let Some((mut end, item)) = markup(rest, p, limits) else {
                return safe;
            };
            match item {
                Item::Tag(name) => {
                    elements += 1;
                    let depth = stack.len() + 1;
                    if elements > limits.elements_left {
                        return safe;
                    }
                    // The attributes are read once, by the same check as the event loop's.
                    let Ok(len) = tags.start(
                        &rest[name.0..name.1],
                        &rest[name.1..],
                        depth,
                        limits.tags,
                        outer,
                    ) else {
                        return safe;
                    };
                    let close = name.1 + len;
                    match rest.get(close..close + 2) {
                        Some([b'>', _]) => {
                            if limits.base_depth + depth > limits.max_depth {
                                return safe;
                            }
                            stack.push(name);
                            end = close + 1;
                        }
                        Some(b"/>") => {
                            tags.end(depth);
                            end = close + 2;
                        }
                        _ => return safe,
                    }
                }
                Item::End(name) => match stack.pop() {
                    Some(open) if rest[open.0..open.1] == rest[name.0..name.1] => {
                        tags.end(stack.len() + 1);
                    }
                    _ => return safe,
                },
                Item::Other => {}
            }
            i = end;
        }
        if stack.is_empty() {
            safe = (i, elements);
        }
    }
}

enum Item {
    /// The byte range of the name of a start or empty-element tag (the item "ends" at
    /// the end of the name: the caller reads the attributes).
    Tag((usize, usize)),
    /// An end tag and the byte range of its name.
    End((usize, usize)),
    /// A comment or CDATA section.
    Other,
}

/// The end of the clean reference at `rest[p]` (`&`), if it resolves.
fn reference_end(rest: &[u8], p: usize) -> Option<usize> {
    let k = memchr::memchr3(b';', b'&', b'<', &rest[p + 1..])?;
    let semi = p + 1 + k;
    if rest[semi] != b';' {
        return None;
    }
    let name = std::str::from_utf8(&rest[p + 1..semi]).ok()?;
    resolve_reference(name).ok()?;
    Some(semi + 1)
}

/// The markup at `rest[p]` (`<`), if clean: where it ends and what it is.
fn markup(rest: &[u8], p: usize, limits: &SkipLimits) -> Option<(usize, Item)> {
    match *rest.get(p + 1)? {
        b'/' => {
            let gt = p + 2 + memchr::memchr(b'>', &rest[p + 2..])?;
            let mut end = gt;
            while end > p + 2 && matches!(rest[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
                end -= 1;
            }
            Some((gt + 1, Item::End((p + 2, end))))
        }
        b'!' if rest[p..].starts_with(b"<!--") => {
            let close = p + 4 + memchr::memmem::find(&rest[p + 4..], b"-->")?;
            let body = &rest[p + 4..close];
            let clean = memchr::memmem::find(body, b"--").is_none()
                && body.first() != Some(&b'-')
                && body.last() != Some(&b'-');
            clean.then_some((close + 3, Item::Other))
        }
        b'!' if rest[p..].starts_with(b"<![CDATA[") => {
            let close = p + 9 + memchr::memmem::find(&rest[p + 9..], b"]]>")?;
            Some((close + 3, Item::Other))
        }
        c if is_name_start(c) => start_tag(rest, p, limits),
        _ => None,
    }
}

fn start_tag(rest: &[u8], p: usize, limits: &SkipLimits) -> Option<(usize, Item)> {
    let name_start = p + 1;
    let name_len = rest[name_start..].iter().position(|&b| !is_name_char(b))?;
    let name_end = name_start + name_len;
    if name_len > limits.max_name_bytes {
        return None;
    }
    Some((name_end, Item::Tag((name_start, name_end))))
}

#[cfg(test)]
mod tests {
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

    const SAMPLE: &str = include_str!("../../testdata/samples/stix_package_1.1.1.xml");

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
        let deep = "<a><a><a><a><a>x</a></a></a></a></a>";
        for max_depth in 2..8 {
            same_both_ways(
                deep,
                Limits {
                    max_depth,
                    ..Limits::default()
                },
            );
        }
        for max_elements in 1..8 {
            same_both_ways(
                deep,
                Limits {
                    max_elements,
                    ..Limits::default()
                },
            );
            same_both_ways(
                "<a/><b/><c/><d/><e/>",
                Limits {
                    max_elements,
                    ..Limits::default()
                },
            );
        }
        for max_name_bytes in 1..4 {
            same_both_ways(
                "<abc/><ab x='1'/>",
                Limits {
                    max_name_bytes,
                    ..Limits::default()
                },
            );
        }
        for max_value_bytes in 1..12 {
            same_both_ways(
                "<a x='123456'/><b y=\"1\"></b>",
                Limits {
                    max_value_bytes,
                    ..Limits::default()
                },
            );
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
            for (at, op, text) in edits {
                let mut at = at.min(content.len());
                while !content.is_char_boundary(at) {
                    at -= 1;
                }
                match op {
                    0 => content.insert_str(at, text),
                    1 => {
                        let mut end = (at + text.len()).min(content.len());
                        while !content.is_char_boundary(end) {
                            end -= 1;
                        }
                        content.replace_range(at..end, "");
                    }
                    _ => {
                        let mut end = (at + text.len()).min(content.len());
                        while !content.is_char_boundary(end) {
                            end -= 1;
                        }
                        content.replace_range(at..end, text);
                    }
                }
            }
            same_both_ways(&content, Limits::default());
        }
    }
}
