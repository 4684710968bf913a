//! Collection_Information_Request and _Response (checklist §2.4, §2.5).

use crate::ids::Uri;
use crate::v11::common::*;

crate::plain_messages::plain_message! {
    /// Asks a Collection Management service which collections exist (§2.4).
    pub struct CollectionInformationRequest;
    new: "A request with the given id.",
}

crate::wire_enum::wire_enum! {
    /// `DATA_FEED` or `DATA_SET` (EN-3).
    #[derive(Default)]
    pub enum CollectionType {
        /// Ordered by timestamp labels; polled by range.
        #[default]
        DataFeed = "DATA_FEED",
        /// An unordered set.
        DataSet = "DATA_SET",
    }
    expected: "DATA_FEED or DATA_SET (EN-3)"
}

crate::codec::element! {
    /// One collection and how to reach it (CIRs11-3..CIRs11-13).
    pub struct CollectionInformation {
        /// The collection name.
        collection_name: Uri = attr,
        /// Feed or set (`None`: absent, meaning DATA_FEED).
        collection_type: Option<CollectionType> = attr,
        /// Whether the requester may use it (`None`: unknown).
        available: Option<bool> = attr,
        /// A description (required, may explain out-of-band access).
        description: String = child "Description",
        /// Typical records added per day.
        collection_volume: Option<u64> = child "Collection_Volume",
        /// Content that may occur; empty means any.
        content_bindings: Vec<ContentBinding> = child "Content_Binding",
        /// How content can be pushed to subscribers.
        push_methods: Vec<PushMethod> = child "Push_Method",
        /// Poll services for it.
        polling_services: Vec<ServiceContact> = child "Polling_Service",
        /// Subscription services for it.
        subscription_services: Vec<ServiceContact> = child "Subscription_Service",
        /// Inboxes that accept content for it.
        receiving_inbox_services: Vec<InboxService> = child "Receiving_Inbox_Service",
    }
    new: "A collection with a name and description.";
    title: collection_name;
}

impl CollectionInformation {
    /// The effective collection type.
    pub fn kind(&self) -> CollectionType {
        self.collection_type.unwrap_or_default()
    }
}

crate::plain_messages::plain_message! {
    /// Lists the collections the requester may see (§2.5).
    pub struct CollectionInformationResponse;
    new: "A response listing no collections.",
    response: in_response_to,
    #[doc = "The collections."]
    collections: Vec<CollectionInformation> = "Collection",
}
