//! Inbox_Message (checklist §2.10).

use crate::ids::{MessageId, Uri};
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::v11::common::*;
use crate::ExtendedHeader;

crate::codec::element! {
    /// Which subscription an Inbox_Message fulfils (IM11-6..IM11-10).
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    #[non_exhaustive]
    pub struct SourceSubscription {
        /// The source collection.
        collection_name: Uri = attr,
        /// The subscription.
        subscription_id: Uri = child "Subscription_ID",
        /// Start of the range covered (exclusive).
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        exclusive_begin_timestamp: Option<Timestamp> = child "Exclusive_Begin_Timestamp",
        /// End of the range covered (inclusive).
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        inclusive_end_timestamp: Option<Timestamp> = child "Inclusive_End_Timestamp",
    }
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

crate::codec::element! {
    /// Pushes content to an Inbox service (§2.10).
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    #[non_exhaustive]
    pub struct InboxMessage {
        /// This message's id.
        message_id: MessageId = attr,
        /// Set when pushing asynchronous poll results.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        result_id: Option<Uri> = attr,
        /// Extended headers.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        extended_headers: Vec<ExtendedHeader> = headers,
        /// Collections the content should be added to.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        destination_collection_names: Vec<Uri> = child "Destination_Collection_Name",
        /// A human-readable message.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        message: Option<String> = child "Message",
        /// Present when the message fulfils a subscription.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        source_subscription: Option<SourceSubscription> = child "Source_Subscription",
        /// How many records the push carries.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        record_count: Option<RecordCount> = child "Record_Count",
        /// The content.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        content_blocks: Vec<ContentBlock> = child "Content_Block",
        /// A message-level `ds:Signature`, raw.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        signature: Option<RawXml> = signature,
    }
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
}
