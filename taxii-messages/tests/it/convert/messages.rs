//! TAXII 1.0 ⇄ 1.1 conversion: the wire captures through a gateway, and every field
//! without a counterpart reported by name (checklist §5.8).

use taxii_messages::convert::ConvertError;
use taxii_messages::{decode, v10, v11, Message, MessageId, StatusType, Timestamp, Uri};

use crate::v10::wire::wire_bodies_10;

fn uri(s: &str) -> Uri {
    Uri::new(s).unwrap()
}

fn id(s: &str) -> MessageId {
    MessageId::new(s).unwrap()
}

fn v10_of(bytes: &[u8]) -> v10::Message {
    match decode(bytes).unwrap() {
        Message::V10(m) => m,
        _ => panic!("not 1.0"),
    }
}

/// Every 1.0 wire body converts to 1.1, encodes as valid 1.1, and converts back unchanged
/// (up to the lexical form of shifted begin timestamps, which none of them carry).
#[test]
fn wire_bodies_through_a_gateway() {
    for (label, body) in wire_bodies_10() {
        let m10 = v10_of(&body);
        let m11 = v11::Message::try_from(m10.clone()).unwrap_or_else(|e| panic!("{label}: {e}"));
        let xml11 = Message::V11(m11.clone()).to_xml();
        let again = decode(xml11.as_bytes()).unwrap_or_else(|e| panic!("{label}: {e}\n{xml11}"));
        assert_eq!(again, Message::V11(m11.clone()), "{label}");
        let back = v10::Message::try_from(m11).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(back, m10, "{label}");
    }
}

/// DIF-3: Feed_Information_Response becomes Collection_Information_Response, feed by feed.
#[test]
fn feed_becomes_collection_dif_3() {
    let body = wire_bodies_10()
        .into_iter()
        .find(|(l, _)| l.starts_with("004") && l.ends_with("response"))
        .unwrap()
        .1;
    let v11::Message::CollectionInformationResponse(r) =
        Message::V10(v10_of(&body)).into_v11().unwrap()
    else {
        panic!()
    };
    assert_eq!(r.collections.len(), 2);
    assert_eq!(r.collections[1].collection_name.as_str(), "collection-b");
    assert_eq!(
        r.collections[1].content_bindings[0].binding_id.as_str(),
        "urn:stix.mitre.org:xml:1.1.1"
    );
    assert!(r.collections[1].content_bindings[0].subtypes.is_empty());
    assert_eq!(r.collections[0].polling_services.len(), 2);
    assert_eq!(r.collections[0].collection_type, None); // DATA_FEED by default
}

/// DIF-7: UNSUPPORTED_* lists become one SUPPORTED_* detail per id; NOT_FOUND's text ITEM.
#[test]
fn status_details_dif_7() {
    let mut s = v10::StatusMessage::new(id("2"), id("1"), StatusType::UnsupportedProtocol);
    s.status_detail = Some("urn:a urn:b".into());
    let m11 = v11::StatusMessage::try_from(s.clone()).unwrap();
    let names: Vec<_> = m11.details.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["SUPPORTED_PROTOCOL", "SUPPORTED_PROTOCOL"]);
    assert_eq!(m11.details[1].value.text().as_deref(), Some("urn:b"));
    assert_eq!(v10::StatusMessage::try_from(m11).unwrap(), s);
    for (t, name) in [
        (StatusType::UnsupportedMessage, "SUPPORTED_BINDING"),
        (StatusType::UnsupportedContent, "SUPPORTED_CONTENT"),
    ] {
        let mut s = v10::StatusMessage::new(id("2"), id("1"), t);
        s.status_detail = Some("urn:a urn:b".into());
        let m11 = v11::StatusMessage::try_from(s.clone()).unwrap();
        let names: Vec<_> = m11.details.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, [name, name]);
        assert_eq!(v10::StatusMessage::try_from(m11).unwrap(), s);
    }

    let mut s = v10::StatusMessage::new(id("2"), id("1"), StatusType::NotFound);
    s.status_detail = Some("no-such-collection".into());
    let m11 = v11::StatusMessage::try_from(s.clone()).unwrap();
    assert_eq!(m11.details[0].name.as_str(), "ITEM");
    assert_eq!(v10::StatusMessage::try_from(m11).unwrap(), s);

    // RETRY: a time in 1.0, seconds in 1.1; no clock, no conversion.
    let mut s = v10::StatusMessage::new(id("2"), id("1"), StatusType::Retry);
    s.status_detail = Some("2014-12-19T00:00:00Z".into());
    let e = v11::StatusMessage::try_from(s).unwrap_err();
    assert_eq!(e.field(), "Status_Detail");
    assert!(e.to_string().contains("RETRY"), "{e}");
    // Free text on a type whose 1.1 form has no such detail.
    let mut s = v10::StatusMessage::new(id("2"), id("1"), StatusType::Failure);
    s.status_detail = Some("disk full".into());
    let e = v11::StatusMessage::try_from(s).unwrap_err();
    assert_eq!(
        e,
        ConvertError::NoCounterpart {
            field: "Status_Detail",
            target: "1.1"
        }
    );
}

