//! TAXII 1.1 structures used by several messages (checklist §2.0 common structures).

use crate::common::*;
pub use crate::contact::{PushMethod, ServiceContact};
use crate::ids::Uri;
use crate::namespaces::Ns;
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

const NS: Ns = Ns::Taxii11;

/// A supported/acceptable content binding: an id and the subtypes accepted (CBT-1..CBT-4).
/// No subtypes means every subtype of the binding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ContentBinding {
    /// The Content Binding ID (never a nesting expression here, Services §5.3.4).
    pub binding_id: Uri,
    /// Accepted subtype ids; empty accepts all.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub subtypes: Vec<Uri>,
}

impl ContentBinding {
    /// A binding accepting every subtype.
    pub fn new(binding_id: Uri) -> Self {
        ContentBinding {
            binding_id,
            subtypes: Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let binding_id = uri_attr(c, &mut el, "binding_id")?;
        let subtypes = c.children(&el, NS, "Subtype", |c, mut s| {
            let id = uri_attr(c, &mut s, "subtype_id")?;
            c.end(s)?;
            Ok(id)
        })?;
        c.end(el)?;
        Ok(ContentBinding {
            binding_id,
            subtypes,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Content_Binding");
        w.attr("binding_id", self.binding_id.as_str());
        for s in &self.subtypes {
            w.start("Subtype");
            w.attr("subtype_id", s.as_str());
            w.end("Subtype");
        }
        w.end("Content_Binding");
    }
}

pub(crate) fn decode_content_bindings<'a>(
    c: &mut Cursor<'a>,
    parent: &Element<'a>,
) -> Result<Vec<ContentBinding>> {
    c.children(parent, NS, "Content_Binding", ContentBinding::decode)
}

pub(crate) fn encode_content_bindings(w: &mut XmlWriter<'_>, list: &[ContentBinding]) {
    for b in list {
        b.encode(w);
    }
}

/// The binding of one content block's payload: an id or nesting expression `outer|inner`
/// and at most one subtype (CBT-5..CBT-8).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ContentInstanceBinding {
    /// The Content Binding ID, or a nesting expression (ids joined by `|`, outer first).
    pub binding_id: Uri,
    /// The subtype, if claimed (never with a nesting expression, C11-11).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subtype: Option<Uri>,
}

impl ContentInstanceBinding {
    /// A binding without a subtype claim.
    pub fn new(binding_id: Uri) -> Self {
        ContentInstanceBinding {
            binding_id,
            subtype: None,
        }
    }

    /// The ids of a nesting expression, outer first (one id when not nested).
    pub fn nesting(&self) -> impl Iterator<Item = &str> {
        self.binding_id.as_str().split('|')
    }
}

/// A content block: one payload with its binding and optional label (checklist CB1-*).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ContentBlock {
    /// What the payload is.
    pub content_binding: ContentInstanceBinding,
    /// The payload, verbatim (text, CDATA or XML).
    pub content: RawXml,
    /// The producer's timestamp label.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub timestamp_label: Option<Timestamp>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// Filler that hides the payload size; ignored on processing.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub padding: Option<String>,
    /// `ds:Signature` elements scoped to this block (0-n, AMB-2), kept raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub signatures: Vec<RawXml>,
}

