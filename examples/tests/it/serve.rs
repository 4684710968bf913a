//! `taxii serve` driven by the `taxii` client in-process: TAXII 1.1 and 1.0 exchanges end
//! to end, multi-part polls, windows, durability and concurrency (checklist rows cited).

use taxii::client::{poll_all, Auth, PollEvent};
use taxii_messages::v11::{self, ContentBlock, PollParameters, PollRequest, PollSelection};
use taxii_messages::{v10, Message, RawXml, StatusType, Timestamp, Uri};
use taxii_services::client::PagerLimits;

use crate::serve_support::{client, config, id, start};

const STIX: &str = "urn:stix.mitre.org:xml:1.1.1";

fn sample() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/samples/stix_package_1.1.1.xml"
    ))
    .unwrap()
}

fn inbox(contents: &[&str], dest: &[&str]) -> v11::Message {
    let mut m = v11::InboxMessage::new(id());
    for d in dest {
        m.destination_collection_names.push(Uri::new(*d).unwrap());
    }
    for c in contents {
        m.content_blocks.push(ContentBlock::new(
            Uri::new(STIX).unwrap(),
            RawXml::new(c.to_string().into_bytes(), vec![]).expect("well-formed XML"),
        ));
    }
    m.into()
}

fn poll(collection: &str, begin: Option<Timestamp>) -> PollRequest {
    let mut r = PollRequest::new(
        id(),
        Uri::new(collection).unwrap(),
        PollSelection::PollParameters(PollParameters::default()),
    );
    r.exclusive_begin_timestamp = begin;
    r
}

fn status(m: &v11::Message) -> Option<&StatusType> {
    match m {
        v11::Message::StatusMessage(s) => Some(&s.status_type),
        _ => None,
    }
}

/// Polls to the end; returns the contents and the window end of the last part.
async fn poll_everything(
    c: &taxii::client::Client,
    url: &str,
    req: PollRequest,
) -> (Vec<String>, Option<Timestamp>, u64) {
    let mut blocks = Vec::new();
    let mut end = None;
    let mut parts = 0;
    poll_all(c, url, req, PagerLimits::default(), |ev| {
        if let PollEvent::Part(p) = ev {
            parts += 1;
            end = p.inclusive_end_timestamp;
            blocks.extend(
                p.content_blocks
                    .iter()
                    .map(|b| b.content.as_str().to_owned()),
            );
        }
    })
    .await
    .unwrap();
    (blocks, end, parts)
}

#[tokio::test]
async fn discovery_collections_push_poll_v11() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    let c = client(Auth::None);
    // DS-*: four services, each advertised at the address it is served at.
    let d = c
        .exchange11(
            &s.url("/services/discovery"),
            v11::DiscoveryRequest::new(id()).into(),
        )
        .await
        .unwrap();
    let v11::Message::DiscoveryResponse(d) = d else {
        panic!("{d:?}")
    };
    assert_eq!(d.service_instances.len(), 4);
    assert!(d
        .service_instances
        .iter()
        .any(|i| i.contact.address == s.url("/services/inbox")));
    let ci = c
        .exchange11(
            &s.url("/services/collection-management"),
            v11::CollectionInformationRequest::new(id()).into(),
        )
        .await
        .unwrap();
    let v11::Message::CollectionInformationResponse(ci) = ci else {
        panic!("{ci:?}")
    };
    let names: Vec<&str> = ci
        .collections
        .iter()
        .map(|c| c.collection_name.as_str())
        .collect();
    assert_eq!(names, ["default", "second"]);

    let pkg = sample();
    let pkg = pkg.trim();
    let answer = c
        .exchange11(
            &s.url("/services/inbox"),
            inbox(&[pkg, pkg, "<a>3</a>"], &["default"]),
        )
        .await
        .unwrap();
    assert_eq!(status(&answer), Some(&StatusType::Success));
    // MP-*: 3 blocks at 2 per part come back as 2 parts, in order, byte for byte.
    let (blocks, _, parts) =
        poll_everything(&c, &s.url("/services/poll"), poll("default", None)).await;
    assert_eq!(parts, 2);
    assert_eq!(blocks, [pkg, pkg, "<a>3</a>"]);
    let (other, _, _) = poll_everything(&c, &s.url("/services/poll"), poll("second", None)).await;
    assert!(other.is_empty());
    s.stop().await;
}

#[tokio::test]
async fn unknown_collection_and_wrong_service_are_status_messages() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    let c = client(Auth::None);
    let mut req = poll("nope", None);
    req.message_id = id();
    let a = c
        .exchange11(&s.url("/services/poll"), req.into())
        .await
        .unwrap();
    assert_eq!(status(&a), Some(&StatusType::NotFound));
    // EX-2: a poll sent to the inbox is refused.
    let a = c
        .exchange11(&s.url("/services/inbox"), poll("default", None).into())
        .await
        .unwrap();
    assert!(status(&a).is_some_and(|t| t.is_error()), "{a:?}");
    // A path with no service: 404, read by the binding as a Status Message (Table 2).
    let a = c
        .exchange11(
            &s.url("/nothing-here"),
            v11::DiscoveryRequest::new(id()).into(),
        )
        .await
        .unwrap();
    assert!(status(&a).is_some_and(|t| t.is_error()), "{a:?}");
    s.stop().await;
}

