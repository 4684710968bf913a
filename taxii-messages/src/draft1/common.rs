//! Draft 1 header, subscription record and value helpers (checklist §8.2).

use crate::draft1::NS;
use crate::namespaces::Ns;
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

crate::codec::element! {
    /// What every Draft 1 message carries: ids and extended headers (`TAXII_Message_Type`).
    pub struct Header {
        /// The message id (a GUID in Draft 1, kept as written, D1-DIF-5).
        message_id: String = with(message_id, message_id_out),
        /// The id of the message this answers (optional everywhere in Draft 1, D1-DIF-6).
        in_response_to: Option<String> = attr "in-response-to",
        /// The content of `<extended-headers>`: arbitrary elements, verbatim (D1-DIF-7).
        extended_headers: Option<RawXml> = child "extended-headers",
    }
    new: "A header with a message id only.";
}

impl Header {
    /// A header answering `in_response_to`.
    pub fn response(message_id: impl Into<String>, in_response_to: impl Into<String>) -> Self {
        Header {
            in_response_to: Some(in_response_to.into()),
            ..Header::new(message_id)
        }
    }
}

fn message_id<'a>(c: &mut Cursor<'a>, el: &mut Element<'a>, _: Ns) -> Result<String> {
    let id = c.required_attr(el, "message-id")?.into_owned();
    if id.trim().is_empty() {
        return Err(c.invalid(el, "message-id", &id, "a non-empty id"));
    }
    Ok(id)
}

fn message_id_out(id: &str, w: &mut XmlWriter<'_>) {
    w.attr("message-id", id);
}

crate::codec::element! {
    /// How a subscription is delivered (`subscriptionRecordType`).
    pub struct SubscriptionRecord {
        /// Whether content must be protected; the XSD requires it, the sample omits it.
        protect: Option<bool> = child "protect",
        /// A protocol binding id, or `POLL` (D1-ID-6).
        delivery_method: String = child "delivery-method",
        /// The message binding id.
        message_binding: String = child "message-binding",
        /// The content binding id (a STIX Version ID such as `STIX_XML_1.0`).
        content_binding: String = child "content-binding",
        /// Where to push (empty when the delivery method is `POLL`).
        send_to: String = child "send-to",
    }
    new: "A record without `protect`.";
}

/// Reads an `xs:dateTime` (the zone is optional in Draft 1, D1-DIF-16), kept as written.
pub(crate) fn datetime_element<'a>(
    c: &mut Cursor<'a>,
    parent: &Element<'a>,
    local: &'static str,
) -> Result<Option<String>> {
    let Some(el) = c.child(parent, NS, local)? else {
        return Ok(None);
    };
    let offset = el.offset;
    let text = c.text(el)?.into_owned();
    if !is_draft_time(&text) {
        let value = crate::error::excerpt(&text);
        let kind = K::InvalidValue {
            field: local,
            value,
            expected: DRAFT_TIME,
        };
        return Err(c.error_at(offset, kind));
    }
    Ok(Some(text))
}

/// What a Draft 1 time looks like.
pub(crate) const DRAFT_TIME: &str = "an xs:dateTime, YYYY-MM-DDThh:mm:ss[.f][zone]";

/// Whether `text` is an `xs:dateTime`, with or without a zone.
pub(crate) fn is_draft_time(text: &str) -> bool {
    let t = text.trim();
    Timestamp::parse(t).is_ok()
        || chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
}

/// A Draft 1 time as a TAXII timestamp, when it names its zone (a zoneless Draft 1 time is
/// the producer's local time, which a TAXII timestamp cannot express).
pub fn draft_time_to_timestamp(text: &str) -> Option<Timestamp> {
    Timestamp::parse(text.trim()).ok()
}
