//! TAXII 1.0 structures used by several messages (checklist §5.0, SC-1, CB0).

use crate::codec::Elem;
pub use crate::contact::{PushMethod, ServiceContact};
use crate::ids::Uri;
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::v10::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

pub use crate::ids::is_valid_message_id;

crate::codec::element! {
    /// Where and how a subscription's content is pushed, and which content the receiving
    /// inbox accepts (MFSRq10-6; empty `content_bindings` accepts all).
    pub struct PushParameters {
        /// The protocol binding id.
        protocol_binding: Uri = child "Protocol_Binding",
        /// The inbox address.
        address: String = child "Address",
        /// The message binding id.
        message_binding: Uri = child "Message_Binding",
        /// Content the inbox accepts; empty accepts all.
        content_bindings: Vec<Uri> = child "Content_Binding",
    }
    new: "Push parameters accepting all content.";
}

crate::codec::element! {
    /// A TAXII 1.0 content block: one payload with its binding and optional label (CB0).
    pub struct ContentBlock {
        /// The Content Binding ID, or a nesting expression (ids joined by `|`, outer first).
        content_binding: Uri = child "Content_Binding",
        /// The payload, verbatim (text, CDATA or XML).
        content: RawXml = child "Content",
        /// The producer's timestamp label.
        timestamp_label: Option<Timestamp> = child "Timestamp_Label",
        /// Filler that hides the payload size; ignored on processing.
        padding: Option<String> = child "Padding",
        /// `ds:Signature` elements scoped to this block (0-n, AMB-2), kept raw.
        signatures: Vec<RawXml> = signature,
    }
    new: "A block of `content` with the given binding id.";
    limit: max_content_blocks;
    text: numbered;
}

impl ContentBlock {
    /// Reads a `Content_Block` element.
    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        Self::decode_elem(c, el, NS, "Content_Block")
    }

    /// Writes the whole `Content_Block` element (for encoders that stream blocks).
    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.encode_elem(w, "Content_Block");
    }
}
