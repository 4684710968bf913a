//! Tokenizing: events, start tags with their attributes and namespace declarations,
//! element levels, references and the document prolog and epilog.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::{Attr, Cursor, Element, Level, Peeked, Result};
use crate::error::{excerpt, DecodeError, DecodeErrorKind as K};
use crate::namespaces::Ns;
use crate::xml::chars::resolve_reference;
use crate::xml::ns_stack::{declaration, R_DECL};

impl<'a> Cursor<'a> {
    pub(super) fn syntax(&self, e: quick_xml::Error) -> DecodeError {
        let offset = usize::try_from(self.reader.error_position()).unwrap_or(0);
        // References are resolved here, not by quick-xml: its errors are all syntax.
        self.error_at(offset, K::Syntax(e.to_string()))
    }

    /// Character data must not contain `]]>` (XML 1.0 §2.4, [14]).
    pub(super) fn check_char_data(&self, text: &[u8], at: usize) -> Result<()> {
        match memchr::memmem::find(text, b"]]>") {
            Some(i) => Err(self.error_at(
                at + i,
                K::Syntax(
                    "`]]>` in character data; write `]]&gt;` (XML 1.0 section 2.4 [14])".into(),
                ),
            )),
            None => Ok(()),
        }
    }

    pub(super) fn next_event(&mut self) -> Result<Event<'a>> {
        self.reader.read_event().map_err(|e| self.syntax(e))
    }

    /// Reads up to the root element and opens it.
    pub fn root(&mut self) -> Result<Element<'a>> {
        let mut seen_decl = false;
        loop {
            let at = self.pos();
            match self.next_event()? {
                Event::Decl(d) => {
                    if seen_decl || at != 0 {
                        return Err(
                            self.error_at(at, K::Syntax("misplaced XML declaration".into()))
                        );
                    }
                    seen_decl = true;
                    if let Some(enc) = d.encoding() {
                        let enc = enc.map_err(|e| self.syntax(e.into()))?;
                        if !enc.eq_ignore_ascii_case("utf-8") && !enc.eq_ignore_ascii_case("utf8") {
                            return Err(self.error_at(at, K::UnsupportedEncoding(excerpt(&enc))));
                        }
                    }
                }
                Event::DocType(_) => return Err(self.error_at(at, K::DoctypeForbidden)),
                Event::Comment(_) | Event::PI(_) => {}
                Event::Text(t) if is_blank(&t) => {}
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    return Err(self.error_at(at, K::UnexpectedText));
                }
                Event::End(_) => {
                    return Err(self.error_at(at, K::Syntax("end tag without start".into())))
                }
                Event::Eof => return Err(self.error_at(at, K::Empty)),
                Event::Start(s) => return self.open_element(s, false, at),
                Event::Empty(s) => return self.open_element(s, true, at),
            }
        }
    }

    /// After the root element has ended: only comments, PIs and whitespace may follow.
    pub fn finish(&mut self) -> Result<()> {
        loop {
            let at = self.pos();
            match self.next_event()? {
                Event::Eof => return Ok(()),
                Event::Comment(_) | Event::PI(_) => {}
                Event::Text(t) if is_blank(&t) => {}
                Event::DocType(_) => return Err(self.error_at(at, K::DoctypeForbidden)),
                _ => return Err(self.error_at(at, K::TrailingContent)),
            }
        }
    }

    pub(super) fn open_element(
        &mut self,
        s: BytesStart<'a>,
        empty: bool,
        at: usize,
    ) -> Result<Element<'a>> {
        self.elements += 1;
        if self.elements > self.limits.max_elements {
            return Err(self.limit(at, "max_elements", self.limits.max_elements));
        }
        if self.levels.len() + 1 > self.limits.max_depth {
            return Err(self.limit(at, "max_depth", self.limits.max_depth));
        }
        let qname: &'a str = borrowed_name(&s, self.input)
            .ok_or_else(|| self.error_at(at, K::Syntax("element name could not be read".into())))?;
        if qname.len() > self.limits.max_name_bytes {
            return Err(self.limit(at, "max_name_bytes", self.limits.max_name_bytes));
        }
        self.ns.open();
        let mut attrs: Vec<Attr<'a>> = Vec::new();
        let raw_attrs = borrowed_attrs(&s, self.input, qname.len());
        if let Some(pos) = missing_attribute_separator(raw_attrs) {
            return Err(self.error_at(
                (raw_attrs.as_ptr() as usize - self.input.as_ptr() as usize) + pos,
                K::Syntax("attributes must be separated by whitespace (XML 1.0 [40])".into()),
            ));
        }
        let mut it = quick_xml::events::attributes::Attributes::new(raw_attrs, 0);
        it.with_checks(true);
        let mut count = 0usize;
        for a in it {
            let a = a.map_err(|e| {
                let kind = match &e {
                    quick_xml::events::attributes::AttrError::Duplicated(..) => {
                        K::DuplicateAttribute(excerpt(raw_attr_name(raw_attrs, &e)))
                    }
                    _ => K::Syntax(e.to_string()),
                };
                self.error_at(at, kind)
            })?;
            count += 1;
            if count > self.limits.max_attributes {
                return Err(self.limit(at, "max_attributes", self.limits.max_attributes));
            }
            let key: &'a str = a.key.0;
            if key.len() > self.limits.max_name_bytes {
                return Err(self.limit(at, "max_name_bytes", self.limits.max_name_bytes));
            }
            if a.value.len() > self.limits.max_value_bytes {
                return Err(self.limit(at, "max_value_bytes", self.limits.max_value_bytes));
            }
            let value = self.attr_value(a.value, at)?;
            let declared = declaration(key.as_bytes(), value.as_bytes());
            if let Some(Err(why)) = declared {
                let what = format!("invalid namespace declaration `{key}`: {why}");
                return Err(self.error_at(at, K::Syntax(what)).with_rule(R_DECL));
            }
            if let Some(Ok(prefix)) = declared {
                let prefix = &key[key.len() - prefix.len()..];
                self.ns.declare(prefix, &value);
            } else {
                attrs.push(Attr {
                    ns: Ns::None,
                    local: key,
                    qname: key,
                    value,
                    taken: false,
                });
            }
        }
        if self.ns.len() > self.limits.max_namespace_bindings {
            return Err(self.limit(
                at,
                "max_namespace_bindings",
                self.limits.max_namespace_bindings,
            ));
        }
        for a in &mut attrs {
            if let Some((prefix, local)) = a.qname.split_once(':') {
                let uri = self
                    .ns
                    .resolve(prefix)
                    .ok_or_else(|| self.error_at(at, K::UndeclaredPrefix(prefix.to_owned())))?;
                a.ns = Ns::of(uri);
                a.local = local;
            }
        }
        // Duplicates after namespace resolution (`a:x` and `b:x` bound to one URI).
        // Prefixes resolve through the same stack, so equal URIs mean equal strings.
        let uri_of = |q: &str| q.split_once(':').and_then(|(p, _)| self.ns.resolve(p));
        for (i, a) in attrs.iter().enumerate() {
            if a.ns != Ns::None
                && attrs[..i].iter().any(|b| {
                    b.ns == a.ns
                        && b.local == a.local
                        && (a.ns != Ns::Other || uri_of(b.qname) == uri_of(a.qname))
                })
            {
                return Err(self.error_at(at, K::DuplicateAttribute(a.qname.to_owned())));
            }
        }
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", qname),
        };
        let ns = match self.ns.resolve(prefix) {
            Some(uri) => Ns::of(uri),
            None if prefix.is_empty() => Ns::None,
            None => return Err(self.error_at(at, K::UndeclaredPrefix(prefix.to_owned()))),
        };
        let el = Element {
            ns,
            local,
            qname,
            empty,
            offset: at,
            attrs,
        };
        self.push_level(qname);
        Ok(el)
    }

    pub(super) fn push_level(&mut self, qname: &'a str) {
        let index = match self.levels.last_mut() {
            Some(parent) => {
                if parent.last_child == qname {
                    parent.last_count += 1;
                } else {
                    parent.last_child = qname;
                    parent.last_count = 1;
                }
                parent.last_count
            }
            None => 1,
        };
        self.levels.push(Level {
            qname,
            index,
            last_child: "",
            last_count: 0,
        });
    }

    pub(super) fn pop_level(&mut self) {
        self.levels.pop();
        self.ns.close();
    }

    pub(super) fn attr_value(&self, raw: Cow<'a, str>, at: usize) -> Result<Cow<'a, str>> {
        let needs_work = raw
            .bytes()
            .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r' | b'<'));
        if !needs_work {
            return Ok(raw);
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest: &str = &raw;
        while let Some(i) = rest.find(['&', '\t', '\n', '\r', '<']) {
            out.push_str(&rest[..i]);
            let c = rest.as_bytes()[i];
            if c == b'<' {
                return Err(self.error_at(at, K::Syntax("`<` in an attribute value".into())));
            }
            if c != b'&' {
                out.push(' ');
                rest = &rest[i + 1..];
                continue;
            }
            let end = rest[i..].find(';').map(|e| i + e).ok_or_else(|| {
                self.error_at(
                    at,
                    K::Syntax("unterminated reference in an attribute value".into()),
                )
            })?;
            let name = &rest[i + 1..end];
            out.push(resolve_reference(name).map_err(|k| self.error_at(at, k))?);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(Cow::Owned(out))
    }

    pub(super) fn peek(&mut self) -> Result<()> {
        if self.peeked.is_some() {
            return Ok(());
        }
        loop {
            let at = self.pos();
            match self.next_event()? {
                Event::Start(s) => {
                    let el = self.open_element(s, false, at)?;
                    self.peeked = Some(Peeked::Child(el));
                    return Ok(());
                }
                Event::Empty(s) => {
                    let el = self.open_element(s, true, at)?;
                    self.peeked = Some(Peeked::Child(el));
                    return Ok(());
                }
                Event::End(_) => {
                    self.peeked = Some(Peeked::End);
                    return Ok(());
                }
                Event::Text(t) if is_blank(&t) => {}
                Event::Comment(_) | Event::PI(_) => {}
                Event::DocType(_) => return Err(self.error_at(at, K::DoctypeForbidden)),
                Event::GeneralRef(r) => {
                    self.check_reference(&r, at)?;
                    return Err(self.error_at(at, K::UnexpectedText));
                }
                Event::Text(_) | Event::CData(_) => {
                    return Err(self.error_at(at, K::UnexpectedText))
                }
                Event::Decl(_) => {
                    return Err(self.error_at(at, K::Syntax("misplaced XML declaration".into())))
                }
                Event::Eof => {
                    return Err(self.error_at(at, K::Syntax("unexpected end of input".into())))
                }
            }
        }
    }

    pub(super) fn check_reference(&self, r: &BytesRef<'_>, at: usize) -> Result<char> {
        resolve_reference(r).map_err(|k| self.error_at(at, k))
    }
}

/// The offset in `raw` of an attribute that directly follows the previous value's closing
/// quote, which XML does not allow (`a="1"b="2"`).
pub(super) fn missing_attribute_separator(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => {
                quote = None;
                if let Some(&next) = bytes.get(i + 1) {
                    if !matches!(next, b' ' | b'\t' | b'\n' | b'\r' | b'/') {
                        return Some(i + 1);
                    }
                }
            }
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None => {}
        }
        i += 1;
    }
    None
}

pub(super) fn is_blank(t: &str) -> bool {
    t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

pub(super) fn local_of(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

/// The element name borrowed from the input (events borrow it for slice readers).
pub(super) fn borrowed_name<'a>(s: &BytesStart<'a>, input: &'a str) -> Option<&'a str> {
    let name = s.name().0;
    subslice(input, name)
}

pub(super) fn borrowed_attrs<'a>(s: &BytesStart<'a>, input: &'a str, _name_len: usize) -> &'a str {
    subslice(input, s.attributes_raw()).unwrap_or("")
}

/// Re-borrows `part` (a slice of `whole`) with `whole`'s lifetime.
pub(super) fn subslice<'a>(whole: &'a str, part: &str) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    whole.get(start..start + part.len())
}

pub(super) fn raw_attr_name<'s>(
    raw: &'s str,
    e: &quick_xml::events::attributes::AttrError,
) -> &'s str {
    if let quick_xml::events::attributes::AttrError::Duplicated(pos, _) = e {
        let rest = raw.get(*pos..).unwrap_or("");
        return rest
            .split(|c: char| c == '=' || c.is_whitespace())
            .next()
            .unwrap_or(rest);
    }
    ""
}
