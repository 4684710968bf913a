//! The engine as a tower `Service` (feature `tower`): several services at one address
//! routed by message type (EX-3), the body cap applied while reading (T2-6), unknown
//! paths left to the caller.

use std::convert::Infallible;
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame};
use taxii_http_binding::{read_response, request_for, ClientPolicy, RequestOptions};
use taxii_http_binding::{ServerPolicy, ServicesVersion, Transport};
use taxii_messages::v11::{ContentInstanceBinding, ServiceType};
use taxii_messages::{v10, v11, Message, MessageId, RawXml, StatusType, Uri};
use taxii_services::config::{ServerConfig, ServiceDefinition, STIX_111};
use taxii_services::memory::{GrantPolicy, MemoryStore};
use taxii_services::store::{CollectionStore, NewRecord};
use taxii_services::tower::{ResponseBody, TaxiiService, UnknownPath};
use tower_service::Service;

use crate::support::{coll_a, policy as grants, requests, test_user, Fixture};

const AT: &str = "http://gw.example/taxii";

pub(crate) type Svc = TaxiiService<MemoryStore, GrantPolicy>;

fn service() -> Svc {
    let config = ServerConfig::new(vec![
        ServiceDefinition::new("d", ServiceType::Discovery, AT),
        ServiceDefinition::new("p", ServiceType::Poll, AT),
    ]);
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.body.max_body_bytes = 64 * 1024;
    TaxiiService::new(Fixture::with(config, grants()).engine, policy).with_identity(|_| test_user())
}

/// Sends `m` to `path` through the `Service` impl and reads the TAXII answer.
pub(crate) fn exchange(svc: &mut Svc, path: &str, m: &Message) -> Message {
    let request = request_for(
        m,
        &format!("http://gw.example{path}"),
        &RequestOptions::default(),
    )
    .unwrap();
    let (parts, body) = request.into_parts();
    let request = http::Request::from_parts(parts, ResponseBody::from(body));
    let response = pollster::block_on(svc.call(request)).unwrap();
    let (parts, body) = response.into_parts();
    let response = http::Response::from_parts(parts, Bytes::copy_from_slice(body.bytes()));
    let version = match m {
        Message::V10(_) => ServicesVersion::V10,
        _ => ServicesVersion::V11,
    };
    read_response(&response, m.message_id(), &ClientPolicy::new(version))
}

/// An endless body of 1 KiB frames, counting the frames read.
struct Endless(Arc<AtomicUsize>);

impl Body for Endless {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![b' '; 1024])))))
    }
}

#[test]
fn ex3_one_address_routes_by_message_type_v11_and_v10() {
    let mut svc = service();
    let r = requests().discovery();
    let answer = exchange(&mut svc, "/taxii", &Message::V11(r.into()));
    let Message::V11(v11::Message::DiscoveryResponse(d)) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(d.service_instances.len(), 2);

    let poll = requests().poll(&coll_a(), Default::default(), None, None);
    let answer = exchange(&mut svc, "/taxii/", &Message::V11(poll.into()));
    assert!(
        matches!(answer, Message::V11(v11::Message::PollResponse(_))),
        "{answer:?}"
    );

    let d10 = v10::DiscoveryRequest::new(MessageId::new("77").unwrap());
    let answer = exchange(&mut svc, "/taxii", &Message::V10(d10.into()));
    assert!(
        matches!(answer, Message::V10(v10::Message::DiscoveryResponse(_))),
        "{answer:?}"
    );
}

#[test]
fn t2_6_an_endless_body_is_cut_at_the_cap_and_answered_bad_message() {
    let svc = service();
    let m = Message::V10(v10::DiscoveryRequest::new(MessageId::new("5").unwrap()).into());
    let (parts, _) = request_for(&m, AT, &RequestOptions::default())
        .unwrap()
        .into_parts();
    let mut parts = parts;
    parts.headers.remove(http::header::CONTENT_LENGTH);
    let frames = Arc::new(AtomicUsize::new(0));
    let request = http::Request::from_parts(parts, Endless(frames.clone()));
    let response = pollster::block_on(svc.serve(request)).unwrap();
    // 64 KiB cap: 65 frames of 1 KiB, not one more
    assert_eq!(frames.load(Ordering::Relaxed), 65);
    let (parts, body) = response.into_parts();
    let response = http::Response::from_parts(parts, Bytes::copy_from_slice(body.bytes()));
    let answer = read_response(
        &response,
        &MessageId::unknown(),
        &ClientPolicy::new(ServicesVersion::V10),
    );
    let Message::V10(v10::Message::StatusMessage(s)) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(s.status_type, StatusType::BadMessage);
}

#[test]
fn t2_6_a_declared_length_over_the_cap_is_refused_before_reading() {
    let svc = service();
    let m = Message::V11(requests().discovery().into());
    let (mut parts, _) = request_for(&m, AT, &RequestOptions::default())
        .unwrap()
        .into_parts();
    parts
        .headers
        .insert(http::header::CONTENT_LENGTH, "10000000".parse().unwrap());
    let frames = Arc::new(AtomicUsize::new(0));
    let request = http::Request::from_parts(parts, Endless(frames.clone()));
    let response = pollster::block_on(svc.serve(request)).unwrap();
    assert_eq!(frames.load(Ordering::Relaxed), 0);
    assert!(String::from_utf8_lossy(response.body().bytes()).contains("BAD_MESSAGE"));
}