impl ContentBlock {
    /// A block of `content` with the given binding id.
    pub fn new(binding_id: Uri, content: RawXml) -> Self {
        ContentBlock {
            content_binding: ContentInstanceBinding::new(binding_id),
            content,
            timestamp_label: None,
            message: None,
            padding: None,
            signatures: Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        let mut b = c.required_child(&el, NS, "Content_Binding")?;
        let binding_id = uri_attr(c, &mut b, "binding_id")?;
        let subtype = match c.child(&b, NS, "Subtype")? {
            Some(mut s) => {
                let id = uri_attr(c, &mut s, "subtype_id")?;
                c.end(s)?;
                Some(id)
            }
            None => None,
        };
        c.end(b)?;
        let content_el = c.required_child(&el, NS, "Content")?;
        let content = c.raw_content(content_el)?;
        let timestamp_label = opt_timestamp(c, &el, NS, "Timestamp_Label")?;
        let message = opt_string_element(c, &el, NS, "Message")?;
        let padding = opt_string_element(c, &el, NS, "Padding")?;
        let signatures = decode_signatures(c, &el)?;
        c.end(el)?;
        Ok(ContentBlock {
            content_binding: ContentInstanceBinding {
                binding_id,
                subtype,
            },
            content,
            timestamp_label,
            message,
            padding,
            signatures,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Content_Block");
        w.start("Content_Binding");
        w.attr("binding_id", self.content_binding.binding_id.as_str());
        if let Some(s) = &self.content_binding.subtype {
            w.start("Subtype");
            w.attr("subtype_id", s.as_str());
            w.end("Subtype");
        }
        w.end("Content_Binding");
        w.raw_element("Content", &[], &self.content);
        write_timestamp(w, "Timestamp_Label", self.timestamp_label.as_ref());
        w.opt_text_element("Message", self.message.as_deref());
        w.opt_text_element("Padding", self.padding.as_deref());
        for s in &self.signatures {
            w.raw_whole_element(s);
        }
        w.end("Content_Block");
    }
}

/// Decodes consecutive `Content_Block` children, enforcing the block-count limit.
pub(crate) fn decode_content_blocks<'a>(
    c: &mut Cursor<'a>,
    parent: &Element<'a>,
) -> Result<Vec<ContentBlock>> {
    let max = ("max_content_blocks", c.limits().max_content_blocks);
    c.children_at_most(parent, NS, "Content_Block", max, ContentBlock::decode)
}

/// A record count; `partial` means it is a lower bound (RC-1, RC-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct RecordCount {
    /// The number of records.
    pub count: u64,
    /// Whether the count is only a lower bound (`None`: attribute absent, meaning false).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub partial_count: Option<bool>,
}

impl RecordCount {
    /// An exact count.
    pub fn new(count: u64) -> Self {
        RecordCount {
            count,
            partial_count: None,
        }
    }

    /// Whether the count is a lower bound.
    pub fn is_partial(&self) -> bool {
        self.partial_count.unwrap_or(false)
    }

    pub(crate) fn decode_opt<'a>(c: &mut Cursor<'a>, parent: &Element<'a>) -> Result<Option<Self>> {
        let Some(mut el) = c.child(parent, NS, "Record_Count")? else {
            return Ok(None);
        };
        let partial_count = bool_attr(c, &mut el, "partial_count")?;
        let count = u64_text(c, el, "Record_Count")?;
        Ok(Some(RecordCount {
            count,
            partial_count,
        }))
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Record_Count");
        w.bool_attr("partial_count", self.partial_count);
        w.text(&self.count.to_string());
        w.end("Record_Count");
    }
}

/// An inbox that accepts content for a collection (SC-2).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct InboxService {
    /// Where the inbox is.
    pub contact: ServiceContact,
    /// Content it accepts; empty means all the collection supports.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_bindings: Vec<ContentBinding>,
}

