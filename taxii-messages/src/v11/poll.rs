//! Poll_Request, Poll_Response and Poll_Fulfillment (checklist §2.8, §2.9, §2.11).

use crate::common::*;
use crate::ids::{MessageId, Uri};
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::v11::common::*;
use crate::v11::NS;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

/// What a poll asks for when not polling through a subscription (PRq11-9..PRq11-12).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PollParameters {
    /// Whether the server may answer PENDING (`None`: absent, meaning false).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub allow_asynch: Option<bool>,
    /// Response type, content bindings and query.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub query_parameters: QueryParameters,
    /// Where to push asynchronous results (only with `allow_asynch`, C11-3).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub delivery_parameters: Option<PushParameters>,
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

/// Requests content from a collection (§2.8).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PollRequest {
    /// This message's id.
    pub message_id: MessageId,
    /// The collection polled.
    pub collection_name: Uri,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// Labels strictly greater than this (PRq11-4).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub exclusive_begin_timestamp: Option<Timestamp>,
    /// Labels less than or equal to this (PRq11-5).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub inclusive_end_timestamp: Option<Timestamp>,
    /// Subscription or parameters.
    pub selection: PollSelection,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl PollRequest {
    /// A poll of `collection_name` with the given selection.
    pub fn new(message_id: MessageId, collection_name: Uri, selection: PollSelection) -> Self {
        PollRequest {
            message_id,
            collection_name,
            extended_headers: Vec::new(),
            exclusive_begin_timestamp: None,
            inclusive_end_timestamp: None,
            selection,
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_attr(c, &mut el, "message_id")?;
        let collection_name = uri_attr(c, &mut el, "collection_name")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let exclusive_begin_timestamp = opt_timestamp(c, &el, NS, "Exclusive_Begin_Timestamp")?;
        let inclusive_end_timestamp = opt_timestamp(c, &el, NS, "Inclusive_End_Timestamp")?;
        let selection = if let Some(s) = opt_uri_element(c, &el, NS, "Subscription_ID")? {
            PollSelection::SubscriptionId(s)
        } else if let Some(mut p) = c.child(&el, NS, "Poll_Parameters")? {
            let allow_asynch = bool_attr(c, &mut p, "allow_asynch")?;
            let query_parameters = QueryParameters::decode_fields(c, &p)?;
            let delivery_parameters = match c.child(&p, NS, "Delivery_Parameters")? {
                Some(d) => Some(PushParameters::decode(c, d)?),
                None => None,
            };
            c.end(p)?;
            PollSelection::PollParameters(PollParameters {
                allow_asynch,
                query_parameters,
                delivery_parameters,
            })
        } else {
            return Err(c
                .error_in(&el, K::MissingElement("Subscription_ID or Poll_Parameters"))
                .with_rule("C11-1"));
        };
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(PollRequest {
            message_id,
            collection_name,
            extended_headers,
            exclusive_begin_timestamp,
            inclusive_end_timestamp,
            selection,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("collection_name", self.collection_name.as_str());
        encode_extended_headers(w, &self.extended_headers);
        write_timestamp(
            w,
            "Exclusive_Begin_Timestamp",
            self.exclusive_begin_timestamp.as_ref(),
        );
        write_timestamp(
            w,
            "Inclusive_End_Timestamp",
            self.inclusive_end_timestamp.as_ref(),
        );
        match &self.selection {
            PollSelection::SubscriptionId(s) => w.text_element("Subscription_ID", s.as_str()),
            PollSelection::PollParameters(p) => {
                w.start("Poll_Parameters");
                w.bool_attr("allow_asynch", p.allow_asynch);
                p.query_parameters.encode_fields(w);
                if let Some(d) = &p.delivery_parameters {
                    d.encode(w, "Delivery_Parameters");
                }
                w.end("Poll_Parameters");
            }
        }
        encode_signature(w, self.signature.as_ref());
    }
}

/// Content (or a count) from a collection, possibly one part of several (§2.9).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PollResponse {
    /// This message's id.
    pub message_id: MessageId,
    /// The Poll_Request's or Poll_Fulfillment's id.
    pub in_response_to: MessageId,
    /// The collection polled.
    pub collection_name: Uri,
    /// More parts follow (`None`: absent, meaning false).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub more: Option<bool>,
    /// The result set's id (required when `more`, C11-4).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub result_id: Option<Uri>,
    /// This part's number (`None`: absent, meaning 1).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub result_part_number: Option<u64>,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// The subscription served, if any.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub subscription_id: Option<Uri>,
    /// Start of the range considered (exclusive).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub exclusive_begin_timestamp: Option<Timestamp>,
    /// End of the range considered (inclusive; required for a Data Feed).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub inclusive_end_timestamp: Option<Timestamp>,
    /// How many records matched.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub record_count: Option<RecordCount>,
    /// A human-readable message.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    /// The content.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub content_blocks: Vec<ContentBlock>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl PollResponse {
    /// An empty, single-part response.
    pub fn new(message_id: MessageId, in_response_to: MessageId, collection_name: Uri) -> Self {
        PollResponse {
            message_id,
            in_response_to,
            collection_name,
            more: None,
            result_id: None,
            result_part_number: None,
            extended_headers: Vec::new(),
            subscription_id: None,
            exclusive_begin_timestamp: None,
            inclusive_end_timestamp: None,
            record_count: None,
            message: None,
            content_blocks: Vec::new(),
            signature: None,
        }
    }

    /// Whether more parts follow.
    pub fn has_more(&self) -> bool {
        self.more.unwrap_or(false)
    }

    /// This part's number (1 when absent).
    pub fn part_number(&self) -> u64 {
        self.result_part_number.unwrap_or(1)
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_attr(c, &mut el, "message_id")?;
        let in_response_to = message_id_attr(c, &mut el, "in_response_to")?;
        let collection_name = uri_attr(c, &mut el, "collection_name")?;
        let more = bool_attr(c, &mut el, "more")?;
        let result_id = opt_uri_attr(c, &mut el, "result_id")?;
        let result_part_number = positive_attr(c, &mut el, "result_part_number")?;
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let subscription_id = opt_uri_element(c, &el, NS, "Subscription_ID")?;
        let exclusive_begin_timestamp = opt_timestamp(c, &el, NS, "Exclusive_Begin_Timestamp")?;
        let inclusive_end_timestamp = opt_timestamp(c, &el, NS, "Inclusive_End_Timestamp")?;
        let record_count = RecordCount::decode_opt(c, &el)?;
        let message = opt_string_element(c, &el, NS, "Message")?;
        let content_blocks = decode_content_blocks(c, &el)?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(PollResponse {
            message_id,
            in_response_to,
            collection_name,
            more,
            result_id,
            result_part_number,
            extended_headers,
            subscription_id,
            exclusive_begin_timestamp,
            inclusive_end_timestamp,
            record_count,
            message,
            content_blocks,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("in_response_to", self.in_response_to.as_str());
        w.attr("collection_name", self.collection_name.as_str());
        w.bool_attr("more", self.more);
        w.opt_attr("result_id", self.result_id.as_ref().map(Uri::as_str));
        if let Some(n) = self.result_part_number {
            w.attr("result_part_number", &n.to_string());
        }
        encode_extended_headers(w, &self.extended_headers);
        w.opt_text_element(
            "Subscription_ID",
            self.subscription_id.as_ref().map(Uri::as_str),
        );
        write_timestamp(
            w,
            "Exclusive_Begin_Timestamp",
            self.exclusive_begin_timestamp.as_ref(),
        );
        write_timestamp(
            w,
            "Inclusive_End_Timestamp",
            self.inclusive_end_timestamp.as_ref(),
        );
        if let Some(rc) = &self.record_count {
            rc.encode(w);
        }
        w.opt_text_element("Message", self.message.as_deref());
        for b in &self.content_blocks {
            b.encode(w);
        }
        encode_signature(w, self.signature.as_ref());
    }
}

/// Asks for one part of a multi-part or asynchronous result (§2.11).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PollFulfillmentRequest {
    /// This message's id.
    pub message_id: MessageId,
    /// The collection polled.
    pub collection_name: Uri,
    /// The result set's id.
    pub result_id: Uri,
    /// The part wanted (required on send; read as 1 when absent in lenient mode, AMB-1).
    pub result_part_number: u64,
    /// Extended headers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub extended_headers: Vec<ExtendedHeader>,
    /// A message-level `ds:Signature`, raw.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub signature: Option<RawXml>,
}

impl PollFulfillmentRequest {
    /// A request for part `result_part_number` of `result_id`.
    pub fn new(
        message_id: MessageId,
        collection_name: Uri,
        result_id: Uri,
        result_part_number: u64,
    ) -> Self {
        PollFulfillmentRequest {
            message_id,
            collection_name,
            result_id,
            result_part_number,
            extended_headers: Vec::new(),
            signature: None,
        }
    }

    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let message_id = message_id_attr(c, &mut el, "message_id")?;
        let collection_name = uri_attr(c, &mut el, "collection_name")?;
        let result_id = uri_attr(c, &mut el, "result_id")?;
        // Optional in the published XSD, required by the spec (PF11-4): absent means part 1.
        let result_part_number = positive_attr(c, &mut el, "result_part_number")?.unwrap_or(1);
        let extended_headers = decode_extended_headers(c, &el, NS)?;
        let signature = decode_signature(c, &el)?;
        c.end(el)?;
        Ok(PollFulfillmentRequest {
            message_id,
            collection_name,
            result_id,
            result_part_number,
            extended_headers,
            signature,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.attr("message_id", self.message_id.as_str());
        w.attr("collection_name", self.collection_name.as_str());
        w.attr("result_id", self.result_id.as_str());
        w.attr("result_part_number", &self.result_part_number.to_string());
        encode_extended_headers(w, &self.extended_headers);
        encode_signature(w, self.signature.as_ref());
    }
}
