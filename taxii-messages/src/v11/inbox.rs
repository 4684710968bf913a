//! Inbox_Message (checklist §2.10).

use crate::ids::Uri;
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
    new: "A source subscription without a range.";
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
    new: "An Inbox_Message without content.";
}
