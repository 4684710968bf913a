//! A pull cursor over the TAXII envelope: namespace-aware, strict about order, with
//! element paths and limits; raw capture for `xs:any` slots without looking inside.

use std::borrow::Cow;
use std::io::BufRead;

use bytes::Bytes;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use crate::error::{excerpt, DecodeError, DecodeErrorKind as K};
use crate::limits::Limits;
use crate::namespaces::{NamespaceBinding, Ns};
use crate::raw_xml::RawXml;
use crate::xml::content_tags::{ContentTags, TagFault, TagLimits};
use crate::xml::fast_skip::{clean_prefix, SkipLimits};
use crate::xml::ns_stack::NsStack;

pub(crate) type Result<T> = std::result::Result<T, DecodeError>;

/// A start tag read from the envelope, with its attributes resolved.
pub(crate) struct Element<'a> {
    pub ns: Ns,
    pub local: &'a str,
    pub qname: &'a str,
    pub empty: bool,
    pub offset: usize,
    attrs: Vec<Attr<'a>>,
}

struct Attr<'a> {
    ns: Ns,
    local: &'a str,
    qname: &'a str,
    value: Cow<'a, str>,
    taken: bool,
}

impl Element<'_> {
    pub fn is(&self, ns: Ns, local: &str) -> bool {
        self.ns == ns && self.local == local
    }
}

struct Level<'a> {
    qname: &'a str,
    index: usize,
    last_child: &'a str,
    last_count: usize,
}

enum Peeked<'a> {
    Child(Element<'a>),
    End,
}

pub(crate) struct Cursor<'a> {
    input: &'a str,
    bytes: &'a Bytes,
    reader: Reader<&'a [u8]>,
    ns: NsStack,
    levels: Vec<Level<'a>>,
    limits: Limits,
    elements: usize,
    peeked: Option<Peeked<'a>>,
    lenient: bool,
    /// Scratch space for `fast_forward`.
    skip_stack: Vec<(usize, usize)>,
    /// Namespace declarations and scratch space for the tags inside raw content.
    content_tags: ContentTags<'a>,
    /// Whether `skip_inner` may use `fast_forward` (tests compare both ways).
    fast_skip: bool,
}

impl<'a> Cursor<'a> {
    pub fn new(input: &'a str, bytes: &'a Bytes, limits: Limits) -> Self {
        let mut reader = Reader::from_str(input);
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.check_comments = true;
        cfg.expand_empty_elements = false;
        Cursor {
            input,
            bytes,
            reader,
            ns: NsStack::default(),
            levels: Vec::with_capacity(16),
            limits,
            elements: 0,
            peeked: None,
            lenient: false,
            skip_stack: Vec::new(),
            content_tags: ContentTags::default(),
            fast_skip: true,
        }
    }

    /// A cursor over one part of a larger document: children of an element `parent`
    /// (qualified name) with `bindings` in scope, the first child's name having been seen
    /// `preceding` times just before (so paths number it as in the whole document).
    pub fn fragment(
        input: &'a str,
        bytes: &'a Bytes,
        limits: Limits,
        bindings: &[NamespaceBinding],
        parent: &'a str,
        preceding: usize,
    ) -> Self {
        let mut c = Cursor::new(input, bytes, limits);
        c.ns.open();
        for b in bindings {
            c.ns.declare(&b.prefix, &b.uri);
        }
        let first = input.strip_prefix('<').unwrap_or("");
        let name_end = first
            .find([' ', '\t', '\r', '\n', '/', '>'])
            .unwrap_or(first.len());
        c.levels.push(Level {
            qname: parent,
            index: 1,
            last_child: &first[..name_end],
            last_count: preceding,
        });
        c
    }

    /// Puts `bindings` in scope around the whole input.
    pub fn seed_bindings(&mut self, bindings: &[NamespaceBinding]) {
        self.ns.open();
        for b in bindings {
            self.ns.declare(&b.prefix, &b.uri);
        }
    }

