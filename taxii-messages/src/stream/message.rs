//! What the streaming reader hands out: the message without its blocks, and the blocks.

use crate::namespaces::Ns;
use crate::raw_xml::RawXml;
use crate::stream::StreamError;
use crate::timestamp::Timestamp;
use crate::{v10, v11, Message};

/// The message being streamed, without its content blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamedMessage {
    /// A TAXII 1.1 Poll_Response.
    PollResponse(v11::PollResponse),
    /// A TAXII 1.1 Inbox_Message.
    InboxMessage(v11::InboxMessage),
    /// A TAXII 1.0 Poll_Response.
    PollResponse10(v10::PollResponse),
    /// A TAXII 1.0 Inbox_Message.
    InboxMessage10(v10::InboxMessage),
}

/// One content block of a streamed message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamedBlock {
    /// A TAXII 1.1 content block.
    V11(v11::ContentBlock),
    /// A TAXII 1.0 content block.
    V10(v10::ContentBlock),
}

impl StreamedBlock {
    /// The payload, verbatim.
    pub fn content(&self) -> &RawXml {
        match self {
            StreamedBlock::V11(b) => &b.content,
            StreamedBlock::V10(b) => &b.content,
        }
    }

    /// The Content Binding ID (TAXII 1.1: possibly a nesting expression).
    pub fn binding_id(&self) -> &str {
        match self {
            StreamedBlock::V11(b) => b.content_binding.binding_id.as_str(),
            StreamedBlock::V10(b) => b.content_binding.as_str(),
        }
    }

    /// The producer's timestamp label.
    pub fn timestamp_label(&self) -> Option<&Timestamp> {
        match self {
            StreamedBlock::V11(b) => b.timestamp_label.as_ref(),
            StreamedBlock::V10(b) => b.timestamp_label.as_ref(),
        }
    }
}

impl StreamedMessage {
    /// The namespace of the message's elements.
    pub(crate) fn ns(&self) -> Ns {
        match self {
            StreamedMessage::PollResponse(_) | StreamedMessage::InboxMessage(_) => Ns::Taxii11,
            StreamedMessage::PollResponse10(_) | StreamedMessage::InboxMessage10(_) => Ns::Taxii10,
        }
    }

    /// The declared record count (TAXII 1.1 only).
    pub(crate) fn record_count(&self) -> Option<u64> {
        match self {
            StreamedMessage::PollResponse(m) => m.record_count.as_ref().map(|r| r.count),
            StreamedMessage::InboxMessage(m) => m.record_count.as_ref().map(|r| r.count),
            StreamedMessage::PollResponse10(_) | StreamedMessage::InboxMessage10(_) => None,
        }
    }

    pub(crate) fn signature_mut(&mut self) -> &mut Option<RawXml> {
        match self {
            StreamedMessage::PollResponse(m) => &mut m.signature,
            StreamedMessage::InboxMessage(m) => &mut m.signature,
            StreamedMessage::PollResponse10(m) => &mut m.signature,
            StreamedMessage::InboxMessage10(m) => &mut m.signature,
        }
    }

    pub(crate) fn take_blocks(&mut self) -> Vec<StreamedBlock> {
        fn all<T>(v: &mut Vec<T>, f: fn(T) -> StreamedBlock) -> Vec<StreamedBlock> {
            std::mem::take(v).into_iter().map(f).collect()
        }
        match self {
            StreamedMessage::PollResponse(m) => all(&mut m.content_blocks, StreamedBlock::V11),
            StreamedMessage::InboxMessage(m) => all(&mut m.content_blocks, StreamedBlock::V11),
            StreamedMessage::PollResponse10(m) => all(&mut m.content_blocks, StreamedBlock::V10),
            StreamedMessage::InboxMessage10(m) => all(&mut m.content_blocks, StreamedBlock::V10),
        }
    }

    pub(crate) fn from_message(m: Message) -> Result<Self, StreamError> {
        Ok(match m {
            Message::V11(v11::Message::PollResponse(m)) => StreamedMessage::PollResponse(m),
            Message::V11(v11::Message::InboxMessage(m)) => StreamedMessage::InboxMessage(m),
            Message::V10(v10::Message::PollResponse(m)) => StreamedMessage::PollResponse10(m),
            Message::V10(v10::Message::InboxMessage(m)) => StreamedMessage::InboxMessage10(m),
            other => return Err(StreamError::NotStreamable(other.root_element())),
        })
    }
}
