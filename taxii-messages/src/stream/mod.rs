//! Reading large messages from any [`std::io::BufRead`] one content block at a time.
//!
//! Poll responses can carry tens of thousands of content blocks. [`MessageStream`] reads a
//! Poll_Response or Inbox_Message (TAXII 1.1 or 1.0) incrementally: it first decodes everything
//! before the first content block (the message's header fields), then hands the blocks
//! over one at a time, so memory stays bounded by the largest single block (plus a
//! read-ahead of a few hundred KiB) whatever the size of the message. Blocks share the
//! buffer they were read into: one kept keeps that buffer.
//!
//! ```
//! use taxii_messages::stream::{MessageStream, StreamedMessage};
//!
//! let xml = br#"<taxii_11:Poll_Response
//!     xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"
//!     message_id="2" in_response_to="1" collection_name="feed">
//!   <taxii_11:Content_Block>
//!     <taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/>
//!     <taxii_11:Content><x/></taxii_11:Content>
//!   </taxii_11:Content_Block>
//! </taxii_11:Poll_Response>"#;
//! let mut stream = MessageStream::new(&xml[..]).unwrap();
//! let StreamedMessage::PollResponse(head) = stream.message() else { panic!() };
//! assert_eq!(head.collection_name.as_str(), "feed");
//! while let Some(block) = stream.next_block().unwrap() {
//!     assert_eq!(block.content().as_str(), "<x/>");
//!     assert_eq!(block.binding_id(), "urn:stix.mitre.org:xml:1.1.1");
//! }
//! assert_eq!(stream.blocks_read(), 1);
//! ```
//!
//! Each part (header, block, trailing signature) is checked by the same decoder as
//! [`crate::decode`], and errors carry the position in the whole stream: byte offset,
//! line:column and element path (`/Poll_Response/Content_Block[7]/...`). The
//! [`Limits`](crate::Limits) apply with one difference: `max_input_bytes` and
//! `max_elements` bound each part held in memory (the header, one block, the trailing
//! signature) rather than the whole stream.

mod message;
mod reader;
mod scan;

pub use message::{StreamedBlock, StreamedMessage};
pub use reader::MessageStream;

use crate::error::DecodeError;

/// What went wrong while streaming a message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// Reading the input failed.
    #[error("reading the message failed: {0}")]
    Io(#[from] std::io::Error),
    /// The message is malformed or breaks a rule.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The message is valid but not one that carries content blocks.
    #[error("`{0}` is not a Poll_Response or an Inbox_Message")]
    NotStreamable(&'static str),
}
