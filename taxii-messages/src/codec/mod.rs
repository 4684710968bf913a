//! The element codec: each field's wire form is declared once ([`element!`]) and drives
//! both decode and encode. Values know how to be an attribute ([`AttrValue`]) or an
//! element ([`Elem`]); `Option` and `Vec` add the cardinality ([`Attr`], [`Child`]).
//! The namespace is a parameter, so one type serves TAXII 1.0 and 1.1.

use std::borrow::Cow;

use crate::common::*;
use crate::ids::{MessageId, Uri};
use crate::namespaces::Ns;
use crate::raw_xml::RawXml;
use crate::status::StatusType;
use crate::timestamp::Timestamp;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

pub(crate) use crate::common::Name;
pub(crate) use element::{
    constructor, decode_field, describe_field, describe_impl, element, encode_field,
};

mod element;

/// A value written as an attribute's text.
pub(crate) trait AttrValue: Sized {
    /// Reads the value of attribute `name` of `el`, in a message of namespace `ns`.
    fn parse_attr(c: &Cursor<'_>, el: &Element<'_>, ns: Ns, name: Name, v: &str) -> Result<Self>;
    /// The wire text.
    fn attr_text(&self) -> Cow<'_, str>;
}

/// An attribute field: a required value or an `Option`.
pub(crate) trait Attr: Sized {
    fn decode_attr<'a>(c: &Cursor<'a>, el: &mut Element<'a>, ns: Ns, name: Name) -> Result<Self>;
    fn encode_attr(&self, w: &mut XmlWriter<'_>, name: &str);
}

impl<T: AttrValue> Attr for T {
    fn decode_attr<'a>(c: &Cursor<'a>, el: &mut Element<'a>, ns: Ns, name: Name) -> Result<Self> {
        let v = c.required_attr(el, name)?;
        T::parse_attr(c, el, ns, name, &v)
    }
    fn encode_attr(&self, w: &mut XmlWriter<'_>, name: &str) {
        w.attr(name, &self.attr_text());
    }
}

impl<T: AttrValue> Attr for Option<T> {
    fn decode_attr<'a>(c: &Cursor<'a>, el: &mut Element<'a>, ns: Ns, name: Name) -> Result<Self> {
        match c.attr(el, name) {
            Some(v) => T::parse_attr(c, el, ns, name, &v).map(Some),
            None => Ok(None),
        }
    }
    fn encode_attr(&self, w: &mut XmlWriter<'_>, name: &str) {
        if let Some(v) = self {
            v.encode_attr(w, name);
        }
    }
}

