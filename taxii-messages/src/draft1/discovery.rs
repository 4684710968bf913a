//! TAXII_DiscoveryRequest and TAXII_DiscoveryResponse (D1-M-2, D1-M-3).

use crate::draft1::common::*;

crate::codec::element! {
    /// Asks for the services offered (header only).
    pub struct DiscoveryRequest {
        /// Ids and extended headers.
        header: Header = flat,
    }
    new: "A request with the given header.";
}

crate::wire_enum::wire_enum! {
    /// The kind of a Draft 1 service (`serviceTypeEnum`, D1-DIF-9).
    pub enum ServiceType {
        Discovery = "DISCOVERY",
        FeedManagement = "FEED-MANAGEMENT",
        Inbox = "INBOX",
        Poll = "POLL",
    }
    trimmed: "DISCOVERY, FEED-MANAGEMENT, INBOX or POLL", "D1-DIF-9"
}

crate::codec::element! {
    /// One service (`serviceRecordType`; child order D1-DIF-10).
    pub struct ServiceRecord {
        /// The kind of service.
        service_type: ServiceType = attr "service-type",
        /// The services version (`TAXII_1.0`).
        init(super::SERVICES_VERSION.into())
        service_version: String = attr "service-version",
        /// Whether the requester may use it (`false` may also mean unknown, AMB-14).
        available: Option<bool> = attr,
        /// The protocol binding id.
        protocol_binding: String = child "protocol-binding",
        /// Message binding ids (1-n).
        init(vec![super::MESSAGE_BINDING.into()])
        message_bindings: Vec<String> = some "message-binding",
        /// Content binding ids (an INBOX's accepted content).
        content_bindings: Vec<String> = child "content-binding",
        /// The address, verbatim (the sample wraps some onto a new line).
        service_address: String = child "service-address",
        /// A human-readable message.
        message: Option<String> = child "message",
    }
    new: "A TAXII_1.0 service over one protocol and message binding.";
}

crate::codec::element! {
    /// Lists services (D1-M-3).
    pub struct DiscoveryResponse {
        /// Ids and extended headers.
        header: Header = flat,
        /// The services.
        service_instances: Vec<ServiceRecord> = child "service-instance",
    }
    new: "A response listing no services.";
}
