//! [`element!`]: one declaration of a struct's fields and their wire forms generates the
//! struct, its constructor, decode, encode and text form.

/// Declares a struct whose fields each name their wire form, and its
/// [`Fields`](super::Fields) codec. The struct is `#[non_exhaustive]`, with `Debug`,
/// `Clone`, `PartialEq`, `Eq` and serde.
///
/// A field is `name: Type = kind`, the kinds being `attr` (named as the field) or
/// `attr "name"`, `child "Local"` (required, `Option` or `Vec`), `some "Local"` (a `Vec` of
/// one or more), `headers` (extended headers), `signature` (`ds:Signature`, `Option` or
/// `Vec`), `flat` (another `Fields` type's attributes and children, inline) and
/// `with(decode, encode)` (functions `decode(c, &mut el, ns) -> Result<T>` and
/// `encode(&value, w)`). An `Option` or `Vec` field, but for `some` and `arg` ones, is left
/// out of serde output when absent or empty. The message header fields and the TAXII
/// `Message` are written by name alone: `message_id,`, `in_response_to,`,
/// `extended_headers,`, `message,`, `signature,`.
///
/// Decode and encode follow the declaration order. `new: "doc";` adds a constructor
/// ([`constructor!`]) taking the required fields and those marked `arg` (`arg name: Vec<T>
/// = ...`, serde attributes then written by hand); a field marked `init(value)` starts as
/// `value`, a `some` list marked `one(item)` as `vec![item]`, `item` an argument. An
/// optional `check: f;` runs `f(c, &el, &value)` on the decoded value; `limit: field;`
/// bounds a list of them by that field of [`crate::Limits`].
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
    // A list the constructor starts with one item, its argument `$a`.
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* one($a:ident) $f:ident: Vec<String>
        = some $lit:literal, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: Vec<String> = [some $lit] [one $a impl Into<String>];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* one($a:ident) $f:ident: Vec<$t:ty>
        = some $lit:literal, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: Vec<$t> = [some $lit] [one $a $t];
        ] $($rest)*);
    };
    // Optional and repeated fields leave serde output when absent (except `some`).
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: Option<$t:ty>
        = $k:ident $($lit:literal)? $(($dec:path, $enc:path))?, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] "Option::is_none" $f: Option<$t> = [$k $($lit)? $(($dec, $enc))?] [None];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: Vec<$t:ty>
        = some $lit:literal, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] $f: Vec<$t> = [some $lit] [Vec::new()];
        ] $($rest)*);
    };
    (@munch $m:tt $n:ident $o:tt [$($acc:tt)*] $(#[$fm:meta])* $f:ident: Vec<$t:ty>
        = $k:ident $($lit:literal)? $(($dec:path, $enc:path))?, $($rest:tt)*) => {
        $crate::codec::element!(@munch $m $n $o [$($acc)*
            [$(#[$fm])*] "Vec::is_empty" $f: Vec<$t> = [$k $($lit)? $(($dec, $enc))?] [Vec::new()];
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
        [$([$(#[$fmeta:meta])*] $($skip:literal)? $field:ident: $ty:ty = [$($spec:tt)*] $init:tt;)*]
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                $(#[cfg_attr(feature = "serde", serde(default, skip_serializing_if = $skip))])?
                pub $field: $ty,
            )*
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
    ($d:tt $n:ident [$($p:tt)*] [$($i:tt)*] $f:ident: $t:ty = [one $a:ident $at:ty];
        $($rest:tt)*) => {
        $crate::codec::constructor!($d $n [$($p)* $a: $at,] [$($i)* $f: vec![$a.into()],]
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