#[test]
fn an_unknown_path_is_left_to_the_caller() {
    let mut svc = service();
    let m = Message::V11(requests().discovery().into());
    let request = request_for(
        &m,
        "http://gw.example/elsewhere",
        &RequestOptions::default(),
    )
    .unwrap();
    let (parts, body) = request.into_parts();
    let err = pollster::block_on(svc.serve(http::Request::from_parts(
        parts.clone(),
        ResponseBody::from(body.clone()),
    )))
    .unwrap_err();
    assert_eq!(
        err,
        UnknownPath {
            path: "/elsewhere".into()
        }
    );
    assert!(!svc.serves("/elsewhere"));
    let response =
        pollster::block_on(svc.call(http::Request::from_parts(parts, ResponseBody::from(body))))
            .unwrap();
    assert_eq!(response.status(), http::StatusCode::NOT_FOUND);
    assert!(response.extensions().get::<UnknownPath>().is_some());
}

/// Security finding 9: a TAXII 1.0 poll through the `Service` is a streamed body (no
/// Content-Length, one frame per store page) that reads back to every block.
#[test]
fn a_10_poll_is_answered_with_a_streamed_body() {
    let config = ServerConfig::new(vec![ServiceDefinition::new("p", ServiceType::Poll, AT)]);
    let f = Fixture::with(config, grants());
    let binding = ContentInstanceBinding::new(Uri::from_static(STIX_111));
    let batch = (0..1_100)
        .map(|i| {
            let text = RawXml::from_text(&format!("block {i}"));
            NewRecord::new(coll_a(), binding.clone(), text)
        })
        .collect();
    pollster::block_on(f.engine.store().add_records(batch)).unwrap();
    f.clock.advance_secs(1);
    let mut svc = TaxiiService::new(f.engine, ServerPolicy::new(Transport::Http))
        .with_identity(|_| test_user());

    let poll = Message::V10(v10::PollRequest::new(MessageId::new("9").unwrap(), coll_a()).into());
    let (parts, body) = request_for(&poll, AT, &RequestOptions::default())
        .unwrap()
        .into_parts();
    let request = http::Request::from_parts(parts, ResponseBody::from(body));
    let response = pollster::block_on(svc.call(request)).unwrap();
    assert!(response
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .is_none());
    let (parts, body) = response.into_parts();
    assert!(body.is_streamed());
    assert_eq!(format!("{body:?}"), "ResponseBody(streamed)");
    assert!(!body.is_end_stream());
    assert_eq!(body.size_hint().exact(), None, "no length before the end");
    let mut body = body.into_whole().expect_err("a streamed body is not whole");
    let (mut frames, mut bytes) = (0, Vec::new());
    while let Some(frame) = pollster::block_on(poll_fn(|cx| Pin::new(&mut body).poll_frame(cx))) {
        frames += 1;
        bytes.extend_from_slice(&frame.unwrap().into_data().unwrap());
    }
    assert_eq!(frames, 3, "one frame per store page of 500 blocks");
    assert!(body.is_end_stream());
    assert_eq!(format!("{body:?}"), "ResponseBody(ended)");
    let response = http::Response::from_parts(parts, Bytes::from(bytes));
    let policy = ClientPolicy::new(ServicesVersion::V10);
    let answer = read_response(&response, poll.message_id(), &policy);
    let Message::V10(v10::Message::PollResponse(r)) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(r.content_blocks.len(), 1_100);
}

#[test]
fn t2_6_a_body_of_exactly_the_cap_is_read_and_answered() {
    let svc = service();
    let m = Message::V11(requests().discovery().into());
    let (mut parts, body) = request_for(&m, AT, &RequestOptions::default())
        .unwrap()
        .into_parts();
    let max = 64 * 1024;
    let mut padded = body.to_vec();
    padded.resize(max, b' ');
    parts
        .headers
        .insert(http::header::CONTENT_LENGTH, max.into());
    let request = http::Request::from_parts(parts, ResponseBody::from(Bytes::from(padded)));
    let response = pollster::block_on(svc.serve(request)).unwrap();
    let text = String::from_utf8_lossy(response.body().bytes()).into_owned();
    assert!(text.contains("Discovery_Response"), "{text}");
}

#[test]
fn a_service_knows_its_paths_and_prints_its_policy() {
    let svc = service();
    assert!(svc.serves("/taxii"));
    assert!(!svc.serves("/taxii/more"));
    let shown = format!("{svc:?}");
    assert!(shown.starts_with("TaxiiService { policy: "), "{shown}");
}

#[test]
fn a_whole_body_tells_its_length_and_hands_its_bytes_over() {
    let body = ResponseBody::from(Bytes::from_static(b"<x/>"));
    assert!(!body.is_streamed());
    assert!(!body.is_end_stream());
    assert_eq!(body.size_hint().exact(), Some(4));
    assert_eq!(format!("{body:?}"), r#"ResponseBody(Some(b"<x/>"))"#);
    assert_eq!(body.into_whole().unwrap(), Bytes::from_static(b"<x/>"));
    let empty = ResponseBody::empty();
    assert!(empty.is_end_stream());
    assert_eq!(empty.size_hint().exact(), Some(0));
}
