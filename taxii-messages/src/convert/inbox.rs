//! Inbox_Message (DIF-16, DIF-17).

use super::common::*;
use super::{convert, ConvertError, Result};
use crate::{v10, v11};

convert!(v10::InboxMessage => v11::InboxMessage, |m| {
    let mut out = v11::InboxMessage::new(m.message_id);
    out.message = m.message;
    out.source_subscription = m.source_subscription.map(|s| {
        let mut o = v11::SourceSubscription::new(s.feed_name, s.subscription_id);
        o.exclusive_begin_timestamp = s.inclusive_begin_timestamp.map(exclusive_of);
        o.inclusive_end_timestamp = Some(s.inclusive_end_timestamp);
        o
    });
    out.content_blocks = blocks_to11(m.content_blocks);
    out
});

convert!(v11::InboxMessage => v10::InboxMessage, |m| {
    if m.result_id.is_some() {
        return Err(ConvertError::to10("Inbox_Message/@result_id"));
    }
    if !m.destination_collection_names.is_empty() {
        return Err(ConvertError::to10(
            "Inbox_Message/Destination_Collection_Name",
        ));
    }
    record_count_to10(
        m.record_count,
        m.content_blocks.len(),
        "Inbox_Message/Record_Count",
    )?;
    let mut out = v10::InboxMessage::new(id_to10(m.message_id, "@message_id")?);
    out.message = m.message;
    out.source_subscription = match m.source_subscription {
        None => None,
        Some(s) => {
            let Some(end) = s.inclusive_end_timestamp else {
                return Err(ConvertError::value10("Source_Subscription/Inclusive_End_Timestamp", "", "an end timestamp (required in 1.0, IM10-8)"));
            };
            let mut o = v10::SourceSubscription::new(s.collection_name, s.subscription_id, end);
            o.inclusive_begin_timestamp = s.exclusive_begin_timestamp.map(inclusive_of);
            Some(o)
        }
    };
    out.content_blocks = blocks_to10(m.content_blocks)?;
    out
});
