//! Asynchronous polling (AS-1..AS-6, ERR-12, ERR-14).

use taxii_messages::v11::{self, PollParameters, PushParameters};
use taxii_messages::{Message, StatusType};
use taxii_services::config::{
    ServerConfig, MESSAGE_BINDING_10, MESSAGE_BINDING_11, PROTOCOL_HTTP, PROTOCOL_HTTPS,
};
use taxii_services::push::Host;

use crate::support::*;

fn deferring() -> Fixture {
    let mut config = ServerConfig::new(services());
    config.poll.defer_above_records = Some(0);
    config.poll.estimated_wait_secs = 30;
    config.poll.result_ttl_secs = 600;
    let f = Fixture::with(config, policy());
    f.add(&coll_a(), "one");
    f
}

/// Delivery to the client's inbox.
fn client_inbox() -> PushParameters {
    PushParameters::new(
        uri(PROTOCOL_HTTP),
        "http://client.example.com/inbox",
        uri(MESSAGE_BINDING_11),
    )
}

fn asynch(delivery: Option<PushParameters>) -> PollParameters {
    let mut p = PollParameters::default();
    p.allow_asynch = Some(true);
    p.delivery_parameters = delivery;
    p
}

#[test]
fn as1_no_pending_without_allow_asynch() {
    let f = deferring();
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), PollParameters::default(), None, None),
    );
    assert_eq!(titles(poll_response(&o)), ["one"]);
}

#[test]
fn as2_err12_pending_carries_wait_result_id_and_will_push() {
    let f = deferring();
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), asynch(None), None, None),
    );
    let s = assert_status(&o, StatusType::Pending);
    assert_eq!(s.estimated_wait(), Some(30));
    assert!(s.result_id().is_some());
    assert_eq!(s.will_push(), Some(false));
    wire_roundtrip(&o.response);
}

#[test]
fn as3_fulfillment_before_ready_is_pending_again_then_the_result() {
    let f = deferring();
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), asynch(None), None, None),
    );
    let rid = status(&o).result_id().unwrap();
    f.clock.advance_secs(10);
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().fulfillment(&coll_a(), &rid, 1),
    );
    let s = assert_status(&o, StatusType::Pending);
    assert_eq!(s.estimated_wait(), Some(20), "updated estimate");
    f.clock.advance_secs(20);
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().fulfillment(&coll_a(), &rid, 1),
    );
    let r = poll_response(&o);
    assert_eq!(titles(r), ["one"]);
    assert_eq!(r.result_id.as_ref(), Some(&rid));
}

#[test]
fn err14_expired_async_result_is_asynchronous_poll_error() {
    let f = deferring();
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), asynch(None), None, None),
    );
    let rid = status(&o).result_id().unwrap();
    f.clock.advance_secs(30 + 600);
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().fulfillment(&coll_a(), &rid, 1),
    );
    assert_status(&o, StatusType::AsynchronousPollError);
}

#[test]
fn as4_push_delivery_when_willing() {
    let f = deferring();
    let push = client_inbox();
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), asynch(Some(push)), None, None),
    );
    let s = assert_status(&o, StatusType::Pending);
    assert_eq!(s.will_push(), Some(true));
    assert_eq!(o.deliveries.len(), 1);
    let d = &o.deliveries[0];
    assert_eq!(d.destination.host, Host::Name("client.example.com".into()));
    assert_eq!(d.result_id, s.result_id());
    assert_eq!(d.not_before, ts("2026-01-01T00:00:31Z"));
    let Message::V11(v11::Message::InboxMessage(m)) = &d.message else {
        panic!()
    };
    assert_eq!(m.result_id, s.result_id(), "MID-5: linked by result_id");
    assert_eq!(m.content_blocks.len(), 1);
}

#[test]
fn as5_s8_unusable_delivery_parameters_mean_no_push_and_no_error() {
    let f = deferring();
    for (protocol, address) in [
        (PROTOCOL_HTTP, "http://127.0.0.1:8080/inbox"),
        (PROTOCOL_HTTP, "http://169.254.169.254/latest"),
        (
            "urn:example:carrier-pigeon",
            "http://client.example.com/inbox",
        ),
    ] {
        let push = PushParameters::new(uri(protocol), address, uri(MESSAGE_BINDING_11));
        let o = f.send(
            "poll-a",
            &test_user(),
            requests().poll(&coll_a(), asynch(Some(push)), None, None),
        );
        let s = assert_status(&o, StatusType::Pending);
        assert_eq!(s.will_push(), Some(false), "{address}");
        assert!(o.deliveries.is_empty());
    }
}

// AS-4 with bounded memory: a result of more than 10 parts is not pushed (WILL_PUSH
// false, no deliveries held by the exchange); the client collects it part by part.
#[test]
fn as4_a_result_of_many_parts_is_collected_not_pushed() {
    let f = deferring();
    for i in 0..11 {
        f.add(&coll_a(), &format!("more-{i}"));
    }
    let push = client_inbox();
    // poll-b answers one block per part: 12 parts
    let o = f.send(
        "poll-b",
        &test_user(),
        requests().poll(&coll_a(), asynch(Some(push)), None, None),
    );
    let s = assert_status(&o, StatusType::Pending);
    assert_eq!(s.will_push(), Some(false));
    assert!(o.deliveries.is_empty());
    let rid = s.result_id().unwrap();
    f.clock.advance_secs(31);
    let last = f.send(
        "poll-b",
        &test_user(),
        requests().fulfillment(&coll_a(), &rid, 12),
    );
    let r = poll_response(&last);
    assert_eq!(titles(r), ["more-10"]);
    assert!(!r.has_more());
}

// AS-4: delivery over HTTPS, in either message binding, is pushed too.
#[test]
fn as4_push_delivery_over_https() {
    let f = deferring();
    for binding in [MESSAGE_BINDING_11, MESSAGE_BINDING_10] {
        let push = PushParameters::new(
            uri(PROTOCOL_HTTPS),
            "https://client.example.com/inbox",
            uri(binding),
        );
        let o = f.send(
            "poll-a",
            &test_user(),
            requests().poll(&coll_a(), asynch(Some(push)), None, None),
        );
        let s = assert_status(&o, StatusType::Pending);
        assert_eq!(s.will_push(), Some(true), "{binding}");
        assert_eq!(o.deliveries.len(), 1, "{binding}");
    }
}

// AS-4: a result of exactly 10 parts is still pushed, one Inbox_Message per part.
#[test]
fn as4_a_result_of_ten_parts_is_pushed() {
    let f = deferring();
    for i in 0..9 {
        f.add(&coll_a(), &format!("more-{i}"));
    }
    // poll-b answers one block per part: 10 parts
    let o = f.send(
        "poll-b",
        &test_user(),
        requests().poll(&coll_a(), asynch(Some(client_inbox())), None, None),
    );
    let s = assert_status(&o, StatusType::Pending);
    assert_eq!(s.will_push(), Some(true));
    assert_eq!(o.deliveries.len(), 10);
}

/// AS-2: a result is deferred only when it holds more records than the threshold.
#[test]
fn a_result_at_the_deferral_threshold_is_answered_at_once() {
    let mut config = ServerConfig::new(services());
    config.poll.defer_above_records = Some(1);
    let f = Fixture::with(config, policy());
    f.add(&coll_a(), "one");
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), asynch(None), None, None),
    );
    assert_eq!(titles(poll_response(&o)), ["one"]);
    f.add(&coll_a(), "two");
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), asynch(None), None, None),
    );
    assert_status(&o, StatusType::Pending);
}
