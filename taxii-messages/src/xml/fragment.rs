//! Raw fragments built by hand, checked as a decoder would check captured ones.

use bytes::Bytes;

use crate::namespaces::NamespaceBinding;
use crate::raw_xml::RawXml;
use crate::xml::cursor::Cursor;
use crate::{DecodeError, DecodeErrorKind as K};

impl RawXml {
    /// Raw markup with the namespace bindings it relies on, checked: the bytes must be
    /// UTF-8, well-formed XML content (text and/or elements) whose prefixes are declared
    /// inside or bound by `namespaces`, within the default [`crate::Limits`]. The error
    /// says what is wrong and where, as decoding would.
    ///
    /// ```
    /// use taxii_messages::RawXml;
    /// assert!(RawXml::new(&b"<a>x</a>"[..], vec![]).is_ok());
    /// assert!(RawXml::new(&b"<a>x"[..], vec![]).is_err());
    /// assert!(RawXml::new(&b"a ]]> b"[..], vec![]).is_err());
    /// ```
    pub fn new(
        bytes: impl Into<Bytes>,
        namespaces: Vec<NamespaceBinding>,
    ) -> Result<Self, DecodeError> {
        let bytes = bytes.into();
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| DecodeError::new(K::InvalidUtf8, e.valid_up_to(), &bytes, "/".into()))?;
        check_fragment(text, &namespaces)?;
        Ok(RawXml::new_unchecked(bytes, namespaces))
    }
}

/// Checks that `markup` is well-formed element content with `bindings` in scope (used for
/// values built by hand).
fn check_fragment(markup: &str, bindings: &[NamespaceBinding]) -> Result<(), DecodeError> {
    let bytes = Bytes::from(format!("<w>{markup}</w>"));
    let text = std::str::from_utf8(&bytes).unwrap_or_default();
    let mut cursor = Cursor::new(text, &bytes, crate::Limits::default());
    cursor.seed_bindings(bindings);
    let root = cursor.root()?;
    cursor.raw_content(root)?;
    cursor.finish()
}
