//! The two sharing models of seed 001 end to end (the flows the `source_subscriber` and
//! `peer_to_peer` examples run), and the server features they rest on: push delivery to
//! subscribers (`[push]`) and services advertised for a communal discovery service
//! (`[[advertise]]`). Checklist rows are cited in the test names.

use std::time::Duration;

use taxii::client::{Client, ClientOptions};
use taxii::config::Config;
use taxii_messages::v11::{self, PushParameters, QueryParameters, SubscriptionAction};
use taxii_messages::{StatusType, Uri, UuidGenerator};
use taxii_services::client::Requests;
use taxii_services::config::{MESSAGE_BINDING_10, MESSAGE_BINDING_11, PROTOCOL_HTTP};
use taxii_sharing_models::{
    config, peer_to_peer, sample_blocks, source_subscriber, Narration, Node,
};
use tokio::runtime::Runtime;

/// The contents of the sample blocks.
fn published() -> Vec<Vec<u8>> {
    sample_blocks()
        .iter()
        .map(|b| b.content.as_bytes().to_vec())
        .collect()
}

fn testdata_package() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/samples/stix_package_1.1.1.xml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    text.trim_end().as_bytes().to_vec()
}

#[test]
fn source_subscriber_content_is_pushed_and_polled_byte_for_byte_sub1_mcsrs11_9() {
    let rt = Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let story = Narration::quiet();
    let report = source_subscriber(rt.handle(), dir.path(), &sample_blocks(), &story).unwrap();

    assert_eq!(report.published.len(), 2);
    assert_eq!(report.published[0], testdata_package());
    assert_eq!(report.delivered, report.published, "pushed into the inbox");
    assert_eq!(
        report.polled, report.published,
        "polled through the subscription"
    );
    assert!(!report.subscription_id.is_empty());

    let lines = story.lines().join("\n");
    for step in 1..=6 {
        assert!(lines.contains(&format!("Step {step}:")), "{lines}");
    }
    // MCSRs11-9: the response echoes the push parameters since the source will push.
    assert!(
        lines.contains(&format!(
            "subscription {} ACTIVE, pushing to http://127.0.0.1:",
            report.subscription_id
        )),
        "{lines}"
    );
    // CIRs11-10: the source advertises push methods on its collection.
    assert!(lines.contains("collection threat-feed"), "{lines}");
    assert!(lines.contains("2 push method(s)"), "{lines}");
}

#[test]
fn peer_to_peer_every_inbox_listed_by_the_communal_discovery_gets_the_bytes_sv1() {
    let rt = Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let story = Narration::quiet();
    let receivers = ["Peer A", "Peer C", "Peer D"];
    let report = peer_to_peer(
        rt.handle(),
        dir.path(),
        "Peer B",
        &receivers,
        &sample_blocks(),
        &story,
    )
    .unwrap();

    assert_eq!(report.pushed[0], testdata_package());
    assert_eq!(report.deliveries.len(), receivers.len());
    for (address, result) in &report.deliveries {
        assert!(result.is_ok(), "{address}: {result:?}");
    }
    let mut addresses: Vec<_> = report.deliveries.iter().map(|d| &d.0).collect();
    addresses.dedup();
    assert_eq!(addresses.len(), receivers.len(), "one push per peer");
    let names: Vec<_> = report.received.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(names, receivers);
    for (peer, got) in &report.received {
        assert_eq!(got, &report.pushed, "{peer}");
    }
    // SV-1: the communal discovery answer lists the peers' inboxes and none of its own.
    let lines = story.lines().join("\n");
    assert_eq!(
        lines.matches("INBOX service at").count(),
        receivers.len(),
        "{lines}"
    );
}

/// A client and message ids for the tests that drive a server directly.
struct Caller {
    rt: Runtime,
    client: Client,
    requests: Requests<UuidGenerator>,
}

impl Caller {
    fn new() -> Self {
        Caller {
            rt: Runtime::new().unwrap(),
            client: Client::new(ClientOptions {
                timeout: Duration::from_secs(10),
                ..ClientOptions::default()
            })
            .unwrap(),
            requests: Requests::new(UuidGenerator),
        }
    }

