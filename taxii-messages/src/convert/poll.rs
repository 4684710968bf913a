//! Poll_Request / Poll_Response (DIF-12..DIF-14, DIF-23).

use super::common::*;
use super::{convert, ConvertError, Result};
use crate::{v10, v11};

convert!(v10::PollRequest => v11::PollRequest, |m| {
    let selection =
        match m.subscription_id {
            Some(id) if m.content_bindings.is_empty() => v11::PollSelection::SubscriptionId(id),
            // 1.1 takes the bindings from the subscription: both cannot be said (C11-1).
            Some(_) => return Err(ConvertError::only_with(
                "Content_Binding",
                "1.1",
                "with a Subscription_ID, 1.1 takes the bindings from the subscription (C11-1)",
            )),
            None => {
                let mut p = v11::PollParameters::default();
                p.query_parameters.content_bindings = bindings_to11(m.content_bindings);
                v11::PollSelection::PollParameters(p)
            }
        };
    let mut out = v11::PollRequest::new(m.message_id, m.feed_name, selection);
    out.exclusive_begin_timestamp = m.exclusive_begin_timestamp;
    out.inclusive_end_timestamp = m.inclusive_end_timestamp;
    out
});

convert!(v11::PollRequest => v10::PollRequest, |m| {
    let mut out =
        v10::PollRequest::new(id_to10(m.message_id, "@message_id")?, m.collection_name);
    match m.selection {
        v11::PollSelection::SubscriptionId(id) => out.subscription_id = Some(id),
        v11::PollSelection::PollParameters(p) => {
            if p.allow_asynch == Some(true) {
                return Err(ConvertError::to10("Poll_Parameters/@allow_asynch"));
            }
            if p.delivery_parameters.is_some() {
                return Err(ConvertError::to10("Poll_Parameters/Delivery_Parameters"));
            }
            out.content_bindings =
                subscription_bindings_to10(Some(p.query_parameters), true, "Poll_Parameters")?;
        }
    }
    out.exclusive_begin_timestamp = m.exclusive_begin_timestamp;
    out.inclusive_end_timestamp = m.inclusive_end_timestamp;
    out
});

convert!(v10::PollResponse => v11::PollResponse, |m| {
    let mut out = v11::PollResponse::new(m.message_id, m.in_response_to, m.feed_name);
    out.subscription_id = m.subscription_id;
    out.message = m.message;
    out.exclusive_begin_timestamp = m.inclusive_begin_timestamp.map(exclusive_of);
    out.inclusive_end_timestamp = Some(m.inclusive_end_timestamp);
    out.content_blocks = blocks_to11(m.content_blocks);
    out
});

convert!(v11::PollResponse => v10::PollResponse, |m| {
    // `more="false"` and part 1 are what a single-part 1.0 response means (LT-20).
    if m.more == Some(true) {
        return Err(ConvertError::to10("Poll_Response/@more"));
    }
    if m.result_id.is_some() {
        return Err(ConvertError::to10("Poll_Response/@result_id"));
    }
    if m.result_part_number.is_some_and(|n| n != 1) {
        return Err(ConvertError::to10("Poll_Response/@result_part_number"));
    }
    record_count_to10(
        m.record_count,
        m.content_blocks.len(),
        "Poll_Response/Record_Count",
    )?;
    let Some(end) = m.inclusive_end_timestamp else {
        return Err(ConvertError::value10("Poll_Response/Inclusive_End_Timestamp", "", "an end timestamp (required in 1.0, PRs10-7)"));
    };
    let mut out = v10::PollResponse::new(
        id_to10(m.message_id, "@message_id")?,
        id_to10(m.in_response_to, "@in_response_to")?,
        m.collection_name,
        end,
    );
    out.subscription_id = m.subscription_id;
    out.message = m.message;
    out.inclusive_begin_timestamp = m.exclusive_begin_timestamp.map(inclusive_of);
    out.content_blocks = blocks_to10(m.content_blocks)?;
    out
});