/// DIF-6: 1.1-only status types and details have no 1.0 form.
#[test]
fn status_11_only_dif_6() {
    let m = v11::StatusMessage::new(id("2"), id("1"), StatusType::Pending);
    let e = v10::StatusMessage::try_from(m).unwrap_err();
    assert_eq!(e.field(), "@status_type");
    assert!(e.to_string().contains("PENDING"), "{e}");
    let mut m = v11::StatusMessage::new(id("2"), id("1"), StatusType::UnsupportedMessage);
    m.details = vec![v11::StatusDetail::text("ESTIMATED_WAIT", "5")];
    assert_eq!(
        v10::StatusMessage::try_from(m).unwrap_err().field(),
        "Status_Detail/Detail"
    );
}

/// G10-2, MID-3: 1.1 ids that are not digits cannot be 1.0 ids.
#[test]
fn message_ids_g10_2() {
    let m = v11::DiscoveryRequest::new(id("urn:uuid:8d7f"));
    let e = v10::DiscoveryRequest::try_from(m).unwrap_err();
    assert_eq!(e.field(), "@message_id");
    assert!(e.to_string().contains("urn:uuid:8d7f"), "{e}");
    assert!(v10::DiscoveryRequest::try_from(v11::DiscoveryRequest::new(id("42"))).is_ok());
}

/// DIF-4, DIF-19: what 1.1 collections say that 1.0 feeds cannot.
#[test]
fn collection_fields_without_counterpart_dif_19() {
    let http = uri("urn:taxii.mitre.org:protocol:http:1.0");
    let xml = uri(v11::MESSAGE_BINDING);
    let base = || {
        let mut c = v11::CollectionInformation::new(uri("c"), "d");
        c.polling_services = vec![v11::ServiceContact::new(http.clone(), "/poll", xml.clone())];
        c
    };
    let convert = |c: v11::CollectionInformation| {
        let mut r = v11::CollectionInformationResponse::new(id("2"), id("1"));
        r.collections = vec![c];
        v10::FeedInformationResponse::try_from(r)
    };
    assert!(convert(base()).is_ok());
    let mut c = base();
    c.collection_type = Some(v11::CollectionType::DataSet);
    assert_eq!(
        convert(c).unwrap_err().field(),
        "Collection/@collection_type"
    );
    let mut c = base();
    c.collection_volume = Some(7);
    assert_eq!(
        convert(c).unwrap_err().field(),
        "Collection/Collection_Volume"
    );
    let mut c = base();
    c.receiving_inbox_services = vec![v11::InboxService::new(v11::ServiceContact::new(
        http.clone(),
        "/inbox",
        xml.clone(),
    ))];
    assert_eq!(
        convert(c).unwrap_err().field(),
        "Collection/Receiving_Inbox_Service"
    );
    let mut c = base();
    let mut b = v11::ContentBinding::new(uri("urn:stix.mitre.org:xml:1.1.1"));
    b.subtypes = vec![uri("urn:sub")];
    c.content_bindings = vec![b];
    assert_eq!(
        convert(c).unwrap_err().field(),
        "Collection/Content_Binding/Subtype"
    );
    let mut c = base();
    c.polling_services.clear();
    assert_eq!(convert(c).unwrap_err().field(), "Collection");
}

