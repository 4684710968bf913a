//! TAXII_FeedInformationRequest and TAXII_FeedInformationResponse (D1-M-4, D1-M-5).

use crate::draft1::common::*;
use crate::draft1::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

/// Asks for the feeds offered (header only).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FeedInformationRequest {
    /// Ids and extended headers.
    pub header: Header,
}

impl FeedInformationRequest {
    /// A request with the given header.
    pub fn new(header: Header) -> Self {
        FeedInformationRequest { header }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        c.end(el)?;
        Ok(FeedInformationRequest { header })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
    }
}

/// One feed (`feedRecordType`, D1-DIF-11).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FeedRecord {
    /// The feed's name.
    pub feed_name: String,
    /// Whether the requester may use it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub available: Option<bool>,
    /// What the feed holds, verbatim.
    pub description: String,
    /// Protocol binding ids content can be pushed over, or `POLL` (1-n).
    pub delivery_methods: Vec<String>,
    /// Message binding ids (1-n).
    pub message_bindings: Vec<String>,
    /// STIX Version IDs of the content (1-n).
    pub content_bindings: Vec<String>,
}

impl FeedRecord {
    /// A feed delivered by `delivery_method` in the Draft XML binding.
    pub fn new(
        feed_name: impl Into<String>,
        description: impl Into<String>,
        delivery_method: impl Into<String>,
        content_binding: impl Into<String>,
    ) -> Self {
        FeedRecord {
            feed_name: feed_name.into(),
            available: None,
            description: description.into(),
            delivery_methods: vec![delivery_method.into()],
            message_bindings: vec![super::MESSAGE_BINDING.into()],
            content_bindings: vec![content_binding.into()],
        }
    }

    fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let feed_name = c.required_attr(&mut el, "feed-name")?.into_owned();
        let available = crate::common::bool_attr(c, &mut el, "available")?;
        let description = text_element(c, &el, "description")?;
        let delivery_methods = text_elements_1n(c, &el, "delivery-method")?;
        let message_bindings = text_elements_1n(c, &el, "message-binding")?;
        let content_bindings = text_elements_1n(c, &el, "content-binding")?;
        c.end(el)?;
        Ok(FeedRecord {
            feed_name,
            available,
            description,
            delivery_methods,
            message_bindings,
            content_bindings,
        })
    }

    fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("feed");
        w.attr("feed-name", &self.feed_name);
        w.bool_attr("available", self.available);
        w.text_element("description", &self.description);
        write_all(w, "delivery-method", &self.delivery_methods);
        write_all(w, "message-binding", &self.message_bindings);
        write_all(w, "content-binding", &self.content_bindings);
        w.end("feed");
    }
}

/// Lists feeds (D1-M-5).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FeedInformationResponse {
    /// Ids and extended headers.
    pub header: Header,
    /// The feeds.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub feeds: Vec<FeedRecord>,
}

impl FeedInformationResponse {
    /// A response listing no feeds.
    pub fn new(header: Header) -> Self {
        FeedInformationResponse {
            header,
            feeds: Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        let feeds = c.children(&el, NS, "feed", FeedRecord::decode)?;
        c.end(el)?;
        Ok(FeedInformationResponse { header, feeds })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
        for f in &self.feeds {
            f.encode(w);
        }
    }
}
