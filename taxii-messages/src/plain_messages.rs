//! Messages made of the common header and at most one list: the Discovery, Feed and
//! Collection Information requests and responses of TAXII 1.0 and 1.1.

/// Declares such a message with its codec. `$message_id` reads the version's message ids
/// and `$ns` is the version's namespace; a response names its `in_response_to` field and
/// its list of `$element` children.
macro_rules! plain_message {
    (
        $(#[$meta:meta])* pub struct $name:ident;
        new: $new_doc:literal,
        $(
            response: $in_response_to:ident,
            #[doc = $field_doc:literal] $field:ident: Vec<$item:ty> = $element:literal,
        )?
        message_id: $message_id:path, ns: $ns:expr
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[non_exhaustive]
        pub struct $name {
            /// This message's id.
            pub message_id: $crate::MessageId,
            $(
                /// The request's id.
                pub $in_response_to: $crate::MessageId,
            )?
            /// Extended headers.
            #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
            pub extended_headers: Vec<$crate::ExtendedHeader>,
            $(
                #[doc = $field_doc]
                #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
                pub $field: Vec<$item>,
            )?
            /// A message-level `ds:Signature`, raw.
            #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
            pub signature: Option<$crate::RawXml>,
        }

        impl $name {
            #[doc = $new_doc]
            pub fn new(
                message_id: $crate::MessageId,
                $($in_response_to: $crate::MessageId,)?
            ) -> Self {
                $name {
                    message_id,
                    $($in_response_to,)?
                    extended_headers: Vec::new(),
                    $($field: Vec::new(),)?
                    signature: None,
                }
            }

            pub(crate) fn decode<'a>(
                c: &mut $crate::xml::cursor::Cursor<'a>,
                mut el: $crate::xml::cursor::Element<'a>,
            ) -> $crate::xml::cursor::Result<Self> {
                let message_id = $message_id(c, &mut el, "message_id")?;
                $(let $in_response_to = $message_id(c, &mut el, stringify!($in_response_to))?;)?
                let extended_headers = $crate::common::decode_extended_headers(c, &el, $ns)?;
                $(let $field = c.children(&el, $ns, $element, <$item>::decode)?;)?
                let signature = $crate::common::decode_signature(c, &el)?;
                c.end(el)?;
                Ok($name {
                    message_id,
                    $($in_response_to,)?
                    extended_headers,
                    $($field,)?
                    signature,
                })
            }

            pub(crate) fn encode(&self, w: &mut $crate::xml::writer::XmlWriter<'_>) {
                w.attr("message_id", self.message_id.as_str());
                $(w.attr(stringify!($in_response_to), self.$in_response_to.as_str());)?
                $crate::common::encode_extended_headers(w, &self.extended_headers);
                $(
                    for item in &self.$field {
                        item.encode(w);
                    }
                )?
                $crate::common::encode_signature(w, self.signature.as_ref());
            }
        }
    };
}

pub(crate) use plain_message;