/// DIF-5, DIF-12, DIF-14: multi-part, asynchronous and counted polls.
#[test]
fn poll_fields_without_counterpart_dif_12() {
    let mut p = v11::PollParameters::default();
    p.allow_asynch = Some(true);
    let r = v11::PollRequest::new(id("1"), uri("c"), v11::PollSelection::PollParameters(p));
    assert_eq!(
        v10::PollRequest::try_from(r).unwrap_err().field(),
        "Poll_Parameters/@allow_asynch"
    );
    let mut p = v11::PollParameters::default();
    p.query_parameters.response_type = Some(v11::ResponseType::CountOnly);
    let r = v11::PollRequest::new(id("1"), uri("c"), v11::PollSelection::PollParameters(p));
    assert_eq!(
        v10::PollRequest::try_from(r).unwrap_err().field(),
        "Poll_Parameters"
    );

    let end = Timestamp::parse("2014-01-01T00:00:00Z").unwrap();
    let mut r = v11::PollResponse::new(id("2"), id("1"), uri("c"));
    r.inclusive_end_timestamp = Some(end);
    r.more = Some(true);
    assert_eq!(
        v10::PollResponse::try_from(r.clone()).unwrap_err().field(),
        "Poll_Response/@more"
    );
    r.more = Some(false);
    r.result_part_number = Some(1);
    assert!(
        v10::PollResponse::try_from(r.clone()).is_ok(),
        "libtaxii's defaults (LT-20)"
    );
    r.record_count = Some(v11::RecordCount::new(10));
    assert_eq!(
        v10::PollResponse::try_from(r.clone()).unwrap_err().field(),
        "Poll_Response/Record_Count"
    );
    // An exact count equal to the blocks sent is implied in 1.0; a partial one is not.
    r.record_count = Some(v11::RecordCount::new(0));
    assert!(v10::PollResponse::try_from(r.clone()).is_ok());
    let mut partial = v11::RecordCount::new(0);
    partial.partial_count = Some(true);
    r.record_count = Some(partial);
    assert_eq!(
        v10::PollResponse::try_from(r.clone()).unwrap_err().field(),
        "Poll_Response/Record_Count"
    );
    r.record_count = None;
    r.inclusive_end_timestamp = None;
    assert_eq!(
        v10::PollResponse::try_from(r).unwrap_err().field(),
        "Poll_Response/Inclusive_End_Timestamp"
    );
    let f = v11::PollFulfillmentRequest::new(id("3"), uri("c"), uri("r"), 2);
    assert_eq!(
        v10::Message::try_from(v11::Message::from(f))
            .unwrap_err()
            .field(),
        "Poll_Fulfillment"
    );
}

/// DIF-12: a 1.0 poll under a subscription that also names bindings has no 1.1 form.
#[test]
fn poll_request_subscription_and_bindings_dif_12() {
    let mut r = v10::PollRequest::new(id("1"), uri("f"));
    r.subscription_id = Some(uri("s"));
    let ok = v11::PollRequest::try_from(r.clone()).unwrap();
    assert_eq!(ok.selection, v11::PollSelection::SubscriptionId(uri("s")));
    r.content_bindings = vec![uri("urn:stix.mitre.org:xml:1.1.1")];
    let e = v11::PollRequest::try_from(r).unwrap_err();
    assert_eq!(e.field(), "Content_Binding");
    assert!(e.to_string().contains("C11-1"), "{e}");
}

