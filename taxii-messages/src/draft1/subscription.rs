//! TAXII_SubscriptionManagementRequest and _Response (D1-M-6, D1-M-7).

use crate::codec::{Elem, Name};
use crate::draft1::common::*;
use crate::namespaces::Ns;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

crate::wire_enum::wire_enum! {
    /// A Draft 1 subscription action (prose and XSD lists, D1-DIF-13).
    pub enum Action {
        Subscribe = "SUBSCRIBE",
        Unsubscribe = "UNSUBSCRIBE",
        Pause = "PAUSE",
        Resume = "RESUME",
        Modify = "MODIFY",
        /// The prose's name.
        Status = "STATUS",
        /// The XSD's name for STATUS.
        Query = "QUERY",
    }
}

crate::codec::element! {
    /// Creates or manages a subscription (D1-M-6).
    pub struct SubscriptionManagementRequest {
        /// Ids and extended headers.
        header: Header = flat,
        /// The feed.
        feed_name: String = child "feed-name",
        /// What to do.
        action: Action = child "action",
        /// The subscription (for UNSUBSCRIBE, PAUSE, RESUME, MODIFY).
        subscription_id: Option<String> = child "subscription-id",
        /// How to deliver (for SUBSCRIBE and MODIFY).
        subscription: Option<SubscriptionRecord> = child "subscription",
    }
    new: "A request without subscription id or record.";
}

/// A Draft 1 action: element text, trimmed (D1-DIF-13).
impl Elem for Action {
    fn decode_elem<'a>(c: &mut Cursor<'a>, el: Element<'a>, _: Ns, _: Name) -> Result<Self> {
        let offset = el.offset;
        let text = c.text(el)?;
        let action = Action::parse(text.trim());
        action.ok_or_else(|| action_error(c, offset, &text).with_rule("D1-DIF-13"))
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.text_element(local, self.as_str());
    }
}

/// An action outside the Draft 1 list.
pub(crate) fn action_error(c: &Cursor<'_>, offset: usize, text: &str) -> crate::DecodeError {
    let kind = crate::DecodeErrorKind::InvalidValue {
        field: "action",
        value: crate::error::excerpt(text),
        expected: "SUBSCRIBE, UNSUBSCRIBE, PAUSE, RESUME, MODIFY, STATUS or QUERY",
    };
    c.error_at(offset, kind)
}

crate::codec::element! {
    /// One subscription in a response: its id and delivery record.
    pub struct Subscription {
        /// The subscription id.
        subscription_id: String = attr "subscription-id",
        /// How it is delivered.
        record: SubscriptionRecord = flat,
    }
    new: "A subscription record with its id.";
}

crate::codec::element! {
    /// Answers a subscription request (D1-M-7).
    pub struct SubscriptionManagementResponse {
        /// Ids and extended headers.
        header: Header = flat,
        /// The feed.
        feed_name: String = child "feed-name",
        /// A human-readable message.
        message: Option<String> = child "message",
        /// The subscriptions concerned.
        subscriptions: Vec<Subscription> = child "subscription",
    }
    new: "A response listing no subscriptions.";
}
