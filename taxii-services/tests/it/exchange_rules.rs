//! Which service accepts which request (SV-1..SV-5, EX-2), message ids (MID-*), and the
//! statuses that do not belong to one service (ERR-1, ERR-11, ERR-17).

use pollster::FutureExt as _;
use taxii_messages::v11::{self, DiscoveryResponse, PollRequest, PollSelection, StatusMessage};
use taxii_messages::{decode, v10, Message, MessageId, StatusType};
use taxii_services::store::StoreError;
use taxii_services::Identity;

use crate::support::*;

fn id(s: &str) -> MessageId {
    MessageId::new(s).unwrap()
}

#[test]
fn ex2_request_at_wrong_service_gets_failure() {
    let f = Fixture::new();
    let mut r = requests();
    let cases: Vec<(&str, v11::Message)> = vec![
        ("discovery-a", r.collection_information().into()),
        ("poll-a", r.discovery().into()),
        ("inbox-a", r.poll_subscription(&coll_a(), &uri("x")).into()),
        ("collection-management-a", r.inbox(vec![], vec![]).into()),
        ("discovery-a", r.fulfillment(&coll_a(), &uri("r"), 1).into()),
    ];
    for (svc, msg) in cases {
        let root = msg.root_element();
        let o = f.send(svc, &test_user(), msg);
        let s = assert_status(&o, StatusType::Failure);
        assert!(
            s.message
                .as_deref()
                .unwrap()
                .contains("not supported by this service"),
            "{root} at {svc}"
        );
    }
}

#[test]
fn ex1_response_messages_never_start_an_exchange() {
    let f = Fixture::new();
    let resp = DiscoveryResponse::new(id("5"), id("4"));
    let o = f.send("discovery-a", &test_user(), resp);
    assert_status(&o, StatusType::Failure);
    let st = StatusMessage::new(id("6"), id("4"), StatusType::Success);
    let o = f.send("inbox-a", &test_user(), st);
    assert_status(&o, StatusType::Failure);
}

#[test]
fn mid1_every_response_answers_its_request_with_a_fresh_id() {
    let f = Fixture::new();
    let mut r = requests();
    let msgs: Vec<(&str, v11::Message)> = vec![
        ("discovery-a", r.discovery().into()),
        ("collection-management-a", r.collection_information().into()),
        (
            "poll-a",
            r.poll(&coll_a(), Default::default(), None, None).into(),
        ),
        (
            "inbox-a",
            r.inbox(vec![stix_block("x")], vec![coll_a()]).into(),
        ),
        (
            "poll-a",
            r.poll(&uri("nope"), Default::default(), None, None).into(),
        ),
    ];
    let mut seen = Vec::new();
    for (svc, m) in msgs {
        let req_id = m.message_id().clone();
        let o = f.send(svc, &test_user(), m);
        let Message::V11(resp) = wire_roundtrip(&o.response) else {
            panic!()
        };
        assert_eq!(resp.in_response_to(), Some(&req_id));
        assert_ne!(resp.message_id(), &req_id);
        assert!(
            !seen.contains(resp.message_id()),
            "MID-2: ids are not reused"
        );
        seen.push(resp.message_id().clone());
    }
}

#[test]
fn err1_mid4_undecodable_request_gets_bad_message_in_response_to_zero() {
    let f = Fixture::new();
    let err = decode(b"<taxii_11:Poll_Request xmlns:taxii_11=\"http://taxii.mitre.org/messages/taxii_xml_binding-1.1\" message_id=\"1\"/>")
        .unwrap_err();
    let m = f.engine.reject(&err);
    let Message::V11(v11::Message::StatusMessage(s)) = &m else {
        panic!()
    };
    assert_eq!(s.status_type, StatusType::BadMessage);
    assert_eq!(s.in_response_to.as_str(), "0");
    assert!(s.message.as_deref().unwrap().contains("collection_name"));
}

#[test]
fn unknown_service_id_is_a_failure_not_a_panic() {
    let f = Fixture::new();
    let o = f.send("no-such-service", &test_user(), requests().discovery());
    assert_status(&o, StatusType::Failure);
}

