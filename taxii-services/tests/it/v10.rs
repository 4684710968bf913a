//! TAXII 1.0 through the same engine: exchanges of testdata/wire replayed (cabby and
//! libtaxii against OpenTAXII), digit-only ids (MID-3), the 1.0 status subset.

use pollster::FutureExt as _;
use taxii_messages::v10;
use taxii_messages::{decode, Message, MessageId, StatusType, Uri};
use taxii_services::config::ServerConfig;
use taxii_services::store::{Operation, StoreError};
use taxii_services::Identity;

use crate::support::*;

/// The request and response bodies of a captured HTTP exchange (by Content-Length).
fn http_bodies(name: &str) -> (Message, Message) {
    let path = format!("{}/testdata/wire/{name}.http", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read(&path).unwrap();
    let (req, rest) = http_message(&raw);
    let (resp, _) = http_message(rest);
    (decode(req).unwrap(), decode(resp).unwrap())
}

fn http_message(raw: &[u8]) -> (&[u8], &[u8]) {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let body = &raw[end + 4..end + 4 + len];
    (body, &raw[end + 4 + len..])
}

fn shape(m: &Message) -> String {
    let Message::V10(m) = m else {
        panic!("1.0 expected, got {}", m.to_xml())
    };
    let root = m.root_element();
    match m {
        v10::Message::StatusMessage(s) => {
            format!(
                "{root} {} detail={}",
                s.status_type.as_str(),
                s.status_detail.is_some()
            )
        }
        v10::Message::DiscoveryResponse(r) => {
            let mut t: Vec<&str> = r
                .service_instances
                .iter()
                .map(|s| s.service_type.as_str())
                .collect();
            t.sort();
            t.dedup();
            format!("{root} {t:?}")
        }
        v10::Message::FeedInformationResponse(r) => {
            let f: Vec<String> = r.feeds.iter().map(|f| f.feed_name.to_string()).collect();
            format!("{root} {f:?}")
        }
        v10::Message::PollResponse(r) => {
            format!("{root} {} blocks={}", r.feed_name, r.content_blocks.len())
        }
        v10::Message::ManageFeedSubscriptionResponse(r) => {
            format!("{root} {} subs={}", r.feed_name, r.subscriptions.len())
        }
        other => other.root_element().to_owned(),
    }
}

fn digits(id: &MessageId) -> bool {
    id.as_str().bytes().all(|b| b.is_ascii_digit())
}

fn seeded() -> Fixture {
    let policy = policy().grant(test_user(), &uri("no-such-collection"), &[Operation::Read]);
    let f = Fixture::with(ServerConfig::new(services()), policy);
    for _ in 0..2 {
        let (req, resp) = http_bodies("008_taxii10_push_libtaxii_inbox_client_10");
        let out = f
            .engine
            .handle(&req, &"inbox-a".into(), &test_user())
            .block_on();
        assert_eq!(shape(&out.response), shape(&resp), "008");
        f.clock.advance_secs(1);
    }
    f
}

fn replay(f: &Fixture, name: &str, service: &str, who: &Identity) -> Message {
    let (req, resp) = http_bodies(name);
    let out = f.engine.handle(&req, &service.into(), who).block_on();
    let got = wire_roundtrip(&out.response);
    let Message::V10(m) = &got else { panic!() };
    assert!(digits(m.message_id()), "MID-3: {}", m.message_id());
    assert_eq!(shape(&got), shape(&resp), "{name}");
    got
}

#[test]
fn wire_003_030_discovery_10() {
    let f = seeded();
    let got = replay(&f, "003_taxii10_discovery", "discovery-a", &test_user());
    assert!(shape(&got).contains("FEED_MANAGEMENT"));
    replay(
        &f,
        "030_libtaxii10_discovery_client_10",
        "discovery-a",
        &test_user(),
    );
}

#[test]
fn wire_004_sv2_feed_information() {
    let f = seeded();
    let got = replay(
        &f,
        "004_taxii10_collections",
        "collection-management-a",
        &test_user(),
    );
    let Message::V10(v10::Message::FeedInformationResponse(r)) = got else {
        panic!()
    };
    // the 1.0 schema wants 1-n Content_Binding per feed (OpenTAXII omits it for
    // accept-all collections, which fails XSD validation)
    assert!(r.feeds.iter().all(|f| !f.content_bindings.is_empty()));
    assert_eq!(
        r.feeds[0].content_bindings[0].as_str(),
        taxii_services::config::STIX_111
    );
}

#[test]
fn wire_012_013_014_poll_10() {
    let f = seeded();
    let got = replay(&f, "012_taxii10_poll", "poll-b", &test_user());
    let Message::V10(v10::Message::PollResponse(r)) = got else {
        panic!()
    };
    assert_eq!(
        r.content_blocks.len(),
        2,
        "1.0 has no multi-part: poll-b answers in one"
    );
    let (req, resp) = http_bodies("013_taxii10_poll_bad_password");
    let out = f
        .engine
        .handle(&req, &"poll-a".into(), &Identity::Anonymous)
        .block_on();
    assert_eq!(shape(&out.response), shape(&resp));
    replay(&f, "014_taxii10_poll_unknown_coll", "poll-a", &test_user());
}

#[test]
fn wire_026_027_028_sv2_feed_subscriptions() {
    let f = seeded();
    let sub = replay(
        &f,
        "026_taxii10_subscribe",
        "collection-management-a",
        &test_user(),
    );
    let Message::V10(v10::Message::ManageFeedSubscriptionResponse(r)) = sub else {
        panic!()
    };
    let id = r.subscriptions[0].subscription_id.clone();
    replay(
        &f,
        "027_taxii10_subscription_status",
        "collection-management-a",
        &test_user(),
    );
    let (req, resp) = http_bodies("028_taxii10_subscription_unsubscribe");
    let Message::V10(v10::Message::ManageFeedSubscriptionRequest(mut r)) = req else {
        panic!()
    };
    r.subscription_id = Some(id);
    let out = f
        .engine
        .handle(
            &Message::V10(r.into()),
            &"collection-management-a".into(),
            &test_user(),
        )
        .block_on();
    assert_eq!(shape(&out.response), shape(&resp));
    let (req, _) = http_bodies("027_taxii10_subscription_status");
    let out = f
        .engine
        .handle(&req, &"collection-management-a".into(), &test_user())
        .block_on();
    assert_eq!(
        shape(&out.response),
        "Subscription_Management_Response collection-a subs=0"
    );
}

#[test]
fn pr1_poll_window_in_10_terms() {
    let f = Fixture::new();
    let t1 = f.add(&coll_a(), "one");
    let t2 = f.add(&coll_a(), "two");
    let mut req = v10::PollRequest::new(MessageId::new("7").unwrap(), coll_a());
    req.exclusive_begin_timestamp = Some(t1);
    let out = f
        .engine
        .handle(&Message::V10(req.into()), &"poll-a".into(), &test_user())
        .block_on();
    let Message::V10(v10::Message::PollResponse(r)) = wire_roundtrip(&out.response) else {
        panic!()
    };
    assert_eq!(r.content_blocks.len(), 1);
    assert_eq!(r.content_blocks[0].timestamp_label, Some(t2));
    let begin = r.inclusive_begin_timestamp.unwrap();
    assert!(
        begin > t1 && begin <= t2,
        "exclusive begin reported as the first instant after it"
    );
    assert!(r.inclusive_end_timestamp >= t2);
    assert_eq!(r.in_response_to.as_str(), "7");
}

#[test]
fn err11_retry_detail_is_a_time_in_10() {
    let f = Fixture::new();
    f.engine.store().fail_with(Some(StoreError::Busy {
        retry_after_secs: 60,
    }));
    let req = v10::DiscoveryRequest::new(MessageId::new("3").unwrap());
    let out = f
        .engine
        .handle(
            &Message::V10(req.into()),
            &"discovery-a".into(),
            &test_user(),
        )
        .block_on();
    let Message::V10(v10::Message::StatusMessage(s)) = wire_roundtrip(&out.response) else {
        panic!()
    };
    assert_eq!(s.status_type, StatusType::Retry);
    assert_eq!(s.retry_after(), Some(ts("2026-01-01T00:01:00Z")));
}

#[test]
fn ex2_wrong_service_is_failure_and_details_are_one_value_in_10() {
    let f = Fixture::new();
    let req = v10::FeedInformationRequest::new(MessageId::new("3").unwrap());
    let out = f
        .engine
        .handle(&Message::V10(req.into()), &"poll-a".into(), &test_user())
        .block_on();
    let Message::V10(v10::Message::StatusMessage(s)) = &out.response else {
        panic!()
    };
    assert_eq!(s.status_type, StatusType::Failure);
    assert!(digits(&s.message_id));
    // a push subscription asking for an unsupported binding answers UNSUPPORTED_MESSAGE,
    // which 1.0 has, with the supported binding as its detail
    let mut sub = v10::ManageFeedSubscriptionRequest::new(
        MessageId::new("4").unwrap(),
        coll_a(),
        v10::SubscriptionAction::Subscribe,
    );
    sub.push_parameters = Some(v10::PushParameters::new(
        uri(taxii_services::config::PROTOCOL_HTTP),
        "http://subscriber.example.net/",
        uri("urn:example:binding"),
    ));
    let out = f
        .engine
        .handle(
            &Message::V10(sub.into()),
            &"collection-management-a".into(),
            &test_user(),
        )
        .block_on();
    let Message::V10(v10::Message::StatusMessage(s)) = &out.response else {
        panic!()
    };
    assert_eq!(s.status_type, StatusType::UnsupportedMessage);
    assert_eq!(
        s.status_detail.as_deref(),
        Some(taxii_services::config::MESSAGE_BINDING_11)
    );
}

#[test]
fn inbox_10_routes_to_the_feeds_of_an_inbox_requiring_names() {
    let f = Fixture::new();
    let mut m = v10::InboxMessage::new(MessageId::new("5").unwrap());
    let b = stix_block("ten");
    m.content_blocks = vec![v10::ContentBlock::new(
        b.content_binding.binding_id,
        b.content,
    )];
    let out = f
        .engine
        .handle(&Message::V10(m.into()), &"inbox-a".into(), &test_user())
        .block_on();
    let Message::V10(v10::Message::StatusMessage(s)) = &out.response else {
        panic!()
    };
    assert_eq!(s.status_type, StatusType::Success);
    assert_eq!(out.status_type(), Some(&StatusType::Success));
    assert_eq!(f.engine.store().all_records(&coll_a()).len(), 1);
    assert!(f
        .engine
        .store()
        .all_records(&Uri::new("collection-b").unwrap())
        .is_empty());
}

/// A full TAXII 1.0 client session against the engine with the client helpers:
/// discovery, feed information, subscribe, poll through the subscription, unsubscribe.
#[test]
fn client_session_in_10() {
    use taxii_services::client::{read_reply, read_success, Requests};
    let f = Fixture::new();
    let mut r = Requests::new(taxii_messages::SequentialGenerator::starting_at(500));
    let who = test_user();
    let send = |svc: &str, m: v10::Message| {
        let out = f
            .engine
            .handle(&Message::V10(m), &svc.into(), &who)
            .block_on();
        wire_roundtrip(&out.response)
    };
    let req = r.inbox_v10(vec![{
        let b = stix_block("one");
        v10::ContentBlock::new(b.content_binding.binding_id, b.content)
    }]);
    let id = req.message_id.clone();
    read_success(&id, send("inbox-a", req.into())).unwrap();
    f.clock.advance_secs(1);

    let req = r.discovery_v10();
    let id = req.message_id.clone();
    let d: v10::DiscoveryResponse = read_reply(&id, send("discovery-a", req.into())).unwrap();
    assert!(d
        .service_instances
        .iter()
        .any(|s| s.service_type == v10::ServiceType::FeedManagement));

    let req = r.feed_information();
    let id = req.message_id.clone();
    let info: v10::FeedInformationResponse =
        read_reply(&id, send("collection-management-a", req.into())).unwrap();
    assert_eq!(info.feeds[0].feed_name, coll_a());

    let req = r.manage_v10(v10::SubscriptionAction::Subscribe, &coll_a(), None, None);
    let id = req.message_id.clone();
    let sub: v10::ManageFeedSubscriptionResponse =
        read_reply(&id, send("collection-management-a", req.into())).unwrap();
    let sid = sub.subscriptions[0].subscription_id.clone();

    let req = r.poll_v10(&coll_a(), Some(&sid), None, None);
    let id = req.message_id.clone();
    let p: v10::PollResponse = read_reply(&id, send("poll-a", req.into())).unwrap();
    assert_eq!(p.content_blocks.len(), 1);
    assert_eq!(p.subscription_id.as_ref(), Some(&sid));

    let req = r.manage_v10(
        v10::SubscriptionAction::Unsubscribe,
        &coll_a(),
        Some(&sid),
        None,
    );
    let id = req.message_id.clone();
    let _: v10::ManageFeedSubscriptionResponse =
        read_reply(&id, send("collection-management-a", req.into())).unwrap();

    // an error arrives as a typed 1.0 status
    let req = r.poll_v10(&uri("secret"), None, None, None);
    let id = req.message_id.clone();
    let e = read_reply::<v10::PollResponse>(&id, send("poll-a", req.into())).unwrap_err();
    assert_eq!(e.status_type(), Some(&StatusType::Unauthorized));
}
