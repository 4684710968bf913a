//! Poll_Request and Poll_Response (checklist §5.5).

use crate::ids::Uri;
use crate::timestamp::Timestamp;
use crate::v10::common::*;

crate::codec::element! {
    /// Asks a Poll service for a feed's content in a time range (PRq10-*).
    pub struct PollRequest {
        message_id,
        /// The feed.
        feed_name: Uri = attr,
        /// The subscription the poll is made under, if any.
        subscription_id: Option<Uri> = attr,
        extended_headers,
        /// Lower bound, exclusive (`None`: from the earliest content).
        exclusive_begin_timestamp: Option<Timestamp> = child "Exclusive_Begin_Timestamp",
        /// Upper bound, inclusive (`None`: up to the latest content).
        inclusive_end_timestamp: Option<Timestamp> = child "Inclusive_End_Timestamp",
        /// Acceptable content bindings; empty accepts all (PRq10-7).
        content_bindings: Vec<Uri> = child "Content_Binding",
        signature,
    }
    new: "A poll for all of a feed's content.";
}

crate::codec::element! {
    /// A feed's content for a time range (PRs10-*).
    pub struct PollResponse {
        message_id,
        in_response_to,
        /// The feed.
        feed_name: Uri = attr,
        /// The subscription served, if any.
        subscription_id: Option<Uri> = attr,
        extended_headers,
        /// A human-readable message (before the timestamps in 1.0, PRs10-5).
        message: Option<String> = child "Message",
        /// Lower bound of the range covered, inclusive (`None`: from the earliest content).
        inclusive_begin_timestamp: Option<Timestamp> = child "Inclusive_Begin_Timestamp",
        /// Upper bound of the range covered, inclusive (always present, PRs10-7).
        inclusive_end_timestamp: Timestamp = child "Inclusive_End_Timestamp",
        /// The content.
        content_blocks: Vec<ContentBlock> = child "Content_Block",
        signature,
    }
    new: "A response covering everything up to `inclusive_end_timestamp`, without content.";
}
