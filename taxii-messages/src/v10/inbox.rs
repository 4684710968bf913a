//! Inbox_Message (checklist §5.6).

use crate::common::*;
use crate::ids::{MessageId, Uri};
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::v10::common::*;
use crate::v10::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::ExtendedHeader;

/// Which subscription an Inbox_Message fulfils (IM10-4..IM10-8).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SourceSubscription {
    /// The source feed.
    pub feed_name: Uri,
    /// The subscription (required per errata E-1, IM10-6).
    pub subscription_id: Uri,
    /// Start of the range covered, inclusive (`None`: from the earliest content).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub inclusive_begin_timestamp: Option<Timestamp>,
    /// End of the range covered, inclusive.
    pub inclusive_end_timestamp: Timestamp,
}

impl SourceSubscription {
    /// A source subscription covering everything up to `inclusive_end_timestamp`.
    pub fn new(feed_name: Uri, subscription_id: Uri, inclusive_end_timestamp: Timestamp) -> Self {
        SourceSubscription {
            feed_name,
            subscription_id,
            inclusive_begin_timestamp: None,
            inclusive_end_timestamp,
        }
    }

    fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let feed_name = uri_attr(c, &mut el, "feed_name")?;
        let subscription_id =
            uri_attr(c, &mut el, "subscription_id").map_err(|e| e.with_rule("IM10-6"))?;
        let inclusive_begin_timestamp = opt_timestamp(c, &el, NS, "Inclusive_Begin_Timestamp")?;
        let end = c.required_child(&el, NS, "Inclusive_End_Timestamp")?;
        let inclusive_end_timestamp = timestamp_text(c, end, "Inclusive_End_Timestamp")?;
        c.end(el)?;
        Ok(SourceSubscription {
            feed_name,
            subscription_id,
            inclusive_begin_timestamp,
            inclusive_end_timestamp,
        })
    }

    fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Source_Subscription");
        w.attr("feed_name", self.feed_name.as_str());
        w.attr("subscription_id", self.subscription_id.as_str());
        write_timestamp(
            w,
            "Inclusive_Begin_Timestamp",
            self.inclusive_begin_timestamp.as_ref(),
        );
        write_timestamp(
            w,
            "Inclusive_End_Timestamp",
            Some(&self.inclusive_end_timestamp),
        );
        w.end("Source_Subscription");
    }
}

/// Pushes content to an Inbox service (IM10-*).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct InboxMessage {
    /// This message's id.
    pub message_id: MessageId,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// Present when the message fulfils a subscription.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub source_subscription: Option<SourceSubscription>,
    /// The content.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_blocks: Vec<ContentBlock>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl InboxMessage {
    /// An Inbox_Message without content.
    pub fn new(message_id: MessageId) -> Self {
        InboxMessage {
            message_id,
            extended_headers: Vec::new(),
            message: None,
            source_subscription: None,
            content_blocks: Vec::new(),
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_10(c, &mut el, "message_id")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let message = opt_string_element(c, &el, NS, "Message")?;
        let source_subscription = match c.child(&el, NS, "Source_Subscription")? {
            Some(s) => Some(SourceSubscription::decode(c, s)?),
            None => None,
        };
        let content_blocks = decode_content_blocks(c, &el)?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(InboxMessage {
            message_id,
            extended_headers,
            message,
            source_subscription,
            content_blocks,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        encode_extended_headers(w, &self.extended_headers);
        w.opt_text_element("Message", self.message.as_deref());
        if let Some(s) = &self.source_subscription {
            s.encode(w);
        }
        encode_content_blocks(w, &self.content_blocks);
        encode_signature(w, self.signature.as_ref());
    }
}
