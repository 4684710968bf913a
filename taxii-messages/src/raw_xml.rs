//! Raw XML kept exactly as received: content payloads, `xs:any` slots and signatures.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use crate::namespaces::NamespaceBinding;
use crate::xml::chars::is_xml_char;

/// A run of XML markup or text taken verbatim from a message, plus the namespace
/// declarations that were in scope where it appeared.
///
/// Content blocks, extended header values, status detail values, queries of unknown formats
/// and `ds:Signature` elements are held this way: nothing inside is re-parsed or re-written,
/// so escaped text, CDATA sections and signed bytes survive a decode/encode round trip.
/// The bytes share the decoded input's buffer (no copy).
///
/// Equality compares the bytes and the in-scope bindings other than the conventional
/// `taxii`, `taxii_11` and `tdq` ones, which an encoder always supplies.
#[derive(Clone, Default)]
pub struct RawXml {
    bytes: Bytes,
    namespaces: Arc<[NamespaceBinding]>,
}

impl RawXml {
    /// Raw markup taken on trust, without the checks of [`RawXml::new`]: only for bytes that
    /// were checked before, such as content a decoder captured and a store kept.
    /// Bytes that are not well-formed make every message carrying them unreadable.
    pub fn new_unchecked(bytes: impl Into<Bytes>, namespaces: Vec<NamespaceBinding>) -> Self {
        RawXml::captured(bytes.into(), namespaces.into())
    }

    /// Character data: `text` is escaped so that it reads back as the same text.
    /// Characters XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage
    /// return; U+FFFE, U+FFFF) become U+FFFD; [`RawXml::try_from_text`] refuses them.
    pub fn from_text(text: &str) -> Self {
        Self::try_from_text(text).unwrap_or_else(|_| {
            let clean = text
                .chars()
                .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' });
            Self::escaped(&clean.collect::<String>())
        })
    }

    /// Character data, checked: an error names the first character XML 1.0 cannot carry.
    pub fn try_from_text(text: &str) -> Result<Self, crate::DecodeError> {
        match text.char_indices().find(|&(_, c)| !is_xml_char(c)) {
            Some((at, ch)) => Err(crate::DecodeError::new(
                crate::forbidden_char_kind(ch),
                at,
                text.as_bytes(),
                "/".into(),
            )),
            None => Ok(Self::escaped(text)),
        }
    }

    fn escaped(text: &str) -> Self {
        let mut out = Vec::with_capacity(text.len());
        crate::xml::chars::escape_text_into(text, &mut out);
        RawXml::new_unchecked(out, Vec::new())
    }

    pub(crate) fn captured(bytes: Bytes, namespaces: Arc<[NamespaceBinding]>) -> Self {
        RawXml { bytes, namespaces }
    }

    /// The markup exactly as it appeared in the message.
    pub fn as_bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The markup as a string slice.
    pub fn as_str(&self) -> &str {
        // Bytes only ever come from validated UTF-8 input or from `&str`.
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }

    /// The namespace bindings in scope where the markup appeared.
    pub fn namespaces(&self) -> &[NamespaceBinding] {
        &self.namespaces
    }

    /// Whether the markup holds no element (only character data, CDATA or comments).
    pub fn is_text(&self) -> bool {
        crate::xml::text::first_element(self.as_str()).is_none()
    }

    /// The character data with entity and character references resolved and CDATA
    /// unwrapped, when the markup holds no element; `None` otherwise.
    pub fn text(&self) -> Option<String> {
        crate::xml::text::flatten_text(self.as_str())
    }

    /// The markup as a standalone document fragment: the first element's start tag gains
    /// declarations for every in-scope binding it does not already declare. Text-only
    /// markup is returned unchanged.
    pub fn to_standalone(&self) -> String {
        crate::xml::text::standalone(self.as_str(), self.namespaces.iter())
    }

    pub(crate) fn significant_bindings(&self) -> impl Iterator<Item = &NamespaceBinding> {
        self.namespaces.iter().filter(|b| !b.is_standard())
    }
}

impl PartialEq for RawXml {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes && self.significant_bindings().eq(other.significant_bindings())
    }
}

impl Eq for RawXml {}

impl fmt::Debug for RawXml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawXml")
            .field("xml", &crate::error::excerpt(self.as_str()))
            .field("namespaces", &self.namespaces.len())
            .finish()
    }
}

impl fmt::Display for RawXml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::*;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Repr {
        xml: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        namespaces: Vec<NamespaceBinding>,
    }

    impl Serialize for RawXml {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Repr {
                xml: self.as_str().to_owned(),
                namespaces: self.namespaces.to_vec(),
            }
            .serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for RawXml {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let r = Repr::deserialize(d)?;
            RawXml::new(r.xml.into_bytes(), r.namespaces).map_err(serde::de::Error::custom)
        }
    }
}