    /// The element a [`fragment`](Self::fragment)'s children belong to.
    pub fn fragment_parent(&self) -> Element<'a> {
        let qname = self.levels.first().map_or("", |l| l.qname);
        Element {
            ns: Ns::None,
            local: local_of(qname),
            qname,
            empty: false,
            offset: 0,
            attrs: Vec::new(),
        }
    }

    /// The namespace bindings in scope at the current element.
    pub fn bindings(&mut self) -> std::sync::Arc<[NamespaceBinding]> {
        self.ns.snapshot()
    }

    /// Turns the fast pass over raw content on or off (it is on by default).
    #[cfg(test)]
    pub fn set_fast_skip(&mut self, on: bool) {
        self.fast_skip = on;
    }

    /// Accept what real peers send where it breaks the schema (each use is documented).
    pub fn set_lenient(&mut self, lenient: bool) {
        self.lenient = lenient;
    }

    pub fn lenient(&self) -> bool {
        self.lenient
    }

    /// The whole document text.
    pub fn input(&self) -> &'a str {
        self.input
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    fn pos(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// The element path, e.g. `/Poll_Response/Content_Block[2]`.
    pub fn path(&self) -> String {
        if self.levels.is_empty() {
            return "/".to_owned();
        }
        let mut p = String::new();
        for l in &self.levels {
            p.push('/');
            p.push_str(local_of(l.qname));
            if l.index > 1 {
                p.push_str(&format!("[{}]", l.index));
            }
        }
        p
    }

    pub fn error_at(&self, offset: usize, kind: K) -> DecodeError {
        DecodeError::new(kind, offset, self.input.as_bytes(), self.path())
    }

    /// An error at the start of `el`, with `el` on the path.
    pub fn error_in(&self, el: &Element<'_>, kind: K) -> DecodeError {
        let mut path = self.path();
        let top_is_el = self.levels.last().is_some_and(|l| l.qname == el.qname);
        if !top_is_el {
            if path != "/" {
                path.push('/');
            } else {
                path.clear();
                path.push('/');
            }
            path.push_str(el.local);
        }
        DecodeError::new(kind, el.offset, self.input.as_bytes(), path)
    }

    pub fn invalid(
        &self,
        el: &Element<'_>,
        field: &'static str,
        value: &str,
        expected: &'static str,
    ) -> DecodeError {
        self.error_in(
            el,
            K::InvalidValue {
                field,
                value: excerpt(value),
                expected,
            },
        )
    }

    fn syntax(&self, e: quick_xml::Error) -> DecodeError {
        let offset = usize::try_from(self.reader.error_position()).unwrap_or(0);
        let kind = match &e {
            quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(
                _,
                name,
            )) => K::UnknownEntity(name.clone()),
            _ => K::Syntax(e.to_string()),
        };
        self.error_at(offset, kind)
    }

    /// Character data must not contain `]]>` (XML 1.0 §2.4, [14]).
    fn check_char_data(&self, text: &[u8], at: usize) -> Result<()> {
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

    fn next_event(&mut self) -> Result<Event<'a>> {
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

    fn open_element(&mut self, s: BytesStart<'a>, empty: bool, at: usize) -> Result<Element<'a>> {
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
            if key == "xmlns" {
                self.ns.declare("", &value);
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                if prefix.is_empty() || value.is_empty() {
                    return Err(self.error_at(
                        at,
                        K::Syntax(format!("invalid namespace declaration `{key}`")),
                    ));
                }
                if prefix == "xml" || prefix == "xmlns" {
                    return Err(self.error_at(
                        at,
                        K::Syntax(format!("reserved prefix `{prefix}` redeclared")),
                    ));
                }
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

    fn push_level(&mut self, qname: &'a str) {
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

    fn pop_level(&mut self) {
        self.levels.pop();
        self.ns.close();
    }

    fn limit(&self, at: usize, limit: &'static str, max: usize) -> DecodeError {
        self.error_at(at, K::LimitExceeded { limit, max })
    }

    fn attr_value(&self, raw: Cow<'a, str>, at: usize) -> Result<Cow<'a, str>> {
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

    // ---- attributes ----------------------------------------------------------------

    /// Takes an unqualified attribute by name.
    pub fn attr(&self, el: &mut Element<'a>, name: &str) -> Option<Cow<'a, str>> {
        el.attrs
            .iter_mut()
            .find(|a| !a.taken && a.ns == Ns::None && a.local == name)
            .map(|a| {
                a.taken = true;
                std::mem::take(&mut a.value)
            })
    }

    pub fn required_attr(&self, el: &mut Element<'a>, name: &'static str) -> Result<Cow<'a, str>> {
        self.attr(el, name)
            .ok_or_else(|| self.error_in(el, K::MissingAttribute(name)))
    }

    /// Fails on any attribute no decoder took (`xsi:schemaLocation` and friends excepted).
    pub fn no_more_attrs(&self, el: &Element<'a>) -> Result<()> {
        for a in &el.attrs {
            if !a.taken && a.ns != Ns::Xsi {
                return Err(self.error_in(el, K::UnexpectedAttribute(a.qname.to_owned())));
            }
        }
        Ok(())
    }

    // ---- children ------------------------------------------------------------------

    fn peek(&mut self) -> Result<()> {
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

    /// Whether the next child of the current element is `ns:local`.
    pub fn next_is(&mut self, ns: Ns, local: &str) -> Result<bool> {
        self.peek()?;
        Ok(matches!(&self.peeked, Some(Peeked::Child(c)) if c.is(ns, local)))
    }

    /// Takes the next child of `parent` if it is `ns:local`.
    pub fn child(
        &mut self,
        parent: &Element<'a>,
        ns: Ns,
        local: &str,
    ) -> Result<Option<Element<'a>>> {
        if parent.empty {
            return Ok(None);
        }
        if self.next_is(ns, local)? {
            match self.peeked.take() {
                Some(Peeked::Child(c)) => return Ok(Some(c)),
                other => self.peeked = other,
            }
        }
        Ok(None)
    }

    /// Takes the next child of `parent`, whatever it is.
    pub fn any_child(&mut self, parent: &Element<'a>) -> Result<Option<Element<'a>>> {
        if parent.empty {
            return Ok(None);
        }
        self.peek()?;
        match self.peeked.take() {
            Some(Peeked::Child(c)) => Ok(Some(c)),
            other => {
                self.peeked = other;
                Ok(None)
            }
        }
    }

    /// Takes a required child.
    pub fn required_child(
        &mut self,
        parent: &Element<'a>,
        ns: Ns,
        local: &'static str,
    ) -> Result<Element<'a>> {
        match self.child(parent, ns, local)? {
            Some(c) => Ok(c),
            None => Err(self.unexpected_or_missing(parent, local)),
        }
    }

    /// Takes every consecutive child named `ns:local`, decoding each with `f`.
    pub fn children<T>(
        &mut self,
        parent: &Element<'a>,
        ns: Ns,
        local: &str,
        mut f: impl FnMut(&mut Self, Element<'a>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        while let Some(c) = self.child(parent, ns, local)? {
            out.push(f(self, c)?);
        }
        Ok(out)
    }

    fn unexpected_or_missing(&mut self, parent: &Element<'a>, wanted: &'static str) -> DecodeError {
        match &self.peeked {
            Some(Peeked::Child(c)) => {
                let e = self.error_in(
                    c,
                    K::UnexpectedElement {
                        found: c.qname.to_owned(),
                        expected: format!("`{wanted}`"),
                    },
                );
                e
            }
            _ => self.error_in(parent, K::MissingElement(wanted)),
        }
    }

    /// Closes `el`: its attributes must all be used and no child may remain.
    pub fn end(&mut self, el: Element<'a>) -> Result<()> {
        self.no_more_attrs(&el)?;
        if el.empty {
            self.pop_level();
            return Ok(());
        }
        self.peek()?;
        match self.peeked.take() {
            Some(Peeked::End) => {
                self.pop_level();
                Ok(())
            }
            Some(Peeked::Child(c)) => Err(self.error_in(
                &c,
                K::UnexpectedElement {
                    found: c.qname.to_owned(),
                    expected: format!("end of `{}`", el.qname),
                },
            )),
            None => Err(self.error_in(&el, K::Syntax("unexpected end of input".into()))),
        }
    }

    /// Reads the character data of `el` (no child elements allowed) and closes it.
    pub fn text(&mut self, el: Element<'a>) -> Result<Cow<'a, str>> {
        self.no_more_attrs(&el)?;
        if el.empty {
            self.pop_level();
            return Ok(Cow::Borrowed(""));
        }
        let mut acc: Option<String> = None;
        let mut first: Cow<'a, str> = Cow::Borrowed("");
        loop {
            let at = self.pos();
            let piece: Cow<'a, str> = match self.next_event()? {
                Event::Text(t) => {
                    self.check_char_data(t[..].as_bytes(), at)?;
                    t.xml10_content()
                }
                Event::CData(c) => c.xml10_content(),
                Event::GeneralRef(r) => {
                    let c = self.check_reference(&r, at)?;
                    Cow::Owned(c.to_string())
                }
                Event::Comment(_) | Event::PI(_) => continue,
                Event::End(_) => break,
                Event::Start(_) | Event::Empty(_) => {
                    return Err(self.error_at(
                        at,
                        K::UnexpectedElement {
                            found: "an element".into(),
                            expected: format!("only text in `{}`", el.qname),
                        },
                    ))
                }
                Event::DocType(_) => return Err(self.error_at(at, K::DoctypeForbidden)),
                Event::Decl(_) => {
                    return Err(self.error_at(at, K::Syntax("misplaced XML declaration".into())))
                }
                Event::Eof => {
                    return Err(self.error_at(at, K::Syntax("unexpected end of input".into())))
                }
            };
            match &mut acc {
                Some(s) => s.push_str(&piece),
                None if first.is_empty() => first = piece,
                None => {
                    let mut s = first.clone().into_owned();
                    s.push_str(&piece);
                    acc = Some(s);
                }
            }
            let len = acc.as_ref().map_or(first.len(), String::len);
            if len > self.limits.max_value_bytes {
                return Err(self.limit(at, "max_value_bytes", self.limits.max_value_bytes));
            }
        }
        self.pop_level();
        Ok(acc.map_or(first, Cow::Owned))
    }

    fn check_reference(&self, r: &BytesRef<'_>, at: usize) -> Result<char> {
        resolve_reference(r).map_err(|k| self.error_at(at, k))
    }

    /// Captures everything inside `el` verbatim and closes it. Inside, markup is only
    /// tokenized: depth, element count and references are checked, DTDs refused, and
    /// namespaces are not resolved.
    pub fn raw_content(&mut self, el: Element<'a>) -> Result<RawXml> {
        self.no_more_attrs(&el)?;
        let bindings = self.ns.snapshot();
        self.check_binding_copies(el.offset)?;
        if el.empty {
            self.pop_level();
            return Ok(RawXml::captured(Bytes::new(), bindings));
        }
        let start = self.pos();
        let end = self.skip_inner()?;
        self.pop_level();
        Ok(RawXml::captured(self.bytes.slice(start..end), bindings))
    }

    /// Captures `el` itself (start tag to end tag) verbatim and closes it.
    pub fn raw_element(&mut self, el: Element<'a>) -> Result<RawXml> {
        let bindings = self.ns.snapshot_outer();
        self.check_binding_copies(el.offset)?;
        let start = el.offset;
        if !el.empty {
            self.skip_inner()?;
        }
        let end = self.pos();
        self.pop_level();
        Ok(RawXml::captured(self.bytes.slice(start..end), bindings))
    }

    /// Captured payloads carry the bindings in scope; their copies stay within
    /// `max_binding_copy_bytes` (identical scopes share one copy).
    fn check_binding_copies(&self, at: usize) -> Result<()> {
        let max = self.limits.max_binding_copy_bytes;
        if self.ns.materialized() > max {
            return Err(self.limit(at, "max_binding_copy_bytes", max));
        }
        Ok(())
    }

    /// Skips to the end tag of the current element; returns where that end tag starts.
    fn skip_inner(&mut self) -> Result<usize> {
        let base = self.levels.len();
        if self.fast_skip {
            self.fast_forward(base);
        }
        self.content_tags.clear();
        // Names of the content elements open, for error paths.
        let mut open: Vec<&'a str> = Vec::new();
        loop {
            let at = self.pos();
            match self.next_event()? {
                Event::Start(s) => {
                    self.elements += 1;
                    if base + open.len() + 1 > self.limits.max_depth {
                        return Err(self.limit(at, "max_depth", self.limits.max_depth));
                    }
                    if self.elements > self.limits.max_elements {
                        return Err(self.limit(at, "max_elements", self.limits.max_elements));
                    }
                    let name = self.check_inner_tag(&s, at, &open)?;
                    open.push(name);
                }
                Event::Empty(s) => {
                    self.elements += 1;
                    if self.elements > self.limits.max_elements {
                        return Err(self.limit(at, "max_elements", self.limits.max_elements));
                    }
                    self.check_inner_tag(&s, at, &open)?;
                    self.content_tags.end(open.len() + 1);
                }
                Event::End(_) => {
                    if open.is_empty() {
                        return Ok(at);
                    }
                    self.content_tags.end(open.len());
                    open.pop();
                }
                Event::GeneralRef(r) => {
                    self.check_reference(&r, at)?;
                }
                Event::Text(t) => self.check_char_data(t[..].as_bytes(), at)?,
                Event::CData(_) | Event::Comment(_) | Event::PI(_) => {}
                Event::DocType(_) => return Err(self.error_at(at, K::DoctypeForbidden)),
                Event::Decl(_) => {
                    return Err(self.error_at(at, K::Syntax("misplaced XML declaration".into())))
                }
                Event::Eof => {
                    return Err(self.error_at(at, K::Syntax("unexpected end of input".into())))
                }
            }
        }
    }

    /// Moves the reader over the clean prefix of the content (see `fast_skip`).
    fn fast_forward(&mut self, base_depth: usize) {
        let limits = SkipLimits {
            base_depth,
            max_depth: self.limits.max_depth,
            max_name_bytes: self.limits.max_name_bytes,
            tags: self.tag_limits(),
            elements_left: self.limits.max_elements.saturating_sub(self.elements),
        };
        let rest: &'a [u8] = self.reader.get_ref();
        let (len, elements) = clean_prefix(
            rest,
            &limits,
            &mut self.skip_stack,
            &mut self.content_tags,
            &self.ns,
        );
        if len > 0 {
            self.reader.stream().consume(len);
            self.elements += elements;
        }
    }

    fn tag_limits(&self) -> TagLimits {
        TagLimits {
            max_attributes: self.limits.max_attributes,
            max_name_bytes: self.limits.max_name_bytes,
            max_value_bytes: self.limits.max_value_bytes,
        }
    }

    /// Checks a start tag inside raw content (see `content_tags`); `open` names the
    /// content elements around it. Returns the tag's name.
    fn check_inner_tag(
        &mut self,
        s: &BytesStart<'_>,
        at: usize,
        open: &[&'a str],
    ) -> Result<&'a str> {
        let input = self.input;
        let unreadable = || self.error_at(at, K::Syntax("tag could not be read".into()));
        let name = subslice(input, s.name().0).ok_or_else(unreadable)?;
        let attrs = subslice(input, s.attributes_raw()).ok_or_else(unreadable)?;
        if name.len() > self.limits.max_name_bytes {
            return Err(self.limit(at, "max_name_bytes", self.limits.max_name_bytes));
        }
        let limits = self.tag_limits();
        let checked = self.content_tags.start(
            name.as_bytes(),
            attrs.as_bytes(),
            open.len() + 1,
            limits,
            &self.ns,
        );
        let checked = checked.and_then(|end| match end == attrs.len() {
            true => Ok(()),
            false => Err(TagFault {
                at: Some(end),
                kind: K::Syntax(format!(
                    "unexpected `{}` in a start tag",
                    char::from(attrs.as_bytes()[end])
                )),
                rule: "XML 1.0 [40] STag",
            }),
        });
        match checked {
            Ok(()) => Ok(name),
            Err(TagFault {
                at: off,
                kind,
                rule,
            }) => {
                let offset = off.map_or(at, |o| offset_of(input, attrs) + o);
                let mut e = self.error_at(offset, kind).with_rule(rule);
                for el in open.iter().chain([&name]) {
                    e = e.in_child(local_of(el));
                }
                Err(e)
            }
        }
    }
}

/// The offset in `raw` of an attribute that directly follows the previous value's closing
/// quote, which XML does not allow (`a="1"b="2"`).
fn missing_attribute_separator(raw: &str) -> Option<usize> {
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

fn is_blank(t: &str) -> bool {
    t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

fn local_of(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

/// Resolves `&name;` (predefined entity or character reference) to its character.
pub(crate) fn resolve_reference(name: &str) -> std::result::Result<char, K> {
    Ok(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let Some(num) = name.strip_prefix('#') else {
                return Err(K::UnknownEntity(excerpt(name)));
            };
            let code = match num.strip_prefix('x') {
                Some(hex) if !hex.is_empty() && hex.len() <= 8 => u32::from_str_radix(hex, 16).ok(),
                None if !num.is_empty() && num.len() <= 10 => num.parse::<u32>().ok(),
                _ => None,
            };
            match code.and_then(char::from_u32) {
                Some(c) if is_xml_char(c) => c,
                _ => return Err(K::InvalidCharacterReference(excerpt(name))),
            }
        }
    })
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The element name borrowed from the input (events borrow it for slice readers).
fn borrowed_name<'a>(s: &BytesStart<'a>, input: &'a str) -> Option<&'a str> {
    let name = s.name().0;
    subslice(input, name)
}

fn borrowed_attrs<'a>(s: &BytesStart<'a>, input: &'a str, _name_len: usize) -> &'a str {
    subslice(input, s.attributes_raw()).unwrap_or("")
}

/// Where `part` (a slice of `whole`) starts in `whole`.
fn offset_of(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Re-borrows `part` (a slice of `whole`) with `whole`'s lifetime.
fn subslice<'a>(whole: &'a str, part: &str) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    whole.get(start..start + part.len())
}

fn raw_attr_name<'s>(raw: &'s str, e: &quick_xml::events::attributes::AttrError) -> &'s str {
    if let quick_xml::events::attributes::AttrError::Duplicated(pos, _) = e {
        let rest = raw.get(*pos..).unwrap_or("");
        return rest
            .split(|c: char| c == '=' || c.is_whitespace())
            .next()
            .unwrap_or(rest);
    }
    ""
}