impl InboxService {
    /// An inbox accepting all the collection's content.
    pub fn new(contact: ServiceContact) -> Self {
        InboxService {
            contact,
            content_bindings: Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        let contact = ServiceContact::decode_fields(c, &el, NS)?;
        let content_bindings = decode_content_bindings(c, &el)?;
        c.end(el)?;
        Ok(InboxService {
            contact,
            content_bindings,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.start(local);
        self.contact.encode_fields(w);
        encode_content_bindings(w, &self.content_bindings);
        w.end(local);
    }
}

/// Where and how to push content: protocol, address and exactly one message binding
/// (SC-4; `Push_Parameters` and `Delivery_Parameters`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PushParameters {
    /// The protocol binding id.
    pub protocol_binding: Uri,
    /// The inbox address.
    pub address: String,
    /// The message binding id.
    pub message_binding: Uri,
}

impl PushParameters {
    /// Push parameters.
    pub fn new(protocol_binding: Uri, address: impl Into<String>, message_binding: Uri) -> Self {
        PushParameters {
            protocol_binding,
            address: address.into(),
            message_binding,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        let protocol_binding = uri_element(c, &el, NS, "Protocol_Binding")?;
        let address = string_element(c, &el, NS, "Address")?;
        let message_binding = uri_element(c, &el, NS, "Message_Binding")?;
        c.end(el)?;
        Ok(PushParameters {
            protocol_binding,
            address,
            message_binding,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.start(local);
        w.text_element("Protocol_Binding", self.protocol_binding.as_str());
        w.text_element("Address", &self.address);
        w.text_element("Message_Binding", self.message_binding.as_str());
        w.end(local);
    }
}

/// `FULL` or `COUNT_ONLY` (EN-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum ResponseType {
    /// Content and counts.
    #[default]
    Full,
    /// Counts only.
    CountOnly,
}

impl ResponseType {
    /// The wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::Full => "FULL",
            ResponseType::CountOnly => "COUNT_ONLY",
        }
    }
}

/// A query: its format id and body (QP-3, QP-4). Default Query bodies are decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Query {
    /// A TAXII Default Query 1.0 (`urn:taxii.mitre.org:query:default:1.0`).
    Default(crate::query::DefaultQuery),
    /// A query in another format, kept raw.
    Other {
        /// The query format id.
        format_id: Uri,
        /// The body, verbatim.
        body: RawXml,
    },
}

impl Query {
    /// The query format id.
    pub fn format_id(&self) -> &str {
        match self {
            Query::Default(_) => crate::query::FORMAT_ID,
            Query::Other { format_id, .. } => format_id.as_str(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let format_id = uri_attr(c, &mut el, "format_id")?;
        if format_id.as_str() == crate::query::FORMAT_ID {
            let q = c.required_child(&el, Ns::Query, "Default_Query")?;
            let query = crate::query::DefaultQuery::decode(c, q)?;
            c.end(el)?;
            Ok(Query::Default(query))
        } else {
            let body = c.raw_content(el)?;
            Ok(Query::Other { format_id, body })
        }
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        match self {
            Query::Default(q) => {
                w.start("Query");
                w.attr("format_id", crate::query::FORMAT_ID);
                q.encode(w);
                w.end("Query");
            }
            Query::Other { format_id, body } => {
                w.raw_element("Query", &[("format_id", format_id.as_str())], body);
            }
        }
    }
}

/// What a query service supports, per format (SQ-1, SQ-2).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum SupportedQuery {
    /// TAXII Default Query 1.0 support.
    Default(crate::query::DefaultQueryInfo),
    /// Another format's information, kept raw.
    Other {
        /// The query format id.
        format_id: Uri,
        /// The information body, verbatim.
        body: RawXml,
    },
}

impl SupportedQuery {
    /// The query format id.
    pub fn format_id(&self) -> &str {
        match self {
            SupportedQuery::Default(_) => crate::query::FORMAT_ID,
            SupportedQuery::Other { format_id, .. } => format_id.as_str(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let format_id = uri_attr(c, &mut el, "format_id")?;
        if format_id.as_str() == crate::query::FORMAT_ID {
            let q = c.required_child(&el, Ns::Query, "Default_Query_Info")?;
            let info = crate::query::DefaultQueryInfo::decode(c, q)?;
            c.end(el)?;
            Ok(SupportedQuery::Default(info))
        } else {
            let body = c.raw_content(el)?;
            Ok(SupportedQuery::Other { format_id, body })
        }
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        match self {
            SupportedQuery::Default(q) => {
                w.start("Supported_Query");
                w.attr("format_id", crate::query::FORMAT_ID);
                q.encode(w);
                w.end("Supported_Query");
            }
            SupportedQuery::Other { format_id, body } => {
                w.raw_element(
                    "Supported_Query",
                    &[("format_id", format_id.as_str())],
                    body,
                );
            }
        }
    }
}

/// What a subscriber or poller asks for: response type, content bindings, query
/// (QP-1..QP-4; `Subscription_Parameters` and the shared part of `Poll_Parameters`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct QueryParameters {
    /// `FULL` or `COUNT_ONLY`; `None` when absent (meaning FULL).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub response_type: Option<ResponseType>,
    /// Acceptable content; empty accepts all.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_bindings: Vec<ContentBinding>,
    /// A query restricting the records.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub query: Option<Query>,
}

impl QueryParameters {
    /// The effective response type.
    pub fn response_type(&self) -> ResponseType {
        self.response_type.unwrap_or_default()
    }

    pub(crate) fn decode_fields<'a>(c: &mut Cursor<'a>, el: &Element<'a>) -> Result<Self> {
        let response_type = match c.child(el, NS, "Response_Type")? {
            Some(rt) => {
                let offset = rt.offset;
                let text = c.text(rt)?;
                Some(match text.trim() {
                    "FULL" => ResponseType::Full,
                    "COUNT_ONLY" => ResponseType::CountOnly,
                    other => {
                        return Err(c.error_at(
                            offset,
                            K::InvalidValue {
                                field: "Response_Type",
                                value: crate::error::excerpt(other),
                                expected: "FULL or COUNT_ONLY (EN-4)",
                            },
                        ))
                    }
                })
            }
            None => None,
        };
        let content_bindings = decode_content_bindings(c, el)?;
        let query = match c.child(el, NS, "Query")? {
            Some(q) => Some(Query::decode(c, q)?),
            None => None,
        };
        Ok(QueryParameters {
            response_type,
            content_bindings,
            query,
        })
    }

    pub(crate) fn encode_fields(&self, w: &mut XmlWriter<'_>) {
        if let Some(rt) = self.response_type {
            w.text_element("Response_Type", rt.as_str());
        }
        encode_content_bindings(w, &self.content_bindings);
        if let Some(q) = &self.query {
            q.encode(w);
        }
    }
}
