//! Status_Message (checklist §5.1, §5.7).

use crate::common::*;
use crate::ids::MessageId;
use crate::raw_xml::RawXml;
use crate::status::StatusType;
use crate::timestamp::Timestamp;
use crate::v10::common::message_id_10;
use crate::v10::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

/// The eleven status types TAXII 1.0 defines (ST10-1..ST10-11).
pub const STATUS_TYPES: [StatusType; 11] = [
    StatusType::BadMessage,
    StatusType::Denied,
    StatusType::Failure,
    StatusType::NotFound,
    StatusType::PollingUnsupported,
    StatusType::Retry,
    StatusType::Success,
    StatusType::Unauthorized,
    StatusType::UnsupportedMessage,
    StatusType::UnsupportedContent,
    StatusType::UnsupportedProtocol,
];

/// Reports success or an error (SM10-*); the detail is one free-text string (DIF-7).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct StatusMessage {
    /// This message's id.
    pub message_id: MessageId,
    /// The request's id (`0` when unknown, MID-4).
    pub in_response_to: MessageId,
    /// The status.
    pub status_type: StatusType,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<crate::ExtendedHeader>,
    /// The detail: a timestamp for RETRY, space-separated ids for UNSUPPORTED_* (§5.7).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub status_detail: Option<String>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl StatusMessage {
    /// A status without detail or message.
    pub fn new(message_id: MessageId, in_response_to: MessageId, status_type: StatusType) -> Self {
        StatusMessage {
            message_id,
            in_response_to,
            status_type,
            extended_headers: Vec::new(),
            status_detail: None,
            message: None,
            signature: None,
        }
    }

    /// For RETRY: when a retry might succeed (ST10-6), if the detail holds a timestamp.
    pub fn retry_after(&self) -> Option<Timestamp> {
        if self.status_type != StatusType::Retry {
            return None;
        }
        Timestamp::parse(self.status_detail.as_deref()?.trim()).ok()
    }

    /// For UNSUPPORTED_MESSAGE / _CONTENT / _PROTOCOL: the supported ids listed in the
    /// detail (space-separated, ST10-9..ST10-11); empty for other types.
    pub fn supported_ids(&self) -> Vec<&str> {
        match (&self.status_type, &self.status_detail) {
            (
                StatusType::UnsupportedMessage
                | StatusType::UnsupportedContent
                | StatusType::UnsupportedProtocol,
                Some(d),
            ) => d.split_whitespace().collect(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_10(c, &mut el, "message_id")?;
        let in_response_to = message_id_10(c, &mut el, "in_response_to")?;
        let st = c.required_attr(&mut el, "status_type")?;
        let status_type = StatusType::parse(st.trim());
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let status_detail = opt_string_element(c, &el, NS, "Status_Detail")?;
        let message = opt_string_element(c, &el, NS, "Message")?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(StatusMessage {
            message_id,
            in_response_to,
            status_type,
            extended_headers,
            status_detail,
            message,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("in_response_to", self.in_response_to.as_str());
        w.attr("status_type", self.status_type.as_str());
        encode_extended_headers(w, &self.extended_headers);
        w.opt_text_element("Status_Detail", self.status_detail.as_deref());
        w.opt_text_element("Message", self.message.as_deref());
        encode_signature(w, self.signature.as_ref());
    }
}
