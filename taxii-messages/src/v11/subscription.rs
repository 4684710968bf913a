//! Subscription_Management_Request and _Response (checklist §2.6, §2.7).

use crate::ids::Uri;
use crate::v11::common::*;

crate::wire_enum::wire_enum! {
    /// What a subscription request does (EN-2).
    pub enum SubscriptionAction {
        /// Create a subscription.
        Subscribe = "SUBSCRIBE",
        /// End a subscription.
        Unsubscribe = "UNSUBSCRIBE",
        /// Suspend delivery.
        Pause = "PAUSE",
        /// Resume delivery.
        Resume = "RESUME",
        /// Report subscriptions.
        Status = "STATUS",
    }
    expected: "SUBSCRIBE, UNSUBSCRIBE, PAUSE, RESUME or STATUS (EN-2)"
}

crate::codec::element! {
    /// Manages a subscription to a collection (§2.6).
    pub struct ManageCollectionSubscriptionRequest {
        message_id,
        /// What to do.
        action: SubscriptionAction = attr,
        /// The collection.
        collection_name: Uri = attr,
        extended_headers,
        /// The subscription acted on (required for UNSUBSCRIBE, PAUSE, RESUME).
        subscription_id: Option<Uri> = child "Subscription_ID",
        /// What to deliver (SUBSCRIBE only).
        subscription_parameters: Option<QueryParameters> = child "Subscription_Parameters",
        /// Where to push (SUBSCRIBE only; absent means the subscriber polls).
        push_parameters: Option<PushParameters> = child "Push_Parameters",
        signature,
    }
    new: "A request for `action` on `collection_name`.";
}

crate::wire_enum::wire_enum! {
    /// `ACTIVE`, `PAUSED` or `UNSUBSCRIBED` (EN-5).
    #[derive(Default)]
    pub enum SubscriptionStatus {
        /// Delivering.
        #[default]
        Active = "ACTIVE",
        /// Suspended.
        Paused = "PAUSED",
        /// Ended (only in a reply to UNSUBSCRIBE).
        Unsubscribed = "UNSUBSCRIBED",
    }
    expected: "ACTIVE, PAUSED or UNSUBSCRIBED (EN-5)"
}

crate::codec::element! {
    /// One subscription in a response (MCSRs11-5..MCSRs11-10).
    pub struct SubscriptionInstance {
        /// Its state (`None`: absent, meaning ACTIVE).
        status: Option<SubscriptionStatus> = attr,
        /// Its id.
        subscription_id: Uri = child "Subscription_ID",
        /// A copy of the establishing request's parameters (required in STATUS answers).
        subscription_parameters: Option<QueryParameters> = child "Subscription_Parameters",
        /// Present iff the producer pushes content for it.
        push_parameters: Option<PushParameters> = child "Push_Parameters",
        /// Poll services usable for it.
        poll_instances: Vec<ServiceContact> = child "Poll_Instance",
    }
    new: "A subscription with an id only.";
    title: subscription_id;
}

crate::codec::element! {
    /// The result of a subscription request (§2.7).
    pub struct ManageCollectionSubscriptionResponse {
        message_id,
        in_response_to,
        /// The collection.
        collection_name: Uri = attr,
        extended_headers,
        message,
        /// The subscriptions (exactly one unless answering STATUS).
        subscriptions: Vec<SubscriptionInstance> = child "Subscription",
        signature,
    }
    new: "A response without subscriptions.";
}
