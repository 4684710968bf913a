//! TAXII_DiscoveryRequest and TAXII_DiscoveryResponse (D1-M-2, D1-M-3).

use crate::draft1::common::*;
use crate::draft1::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

/// Asks for the services offered (header only).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct DiscoveryRequest {
    /// Ids and extended headers.
    pub header: Header,
}

impl DiscoveryRequest {
    /// A request with the given header.
    pub fn new(header: Header) -> Self {
        DiscoveryRequest { header }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        c.end(el)?;
        Ok(DiscoveryRequest { header })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
    }
}

crate::wire_enum::wire_enum! {
    /// The kind of a Draft 1 service (`serviceTypeEnum`, D1-DIF-9).
    #[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING-KEBAB-CASE"))]
    pub enum ServiceType {
        /// `DISCOVERY`
        Discovery = "DISCOVERY",
        /// `FEED-MANAGEMENT`
        FeedManagement = "FEED-MANAGEMENT",
        /// `INBOX`
        Inbox = "INBOX",
        /// `POLL`
        Poll = "POLL",
    }
}

/// One service (`serviceRecordType`; child order D1-DIF-10).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ServiceRecord {
    /// The kind of service.
    pub service_type: ServiceType,
    /// The services version (`TAXII_1.0`).
    pub service_version: String,
    /// Whether the requester may use it (`false` may also mean unknown, AMB-14).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub available: Option<bool>,
    /// The protocol binding id.
    pub protocol_binding: String,
    /// Message binding ids (1-n).
    pub message_bindings: Vec<String>,
    /// Content binding ids (an INBOX's accepted content).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_bindings: Vec<String>,
    /// The address, verbatim (the sample wraps some onto a new line).
    pub service_address: String,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
}

impl ServiceRecord {
    /// A TAXII_1.0 service over one protocol and message binding.
    pub fn new(
        service_type: ServiceType,
        protocol_binding: impl Into<String>,
        service_address: impl Into<String>,
    ) -> Self {
        ServiceRecord {
            service_type,
            service_version: super::SERVICES_VERSION.into(),
            available: None,
            protocol_binding: protocol_binding.into(),
            message_bindings: vec![super::MESSAGE_BINDING.into()],
            content_bindings: Vec::new(),
            service_address: service_address.into(),
            message: None,
        }
    }

    fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let st = c.required_attr(&mut el, "service-type")?;
        let service_type = ServiceType::parse(st.trim()).ok_or_else(|| {
            c.invalid(
                &el,
                "service-type",
                &st,
                "DISCOVERY, FEED-MANAGEMENT, INBOX or POLL",
            )
            .with_rule("D1-DIF-9")
        })?;
        let service_version = c.required_attr(&mut el, "service-version")?.into_owned();
        let available = crate::common::bool_attr(c, &mut el, "available")?;
        let protocol_binding = text_element(c, &el, "protocol-binding")?;
        let message_bindings = text_elements_1n(c, &el, "message-binding")?;
        let content_bindings = text_elements(c, &el, "content-binding")?;
        let service_address = text_element(c, &el, "service-address")?;
        let message = opt_text_element(c, &el, "message")?;
        c.end(el)?;
        Ok(ServiceRecord {
            service_type,
            service_version,
            available,
            protocol_binding,
            message_bindings,
            content_bindings,
            service_address,
            message,
        })
    }

    fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start("service-instance");
        w.attr("service-type", self.service_type.as_str());
        w.attr("service-version", &self.service_version);
        w.bool_attr("available", self.available);
        w.text_element("protocol-binding", &self.protocol_binding);
        write_all(w, "message-binding", &self.message_bindings);
        write_all(w, "content-binding", &self.content_bindings);
        w.text_element("service-address", &self.service_address);
        w.opt_text_element("message", self.message.as_deref());
        w.end("service-instance");
    }
}

/// Lists services (D1-M-3).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct DiscoveryResponse {
    /// Ids and extended headers.
    pub header: Header,
    /// The services.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub service_instances: Vec<ServiceRecord>,
}

impl DiscoveryResponse {
    /// A response listing no services.
    pub fn new(header: Header) -> Self {
        DiscoveryResponse {
            header,
            service_instances: Vec::new(),
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let header = Header::decode(c, &mut el)?;
        let service_instances = c.children(&el, NS, "service-instance", ServiceRecord::decode)?;
        c.end(el)?;
        Ok(DiscoveryResponse {
            header,
            service_instances,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        self.header.encode(w);
        for s in &self.service_instances {
            s.encode(w);
        }
    }
}
