//! The sharing models of seed 001 end to end against the engine in memory:
//! source/subscriber (discover, collection information, subscribe, poll) and
//! peer-to-peer (discover inbox services, push to each).

use pollster::FutureExt as _;
use std::convert::Infallible;

use taxii_messages::v11::PollParameters;
use taxii_messages::v11::QueryParameters;
use taxii_messages::{Message, StatusType};
use taxii_services::client::{
    poll_all, push_to_peers, subscribe_and_poll, Exchanger, PagerLimits, SessionError,
    SessionOptions,
};
use taxii_services::config::{DestinationRule, ServerConfig, ServiceId};

use crate::support::*;

/// Routes an address to the engine of the fixture serving it (by URL prefix).
struct InMemory<'a> {
    peers: Vec<(&'a str, &'a Fixture)>,
    who: taxii_services::Identity,
    waits: Vec<u64>,
    sent: usize,
}

impl Exchanger for InMemory<'_> {
    type Error = Infallible;
    fn exchange(&mut self, address: &str, request: Message) -> Result<Message, Infallible> {
        self.sent += 1;
        let (base, f) = self
            .peers
            .iter()
            .find(|(b, _)| address.starts_with(b))
            .expect("known peer");
        let service = ServiceId::new(&address[base.len()..]);
        // what travels must survive the wire
        let request = wire_roundtrip(&request);
        let out = f.engine.handle(&request, &service, &self.who).block_on();
        Ok(wire_roundtrip(&out.response))
    }
    fn wait(&mut self, secs: u64) {
        self.waits.push(secs);
    }
}

#[test]
fn seed001_source_subscriber() {
    let f = Fixture::new();
    for t in ["one", "two", "three"] {
        f.add(&coll_a(), t);
    }
    let mut t = InMemory {
        peers: vec![(BASE, &f)],
        who: test_user(),
        waits: vec![],
        sent: 0,
    };
    let mut r = requests();
    let s = subscribe_and_poll(
        &mut t,
        &mut r,
        &format!("{BASE}discovery-a"),
        &coll_a(),
        QueryParameters::default(),
        &SessionOptions::default(),
    )
    .unwrap();
    assert_eq!(s.collection.collection_name, coll_a());
    let all: Vec<String> = s.parts.iter().flat_map(titles).collect();
    assert_eq!(all, ["one", "two", "three"]);
    assert!(s
        .parts
        .iter()
        .all(|p| p.subscription_id.as_ref() == Some(&s.subscription.subscription_id)));
}

fn peer(base: &str) -> Fixture {
    let mut svcs = services_at(base);
    for s in &mut svcs {
        s.inbox.destination_rule = DestinationRule::Optional;
    }
    Fixture::with(ServerConfig::new(svcs), policy())
}

#[test]
fn seed001_peer_to_peer_push() {
    let a = peer("http://peer-a/");
    let b = peer("http://peer-b/");
    let mut t = InMemory {
        peers: vec![("http://peer-a/", &a), ("http://peer-b/", &b)],
        who: test_user(),
        waits: vec![],
        sent: 0,
    };
    let mut r = requests();
    let results = push_to_peers(
        &mut t,
        &mut r,
        &["http://peer-a/discovery-a", "http://peer-b/discovery-a"],
        &[stix_block("shared")],
        &SessionOptions::default(),
    );
    assert_eq!(results.len(), 2);
    for d in &results {
        assert!(d.result.is_ok(), "{}: {:?}", d.address, d.result);
    }
    assert_eq!(t.sent, 4, "one discovery and one push per peer");
    for f in [&a, &b] {
        assert_eq!(f.engine.store().all_records(&coll_a()).len(), 1);
    }
}

#[test]
fn seed001_peer_inbox_refusal_is_reported_per_peer() {
    let a = Fixture::new();
    let mut t = InMemory {
        peers: vec![(BASE, &a)],
        who: reader(),
        waits: vec![],
        sent: 0,
    };
    let results = push_to_peers(
        &mut t,
        &mut requests(),
        &[&format!("{BASE}discovery-a")],
        &[stix_block("x")],
        &SessionOptions::default(),
    );
    assert!(
        results.is_empty(),
        "S7: a reader is offered no inbox to push to"
    );
    t.who = test_user();
    let results = push_to_peers(
        &mut t,
        &mut requests(),
        &[&format!("{BASE}discovery-a")],
        &[stix_block("x")],
        &SessionOptions::default(),
    );
    let err = results[0].result.as_ref().unwrap_err();
    assert!(
        matches!(err, SessionError::Exchange(e) if e.status_type() == Some(&StatusType::DestinationCollectionError))
    );
}

#[test]
fn async_poll_waits_as_told() {
    let mut config = ServerConfig::new(services());
    config.poll.defer_above_records = Some(0);
    config.poll.estimated_wait_secs = 0;
    let f = Fixture::with(config, policy());
    f.add(&coll_a(), "late");
    let mut t = InMemory {
        peers: vec![(BASE, &f)],
        who: test_user(),
        waits: vec![],
        sent: 0,
    };
    let mut r = requests();
    let mut p = PollParameters::default();
    p.allow_asynch = Some(true);
    let first = r.poll(&coll_a(), p, None, None);
    let parts = poll_all(
        &mut t,
        &mut r,
        &format!("{BASE}poll-a"),
        first,
        PagerLimits::default(),
    )
    .unwrap();
    assert_eq!(t.waits, [1], "AMB-10: ESTIMATED_WAIT is positive");
    assert_eq!(titles(&parts[0]), ["late"]);
}

