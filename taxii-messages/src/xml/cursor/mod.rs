//! A pull cursor over the TAXII envelope: the navigation API the codecs use (attributes,
//! children, text), strict about order, with element paths and limits. Tokenizing and
//! namespaces are in `tokenize`, raw payload capture in `capture`.

use std::borrow::Cow;

use bytes::Bytes;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{excerpt, DecodeError, DecodeErrorKind as K};
use crate::limits::Limits;
use crate::namespaces::{NamespaceBinding, Ns};
use crate::xml::content_tags::ContentTags;
use crate::xml::ns_stack::NsStack;

mod capture;
#[cfg(test)]
mod capture_tests;
mod tokenize;

use tokenize::local_of;

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
        c.seed_bindings(bindings);
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

    /// The offset in the input reached so far.
    pub fn pos(&self) -> usize {
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

    fn limit(&self, at: usize, limit: &'static str, max: usize) -> DecodeError {
        self.error_at(at, K::LimitExceeded { limit, max })
    }

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
        f: impl FnMut(&mut Self, Element<'a>) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.children_at_most(parent, ns, local, ("", usize::MAX), f)
    }

    /// Like [`children`](Self::children), refusing more than `max` (the limit `limit`).
    pub fn children_at_most<T>(
        &mut self,
        parent: &Element<'a>,
        ns: Ns,
        local: &str,
        (limit, max): (&'static str, usize),
        mut f: impl FnMut(&mut Self, Element<'a>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        while let Some(c) = self.child(parent, ns, local)? {
            if out.len() >= max {
                return Err(self.error_in(&c, K::LimitExceeded { limit, max }));
            }
            out.push(f(self, c)?);
        }
        Ok(out)
    }

    fn unexpected_or_missing(&mut self, parent: &Element<'a>, wanted: &'static str) -> DecodeError {
        match &self.peeked {
            Some(Peeked::Child(c)) => self.error_in(
                c,
                K::UnexpectedElement {
                    found: c.qname.to_owned(),
                    expected: format!("`{wanted}`"),
                },
            ),
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
}
