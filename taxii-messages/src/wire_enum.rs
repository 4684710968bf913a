//! Closed vocabularies: an enum whose variants each stand for one wire string.

/// Declares a `Copy` enum with `as_str` (the wire form) and `parse` (its inverse); each
/// variant's doc starts with its wire form, and serde names it so. With
/// `expected: "..."`, the enum is also an attribute and element value of the codec, and
/// a value outside the vocabulary is an error naming what was expected. With
/// `trimmed: "expected", "rule"` it is an attribute value read trimmed (TAXII 1.0 and
/// Draft 1), an error naming the rule; `, "VALUE" => "expected"` words the error for a
/// value of the other version.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)*
        }
        $(expected: $expected:literal)?
        $(trimmed: $trimmed:literal, $rule:literal $(, $other:pat => $other_expected:literal)?)?
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        $(#[$meta])*
        pub enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $(#[$vmeta])*
                #[cfg_attr(feature = "serde", serde(rename = $wire))]
                $variant,
            )*
        }

        impl $name {
            /// The wire form.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            /// Reads the wire form (case-sensitive).
            pub fn parse(s: &str) -> Option<Self> {
                Some(match s {
                    $($wire => $name::$variant,)*
                    _ => return None,
                })
            }
        }

        impl $crate::text::Describe for $name {
            fn describe(&self, t: &mut $crate::text::Text<'_, '_>, label: &str) -> std::fmt::Result {
                t.line(label, self.as_str())
            }
        }

        $($crate::wire_enum::vocabulary_codec!($name, $expected);)?
        $(
            impl $crate::codec::AttrValue for $name {
                fn parse_attr(
                    c: &$crate::xml::cursor::Cursor<'_>,
                    el: &$crate::xml::cursor::Element<'_>,
                    _: $crate::namespaces::Ns,
                    name: $crate::codec::Name,
                    v: &str,
                ) -> $crate::xml::cursor::Result<Self> {
                    Self::parse(v.trim()).ok_or_else(|| {
                        let expected = match v.trim() {
                            $($other => $other_expected,)?
                            _ => $trimmed,
                        };
                        c.invalid(el, name, v, expected).with_rule($rule)
                    })
                }
                fn attr_text(&self) -> std::borrow::Cow<'_, str> {
                    std::borrow::Cow::Borrowed(self.as_str())
                }
            }
        )?
    };
}

/// The codec of a closed vocabulary: attributes as written, element text trimmed.
macro_rules! vocabulary_codec {
    ($name:ident, $expected:literal) => {
        impl $crate::codec::AttrValue for $name {
            fn parse_attr(
                c: &$crate::xml::cursor::Cursor<'_>,
                el: &$crate::xml::cursor::Element<'_>,
                _: $crate::namespaces::Ns,
                name: $crate::codec::Name,
                v: &str,
            ) -> $crate::xml::cursor::Result<Self> {
                Self::parse(v).ok_or_else(|| c.invalid(el, name, v, $expected))
            }
            fn attr_text(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl $crate::codec::Elem for $name {
            fn decode_elem<'a>(
                c: &mut $crate::xml::cursor::Cursor<'a>,
                el: $crate::xml::cursor::Element<'a>,
                _: $crate::namespaces::Ns,
                local: $crate::codec::Name,
            ) -> $crate::xml::cursor::Result<Self> {
                let offset = el.offset;
                let text = c.text(el)?;
                Self::parse(text.trim()).ok_or_else(|| {
                    let kind = $crate::DecodeErrorKind::InvalidValue {
                        field: local,
                        value: $crate::error::excerpt(text.trim()),
                        expected: $expected,
                    };
                    c.error_at(offset, kind)
                })
            }
            fn encode_elem(&self, w: &mut $crate::xml::writer::XmlWriter<'_>, local: &str) {
                w.text_element(local, self.as_str());
            }
        }
    };
}

pub(crate) use {vocabulary_codec, wire_enum};
