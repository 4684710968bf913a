//! A TAXII document of any version the tools read: TAXII 1.1 or 1.0 (`decode`), or TAXII
//! 1.0 Draft 1 (`draft1::decode`) when the root element is in Draft 1's namespace.

use bytes::Bytes;
use serde_json::Value;
use taxii_messages::{decode_bytes, draft1, DecodeError, DecodeErrorKind, Diagnostic, Message};

/// The `version` that JSON documents carry for a Draft 1 message (TAXII 1.1 and 1.0
/// messages carry `1.1` and `1.0`, see [`Message`]).
pub const DRAFT1_JSON_VERSION: &str = "1.0-draft1";

/// A decoded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// A TAXII 1.1 or 1.0 message.
    Taxii(Message),
    /// A TAXII 1.0 Draft 1 message.
    Draft1(draft1::Message),
}

impl Document {
    /// Decodes `bytes` (content shares the buffer), as Draft 1 when its root element is in
    /// Draft 1's namespace.
    pub fn decode(bytes: &Bytes) -> Result<Self, DecodeError> {
        match decode_bytes(bytes.clone()) {
            Ok(m) => Ok(Document::Taxii(m)),
            Err(e) if is_draft1_root(&e) => draft1::decode(bytes).map(Document::Draft1),
            Err(e) => Err(e),
        }
    }

    /// The root element's name.
    pub fn root_element(&self) -> &'static str {
        match self {
            Document::Taxii(m) => m.root_element(),
            Document::Draft1(m) => m.root_element(),
        }
    }

    /// The TAXII version, as shown to users.
    pub fn version(&self) -> &'static str {
        match self {
            Document::Taxii(Message::V11(_)) => "1.1",
            Document::Taxii(Message::V10(_)) => "1.0",
            Document::Taxii(_) => "1.x",
            Document::Draft1(_) => "1.0 Draft 1",
        }
    }

    /// The spec rules beyond the XSDs the message breaks (none are checked for Draft 1).
    pub fn validate(&self) -> Vec<Diagnostic> {
        match self {
            Document::Taxii(m) => m.validate(),
            Document::Draft1(_) => Vec::new(),
        }
    }

    /// Appends the XML encoding to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Document::Taxii(m) => m.encode_into(out),
            Document::Draft1(m) => m.encode_into(out),
        }
    }

    /// The document as JSON: a [`Message`]'s own form, or for Draft 1 the same shape,
    /// `{"version": "1.0-draft1", "message": {...}}`.
    pub fn to_json(&self) -> serde_json::Result<String> {
        match self {
            Document::Taxii(m) => serde_json::to_string_pretty(m),
            Document::Draft1(m) => {
                let mut doc = serde_json::Map::new();
                doc.insert("version".into(), DRAFT1_JSON_VERSION.into());
                doc.insert("message".into(), serde_json::to_value(m)?);
                serde_json::to_string_pretty(&doc)
            }
        }
    }

    /// Reads the JSON form written by [`to_json`](Self::to_json).
    pub fn from_json(bytes: &[u8]) -> serde_json::Result<Self> {
        let value: Value = serde_json::from_slice(bytes)?;
        if value.get("version").and_then(Value::as_str) != Some(DRAFT1_JSON_VERSION) {
            // Parsed again from the bytes, so that errors keep their line and column.
            return serde_json::from_slice(bytes).map(Document::Taxii);
        }
        let message = value.get("message").cloned().unwrap_or(Value::Null);
        serde_json::from_value(message).map(Document::Draft1)
    }
}

/// Whether `decode` refused the document because its root is a Draft 1 message.
fn is_draft1_root(e: &DecodeError) -> bool {
    e.rule() == Some("NS-5") && matches!(e.kind(), DecodeErrorKind::Constraint(_))
}
