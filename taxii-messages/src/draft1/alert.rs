//! TAXII_SubscriptionAlert: defined by the Draft 1 XSD only (D1-M-8, D1-DIF-18).

use std::fmt;

use crate::codec::{Attr, Child, Fields};
use crate::draft1::common::*;
use crate::draft1::subscription::{action_error, Action};
use crate::draft1::NS;
use crate::namespaces::Ns;
use crate::text::{Describe, Text};
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

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
}

/// The action element carries the effective time and error type as attributes.
impl Fields for SubscriptionAlert {
    fn decode_fields<'a>(c: &mut Cursor<'a>, el: &mut Element<'a>, ns: Ns) -> Result<Self> {
        let header = Header::decode_fields(c, el, ns)?;
        let feed_name = String::decode_child(c, el, ns, "feed-name")?;
        let mut a = c.required_child(el, NS, "action")?;
        let effective_time = c.required_attr(&mut a, "effective-time")?.into_owned();
        if !is_draft_time(&effective_time) {
            return Err(c.invalid(&a, "effective-time", &effective_time, DRAFT_TIME));
        }
        let error_type = Attr::decode_attr(c, &mut a, ns, "error-type")?;
        let offset = a.offset;
        let text = c.text(a)?;
        let action = Action::parse(text.trim()).ok_or_else(|| action_error(c, offset, &text))?;
        Ok(SubscriptionAlert {
            header,
            feed_name,
            action,
            effective_time,
            error_type,
            subscription_id: Child::decode_child(c, el, ns, "subscription-id")?,
            subscription: Child::decode_child(c, el, ns, "subscription")?,
            message: Child::decode_child(c, el, ns, "message")?,
        })
    }

    fn encode_fields(&self, w: &mut XmlWriter<'_>) {
        self.header.encode_fields(w);
        self.feed_name.encode_child(w, "feed-name");
        w.start("action");
        w.attr("effective-time", &self.effective_time);
        self.error_type.encode_attr(w, "error-type");
        w.text(self.action.as_str());
        w.end("action");
        self.subscription_id.encode_child(w, "subscription-id");
        self.subscription.encode_child(w, "subscription");
        self.message.encode_child(w, "message");
    }

    fn describe_fields(&self, t: &mut Text<'_, '_>) -> fmt::Result {
        self.header.describe_fields(t)?;
        self.feed_name.describe(t, "Feed Name")?;
        self.action.describe(t, "Action")?;
        self.effective_time.describe(t, "Effective Time")?;
        self.error_type.describe(t, "Error Type")?;
        self.subscription_id.describe(t, "Subscription ID")?;
        self.subscription.describe(t, "Subscription")?;
        self.message.describe(t, "Message")
    }
}
