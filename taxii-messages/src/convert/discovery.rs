//! Discovery_Request / Discovery_Response (DIF-18).

use super::common::*;
use super::{ConvertError, Result};
use crate::{v10, v11};

impl TryFrom<v10::DiscoveryRequest> for v11::DiscoveryRequest {
    type Error = ConvertError;
    fn try_from(m: v10::DiscoveryRequest) -> Result<Self> {
        let mut out = v11::DiscoveryRequest::new(m.message_id);
        out.extended_headers = m.extended_headers;
        out.signature = m.signature;
        Ok(out)
    }
}

impl TryFrom<v11::DiscoveryRequest> for v10::DiscoveryRequest {
    type Error = ConvertError;
    fn try_from(m: v11::DiscoveryRequest) -> Result<Self> {
        let mut out = v10::DiscoveryRequest::new(id_to10(m.message_id, "@message_id")?);
        out.extended_headers = m.extended_headers;
        out.signature = m.signature;
        Ok(out)
    }
}

fn service_type_to11(t: v10::ServiceType) -> v11::ServiceType {
    match t {
        v10::ServiceType::Discovery => v11::ServiceType::Discovery,
        v10::ServiceType::FeedManagement => v11::ServiceType::CollectionManagement,
        v10::ServiceType::Inbox => v11::ServiceType::Inbox,
        v10::ServiceType::Poll => v11::ServiceType::Poll,
    }
}

fn service_type_to10(t: v11::ServiceType) -> v10::ServiceType {
    match t {
        v11::ServiceType::Discovery => v10::ServiceType::Discovery,
        v11::ServiceType::CollectionManagement => v10::ServiceType::FeedManagement,
        v11::ServiceType::Inbox => v10::ServiceType::Inbox,
        v11::ServiceType::Poll => v10::ServiceType::Poll,
    }
}

impl TryFrom<v10::DiscoveryResponse> for v11::DiscoveryResponse {
    type Error = ConvertError;
    fn try_from(m: v10::DiscoveryResponse) -> Result<Self> {
        let mut out = v11::DiscoveryResponse::new(m.message_id, m.in_response_to);
        out.extended_headers = m.extended_headers;
        out.signature = m.signature;
        out.service_instances = m
            .service_instances
            .into_iter()
            .map(|s| {
                let mut i = v11::ServiceInstance::new(service_type_to11(s.service_type), s.contact);
                i.service_version = s.service_version;
                i.available = s.available;
                i.inbox_accepted_content = bindings_to11(s.inbox_accepted_content);
                i.message = s.message;
                i
            })
            .collect();
        Ok(out)
    }
}

impl TryFrom<v11::DiscoveryResponse> for v10::DiscoveryResponse {
    type Error = ConvertError;
    fn try_from(m: v11::DiscoveryResponse) -> Result<Self> {
        let mut out = v10::DiscoveryResponse::new(
            id_to10(m.message_id, "@message_id")?,
            id_to10(m.in_response_to, "@in_response_to")?,
        );
        out.extended_headers = m.extended_headers;
        out.signature = m.signature;
        out.service_instances = m
            .service_instances
            .into_iter()
            .map(|s| {
                if !s.supported_queries.is_empty() {
                    return Err(ConvertError::to10("Service_Instance/Supported_Query"));
                }
                let mut i = v10::ServiceInstance::new(service_type_to10(s.service_type), s.contact);
                i.service_version = s.service_version;
                i.available = s.available;
                i.inbox_accepted_content = bindings_to10(
                    s.inbox_accepted_content,
                    "Service_Instance/Content_Binding/Subtype",
                )?;
                i.message = s.message;
                Ok(i)
            })
            .collect::<Result<_>>()?;
        Ok(out)
    }
}
