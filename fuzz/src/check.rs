//! The properties every target checks.
//!
//! * Decoding arbitrary bytes returns `Ok` or a `DecodeError`; it never panics, and the
//!   error's position lies inside the input.
//! * A decoded message encodes to XML that decodes again to an equal message, and that
//!   second encoding is byte-identical to the first (the encoder is a fixed point).
//! * Accessors that look inside raw payloads (`RawXml::text`, `to_standalone`, ...) never
//!   panic on anything the decoder accepted.

use bytes::Bytes;
use taxii_messages::{
    decode_with, draft1, query, v11, DecodeError, DecodeOptions, Message, RawXml, StatusType,
};

/// Target `decode_message`: any bytes, decoded at every level.
pub fn decode_message(data: &[u8]) {
    for options in [
        DecodeOptions::schema(),
        DecodeOptions::permissive(),
        DecodeOptions::strict(),
    ] {
        if let Some(msg) = decode_checked(data, &options) {
            touch(&msg);
            roundtrip_with(&msg, &options);
        }
    }
}

/// Target `decode_draft1`: TAXII 1.0 Draft 1 documents and the GET query form of its
/// requests; what decodes round-trips.
pub fn decode_draft1(data: &[u8]) {
    let options = DecodeOptions::default();
    match draft1::decode_with(Bytes::copy_from_slice(data), &options) {
        Ok(msg) => {
            let xml = msg.to_xml();
            let again = draft1::decode(xml.as_bytes())
                .unwrap_or_else(|e| panic!("Draft 1 re-encoding does not decode: {e}\n{xml}"));
            assert_eq!(again, msg, "decode(encode(m)) != m\n{xml}");
            assert_eq!(again.to_xml(), xml, "the encoding is not stable");
            let mut ctx = taxii_messages::convert::Draft1Context::new(
                taxii_messages::SequentialGenerator::starting_at(1),
            );
            if let Ok(v10) = msg.into_v10(&mut ctx) {
                roundtrip(&Message::V10(v10));
            }
        }
        Err(e) => check_error(&e, data),
    }
    if let Ok(query) = std::str::from_utf8(data) {
        if let Ok((msg, _extra)) = draft1::request_from_query(query) {
            let xml = msg.to_xml();
            let again = draft1::decode(xml.as_bytes()).unwrap_or_else(|e| {
                panic!("a GET request does not encode to XML that decodes: {e}\n{xml}")
            });
            assert_eq!(again, msg);
        }
    }
}

/// Target `convert_message`: what decodes and converts to the other TAXII version
/// (1.0 <-> 1.1) is a valid message of that version: it round-trips.
pub fn convert_message(data: &[u8]) {
    let options = DecodeOptions::default();
    let Some(msg) = decode_checked(data, &options) else {
        return;
    };
    let other = match msg {
        Message::V10(m) => v11::Message::try_from(m).ok().map(Message::V11),
        Message::V11(m) => taxii_messages::v10::Message::try_from(m)
            .ok()
            .map(Message::V10),
        _ => None,
    };
    if let Some(other) = other {
        roundtrip_with(&other, &options);
    }
}

/// Opening of the Poll_Request that carries a fuzzed Default Query.
const POLL_HEAD: &str = concat!(
    r#"<taxii_11:Poll_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" "#,
    r#"xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="1" collection_name="c">"#,
    r#"<taxii_11:Poll_Parameters><taxii_11:Query format_id="urn:taxii.mitre.org:query:default:1.0">"#
);
const POLL_TAIL: &str = "</taxii_11:Query></taxii_11:Poll_Parameters></taxii_11:Poll_Request>";

/// Opening of the Discovery_Response that carries fuzzed Default Query information.
const DISCOVERY_HEAD: &str = concat!(
    r#"<taxii_11:Discovery_Response xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" "#,
    r#"xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="2" in_response_to="1">"#,
    r#"<taxii_11:Service_Instance service_type="POLL" service_version="urn:taxii.mitre.org:services:1.1">"#,
    r#"<taxii_11:Protocol_Binding>urn:taxii.mitre.org:protocol:http:1.0</taxii_11:Protocol_Binding>"#,
    r#"<taxii_11:Address>http://example.com/poll</taxii_11:Address>"#,
    r#"<taxii_11:Message_Binding>urn:taxii.mitre.org:message:xml:1.1</taxii_11:Message_Binding>"#,
    r#"<taxii_11:Supported_Query format_id="urn:taxii.mitre.org:query:default:1.0">"#
);
const DISCOVERY_TAIL: &str =
    "</taxii_11:Supported_Query></taxii_11:Service_Instance></taxii_11:Discovery_Response>";

/// Target `decode_default_query`: the first byte picks the slot, the rest is the body of
/// a Default Query `Query` (in a Poll_Request) or `Supported_Query` (in a
/// Discovery_Response): `<tdq:Default_Query ...>` or `<tdq:Default_Query_Info ...>`.
pub fn decode_default_query(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let (head, tail) = if selector & 1 == 0 {
        (POLL_HEAD, POLL_TAIL)
    } else {
        (DISCOVERY_HEAD, DISCOVERY_TAIL)
    };
    let mut doc = Vec::with_capacity(head.len() + body.len() + tail.len());
    doc.extend_from_slice(head.as_bytes());
    doc.extend_from_slice(body);
    doc.extend_from_slice(tail.as_bytes());
    let options = DecodeOptions::default();
    let Some(msg) = decode_checked(&doc, &options) else {
        return;
    };
    // The format id is the Default Query's, so the body must have been decoded as one.
    match &msg {
        Message::V11(v11::Message::PollRequest(p)) => {
            let v11::PollSelection::PollParameters(pp) = &p.selection else {
                panic!("Poll_Parameters decoded as a subscription: {msg:?}");
            };
            assert!(
                matches!(pp.query_parameters.query, Some(v11::Query::Default(_))),
                "Default Query kept raw: {msg:?}"
            );
        }
        Message::V11(v11::Message::DiscoveryResponse(d)) => {
            let queries = &d.service_instances[0].supported_queries;
            assert!(
                matches!(queries.as_slice(), [v11::SupportedQuery::Default(_)]),
                "Default Query information kept raw: {msg:?}"
            );
        }
        other => panic!("envelope decoded as another message: {other:?}"),
    }
    touch(&msg);
    roundtrip_with(&msg, &options);
}