impl AttrValue for Uri {
    fn parse_attr(c: &Cursor<'_>, el: &Element<'_>, _: Ns, name: Name, v: &str) -> Result<Self> {
        to_uri(c, el, name, v)
    }
    fn attr_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl AttrValue for MessageId {
    /// TAXII 1.0 ids are decimal digits (G10-2); 1.1 ids are URIs (G11-5).
    fn parse_attr(c: &Cursor<'_>, el: &Element<'_>, ns: Ns, name: Name, v: &str) -> Result<Self> {
        if ns != Ns::Taxii10 {
            return MessageId::decoded(v)
                .map_err(|_| c.invalid(el, name, v, "a URI without whitespace (G11-5)"));
        }
        let trimmed = v.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'));
        if !crate::ids::is_valid_message_id(trimmed) {
            return Err(c
                .invalid(el, name, v, "decimal digits only (TAXII 1.0)")
                .with_rule("G10-2"));
        }
        MessageId::new(trimmed).map_err(|_| c.invalid(el, name, v, "decimal digits only"))
    }
    fn attr_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl AttrValue for bool {
    fn parse_attr(c: &Cursor<'_>, el: &Element<'_>, _: Ns, name: Name, v: &str) -> Result<Self> {
        parse_bool(v).ok_or_else(|| c.invalid(el, name, v, "an xs:boolean: true, false, 1 or 0"))
    }
    fn attr_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

/// An attribute number is a positive integer (result part numbers).
impl AttrValue for u64 {
    fn parse_attr(c: &Cursor<'_>, el: &Element<'_>, _: Ns, name: Name, v: &str) -> Result<Self> {
        match parse_u64(v) {
            Some(n) if n > 0 => Ok(n),
            _ => Err(c.invalid(el, name, v, "a positive integer")),
        }
    }
    fn attr_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

/// A string attribute, kept as written.
impl AttrValue for String {
    fn parse_attr(_: &Cursor<'_>, _: &Element<'_>, _: Ns, _: Name, v: &str) -> Result<Self> {
        Ok(v.to_owned())
    }
    fn attr_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

/// Status types are an open vocabulary: every value is kept.
impl AttrValue for StatusType {
    fn parse_attr(_: &Cursor<'_>, _: &Element<'_>, _: Ns, _: Name, v: &str) -> Result<Self> {
        Ok(StatusType::parse(v.trim()))
    }
    fn attr_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

/// A value written as one element.
pub(crate) trait Elem: Sized {
    /// Reads `el` (named `local`, in `ns`) and closes it.
    fn decode_elem<'a>(c: &mut Cursor<'a>, el: Element<'a>, ns: Ns, local: Name) -> Result<Self>;
    /// Writes the whole element `local`.
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str);
    /// The limit on how many may follow each other, if any.
    fn max_count(_: &Cursor<'_>) -> Option<(Name, usize)> {
        None
    }
}

/// What is inside an element: its attributes and children, declared by [`element!`].
pub(crate) trait Fields: Sized {
    fn decode_fields<'a>(c: &mut Cursor<'a>, el: &mut Element<'a>, ns: Ns) -> Result<Self>;
    fn encode_fields(&self, w: &mut XmlWriter<'_>);
    /// The readable text form of the fields ([`crate::text`]).
    fn describe_fields(&self, t: &mut crate::text::Text<'_, '_>) -> std::fmt::Result;
    /// See [`Elem::max_count`].
    fn max_count(_: &Cursor<'_>) -> Option<(Name, usize)> {
        None
    }
}

impl<T: Fields> Elem for T {
    fn decode_elem<'a>(c: &mut Cursor<'a>, mut el: Element<'a>, ns: Ns, _: Name) -> Result<Self> {
        let v = T::decode_fields(c, &mut el, ns)?;
        c.end(el)?;
        Ok(v)
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.start(local);
        self.encode_fields(w);
        w.end(local);
    }
    fn max_count(c: &Cursor<'_>) -> Option<(Name, usize)> {
        <T as Fields>::max_count(c)
    }
}

impl Elem for Uri {
    fn decode_elem<'a>(c: &mut Cursor<'a>, el: Element<'a>, _: Ns, local: Name) -> Result<Self> {
        uri_text(c, el, local)
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.text_element(local, self.as_str());
    }
}

/// An `xs:string` element: text kept as written.
impl Elem for String {
    fn decode_elem<'a>(c: &mut Cursor<'a>, el: Element<'a>, _: Ns, _: Name) -> Result<Self> {
        Ok(c.text(el)?.into_owned())
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.text_element(local, self);
    }
}

impl Elem for Timestamp {
    fn decode_elem<'a>(c: &mut Cursor<'a>, el: Element<'a>, _: Ns, local: Name) -> Result<Self> {
        timestamp_text(c, el, local)
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.text_element(local, &self.to_string());
    }
}

/// An element number is a non-negative integer (counts, volumes).
impl Elem for u64 {
    fn decode_elem<'a>(c: &mut Cursor<'a>, el: Element<'a>, _: Ns, local: Name) -> Result<Self> {
        u64_text(c, el, local)
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.text_element(local, &self.to_string());
    }
}

/// An `xs:boolean` element.
impl Elem for bool {
    fn decode_elem<'a>(c: &mut Cursor<'a>, el: Element<'a>, _: Ns, local: Name) -> Result<Self> {
        parse_text(c, el, local, |t| {
            parse_bool(t).ok_or(("an xs:boolean", None))
        })
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.text_element(local, if *self { "true" } else { "false" });
    }
}

