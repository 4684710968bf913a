//! Inbox (IN-*): content into collections, durable before SUCCESS is sent.

use taxii_messages::namespaces::{DEFAULT_QUERY, TAXII_10, TAXII_11};
use taxii_messages::v11::{self, InboxMessage, Message};
use taxii_messages::StatusType;

use super::Exchange;
use crate::store::NewBlock;

pub(super) fn answer(ex: &Exchange<'_>, msg: InboxMessage) -> Message {
    let config = &ex.state.config;
    let writable: Vec<&str> = config
        .collections
        .iter()
        .filter(|c| c.writable && ex.may_write(&c.name))
        .map(|c| c.name.as_str())
        .collect();
    let destinations: Vec<String> = if msg.destination_collection_names.is_empty() {
        // IN-3: a destination is required unless only one collection could take the content.
        match writable.as_slice() {
            [only] => vec![(*only).to_owned()],
            _ => return destination_error(ex, &writable, "name a Destination_Collection_Name"),
        }
    } else {
        msg.destination_collection_names
            .iter()
            .map(|d| d.as_str().to_owned())
            .collect()
    };
    for d in &destinations {
        if !writable.contains(&d.as_str()) {
            return destination_error(
                ex,
                &writable,
                &format!("collection {d} does not accept content from you"),
            );
        }
    }
    let mut blocks = Vec::with_capacity(msg.content_blocks.len());
    for b in &msg.content_blocks {
        let binding = b.content_binding.binding_id.as_str();
        for d in &destinations {
            let accepted = &config
                .collection(d)
                .map(|c| c.content_bindings.clone())
                .unwrap_or_default();
            if !accepted.is_empty() && !accepted.iter().any(|a| a == binding) {
                let mut st = ex.status(
                    StatusType::UnsupportedContent,
                    format!("collection {d} does not accept {binding}"),
                );
                for a in accepted {
                    st = st.with_detail(v11::detail::SUPPORTED_CONTENT, a);
                }
                return st.into();
            }
        }
        blocks.push(NewBlock {
            binding: binding.to_owned(),
            subtype: b
                .content_binding
                .subtype
                .as_ref()
                .map(|s| s.as_str().to_owned()),
            message: b.message.clone(),
            namespaces: b
                .content
                .namespaces()
                .iter()
                .filter(|n| ![TAXII_10, TAXII_11, DEFAULT_QUERY].contains(&n.uri.as_str()))
                .map(|n| (n.prefix.clone(), n.uri.clone()))
                .collect(),
            body: b.content.as_bytes().to_vec(),
        });
    }
    let now = chrono::Utc::now().timestamp_micros();
    match ex.state.store.insert(&destinations, &blocks, now) {
        Ok(_) => ex
            .status(
                StatusType::Success,
                format!("{} block(s) stored", blocks.len()),
            )
            .into(),
        Err(e) => ex.store_failed(e),
    }
}

fn destination_error(ex: &Exchange<'_>, writable: &[&str], why: &str) -> Message {
    let mut st = ex.status(StatusType::DestinationCollectionError, why);
    for w in writable {
        st = st.with_detail(v11::detail::ACCEPTABLE_DESTINATION, w);
    }
    st.into()
}
