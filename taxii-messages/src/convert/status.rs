//! Status_Message: 1.0 free-text detail ⇄ 1.1 named details (DIF-6, DIF-7).

use super::common::*;
use super::{ConvertError, Result};
use crate::status::StatusType;
use crate::v11::detail;
use crate::{v10, v11};

/// The 1.1 detail name that carries a 1.0 status type's detail list, one id per detail.
fn list_detail(t: &StatusType) -> Option<&'static str> {
    match t {
        StatusType::UnsupportedMessage => Some(detail::SUPPORTED_BINDING),
        StatusType::UnsupportedContent => Some(detail::SUPPORTED_CONTENT),
        StatusType::UnsupportedProtocol => Some(detail::SUPPORTED_PROTOCOL),
        _ => None,
    }
}

fn retry_error(target: &'static str) -> ConvertError {
    ConvertError::Unrepresentable {
        field: "Status_Detail",
        value: "RETRY".into(),
        target,
        expected: "no RETRY detail: 1.0 gives a time, 1.1 seconds to wait (DIF-7)",
    }
}

impl TryFrom<v10::StatusMessage> for v11::StatusMessage {
    type Error = ConvertError;
    fn try_from(m: v10::StatusMessage) -> Result<Self> {
        let mut out =
            v11::StatusMessage::new(m.message_id, m.in_response_to, m.status_type.clone());
        out.extended_headers = m.extended_headers;
        out.message = m.message;
        out.signature = m.signature;
        if let Some(text) = m.status_detail {
            out.details = match &m.status_type {
                t if list_detail(t).is_some() => {
                    let name = list_detail(t).unwrap_or_default();
                    text.split_whitespace()
                        .map(|id| v11::StatusDetail::text(name, id))
                        .collect()
                }
                StatusType::NotFound => vec![v11::StatusDetail::text(detail::ITEM, &text)],
                StatusType::Retry => return Err(retry_error("1.1")),
                _ => return Err(ConvertError::to11("Status_Detail")),
            };
        }
        Ok(out)
    }
}

impl TryFrom<v11::StatusMessage> for v10::StatusMessage {
    type Error = ConvertError;
    fn try_from(m: v11::StatusMessage) -> Result<Self> {
        if !m.status_type.in_taxii_10() {
            return Err(ConvertError::Unrepresentable {
                field: "@status_type",
                value: m.status_type.as_str().into(),
                target: "1.0",
                expected: "one of the 11 TAXII 1.0 status types or a third-party URI (DIF-6)",
            });
        }
        let mut out = v10::StatusMessage::new(
            id_to10(m.message_id, "@message_id")?,
            id_to10(m.in_response_to, "@in_response_to")?,
            m.status_type.clone(),
        );
        out.extended_headers = m.extended_headers;
        out.message = m.message;
        out.signature = m.signature;
        if m.details.is_empty() {
            return Ok(out);
        }
        let wanted = match &m.status_type {
            t if list_detail(t).is_some() => list_detail(t),
            StatusType::NotFound => Some(detail::ITEM),
            StatusType::Retry => return Err(retry_error("1.0")),
            _ => None,
        };
        let mut values = Vec::with_capacity(m.details.len());
        for d in &m.details {
            let text = d.value.text().filter(|_| Some(d.name.as_str()) == wanted);
            // A list entry must be one id: 1.0 separates them with spaces.
            let is_list = wanted != Some(detail::ITEM);
            match text {
                Some(t) if !t.is_empty() && (!is_list || !t.contains(char::is_whitespace)) => {
                    values.push(t)
                }
                _ => return Err(ConvertError::to10("Status_Detail/Detail")),
            }
        }
        if wanted == Some(detail::ITEM) && values.len() > 1 {
            return Err(ConvertError::to10("Status_Detail/Detail (a second ITEM)"));
        }
        out.status_detail = Some(values.join(" "));
        Ok(out)
    }
}
