//! Discovery: the four services this server offers.

use taxii_messages::v11::{
    DiscoveryResponse, Message, ServiceInstance, ServiceType, SERVICES_VERSION,
};
use taxii_messages::Uri;

use super::Exchange;
use crate::server::state::new_message_id;

pub(super) fn answer(ex: &Exchange<'_>) -> Message {
    let mut resp = DiscoveryResponse::new(new_message_id(), ex.request_id.clone());
    for (t, text) in [
        (ServiceType::Discovery, "Discovery service"),
        (
            ServiceType::CollectionManagement,
            "Collection management service",
        ),
        (ServiceType::Poll, "Poll service"),
        (ServiceType::Inbox, "Inbox service"),
    ] {
        let mut s = ServiceInstance::new(t, ex.state.contact(t));
        s.service_version = Uri::new(SERVICES_VERSION).expect("constant URI");
        s.available = Some(true);
        s.message = Some(text.into());
        resp.service_instances.push(s);
    }
    resp.into()
}
