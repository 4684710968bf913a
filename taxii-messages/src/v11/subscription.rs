//! Subscription_Management_Request and _Response (checklist §2.6, §2.7).

use crate::common::*;
use crate::ids::{MessageId, Uri};
use crate::raw_xml::RawXml;
use crate::v11::common::*;
use crate::v11::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

crate::wire_enum::wire_enum! {
    /// What a subscription request does (EN-2).
    #[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
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
}

/// Manages a subscription to a collection (§2.6).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ManageCollectionSubscriptionRequest {
    /// This message's id.
    pub message_id: MessageId,
    /// What to do.
    pub action: SubscriptionAction,
    /// The collection.
    pub collection_name: Uri,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// The subscription acted on (required for UNSUBSCRIBE, PAUSE, RESUME).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_id: Option<Uri>,
    /// What to deliver (SUBSCRIBE only).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_parameters: Option<QueryParameters>,
    /// Where to push (SUBSCRIBE only; absent means the subscriber polls).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub push_parameters: Option<PushParameters>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl ManageCollectionSubscriptionRequest {
    /// A request for `action` on `collection_name`.
    pub fn new(message_id: MessageId, action: SubscriptionAction, collection_name: Uri) -> Self {
        ManageCollectionSubscriptionRequest {
            message_id,
            action,
            collection_name,
            extended_headers: Vec::new(),
            subscription_id: None,
            subscription_parameters: None,
            push_parameters: None,
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_attr(c, &mut el, "message_id")?;
        let a = c.required_attr(&mut el, "action")?;
        let action = SubscriptionAction::parse(&a).ok_or_else(|| {
            c.invalid(
                &el,
                "action",
                &a,
                "SUBSCRIBE, UNSUBSCRIBE, PAUSE, RESUME or STATUS (EN-2)",
            )
        })?;
        let collection_name = uri_attr(c, &mut el, "collection_name")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let subscription_id = opt_uri_element(c, &el, NS, "Subscription_ID")?;
        let subscription_parameters = match c.child(&el, NS, "Subscription_Parameters")? {
            Some(p) => {
                let q = QueryParameters::decode_fields(c, &p)?;
                c.end(p)?;
                Some(q)
            }
            None => None,
        };
        let push_parameters = match c.child(&el, NS, "Push_Parameters")? {
            Some(p) => Some(PushParameters::decode(c, p)?),
            None => None,
        };
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(ManageCollectionSubscriptionRequest {
            message_id,
            action,
            collection_name,
            extended_headers,
            subscription_id,
            subscription_parameters,
            push_parameters,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("action", self.action.as_str());
        w.attr("collection_name", self.collection_name.as_str());
        encode_extended_headers(w, &self.extended_headers);
        w.opt_text_element(
            "Subscription_ID",
            self.subscription_id.as_ref().map(Uri::as_str),
        );
        if let Some(p) = &self.subscription_parameters {
            w.start("Subscription_Parameters");
            p.encode_fields(w);
            w.end("Subscription_Parameters");
        }
        if let Some(p) = &self.push_parameters {
            p.encode(w, "Push_Parameters");
        }
        encode_signature(w, self.signature.as_ref());
    }
}

/// `ACTIVE`, `PAUSED` or `UNSUBSCRIBED` (EN-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum SubscriptionStatus {
    /// Delivering.
    #[default]
    Active,
    /// Suspended.
    Paused,
    /// Ended (only in a reply to UNSUBSCRIBE).
    Unsubscribed,
}

impl SubscriptionStatus {
    /// The wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "ACTIVE",
            SubscriptionStatus::Paused => "PAUSED",
            SubscriptionStatus::Unsubscribed => "UNSUBSCRIBED",
        }
    }
}

/// One subscription in a response (MCSRs11-5..MCSRs11-10).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SubscriptionInstance {
    /// Its state (`None`: absent, meaning ACTIVE).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub status: Option<SubscriptionStatus>,
    /// Its id.
    pub subscription_id: Uri,
    /// A copy of the establishing request's parameters (required in STATUS answers).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_parameters: Option<QueryParameters>,
    /// Present iff the producer pushes content for it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub push_parameters: Option<PushParameters>,
    /// Poll services usable for it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub poll_instances: Vec<ServiceContact>,
}