#[tokio::test]
async fn taxii_10_discovery_and_poll() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    let c = client(Auth::None);
    c.exchange11(&s.url("/services/inbox"), inbox(&["<x/>"], &["default"]))
        .await
        .unwrap();
    let d = c
        .exchange(
            &s.url("/services/discovery"),
            &Message::V10(
                v10::DiscoveryRequest::new(taxii_messages::MessageId::new("7").unwrap()).into(),
            ),
        )
        .await
        .unwrap();
    let Message::V10(v10::Message::DiscoveryResponse(d)) = d else {
        panic!("{d:?}")
    };
    assert_eq!(d.service_instances.len(), 4);
    let p = v10::PollRequest::new(
        taxii_messages::MessageId::new("8").unwrap(),
        Uri::new("default").unwrap(),
    );
    let a = c
        .exchange(&s.url("/services/poll"), &Message::V10(p.into()))
        .await
        .unwrap();
    let Message::V10(v10::Message::PollResponse(r)) = a else {
        panic!("{a:?}")
    };
    assert_eq!(r.content_blocks.len(), 1);
    assert_eq!(r.content_blocks[0].content.as_str(), "<x/>");
    s.stop().await;
}

#[tokio::test]
async fn acknowledged_content_survives_a_restart() {
    // IN-*: SUCCESS means stored and synced. The server is dropped without a graceful
    // shutdown and a new one opens the same data directory.
    let (cfg, dir) = config();
    let data = cfg.data.clone();
    let s = start(cfg.clone(), None).await;
    let c = client(Auth::None);
    let a = c
        .exchange11(&s.url("/services/inbox"), inbox(&["<kept/>"], &["second"]))
        .await
        .unwrap();
    assert_eq!(status(&a), Some(&StatusType::Success));
    s.stop().await;
    let mut cfg2 = cfg;
    cfg2.listen = "127.0.0.1:0".parse().unwrap();
    assert_eq!(cfg2.data, data);
    let s2 = start(cfg2, Some(dir)).await;
    let (blocks, _, _) = poll_everything(&c, &s2.url("/services/poll"), poll("second", None)).await;
    assert_eq!(blocks, ["<kept/>"]);
    s2.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_pushers_and_a_windowed_poller_lose_nothing() {
    // PL-*: windows chained on Inclusive_End_Timestamp see every block exactly once while
    // others push.
    let (mut cfg, dir) = config();
    cfg.limits.poll_page_size = 7;
    let s = start(cfg, Some(dir)).await;
    let inbox_url = s.url("/services/inbox");
    let mut pushers = Vec::new();
    for p in 0..6 {
        let url = inbox_url.clone();
        pushers.push(tokio::spawn(async move {
            let c = client(Auth::None);
            for i in 0..15 {
                let body = format!("<b p=\"{p}\" i=\"{i}\"/>");
                let a = c
                    .exchange11(&url, inbox(&[&body], &["default"]))
                    .await
                    .unwrap();
                assert_eq!(status(&a), Some(&StatusType::Success), "{a:?}");
            }
        }));
    }
    let c = client(Auth::None);
    let mut seen: Vec<String> = Vec::new();
    let mut begin = None;
    loop {
        let done = pushers.iter().all(|p| p.is_finished());
        let (blocks, end, _) =
            poll_everything(&c, &s.url("/services/poll"), poll("default", begin)).await;
        seen.extend(blocks);
        begin = end.or(begin);
        if done {
            break;
        }
    }
    for p in pushers {
        p.await.unwrap();
    }
    let (rest, _, _) = poll_everything(&c, &s.url("/services/poll"), poll("default", begin)).await;
    seen.extend(rest);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), seen.len(), "a block was delivered twice");
    assert_eq!(seen.len(), 90, "every pushed block is seen once");
    s.stop().await;
}

#[tokio::test]
async fn a_non_taxii_answer_becomes_a_status_message() {
    // HB Table 2: a proxy's 407 HTML page reads as UNAUTHORIZED.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let proxy = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut conn, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let _ = conn.read(&mut buf).await;
        let page = "<html><body>Proxy Authentication Required</body></html>";
        let answer = format!(
            "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Type: text/html\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        );
        conn.write_all(answer.as_bytes()).await.unwrap();
    });
    let a = client(Auth::None)
        .exchange11(
            &format!("http://{addr}/services/discovery"),
            v11::DiscoveryRequest::new(id()).into(),
        )
        .await
        .unwrap();
    assert_eq!(status(&a), Some(&StatusType::Unauthorized), "{a:?}");
    proxy.await.unwrap();
}
