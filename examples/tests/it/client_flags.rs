//! Client flags seen from the server's side (issues 17 and 19): `--header` and proxy
//! requests on the wire (absolute-form target, Proxy-Authorization), and the totals that
//! bound a whole poll (bytes, parts, time with PENDING waits). The same flags against a
//! real proxy, OpenTAXII and cabby are in interop/client_flags.sh.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use taxii::client::{poll_all, Auth, Client, ClientOptions, PollError, PollTotals, ProxySetting};
use taxii::config::Account;
use taxii::server::auth::hash_password;
use taxii_http_binding::{read_request, ServerPolicy, Transport};
use taxii_messages::v11::{
    self, ContentBlock, DiscoveryRequest, PollParameters, PollRequest, PollSelection, StatusMessage,
};
use taxii_messages::{Message, RawXml, Uri};
use tokio::net::TcpListener;

use crate::serve_support::{client, config, id, start};

/// A server answering every TAXII 1.1 request with PENDING (wait `wait` s), keeping the
/// request heads it saw.
async fn pending_server(wait: u64) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let svc = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let log = log.clone();
                    async move {
                        let mut head = format!("{} {}\n", req.method(), req.uri());
                        for (n, v) in req.headers() {
                            head.push_str(&format!("{n}: {}\n", v.to_str().unwrap_or("?")));
                        }
                        log.lock().unwrap().push(head);
                        let (parts, body) = req.into_parts();
                        let body = body.collect().await.unwrap().to_bytes();
                        let req = http::Request::from_parts(parts, body);
                        let mut policy = ServerPolicy::new(Transport::Http);
                        policy.require_protocol_header = false;
                        let accepted = read_request(&req, &policy).unwrap();
                        let answer = StatusMessage::pending(
                            id(),
                            accepted.message.message_id().clone(),
                            wait,
                            &Uri::new("result-1").unwrap(),
                            false,
                        );
                        let r = accepted
                            .respond(&Message::V11(v11::Message::from(answer)))
                            .unwrap();
                        Ok::<_, std::convert::Infallible>(r.map(Full::<Bytes>::new))
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), svc)
                    .await;
            });
        }
    });
    (format!("http://{addr}/services/poll"), seen)
}

fn poll_request() -> PollRequest {
    let mut params = PollParameters::default();
    params.allow_asynch = Some(true);
    PollRequest::new(
        id(),
        Uri::new("default").unwrap(),
        PollSelection::PollParameters(params),
    )
}

/// Issue 19 (10): a PENDING wait that would pass --max-total-secs ends the poll at once,
/// naming the limit, instead of sleeping for it.
#[tokio::test]
async fn client_totals_pending_wait_past_the_time_limit_stops() {
    let (url, seen) = pending_server(300).await;
    let c = client(Auth::None);
    let totals = PollTotals {
        max_time: Duration::from_secs(60),
        ..PollTotals::default()
    };
    let mut waits = Vec::new();
    let outcome = tokio::time::timeout(
        Duration::from_secs(30),
        poll_all(&c, &url, poll_request(), totals, |ev| {
            if let taxii::client::PollEvent::Waiting(s) = ev {
                waits.push(s);
            }
        }),
    )
    .await
    .expect("the client slept instead of stopping");
    match outcome {
        Err(e @ PollError::Total(_)) => assert!(e.to_string().contains("--max-total-secs")),
        other => panic!("expected the time total, got {other:?}"),
    }
    assert_eq!(waits, vec![300]);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

/// `--header` lines reach the server; a plain-HTTP request through a proxy carries the
/// absolute URI and the proxy's credentials (here the "proxy" is the recording server).
#[tokio::test]
async fn client_headers_and_proxy_request_on_the_wire() {
    let (url, seen) = pending_server(0).await;
    let proxy_addr = url.trim_start_matches("http://").split('/').next().unwrap();
    let c = Client::new(ClientOptions {
        headers: vec![(
            http::HeaderName::from_static("x-request-tag"),
            http::HeaderValue::from_static("t-42"),
        )],
        proxy: ProxySetting::Url(format!("http://pu:pp@{proxy_addr}")),
        ..ClientOptions::default()
    })
    .unwrap();
    // The target host does not exist: only the proxy is ever connected to.
    let target = "http://taxii.invalid:8080/services/discovery";
    let _ = c
        .exchange11(target, DiscoveryRequest::new(id()).into())
        .await
        .unwrap();
    let heads = seen.lock().unwrap().clone();
    let head = &heads[0];
    assert!(head.starts_with(&format!("POST {target}\n")), "{head}");
    assert!(head.contains("x-request-tag: t-42\n"), "{head}");
    // base64("pu:pp")
    assert!(
        head.contains("proxy-authorization: Basic cHU6cHA=\n"),
        "{head}"
    );
    assert!(head.contains("host: taxii.invalid:8080\n"), "{head}");
}

/// Issue 19 (10): a poll stops once the content received passes --max-total-bytes, and
/// `--limit` ends it quietly after N blocks.
#[tokio::test]
async fn client_totals_bytes_and_block_limit() {
    let (mut cfg, _dir) = config();
    cfg.accounts = vec![Account {
        username: "w".into(),
        password_hash: Some(hash_password("w", 1000)),
        token_sha256: None,
        cert_sha256: None,
        read: vec!["*".into()],
        write: vec!["*".into()],
    }];
    let s = start(cfg, None).await;
    let c = client(Auth::Basic {
        username: "w".into(),
        password: "w".into(),
    });
    let block = format!("<x>{}</x>", "a".repeat(1000));
    let mut inbox = v11::InboxMessage::new(id());
    inbox
        .destination_collection_names
        .push(Uri::new("default").unwrap());
    for _ in 0..6 {
        inbox.content_blocks.push(ContentBlock::new(
            Uri::new("urn:stix.mitre.org:xml:1.1.1").unwrap(),
            RawXml::new(Bytes::from(block.clone()), vec![]).unwrap(),
        ));
    }
    c.exchange11(&s.url("/services/inbox"), inbox.into())
        .await
        .unwrap();
    let poll = s.url("/services/poll");

    let mut parts = 0;
    let totals = PollTotals {
        max_bytes: 2500,
        ..PollTotals::default()
    };
    let outcome = poll_all(&c, &poll, poll_request(), totals, |_| parts += 1).await;
    assert!(
        matches!(outcome, Err(ref e @ PollError::Total(_)) if e.to_string().contains("--max-total-bytes")),
        "{outcome:?}"
    );
    // The first part (two blocks, about 2 kB) passes; the second passes the total.
    assert_eq!(parts, 1);

    let mut blocks = 0;
    let totals = PollTotals {
        max_blocks: Some(3),
        ..PollTotals::default()
    };
    poll_all(&c, &poll, poll_request(), totals, |ev| {
        if let taxii::client::PollEvent::Part(p) = ev {
            blocks += p.content_blocks.len();
        }
    })
    .await
    .unwrap();
    assert_eq!(blocks, 3);
    s.stop().await;
}
