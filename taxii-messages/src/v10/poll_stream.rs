//! A TAXII 1.0 Poll_Response written in pieces: the head, the content blocks one at a
//! time, then the tail. TAXII 1.0 has no multi-part results, so a server answering a
//! poll of a large feed sends one message; written this way it never holds more than
//! the blocks at hand.
//!
//! The pieces concatenated are byte for byte what [`Message::encode_into`] writes for
//! the same response holding the same blocks:
//!
//! ```
//! use taxii_messages::v10::{ContentBlock, Message, PollResponse};
//! use taxii_messages::{MessageId, RawXml, Timestamp, Uri};
//!
//! let end = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
//! let id = |s: &str| MessageId::new(s).unwrap();
//! let head = PollResponse::new(id("2"), id("1"), Uri::new("feed").unwrap(), end);
//! let block = ContentBlock::new(
//!     Uri::new("urn:stix.mitre.org:xml:1.0").unwrap(),
//!     RawXml::new(b"<x/>".to_vec(), Vec::new()).unwrap(),
//! );
//!
//! let mut streamed = Vec::new();
//! head.encode_head_into(&mut streamed);
//! block.encode_in_poll_response_into(&mut streamed);
//! head.encode_tail_into(&mut streamed);
//!
//! let mut whole = head.clone();
//! whole.content_blocks.push(block);
//! let mut expected = Vec::new();
//! Message::PollResponse(whole).encode_into(&mut expected);
//! assert_eq!(streamed, expected);
//! ```
//!
//! The closing tag is written only by [`PollResponse::encode_tail_into`]: output cut
//! short anywhere before it is not well-formed XML, so it never decodes as a complete
//! (shorter) answer.

use super::{ContentBlock, Message, PollResponse, ROOT_BINDINGS};
use crate::common::encode_signature;
use crate::xml::writer::XmlWriter;

/// The prefix the 1.0 messages are written with (that of `Message::encode_into`).
const PREFIX: &str = "taxii:";
const ROOT: &str = "Poll_Response";
const END_TAG: &[u8] = b"</taxii:Poll_Response>";

impl PollResponse {
    /// Appends everything before the first content block: the root start tag with its
    /// namespace declarations, the attributes and the header fields. The response's own
    /// `content_blocks` and `signature` are not written.
    pub fn encode_head_into(&self, out: &mut Vec<u8>) {
        let head = PollResponse {
            message_id: self.message_id.clone(),
            in_response_to: self.in_response_to.clone(),
            feed_name: self.feed_name.clone(),
            subscription_id: self.subscription_id.clone(),
            extended_headers: self.extended_headers.clone(),
            message: self.message.clone(),
            inclusive_begin_timestamp: self.inclusive_begin_timestamp,
            inclusive_end_timestamp: self.inclusive_end_timestamp,
            content_blocks: Vec::new(),
            signature: None,
        };
        let start = out.len();
        Message::PollResponse(head).encode_into(out);
        // The end timestamp is always written, so the root is closed by an end tag.
        debug_assert!(out[start..].ends_with(END_TAG));
        out.truncate(out.len() - END_TAG.len());
    }

    /// Appends what follows the last content block: the message's `ds:Signature`, if
    /// any, and the root's end tag.
    pub fn encode_tail_into(&self, out: &mut Vec<u8>) {
        inside_root(out, |w| {
            encode_signature(w, self.signature.as_ref());
            w.end(ROOT);
        });
    }
}

impl ContentBlock {
    /// Appends this block as a child of a Poll_Response begun with
    /// [`PollResponse::encode_head_into`] (namespace declarations the root carries are
    /// not repeated).
    pub fn encode_in_poll_response_into(&self, out: &mut Vec<u8>) {
        inside_root(out, |w| self.encode(w));
    }
}

/// Runs `write` with a writer positioned inside an open Poll_Response root, appending
/// only what `write` writes to `out`.
fn inside_root(out: &mut Vec<u8>, write: impl FnOnce(&mut XmlWriter<'_>)) {
    let mut root = Vec::new();
    open_root(&mut XmlWriter::new(&mut root, PREFIX));
    let start = out.len();
    {
        let mut w = XmlWriter::new(out, PREFIX);
        open_root(&mut w);
        write(&mut w);
    }
    out.drain(start..start + root.len());
}

/// Writes the root start tag, closed (`>`).
fn open_root(w: &mut XmlWriter<'_>) {
    w.root(ROOT, ROOT_BINDINGS);
    w.text("");
}
