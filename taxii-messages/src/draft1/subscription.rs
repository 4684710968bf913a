//! TAXII_SubscriptionManagementRequest and _Response (D1-M-6, D1-M-7).

use crate::draft1::common::*;
use crate::draft1::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

crate::wire_enum::wire_enum! {
    /// A Draft 1 subscription action (prose and XSD lists, D1-DIF-13).
    #[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
    pub enum Action {
        /// `SUBSCRIBE`
        Subscribe = "SUBSCRIBE",
        /// `UNSUBSCRIBE`
        Unsubscribe = "UNSUBSCRIBE",
        /// `PAUSE`
        Pause = "PAUSE",
        /// `RESUME`
        Resume = "RESUME",
        /// `MODIFY`
        Modify = "MODIFY",
        /// `STATUS` (the prose's name)
        Status = "STATUS",
        /// `QUERY` (the XSD's name for STATUS)
        Query = "QUERY",
    }
}

/// Creates or manages a subscription (D1-M-6).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SubscriptionManagementRequest {
    /// Ids and extended headers.
    pub header: Header,
    /// The feed.
    pub feed_name: String,
    /// What to do.
    pub action: Action,
    /// The subscription (for UNSUBSCRIBE, PAUSE, RESUME, MODIFY).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_id: Option<String>,
    /// How to deliver (for SUBSCRIBE and MODIFY).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription: Option<SubscriptionRecord>,
}

impl SubscriptionManagementRequest {
    /// A request without subscription id or record.
    pub fn new(header: Header, feed_name: impl Into<String>, action: Action) -> Self {
        SubscriptionManagementRequest {
            header,
            feed_name: feed_name.into(),
            action,
            subscription_id: None,
            subscription: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        let feed_name = text_element(c, &el, "feed-name")?;
        let action = decode_action(c, &el)?;
        let subscription_id = opt_text_element(c, &el, "subscription-id")?;
        let subscription = match c.child(&el, NS, "subscription")? {
            Some(s) => {
                let r = SubscriptionRecord::decode_fields(c, &s)?;
                c.end(s)?;
                Some(r)
            }
            None => None,
        };
        c.end(el)?;
        Ok(SubscriptionManagementRequest {
            header,
            feed_name,
            action,
            subscription_id,
            subscription,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
        w.text_element("feed-name", &self.feed_name);
        w.text_element("action", self.action.as_str());
        w.opt_text_element("subscription-id", self.subscription_id.as_deref());
        if let Some(s) = &self.subscription {
            w.start("subscription");
            s.encode_fields(w);
            w.end("subscription");
        }
    }
}

fn decode_action<'a>(c: &mut Cursor<'a>, parent: &Element<'a>) -> Result<Action> {
    let el = c.required_child(parent, NS, "action")?;
    let offset = el.offset;
    let text = c.text(el)?;
    Action::parse(text.trim()).ok_or_else(|| {
        c.error_at(
            offset,
            crate::DecodeErrorKind::InvalidValue {
                field: "action",
                value: crate::error::excerpt(&text),
                expected: "SUBSCRIBE, UNSUBSCRIBE, PAUSE, RESUME, MODIFY, STATUS or QUERY",
            },
        )
        .with_rule("D1-DIF-13")
    })
}

/// One subscription in a response: its id and delivery record.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Subscription {
    /// The subscription id.
    pub subscription_id: String,
    /// How it is delivered.
    pub record: SubscriptionRecord,
}

impl Subscription {
    /// A subscription record with its id.
    pub fn new(subscription_id: impl Into<String>, record: SubscriptionRecord) -> Self {
        Subscription {
            subscription_id: subscription_id.into(),
            record,
        }
    }
}

/// Answers a subscription request (D1-M-7).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SubscriptionManagementResponse {
    /// Ids and extended headers.
    pub header: Header,
    /// The feed.
    pub feed_name: String,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// The subscriptions concerned.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub subscriptions: Vec<Subscription>,
}

impl SubscriptionManagementResponse {
    /// A response listing no subscriptions.
    pub fn new(header: Header, feed_name: impl Into<String>) -> Self {
        SubscriptionManagementResponse {
            header,
            feed_name: feed_name.into(),
            message: None,
            subscriptions: Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        let feed_name = text_element(c, &el, "feed-name")?;
        let message = opt_text_element(c, &el, "message")?;
        let subscriptions = c.children(&el, NS, "subscription", |c, mut s| {
            let subscription_id = c.required_attr(&mut s, "subscription-id")?.into_owned();
            let record = SubscriptionRecord::decode_fields(c, &s)?;
            c.end(s)?;
            Ok(Subscription {
                subscription_id,
                record,
            })
        })?;
        c.end(el)?;
        Ok(SubscriptionManagementResponse {
            header,
            feed_name,
            message,
            subscriptions,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
        w.text_element("feed-name", &self.feed_name);
        w.opt_text_element("message", self.message.as_deref());
        for s in &self.subscriptions {
            w.start("subscription");
            w.attr("subscription-id", &s.subscription_id);
            s.record.encode_fields(w);
            w.end("subscription");
        }
    }
}
