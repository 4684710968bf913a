//! TAXII_PollRequest, TAXII_PollResponse and TAXII_STIXMessage (D1-M-9..D1-M-11).

use crate::draft1::common::*;
use crate::namespaces::Ns;
use crate::raw_xml::RawXml;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

/// What a Draft 1 poll selects by: a subscription or one content binding (exactly one).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PollSelection {
    /// `<subscription-id>`
    SubscriptionId(String),
    /// `<content-binding>`
    ContentBinding(String),
}

/// Asks for a feed's content in a time range (D1-M-9).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PollRequest {
    /// Ids and extended headers.
    pub header: Header,
    /// The feed.
    pub feed_name: String,
    /// Lower bound (`xs:dateTime`, zone optional), as written.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub begin_timestamp: Option<String>,
    /// Upper bound, as written.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub end_timestamp: Option<String>,
    /// The subscription or the content wanted.
    pub selection: PollSelection,
}

impl PollRequest {
    /// A poll of the whole feed.
    pub fn new(header: Header, feed_name: impl Into<String>, selection: PollSelection) -> Self {
        PollRequest {
            header,
            feed_name: feed_name.into(),
            begin_timestamp: None,
            end_timestamp: None,
            selection,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        let feed_name = text_element(c, &el, "feed-name")?;
        let begin_timestamp = datetime_element(c, &el, "begin-timestamp")?;
        let end_timestamp = datetime_element(c, &el, "end-timestamp")?;
        let selection = if let Some(id) = opt_text_element(c, &el, "subscription-id")? {
            PollSelection::SubscriptionId(id)
        } else if let Some(cb) = opt_text_element(c, &el, "content-binding")? {
            PollSelection::ContentBinding(cb)
        } else {
            return Err(c
                .error_in(
                    &el,
                    K::Constraint(
                        "a TAXII_PollRequest needs a subscription-id or a content-binding".into(),
                    ),
                )
                .with_rule("D1-M-9"));
        };
        c.end(el)?;
        Ok(PollRequest {
            header,
            feed_name,
            begin_timestamp,
            end_timestamp,
            selection,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
        w.text_element("feed-name", &self.feed_name);
        w.opt_text_element("begin-timestamp", self.begin_timestamp.as_deref());
        w.opt_text_element("end-timestamp", self.end_timestamp.as_deref());
        match &self.selection {
            PollSelection::SubscriptionId(id) => w.text_element("subscription-id", id),
            PollSelection::ContentBinding(cb) => w.text_element("content-binding", cb),
        }
    }
}

/// Reads consecutive `stix:STIX` payload elements, each kept whole and verbatim.
fn decode_stix<'a>(c: &mut Cursor<'a>, parent: &Element<'a>) -> Result<Vec<RawXml>> {
    let max = ("max_content_blocks", c.limits().max_content_blocks);
    c.children_at_most(parent, Ns::Draft1Stix, "STIX", max, |c, el| {
        Ok(own_bindings(c.raw_element(el)?))
    })
}

/// Keeps only the in-scope bindings a payload element may rely on: a prefix it mentions
/// and does not declare on itself, and the default namespace unless it declares its own.
/// (Draft 1 roots declare extension prefixes that a `STIX` payload does not use; carrying
/// them would make the payload gain declarations on every re-encoding.)
fn own_bindings(raw: RawXml) -> RawXml {
    let text = raw.as_str();
    let start_tag = &text[..text.find('>').map_or(text.len(), |i| i + 1)];
    let kept: Vec<_> = raw
        .namespaces()
        .iter()
        .filter(|b| {
            if b.prefix.is_empty() {
                !start_tag.contains("xmlns=")
            } else {
                text.contains(&format!("{}:", b.prefix))
                    && !start_tag.contains(&format!("xmlns:{}=", b.prefix))
            }
        })
        .cloned()
        .collect();
    if kept.len() == raw.namespaces().len() {
        return raw;
    }
    RawXml::new_unchecked(raw.as_bytes().clone(), kept)
}

fn encode_stix(w: &mut XmlWriter<'_>, list: &[RawXml]) {
    for s in list {
        w.raw_whole_element(s);
    }
}

/// A feed's content for a time range (D1-M-10).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PollResponse {
    /// Ids and extended headers.
    pub header: Header,
    /// Lower bound of the range covered, as written.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub begin_timestamp: Option<String>,
    /// Upper bound of the range covered, as written.
    pub end_timestamp: String,
    /// The subscription served.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_id: Option<String>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// The STIX Version ID of every payload.
    pub content_binding: String,
    /// The `stix:STIX` elements, verbatim.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub stix: Vec<RawXml>,
}

impl PollResponse {
    /// A response without payloads.
    pub fn new(
        header: Header,
        end_timestamp: impl Into<String>,
        content_binding: impl Into<String>,
    ) -> Self {
        PollResponse {
            header,
            begin_timestamp: None,
            end_timestamp: end_timestamp.into(),
            subscription_id: None,
            message: None,
            content_binding: content_binding.into(),
            stix: Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        let begin_timestamp = datetime_element(c, &el, "begin-timestamp")?;
        let Some(end_timestamp) = datetime_element(c, &el, "end-timestamp")? else {
            return Err(c.error_in(&el, K::MissingElement("end-timestamp")));
        };
        let subscription_id = opt_text_element(c, &el, "subscription-id")?;
        let message = opt_text_element(c, &el, "message")?;
        let content_binding = text_element(c, &el, "content-binding")?;
        let stix = decode_stix(c, &el)?;
        c.end(el)?;
        Ok(PollResponse {
            header,
            begin_timestamp,
            end_timestamp,
            subscription_id,
            message,
            content_binding,
            stix,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
        w.opt_text_element("begin-timestamp", self.begin_timestamp.as_deref());
        w.text_element("end-timestamp", &self.end_timestamp);
        w.opt_text_element("subscription-id", self.subscription_id.as_deref());
        w.opt_text_element("message", self.message.as_deref());
        w.text_element("content-binding", &self.content_binding);
        encode_stix(w, &self.stix);
    }
}

/// Pushes STIX content to an Inbox (D1-M-11).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct StixMessage {
    /// Ids and extended headers.
    pub header: Header,
    /// The subscription fulfilled.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_id: Option<String>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// The STIX Version ID of every payload.
    pub content_binding: String,
    /// The `stix:STIX` elements (1-n), verbatim.
    pub stix: Vec<RawXml>,
}

impl StixMessage {
    /// A push of `stix` payloads.
    pub fn new(header: Header, content_binding: impl Into<String>, stix: Vec<RawXml>) -> Self {
        StixMessage {
            header,
            subscription_id: None,
            message: None,
            content_binding: content_binding.into(),
            stix,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        let subscription_id = opt_text_element(c, &el, "subscription-id")?;
        let message = opt_text_element(c, &el, "message")?;
        let content_binding = text_element(c, &el, "content-binding")?;
        let stix = decode_stix(c, &el)?;
        if stix.is_empty() {
            return Err(c
                .error_in(&el, K::MissingElement("stix:STIX"))
                .with_rule("D1-M-11"));
        }
        c.end(el)?;
        Ok(StixMessage {
            header,
            subscription_id,
            message,
            content_binding,
            stix,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
        w.opt_text_element("subscription-id", self.subscription_id.as_deref());
        w.opt_text_element("message", self.message.as_deref());
        w.text_element("content-binding", &self.content_binding);
        encode_stix(w, &self.stix);
    }
}
