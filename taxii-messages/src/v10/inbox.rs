//! Inbox_Message (checklist §5.6).

use crate::codec::Attr;
use crate::ids::Uri;
use crate::namespaces::Ns;
use crate::timestamp::Timestamp;
use crate::v10::common::*;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

crate::codec::element! {
    /// Which subscription an Inbox_Message fulfils (IM10-4..IM10-8).
    pub struct SourceSubscription {
        /// The source feed.
        feed_name: Uri = attr,
        /// The subscription (required per errata E-1, IM10-6).
        subscription_id: Uri = with(subscription_id_in, subscription_id_out),
        /// Start of the range covered, inclusive (`None`: from the earliest content).
        inclusive_begin_timestamp: Option<Timestamp> = child "Inclusive_Begin_Timestamp",
        /// End of the range covered, inclusive.
        inclusive_end_timestamp: Timestamp = child "Inclusive_End_Timestamp",
    }
    new: "A source subscription covering everything up to `inclusive_end_timestamp`.";
}

crate::codec::element! {
    /// Pushes content to an Inbox service (IM10-*).
    pub struct InboxMessage {
        message_id,
        extended_headers,
        message,
        /// Present when the message fulfils a subscription.
        source_subscription: Option<SourceSubscription> = child "Source_Subscription",
        /// The content.
        content_blocks: Vec<ContentBlock> = child "Content_Block",
        signature,
    }
    new: "An Inbox_Message without content.";
}

fn subscription_id_in<'a>(c: &mut Cursor<'a>, el: &mut Element<'a>, ns: Ns) -> Result<Uri> {
    Uri::decode_attr(c, el, ns, "subscription_id").map_err(|e| e.with_rule("IM10-6"))
}

fn subscription_id_out(id: &Uri, w: &mut XmlWriter<'_>) {
    id.encode_attr(w, "subscription_id");
}