/// Any XML content, kept raw.
impl Elem for RawXml {
    fn decode_elem<'a>(c: &mut Cursor<'a>, el: Element<'a>, _: Ns, _: Name) -> Result<Self> {
        c.raw_content(el)
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.raw_element(local, &[], self);
    }
}

/// A child field: a required value, an `Option` or a `Vec` (consecutive elements).
pub(crate) trait Child: Sized {
    fn decode_child<'a>(c: &mut Cursor<'a>, p: &Element<'a>, ns: Ns, local: Name) -> Result<Self>;
    fn encode_child(&self, w: &mut XmlWriter<'_>, local: &str);
}

impl<T: Elem> Child for T {
    fn decode_child<'a>(c: &mut Cursor<'a>, p: &Element<'a>, ns: Ns, local: Name) -> Result<Self> {
        let el = c.required_child(p, ns, local)?;
        T::decode_elem(c, el, ns, local)
    }
    fn encode_child(&self, w: &mut XmlWriter<'_>, local: &str) {
        self.encode_elem(w, local);
    }
}

impl<T: Elem> Child for Option<T> {
    fn decode_child<'a>(c: &mut Cursor<'a>, p: &Element<'a>, ns: Ns, local: Name) -> Result<Self> {
        match c.child(p, ns, local)? {
            Some(el) => T::decode_elem(c, el, ns, local).map(Some),
            None => Ok(None),
        }
    }
    fn encode_child(&self, w: &mut XmlWriter<'_>, local: &str) {
        if let Some(v) = self {
            v.encode_elem(w, local);
        }
    }
}

impl<T: Elem> Child for Vec<T> {
    fn decode_child<'a>(c: &mut Cursor<'a>, p: &Element<'a>, ns: Ns, local: Name) -> Result<Self> {
        let decode = |c: &mut Cursor<'a>, el| T::decode_elem(c, el, ns, local);
        match T::max_count(c) {
            Some(max) => c.children_at_most(p, ns, local, max, decode),
            None => c.children(p, ns, local, decode),
        }
    }
    fn encode_child(&self, w: &mut XmlWriter<'_>, local: &str) {
        for v in self {
            v.encode_elem(w, local);
        }
    }
}

/// One or more consecutive `local` elements.
pub(crate) fn one_or_more<'a, T: Elem>(
    c: &mut Cursor<'a>,
    p: &Element<'a>,
    ns: Ns,
    local: Name,
) -> Result<Vec<T>> {
    let list = Vec::<T>::decode_child(c, p, ns, local)?;
    if list.is_empty() {
        return Err(c.error_in(p, crate::DecodeErrorKind::MissingElement(local)));
    }
    Ok(list)
}

/// Trailing `ds:Signature` elements, kept raw: at most one (`Option`) or any (`Vec`).
pub(crate) trait Signatures: Sized {
    fn decode_sig<'a>(c: &mut Cursor<'a>, parent: &Element<'a>) -> Result<Self>;
    fn encode_sig(&self, w: &mut XmlWriter<'_>);
}

impl Signatures for Option<RawXml> {
    fn decode_sig<'a>(c: &mut Cursor<'a>, parent: &Element<'a>) -> Result<Self> {
        decode_signature(c, parent)
    }
    fn encode_sig(&self, w: &mut XmlWriter<'_>) {
        encode_signature(w, self.as_ref());
    }
}

impl Signatures for Vec<RawXml> {
    fn decode_sig<'a>(c: &mut Cursor<'a>, parent: &Element<'a>) -> Result<Self> {
        decode_signatures(c, parent)
    }
    fn encode_sig(&self, w: &mut XmlWriter<'_>) {
        for s in self {
            w.raw_whole_element(s);
        }
    }
}
