//! Well-formedness of the start tags inside raw content, one check for the fast pass
//! (`fast_skip`) and the event loop (`Cursor::skip_inner`).
//!
//! A tag must be written back out as namespace-well-formed XML: names, `name="value"`
//! pairs apart by whitespace, no `<` and only resolvable references in values, no
//! attribute twice (by qualified name or, Namespaces in XML 1.0 §6.3, by expanded name),
//! at most `max_attributes`, and every prefix bound inside the content or around it (the
//! bindings that travel with the `RawXml`).

use crate::error::{excerpt, DecodeErrorKind as K};
use crate::xml::chars::resolve_reference;
use crate::xml::ns_stack::{declaration, same, NsStack, R_DECL};

/// What is wrong with a tag, and where.
pub(crate) struct TagFault {
    /// Offset in the attribute bytes, or `None` for the element name itself.
    pub at: Option<usize>,
    pub kind: K,
    pub rule: &'static str,
}

const R_NAME: &str = "XML 1.0 [5] Name";
const R_ATTR: &str = "XML 1.0 [41] Attribute ::= Name Eq AttValue";
const R_SEP: &str = "XML 1.0 [40] whitespace between attributes";
const R_VALUE: &str = "XML 1.0 [10] AttValue";
const R_LT: &str = "XML 1.0 WFC: No < in Attribute Values";
const R_UNIQUE: &str = "XML 1.0 WFC: Unique Att Spec";
const R_PREFIX: &str = "Namespaces in XML 1.0 NSC: Prefix Declared";
const R_QNAME: &str = "Namespaces in XML 1.0 [7] QName";
const R_LIMIT: &str = "security 3.2: configured limit";
const R_EXPANDED: &str = "Namespaces in XML 1.0 NSC: Attributes Unique";

/// The limits a tag is held to (from [`crate::Limits`]).
#[derive(Clone, Copy)]
pub(crate) struct TagLimits {
    pub max_attributes: usize,
    pub max_name_bytes: usize,
    pub max_value_bytes: usize,
}

/// Up to this many attributes, duplicates are looked for as each is read; past it, once
/// at the end (sorted), so the check does not grow with the square of the count.
const LINEAR_DUPLICATE_CHECK: usize = 32;

/// The prefixes declared inside the content being read, with the depth of the element
/// that declared each, and scratch space for one tag's attribute names.
#[derive(Default)]
pub(crate) struct ContentTags<'a> {
    decls: Vec<(&'a [u8], &'a [u8], usize)>,
    names: Vec<(&'a [u8], Colons)>,
}

impl<'a> ContentTags<'a> {
    /// Forgets every declaration (at a point where no content element is open).
    pub fn clear(&mut self) {
        self.decls.clear();
    }

    /// Checks the start tag of the element at `depth` (1 for a child of the content's
    /// parent): `name`, then the attributes at the start of `attrs`, up to the first `>`
    /// or `/` outside a value or the end of `attrs`; returns where they stop. Its
    /// declarations stay in scope until [`end`](Self::end) is called with the same depth.
    pub fn start(
        &mut self,
        name: &'a [u8],
        attrs: &'a [u8],
        depth: usize,
        limits: TagLimits,
        outer: &NsStack,
    ) -> Result<usize, TagFault> {
        let (end, colons) = scan_name(name, 0);
        if end != name.len() || !name.first().is_some_and(|&c| is_name_start(c)) {
            let what = format!("invalid element name `{}`", lossy(name));
            return Err(fault(None, K::Syntax(what), R_NAME));
        }
        self.names.clear();
        let attrs_end = self.scan(attrs, depth, limits)?;
        let attrs = &attrs[..attrs_end];
        self.check_prefix(name, colons, None, outer)?;
        self.check_names(attrs, outer)?;
        Ok(attrs_end)
    }

