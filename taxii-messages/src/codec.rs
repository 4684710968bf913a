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

/// Declares a struct whose fields each name their wire form, and its [`Fields`] codec.
/// The struct is `#[non_exhaustive]`, with `Debug`, `Clone`, `PartialEq`, `Eq` and serde.
///
/// A field is `name: Type = kind`, the kinds being `attr` (named as the field) or
/// `attr "name"`, `child "Local"` (required, `Option` or `Vec`), `some "Local"` (a `Vec` of
/// one or more), `headers` (extended headers), `signature` (`ds:Signature`, `Option` or
/// `Vec`), `flat` (another [`Fields`] type's attributes and children, inline) and
/// `with(decode, encode)` (functions `decode(c, &mut el, ns) -> Result<T>` and
/// `encode(&value, w)`). An `Option` or `Vec` field of the first four kinds is left out
/// of serde output when absent or empty. The message header fields and the TAXII
/// `Message` are written by name alone: `message_id,`, `in_response_to,`,
/// `extended_headers,`, `message,`, `signature,`.
///
/// Decode and encode follow the declaration order; `new: "doc";` adds a constructor
/// ([`constructor!`]) whose arguments are the required fields and those marked `arg`
/// (`arg name: Vec<T> = ...`, with serde attributes written by hand), a field marked
/// `init(value)` starting as `value`; an optional `check: f;` runs `f(c, &el, &value)` on the decoded
/// value; `limit: field;` bounds a list of them by that field of [`crate::Limits`].
macro_rules! element {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
        $(new: $new:literal;)?
        $(check: $check:path;)?
        $(limit: $limit:ident;)?
        $(title: $title:ident;)?
        $(text: $text:ident;)?
    ) => {
        $crate::codec::element!(@munch [$(#[$meta])*] $name
            [[$($new)?] [$($check)?] [$($limit)?] [[$($text)?] [$($title)?]]] [] $($body)*);
    };

    // The message header, by name.
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] message_id, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [#[doc = "This message's id."]] message_id: $crate::MessageId = [attr] [arg];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] in_response_to, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [#[doc = "The request's id."]] in_response_to: $crate::MessageId = [attr] [arg];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] extended_headers, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*] #[doc = "Extended headers."]
            extended_headers: Vec<$crate::ExtendedHeader> = headers, $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] message, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*]
            #[doc = "A human-readable message."]
            message: Option<String> = child "Message", $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] signature, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*]
            #[doc = "A message-level `ds:Signature`, raw."]
            signature: Option<$crate::RawXml> = signature, $($rest)*);
    };
    // A constructor argument whatever its type (serde attributes written by hand).
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* arg $f:ident: $t:ty
        = $k:ident $($lit:literal)? $(($dec:path, $enc:path))?, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: $t = [$k $($lit)? $(($dec, $enc))?] [arg];
        ] $($rest)*);
    };
    // Not a constructor argument: `new` sets it to `$e`.
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* init($e:expr) $f:ident: $t:ty
        = $k:ident $($lit:literal)? $(($dec:path, $enc:path))?, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: $t = [$k $($lit)? $(($dec, $enc))?] [$e];
        ] $($rest)*);
    };
    // Optional and repeated fields leave serde output when absent (except `some`/`with`).
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: Option<$t:ty>
        = $k:ident $($lit:literal)?, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [
                $(#[$fm])*
                #[cfg_attr(
                    feature = "serde",
                    serde(default, skip_serializing_if = "Option::is_none")
                )]
            ]
            $f: Option<$t> = [$k $($lit)?] [None];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: Vec<$t:ty>
        = some $lit:literal, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: Vec<$t> = [some $lit] [Vec::new()];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: Vec<$t:ty>
        = $k:ident $($lit:literal)?, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [
                $(#[$fm])*
                #[cfg_attr(
                    feature = "serde",
                    serde(default, skip_serializing_if = "Vec::is_empty")
                )]
            ]
            $f: Vec<$t> = [$k $($lit)?] [Vec::new()];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: Option<$t:ty>
        = with($dec:path, $enc:path), $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: Option<$t> = [with($dec, $enc)] [None];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: Vec<$t:ty>
        = with($dec:path, $enc:path), $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: Vec<$t> = [with($dec, $enc)] [Vec::new()];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: String
        = $k:ident $($lit:literal)? $(($dec:path, $enc:path))?, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: String = [$k $($lit)? $(($dec, $enc))?] [into];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: $t:ty
        = $k:ident $($lit:literal)? $(($dec:path, $enc:path))?, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: $t = [$k $($lit)? $(($dec, $enc))?] [arg];
        ] $($rest)*);
    };
    // All fields read: the struct and its codec.
    (@munch [$(#[$meta:meta])*] $name:ident
        [$new:tt [$($check:path)?] [$($limit:ident)?] $text:tt]
        [$([$(#[$fmeta:meta])*] $field:ident: $ty:ty = [$($spec:tt)*] $init:tt;)*]) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        $crate::codec::constructor!($new $name [] [] $($field: $ty = $init;)*);

        impl $crate::codec::Fields for $name {
            fn decode_fields<'a>(
                c: &mut $crate::xml::cursor::Cursor<'a>,
                el: &mut $crate::xml::cursor::Element<'a>,
                ns: $crate::namespaces::Ns,
            ) -> $crate::xml::cursor::Result<Self> {
                let _ = ns;
                $(let $field = $crate::codec::decode_field!(c, el, ns, $field, $($spec)*);)*
                let value = $name { $($field,)* };
                $($check(c, el, &value)?;)?
                Ok(value)
            }

            fn encode_fields(&self, w: &mut $crate::xml::writer::XmlWriter<'_>) {
                $($crate::codec::encode_field!(w, self.$field, $field, $($spec)*);)*
            }

            fn describe_fields(&self, t: &mut $crate::text::Text<'_, '_>) -> std::fmt::Result {
                $($crate::codec::describe_field!(t, self.$field, $field, $($spec)*)?;)*
                Ok(())
            }
            $(
                fn max_count(
                    c: &$crate::xml::cursor::Cursor<'_>,
                ) -> Option<($crate::codec::Name, usize)> {
                    Some((stringify!($limit), c.limits().$limit))
                }
            )?
        }

        $crate::codec::describe_impl!($text $name);
    };
}

/// The `new` of an [`element!`] type: its required fields in declaration order, a
/// `String` as `impl Into<String>`; `Option` fields start `None`, `Vec` fields empty.
macro_rules! constructor {
    ([] $($rest:tt)*) => {};
    ([$doc:literal] $name:ident [$($p:tt)*] [$($i:tt)*]) => {
        impl $name {
            #[doc = $doc]
            pub fn new($($p)*) -> Self {
                $name { $($i)* }
            }
        }
    };
    ($d:tt $n:ident [$($p:tt)*] [$($i:tt)*] $f:ident: $t:ty = [arg]; $($rest:tt)*) => {
        $crate::codec::constructor!($d $n [$($p)* $f: $t,] [$($i)* $f,] $($rest)*);
    };
    ($d:tt $n:ident [$($p:tt)*] [$($i:tt)*] $f:ident: $t:ty = [into]; $($rest:tt)*) => {
        $crate::codec::constructor!($d $n [$($p)* $f: impl Into<$t>,] [$($i)* $f: $f.into(),]
            $($rest)*);
    };
    ($d:tt $n:ident [$($p:tt)*] [$($i:tt)*] $f:ident: $t:ty = [$init:expr]; $($rest:tt)*) => {
        $crate::codec::constructor!($d $n [$($p)*] [$($i)* $f: $init,] $($rest)*);
    };
}

/// The text form of an [`element!`] type: nested under its label, followed by its
/// `title` field's value, or numbered (`text: numbered;`), or written by hand
/// (`text: custom;`).
macro_rules! describe_impl {
    ([[custom] []] $name:ident) => {};
    ([[$($text:ident)?] [$($title:ident)?]] $name:ident) => {
        impl $crate::text::Describe for $name {
            $(const $text: bool = true;)?
            fn describe(
                &self,
                t: &mut $crate::text::Text<'_, '_>,
                label: &str,
            ) -> std::fmt::Result {
                $(
                    let title = $crate::codec::AttrValue::attr_text(&self.$title);
                    let label = &format!("{label} {title}");
                )?
                t.nested(label, |t| $crate::codec::Fields::describe_fields(self, t))
            }
        }
    };
}

/// One field's text form in [`element!`].
macro_rules! describe_field {
    ($t:ident, $v:expr, $f:ident, signature) => {
        $crate::text::describe_signatures($t, &$v)
    };
    ($t:ident, $v:expr, $f:ident, flat) => {
        $crate::codec::Fields::describe_fields(&$v, $t)
    };
    ($t:ident, $v:expr, $f:ident, $($spec:tt)*) => {
        $crate::text::Describe::describe(&$v, $t, &$crate::text::label(stringify!($f)))
    };
}

/// One field's decode in [`element!`].
macro_rules! decode_field {
    ($c:ident, $el:ident, $ns:ident, $f:ident, attr) => {
        $crate::codec::Attr::decode_attr($c, $el, $ns, stringify!($f))?
    };
    ($c:ident, $el:ident, $ns:ident, $f:ident, attr $name:literal) => {
        $crate::codec::Attr::decode_attr($c, $el, $ns, $name)?
    };
    ($c:ident, $el:ident, $ns:ident, $f:ident, child $local:literal) => {
        $crate::codec::Child::decode_child($c, $el, $ns, $local)?
    };
    ($c:ident, $el:ident, $ns:ident, $f:ident, some $local:literal) => {
        $crate::codec::one_or_more($c, $el, $ns, $local)?
    };
    ($c:ident, $el:ident, $ns:ident, $f:ident, headers) => {
        $crate::common::decode_extended_headers($c, $el, $ns)?
    };
    ($c:ident, $el:ident, $ns:ident, $f:ident, signature) => {
        $crate::codec::Signatures::decode_sig($c, $el)?
    };
    ($c:ident, $el:ident, $ns:ident, $f:ident, flat) => {
        $crate::codec::Fields::decode_fields($c, $el, $ns)?
    };
    ($c:ident, $el:ident, $ns:ident, $f:ident, with($decode:path, $encode:path)) => {
        $decode($c, $el, $ns)?
    };
}

/// One field's encode in [`element!`].
macro_rules! encode_field {
    ($w:ident, $v:expr, $f:ident, attr) => {
        $crate::codec::Attr::encode_attr(&$v, $w, stringify!($f))
    };
    ($w:ident, $v:expr, $f:ident, attr $name:literal) => {
        $crate::codec::Attr::encode_attr(&$v, $w, $name)
    };
    ($w:ident, $v:expr, $f:ident, child $local:literal) => {
        $crate::codec::Child::encode_child(&$v, $w, $local)
    };
    ($w:ident, $v:expr, $f:ident, some $local:literal) => {
        $crate::codec::Child::encode_child(&$v, $w, $local)
    };
    ($w:ident, $v:expr, $f:ident, headers) => {
        $crate::common::encode_extended_headers($w, &$v)
    };
    ($w:ident, $v:expr, $f:ident, signature) => {
        $crate::codec::Signatures::encode_sig(&$v, $w)
    };
    ($w:ident, $v:expr, $f:ident, flat) => {
        $crate::codec::Fields::encode_fields(&$v, $w)
    };
    ($w:ident, $v:expr, $f:ident, with($decode:path, $encode:path)) => {
        $encode(&$v, $w)
    };
}

pub(crate) use {constructor, decode_field, describe_field, describe_impl, element, encode_field};
