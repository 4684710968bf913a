//! Inbox_Message (checklist §2.10).

use crate::ids::{MessageId, Uri};
use crate::timestamp::Timestamp;
use crate::v11::common::*;

crate::codec::element! {
    /// Which subscription an Inbox_Message fulfils (IM11-6..IM11-10).
    pub struct SourceSubscription {
        /// The source collection.
        collection_name: Uri = attr,
        /// The subscription.
        subscription_id: Uri = child "Subscription_ID",
        /// Start of the range covered (exclusive).
        exclusive_begin_timestamp: Option<Timestamp> = child "Exclusive_Begin_Timestamp",
        /// End of the range covered (inclusive).
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
    pub struct InboxMessage {
        message_id,
        /// Set when pushing asynchronous poll results.
        result_id: Option<Uri> = attr,
        extended_headers,
        /// Collections the content should be added to.
        destination_collection_names: Vec<Uri> = child "Destination_Collection_Name",
        message,
        /// Present when the message fulfils a subscription.
        source_subscription: Option<SourceSubscription> = child "Source_Subscription",
        /// How many records the push carries.
        record_count: Option<RecordCount> = child "Record_Count",
        /// The content.
        content_blocks: Vec<ContentBlock> = child "Content_Block",
        signature,
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