    fn send(&self, url: &str, m: impl Into<v11::Message>) -> v11::Message {
        self.rt
            .block_on(self.client.exchange11(url, m.into()))
            .unwrap()
    }

    fn subscribe_push(&mut self, node: &Node, inbox: &str) -> v11::Message {
        self.subscribe_push_as(node, inbox, MESSAGE_BINDING_11)
    }

    fn subscribe_push_as(&mut self, node: &Node, inbox: &str, binding: &str) -> v11::Message {
        let push = PushParameters::new(
            Uri::new(PROTOCOL_HTTP).unwrap(),
            inbox,
            Uri::new(binding).unwrap(),
        );
        let req = self.requests.subscribe(
            &Uri::new("default").unwrap(),
            QueryParameters::default(),
            Some(push),
        );
        self.send(&collection_management(node), req)
    }

    fn publish(&mut self, node: &Node) {
        let m = self.requests.inbox(sample_blocks(), Vec::new());
        let answer = self.send(&node.inbox(), m);
        assert_eq!(status(&answer).0, Some(StatusType::Success), "{answer:?}");
    }
}

fn collection_management(node: &Node) -> String {
    format!("{}/services/collection-management", node.base_url())
}

fn status(m: &v11::Message) -> (Option<StatusType>, String) {
    match m {
        v11::Message::StatusMessage(s) => (
            Some(s.status_type.clone()),
            s.message.clone().unwrap_or_default(),
        ),
        _ => (None, String::new()),
    }
}

#[test]
fn push_subscriptions_are_refused_when_push_is_off_st16() {
    let mut c = Caller::new();
    let dir = tempfile::tempdir().unwrap();
    let node = Node::start(c.rt.handle(), "plain", config(dir.path(), &["default"])).unwrap();
    let answer = c.subscribe_push(&node, "http://192.0.2.1/inbox");
    assert_eq!(
        status(&answer).0,
        Some(StatusType::UnsupportedProtocol),
        "{answer:?}"
    );
    node.stop(c.rt.handle());
}

#[test]
fn push_to_loopback_is_denied_unless_allowed_sub8() {
    let mut c = Caller::new();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path(), &["default"]);
    cfg.push.enabled = true;
    let node = Node::start(c.rt.handle(), "source", cfg).unwrap();
    let (st, text) = status(&c.subscribe_push(&node, "http://127.0.0.1:9/services/inbox"));
    assert_eq!(st, Some(StatusType::Denied));
    assert!(text.contains("loopback"), "{text}");
    node.stop(c.rt.handle());
}

#[test]
fn a_paused_subscription_is_pushed_what_accumulated_on_resume_ex7() {
    let mut c = Caller::new();
    let dir = tempfile::tempdir().unwrap();
    let (source, sink) = source_and_sink(&c, dir.path());

    let answer = c.subscribe_push(&source, &sink.inbox());
    let v11::Message::ManageCollectionSubscriptionResponse(r) = answer else {
        panic!("{answer:?}")
    };
    let id = r.subscriptions[0].subscription_id.clone();
    let default = Uri::new("default").unwrap();
    let pause = c
        .requests
        .manage(SubscriptionAction::Pause, &default, Some(&id));
    c.send(&collection_management(&source), pause);

    c.publish(&source);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        sink.contents("default").unwrap().is_empty(),
        "pushed while paused"
    );

    let resume = c
        .requests
        .manage(SubscriptionAction::Resume, &default, Some(&id));
    c.send(&collection_management(&source), resume);
    let got = sink
        .wait_for("default", 2, Duration::from_secs(10))
        .unwrap();
    assert_eq!(got, published());
    sink.stop(c.rt.handle());
    source.stop(c.rt.handle());
}

