//! Table 2: HTTP status codes as TAXII status types, and the HTTP response rendered as the
//! Status Message text (section 5.1, T2-1..T2-8).

use bytes::Bytes;
use http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use http::{Response, StatusCode};
use taxii_messages::StatusType;

/// The TAXII status type equivalent to an HTTP status code (Table 2).
pub fn status_type_for_http(status: StatusCode) -> StatusType {
    match status.as_u16() {
        400 | 413 => StatusType::BadMessage,         // T2-1, T2-6
        401 | 403 | 407 => StatusType::Unauthorized, // T2-2, T2-3, T2-5
        406 | 415 => StatusType::UnsupportedMessage, // T2-4, T2-7
        _ => StatusType::Failure,                    // T2-8
    }
}

/// The HTTP response as text: status line, headers, a blank line and the body (lossy
/// UTF-8, cut after `max_body` bytes). Credential-bearing headers are redacted.
pub fn render_response(response: &Response<Bytes>, max_body: usize) -> String {
    let status = response.status();
    let mut out = format!(
        "{:?} {} {}\r\n",
        response.version(),
        status.as_str(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in response.headers() {
        let secret = [AUTHORIZATION, COOKIE, SET_COOKIE].contains(name);
        let v = if secret {
            "<redacted>".into()
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        out.push_str(name.as_str());
        out.push_str(": ");
        out.push_str(&v);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let body = response.body();
    let cut = body.len().min(max_body);
    out.push_str(&String::from_utf8_lossy(&body[..cut]));
    if cut < body.len() {
        out.push_str(&format!("\n[... {} more bytes]", body.len() - cut));
    }
    // The text travels in a Status Message: characters XML cannot carry become U+FFFD.
    if out.chars().any(|c| !is_xml_char(c)) {
        out = out
            .chars()
            .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
            .collect();
    }
    out
}

/// Whether XML 1.0 allows `c` in a document (production [2]).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}
