//! Feed_Information_Request and Feed_Information_Response (checklist §5.3).

use crate::common::*;
use crate::ids::Uri;
use crate::v10::common::*;
use crate::v10::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

crate::plain_messages::plain_message! {
    /// Asks a Feed Management service which feeds exist (FIRq10-1).
    pub struct FeedInformationRequest;
    new: "A request with the given id.",
    message_id: crate::v10::common::message_id_10,
    ns: NS
}

crate::plain_messages::plain_message! {
    /// Lists the feeds the requester may see (FIRs10-*).
    pub struct FeedInformationResponse;
    new: "A response listing no feeds.",
    response: in_response_to,
    #[doc = "The feeds."]
    feeds: Vec<Feed> = "Feed",
    message_id: crate::v10::common::message_id_10,
    ns: NS
}

/// One feed: its name, content and how to get it (FIRs10-3..FIRs10-10).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Feed {
    /// The feed's name, unique per Feed Management service.
    pub feed_name: Uri,
    /// Whether the requester may use it (`None`: unknown).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub available: Option<bool>,
    /// What the feed holds.
    pub description: String,
    /// Content bindings in the feed (1-n in the schema; empty read as "any", AMB-27).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_bindings: Vec<Uri>,
    /// How content can be pushed to subscribers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub push_methods: Vec<PushMethod>,
    /// Poll services serving the feed.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub polling_services: Vec<ServiceContact>,
    /// Feed Management services taking subscriptions.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub subscription_services: Vec<ServiceContact>,
}

impl Feed {
    /// A feed of the given content; add a push method or polling service before sending.
    pub fn new(feed_name: Uri, description: impl Into<String>, content_bindings: Vec<Uri>) -> Self {
        Feed {
            feed_name,
            available: None,
            description: description.into(),
            content_bindings,
            push_methods: Vec::new(),
            polling_services: Vec::new(),
            subscription_services: Vec::new(),
        }
    }

    fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let feed_name = uri_attr(c, &mut el, "feed_name")?;
        let available = bool_attr(c, &mut el, "available")?;
        let description = string_element(c, &el, NS, "Description")?;
        let content_bindings = content_binding_texts(c, &el)?;
        if content_bindings.is_empty() && !c.lenient() {
            // Documented peer leniency: OpenTAXII and libtaxii omit it (AMB-27, LT-22).
            return Err(c
                .error_in(&el, K::MissingElement("Content_Binding"))
                .with_rule("FIRs10-7"));
        }
        let push_methods = c.children(&el, NS, "Push_Method", PushMethod::decode_in(NS))?;
        let polling_services =
            c.children(&el, NS, "Polling_Service", ServiceContact::decode_in(NS))?;
        if push_methods.is_empty() && polling_services.is_empty() && !c.lenient() {
            return Err(c
                .error_in(
                    &el,
                    K::Constraint("a Feed needs a Push_Method or a Polling_Service".into()),
                )
                .with_rule("FIRs10-8"));
        }
        let subscription_services = c.children(
            &el,
            NS,
            "Subscription_Service",
            ServiceContact::decode_in(NS),
        )?;
        c.end(el)?;
        Ok(Feed {
            feed_name,
            available,
            description,
            content_bindings,
            push_methods,
            polling_services,
            subscription_services,
        })
    }

    fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Feed");
        w.attr("feed_name", self.feed_name.as_str());
        w.bool_attr("available", self.available);
        w.text_element("Description", &self.description);
        encode_content_binding_texts(w, &self.content_bindings);
        for p in &self.push_methods {
            p.encode(w);
        }
        for p in &self.polling_services {
            p.encode(w, "Polling_Service");
        }
        for s in &self.subscription_services {
            s.encode(w, "Subscription_Service");
        }
        w.end("Feed");
    }
}
