//! TAXII 1.1 structures used by several messages (checklist §2.0 common structures).

use crate::codec::{Attr, Elem, Name};
use crate::common::*;
pub use crate::contact::{PushMethod, ServiceContact};
use crate::ids::Uri;
use crate::namespaces::Ns;
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

crate::codec::element! {
    /// A supported/acceptable content binding: an id and the subtypes accepted (CBT-1..CBT-4).
    /// No subtypes means every subtype of the binding.
    pub struct ContentBinding {
        /// The Content Binding ID (never a nesting expression here, Services §5.3.4).
        binding_id: Uri = attr,
        /// Accepted subtype ids; empty accepts all.
        subtypes: Vec<Uri> = with(subtypes, subtypes_out),
    }
    new: "A binding accepting every subtype.";
    text: custom;
}

crate::codec::element! {
    /// The binding of one content block's payload: an id or nesting expression `outer|inner`
    /// and at most one subtype (CBT-5..CBT-8).
    pub struct ContentInstanceBinding {
        /// The Content Binding ID, or a nesting expression (ids joined by `|`, outer first).
        binding_id: Uri = attr,
        /// The subtype, if claimed (never with a nesting expression, C11-11).
        subtype: Option<Uri> = with(subtype, subtypes_out),
    }
    new: "A binding without a subtype claim.";
    text: custom;
}

impl ContentInstanceBinding {
    /// The ids of a nesting expression, outer first (one id when not nested).
    pub fn nesting(&self) -> impl Iterator<Item = &str> {
        self.binding_id.as_str().split('|')
    }
}

crate::codec::element! {
    /// A content block: one payload with its binding and optional label (checklist CB1-*).
    pub struct ContentBlock {
        /// What the payload is.
        content_binding: ContentInstanceBinding = child "Content_Binding",
        /// The payload, verbatim (text, CDATA or XML).
        content: RawXml = child "Content",
        /// The producer's timestamp label.
        timestamp_label: Option<Timestamp> = child "Timestamp_Label",
        message,
        /// Filler that hides the payload size; ignored on processing.
        padding: Option<String> = child "Padding",
        /// `ds:Signature` elements scoped to this block (0-n, AMB-2), kept raw.
        signatures: Vec<RawXml> = signature,
    }
    limit: max_content_blocks;
    text: numbered;
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

    /// Reads a `Content_Block` element.
    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        Self::decode_elem(c, el, Ns::Taxii11, "Content_Block")
    }
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
}

/// The count is the element's text; `partial_count` its attribute.
impl Elem for RecordCount {
    fn decode_elem<'a>(
        c: &mut Cursor<'a>,
        mut el: Element<'a>,
        ns: Ns,
        local: Name,
    ) -> Result<Self> {
        let partial_count = Attr::decode_attr(c, &mut el, ns, "partial_count")?;
        let count = u64_text(c, el, local)?;
        Ok(RecordCount {
            count,
            partial_count,
        })
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.start(local);
        self.partial_count.encode_attr(w, "partial_count");
        w.text(&self.count.to_string());
        w.end(local);
    }
}

crate::codec::element! {
    /// An inbox that accepts content for a collection (SC-2).
    pub struct InboxService {
        /// Where the inbox is.
        contact: ServiceContact = flat,
        /// Content it accepts; empty means all the collection supports.
        content_bindings: Vec<ContentBinding> = child "Content_Binding",
    }
    new: "An inbox accepting all the collection's content.";
}

crate::codec::element! {
    /// Where and how to push content: protocol, address and exactly one message binding
    /// (SC-4; `Push_Parameters` and `Delivery_Parameters`).
    pub struct PushParameters {
        /// The protocol binding id.
        protocol_binding: Uri = child "Protocol_Binding",
        /// The inbox address.
        address: String = child "Address",
        /// The message binding id.
        message_binding: Uri = child "Message_Binding",
    }
    new: "Push parameters.";
}

crate::wire_enum::wire_enum! {
    /// `FULL` or `COUNT_ONLY` (EN-4).
    #[derive(Default)]
    pub enum ResponseType {
        /// Content and counts.
        #[default]
        Full = "FULL",
        /// Counts only.
        CountOnly = "COUNT_ONLY",
    }
    expected: "FULL or COUNT_ONLY (EN-4)"
}

