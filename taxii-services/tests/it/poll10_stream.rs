//! TAXII 1.0 poll answers encoded from the store page by page (security finding 9):
//! bounded memory whatever the collection size, the same bytes as the whole encoding,
//! and a failure half way that never looks like a complete answer.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use taxii_http_binding::{request_for, RequestOptions, ServerPolicy, Transport};
use taxii_messages::v11::ContentInstanceBinding;
use taxii_messages::{
    decode, v10, Message, MessageId, NamespaceBinding, RawXml, SequentialGenerator, Timestamp, Uri,
};
use taxii_services::config::{ServerConfig, STIX_111};
use taxii_services::memory::{GrantPolicy, ManualClock, MemoryStore};
use taxii_services::store::{
    CollectionDefinition, CollectionStore, NewRecord, Record, RecordKey, ResultSet, ResultStore,
    Scope, StoreError, Subscription, SubscriptionStore,
};
use taxii_services::tower::TaxiiService;
use taxii_services::{Answer, Engine, Identity, PollStream};

use crate::support::*;

/// Records per store page the engine reads (`engine::parts::PAGE`).
const PAGE: u64 = 500;

/// A memory store that counts the records its pages hand out and can be made to fail
/// every page read after the first `fail_after`.
struct Watched {
    inner: MemoryStore,
    records_read: AtomicU64,
    page_reads: AtomicU64,
    largest_limit: AtomicU64,
    fail_after: Option<u64>,
}

impl CollectionStore for Watched {
    async fn collections(&self) -> Result<Vec<CollectionDefinition>, StoreError> {
        self.inner.collections().await
    }
    async fn add_records(&self, batch: Vec<NewRecord>) -> Result<Vec<RecordKey>, StoreError> {
        self.inner.add_records(batch).await
    }
    async fn snapshot(&self) -> Result<Option<RecordKey>, StoreError> {
        self.inner.snapshot().await
    }
    async fn count(&self, scope: &Scope) -> Result<u64, StoreError> {
        self.inner.count(scope).await
    }
    async fn page(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        let reads = self.page_reads.fetch_add(1, Ordering::SeqCst);
        if self.fail_after.is_some_and(|n| reads >= n) {
            return Err(StoreError::Failed("disk gone".into()));
        }
        self.largest_limit.fetch_max(limit as u64, Ordering::SeqCst);
        let page = self.inner.page(scope, after, limit).await?;
        self.records_read
            .fetch_add(page.len() as u64, Ordering::SeqCst);
        Ok(page)
    }
}

impl SubscriptionStore for Watched {
    async fn subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        self.inner.subscriptions(collection).await
    }
    async fn push_subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        self.inner.push_subscriptions(collection).await
    }
    async fn subscription(&self, id: &Uri) -> Result<Option<Subscription>, StoreError> {
        self.inner.subscription(id).await
    }
    async fn subscriptions_owned(&self, owner: &Identity) -> Result<u64, StoreError> {
        self.inner.subscriptions_owned(owner).await
    }
    async fn put_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        self.inner.put_subscription(s).await
    }
    async fn remove_subscription(&self, id: &Uri) -> Result<(), StoreError> {
        self.inner.remove_subscription(id).await
    }
}

impl ResultStore for Watched {
    async fn put_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        self.inner.put_result(r).await
    }
    async fn result(&self, collection: &Uri, id: &Uri) -> Result<Option<ResultSet>, StoreError> {
        self.inner.result(collection, id).await
    }
    async fn remove_result(&self, collection: &Uri, id: &Uri) -> Result<(), StoreError> {
        self.inner.remove_result(collection, id).await
    }
    async fn remove_expired_results(&self, now: &Timestamp) -> Result<usize, StoreError> {
        self.inner.remove_expired_results(now).await
    }
    async fn results_owned(
        &self,
        owner: &Identity,
        asynchronous: bool,
        now: &Timestamp,
    ) -> Result<u64, StoreError> {
        self.inner.results_owned(owner, asynchronous, now).await
    }
}

type WatchedEngine = Engine<Watched, GrantPolicy>;