/// AMB-6, DIF-13: 1.0 inclusive begin = 1.1 exclusive begin + 1 µs.
#[test]
fn inclusive_begin_becomes_exclusive_amb_6() {
    let ts = |s| Timestamp::parse(s).unwrap();
    let mut r = v10::PollResponse::new(id("2"), id("1"), uri("f"), ts("2014-02-01T00:00:00Z"));
    r.inclusive_begin_timestamp = Some(ts("2014-01-01T00:00:00Z"));
    let m11 = v11::PollResponse::try_from(r.clone()).unwrap();
    assert_eq!(
        m11.exclusive_begin_timestamp.unwrap().to_string(),
        "2013-12-31T23:59:59.999999Z"
    );
    assert_eq!(v10::PollResponse::try_from(m11).unwrap(), r);
}

/// DIF-8, DIF-10, DIF-17: subscription and inbox fields of 1.1 only.
#[test]
fn subscription_and_inbox_fields_dif_8_dif_17() {
    let r = v11::ManageCollectionSubscriptionRequest::new(
        id("1"),
        v11::SubscriptionAction::Pause,
        uri("c"),
    );
    let e = v10::ManageFeedSubscriptionRequest::try_from(r).unwrap_err();
    assert_eq!(e.field(), "@action");
    // Content bindings of a poll subscription: 1.0 keeps them only in Push_Parameters.
    let mut r = v11::ManageCollectionSubscriptionRequest::new(
        id("1"),
        v11::SubscriptionAction::Subscribe,
        uri("c"),
    );
    let mut q = v11::QueryParameters::default();
    q.content_bindings = vec![v11::ContentBinding::new(uri("urn:x"))];
    r.subscription_parameters = Some(q);
    let e = v10::ManageFeedSubscriptionRequest::try_from(r.clone()).unwrap_err();
    assert_eq!(e.field(), "Subscription_Parameters/Content_Binding");
    assert!(e.to_string().contains("Push_Parameters"), "{e}");
    // Subtypes have no 1.0 form; the error names where they were, in either message.
    let mut binding = v11::ContentBinding::new(uri("urn:x"));
    binding.subtypes = vec![uri("urn:x:sub")];
    let mut q = v11::QueryParameters::default();
    q.content_bindings = vec![binding];
    r.subscription_parameters = Some(q.clone());
    let e = v10::ManageFeedSubscriptionRequest::try_from(r).unwrap_err();
    assert_eq!(e.field(), "Subscription_Parameters/Content_Binding/Subtype");
    let mut p = v11::PollParameters::default();
    p.query_parameters = q;
    let r = v11::PollRequest::new(id("1"), uri("c"), v11::PollSelection::PollParameters(p));
    let e = v10::PollRequest::try_from(r).unwrap_err();
    assert_eq!(e.field(), "Poll_Parameters/Content_Binding/Subtype");

    let mut i = v11::InboxMessage::new(id("5"));
    i.destination_collection_names = vec![uri("c")];
    assert_eq!(
        v10::InboxMessage::try_from(i).unwrap_err().field(),
        "Inbox_Message/Destination_Collection_Name"
    );
    let mut i = v11::InboxMessage::new(id("5"));
    let mut b = v11::ContentBlock::new(uri("urn:x"), taxii_messages::RawXml::from_text("t"));
    b.message = Some("m".into());
    i.content_blocks = vec![b];
    assert_eq!(
        v10::InboxMessage::try_from(i).unwrap_err().field(),
        "Content_Block/Message"
    );
}

