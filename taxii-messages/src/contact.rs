//! Where a service is reached and how content is pushed: the same in TAXII 1.0 and 1.1
//! (checklist SC-1, SC-3, FIRs10-8); the namespace is a parameter.

use crate::common::*;
use crate::ids::Uri;
use crate::namespaces::Ns;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

/// Where a service is reached: protocol, address and message bindings (SC-1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ServiceContact {
    /// The protocol binding id.
    pub protocol_binding: Uri,
    /// The address, in the protocol's format (may be relative, AMB-30).
    pub address: String,
    /// Message binding ids (1-n).
    pub message_bindings: Vec<Uri>,
}

impl ServiceContact {
    /// A contact with one message binding.
    pub fn new(protocol_binding: Uri, address: impl Into<String>, message_binding: Uri) -> Self {
        ServiceContact {
            protocol_binding,
            address: address.into(),
            message_bindings: vec![message_binding],
        }
    }

    /// Reads the contact's elements inside `el`, whose children are in `ns`.
    pub(crate) fn decode_fields<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<Self> {
        let protocol_binding = uri_element(c, el, ns, "Protocol_Binding")?;
        let address = string_element(c, el, ns, "Address")?;
        let message_bindings = message_bindings(c, el, ns)?;
        Ok(ServiceContact {
            protocol_binding,
            address,
            message_bindings,
        })
    }

    /// Reads an element holding only a contact.
    pub(crate) fn decode_in(
        ns: Ns,
    ) -> impl for<'a> Fn(&mut Cursor<'a>, Element<'a>) -> Result<Self> {
        move |c, el| {
            let s = Self::decode_fields(c, &el, ns)?;
            c.end(el)?;
            Ok(s)
        }
    }

    pub(crate) fn encode_fields(&self, w: &mut XmlWriter<'_>) {
        w.text_element("Protocol_Binding", self.protocol_binding.as_str());
        w.text_element("Address", &self.address);
        encode_message_bindings(w, &self.message_bindings);
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.start(local);
        self.encode_fields(w);
        w.end(local);
    }
}

/// How content can be pushed: a protocol and message bindings, no address (SC-3, FIRs10-8).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PushMethod {
    /// The protocol binding id.
    pub protocol_binding: Uri,
    /// Message binding ids (1-n).
    pub message_bindings: Vec<Uri>,
}

impl PushMethod {
    /// A push method with one message binding.
    pub fn new(protocol_binding: Uri, message_binding: Uri) -> Self {
        PushMethod {
            protocol_binding,
            message_bindings: vec![message_binding],
        }
    }

    /// Reads a `Push_Method` whose children are in `ns`.
    pub(crate) fn decode_in(
        ns: Ns,
    ) -> impl for<'a> Fn(&mut Cursor<'a>, Element<'a>) -> Result<Self> {
        move |c, el| {
            let protocol_binding = uri_element(c, &el, ns, "Protocol_Binding")?;
            let message_bindings = message_bindings(c, &el, ns)?;
            c.end(el)?;
            Ok(PushMethod {
                protocol_binding,
                message_bindings,
            })
        }
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Push_Method");
        w.text_element("Protocol_Binding", self.protocol_binding.as_str());
        encode_message_bindings(w, &self.message_bindings);
        w.end("Push_Method");
    }
}

/// One or more `Message_Binding` elements.
fn message_bindings<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<Vec<Uri>> {
    let list = uri_elements(c, el, ns, "Message_Binding")?;
    if list.is_empty() {
        return Err(c.error_in(el, K::MissingElement("Message_Binding")));
    }
    Ok(list)
}

fn encode_message_bindings(w: &mut XmlWriter<'_>, list: &[Uri]) {
    for m in list {
        w.text_element("Message_Binding", m.as_str());
    }
}
