//! Discovery_Request / Discovery_Response (DIF-18).

use super::common::*;
use super::{convert, ConvertError, Result};
use crate::{v10, v11};

convert!(v10::DiscoveryRequest => v11::DiscoveryRequest, |m| {
    v11::DiscoveryRequest::new(m.message_id)
});

convert!(v11::DiscoveryRequest => v10::DiscoveryRequest, |m| {
    v10::DiscoveryRequest::new(id_to10(m.message_id, "@message_id")?)
});

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

convert!(v10::DiscoveryResponse => v11::DiscoveryResponse, |m| {
    let mut out = v11::DiscoveryResponse::new(m.message_id, m.in_response_to);
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
    out
});

convert!(v11::DiscoveryResponse => v10::DiscoveryResponse, |m| {
    let mut out = v10::DiscoveryResponse::new(
        id_to10(m.message_id, "@message_id")?,
        id_to10(m.in_response_to, "@in_response_to")?,
    );
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
    out
});
