//! One poll result out of its parts (MP-2..MP-4).

use taxii_messages::v11::PollResponse;

/// Why parts do not make one complete result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// No parts were given.
    #[error("no parts to merge")]
    Empty,
    /// A part is missing or out of order (parts count from 1, MP-3).
    #[error("part {got} found where part {expected} belongs")]
    OutOfOrder {
        /// The part number due.
        expected: u64,
        /// The part number found.
        got: u64,
    },
    /// A part belongs to another result set or collection.
    #[error("part {part} belongs to another result (result id or collection differs)")]
    OtherResult {
        /// The part number.
        part: u64,
    },
    /// The last part says more parts follow (MP-2).
    #[error("part {last} is the last given but says more parts follow")]
    Incomplete {
        /// The last part's number.
        last: u64,
    },
}

/// Joins the parts of a multi-part poll result, in order, into one response: the first
/// part's ids, window and headers, every part's content blocks, the last part's record
/// count, and `more`, `result_id` and `result_part_number` left out: the answer stands
/// alone, as a TAXII 1.0 Poll_Response must. Part signatures are dropped, since each
/// covered only its own part.
pub fn merge_parts(parts: Vec<PollResponse>) -> Result<PollResponse, MergeError> {
    let mut parts = parts.into_iter();
    let mut merged = parts.next().ok_or(MergeError::Empty)?;
    let mut last = check_number(&merged, 1)?;
    let mut more = merged.has_more();
    for part in parts {
        let n = check_number(&part, last + 1)?;
        if part.result_id != merged.result_id || part.collection_name != merged.collection_name {
            return Err(MergeError::OtherResult { part: n });
        }
        more = part.has_more();
        if part.record_count.is_some() {
            merged.record_count = part.record_count;
        }
        merged.content_blocks.extend(part.content_blocks);
        last = n;
    }
    if more {
        return Err(MergeError::Incomplete { last });
    }
    merged.more = None;
    merged.result_id = None;
    merged.result_part_number = None;
    merged.signature = None;
    Ok(merged)
}

fn check_number(part: &PollResponse, expected: u64) -> Result<u64, MergeError> {
    let got = part.result_part_number.unwrap_or(1);
    if got == expected {
        Ok(got)
    } else {
        Err(MergeError::OutOfOrder { expected, got })
    }
}
