//! Shared pieces of the hostile-input tests (security-and-interop.md §3.3): a loopback
//! canary that must never see a connection, message builders, and checks that a
//! rejection is precise and leaves the decoder usable.

use std::io::ErrorKind;
use std::net::TcpListener;

use bytes::Bytes;
use taxii_messages::{decode, decode_with, DecodeError, DecodeErrorKind, DecodeOptions, Message};

/// The TAXII 1.1 namespace declaration used by the builders.
pub const NS11: &str = r#"xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1""#;

/// A loopback listener nobody should connect to: a decoder that fetched an external
/// entity, DTD, schema, stylesheet or XInclude target would show up in its backlog.
pub struct Canary {
    listener: TcpListener,
}

impl Canary {
    pub fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking");
        Canary { listener }
    }

    /// `http://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        let port = self.listener.local_addr().expect("bound").port();
        format!("http://127.0.0.1:{port}/{path}")
    }

    /// The kernel completes a TCP handshake into the backlog before `accept`, so a
    /// decoder that connected during the (synchronous) decode is visible here.
    pub fn assert_untouched(&self) {
        match self.listener.accept() {
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Ok((_, peer)) => panic!("the decoder connected to the canary from {peer}"),
            Err(e) => panic!("canary accept failed: {e}"),
        }
    }
}

/// A Discovery_Request whose root start tag carries `extra` (attributes or declarations)
/// and whose content is `inner`.
pub fn discovery_request(extra: &str, inner: &str) -> String {
    format!(
        r#"<taxii_11:Discovery_Request {NS11} message_id="1"{extra}>{inner}</taxii_11:Discovery_Request>"#
    )
}

/// An Inbox_Message with one content block holding `content` verbatim.
pub fn inbox_with_content(content: &str) -> String {
    format!(
        r#"<taxii_11:Inbox_Message {NS11} message_id="1"><taxii_11:Content_Block><taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/><taxii_11:Content>{content}</taxii_11:Content></taxii_11:Content_Block></taxii_11:Inbox_Message>"#
    )
}

/// A Status_Message whose Message element holds `text` verbatim.
pub fn status_with_message(text: &str) -> String {
    format!(
        r#"<taxii_11:Status_Message {NS11} message_id="1" in_response_to="2" status_type="FAILURE"><taxii_11:Message>{text}</taxii_11:Message></taxii_11:Status_Message>"#
    )
}

/// A Poll_Response whose root carries `attrs`, with `inner` as its children.
pub fn poll_response(attrs: &str, inner: &str) -> String {
    format!(
        r#"<taxii_11:Poll_Response {NS11} message_id="1" in_response_to="2" collection_name="c"{attrs}>{inner}</taxii_11:Poll_Response>"#
    )
}

/// A valid message: decoding it after a rejection proves no state leaked.
const GOOD: &str = r#"<taxii_11:Discovery_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="42"/>"#;

/// The decoder still works (there is no shared parser state; this guards it).
pub fn assert_usable() {
    let m = decode(GOOD.as_bytes()).expect("a valid message decodes after a rejection");
    assert_eq!(m.message_id().as_str(), "42");
}

/// Decodes `input` (shared, not copied) with `options`; expects an error, checks that it
/// lies inside the input, and that the decoder is usable afterwards.
pub fn reject_with(input: impl Into<Bytes>, options: &DecodeOptions) -> DecodeError {
    let input: Bytes = input.into();
    let len = input.len();
    let err = match decode_with(input, options) {
        Ok(m) => panic!("hostile input accepted as {}", m.root_element()),
        Err(e) => e,
    };
    assert!(
        err.offset() <= len,
        "offset {} beyond input {len}",
        err.offset()
    );
    assert!(!err.to_string().is_empty());
    assert_usable();
    err
}

/// [`reject_with`] under the default options.
pub fn reject(input: impl Into<Bytes>) -> DecodeError {
    reject_with(input, &DecodeOptions::default())
}

/// Decodes `input` and expects success; the decoder stays usable.
pub fn accept(input: impl Into<Bytes>) -> Message {
    let m = decode_with(input.into(), &DecodeOptions::default())
        .unwrap_or_else(|e| panic!("valid input rejected: {e}"));
    assert_usable();
    m
}

/// Asserts a limit error naming `limit`.
pub fn assert_limit(err: &DecodeError, limit: &str) {
    match err.kind() {
        DecodeErrorKind::LimitExceeded { limit: l, .. } => assert_eq!(*l, limit, "{err}"),
        other => panic!("expected limit `{limit}`, got {other:?}: {err}"),
    }
}

/// The first (only) content block's content of a decoded 1.1 Inbox_Message.
pub fn inbox_content(m: &Message) -> &taxii_messages::RawXml {
    match m {
        Message::V11(taxii_messages::v11::Message::InboxMessage(i)) => &i.content_blocks[0].content,
        other => panic!("not an inbox message: {other:?}"),
    }
}
