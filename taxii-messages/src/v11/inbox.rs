//! Inbox_Message (checklist §2.10).

use crate::common::*;
use crate::ids::{MessageId, Uri};
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::v11::common::*;
use crate::v11::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

/// Which subscription an Inbox_Message fulfils (IM11-6..IM11-10).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SourceSubscription {
    /// The source collection.
    pub collection_name: Uri,
    /// The subscription.
    pub subscription_id: Uri,
    /// Start of the range covered (exclusive).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub exclusive_begin_timestamp: Option<Timestamp>,
    /// End of the range covered (inclusive).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub inclusive_end_timestamp: Option<Timestamp>,
}

impl SourceSubscription {
    /// A source subscription without a range.
    pub fn new(collection_name: Uri, subscription_id: Uri) -> Self {
        SourceSubscription {
            collection_name,
            subscription_id,
            exclusive_begin_timestamp: None,
            inclusive_end_timestamp: None,
        }
    }
}

/// Pushes content to an Inbox service (§2.10).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct InboxMessage {
    /// This message's id.
    pub message_id: MessageId,
    /// Set when pushing asynchronous poll results.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub result_id: Option<Uri>,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// Collections the content should be added to.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub destination_collection_names: Vec<Uri>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// Present when the message fulfils a subscription.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub source_subscription: Option<SourceSubscription>,
    /// How many records the push carries.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub record_count: Option<RecordCount>,
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
            result_id: None,
            extended_headers: Vec::new(),
            destination_collection_names: Vec::new(),
            message: None,
            source_subscription: None,
            record_count: None,
            content_blocks: Vec::new(),
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_attr(c, &mut el, "message_id")?;
        let result_id = opt_uri_attr(c, &mut el, "result_id")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let destination_collection_names = uri_elements(c, &el, NS, "Destination_Collection_Name")?;
        let message = opt_string_element(c, &el, NS, "Message")?;
        let source_subscription = match c.child(&el, NS, "Source_Subscription")? {
            Some(mut s) => {
                let collection_name = uri_attr(c, &mut s, "collection_name")?;
                let subscription_id = uri_element(c, &s, NS, "Subscription_ID")?;
                let exclusive_begin_timestamp =
                    opt_timestamp(c, &s, NS, "Exclusive_Begin_Timestamp")?;
                let inclusive_end_timestamp = opt_timestamp(c, &s, NS, "Inclusive_End_Timestamp")?;
                c.end(s)?;
                Some(SourceSubscription {
                    collection_name,
                    subscription_id,
                    exclusive_begin_timestamp,
                    inclusive_end_timestamp,
                })
            }
            None => None,
        };
        let record_count = RecordCount::decode_opt(c, &el)?;
        let content_blocks = decode_content_blocks(c, &el)?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(InboxMessage {
            message_id,
            result_id,
            extended_headers,
            destination_collection_names,
            message,
            source_subscription,
            record_count,
            content_blocks,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.opt_attr("result_id", self.result_id.as_ref().map(Uri::as_str));
        encode_extended_headers(w, &self.extended_headers);
        for d in &self.destination_collection_names {
            w.text_element("Destination_Collection_Name", d.as_str());
        }
        w.opt_text_element("Message", self.message.as_deref());
        if let Some(s) = &self.source_subscription {
            w.start("Source_Subscription");
            w.attr("collection_name", s.collection_name.as_str());
            w.text_element("Subscription_ID", s.subscription_id.as_str());
            write_timestamp(
                w,
                "Exclusive_Begin_Timestamp",
                s.exclusive_begin_timestamp.as_ref(),
            );
            write_timestamp(
                w,
                "Inclusive_End_Timestamp",
                s.inclusive_end_timestamp.as_ref(),
            );
            w.end("Source_Subscription");
        }
        if let Some(rc) = &self.record_count {
            rc.encode(w);
        }
        for b in &self.content_blocks {
            b.encode(w);
        }
        encode_signature(w, self.signature.as_ref());
    }
}
