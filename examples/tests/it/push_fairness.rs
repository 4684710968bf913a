//! #19.6: one slow subscriber must not starve the others' pushes. A tarpit subscriber
//! (accepts connections, never answers) and an honest one (a second `taxii serve`)
//! subscribe to one collection; 100 inbox messages later the honest one holds all 100
//! blocks, in order, while the tarpit still holds its first delivery and no more.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use taxii::client::{poll_all, Auth, PollEvent};
use taxii::config::Account;
use taxii_messages::v11::{
    self, ContentBlock, ManageCollectionSubscriptionRequest, PollParameters, PollRequest,
    PollSelection, PushParameters, QueryParameters, SubscriptionAction,
};
use taxii_messages::{RawXml, StatusType, Uri};
use taxii_services::client::PagerLimits;
use taxii_services::config::{MESSAGE_BINDING_11, PROTOCOL_HTTP};

use crate::serve_support::{client, config, id, start};

fn uri(s: &str) -> Uri {
    Uri::new(s).unwrap()
}

/// Accepts connections and holds them unanswered; counts them.
async fn tarpit() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/inbox", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(s);
        }
    });
    (url, accepted)
}

pub(crate) async fn subscribe(c: &taxii::client::Client, url: &str, push_to: &str) {
    let mut req = ManageCollectionSubscriptionRequest::new(
        id(),
        SubscriptionAction::Subscribe,
        uri("default"),
    );
    req.subscription_parameters = Some(QueryParameters::default());
    req.push_parameters = Some(PushParameters::new(
        uri(PROTOCOL_HTTP),
        push_to,
        uri(MESSAGE_BINDING_11),
    ));
    let answer = c.exchange11(url, req.into()).await.unwrap();
    assert!(
        matches!(
            answer,
            v11::Message::ManageCollectionSubscriptionResponse(_)
        ),
        "{answer:?}"
    );
}

pub(crate) async fn push_blocks(c: &taxii::client::Client, inbox: &str, count: usize) {
    for n in 0..count {
        let mut m = v11::InboxMessage::new(id());
        m.destination_collection_names.push(uri("default"));
        m.content_blocks.push(ContentBlock::new(
            uri("urn:stix.mitre.org:xml:1.1.1"),
            RawXml::new(format!("<b n=\"{n}\"/>").into_bytes(), vec![]).unwrap(),
        ));
        let answer = c.exchange11(inbox, m.into()).await.unwrap();
        let v11::Message::StatusMessage(s) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(s.status_type, StatusType::Success);
    }
}

pub(crate) async fn blocks_at(c: &taxii::client::Client, url: &str) -> Vec<String> {
    let req = PollRequest::new(
        id(),
        uri("default"),
        PollSelection::PollParameters(PollParameters::default()),
    );
    let mut blocks = Vec::new();
    poll_all(c, url, req, PagerLimits::default(), |ev| {
        if let PollEvent::Part(p) = ev {
            blocks.extend(
                p.content_blocks
                    .iter()
                    .map(|b| b.content.as_str().to_owned()),
            );
        }
    })
    .await
    .unwrap();
    blocks
}

/// The blocks at `url` once there are `n` (or after a minute: a guard against a hang
/// only; callers assert on what came, not on time).
pub(crate) async fn blocks_once_there(
    c: &taxii::client::Client,
    url: &str,
    n: usize,
) -> Vec<String> {
    let mut got = Vec::new();
    for _ in 0..600 {
        got = blocks_at(c, url).await;
        if got.len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tarpit_subscriber_delays_only_itself() {
    let (mut honest_config, honest_dir) = config();
    honest_config.limits.poll_page_size = 1000;
    let honest = start(honest_config, Some(honest_dir)).await;
    let (tarpit_url, tarpit_accepted) = tarpit().await;

    let (mut c, dir) = config();
    c.push.enabled = true;
    c.push.allow_private_destinations = true;
    c.push.timeout_secs = 3600; // the tarpit never times out while the test runs
    c.push.per_destination = 1; // one at a time: the honest blocks arrive in order
    c.limits.max_body_bytes = 1024 * 1024;
    let publisher = start(c, Some(dir)).await;
    let cl = client(Auth::None);
    let manage = publisher.url("/services/collection-management");
    // The tarpit first: before #19.6 each message's deliveries ran one after another.
    subscribe(&cl, &manage, &tarpit_url).await;
    subscribe(&cl, &manage, &honest.url("/services/inbox")).await;

    push_blocks(&cl, &publisher.url("/services/inbox"), 100).await;

    let expected: Vec<String> = (0..100).map(|n| format!("<b n=\"{n}\"/>")).collect();
    let poll_url = honest.url("/services/poll");
    let got = blocks_once_there(&cl, &poll_url, expected.len()).await;
    assert_eq!(
        got, expected,
        "the honest subscriber gets every push, in order"
    );
    assert_eq!(
        tarpit_accepted.load(Ordering::SeqCst),
        1,
        "the tarpit holds its one slot and nothing more"
    );
    let metrics = publisher.state.metrics.render();
    assert!(
        metrics.contains("taxii_push_deliveries_sent_total 100"),
        "{metrics}"
    );
    assert!(
        metrics.contains("taxii_push_deliveries_failed_total 0"),
        "{metrics}"
    );
    publisher.stop().await;
    honest.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finally_failed_push_is_counted_not_dropped_unseen() {
    // A subscriber that answers UNAUTHORIZED: a TAXII answer other than SUCCESS is final.
    let (mut closed_config, closed_dir) = config();
    closed_config.accounts.push(Account {
        username: "only".into(),
        password_hash: None,
        token_sha256: Some("00".repeat(32)),
        cert_sha256: None,
        read: vec!["*".into()],
        write: vec!["*".into()],
    });
    let closed = start(closed_config, Some(closed_dir)).await;
    let (mut c, dir) = config();
    c.push.enabled = true;
    c.push.allow_private_destinations = true;
    let publisher = start(c, Some(dir)).await;
    let cl = client(Auth::None);
    let manage = publisher.url("/services/collection-management");
    subscribe(&cl, &manage, &closed.url("/services/inbox")).await;
    push_blocks(&cl, &publisher.url("/services/inbox"), 3).await;
    let mut metrics = String::new();
    for _ in 0..600 {
        metrics = publisher.state.metrics.render();
        if metrics.contains("taxii_push_deliveries_failed_total 3") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        metrics.contains("taxii_push_deliveries_failed_total 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("taxii_push_deliveries_sent_total 0"),
        "{metrics}"
    );
    publisher.stop().await;
    closed.stop().await;
}