    /// Closes the element at `depth`: its declarations go out of scope.
    pub fn end(&mut self, depth: usize) {
        while self.decls.last().is_some_and(|&(_, _, d)| d >= depth) {
            self.decls.pop();
        }
    }

    /// Checks the attribute names [`scan`](Self::scan) recorded.
    fn check_names(&self, attrs: &'a [u8], outer: &NsStack) -> Result<(), TagFault> {
        let names = &self.names;
        for &(n, colons) in names {
            if n != b"xmlns" && !n.starts_with(b"xmlns:") {
                self.check_prefix(n, colons, Some(offset_in(attrs, n)), outer)?;
            }
        }
        self.check_expanded_names(attrs, outer)?;
        if names.len() > LINEAR_DUPLICATE_CHECK {
            // Sorted by name, then document order: a duplicate's second occurrence follows.
            let mut sorted: Vec<&[u8]> = names.iter().map(|&(n, _)| n).collect();
            sorted.sort_unstable_by_key(|&n| (n, offset_in(attrs, n)));
            if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
                let kind = K::DuplicateAttribute(lossy(w[0]));
                return Err(fault(offset_in(attrs, w[1]), kind, R_UNIQUE));
            }
        }
        Ok(())
    }

    /// No two prefixed attributes with one local name whose prefixes are bound to one URI.
    fn check_expanded_names(&self, attrs: &'a [u8], outer: &NsStack) -> Result<(), TagFault> {
        let mut prefixed: Vec<(&[u8], &[u8], &[u8])> = self
            .names
            .iter()
            .filter(|(n, _)| !n.starts_with(b"xmlns:"))
            .filter_map(|&(n, _)| {
                let colon = n.iter().position(|&b| b == b':')?;
                Some((&n[colon + 1..], &n[..colon], n))
            })
            .collect();
        if prefixed.len() < 2 {
            return Ok(());
        }
        prefixed.sort_by_key(|&(local, _, n)| (local, offset_in(attrs, n)));
        for (i, &(local, prefix, name)) in prefixed.iter().enumerate() {
            let earlier = prefixed[..i]
                .iter()
                .rev()
                .take_while(|&&(l, _, _)| l == local)
                .find(|&&(_, p, _)| p != prefix && self.uri(p, outer) == self.uri(prefix, outer));
            // Sorted by document order within a local name: `first` comes before `name`.
            if let Some(&(_, _, first)) = earlier {
                let what = format!(
                    "{} (same expanded name as `{}`: both prefixes are bound to one namespace)",
                    lossy(name),
                    lossy(first)
                );
                let kind = K::DuplicateAttribute(what);
                return Err(fault(offset_in(attrs, name), kind, R_EXPANDED));
            }
        }
        Ok(())
    }

    /// Checks that `qname` (a Name with `colons` from `scan_name`, at `at` in the
    /// attributes or `None` for the element name) is a QName whose prefix, if any, is bound.
    fn check_prefix(
        &self,
        qname: &[u8],
        colons: Colons,
        at: Option<usize>,
        outer: &NsStack,
    ) -> Result<(), TagFault> {
        if colons == 0 {
            return Ok(());
        }
        let colon = qname.iter().position(|&c| c == b':').unwrap_or(0);
        let (prefix, local) = (&qname[..colon], &qname[colon + 1..]);
        let local_ok = colons == 1 && local.first().is_some_and(|&c| is_name_start(c));
        if prefix.is_empty() || !local_ok {
            let what = format!("`{}` is not a qualified name (prefix:local)", lossy(qname));
            return Err(fault(at, K::Syntax(what), R_QNAME));
        }
        if !self.bound(prefix, outer) {
            return Err(fault(at, K::UndeclaredPrefix(lossy(prefix)), R_PREFIX));
        }
        Ok(())
    }

    /// The namespace URI `prefix` is bound to, as written (content cannot declare `xml`).
    fn uri<'s>(&'s self, prefix: &[u8], outer: &'s NsStack) -> Option<&'s [u8]> {
        match self.decls.iter().rev().find(|&&(p, _, _)| same(p, prefix)) {
            Some(&(_, uri, _)) => Some(uri),
            None => outer
                .resolve(std::str::from_utf8(prefix).ok()?)
                .map(str::as_bytes),
        }
    }

    fn bound(&self, prefix: &[u8], outer: &NsStack) -> bool {
        prefix == b"xml"
            || self.decls.iter().rev().any(|&(p, _, _)| same(p, prefix))
            || outer.is_bound(prefix)
    }

    /// Reads `attrs` pair by pair, recording names and namespace declarations.
    fn scan(
        &mut self,
        attrs: &'a [u8],
        depth: usize,
        limits: TagLimits,
    ) -> Result<usize, TagFault> {
        let n = attrs.len();
        let mut i = 0;
        loop {
            let before = i;
            i = skip_space(attrs, i);
            if i == n || attrs[i] == b'>' || attrs[i] == b'/' {
                return Ok(i);
            }
            if i == before {
                let what = syntax("attributes must be separated by whitespace");
                return Err(fault(i, what, R_SEP));
            }
            let name_start = i;
            if !is_name_start(attrs[i]) {
                return Err(fault(i, syntax("an attribute name was expected"), R_ATTR));
            }
            let colons;
            (i, colons) = scan_name(attrs, i);
            let name = &attrs[name_start..i];
            if name.len() > limits.max_name_bytes {
                return Err(limit(name_start, "max_name_bytes", limits.max_name_bytes));
            }
            i = skip_space(attrs, i);
            if attrs.get(i) != Some(&b'=') {
                let what = format!("attribute `{}` has no `=` and value", lossy(name));
                return Err(fault(name_start, K::Syntax(what), R_ATTR));
            }
            i = skip_space(attrs, i + 1);
            let quote = match attrs.get(i) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => {
                    let what = format!("the value of attribute `{}` is not quoted", lossy(name));
                    return Err(fault(i, K::Syntax(what), R_VALUE));
                }
            };
            let value_start = i + 1;
            let len = value_len(attrs, value_start, quote)?;
            let value = &attrs[value_start..value_start + len];
            i = value_start + len + 1;
            if len > limits.max_value_bytes {
                let max = limits.max_value_bytes;
                return Err(limit(value_start, "max_value_bytes", max));
            }
            if self.names.len() < LINEAR_DUPLICATE_CHECK
                && self.names.iter().any(|&(m, _)| same(m, name))
            {
                let kind = K::DuplicateAttribute(lossy(name));
                return Err(fault(name_start, kind, R_UNIQUE));
            }
            if self.names.len() == limits.max_attributes {
                return Err(limit(name_start, "max_attributes", limits.max_attributes));
            }
            self.names.push((name, colons));
            match declaration(name, value) {
                Some(Err(why)) => {
                    let what = format!("invalid namespace declaration `{}`: {why}", lossy(name));
                    return Err(fault(name_start, K::Syntax(what), R_DECL));
                }
                Some(Ok(prefix)) if !prefix.is_empty() => self.decls.push((prefix, value, depth)),
                _ => {}
            }
        }
    }
}