#[test]
fn err17_store_failure_is_failure_without_backend_details() {
    let f = Fixture::new();
    f.engine
        .store()
        .fail_with(Some(StoreError::Failed("disk /var/x exploded".into())));
    let o = f.send("discovery-a", &test_user(), requests().discovery());
    let s = assert_status(&o, StatusType::Failure);
    assert!(!s.message.as_deref().unwrap_or("").contains("/var/x"));
}

#[test]
fn err11_busy_store_is_retry_with_estimated_wait() {
    let f = Fixture::new();
    f.engine.store().fail_with(Some(StoreError::Busy {
        retry_after_secs: 7,
    }));
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), Default::default(), None, None),
    );
    let s = assert_status(&o, StatusType::Retry);
    assert_eq!(s.estimated_wait(), Some(7));
}

#[test]
fn sv5_poll_service_never_answers_success() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    let mut r = requests();
    for who in [test_user(), Identity::Anonymous, reader()] {
        for coll in [coll_a(), coll_b(), uri("zzz")] {
            let req = PollRequest::new(
                r.next_id(),
                coll,
                PollSelection::PollParameters(Default::default()),
            );
            let o = f.send("poll-a", &who, req);
            assert_ne!(o.status_type(), Some(&StatusType::Success));
        }
    }
}

#[test]
fn err1_mid3_undecodable_10_request_gets_a_10_bad_message() {
    let f = Fixture::new();
    let err = decode(b"<taxii:Poll_Request xmlns:taxii=\"http://taxii.mitre.org/messages/taxii_xml_binding-1\" message_id=\"1\"/>")
        .unwrap_err();
    let m = wire_roundtrip(&f.engine.reject_v10(&err));
    let Message::V10(taxii_messages::v10::Message::StatusMessage(s)) = &m else {
        panic!("{}", m.to_xml())
    };
    assert_eq!(s.status_type, StatusType::BadMessage);
    assert_eq!(s.in_response_to.as_str(), "0");
    assert!(s.message_id.as_str().bytes().all(|b| b.is_ascii_digit()));
}

#[test]
fn mp6_expired_result_sets_can_be_purged() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let o = f.send(
        "poll-b",
        &test_user(),
        requests().poll(&coll_a(), Default::default(), None, None),
    );
    assert!(poll_response(&o).has_more());
    assert_eq!(
        f.engine.store().result_count(),
        1,
        "the open result set is held"
    );
    assert_eq!(f.engine.purge_expired_results().block_on(), Ok(0));
    f.clock.advance_secs(3600);
    assert_eq!(f.engine.purge_expired_results().block_on(), Ok(1));
    assert_eq!(f.engine.store().result_count(), 0);
}

#[test]
fn ex3_one_address_several_service_types_dispatch_on_message_type() {
    use taxii_messages::v11::ServiceType;
    use taxii_services::config::{ServerConfig, ServiceDefinition};
    let addr = "https://taxii.example.org/taxii";
    let svcs = vec![
        ServiceDefinition::new("d", ServiceType::Discovery, addr),
        ServiceDefinition::new("p", ServiceType::Poll, addr),
        ServiceDefinition::new("cm", ServiceType::CollectionManagement, addr),
    ];
    let f = Fixture::with(ServerConfig::new(svcs), policy());
    let mut r = requests();
    let disc: Message = v11::Message::from(r.discovery()).into();
    let poll: Message =
        v11::Message::from(r.poll(&coll_a(), Default::default(), None, None)).into();
    let inbox: Message = v11::Message::from(r.inbox(vec![], vec![])).into();
    assert_eq!(f.engine.route(addr, &disc).map(|s| s.as_str()), Some("d"));
    assert_eq!(f.engine.route(addr, &poll).map(|s| s.as_str()), Some("p"));
    // nothing there takes an inbox message: the first service answers EX-2's FAILURE
    let svc = f.engine.route(addr, &inbox).unwrap().clone();
    let o = f.engine.handle(&inbox, &svc, &test_user()).block_on();
    assert_status(&o, StatusType::Failure);
    assert_eq!(f.engine.route("https://elsewhere/", &disc), None);
}

