//! Draft 1 requests carried as HTTP GET query parameters (checklist §8.4): Discovery and
//! Feed Information requests have no body; `message_type` names the message
//! (case-insensitive), `message_id` its id, and any other parameter is an extended header.

use crate::draft1::{DiscoveryRequest, FeedInformationRequest, Header, Message};

/// Why a query string is not a Draft 1 request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// A required parameter is absent.
    #[error("query parameter `{0}` is missing")]
    Missing(&'static str),
    /// `message_type` names no GET-able Draft 1 message.
    #[error("`message_type={0}` is not discovery_request or feed_information_request")]
    UnknownMessageType(String),
    /// A parameter is not valid percent-encoded UTF-8.
    #[error("query parameter `{0}` is not valid percent-encoded UTF-8")]
    BadEncoding(String),
}

/// Reads a Draft 1 GET request from its query string (after `?`, without the fragment).
///
/// Parameters other than `message_type` and `message_id` are extended headers in Draft 1;
/// they are returned alongside, decoded, in order.
pub fn request_from_query(query: &str) -> Result<(Message, Vec<(String, String)>), QueryError> {
    let mut message_type = None;
    let mut message_id = None;
    let mut extra = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(k).ok_or_else(|| QueryError::BadEncoding(k.to_owned()))?;
        let value = percent_decode(v).ok_or_else(|| QueryError::BadEncoding(key.clone()))?;
        match key.as_str() {
            "message_type" => message_type = Some(value),
            "message_id" => message_id = Some(value),
            _ => extra.push((key, value)),
        }
    }
    let message_type = message_type.ok_or(QueryError::Missing("message_type"))?;
    let message_id = message_id
        .filter(|id| !id.trim().is_empty())
        .ok_or(QueryError::Missing("message_id"))?;
    let header = Header::new(message_id);
    let message = match message_type.to_ascii_lowercase().as_str() {
        "discovery_request" => Message::DiscoveryRequest(DiscoveryRequest::new(header)),
        "feed_information_request" => {
            Message::FeedInformationRequest(FeedInformationRequest::new(header))
        }
        _ => return Err(QueryError::UnknownMessageType(message_type)),
    };
    Ok((message, extra))
}

/// The query string of a Draft 1 GET request (`None` for messages sent by POST).
pub fn request_to_query(message: &Message) -> Option<String> {
    let message_type = match message {
        Message::DiscoveryRequest(_) => "discovery_request",
        Message::FeedInformationRequest(_) => "feed_information_request",
        _ => return None,
    };
    let mut q = format!("message_type={message_type}&message_id=");
    percent_encode_into(&message.header().message_id, &mut q);
    Some(q)
}

fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        out.push(match b {
            b'%' => {
                let hex = [bytes.next()?, bytes.next()?];
                u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?
            }
            b'+' => b' ',
            b => b,
        });
    }
    String::from_utf8(out).ok()
}

fn percent_encode_into(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}
