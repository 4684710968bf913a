//! Subscription_Management_Request and _Response: Manage Feed Subscription (checklist §5.4).

use crate::ids::Uri;
use crate::v10::common::*;

crate::wire_enum::wire_enum! {
    /// What a Manage Feed Subscription request does (EN-2, TAXII 1.0 list).
    pub enum SubscriptionAction {
        /// Create a subscription.
        Subscribe = "SUBSCRIBE",
        /// Delete a subscription.
        Unsubscribe = "UNSUBSCRIBE",
        /// List the requester's subscriptions to the feed.
        Status = "STATUS",
    }
    trimmed: "SUBSCRIBE, UNSUBSCRIBE or STATUS (EN-2)", "MFSRq10-2",
        "PAUSE" | "RESUME" => "SUBSCRIBE, UNSUBSCRIBE or STATUS (PAUSE and RESUME are TAXII 1.1)"
}

crate::codec::element! {
    /// Subscribes to, unsubscribes from, or asks about a feed (MFSRq10-*).
    pub struct ManageFeedSubscriptionRequest {
        message_id,
        /// The feed.
        feed_name: Uri = attr,
        /// What to do.
        action: SubscriptionAction = attr,
        /// The subscription (required for UNSUBSCRIBE, ignored otherwise, MFSRq10-4).
        subscription_id: Option<Uri> = attr,
        extended_headers,
        /// Where to push content (SUBSCRIBE only; absent: the subscriber polls).
        push_parameters: Option<PushParameters> = child "Push_Parameters",
        signature,
    }
    new: "A request without subscription id or push parameters.";
}

crate::codec::element! {
    /// Answers a Manage Feed Subscription request (MFSRs10-*).
    pub struct ManageFeedSubscriptionResponse {
        message_id,
        in_response_to,
        /// The feed.
        feed_name: Uri = attr,
        extended_headers,
        message,
        /// The subscriptions concerned (one, except for STATUS).
        subscriptions: Vec<SubscriptionInstance> = child "Subscription",
        signature,
    }
    new: "A response listing no subscriptions.";
}

crate::codec::element! {
    /// One subscription in a response (MFSRs10-5..MFSRs10-8).
    pub struct SubscriptionInstance {
        /// The subscription's id.
        subscription_id: Uri = attr,
        /// The push parameters (only when answering STATUS for a push subscription).
        push_parameters: Option<PushParameters> = child "Push_Parameters",
        /// Poll services to use for a poll-based subscription.
        poll_instances: Vec<ServiceContact> = child "Poll_Instance",
    }
    new: "A subscription record without push parameters or poll instances.";
    title: subscription_id;
}
