//! TAXII_ErrorMessage (D1-M-1, D1-DIF-3, D1-DIF-4).

use std::fmt;

use crate::codec::{Attr, Child, Fields};
use crate::draft1::common::*;
use crate::namespaces::Ns;
use crate::text::{Describe, Text};
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

/// The error types the Draft 1 prose and XSD define (`PROTECTION-UNSUPPORTED` is XSD only).
pub const ERROR_TYPES: [&str; 12] = [
    "BAD-MESSAGE",
    "UNSUPPORTED-SERVICE",
    "UNAUTHORIZED",
    "DENIED",
    "UNSUPPORTED-PROTOCOL",
    "UNSUPPORTED-MESSAGE",
    "UNSUPPORTED-CONTENT",
    "NOT-FOUND",
    "UNRECOGNIZED-VALUE",
    "PROTECTION-UNSUPPORTED",
    "FAILURE",
    "PENDING",
];

/// Reports an error (Draft 1 has no success message).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ErrorMessage {
    /// Ids and extended headers.
    pub header: Header,
    /// One of [`ERROR_TYPES`] or any other string (the XSD allows both).
    pub error_type: String,
    /// Type-specific detail, e.g. space-separated supported ids.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub error_detail: Option<String>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
}

impl ErrorMessage {
    /// An error without detail or message.
    pub fn new(header: Header, error_type: impl Into<String>) -> Self {
        ErrorMessage {
            header,
            error_type: error_type.into(),
            error_detail: None,
            message: None,
        }
    }
}

/// `error-type` comes before the header's attributes.
impl Fields for ErrorMessage {
    fn decode_fields<'a>(c: &mut Cursor<'a>, el: &mut Element<'a>, ns: Ns) -> Result<Self> {
        Ok(ErrorMessage {
            error_type: Attr::decode_attr(c, el, ns, "error-type")?,
            header: Header::decode_fields(c, el, ns)?,
            error_detail: Child::decode_child(c, el, ns, "error-detail")?,
            message: Child::decode_child(c, el, ns, "message")?,
        })
    }

    fn encode_fields(&self, w: &mut XmlWriter<'_>) {
        self.error_type.encode_attr(w, "error-type");
        self.header.encode_fields(w);
        self.error_detail.encode_child(w, "error-detail");
        self.message.encode_child(w, "message");
    }

    fn describe_fields(&self, t: &mut Text<'_, '_>) -> fmt::Result {
        self.header.describe_fields(t)?;
        self.error_type.describe(t, "Error Type")?;
        self.error_detail.describe(t, "Error Detail")?;
        self.message.describe(t, "Message")
    }
}
