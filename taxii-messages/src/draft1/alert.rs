//! TAXII_SubscriptionAlert: defined by the Draft 1 XSD only (D1-M-8, D1-DIF-18).

use crate::draft1::common::*;
use crate::draft1::subscription::Action;
use crate::draft1::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

/// Tells a subscriber that its subscription changed (removed in final TAXII 1.0).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SubscriptionAlert {
    /// Ids and extended headers.
    pub header: Header,
    /// The feed.
    pub feed_name: String,
    /// What happened to the subscription.
    pub action: Action,
    /// When it takes effect (`xs:dateTime`, as written).
    pub effective_time: String,
    /// The outcome: an error type, or `SUCCESS` when absent (the XSD default).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub error_type: Option<String>,
    /// The subscription.
    pub subscription_id: String,
    /// Its delivery record.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription: Option<SubscriptionRecord>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
}

impl SubscriptionAlert {
    /// An alert without error type, record or message.
    pub fn new(
        header: Header,
        feed_name: impl Into<String>,
        action: Action,
        effective_time: impl Into<String>,
        subscription_id: impl Into<String>,
    ) -> Self {
        SubscriptionAlert {
            header,
            feed_name: feed_name.into(),
            action,
            effective_time: effective_time.into(),
            error_type: None,
            subscription_id: subscription_id.into(),
            subscription: None,
            message: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        let feed_name = text_element(c, &el, "feed-name")?;
        let mut a = c.required_child(&el, NS, "action")?;
        let effective_time = c.required_attr(&mut a, "effective-time")?.into_owned();
        if draft_time_is_valid(&effective_time).is_none() {
            return Err(c.invalid(
                &a,
                "effective-time",
                &effective_time,
                "an xs:dateTime, YYYY-MM-DDThh:mm:ss[.f][zone]",
            ));
        }
        let error_type = c.attr(&mut a, "error-type").map(|v| v.into_owned());
        let offset = a.offset;
        let text = c.text(a)?;
        let action = Action::parse(text.trim()).ok_or_else(|| {
            c.error_at(
                offset,
                K::InvalidValue {
                    field: "action",
                    value: crate::error::excerpt(&text),
                    expected: "SUBSCRIBE, UNSUBSCRIBE, PAUSE, RESUME, MODIFY, STATUS or QUERY",
                },
            )
        })?;
        let subscription_id = text_element(c, &el, "subscription-id")?;
        let subscription = match c.child(&el, NS, "subscription")? {
            Some(s) => {
                let r = SubscriptionRecord::decode_fields(c, &s)?;
                c.end(s)?;
                Some(r)
            }
            None => None,
        };
        let message = opt_text_element(c, &el, "message")?;
        c.end(el)?;
        Ok(SubscriptionAlert {
            header,
            feed_name,
            action,
            effective_time,
            error_type,
            subscription_id,
            subscription,
            message,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
        w.text_element("feed-name", &self.feed_name);
        w.start("action");
        w.attr("effective-time", &self.effective_time);
        w.opt_attr("error-type", self.error_type.as_deref());
        w.text(self.action.as_str());
        w.end("action");
        w.text_element("subscription-id", &self.subscription_id);
        if let Some(s) = &self.subscription {
            w.start("subscription");
            s.encode_fields(w);
            w.end("subscription");
        }
        w.opt_text_element("message", self.message.as_deref());
    }
}