#[test]
fn push_and_advertise_sections_are_read_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taxii.toml");
    std::fs::write(
        &file,
        "[push]\nenabled = true\nallow_private_destinations = true\n\n\
         [[advertise]]\ntype = \"INBOX\"\naddress = \"http://peer.example/services/inbox\"\n\
         message = \"Peer B\"\n",
    )
    .unwrap();
    let c = Config::load(&file).unwrap();
    assert!(c.push.enabled && c.push.allow_private_destinations);
    assert_eq!(c.advertised.len(), 1);
    assert_eq!(
        c.advertised[0].address,
        "http://peer.example/services/inbox"
    );
    assert!(!Config::default().push.enabled, "push is off by default");

    std::fs::write(
        &file,
        "[[advertise]]\ntype = \"INBOX\"\naddress = \"peer.example/inbox\"\n",
    )
    .unwrap();
    let err = Config::load(&file).unwrap_err().to_string();
    assert!(
        err.contains("peer.example/inbox") && err.contains("http(s)"),
        "{err}"
    );

    std::fs::write(&file, "[push]\nenable = true\n").unwrap();
    let err = Config::load(&file).unwrap_err().to_string();
    assert!(err.contains("enable"), "{err}");
}

/// A source whose pushes may go to loopback, and a sink with an inbox.
fn source_and_sink(c: &Caller, dir: &std::path::Path) -> (Node, Node) {
    let mut cfg = config(&dir.join("source"), &["default"]);
    cfg.push.enabled = true;
    cfg.push.allow_private_destinations = true;
    let source = Node::start(c.rt.handle(), "source", cfg).unwrap();
    let sink_cfg = config(&dir.join("sink"), &["default"]);
    let sink = Node::start(c.rt.handle(), "sink", sink_cfg).unwrap();
    (source, sink)
}

#[test]
fn a_push_in_the_taxii_10_binding_delivers_the_same_bytes_sc4() {
    let mut c = Caller::new();
    let dir = tempfile::tempdir().unwrap();
    let (source, sink) = source_and_sink(&c, dir.path());
    let answer = c.subscribe_push_as(&source, &sink.inbox(), MESSAGE_BINDING_10);
    assert!(
        matches!(
            answer,
            v11::Message::ManageCollectionSubscriptionResponse(_)
        ),
        "{answer:?}"
    );
    c.publish(&source);
    let got = sink
        .wait_for("default", 2, Duration::from_secs(10))
        .unwrap();
    assert_eq!(got, published());
    sink.stop(c.rt.handle());
    source.stop(c.rt.handle());
}

#[test]
fn an_unreachable_subscriber_does_not_change_the_publishers_success() {
    let mut c = Caller::new();
    let dir = tempfile::tempdir().unwrap();
    let (source, sink) = source_and_sink(&c, dir.path());
    let answer = c.subscribe_push(&source, &sink.inbox());
    assert!(
        matches!(
            answer,
            v11::Message::ManageCollectionSubscriptionResponse(_)
        ),
        "{answer:?}"
    );
    sink.stop(c.rt.handle());
    // The push fails (nobody listens), in the background; the content is still stored
    // and acknowledged, and the source keeps answering.
    c.publish(&source);
    c.publish(&source);
    assert_eq!(source.contents("default").unwrap().len(), 4);
    source.stop(c.rt.handle());
}

#[test]
fn an_unanswered_push_is_tried_again() {
    let mut c = Caller::new();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&dir.path().join("source"), &["default"]);
    cfg.push.enabled = true;
    cfg.push.allow_private_destinations = true;
    let source = Node::start(c.rt.handle(), "source", cfg).unwrap();
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let answer = c.subscribe_push(&source, &format!("http://{addr}/services/inbox"));
    assert!(
        matches!(
            answer,
            v11::Message::ManageCollectionSubscriptionResponse(_)
        ),
        "{answer:?}"
    );
    // The first attempt finds nobody listening; the subscriber comes up before the next.
    c.publish(&source);
    std::thread::sleep(Duration::from_millis(300));
    let sink_cfg = config(&dir.path().join("sink"), &["default"]);
    let sink = Node::start_at(c.rt.handle(), "late sink", sink_cfg, addr).unwrap();
    let got = sink
        .wait_for("default", 2, Duration::from_secs(10))
        .unwrap();
    assert_eq!(got, published());
    sink.stop(c.rt.handle());
    source.stop(c.rt.handle());
}
