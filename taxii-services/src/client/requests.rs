//! Requests with fresh message ids (MID-1, MID-2), for TAXII 1.1 and 1.0.

use taxii_messages::v10;
use taxii_messages::v11::{
    CollectionInformationRequest, ContentBlock, DiscoveryRequest, InboxMessage,
    ManageCollectionSubscriptionRequest, PollFulfillmentRequest, PollParameters, PollRequest,
    PollSelection, PushParameters, QueryParameters, SubscriptionAction,
};
use taxii_messages::{MessageId, MessageIdGenerator, Timestamp, Uri};

/// Builds TAXII 1.1 requests, each with a fresh message id (MID-1, MID-2).
#[derive(Debug, Clone)]
pub struct Requests<G> {
    ids: G,
}

impl<G: MessageIdGenerator> Requests<G> {
    /// Requests numbered by `ids`.
    pub fn new(ids: G) -> Self {
        Requests { ids }
    }

    /// A fresh message id.
    pub fn next_id(&mut self) -> MessageId {
        self.ids.next_id()
    }

    /// A Discovery_Request.
    pub fn discovery(&mut self) -> DiscoveryRequest {
        DiscoveryRequest::new(self.next_id())
    }

    /// A Collection_Information_Request.
    pub fn collection_information(&mut self) -> CollectionInformationRequest {
        CollectionInformationRequest::new(self.next_id())
    }

    /// A Poll_Request over `(begin, end]` with `params`.
    pub fn poll(
        &mut self,
        collection: &Uri,
        params: PollParameters,
        exclusive_begin: Option<Timestamp>,
        inclusive_end: Option<Timestamp>,
    ) -> PollRequest {
        let mut r = PollRequest::new(
            self.next_id(),
            collection.clone(),
            PollSelection::PollParameters(params),
        );
        r.exclusive_begin_timestamp = exclusive_begin;
        r.inclusive_end_timestamp = inclusive_end;
        r
    }

    /// A Poll_Request through a subscription.
    pub fn poll_subscription(&mut self, collection: &Uri, subscription_id: &Uri) -> PollRequest {
        PollRequest::new(
            self.next_id(),
            collection.clone(),
            PollSelection::SubscriptionId(subscription_id.clone()),
        )
    }

    /// A Poll_Fulfillment for part `part` of `result_id`.
    pub fn fulfillment(
        &mut self,
        collection: &Uri,
        result_id: &Uri,
        part: u64,
    ) -> PollFulfillmentRequest {
        PollFulfillmentRequest::new(self.next_id(), collection.clone(), result_id.clone(), part)
    }

    /// A SUBSCRIBE request (push when `push` is given).
    pub fn subscribe(
        &mut self,
        collection: &Uri,
        params: QueryParameters,
        push: Option<PushParameters>,
    ) -> ManageCollectionSubscriptionRequest {
        let mut r = ManageCollectionSubscriptionRequest::new(
            self.next_id(),
            SubscriptionAction::Subscribe,
            collection.clone(),
        );
        r.subscription_parameters = Some(params);
        r.push_parameters = push;
        r
    }

    /// An UNSUBSCRIBE, PAUSE, RESUME or STATUS request.
    pub fn manage(
        &mut self,
        action: SubscriptionAction,
        collection: &Uri,
        subscription_id: Option<&Uri>,
    ) -> ManageCollectionSubscriptionRequest {
        let mut r =
            ManageCollectionSubscriptionRequest::new(self.next_id(), action, collection.clone());
        r.subscription_id = subscription_id.cloned();
        r
    }

    /// An Inbox_Message carrying `blocks` to `destinations` (none: the inbox decides).
    pub fn inbox(&mut self, blocks: Vec<ContentBlock>, destinations: Vec<Uri>) -> InboxMessage {
        let mut m = InboxMessage::new(self.next_id());
        m.content_blocks = blocks;
        m.destination_collection_names = destinations;
        m
    }

    /// A TAXII 1.0 Discovery_Request (use digit-only ids for 1.0, MID-3).
    pub fn discovery_v10(&mut self) -> v10::DiscoveryRequest {
        v10::DiscoveryRequest::new(self.next_id())
    }

    /// A TAXII 1.0 Feed_Information_Request.
    pub fn feed_information(&mut self) -> v10::FeedInformationRequest {
        v10::FeedInformationRequest::new(self.next_id())
    }

    /// A TAXII 1.0 Poll_Request over `(begin, end]`, optionally through a subscription.
    pub fn poll_v10(
        &mut self,
        feed: &Uri,
        subscription_id: Option<&Uri>,
        exclusive_begin: Option<Timestamp>,
        inclusive_end: Option<Timestamp>,
    ) -> v10::PollRequest {
        let mut r = v10::PollRequest::new(self.next_id(), feed.clone());
        r.subscription_id = subscription_id.cloned();
        r.exclusive_begin_timestamp = exclusive_begin;
        r.inclusive_end_timestamp = inclusive_end;
        r
    }

    /// A TAXII 1.0 feed subscription request.
    pub fn manage_v10(
        &mut self,
        action: v10::SubscriptionAction,
        feed: &Uri,
        subscription_id: Option<&Uri>,
        push: Option<v10::PushParameters>,
    ) -> v10::ManageFeedSubscriptionRequest {
        let mut r = v10::ManageFeedSubscriptionRequest::new(self.next_id(), feed.clone(), action);
        r.subscription_id = subscription_id.cloned();
        r.push_parameters = push;
        r
    }

    /// A TAXII 1.0 Inbox_Message.
    pub fn inbox_v10(&mut self, blocks: Vec<v10::ContentBlock>) -> v10::InboxMessage {
        let mut m = v10::InboxMessage::new(self.next_id());
        m.content_blocks = blocks;
        m
    }
}
