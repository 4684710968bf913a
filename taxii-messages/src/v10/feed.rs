//! Feed_Information_Request and Feed_Information_Response (checklist §5.3).

use crate::codec::Child;
use crate::ids::Uri;
use crate::namespaces::Ns;
use crate::v10::common::*;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

crate::plain_messages::plain_message! {
    /// Asks a Feed Management service which feeds exist (FIRq10-1).
    pub struct FeedInformationRequest;
    new: "A request with the given id.",
}

crate::plain_messages::plain_message! {
    /// Lists the feeds the requester may see (FIRs10-*).
    pub struct FeedInformationResponse;
    new: "A response listing no feeds.",
    response: in_response_to,
    #[doc = "The feeds."]
    feeds: Vec<Feed> = "Feed",
}

crate::codec::element! {
    /// One feed: its name, content and how to get it (FIRs10-3..FIRs10-10).
    pub struct Feed {
        /// The feed's name, unique per Feed Management service.
        feed_name: Uri = attr,
        /// Whether the requester may use it (`None`: unknown).
        available: Option<bool> = attr,
        /// What the feed holds.
        description: String = child "Description",
        /// Content bindings in the feed (1-n in the schema; empty read as "any", AMB-27).
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        arg content_bindings: Vec<Uri> = with(content_bindings, content_bindings_out),
        /// How content can be pushed to subscribers.
        push_methods: Vec<PushMethod> = child "Push_Method",
        /// Poll services serving the feed.
        polling_services: Vec<ServiceContact> = child "Polling_Service",
        /// Feed Management services taking subscriptions.
        subscription_services: Vec<ServiceContact> = child "Subscription_Service",
    }
    new: "A feed of the given content; add a push method or polling service before sending.";
    check: push_or_poll;
    title: feed_name;
}

fn content_bindings<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<Vec<Uri>> {
    let list = Vec::<Uri>::decode_child(c, el, ns, "Content_Binding")?;
    if list.is_empty() && !c.lenient() {
        // Documented peer leniency: OpenTAXII and libtaxii omit it (AMB-27, LT-22).
        return Err(c
            .error_in(el, K::MissingElement("Content_Binding"))
            .with_rule("FIRs10-7"));
    }
    Ok(list)
}

fn content_bindings_out(list: &Vec<Uri>, w: &mut XmlWriter<'_>) {
    list.encode_child(w, "Content_Binding");
}

/// A feed needs a push method or a polling service (FIRs10-8).
fn push_or_poll(c: &Cursor<'_>, el: &Element<'_>, feed: &Feed) -> Result<()> {
    if feed.push_methods.is_empty() && feed.polling_services.is_empty() && !c.lenient() {
        let e = K::Constraint("a Feed needs a Push_Method or a Polling_Service".into());
        return Err(c.error_in(el, e).with_rule("FIRs10-8"));
    }
    Ok(())
}