/// The length of the attribute value at `attrs[start..]`, up to its closing `quote`
/// (opened at `start - 1`), checking it on the way: no `<`, every `&` a known reference.
fn value_len(attrs: &[u8], start: usize, quote: u8) -> Result<usize, TagFault> {
    let rest = &attrs[start..];
    let mut from = 0;
    loop {
        let Some(k) = memchr::memchr3(quote, b'<', b'&', &rest[from..]) else {
            return Err(fault(
                start - 1,
                syntax("unterminated attribute value"),
                R_VALUE,
            ));
        };
        let p = from + k;
        match rest[p] {
            b'<' => return Err(fault(start + p, syntax("`<` in an attribute value"), R_LT)),
            b'&' => {
                let semi = rest[p + 1..]
                    .iter()
                    .position(|&c| c == b';' || c == quote)
                    .filter(|&s| rest[p + 1 + s] == b';');
                let Some(semi) = semi else {
                    let what = syntax("unterminated reference in an attribute value");
                    return Err(fault(start + p, what, R_VALUE));
                };
                let name = std::str::from_utf8(&rest[p + 1..p + 1 + semi]).unwrap_or("\u{FFFD}");
                resolve_reference(name).map_err(|kind| fault(start + p, kind, R_VALUE))?;
                from = p + 2 + semi;
            }
            _ => return Ok(p),
        }
    }
}

