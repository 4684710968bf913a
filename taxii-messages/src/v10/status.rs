//! Status_Message (checklist §5.1, §5.7).

use crate::ids::MessageId;
use crate::status::StatusType;
use crate::timestamp::Timestamp;

/// The eleven status types TAXII 1.0 defines (ST10-1..ST10-11).
pub const STATUS_TYPES: [StatusType; 11] = crate::status::TAXII_10;

crate::codec::element! {
    /// Reports success or an error (SM10-*); the detail is one free-text string (DIF-7).
    pub struct StatusMessage {
        message_id,
        /// The request's id (`0` when unknown, MID-4).
        in_response_to: MessageId = attr,
        /// The status.
        status_type: StatusType = attr,
        extended_headers,
        /// The detail: a timestamp for RETRY, space-separated ids for UNSUPPORTED_* (§5.7).
        status_detail: Option<String> = child "Status_Detail",
        message,
        signature,
    }
    new: "A status without detail or message.";
}

impl StatusMessage {
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
}
