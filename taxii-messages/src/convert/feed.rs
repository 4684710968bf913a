//! Feed Information ⇄ Collection Information (DIF-3, DIF-4, DIF-19).

use super::common::*;
use super::{convert, ConvertError, Result};
use crate::{v10, v11};

convert!(v10::FeedInformationRequest => v11::CollectionInformationRequest, |m| {
    v11::CollectionInformationRequest::new(m.message_id)
});

convert!(v11::CollectionInformationRequest => v10::FeedInformationRequest, |m| {
    v10::FeedInformationRequest::new(id_to10(m.message_id, "@message_id")?)
});

fn feed_to11(f: v10::Feed) -> v11::CollectionInformation {
    let mut c = v11::CollectionInformation::new(f.feed_name, f.description);
    c.available = f.available;
    c.content_bindings = bindings_to11(f.content_bindings);
    c.push_methods = f.push_methods;
    c.polling_services = f.polling_services;
    c.subscription_services = f.subscription_services;
    c
}

fn collection_to10(c: v11::CollectionInformation) -> Result<v10::Feed> {
    if c.collection_type == Some(v11::CollectionType::DataSet) {
        return Err(ConvertError::value10(
            "Collection/@collection_type",
            "DATA_SET",
            "a data feed (1.0 has only ordered feeds, DIF-4)",
        ));
    }
    if c.collection_volume.is_some() {
        return Err(ConvertError::to10("Collection/Collection_Volume"));
    }
    if !c.receiving_inbox_services.is_empty() {
        return Err(ConvertError::to10("Collection/Receiving_Inbox_Service"));
    }
    if c.push_methods.is_empty() && c.polling_services.is_empty() {
        return Err(ConvertError::value10(
            "Collection",
            c.collection_name.into_string(),
            "a Push_Method or a Polling_Service (FIRs10-8)",
        ));
    }
    let mut f = v10::Feed::new(
        c.collection_name,
        c.description,
        bindings_to10(c.content_bindings, "Collection/Content_Binding/Subtype")?,
    );
    f.available = c.available;
    f.push_methods = c.push_methods;
    f.polling_services = c.polling_services;
    f.subscription_services = c.subscription_services;
    Ok(f)
}

convert!(v10::FeedInformationResponse => v11::CollectionInformationResponse, |m| {
    let mut out = v11::CollectionInformationResponse::new(m.message_id, m.in_response_to);
    out.collections = m.feeds.into_iter().map(feed_to11).collect();
    out
});

convert!(v11::CollectionInformationResponse => v10::FeedInformationResponse, |m| {
    let mut out = v10::FeedInformationResponse::new(
        id_to10(m.message_id, "@message_id")?,
        id_to10(m.in_response_to, "@in_response_to")?,
    );
    out.feeds = m
        .collections
        .into_iter()
        .map(collection_to10)
        .collect::<Result<_>>()?;
    out
});
