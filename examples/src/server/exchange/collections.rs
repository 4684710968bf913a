//! Collection information: the collections the requester may see (CM-*).

use taxii_messages::v11::{
    CollectionInformation, CollectionInformationResponse, CollectionType, ContentBinding,
    InboxService, Message, ServiceType,
};
use taxii_messages::Uri;

use super::Exchange;
use crate::server::state::new_message_id;
use crate::store::Selection;

pub(super) fn answer(ex: &Exchange<'_>) -> Message {
    let state = ex.state;
    let mut resp = CollectionInformationResponse::new(new_message_id(), ex.request_id.clone());
    for c in &state.config.collections {
        if !ex.may_read(&c.name) && !ex.may_write(&c.name) {
            continue;
        }
        let Ok(name) = Uri::new(c.name.as_str()) else {
            continue;
        };
        let mut info = CollectionInformation::new(name, c.description.clone());
        info.collection_type = Some(if c.kind == "DATA_SET" {
            CollectionType::DataSet
        } else {
            CollectionType::DataFeed
        });
        info.available = Some(true);
        let sel = Selection {
            collection: c.name.clone(),
            ..Selection::default()
        };
        match state.store.count(&sel) {
            Ok(n) => info.collection_volume = Some(n),
            Err(e) => return ex.store_failed(e),
        }
        info.content_bindings = c
            .content_bindings
            .iter()
            .filter_map(|b| Uri::new(b.as_str()).ok())
            .map(ContentBinding::new)
            .collect();
        if ex.may_read(&c.name) {
            let poll = state.contact(ServiceType::Poll);
            info.polling_services.push(poll);
            info.subscription_services
                .push(state.contact(ServiceType::CollectionManagement));
        }
        if c.writable && ex.may_write(&c.name) {
            let mut inbox = InboxService::new(state.contact(ServiceType::Inbox));
            inbox.content_bindings = info.content_bindings.clone();
            info.receiving_inbox_services.push(inbox);
        }
        resp.collections.push(info);
    }
    resp.into()
}
