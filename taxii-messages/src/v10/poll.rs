//! Poll_Request and Poll_Response (checklist §5.5).

use crate::common::*;
use crate::ids::{MessageId, Uri};
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::v10::common::*;
use crate::v10::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::ExtendedHeader;

/// Asks a Poll service for a feed's content in a time range (PRq10-*).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PollRequest {
    /// This message's id.
    pub message_id: MessageId,
    /// The feed.
    pub feed_name: Uri,
    /// The subscription the poll is made under, if any.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_id: Option<Uri>,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// Lower bound, exclusive (`None`: from the earliest content).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub exclusive_begin_timestamp: Option<Timestamp>,
    /// Upper bound, inclusive (`None`: up to the latest content).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub inclusive_end_timestamp: Option<Timestamp>,
    /// Acceptable content bindings; empty accepts all (PRq10-7).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_bindings: Vec<Uri>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl PollRequest {
    /// A poll for all of a feed's content.
    pub fn new(message_id: MessageId, feed_name: Uri) -> Self {
        PollRequest {
            message_id,
            feed_name,
            subscription_id: None,
            extended_headers: Vec::new(),
            exclusive_begin_timestamp: None,
            inclusive_end_timestamp: None,
            content_bindings: Vec::new(),
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_10(c, &mut el, "message_id")?;
        let feed_name = uri_attr(c, &mut el, "feed_name")?;
        let subscription_id = opt_uri_attr(c, &mut el, "subscription_id")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let exclusive_begin_timestamp = opt_timestamp(c, &el, NS, "Exclusive_Begin_Timestamp")?;
        let inclusive_end_timestamp = opt_timestamp(c, &el, NS, "Inclusive_End_Timestamp")?;
        let content_bindings = content_binding_texts(c, &el)?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(PollRequest {
            message_id,
            feed_name,
            subscription_id,
            extended_headers,
            exclusive_begin_timestamp,
            inclusive_end_timestamp,
            content_bindings,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("feed_name", self.feed_name.as_str());
        w.opt_attr(
            "subscription_id",
            self.subscription_id.as_ref().map(Uri::as_str),
        );
        encode_extended_headers(w, &self.extended_headers);
        write_timestamp(
            w,
            "Exclusive_Begin_Timestamp",
            self.exclusive_begin_timestamp.as_ref(),
        );
        write_timestamp(
            w,
            "Inclusive_End_Timestamp",
            self.inclusive_end_timestamp.as_ref(),
        );
        encode_content_binding_texts(w, &self.content_bindings);
        encode_signature(w, self.signature.as_ref());
    }
}

/// A feed's content for a time range (PRs10-*).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PollResponse {
    /// This message's id.
    pub message_id: MessageId,
    /// The request's id.
    pub in_response_to: MessageId,
    /// The feed.
    pub feed_name: Uri,
    /// The subscription served, if any.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_id: Option<Uri>,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// A human-readable message (before the timestamps in 1.0, PRs10-5).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// Lower bound of the range covered, inclusive (`None`: from the earliest content).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub inclusive_begin_timestamp: Option<Timestamp>,
    /// Upper bound of the range covered, inclusive (always present, PRs10-7).
    pub inclusive_end_timestamp: Timestamp,
    /// The content.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_blocks: Vec<ContentBlock>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl PollResponse {
    /// A response covering everything up to `inclusive_end_timestamp`, without content.
    pub fn new(
        message_id: MessageId,
        in_response_to: MessageId,
        feed_name: Uri,
        inclusive_end_timestamp: Timestamp,
    ) -> Self {
        PollResponse {
            message_id,
            in_response_to,
            feed_name,
            subscription_id: None,
            extended_headers: Vec::new(),
            message: None,
            inclusive_begin_timestamp: None,
            inclusive_end_timestamp,
            content_blocks: Vec::new(),
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_10(c, &mut el, "message_id")?;
        let in_response_to = message_id_10(c, &mut el, "in_response_to")?;
        let feed_name = uri_attr(c, &mut el, "feed_name")?;
        let subscription_id = opt_uri_attr(c, &mut el, "subscription_id")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let message = opt_string_element(c, &el, NS, "Message")?;
        let inclusive_begin_timestamp = opt_timestamp(c, &el, NS, "Inclusive_Begin_Timestamp")?;
        let end = c.required_child(&el, NS, "Inclusive_End_Timestamp")?;
        let inclusive_end_timestamp = timestamp_text(c, end, "Inclusive_End_Timestamp")?;
        let content_blocks = decode_content_blocks(c, &el)?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(PollResponse {
            message_id,
            in_response_to,
            feed_name,
            subscription_id,
            extended_headers,
            message,
            inclusive_begin_timestamp,
            inclusive_end_timestamp,
            content_blocks,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("in_response_to", self.in_response_to.as_str());
        w.attr("feed_name", self.feed_name.as_str());
        w.opt_attr(
            "subscription_id",
            self.subscription_id.as_ref().map(Uri::as_str),
        );
        encode_extended_headers(w, &self.extended_headers);
        w.opt_text_element("Message", self.message.as_deref());
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
        encode_content_blocks(w, &self.content_blocks);
        encode_signature(w, self.signature.as_ref());
    }
}
