//! Poll_Request, Poll_Response and Poll_Fulfillment (checklist §2.8, §2.9, §2.11).

use crate::codec::{Attr, Child};
use crate::ids::{MessageId, Uri};
use crate::namespaces::Ns;
use crate::timestamp::Timestamp;
use crate::v11::common::*;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

crate::codec::element! {
    /// What a poll asks for when not polling through a subscription (PRq11-9..PRq11-12).
    #[derive(Default)]
    pub struct PollParameters {
        /// Whether the server may answer PENDING (`None`: absent, meaning false).
        allow_asynch: Option<bool> = attr,
        /// Response type, content bindings and query.
        #[cfg_attr(feature = "serde", serde(flatten))]
        query_parameters: QueryParameters = flat,
        /// Where to push asynchronous results (only with `allow_asynch`, C11-3).
        delivery_parameters: Option<PushParameters> = child "Delivery_Parameters",
    }
}

impl PollParameters {
    /// Whether asynchronous answers are allowed.
    pub fn allows_asynch(&self) -> bool {
        self.allow_asynch.unwrap_or(false)
    }
}

/// How a poll selects its records: a subscription or explicit parameters (C11-1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PollSelection {
    /// Use an established subscription's parameters.
    SubscriptionId(Uri),
    /// Use these parameters.
    PollParameters(PollParameters),
}

crate::codec::element! {
    /// Requests content from a collection (§2.8).
    pub struct PollRequest {
        message_id,
        /// The collection polled.
        collection_name: Uri = attr,
        extended_headers,
        /// Labels strictly greater than this (PRq11-4).
        exclusive_begin_timestamp: Option<Timestamp> = child "Exclusive_Begin_Timestamp",
        /// Labels less than or equal to this (PRq11-5).
        inclusive_end_timestamp: Option<Timestamp> = child "Inclusive_End_Timestamp",
        /// Subscription or parameters.
        selection: PollSelection = with(selection, selection_out),
        signature,
    }
    new: "A poll of `collection_name` with the given selection.";
}

crate::codec::element! {
    /// Content (or a count) from a collection, possibly one part of several (§2.9).
    pub struct PollResponse {
        message_id,
        /// The Poll_Request's or Poll_Fulfillment's id.
        in_response_to: MessageId = attr,
        /// The collection polled.
        collection_name: Uri = attr,
        /// More parts follow (`None`: absent, meaning false).
        more: Option<bool> = attr,
        /// The result set's id (required when `more`, C11-4).
        result_id: Option<Uri> = attr,
        /// This part's number (`None`: absent, meaning 1).
        result_part_number: Option<u64> = attr,
        extended_headers,
        /// The subscription served, if any.
        subscription_id: Option<Uri> = child "Subscription_ID",
        /// Start of the range considered (exclusive).
        exclusive_begin_timestamp: Option<Timestamp> = child "Exclusive_Begin_Timestamp",
        /// End of the range considered (inclusive; required for a Data Feed).
        inclusive_end_timestamp: Option<Timestamp> = child "Inclusive_End_Timestamp",
        /// How many records matched.
        record_count: Option<RecordCount> = child "Record_Count",
        message,
        /// The content.
        content_blocks: Vec<ContentBlock> = child "Content_Block",
        signature,
    }
    new: "An empty, single-part response.";
}

impl PollResponse {
    /// Whether more parts follow.
    pub fn has_more(&self) -> bool {
        self.more.unwrap_or(false)
    }

    /// This part's number (1 when absent).
    pub fn part_number(&self) -> u64 {
        self.result_part_number.unwrap_or(1)
    }
}

crate::codec::element! {
    /// Asks for one part of a multi-part or asynchronous result (§2.11).
    pub struct PollFulfillmentRequest {
        message_id,
        /// The collection polled.
        collection_name: Uri = attr,
        /// The result set's id.
        result_id: Uri = attr,
        /// The part wanted (required on send; read as 1 when absent in lenient mode, AMB-1).
        result_part_number: u64 = with(part_number, part_number_out),
        extended_headers,
        signature,
    }
    new: "A request for part `result_part_number` of `result_id`.";
}

/// Exactly one of `Subscription_ID` and `Poll_Parameters` (C11-1).
fn selection<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<PollSelection> {
    if let Some(s) = Option::<Uri>::decode_child(c, el, ns, "Subscription_ID")? {
        return Ok(PollSelection::SubscriptionId(s));
    }
    match Option::<PollParameters>::decode_child(c, el, ns, "Poll_Parameters")? {
        Some(p) => Ok(PollSelection::PollParameters(p)),
        None => Err(c
            .error_in(el, K::MissingElement("Subscription_ID or Poll_Parameters"))
            .with_rule("C11-1")),
    }
}

fn selection_out(s: &PollSelection, w: &mut XmlWriter<'_>) {
    match s {
        PollSelection::SubscriptionId(s) => s.encode_child(w, "Subscription_ID"),
        PollSelection::PollParameters(p) => p.encode_child(w, "Poll_Parameters"),
    }
}

/// Optional in the published XSD, required by the spec (PF11-4): absent means part 1.
fn part_number<'a>(c: &mut Cursor<'a>, el: &mut Element<'a>, ns: Ns) -> Result<u64> {
    Ok(Option::<u64>::decode_attr(c, el, ns, "result_part_number")?.unwrap_or(1))
}

fn part_number_out(n: &u64, w: &mut XmlWriter<'_>) {
    n.encode_attr(w, "result_part_number");
}