/// Target `roundtrip_message`: a valid message must encode, decode back equal, and
/// encode to the same bytes again.
pub fn roundtrip(msg: &Message) {
    roundtrip_with(msg, &DecodeOptions::default());
}

/// Target `roundtrip_default_query`: a valid Default Query, carried in a Poll_Request,
/// must survive encode and decode unchanged.
pub fn roundtrip_query(q: &query::DefaultQuery) {
    let msg = crate::build::poll_request_with_query(q.clone());
    roundtrip(&msg);
}

/// Decodes `data`; on failure checks the error is well-formed and returns `None`.
pub fn decode_checked(data: &[u8], options: &DecodeOptions) -> Option<Message> {
    match decode_with(Bytes::copy_from_slice(data), options) {
        Ok(msg) => Some(msg),
        Err(e) => {
            check_error(&e, data);
            None
        }
    }
}

/// An error must point inside the input and render without panicking.
fn check_error(e: &DecodeError, data: &[u8]) {
    assert!(
        e.offset() <= data.len(),
        "error offset {} beyond input length {}: {e}",
        e.offset(),
        data.len()
    );
    assert!(
        e.line() >= 1 && e.column() >= 1,
        "positions are 1-based: {e}"
    );
    assert!(e.path().starts_with('/'), "path must be absolute: {e}");
    let text = e.to_string();
    assert!(!text.is_empty());
    let _status = StatusType::from(e);
}

/// Encodes `msg`, decodes the XML with `options`, and demands equality and a stable
/// second encoding.
pub fn roundtrip_with(msg: &Message, options: &DecodeOptions) {
    let xml = msg.to_xml();
    let mut via_buffer = Vec::new();
    msg.encode_into(&mut via_buffer);
    assert_eq!(
        via_buffer,
        xml.as_bytes(),
        "encode_into and to_xml disagree"
    );
    let again = match decode_with(Bytes::from(xml.clone()), options) {
        Ok(m) => m,
        Err(e) => panic!("the encoding of a valid message does not decode: {e}\n{xml}"),
    };
    assert_eq!(&again, msg, "decode(encode(m)) != m\n{xml}");
    assert_eq!(again.message_id(), msg.message_id());
    assert_eq!(again.root_element(), msg.root_element());
    let xml2 = again.to_xml();
    assert_eq!(xml2, xml, "the encoding is not stable");
}

/// Calls every accessor that reads inside raw payloads.
fn touch(msg: &Message) {
    let Message::V11(m) = msg else {
        return;
    };
    let _ = m.in_response_to();
    for raw in raw_parts(m) {
        let _ = raw.is_text();
        let _ = raw.text();
        let _ = raw.to_standalone();
        let _ = raw.namespaces().len();
    }
    if let v11::Message::StatusMessage(s) = m {
        let _ = s.estimated_wait();
        let _ = s.result_id();
        let _ = s.will_push();
        let _ = s.max_part_number();
        let _ = s.item();
        let _ = s.supported_bindings();
        let _ = s.supported_content();
        let _ = s.supported_queries();
        let _ = s.preferred_scopes();
        let _ = s.allowed_scopes();
    }
}

/// Every raw payload of a TAXII 1.1 message.
fn raw_parts(m: &v11::Message) -> Vec<&RawXml> {
    use v11::Message as M;
    let (headers, signature) = match m {
        M::StatusMessage(x) => (&x.extended_headers, &x.signature),
        M::DiscoveryRequest(x) => (&x.extended_headers, &x.signature),
        M::DiscoveryResponse(x) => (&x.extended_headers, &x.signature),
        M::CollectionInformationRequest(x) => (&x.extended_headers, &x.signature),
        M::CollectionInformationResponse(x) => (&x.extended_headers, &x.signature),
        M::ManageCollectionSubscriptionRequest(x) => (&x.extended_headers, &x.signature),
        M::ManageCollectionSubscriptionResponse(x) => (&x.extended_headers, &x.signature),
        M::PollRequest(x) => (&x.extended_headers, &x.signature),
        M::PollResponse(x) => (&x.extended_headers, &x.signature),
        M::InboxMessage(x) => (&x.extended_headers, &x.signature),
        M::PollFulfillmentRequest(x) => (&x.extended_headers, &x.signature),
    };
    let mut out: Vec<&RawXml> = headers.iter().map(|h| &h.value).collect();
    out.extend(signature.iter());
    let blocks = match m {
        M::PollResponse(x) => x.content_blocks.as_slice(),
        M::InboxMessage(x) => x.content_blocks.as_slice(),
        _ => &[],
    };
    for b in blocks {
        out.push(&b.content);
        out.extend(b.signatures.iter());
    }
    if let M::StatusMessage(s) = m {
        out.extend(s.details.iter().map(|d| &d.value));
    }
    out
}
