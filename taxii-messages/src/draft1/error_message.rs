//! TAXII_ErrorMessage (D1-M-1, D1-DIF-3, D1-DIF-4).

use crate::draft1::common::*;
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

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let error_type = c.required_attr(&mut el, "error-type")?.into_owned();
        let header = Header::decode(c, &mut el)?;
        let error_detail = opt_text_element(c, &el, "error-detail")?;
        let message = opt_text_element(c, &el, "message")?;
        c.end(el)?;
        Ok(ErrorMessage {
            header,
            error_type,
            error_detail,
            message,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("error-type", &self.error_type);
        self.header.encode(w);
        w.opt_text_element("error-detail", self.error_detail.as_deref());
        w.opt_text_element("message", self.message.as_deref());
    }
}
