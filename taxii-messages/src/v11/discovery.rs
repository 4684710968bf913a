//! Discovery_Request and Discovery_Response (checklist §2.2, §2.3).

use crate::common::*;
use crate::ids::Uri;
use crate::namespaces::Ns;
use crate::v11::common::*;
use crate::v11::ServiceType;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

const NS: Ns = Ns::Taxii11;

crate::plain_messages::plain_message! {
    /// Asks a Discovery service which services exist (DRq11-*).
    pub struct DiscoveryRequest;
    new: "A request with the given id.",
    message_id: crate::common::message_id_attr,
    ns: NS
}

crate::plain_messages::plain_message! {
    /// Lists the services the requester may see (DRs11-*).
    pub struct DiscoveryResponse;
    new: "A response listing no services.",
    response: in_response_to,
    #[doc = "The service instances."]
    service_instances: Vec<ServiceInstance> = "Service_Instance",
    message_id: crate::common::message_id_attr,
    ns: NS
}

/// One service: type × protocol × address, with its bindings (DRs11-3..DRs11-12).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ServiceInstance {
    /// The kind of service.
    pub service_type: ServiceType,
    /// The Services Version ID (e.g. `urn:taxii.mitre.org:services:1.1`).
    pub service_version: Uri,
    /// Whether the requester may use it (`None`: unknown).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub available: Option<bool>,
    /// Where it is.
    pub contact: ServiceContact,
    /// Supported query formats (POLL and COLLECTION_MANAGEMENT only).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub supported_queries: Vec<SupportedQuery>,
    /// Content an INBOX accepts; empty accepts all.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub inbox_accepted_content: Vec<ContentBinding>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
}

impl ServiceInstance {
    /// A TAXII 1.1 service instance.
    pub fn new(service_type: ServiceType, contact: ServiceContact) -> Self {
        ServiceInstance {
            service_type,
            service_version: Uri::new(crate::v11::SERVICES_VERSION).expect("constant id"),
            available: None,
            contact,
            supported_queries: Vec::new(),
            inbox_accepted_content: Vec::new(),
            message: None,
        }
    }

    fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let st = c.required_attr(&mut el, "service_type")?;
        let service_type = ServiceType::parse(&st).ok_or_else(|| {
            c.invalid(
                &el,
                "service_type",
                &st,
                "DISCOVERY, COLLECTION_MANAGEMENT, INBOX or POLL (EN-1)",
            )
        })?;
        let service_version = uri_attr(c, &mut el, "service_version")?;
        let available = bool_attr(c, &mut el, "available")?;
        let contact = ServiceContact::decode_fields(c, &el, NS)?;
        let supported_queries = c.children(&el, NS, "Supported_Query", SupportedQuery::decode)?;
        let inbox_accepted_content = decode_content_bindings(c, &el)?;
        let message = opt_string_element(c, &el, NS, "Message")?;
        // C11-9 / DRs11-10, DRs11-11: Supported_Query outside POLL and COLLECTION_MANAGEMENT
        // and Content_Binding outside INBOX should not be sent, and recipients must ignore
        // them, so they are accepted (and kept, for a lossless round trip).
        c.end(el)?;
        Ok(ServiceInstance {
            service_type,
            service_version,
            available,
            contact,
            supported_queries,
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
        for q in &self.supported_queries {
            q.encode(w);
        }
        encode_content_bindings(w, &self.inbox_accepted_content);
        w.opt_text_element("Message", self.message.as_deref());
        w.end("Service_Instance");
    }
}