/// The `i`th block: STIX, plain text, escaped text, and XML rebinding the `taxii` prefix.
fn record(i: usize) -> NewRecord {
    let (binding, content) = match i % 4 {
        0 => (
            STIX_111,
            RawXml::new(stix(&format!("t{i}")).into_bytes(), vec![]).unwrap(),
        ),
        1 => ("urn:example:text", RawXml::from_text(&format!("plain {i}"))),
        2 => ("urn:example:text", RawXml::from_text("a < b & \"c\"")),
        _ => {
            let ns = vec![NamespaceBinding::new("taxii", "urn:example:other")];
            let xml = format!("<taxii:thing n=\"{i}\"/>");
            (
                "urn:example:xml",
                RawXml::new(xml.into_bytes(), ns).unwrap(),
            )
        }
    };
    let binding = ContentInstanceBinding::new(uri(binding));
    NewRecord::new(coll_a(), binding, content)
}

/// An engine over a collection of `n` blocks, its store watched.
fn engine_with(n: usize, fail_after: Option<u64>) -> Arc<WatchedEngine> {
    let clock = ManualClock::new(ts(START));
    let inner = MemoryStore::new().with_clock(clock.clone());
    for c in collections() {
        inner.add_collection(c);
    }
    let batch: Vec<_> = (0..n).map(record).collect();
    block_on(inner.add_records(batch)).unwrap();
    clock.advance_secs(10);
    let store = Watched {
        inner,
        records_read: AtomicU64::new(0),
        page_reads: AtomicU64::new(0),
        largest_limit: AtomicU64::new(0),
        fail_after,
    };
    let config = ServerConfig::new(services());
    let ids = SequentialGenerator::starting_at(1);
    Arc::new(Engine::new(config, store, policy(), clock, ids))
}

fn poll10() -> Message {
    Message::V10(v10::PollRequest::new(MessageId::new("7").unwrap(), coll_a()).into())
}

fn stream_of(engine: &WatchedEngine) -> PollStream {
    match block_on(engine.answer(poll10(), &"poll-a".into(), &test_user())) {
        Answer::Poll10(s) => s,
        Answer::Whole(o) => panic!("not streamed: {}", o.response.to_xml()),
        _ => panic!("unexpected answer"),
    }
}

fn count_blocks(bytes: &[u8]) -> u64 {
    let tag = b"<taxii:Content_Block>";
    bytes.windows(tag.len()).filter(|w| w == tag).count() as u64
}

/// Pulls the whole stream, checking after every chunk that the records read from the
/// store and not yet written are at most one page; returns the bytes.
fn drain_bounded(engine: &WatchedEngine, mut stream: PollStream) -> Vec<u8> {
    let store = engine.store();
    let mut out = Vec::new();
    while let Some(chunk) = block_on(stream.next_chunk(engine)).unwrap() {
        out.extend_from_slice(&chunk);
        let read = store.records_read.load(Ordering::SeqCst);
        let written = count_blocks(&out);
        assert!(read - written <= PAGE, "{read} read, {written} written");
    }
    out
}

/// Security finding 9: a 1.0 poll holds one page of records at most, whatever the
/// collection size; the page reads grow with it, one per page.
#[test]
fn bounded_10_poll_memory_one_page_whatever_the_collection_size() {
    for n in [1_200, 3_100] {
        let engine = engine_with(n, None);
        let stream = stream_of(&engine);
        assert_eq!(stream.block_count(), n as u64);
        let store = engine.store();
        assert!(store.records_read.load(Ordering::SeqCst) <= PAGE);
        let bytes = drain_bounded(&engine, stream);
        assert_eq!(count_blocks(&bytes), n as u64);
        assert_eq!(store.records_read.load(Ordering::SeqCst), n as u64);
        assert!(store.largest_limit.load(Ordering::SeqCst) <= PAGE);
        assert_eq!(
            store.page_reads.load(Ordering::SeqCst),
            n as u64 / PAGE + 1,
            "one read per page"
        );
    }
}

