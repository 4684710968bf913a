//! TAXII 1.0 structures used by several messages (checklist §5.0, SC-1, CB0).

use crate::common::*;
pub use crate::contact::{PushMethod, ServiceContact};
use crate::ids::{MessageId, Uri};
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::v10::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

/// Whether `id` is a TAXII 1.0 message id: decimal digits only (G10-2, MID-3).
pub fn is_valid_message_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

/// Reads a 1.0 `message_id` / `in_response_to` attribute (digits only, G10-2).
pub(crate) fn message_id_10<'a>(
    c: &Cursor<'a>,
    el: &mut Element<'a>,
    name: &'static str,
) -> Result<MessageId> {
    let v = c.required_attr(el, name)?;
    let trimmed = v.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'));
    if !is_valid_message_id(trimmed) {
        return Err(c
            .invalid(el, name, &v, "decimal digits only (TAXII 1.0)")
            .with_rule("G10-2"));
    }
    MessageId::new(trimmed).map_err(|_| c.invalid(el, name, &v, "decimal digits only"))
}

/// Reads consecutive `Content_Binding` elements holding a binding id as text (DIF-15).
pub(crate) fn content_binding_texts<'a>(
    c: &mut Cursor<'a>,
    parent: &Element<'a>,
) -> Result<Vec<Uri>> {
    uri_elements(c, parent, NS, "Content_Binding")
}

pub(crate) fn encode_content_binding_texts(w: &mut XmlWriter<'_>, list: &[Uri]) {
    for b in list {
        w.text_element("Content_Binding", b.as_str());
    }
}

/// Where and how a subscription's content is pushed, and which content the receiving inbox
/// accepts (MFSRq10-6; empty `content_bindings` accepts all).
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
    /// Content the inbox accepts; empty accepts all.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_bindings: Vec<Uri>,
}

impl PushParameters {
    /// Push parameters accepting all content.
    pub fn new(protocol_binding: Uri, address: impl Into<String>, message_binding: Uri) -> Self {
        PushParameters {
            protocol_binding,
            address: address.into(),
            message_binding,
            content_bindings: Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        let protocol_binding = uri_element(c, &el, NS, "Protocol_Binding")?;
        let address = string_element(c, &el, NS, "Address")?;
        let message_binding = uri_element(c, &el, NS, "Message_Binding")?;
        let content_bindings = content_binding_texts(c, &el)?;
        c.end(el)?;
        Ok(PushParameters {
            protocol_binding,
            address,
            message_binding,
            content_bindings,
        })
    }

    pub(crate) fn decode_opt<'a>(c: &mut Cursor<'a>, parent: &Element<'a>) -> Result<Option<Self>> {
        match c.child(parent, NS, "Push_Parameters")? {
            Some(el) => Ok(Some(Self::decode(c, el)?)),
            None => Ok(None),
        }
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Push_Parameters");
        w.text_element("Protocol_Binding", self.protocol_binding.as_str());
        w.text_element("Address", &self.address);
        w.text_element("Message_Binding", self.message_binding.as_str());
        encode_content_binding_texts(w, &self.content_bindings);
        w.end("Push_Parameters");
    }
}

/// A TAXII 1.0 content block: one payload with its binding and optional label (CB0).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ContentBlock {
    /// The Content Binding ID, or a nesting expression (ids joined by `|`, outer first).
    pub content_binding: Uri,
    /// The payload, verbatim (text, CDATA or XML).
    pub content: RawXml,
    /// The producer's timestamp label.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub timestamp_label: Option<Timestamp>,
    /// Filler that hides the payload size; ignored on processing.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub padding: Option<String>,
    /// `ds:Signature` elements scoped to this block (0-n, AMB-2), kept raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub signatures: Vec<RawXml>,
}

impl ContentBlock {
    /// A block of `content` with the given binding id.
    pub fn new(content_binding: Uri, content: RawXml) -> Self {
        ContentBlock {
            content_binding,
            content,
            timestamp_label: None,
            padding: None,
            signatures: Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        let content_binding = uri_element(c, &el, NS, "Content_Binding")?;
        let content_el = c.required_child(&el, NS, "Content")?;
        let content = c.raw_content(content_el)?;
        let timestamp_label = opt_timestamp(c, &el, NS, "Timestamp_Label")?;
        let padding = opt_string_element(c, &el, NS, "Padding")?;
        let signatures = decode_signatures(c, &el)?;
        c.end(el)?;
        Ok(ContentBlock {
            content_binding,
            content,
            timestamp_label,
            padding,
            signatures,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Content_Block");
        w.text_element("Content_Binding", self.content_binding.as_str());
        w.raw_element("Content", &[], &self.content);
        write_timestamp(w, "Timestamp_Label", self.timestamp_label.as_ref());
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

pub(crate) fn encode_content_blocks(w: &mut XmlWriter<'_>, blocks: &[ContentBlock]) {
    for b in blocks {
        b.encode(w);
    }
}
