//! Discovery_Request and Discovery_Response (checklist §5.2).

use crate::common::*;
use crate::ids::Uri;
use crate::v10::common::*;
use crate::v10::{ServiceType, NS};
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

crate::plain_messages::plain_message! {
    /// Asks a Discovery service which services exist (DRq10-1).
    pub struct DiscoveryRequest;
    new: "A request with the given id.",
    message_id: crate::v10::common::message_id_10,
    ns: NS
}

crate::plain_messages::plain_message! {
    /// Lists the services the requester may see (DRs10-*).
    pub struct DiscoveryResponse;
    new: "A response listing no services.",
    response: in_response_to,
    #[doc = "The service instances."]
    service_instances: Vec<ServiceInstance> = "Service_Instance",
    message_id: crate::v10::common::message_id_10,
    ns: NS
}

/// One service: type × protocol × address, with its bindings (DRs10-3..DRs10-9).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ServiceInstance {
    /// The kind of service.
    pub service_type: ServiceType,
    /// The Services Version ID (e.g. `urn:taxii.mitre.org:services:1.0`).
    pub service_version: Uri,
    /// Whether the requester may use it (`None`: unknown).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub available: Option<bool>,
    /// Where it is.
    pub contact: ServiceContact,
    /// Content an INBOX accepts; empty accepts all (DRs10-8).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub inbox_accepted_content: Vec<Uri>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
}

impl ServiceInstance {
    /// A TAXII 1.0 service instance.
    pub fn new(service_type: ServiceType, contact: ServiceContact) -> Self {
        ServiceInstance {
            service_type,
            service_version: Uri::new(crate::v10::SERVICES_VERSION).expect("constant id"),
            available: None,
            contact,
            inbox_accepted_content: Vec::new(),
            message: None,
        }
    }

    fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let st = c.required_attr(&mut el, "service_type")?;
        let service_type = ServiceType::parse(st.trim()).ok_or_else(|| {
            let expected = if st.trim() == "COLLECTION_MANAGEMENT" {
                "DISCOVERY, FEED_MANAGEMENT, INBOX or POLL (COLLECTION_MANAGEMENT is TAXII 1.1)"
            } else {
                "DISCOVERY, FEED_MANAGEMENT, INBOX or POLL (EN-1)"
            };
            c.invalid(&el, "service_type", &st, expected)
                .with_rule("DRs10-4")
        })?;
        let service_version = uri_attr(c, &mut el, "service_version")?;
        let available = bool_attr(c, &mut el, "available")?;
        let contact = ServiceContact::decode_fields(c, &el, NS)?;
        let inbox_accepted_content = content_binding_texts(c, &el)?;
        // DRs10-8: only an INBOX lists accepted content; the XSD allows it anywhere and 1.1
        // tells recipients to ignore it (DRs11-11), so only strict mode refuses it.
        let message = opt_string_element(c, &el, NS, "Message")?;
        c.end(el)?;
        Ok(ServiceInstance {
            service_type,
            service_version,
            available,
            contact,
            inbox_accepted_content,
            message,
        })
    }

    fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("Service_Instance");
        w.attr("service_type", self.service_type.as_str());
        w.attr("service_version", self.service_version.as_str());
        w.bool_attr("available", self.available);
        self.contact.encode_fields(w);
        encode_content_binding_texts(w, &self.inbox_accepted_content);
        w.opt_text_element("Message", self.message.as_deref());
        w.end("Service_Instance");
    }
}