/// EX-3: discovery and collection requests find their service behind a poll service listed
/// first at the same address (TAXII 1.1 and 1.0 alike).
#[test]
fn ex3_discovery_and_collection_requests_pass_a_poll_service_listed_first() {
    use taxii_messages::v11::ServiceType;
    use taxii_services::config::{ServerConfig, ServiceDefinition};
    let addr = "https://taxii.example.org/taxii";
    let svcs = vec![
        ServiceDefinition::new("p", ServiceType::Poll, addr),
        ServiceDefinition::new("cm", ServiceType::CollectionManagement, addr),
        ServiceDefinition::new("d", ServiceType::Discovery, addr),
    ];
    let f = Fixture::with(ServerConfig::new(svcs), policy());
    let mut r = requests();
    let cases: Vec<(Message, &str)> = vec![
        (v11::Message::from(r.discovery()).into(), "d"),
        (v10::Message::from(r.discovery_v10()).into(), "d"),
        (v11::Message::from(r.collection_information()).into(), "cm"),
        (v10::Message::from(r.feed_information()).into(), "cm"),
    ];
    for (request, service) in cases {
        let routed = f.engine.route(addr, &request).map(|s| s.as_str());
        assert_eq!(routed, Some(service), "{request:?}");
    }
}

/// The engine's `Debug` names it and its configuration.
#[test]
fn engine_debug_shows_its_configuration() {
    let text = format!("{:?}", Fixture::new().engine);
    assert!(text.starts_with("Engine { config: "), "{text}");
}

/// EX-10: rights are checked when content is delivered, not only when subscribing.
#[test]
fn ex10_deliveries_follow_current_rights() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use taxii_messages::v11::PushParameters;
    use taxii_messages::{SequentialGenerator, Uri};
    use taxii_services::config::{ServerConfig, MESSAGE_BINDING_11, PROTOCOL_HTTP};
    use taxii_services::memory::{ManualClock, MemoryStore};
    use taxii_services::store::{Decision, Operation, Policy};

    struct Revocable(Arc<AtomicBool>);
    impl Policy for Revocable {
        fn authorize(&self, who: &Identity, op: Operation, _: &Uri) -> Decision {
            let subscriber_reads = who.name() == Some("sub") && op != Operation::Write;
            if who.name() == Some("writer") || (subscriber_reads && self.0.load(Ordering::SeqCst)) {
                Decision::Allow
            } else {
                Decision::Unauthorized
            }
        }
    }
    let allowed = Arc::new(AtomicBool::new(true));
    let store = MemoryStore::new();
    for c in collections() {
        store.add_collection(c);
    }
    let engine = taxii_services::Engine::new(
        ServerConfig::new(services()),
        store,
        Revocable(allowed.clone()),
        ManualClock::new(ts(START)),
        SequentialGenerator::starting_at(1),
    );
    let send = |who: &str, m: v11::Message| {
        let svc = svc_of(m.root_element());
        engine
            .handle(&m.into(), &svc, &Identity::user(who))
            .block_on()
    };
    fn svc_of(root: &str) -> taxii_services::config::ServiceId {
        match root {
            "Inbox_Message" => "inbox-a".into(),
            _ => "collection-management-a".into(),
        }
    }
    let mut r = requests();
    let push = PushParameters::new(
        uri(PROTOCOL_HTTP),
        "http://sub.example.com/in",
        uri(MESSAGE_BINDING_11),
    );
    let o = send(
        "sub",
        r.subscribe(&coll_a(), Default::default(), Some(push))
            .into(),
    );
    assert!(o.status_type().is_none(), "subscribed");
    let o = send(
        "writer",
        r.inbox(vec![stix_block("a")], vec![coll_a()]).into(),
    );
    assert_eq!(o.deliveries.len(), 1);
    allowed.store(false, Ordering::SeqCst);
    let o = send(
        "writer",
        r.inbox(vec![stix_block("b")], vec![coll_a()]).into(),
    );
    assert_status(&o, StatusType::Success);
    assert!(
        o.deliveries.is_empty(),
        "no longer allowed to read: nothing pushed"
    );
    allowed.store(true, Ordering::SeqCst);
    let o = send(
        "writer",
        r.inbox(vec![stix_block("c")], vec![coll_a()]).into(),
    );
    assert_eq!(
        o.deliveries.len(),
        1,
        "the subscription survived the change"
    );
}

/// A runtime shares one engine between tasks and blocking threads.
#[test]
fn engine_is_send_and_sync() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<TestEngine>();
    shareable::<
        taxii_services::Engine<
            taxii_services::memory::MemoryStore,
            taxii_services::memory::AllowAll,
        >,
    >();
}
