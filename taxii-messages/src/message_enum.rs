//! The `Message` enum each protocol version declares: one variant per root element, with
//! the root-name table, dispatch on decode, encoding and `From` conversions.

/// Declares `Message`, `ROOT_ELEMENTS` and their codec for one protocol version.
///
/// The caller's module provides `NS` (its namespace), `ROOT_BINDINGS` (the declarations
/// written on the root) and `$unknown(c, &el)`, the error for a root element that names no
/// message. A variant `Name = "Root"` holds the [`crate::codec::Fields`] type `Name`. The
/// id accessors default to `message_id`; then `Name = "Root" in_response_to` marks a
/// response and its request-id field.
macro_rules! message_enum {
    (
        version: $version:literal,
        root_example: $example:literal,
        prefix: $prefix:literal,
        unknown: $unknown:path,
        id: $(#[$id_attr:meta])* fn $id_fn:ident() -> $id_ty:ty { $id_field:ident },
        id_mut: $(#[$id_mut_attr:meta])* fn $id_mut_fn:ident,
        $($variant:ident = $root:literal,)*
    ) => {
        #[doc = concat!("Any ", $version, " message.")]
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(tag = "message_type"))]
        #[allow(clippy::large_enum_variant)]
        pub enum Message {
            $(
                #[doc = concat!("`", $root, "`")]
                $variant($variant),
            )*
        }

        #[doc = concat!("The root element names of the ", $version, " messages.")]
        pub const ROOT_ELEMENTS: &[&str] = &[$($root),*];

        impl Message {
            #[doc = concat!("The root element name, e.g. `", $example, "`.")]
            pub fn root_element(&self) -> &'static str {
                match self {
                    $(Message::$variant(_) => $root,)*
                }
            }

            $(#[$id_attr])*
            pub fn $id_fn(&self) -> &$id_ty {
                match self {
                    $(Message::$variant(m) => &m.$id_field,)*
                }
            }

            $(#[$id_mut_attr])*
            pub fn $id_mut_fn(&mut self) -> &mut $id_ty {
                match self {
                    $(Message::$variant(m) => &mut m.$id_field,)*
                }
            }

            /// Decodes the message `el` opens, by its local name.
            fn decode_named<'a>(
                c: &mut $crate::xml::cursor::Cursor<'a>,
                el: $crate::xml::cursor::Element<'a>,
            ) -> $crate::xml::cursor::Result<Self> {
                match el.local {
                    $($root => $crate::codec::Elem::decode_elem(c, el, NS, $root).map(Message::$variant),)*
                    _ => Err($unknown(c, &el)),
                }
            }

            /// Appends the XML encoding to `out`.
            pub fn encode_into(&self, out: &mut Vec<u8>) {
                let mut w = $crate::xml::writer::XmlWriter::new(out, $prefix);
                match self {
                    $(Message::$variant(m) => {
                        w.root($root, ROOT_BINDINGS);
                        $crate::codec::Fields::encode_fields(m, &mut w);
                        w.end($root);
                    })*
                }
            }

            /// The XML encoding.
            pub fn to_xml(&self) -> String {
                let mut out = Vec::with_capacity(512);
                self.encode_into(&mut out);
                String::from_utf8(out).unwrap_or_default()
            }
        }

        /// A readable, indented text form (like libtaxii's `to_text`).
        impl std::fmt::Display for Message {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut t = $crate::text::Text::new(f);
                t.line("Message Type", self.root_element())?;
                match self {
                    $(Message::$variant(m) => $crate::codec::Fields::describe_fields(m, &mut t),)*
                }
            }
        }

        $(
            impl From<$variant> for Message {
                fn from(m: $variant) -> Self {
                    Message::$variant(m)
                }
            }
        )*
    };
    // TAXII 1.0 and 1.1: the id is `message_id`; a response names its `in_response_to`.
    (
        version: $version:literal,
        root_example: $example:literal,
        prefix: $prefix:literal,
        unknown: $unknown:path,
        $($variant:ident = $root:literal $($response:ident)?,)*
    ) => {
        $crate::message_enum::message_enum! {
            version: $version,
            root_example: $example,
            prefix: $prefix,
            unknown: $unknown,
            id: /// This message's id.
            fn message_id() -> $crate::MessageId { message_id },
            id_mut: /// This message's id, to change it in place.
            fn message_id_mut,
            $($variant = $root,)*
        }

        impl Message {
            /// The request's id, for responses (`None` for requests).
            pub fn in_response_to(&self) -> Option<&$crate::MessageId> {
                match self {
                    $($(Message::$variant(m) => Some(&m.$response),)?)*
                    _ => None,
                }
            }

            /// The request's id, to change it in place (`None` for requests).
            pub fn in_response_to_mut(&mut self) -> Option<&mut $crate::MessageId> {
                match self {
                    $($(Message::$variant(m) => Some(&mut m.$response),)?)*
                    _ => None,
                }
            }

            /// Whether this is a request (has no `in_response_to`).
            pub fn is_request(&self) -> bool {
                self.in_response_to().is_none()
            }
        }
    };
}

pub(crate) use message_enum;
