//! Subscription_Management_Request and _Response: Manage Feed Subscription (checklist §5.4).

use crate::common::*;
use crate::ids::{MessageId, Uri};
use crate::raw_xml::RawXml;
use crate::v10::common::*;
use crate::v10::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::ExtendedHeader;

crate::wire_enum::wire_enum! {
    /// What a Manage Feed Subscription request does (EN-2, TAXII 1.0 list).
    #[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
    pub enum SubscriptionAction {
        /// Create a subscription.
        Subscribe = "SUBSCRIBE",
        /// Delete a subscription.
        Unsubscribe = "UNSUBSCRIBE",
        /// List the requester's subscriptions to the feed.
        Status = "STATUS",
    }
}

/// Subscribes to, unsubscribes from, or asks about a feed (MFSRq10-*).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ManageFeedSubscriptionRequest {
    /// This message's id.
    pub message_id: MessageId,
    /// The feed.
    pub feed_name: Uri,
    /// What to do.
    pub action: SubscriptionAction,
    /// The subscription (required for UNSUBSCRIBE, ignored otherwise, MFSRq10-4).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_id: Option<Uri>,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// Where to push content (SUBSCRIBE only; absent: the subscriber polls).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub push_parameters: Option<PushParameters>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl ManageFeedSubscriptionRequest {
    /// A request without subscription id or push parameters.
    pub fn new(message_id: MessageId, feed_name: Uri, action: SubscriptionAction) -> Self {
        ManageFeedSubscriptionRequest {
            message_id,
            feed_name,
            action,
            subscription_id: None,
            extended_headers: Vec::new(),
            push_parameters: None,
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_10(c, &mut el, "message_id")?;
        let feed_name = uri_attr(c, &mut el, "feed_name")?;
        let a = c.required_attr(&mut el, "action")?;
        let action = SubscriptionAction::parse(a.trim()).ok_or_else(|| {
            let expected = if matches!(a.trim(), "PAUSE" | "RESUME") {
                "SUBSCRIBE, UNSUBSCRIBE or STATUS (PAUSE and RESUME are TAXII 1.1)"
            } else {
                "SUBSCRIBE, UNSUBSCRIBE or STATUS (EN-2)"
            };
            c.invalid(&el, "action", &a, expected)
                .with_rule("MFSRq10-2")
        })?;
        let subscription_id = opt_uri_attr(c, &mut el, "subscription_id")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let push_parameters = PushParameters::decode_opt(c, &el)?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(ManageFeedSubscriptionRequest {
            message_id,
            feed_name,
            action,
            subscription_id,
            extended_headers,
            push_parameters,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("feed_name", self.feed_name.as_str());
        w.attr("action", self.action.as_str());
        w.opt_attr(
            "subscription_id",
            self.subscription_id.as_ref().map(Uri::as_str),
        );
        encode_extended_headers(w, &self.extended_headers);
        if let Some(p) = &self.push_parameters {
            p.encode(w);
        }
        encode_signature(w, self.signature.as_ref());
    }
}

/// Answers a Manage Feed Subscription request (MFSRs10-*).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ManageFeedSubscriptionResponse {
    /// This message's id.
    pub message_id: MessageId,
    /// The request's id.
    pub in_response_to: MessageId,
    /// The feed.
    pub feed_name: Uri,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// The subscriptions concerned (one, except for STATUS).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub subscriptions: Vec<SubscriptionInstance>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl ManageFeedSubscriptionResponse {
    /// A response listing no subscriptions.
    pub fn new(message_id: MessageId, in_response_to: MessageId, feed_name: Uri) -> Self {
        ManageFeedSubscriptionResponse {
            message_id,
            in_response_to,
            feed_name,
            extended_headers: Vec::new(),
            message: None,
            subscriptions: Vec::new(),
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_10(c, &mut el, "message_id")?;
        let in_response_to = message_id_10(c, &mut el, "in_response_to")?;
        let feed_name = uri_attr(c, &mut el, "feed_name")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let message = opt_string_element(c, &el, NS, "Message")?;
        let subscriptions = c.children(&el, NS, "Subscription", SubscriptionInstance::decode)?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(ManageFeedSubscriptionResponse {
            message_id,
            in_response_to,
            feed_name,
            extended_headers,
            message,
            subscriptions,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("in_response_to", self.in_response_to.as_str());
        w.attr("feed_name", self.feed_name.as_str());
        encode_extended_headers(w, &self.extended_headers);
        w.opt_text_element("Message", self.message.as_deref());
        for s in &self.subscriptions {
            s.encode(w);
        }
        encode_signature(w, self.signature.as_ref());
    }
}

/// One subscription in a response (MFSRs10-5..MFSRs10-8).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SubscriptionInstance {
    /// The subscription's id.
    pub subscription_id: Uri,
    /// The push parameters (only when answering STATUS for a push subscription).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub push_parameters: Option<PushParameters>,
    /// Poll services to use for a poll-based subscription.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub poll_instances: Vec<ServiceContact>,
}

impl SubscriptionInstance {
    /// A subscription record without push parameters or poll instances.
    pub fn new(subscription_id: Uri) -> Self {
        SubscriptionInstance {
            subscription_id,
            push_parameters: None,
            poll_instances: Vec::new(),
        }
    }

    fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let subscription_id = uri_attr(c, &mut el, "subscription_id")?;
        let push_parameters = PushParameters::decode_opt(c, &el)?;
        let poll_instances = c.children(&el, NS, "Poll_Instance", ServiceContact::decode_in(NS))?;
        c.end(el)?;
        Ok(SubscriptionInstance {
            subscription_id,
            push_parameters,
            poll_instances,
        })
    }

    fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Subscription");
        w.attr("subscription_id", self.subscription_id.as_str());
        if let Some(p) = &self.push_parameters {
            p.encode(w);
        }
        for p in &self.poll_instances {
            p.encode(w, "Poll_Instance");
        }
        w.end("Subscription");
    }
}
