//! Shared pieces: ids, service contacts, push parameters, content blocks, time ranges.

use chrono::Duration;

use super::{ConvertError, Result};
use crate::ids::{MessageId, Uri};
use crate::timestamp::Timestamp;
use crate::{v10, v11};

/// A 1.1 message id as a 1.0 one: digits only (G10-2).
pub(crate) fn id_to10(id: MessageId, field: &'static str) -> Result<MessageId> {
    if v10::is_valid_message_id(id.as_str()) {
        Ok(id)
    } else {
        Err(ConvertError::value10(
            field,
            id.into_string(),
            "decimal digits only (G10-2)",
        ))
    }
}

/// The exclusive lower bound equivalent to an inclusive one (labels are µs-precise).
pub(crate) fn exclusive_of(inclusive: Timestamp) -> Timestamp {
    Timestamp::from_datetime(inclusive.datetime() - Duration::microseconds(1))
}

/// The inclusive lower bound equivalent to an exclusive one.
pub(crate) fn inclusive_of(exclusive: Timestamp) -> Timestamp {
    Timestamp::from_datetime(exclusive.datetime() + Duration::microseconds(1))
}

/// 1.0 content binding ids as 1.1 bindings accepting every subtype.
pub(crate) fn bindings_to11(list: Vec<Uri>) -> Vec<v11::ContentBinding> {
    list.into_iter().map(v11::ContentBinding::new).collect()
}

/// 1.1 bindings as 1.0 ids; subtypes have no 1.0 counterpart (DIF-15).
pub(crate) fn bindings_to10(
    list: Vec<v11::ContentBinding>,
    subtype_field: &'static str,
) -> Result<Vec<Uri>> {
    list.into_iter()
        .map(|b| {
            if b.subtypes.is_empty() {
                Ok(b.binding_id)
            } else {
                Err(ConvertError::to10(subtype_field))
            }
        })
        .collect()
}

/// The content bindings of 1.1 subscription parameters, which 1.0 can only carry inside
/// `Push_Parameters`; response type FULL and no query are the only 1.0-expressible choices.
pub(crate) fn subscription_bindings_to10(
    params: Option<v11::QueryParameters>,
    has_push: bool,
    field: &'static str,
) -> Result<Vec<Uri>> {
    let Some(p) = params else {
        return Ok(Vec::new());
    };
    if p.response_type == Some(v11::ResponseType::CountOnly) {
        return Err(ConvertError::value10(
            field,
            "COUNT_ONLY",
            "FULL responses only (DIF-14)",
        ));
    }
    let (query, subtype) = match field {
        "Subscription_Parameters" => (
            "Subscription_Parameters/Query",
            "Subscription_Parameters/Content_Binding/Subtype",
        ),
        _ => (
            "Poll_Parameters/Query",
            "Poll_Parameters/Content_Binding/Subtype",
        ),
    };
    if p.query.is_some() {
        return Err(ConvertError::to10(query));
    }
    let bindings = bindings_to10(p.content_bindings, subtype)?;
    if !bindings.is_empty() && !has_push {
        return Err(ConvertError::only_with(
            "Subscription_Parameters/Content_Binding",
            "1.0",
            "1.0 carries content bindings only in Push_Parameters, and there are none",
        ));
    }
    Ok(bindings)
}

pub(crate) fn blocks_to11(list: Vec<v10::ContentBlock>) -> Vec<v11::ContentBlock> {
    let block_to11 = |b: v10::ContentBlock| {
        let mut out = v11::ContentBlock::new(b.content_binding, b.content);
        out.timestamp_label = b.timestamp_label;
        out.padding = b.padding;
        out.signatures = b.signatures;
        out
    };
    list.into_iter().map(block_to11).collect()
}

fn block_to10(b: v11::ContentBlock) -> Result<v10::ContentBlock> {
    if b.content_binding.subtype.is_some() {
        return Err(ConvertError::to10("Content_Block/Content_Binding/Subtype"));
    }
    if b.message.is_some() {
        return Err(ConvertError::to10("Content_Block/Message"));
    }
    let mut out = v10::ContentBlock::new(b.content_binding.binding_id, b.content);
    out.timestamp_label = b.timestamp_label;
    out.padding = b.padding;
    out.signatures = b.signatures;
    Ok(out)
}

pub(crate) fn blocks_to10(list: Vec<v11::ContentBlock>) -> Result<Vec<v10::ContentBlock>> {
    list.into_iter().map(block_to10).collect()
}

/// A 1.1 record count is implied in 1.0 only when it is exact and equals the block count.
pub(crate) fn record_count_to10(
    rc: Option<v11::RecordCount>,
    blocks: usize,
    field: &'static str,
) -> Result<()> {
    match rc {
        None => Ok(()),
        Some(rc) if !rc.is_partial() && usize::try_from(rc.count).ok() == Some(blocks) => Ok(()),
        Some(_) => Err(ConvertError::to10(field)),
    }
}
