//! Discovery_Request and Discovery_Response (checklist §2.2, §2.3).

use crate::ids::Uri;
use crate::v11::common::*;
use crate::v11::ServiceType;

crate::plain_messages::plain_message! {
    /// Asks a Discovery service which services exist (DRq11-*).
    pub struct DiscoveryRequest;
    new: "A request with the given id.",
}

crate::plain_messages::plain_message! {
    /// Lists the services the requester may see (DRs11-*).
    pub struct DiscoveryResponse;
    new: "A response listing no services.",
    response: in_response_to,
    #[doc = "The service instances."]
    service_instances: Vec<ServiceInstance> = "Service_Instance",
}

crate::codec::element! {
    /// One service: type × protocol × address, with its bindings (DRs11-3..DRs11-12).
    pub struct ServiceInstance {
        /// The kind of service.
        service_type: ServiceType = attr,
        /// The Services Version ID (e.g. `urn:taxii.mitre.org:services:1.1`).
        init(Uri::new(crate::v11::SERVICES_VERSION).expect("constant id"))
        service_version: Uri = attr,
        /// Whether the requester may use it (`None`: unknown).
        available: Option<bool> = attr,
        /// Where it is.
        contact: ServiceContact = flat,
        /// Supported query formats (POLL and COLLECTION_MANAGEMENT only).
        supported_queries: Vec<SupportedQuery> = child "Supported_Query",
        /// Content an INBOX accepts; empty accepts all.
        inbox_accepted_content: Vec<ContentBinding> = child "Content_Binding",
        message,
    }
    new: "A TAXII 1.1 service instance.";
    title: service_type;
}
