//! Discovery_Request and Discovery_Response (checklist §5.2).

use crate::ids::Uri;
use crate::v10::common::*;
use crate::v10::ServiceType;

crate::plain_messages::plain_message! {
    /// Asks a Discovery service which services exist (DRq10-1).
    pub struct DiscoveryRequest;
    new: "A request with the given id.",
}

crate::plain_messages::plain_message! {
    /// Lists the services the requester may see (DRs10-*).
    pub struct DiscoveryResponse;
    new: "A response listing no services.",
    response: in_response_to,
    #[doc = "The service instances."]
    service_instances: Vec<ServiceInstance> = "Service_Instance",
}

crate::codec::element! {
    /// One service: type × protocol × address, with its bindings (DRs10-3..DRs10-9).
    pub struct ServiceInstance {
        /// The kind of service.
        service_type: ServiceType = attr,
        /// The Services Version ID (e.g. `urn:taxii.mitre.org:services:1.0`).
        init(Uri::new(crate::v10::SERVICES_VERSION).expect("constant id"))
        service_version: Uri = attr,
        /// Whether the requester may use it (`None`: unknown).
        available: Option<bool> = attr,
        /// Where it is.
        contact: ServiceContact = flat,
        /// Content an INBOX accepts; empty accepts all (DRs10-8). The XSD allows it for any
        /// service and 1.1 tells recipients to ignore it (DRs11-11): accepted anywhere.
        inbox_accepted_content: Vec<Uri> = child "Content_Binding",
        message,
    }
    new: "A TAXII 1.0 service instance.";
    title: service_type;
}