/// A query format's slot: `Default` holds the Default Query element `$inner`, decoded;
/// `Other` another format's body, raw.
macro_rules! format_slot {
    ($(#[$meta:meta])* $ty:ident($inner:literal): $(#[$default_doc:meta])* Default($default:ty),
        $(#[$other_doc:meta])* Other) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[non_exhaustive]
        pub enum $ty {
            $(#[$default_doc])*
            Default($default),
            $(#[$other_doc])*
            Other {
                /// The query format id.
                format_id: Uri,
                /// The body, verbatim.
                body: RawXml,
            },
        }

        impl $ty {
            /// The query format id.
            pub fn format_id(&self) -> &str {
                match self {
                    $ty::Default(_) => crate::query::FORMAT_ID,
                    $ty::Other { format_id, .. } => format_id.as_str(),
                }
            }
        }

        impl Elem for $ty {
            fn decode_elem<'a>(
                c: &mut Cursor<'a>,
                el: Element<'a>,
                _: Ns,
                _: Name,
            ) -> Result<Self> {
                Ok(match by_format(c, el, $inner)? {
                    Ok(v) => $ty::Default(v),
                    Err((format_id, body)) => $ty::Other { format_id, body },
                })
            }

            fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
                match self {
                    $ty::Default(v) => default_format_out(v, w, local, $inner),
                    $ty::Other { format_id, body } => {
                        w.raw_element(local, &[("format_id", format_id.as_str())], body)
                    }
                }
            }
        }
    };
}

format_slot! {
    /// A query: its format id and body (QP-3, QP-4). Default Query bodies are decoded.
    Query("Default_Query"):
    /// A TAXII Default Query 1.0 (`urn:taxii.mitre.org:query:default:1.0`).
    Default(crate::query::DefaultQuery),
    /// A query in another format, kept raw.
    Other
}

format_slot! {
    /// What a query service supports, per format (SQ-1, SQ-2).
    SupportedQuery("Default_Query_Info"):
    /// TAXII Default Query 1.0 support.
    Default(crate::query::DefaultQueryInfo),
    /// Another format's information, kept raw.
    Other
}

/// A query slot's content by its `format_id`: a Default Query element `inner` decoded,
/// another format's body kept raw.
fn by_format<'a, T: Elem>(
    c: &mut Cursor<'a>,
    mut el: Element<'a>,
    inner: Name,
) -> Result<std::result::Result<T, (Uri, RawXml)>> {
    let format_id = uri_attr(c, &mut el, "format_id")?;
    if format_id.as_str() != crate::query::FORMAT_ID {
        return Ok(Err((format_id, c.raw_content(el)?)));
    }
    let q = c.required_child(&el, Ns::Query, inner)?;
    let value = T::decode_elem(c, q, Ns::Query, inner)?;
    c.end(el)?;
    Ok(Ok(value))
}

fn default_format_out<T: Elem>(v: &T, w: &mut XmlWriter<'_>, local: &str, inner: &str) {
    w.start(local);
    w.attr("format_id", crate::query::FORMAT_ID);
    crate::query::encode_in_query_ns(v, w, inner);
    w.end(local);
}

crate::codec::element! {
    /// What a subscriber or poller asks for: response type, content bindings, query
    /// (QP-1..QP-4; `Subscription_Parameters` and the shared part of `Poll_Parameters`).
    #[derive(Default)]
    pub struct QueryParameters {
        /// `FULL` or `COUNT_ONLY`; `None` when absent (meaning FULL).
        response_type: Option<ResponseType> = child "Response_Type",
        /// Acceptable content; empty accepts all.
        content_bindings: Vec<ContentBinding> = child "Content_Binding",
        /// A query restricting the records.
        query: Option<Query> = child "Query",
    }
}

impl QueryParameters {
    /// The effective response type.
    pub fn response_type(&self) -> ResponseType {
        self.response_type.unwrap_or_default()
    }
}

/// `<Subtype subtype_id="..."/>` elements (CBT-2, CBT-6).
fn subtypes<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<Vec<Uri>> {
    c.children(el, ns, "Subtype", subtype_id)
}

fn subtype<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<Option<Uri>> {
    match c.child(el, ns, "Subtype")? {
        Some(s) => subtype_id(c, s).map(Some),
        None => Ok(None),
    }
}

fn subtype_id<'a>(c: &mut Cursor<'a>, mut s: Element<'a>) -> Result<Uri> {
    let id = uri_attr(c, &mut s, "subtype_id")?;
    c.end(s)?;
    Ok(id)
}

fn subtypes_out<'s>(list: impl IntoIterator<Item = &'s Uri>, w: &mut XmlWriter<'_>) {
    for s in list {
        w.start("Subtype");
        w.attr("subtype_id", s.as_str());
        w.end("Subtype");
    }
}
