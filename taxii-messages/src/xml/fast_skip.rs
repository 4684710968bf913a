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
        c if is_name_start(c) => {
            let name_len = rest[p + 1..].iter().position(|&b| !is_name_char(b))?;
            let name = (p + 1, p + 1 + name_len);
            (name_len <= limits.max_name_bytes).then_some((name.1, Item::Tag(name)))
        }
        _ => None,
    }
}
