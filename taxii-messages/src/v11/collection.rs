//! Collection_Information_Request and _Response (checklist §2.4, §2.5).

use crate::common::*;
use crate::ids::Uri;
use crate::v11::common::*;
use crate::v11::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

crate::plain_messages::plain_message! {
    /// Asks a Collection Management service which collections exist (§2.4).
    pub struct CollectionInformationRequest;
    new: "A request with the given id.",
    message_id: crate::common::message_id_attr,
    ns: NS
}

/// `DATA_FEED` or `DATA_SET` (EN-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum CollectionType {
    /// Ordered by timestamp labels; polled by range.
    #[default]
    DataFeed,
    /// An unordered set.
    DataSet,
}

impl CollectionType {
    /// The wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            CollectionType::DataFeed => "DATA_FEED",
            CollectionType::DataSet => "DATA_SET",
        }
    }
}

/// One collection and how to reach it (CIRs11-3..CIRs11-13).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct CollectionInformation {
    /// The collection name.
    pub collection_name: Uri,
    /// Feed or set (`None`: absent, meaning DATA_FEED).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub collection_type: Option<CollectionType>,
    /// Whether the requester may use it (`None`: unknown).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub available: Option<bool>,
    /// A description (required, may explain out-of-band access).
    pub description: String,
    /// Typical records added per day.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub collection_volume: Option<u64>,
    /// Content that may occur; empty means any.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_bindings: Vec<ContentBinding>,
    /// How content can be pushed to subscribers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub push_methods: Vec<PushMethod>,
    /// Poll services for it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub polling_services: Vec<ServiceContact>,
    /// Subscription services for it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub subscription_services: Vec<ServiceContact>,
    /// Inboxes that accept content for it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub receiving_inbox_services: Vec<InboxService>,
}

impl CollectionInformation {
    /// A collection with a name and description.
    pub fn new(collection_name: Uri, description: impl Into<String>) -> Self {
        CollectionInformation {
            collection_name,
            collection_type: None,
            available: None,
            description: description.into(),
            collection_volume: None,
            content_bindings: Vec::new(),
            push_methods: Vec::new(),
            polling_services: Vec::new(),
            subscription_services: Vec::new(),
            receiving_inbox_services: Vec::new(),
        }
    }

    /// The effective collection type.
    pub fn kind(&self) -> CollectionType {
        self.collection_type.unwrap_or_default()
    }

    fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let collection_name = uri_attr(c, &mut el, "collection_name")?;
        let collection_type = match c.attr(&mut el, "collection_type") {
            Some(v) => Some(match v.as_ref() {
                "DATA_FEED" => CollectionType::DataFeed,
                "DATA_SET" => CollectionType::DataSet,
                other => {
                    return Err(c.invalid(
                        &el,
                        "collection_type",
                        other,
                        "DATA_FEED or DATA_SET (EN-3)",
                    ))
                }
            }),
            None => None,
        };
        let available = bool_attr(c, &mut el, "available")?;
        let description = string_element(c, &el, NS, "Description")?;
        let collection_volume = match c.child(&el, NS, "Collection_Volume")? {
            Some(v) => Some(u64_text(c, v, "Collection_Volume")?),
            None => None,
        };
        let content_bindings = decode_content_bindings(c, &el)?;
        let push_methods = c.children(&el, NS, "Push_Method", PushMethod::decode_in(NS))?;
        let polling_services =
            c.children(&el, NS, "Polling_Service", ServiceContact::decode_in(NS))?;
        let subscription_services = c.children(
            &el,
            NS,
            "Subscription_Service",
            ServiceContact::decode_in(NS),
        )?;
        let receiving_inbox_services =
            c.children(&el, NS, "Receiving_Inbox_Service", InboxService::decode)?;
        c.end(el)?;
        Ok(CollectionInformation {
            collection_name,
            collection_type,
            available,
            description,
            collection_volume,
            content_bindings,
            push_methods,
            polling_services,
            subscription_services,
            receiving_inbox_services,
        })
    }

    fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Collection");
        w.attr("collection_name", self.collection_name.as_str());
        w.opt_attr(
            "collection_type",
            self.collection_type.map(CollectionType::as_str),
        );
        w.bool_attr("available", self.available);
        w.text_element("Description", &self.description);
        if let Some(v) = self.collection_volume {
            w.text_element("Collection_Volume", &v.to_string());
        }
        encode_content_bindings(w, &self.content_bindings);
        for p in &self.push_methods {
            p.encode(w);
        }
        for p in &self.polling_services {
            p.encode(w, "Polling_Service");
        }
        for s in &self.subscription_services {
            s.encode(w, "Subscription_Service");
        }
        for r in &self.receiving_inbox_services {
            r.encode(w, "Receiving_Inbox_Service");
        }
        w.end("Collection");
    }
}

crate::plain_messages::plain_message! {
    /// Lists the collections the requester may see (§2.5).
    pub struct CollectionInformationResponse;
    new: "A response listing no collections.",
    response: in_response_to,
    #[doc = "The collections."]
    collections: Vec<CollectionInformation> = "Collection",
    message_id: crate::common::message_id_attr,
    ns: NS
}