/// DIF-7, ST10-6: a RETRY time and ESTIMATED_WAIT seconds convert at a given time.
#[test]
fn retry_converts_at_a_given_time_dif_7() {
    use taxii_messages::convert::{status_to_v10_at, status_to_v11_at};
    let now = Timestamp::parse("2014-12-18T23:59:00Z").unwrap();
    let mut s = v10::StatusMessage::new(id("2"), id("1"), StatusType::Retry);
    s.status_detail = Some("2014-12-19T00:00:00Z".into());
    let m11 = status_to_v11_at(s.clone(), now).unwrap();
    assert_eq!(m11.estimated_wait(), Some(60));
    let back = status_to_v10_at(m11, now).unwrap();
    assert_eq!(back.retry_after(), s.retry_after());
    // A time already past waits 0 seconds; a non-time detail is reported.
    let later = Timestamp::parse("2015-01-01T00:00:00Z").unwrap();
    assert_eq!(
        status_to_v11_at(s.clone(), later).unwrap().estimated_wait(),
        Some(0)
    );
    s.status_detail = Some("tomorrow".into());
    assert_eq!(
        status_to_v11_at(s, now).unwrap_err().field(),
        "Status_Detail"
    );
    // Other statuses convert as with TryFrom.
    let ok = v10::StatusMessage::new(id("2"), id("1"), StatusType::Success);
    assert_eq!(
        status_to_v11_at(ok.clone(), now).unwrap(),
        v11::StatusMessage::try_from(ok).unwrap()
    );
}

/// DIF-6, DIF-7: which 1.1 details have a 1.0 text, and which do not.
#[test]
fn status_details_without_a_10_text_dif_7() {
    let with = |t: StatusType, details: &[(&str, &str)]| {
        let mut m = v11::StatusMessage::new(id("2"), id("1"), t);
        m.details = details
            .iter()
            .map(|(n, v)| v11::StatusDetail::text(n, v))
            .collect();
        v10::StatusMessage::try_from(m)
    };
    let e = with(StatusType::Retry, &[("ESTIMATED_WAIT", "5")]).unwrap_err();
    assert_eq!(e.field(), "Status_Detail");
    assert!(e.to_string().contains("RETRY"), "{e}");
    // A list entry is one id; 1.0 separates ids with spaces.
    for bad in ["urn:a urn:b", ""] {
        let e = with(
            StatusType::UnsupportedProtocol,
            &[("SUPPORTED_PROTOCOL", bad)],
        )
        .unwrap_err();
        assert_eq!(e.field(), "Status_Detail/Detail", "{bad:?}");
    }
    // One ITEM: its text may hold spaces; a second has no place.
    let one = with(StatusType::NotFound, &[("ITEM", "my collection")]).unwrap();
    assert_eq!(one.status_detail.as_deref(), Some("my collection"));
    let e = with(StatusType::NotFound, &[("ITEM", "a"), ("ITEM", "b")]).unwrap_err();
    assert_eq!(e.field(), "Status_Detail/Detail");
    assert!(e.to_string().contains("second ITEM"), "{e}");
}

/// DIF-7: only a RETRY takes the time-based path; other details convert as with TryFrom.
#[test]
fn only_retry_converts_through_the_clock_dif_7() {
    use taxii_messages::convert::{status_to_v10_at, status_to_v11_at};
    let now = Timestamp::parse("2014-12-18T23:59:00Z").unwrap();
    let mut s = v10::StatusMessage::new(id("2"), id("1"), StatusType::NotFound);
    s.status_detail = Some("c".into());
    let m11 = status_to_v11_at(s.clone(), now).unwrap();
    assert_eq!(m11.details[0].name.as_str(), "ITEM");
    assert_eq!(status_to_v10_at(m11, now).unwrap(), s);
    // A RETRY whose one detail is not ESTIMATED_WAIT has no 1.0 time.
    let mut r = v11::StatusMessage::new(id("2"), id("1"), StatusType::Retry);
    r.details = vec![v11::StatusDetail::text("ITEM", "5")];
    assert!(status_to_v10_at(r, now).is_err());
}