/// Source/subscriber with push: the source's delivery work item, carried to the
/// subscriber's inbox, is accepted there (MID-5: a request with its own id, linked by
/// Source_Subscription).
#[test]
fn seed001_source_pushes_to_subscriber_inbox() {
    let source = Fixture::new();
    let subscriber = peer("https://subscriber.example.org/");
    let push = taxii_messages::v11::PushParameters::new(
        uri(taxii_services::config::PROTOCOL_HTTP),
        "https://subscriber.example.org/inbox-a",
        uri(taxii_services::config::MESSAGE_BINDING_11),
    );
    let o = source.send(
        "collection-management-a",
        &test_user(),
        requests().subscribe(&coll_a(), QueryParameters::default(), Some(push)),
    );
    assert!(matches!(o.response, Message::V11(_)));
    let o = source.send(
        "inbox-a",
        &test_user(),
        requests().inbox(vec![stix_block("fresh")], vec![coll_a()]),
    );
    assert_eq!(o.deliveries.len(), 1);
    let d = &o.deliveries[0];
    assert_eq!(d.destination.path, "/inbox-a");
    let request = wire_roundtrip(&d.message);
    let got = subscriber
        .engine
        .handle(
            &request,
            &"inbox-a".into(),
            &taxii_services::Identity::user("test"),
        )
        .block_on();
    assert_eq!(got.status_type(), Some(&StatusType::Success));
    assert_eq!(subscriber.engine.store().all_records(&coll_a()).len(), 1);
}

/// Security note S8 (client): an advertised address on another origin is not followed,
/// so credentials for the discovery host never reach it.
#[test]
fn s8_advertised_address_on_another_origin_is_not_followed() {
    let f = Fixture::new();
    let mut t = InMemory {
        peers: vec![(BASE, &f)],
        who: test_user(),
        waits: vec![],
        sent: 0,
    };
    // the peer is asked at another port than the one it advertises (as OpenTAXII behind
    // a proxy in the wire captures)
    let asked = "http://127.0.0.1:9001/services/discovery-a";
    let mut proxy = InMemory {
        peers: vec![("http://127.0.0.1:9001/services/", &f)],
        ..t
    };
    let e = subscribe_and_poll(
        &mut proxy,
        &mut requests(),
        asked,
        &coll_a(),
        QueryParameters::default(),
        &SessionOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, SessionError::CrossOrigin { .. }), "{e:?}");
    assert_eq!(proxy.sent, 1, "only the discovery request was sent");
    let results = push_to_peers(
        &mut proxy,
        &mut requests(),
        &[asked],
        &[stix_block("x")],
        &SessionOptions::default(),
    );
    assert!(matches!(
        results[0].result,
        Err(SessionError::CrossOrigin { .. })
    ));
    // explicitly allowed: followed
    t = InMemory {
        peers: vec![(BASE, &f)],
        ..proxy
    };
    let mut opts = SessionOptions::default();
    opts.same_origin = false;
    let before = t.sent;
    let s = subscribe_and_poll(
        &mut t,
        &mut requests(),
        &format!("{BASE}discovery-a"),
        &coll_a(),
        QueryParameters::default(),
        &opts,
    )
    .unwrap();
    // Followed to the advertised origin: subscribed there and polled through it.
    assert_eq!(s.collection.collection_name, coll_a());
    assert_eq!(
        s.subscription.status,
        Some(taxii_messages::v11::SubscriptionStatus::Active)
    );
    assert_eq!(s.parts.len(), 1);
    assert_eq!(
        t.sent - before,
        4,
        "discovery, collection information, subscribe, poll"
    );
}

#[test]
fn s8_the_same_origin_written_another_way_is_followed() {
    // An explicit default port, a bracketed IPv6 host, and case: each names the origin the
    // peer advertises.
    for (asked_at, advertised) in [
        (
            "http://127.0.0.1:80/services/",
            "http://127.0.0.1/services/",
        ),
        ("https://[::1]:443/services/", "https://[::1]/services/"),
        ("http://[::1]/services/", "http://[::1]/services/"),
        (
            "HTTP://Peer.Example:8080/services/",
            "http://peer.example:8080/services/",
        ),
    ] {
        let f = peer(advertised);
        let mut t = InMemory {
            peers: vec![(asked_at, &f), (advertised, &f)],
            who: test_user(),
            waits: vec![],
            sent: 0,
        };
        let asked = format!("{asked_at}discovery-a");
        let pushed = push_to_peers(
            &mut t,
            &mut requests(),
            &[asked.as_str()],
            &[stix_block("x")],
            &SessionOptions::default(),
        );
        assert!(pushed[0].result.is_ok(), "{asked}: {:?}", pushed[0].result);
        assert_eq!(t.sent, 2, "{asked}: discovery, then the advertised inbox");
    }
    // Another port is another origin.
    let f = peer("http://127.0.0.1:8080/services/");
    let mut t = InMemory {
        peers: vec![
            ("http://127.0.0.1/services/", &f),
            ("http://127.0.0.1:8080/services/", &f),
        ],
        who: test_user(),
        waits: vec![],
        sent: 0,
    };
    let pushed = push_to_peers(
        &mut t,
        &mut requests(),
        &["http://127.0.0.1/services/discovery-a"],
        &[stix_block("x")],
        &SessionOptions::default(),
    );
    assert!(matches!(
        pushed[0].result,
        Err(SessionError::CrossOrigin { .. })
    ));
}