/// How many colons a name has.
type Colons = usize;

/// The end of the name chars from `b[i]` on, and how many colons are among them.
fn scan_name(b: &[u8], mut i: usize) -> (usize, Colons) {
    let mut colons = 0;
    while let Some(&c) = b.get(i) {
        let class = CLASS[usize::from(c)];
        if class & CHAR == 0 {
            break;
        }
        colons += usize::from(class >> 2);
        i += 1;
    }
    (i, colons)
}

fn fault(at: impl Into<Option<usize>>, kind: K, rule: &'static str) -> TagFault {
    let at = at.into();
    TagFault { at, kind, rule }
}

fn limit(at: usize, limit: &'static str, max: usize) -> TagFault {
    fault(at, K::LimitExceeded { limit, max }, R_LIMIT)
}

fn syntax(what: &str) -> K {
    K::Syntax(what.to_owned())
}

fn lossy(b: &[u8]) -> String {
    excerpt(&String::from_utf8_lossy(b))
}

fn offset_in(whole: &[u8], part: &[u8]) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// Whether `b` is a name without a colon (Namespaces in XML 1.0 [4] NCName).
pub(crate) fn is_ncname(b: &[u8]) -> bool {
    b.first().is_some_and(|&c| is_name_start(c)) && scan_name(b, 0) == (b.len(), 0)
}

const START: u8 = 1;
const CHAR: u8 = 2;
const COLON: u8 = 4;

/// For each byte: whether it may start (`START`) or continue (`CHAR`) a name; any byte of
/// a non-ASCII character is accepted.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let start = c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80;
        let more = start || c.is_ascii_digit() || c == b'-' || c == b'.';
        t[b] = (start as u8 * START) | (more as u8 * CHAR) | ((c == b':') as u8 * COLON);
        b += 1;
    }
    t
};

/// Whether `b` may start a name (any byte of a non-ASCII character is accepted).
pub(crate) fn is_name_start(b: u8) -> bool {
    CLASS[usize::from(b)] & START != 0
}

/// Whether `b` may continue a name.
pub(crate) fn is_name_char(b: u8) -> bool {
    CLASS[usize::from(b)] & CHAR != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(attrs: &str) -> Result<usize, TagFault> {
        let limits = TagLimits {
            max_attributes: 8,
            max_name_bytes: 16,
            max_value_bytes: 16,
        };
        let outer = NsStack::default();
        ContentTags::default().start(b"x", attrs.as_bytes(), 1, limits, &outer)
    }

    #[test]
    fn attributes_end_at_the_tag_end_or_the_input_end() {
        assert_eq!(start(" a='1' b=\"2\">rest").ok(), Some(12));
        assert_eq!(start(" a='1' b=\"2\"/>").ok(), Some(12));
        assert_eq!(start(" a='>/'").ok(), Some(7));
        assert_eq!(start("").ok(), Some(0));
    }

    #[test]
    fn an_unterminated_value_is_reported_at_its_quote() {
        let e = start(" a='1' bc='x&amp;y").expect_err("unterminated");
        assert_eq!(e.at, Some(10));
        assert!(matches!(e.kind, K::Syntax(s) if s == "unterminated attribute value"));
        assert_eq!(e.rule, R_VALUE);
    }
}
