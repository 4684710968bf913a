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
        delivery_methods: Vec<String> = some "delivery-method",
        /// Message binding ids (1-n).
        message_bindings: Vec<String> = some "message-binding",
        /// STIX Version IDs of the content (1-n).
        content_bindings: Vec<String> = some "content-binding",
    }
}

impl FeedRecord {
    /// A feed delivered by `delivery_method` in the Draft XML binding.
    pub fn new(
        feed_name: impl Into<String>,
        description: impl Into<String>,
        delivery_method: impl Into<String>,
        content_binding: impl Into<String>,
    ) -> Self {
        FeedRecord {
            feed_name: feed_name.into(),
            available: None,
            description: description.into(),
            delivery_methods: vec![delivery_method.into()],
            message_bindings: vec![super::MESSAGE_BINDING.into()],
            content_bindings: vec![content_binding.into()],
        }
    }
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
