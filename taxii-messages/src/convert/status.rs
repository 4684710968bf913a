//! Status_Message: 1.0 free-text detail ⇄ 1.1 named details (DIF-6, DIF-7).

use super::common::*;
use super::{convert, ConvertError, Result};
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

convert!(v10::StatusMessage => v11::StatusMessage, |m| {
    let mut out =
        v11::StatusMessage::new(m.message_id, m.in_response_to, m.status_type.clone());
    out.message = m.message;
    if let Some(text) = m.status_detail {
        let text_detail = |name, text| v11::StatusDetail::text(name, text);
        out.details = match (list_detail(&m.status_type), &m.status_type) {
            (Some(name), _) => text.split_whitespace().map(|id| text_detail(name, id)).collect(),
            (_, StatusType::NotFound) => vec![text_detail(detail::ITEM, &text)],
            (_, StatusType::Retry) => return Err(retry_error("1.1")),
            _ => return Err(ConvertError::to11("Status_Detail")),
        };
    }
    out
});

convert!(v11::StatusMessage => v10::StatusMessage, |m| {
    if !m.status_type.in_taxii_10() {
        return Err(ConvertError::value10(
            "@status_type",
            m.status_type.as_str(),
            "one of the 11 TAXII 1.0 status types or a third-party URI (DIF-6)",
        ));
    }
    let mut out = v10::StatusMessage::new(
        id_to10(m.message_id, "@message_id")?,
        id_to10(m.in_response_to, "@in_response_to")?,
        m.status_type.clone(),
    );
    out.message = m.message;
    out.status_detail = detail_to10(&m.status_type, &m.details)?;
    out
});

/// The 1.0 detail text of 1.1 details: the ids of a list, or the one ITEM.
fn detail_to10(t: &StatusType, details: &[v11::StatusDetail]) -> Result<Option<String>> {
    if details.is_empty() {
        return Ok(None);
    }
    let wanted = match (list_detail(t), t) {
        (Some(name), _) => Some(name),
        (_, StatusType::NotFound) => Some(detail::ITEM),
        (_, StatusType::Retry) => return Err(retry_error("1.0")),
        _ => None,
    };
    let mut values = Vec::with_capacity(details.len());
    for d in details {
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
        return Err(ConvertError::only_with(
            "Status_Detail/Detail",
            "1.0",
            "a second ITEM: a 1.0 status has one detail text",
        ));
    }
    Ok(Some(values.join(" ")))
}

/// A 1.0 status to 1.1 at time `now`: like `TryFrom`, and a RETRY time becomes the
/// ESTIMATED_WAIT seconds from `now` to it (0 when already past; DIF-7).
pub fn status_to_v11_at(
    mut m: v10::StatusMessage,
    now: crate::Timestamp,
) -> Result<v11::StatusMessage> {
    if m.status_type != StatusType::Retry || m.status_detail.is_none() {
        return m.try_into();
    }
    let detail = m.status_detail.take().unwrap_or_default();
    let at = crate::Timestamp::parse(detail.trim()).map_err(|_| ConvertError::Unrepresentable {
        field: "Status_Detail",
        value: detail.clone(),
        target: "1.1",
        expected: "a RETRY time (RFC 3339, ST10-6)",
    })?;
    let wait = (at.utc() - now.utc()).num_seconds().max(0);
    let mut out: v11::StatusMessage = m.try_into()?;
    out.details = vec![v11::StatusDetail::text(
        detail::ESTIMATED_WAIT,
        &wait.to_string(),
    )];
    Ok(out)
}

/// A 1.1 status to 1.0 at time `now`: like `TryFrom`, and a RETRY ESTIMATED_WAIT becomes
/// the time `now` plus that many seconds (DIF-7).
pub fn status_to_v10_at(
    mut m: v11::StatusMessage,
    now: crate::Timestamp,
) -> Result<v10::StatusMessage> {
    if m.status_type != StatusType::Retry || m.details.is_empty() {
        return m.try_into();
    }
    let seconds = match m.details.as_slice() {
        [d] if d.name.as_str() == detail::ESTIMATED_WAIT => d
            .value
            .text()
            .and_then(|t| t.trim().parse::<i64>().ok())
            .filter(|s| *s >= 0),
        _ => None,
    }
    .ok_or(ConvertError::to10("Status_Detail/Detail"))?;
    m.details.clear();
    let mut out: v10::StatusMessage = m.try_into()?;
    let at = now.datetime() + chrono::Duration::seconds(seconds);
    out.status_detail = Some(crate::Timestamp::from_datetime(at).to_string());
    Ok(out)
}
