//! A fast pass over raw content: how far the event loop of `Cursor::skip_inner` would
//! get without finding anything to report.
//!
//! It accepts only what that loop accepts: balanced elements whose start tags pass
//! `content_tags`, comments without `--`, CDATA sections, text with valid references,
//! within the limits. At the first doubt it stops, and the event loop takes over from the
//! last point where every element opened was closed, so one code reports every error.

use crate::xml::chars::resolve_reference;
use crate::xml::content_tags::{is_name_char, is_name_start, ContentTags, TagLimits};
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
                    if limits.base_depth + depth > limits.max_depth {
                        return safe;
                    }
                    let close = name.1 + len;
                    match rest.get(close..close + 2) {
                        Some([b'>', _]) => {
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
        c if is_name_start(c) => {
            let name_len = rest[p + 1..].iter().position(|&b| !is_name_char(b))?;
            let name = (p + 1, p + 1 + name_len);
            (name_len <= limits.max_name_bytes).then_some((name.1, Item::Tag(name)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_name_bytes: usize, max_depth: usize, elements_left: usize) -> SkipLimits {
        SkipLimits {
            base_depth: 1,
            max_depth,
            max_name_bytes,
            tags: TagLimits {
                max_attributes: 4,
                max_name_bytes,
                max_value_bytes: 16,
            },
            elements_left,
        }
    }

    fn pass_with(content: &str, limits: &SkipLimits, outer: &NsStack) -> (usize, usize) {
        clean_prefix(
            content.as_bytes(),
            limits,
            &mut Vec::new(),
            &mut ContentTags::default(),
            outer,
        )
    }

    fn pass(content: &str) -> (usize, usize) {
        pass_with(content, &limits(16, 10, 100), &NsStack::default())
    }

    /// How far the pass gets, and over how many elements: clean content is passed over
    /// up to the end of its last complete top-level item; at anything it doubts, it stops
    /// where every element opened was closed.
    const PASSES: &[(&str, (usize, usize))] = &[
        ("", (0, 0)),
        ("text only", (0, 0)),
        ("<a/>", (4, 1)),
        (
            "<a x=\"1\" y='2'>t &amp; &#65;<b/><!-- c --><![CDATA[<x>]]></a>",
            (61, 2),
        ),
        ("<a></a \t>", (9, 1)),
        ("<a/>tail", (4, 1)),
        ("a > b<a/>", (9, 1)),
        ("a > b", (3, 0)),
        ("&amp;", (5, 0)),
        ("&amp;x", (5, 0)),
        ("<a><b></b></a><c>", (14, 2)),
        ("<a><b/>", (0, 0)),
        ("<!---->", (7, 0)),
        ("<![CDATA[x]]>", (13, 0)),
        ("<a xmlns:p='urn:p'><p:b p:c='1'/></a>", (37, 2)),
        ("<a xmlns:p='urn:p'><b></b><p:c/></a>", (36, 3)),
        // Stops: the event loop reports or handles these.
        ("<a/>]]>", (4, 1)),
        ("x]]>", (0, 0)),
        ("<a/>&bogus;", (4, 1)),
        ("&amp<a/>", (0, 0)),
        ("&amp&lt;", (0, 0)),
        ("<a></b>", (0, 0)),
        ("<a/></a>", (4, 1)),
        ("<!-- a -- b -->", (0, 0)),
        ("<!---a-->", (0, 0)),
        ("<!--a--->", (0, 0)),
        ("<!-- open", (0, 0)),
        ("<![CDATA[ open", (0, 0)),
        ("<!DOCTYPE a>", (0, 0)),
        ("<?pi x?>", (0, 0)),
        ("<a", (0, 0)),
        ("<a x='1'", (0, 0)),
        ("<a x='1'>", (0, 0)),
        ("<a/><b x=1/>", (4, 1)),
        ("<a/><p:b/>", (4, 1)),
        ("</a", (0, 0)),
        ("< a/>", (0, 0)),
    ];

    #[test]
    fn clean_content_is_passed_over_and_doubtful_content_left_to_the_event_loop() {
        for &(content, expected) in PASSES {
            assert_eq!(pass(content), expected, "{content:?}");
        }
    }

    #[test]
    fn the_pass_stops_before_a_limit_is_reached() {
        let ns = NsStack::default();
        let three = "<a/><b/><c/>";
        assert_eq!(pass_with(three, &limits(16, 10, 3), &ns), (12, 3));
        assert_eq!(pass_with(three, &limits(16, 10, 2), &ns), (8, 2));
        // base depth 1: an element of the content is at depth 2, its child at 3.
        let nested = "<a><b></b></a><c/>";
        assert_eq!(pass_with(nested, &limits(16, 3, 100), &ns), (18, 3));
        assert_eq!(pass_with(nested, &limits(16, 2, 100), &ns), (0, 0));
        let names = "<ab/><abc/>";
        assert_eq!(pass_with(names, &limits(3, 10, 100), &ns), (11, 2));
        assert_eq!(pass_with(names, &limits(2, 10, 100), &ns), (5, 1));
    }

    #[test]
    fn prefixes_bound_around_the_content_count_and_earlier_passes_leave_none_behind() {
        let mut outer = NsStack::default();
        outer.open();
        outer.declare("p", "urn:p");
        assert_eq!(pass_with("<p:a/>", &limits(16, 10, 100), &outer), (6, 1));
        // A pass that stopped inside an element declaring `q` does not leave `q` bound.
        let (first, second) = ("<a xmlns:q='urn:q'><", "<q:b/>");
        let none = NsStack::default();
        let mut tags = ContentTags::default();
        let mut stack = Vec::new();
        let l = limits(16, 10, 100);
        let run = |s: &'static str, tags: &mut ContentTags<'static>, stack: &mut Vec<_>| {
            clean_prefix(s.as_bytes(), &l, stack, tags, &none)
        };
        assert_eq!(run(first, &mut tags, &mut stack), (0, 0));
        assert_eq!(run(second, &mut tags, &mut stack), (0, 0));
        assert_eq!(run("<q:b xmlns:q='u'/>", &mut tags, &mut stack), (18, 1));
    }
}