impl SubscriptionInstance {
    /// A subscription with an id only.
    pub fn new(subscription_id: Uri) -> Self {
        SubscriptionInstance {
            status: None,
            subscription_id,
            subscription_parameters: None,
            push_parameters: None,
            poll_instances: Vec::new(),
        }
    }

    fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let status = match c.attr(&mut el, "status") {
            Some(v) => Some(match v.as_ref() {
                "ACTIVE" => SubscriptionStatus::Active,
                "PAUSED" => SubscriptionStatus::Paused,
                "UNSUBSCRIBED" => SubscriptionStatus::Unsubscribed,
                other => {
                    return Err(c.invalid(
                        &el,
                        "status",
                        other,
                        "ACTIVE, PAUSED or UNSUBSCRIBED (EN-5)",
                    ))
                }
            }),
            None => None,
        };
        let subscription_id = uri_element(c, &el, NS, "Subscription_ID")?;
        let subscription_parameters = match c.child(&el, NS, "Subscription_Parameters")? {
            Some(p) => {
                let q = QueryParameters::decode_fields(c, &p)?;
                c.end(p)?;
                Some(q)
            }
            None => None,
        };
        let push_parameters = match c.child(&el, NS, "Push_Parameters")? {
            Some(p) => Some(PushParameters::decode(c, p)?),
            None => None,
        };
        let poll_instances = c.children(&el, NS, "Poll_Instance", ServiceContact::decode_in(NS))?;
        c.end(el)?;
        Ok(SubscriptionInstance {
            status,
            subscription_id,
            subscription_parameters,
            push_parameters,
            poll_instances,
        })
    }

    fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Subscription");
        w.opt_attr("status", self.status.map(SubscriptionStatus::as_str));
        w.text_element("Subscription_ID", self.subscription_id.as_str());
        if let Some(p) = &self.subscription_parameters {
            w.start("Subscription_Parameters");
            p.encode_fields(w);
            w.end("Subscription_Parameters");
        }
        if let Some(p) = &self.push_parameters {
            p.encode(w, "Push_Parameters");
        }
        for p in &self.poll_instances {
            p.encode(w, "Poll_Instance");
        }
        w.end("Subscription");
    }
}

/// The result of a subscription request (§2.7).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ManageCollectionSubscriptionResponse {
    /// This message's id.
    pub message_id: MessageId,
    /// The request's id.
    pub in_response_to: MessageId,
    /// The collection.
    pub collection_name: Uri,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// The subscriptions (exactly one unless answering STATUS).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub subscriptions: Vec<SubscriptionInstance>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl ManageCollectionSubscriptionResponse {
    /// A response without subscriptions.
    pub fn new(message_id: MessageId, in_response_to: MessageId, collection_name: Uri) -> Self {
        ManageCollectionSubscriptionResponse {
            message_id,
            in_response_to,
            collection_name,
            extended_headers: Vec::new(),
            message: None,
            subscriptions: Vec::new(),
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_attr(c, &mut el, "message_id")?;
        let in_response_to = message_id_attr(c, &mut el, "in_response_to")?;
        let collection_name = uri_attr(c, &mut el, "collection_name")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let message = opt_string_element(c, &el, NS, "Message")?;
        let subscriptions = c.children(&el, NS, "Subscription", SubscriptionInstance::decode)?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(ManageCollectionSubscriptionResponse {
            message_id,
            in_response_to,
            collection_name,
            extended_headers,
            message,
            subscriptions,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("in_response_to", self.in_response_to.as_str());
        w.attr("collection_name", self.collection_name.as_str());
        encode_extended_headers(w, &self.extended_headers);
        w.opt_text_element("Message", self.message.as_deref());
        for s in &self.subscriptions {
            s.encode(w);
        }
        encode_signature(w, self.signature.as_ref());
    }
}