/// The streamed bytes are those of the whole message's encoding, which decodes and
/// passes strict decoding and `validate()` (1.0 XSD rules included).
#[test]
fn streamed_10_poll_is_byte_for_byte_the_whole_encoding() {
    let n = 1_234; // three store pages
    let engine = engine_with(n, None);
    let stream = stream_of(&engine);
    let mut whole = stream.head().clone();
    let streamed = drain_bounded(&engine, stream);

    let scope = Scope::new(coll_a(), Default::default());
    let records = block_on(engine.store().inner.page(&scope, None, usize::MAX)).unwrap();
    assert_eq!(records.len(), n);
    whole.content_blocks = records
        .into_iter()
        .map(|r| {
            let mut b = v10::ContentBlock::new(r.binding.binding_id, r.content);
            b.timestamp_label = Some(r.key.label);
            b
        })
        .collect();
    let whole = Message::V10(whole.into());
    let mut expected = Vec::new();
    whole.encode_into(&mut expected);
    assert!(
        streamed == expected,
        "streamed bytes differ from the whole encoding"
    );

    let decoded = decode(&streamed).unwrap();
    assert_eq!(decoded, whole);
    assert_sendable(&decoded, Some(&MessageId::new("7").unwrap()));
    // `handle` answers the same message whole.
    let out = block_on(engine.handle(&poll10(), &"poll-a".into(), &test_user()));
    let Message::V10(v10::Message::PollResponse(r)) = &out.response else {
        panic!("{}", out.response.to_xml())
    };
    assert_eq!(r.content_blocks.len(), n);
}

/// A store failing after the first page: the stream ends with the error and what was
/// sent does not decode (no closing tag), so a client never takes it for a whole answer.
#[test]
fn a_store_failure_half_way_never_looks_complete() {
    let engine = engine_with(1_200, Some(1));
    let mut stream = stream_of(&engine);
    let first = block_on(stream.next_chunk(&engine)).unwrap().unwrap();
    assert_eq!(count_blocks(&first), PAGE);
    assert!(block_on(stream.next_chunk(&engine)).is_err());
    assert_eq!(block_on(stream.next_chunk(&engine)).unwrap(), None);
    assert!(decode(&first).is_err());
    assert!(!String::from_utf8_lossy(&first).contains("</taxii:Poll_Response>"));

    // Through HTTP: the body's error is what a runtime turns into an aborted response.
    let engine = engine_with(1_200, Some(1));
    let out = block_on(engine.serve_http(http_poll10(), &test_user(), &http_policy())).unwrap();
    assert!(out.response.body().is_streamed());
    assert!(block_on(out.response.into_body().collect()).is_err());
}

/// A store failing at once: the poll is answered with a 1.0 Status Message, not a stream.
#[test]
fn a_store_failing_at_once_is_answered_with_a_status() {
    let engine = engine_with(10, Some(0));
    let Answer::Whole(out) = block_on(engine.answer(poll10(), &"poll-a".into(), &test_user()))
    else {
        panic!("streamed although the store failed")
    };
    let Message::V10(v10::Message::StatusMessage(s)) = &out.response else {
        panic!("{}", out.response.to_xml())
    };
    assert_eq!(s.status_type, taxii_messages::StatusType::Failure);
}

fn http_policy() -> ServerPolicy {
    ServerPolicy::new(Transport::Http)
}

fn http_poll10() -> http::Request<bytes::Bytes> {
    request_for(
        &poll10(),
        &format!("{BASE}poll-a"),
        &RequestOptions::default(),
    )
    .unwrap()
}

/// `serve_http` sends a 1.0 poll answer streamed (no Content-Length), labelled as a 1.0
/// Poll_Response, and it decodes to every block.
#[test]
fn serve_http_streams_a_multi_page_10_poll() {
    let engine = engine_with(1_100, None);
    let out = block_on(engine.serve_http(http_poll10(), &test_user(), &http_policy())).unwrap();
    assert_eq!(out.blocks, 1_100);
    let response = out.response;
    assert!(response.body().is_streamed());
    assert!(response
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .is_none());
    assert_eq!(
        response.headers().get("x-taxii-content-type").unwrap(),
        "urn:taxii.mitre.org:message:xml:1.0"
    );
    let body = block_on(response.into_body().collect()).unwrap();
    let Message::V10(v10::Message::PollResponse(r)) = decode(&body).unwrap() else {
        panic!("not a 1.0 Poll_Response")
    };
    assert_eq!(r.content_blocks.len(), 1_100);
}

