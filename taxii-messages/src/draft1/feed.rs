//! TAXII_FeedInformationRequest and TAXII_FeedInformationResponse (D1-M-4, D1-M-5).

use crate::draft1::common::*;

crate::codec::element! {
    /// Asks for the feeds offered (header only).
    pub struct FeedInformationRequest {
        /// Ids and extended headers.
        header: Header = flat,
    }
    new: "A request with the given header.";
}

crate::codec::element! {
    /// One feed (`feedRecordType`, D1-DIF-11).
    pub struct FeedRecord {
        /// The feed's name.
        feed_name: String = attr "feed-name",
        /// Whether the requester may use it.
        available: Option<bool> = attr,
        /// What the feed holds, verbatim.
        description: String = child "description",
        /// Protocol binding ids content can be pushed over, or `POLL` (1-n).
        one(delivery_method) delivery_methods: Vec<String> = some "delivery-method",
        /// Message binding ids (1-n).
        init(vec![super::MESSAGE_BINDING.into()])
        message_bindings: Vec<String> = some "message-binding",
        /// STIX Version IDs of the content (1-n).
        one(content_binding) content_bindings: Vec<String> = some "content-binding",
    }
    new: "A feed delivered by `delivery_method` in the Draft XML binding.";
}

crate::codec::element! {
    /// Lists feeds (D1-M-5).
    pub struct FeedInformationResponse {
        /// Ids and extended headers.
        header: Header = flat,
        /// The feeds.
        feeds: Vec<FeedRecord> = child "feed",
    }
    new: "A response listing no feeds.";
}