/// The raw HTTP/1.1 answer of axum (on hyper) serving `engine` to a 1.0 poll.
async fn raw_poll(engine: Arc<WatchedEngine>) -> String {
    use std::future::IntoFuture;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let svc = TaxiiService::shared(engine, http_policy()).with_identity(|_| test_user());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback_service(svc);
    tokio::spawn(axum::serve(listener, app).into_future());

    let request = http_poll10();
    let mut raw =
        format!("POST /services/poll-a HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (k, v) in request.headers() {
        raw.push_str(&format!("{k}: {}\r\n", v.to_str().unwrap()));
    }
    raw.push_str("\r\n");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    stream.write_all(request.body()).await.unwrap();
    let mut got = Vec::new();
    // The server closes the connection either way (`connection: close`).
    let _ = stream.read_to_end(&mut got).await;
    String::from_utf8_lossy(&got).into_owned()
}

/// Over real HTTP/1.1: a store failure after the first page aborts the response (hyper
/// may not even flush what it buffered): the chunked body is never terminated and the
/// closing tag never sent. Without the failure the same exchange is complete.
#[tokio::test]
async fn a_store_failure_half_way_aborts_the_http_response() {
    let whole = raw_poll(engine_with(1_200, None)).await;
    assert!(whole.starts_with("HTTP/1.1 200"));
    assert!(whole
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked"));
    assert!(whole.ends_with("</taxii:Poll_Response>\r\n0\r\n\r\n"));

    let cut = raw_poll(engine_with(1_200, Some(1))).await;
    assert!(
        !cut.ends_with("0\r\n\r\n"),
        "the chunked body was terminated"
    );
    assert!(!cut.contains("</taxii:Poll_Response>"));
}

/// A later part of a multi-part 1.1 result, the last too, is fetched with one store read: every part's
/// cursor is found, from the keys alone, when the result is made.
#[test]
fn a_later_part_of_a_result_is_fetched_with_one_read() {
    use taxii_messages::v11;
    let engine = engine_with(20, None);
    let mut r = requests();
    let send =
        |m: v11::Message| match block_on(engine.handle(&m.into(), &"poll-b".into(), &test_user()))
            .response
        {
            Message::V11(v11::Message::PollResponse(p)) => p,
            other => panic!("{}", other.to_xml()),
        };
    let first = send(r.poll(&coll_a(), Default::default(), None, None).into());
    let result_id = first.result_id.clone().expect("one block a part: 20 parts");
    let store = engine.store();
    for n in [15, 20] {
        store.page_reads.store(0, Ordering::SeqCst);
        let part = send(r.fulfillment(&coll_a(), &result_id, n).into());
        assert_eq!(part.result_part_number, Some(n));
        assert_eq!(part.content_blocks.len(), 1);
        assert_eq!(store.page_reads.load(Ordering::SeqCst), 1, "part {n}");
    }
}

/// The last part of a result whose records do not fill it, with or without a Default
/// Query, is fetched with one store read: its cursor is not dropped.
#[test]
fn a_short_last_part_is_fetched_with_one_read() {
    use taxii_messages::query::{Criteria, Criterion, DefaultQuery, Operator, Test};
    use taxii_messages::v11::{self, PollParameters, Query};
    use taxii_services::query::CORE;
    let title = Criterion::new(
        "STIX_Package/STIX_Header/Title",
        Test::new(uri(CORE), "exists", Vec::new()),
    );
    let stix_titles = DefaultQuery::new(
        uri(STIX_111),
        Criteria::new(Operator::And, vec![], vec![title]),
    );
    // 25 records, or 25 STIX ones among 100: three parts of 10, 10 and 5 on poll-a
    for (records, query) in [(25, None), (100, Some(stix_titles))] {
        let engine = engine_with(records, None);
        let mut r = requests();
        let send = |m: v11::Message| match block_on(engine.handle(
            &m.into(),
            &"poll-a".into(),
            &test_user(),
        ))
        .response
        {
            Message::V11(v11::Message::PollResponse(p)) => p,
            other => panic!("{}", other.to_xml()),
        };
        let mut params = PollParameters::default();
        params.query_parameters.query = query.clone().map(Query::Default);
        let first = send(r.poll(&coll_a(), params, None, None).into());
        let result_id = first.result_id.clone().expect("three parts");
        let store = engine.store();
        store.page_reads.store(0, Ordering::SeqCst);
        let last = send(r.fulfillment(&coll_a(), &result_id, 3).into());
        assert_eq!(last.content_blocks.len(), 5, "{records}");
        assert!(!last.has_more());
        assert_eq!(store.page_reads.load(Ordering::SeqCst), 1, "{records}");
    }
}
