//! Two `taxii serve` processes, A and B, on one PostgreSQL database (issue 13): what one
//! stores or starts, the other serves; a SIGKILL of A right after SUCCESS loses nothing;
//! nor does one during concurrent pushes (group commit); pushes from both arrive exactly once.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use taxii::client::{Auth, Client, ClientOptions};
use taxii_messages::v11::{
    self, ContentBlock, ManageCollectionSubscriptionRequest, PollFulfillmentRequest,
    PollParameters, PollRequest, PollSelection, PushParameters, QueryParameters,
    SubscriptionAction, SubscriptionStatus,
};
use taxii_messages::{MessageIdGenerator, RawXml, StatusType, Uri, UuidGenerator};
use taxii_services::config::{MESSAGE_BINDING_11, PROTOCOL_HTTP};

use super::pg_cluster::{free_port, PgCluster};

fn uri(s: &str) -> Uri {
    Uri::new(s).unwrap()
}

/// A `taxii serve` process; killed on drop.
struct Instance {
    child: Child,
    port: u16,
}

impl Instance {
    fn start(dir: &Path, name: &str, database: Option<&str>) -> Instance {
        let port = free_port();
        let config = dir.join(format!("{name}.toml"));
        let mut toml = format!(
            "listen = \"127.0.0.1:{port}\"\ndata = \"{}\"\n\n[limits]\npoll_page_size = 2\npoll_async_above = 3\npoll_async_wait_secs = 0\n\n\
             [push]\nenabled = true\nallow_private_destinations = true\n",
            dir.join(format!("{name}-data")).display()
        );
        if let Some(url) = database {
            toml.push_str(&format!("\n[database]\nurl = \"{url}\"\n"));
        }
        std::fs::write(&config, toml).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_taxii"))
            .arg("serve")
            .arg("--config")
            .arg(&config)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut instance = Instance { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = instance.child.try_wait() {
                panic!("taxii serve {name} exited: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "taxii serve {name} did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        instance
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

fn id() -> taxii_messages::MessageId {
    UuidGenerator.next_id()
}

fn client() -> Client {
    Client::new(ClientOptions {
        auth: Auth::None,
        ..ClientOptions::default()
    })
    .unwrap()
}

async fn push(c: &Client, at: &Instance, content: &str) {
    let mut m = v11::InboxMessage::new(id());
    m.destination_collection_names.push(uri("default"));
    m.content_blocks.push(ContentBlock::new(
        uri("urn:stix.mitre.org:xml:1.1.1"),
        RawXml::new(content.as_bytes().to_vec(), vec![]).unwrap(),
    ));
    let s = status(c, &at.url("/services/inbox"), m.into()).await;
    assert_eq!(s.status_type, StatusType::Success);
}

/// The Status_Message answering `m` at `url`.
async fn status(c: &Client, url: &str, m: v11::Message) -> v11::StatusMessage {
    match c.exchange11(url, m).await.unwrap() {
        v11::Message::StatusMessage(s) => s,
        other => panic!("{other:?}"),
    }
}

async fn poll(c: &Client, at: &Instance) -> v11::PollResponse {
    let req = PollRequest::new(
        id(),
        uri("default"),
        PollSelection::PollParameters(PollParameters::default()),
    );
    match c
        .exchange11(&at.url("/services/poll"), req.into())
        .await
        .unwrap()
    {
        v11::Message::PollResponse(p) => p,
        other => panic!("{other:?}"),
    }
}

/// Polls `at` until the answer counts `n` blocks. A poll's window ends just before the
/// database's time as this instance last measured it (never after a label still to come),
/// so a block stored a moment ago on another instance may show in the next poll only.
async fn poll_until(c: &Client, at: &Instance, n: u64) -> v11::PollResponse {
    for _ in 0..500 {
        let p = poll(c, at).await;
        if p.record_count.as_ref().map(|r| r.count) == Some(n) {
            return p;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{n} blocks never polled at {}", at.port);
}

async fn fulfill(c: &Client, at: &Instance, result: &Uri, part: u64) -> v11::PollResponse {
    let req = PollFulfillmentRequest::new(id(), uri("default"), result.clone(), part);
    match c
        .exchange11(&at.url("/services/poll"), req.into())
        .await
        .unwrap()
    {
        v11::Message::PollResponse(p) => p,
        other => panic!("{other:?}"),
    }
}

fn contents(p: &v11::PollResponse) -> Vec<String> {
    p.content_blocks
        .iter()
        .map(|b| b.content.as_str().to_owned())
        .collect()
}

async fn manage(
    c: &Client,
    at: &Instance,
    action: SubscriptionAction,
    id_: Option<&Uri>,
    push_to: Option<&str>,
) -> v11::ManageCollectionSubscriptionResponse {
    let mut req = ManageCollectionSubscriptionRequest::new(id(), action, uri("default"));
    req.subscription_id = id_.cloned();
    if action == SubscriptionAction::Subscribe {
        req.subscription_parameters = Some(QueryParameters::default());
        req.push_parameters =
            push_to.map(|to| PushParameters::new(uri(PROTOCOL_HTTP), to, uri(MESSAGE_BINDING_11)));
    }
    match c
        .exchange11(&at.url("/services/collection-management"), req.into())
        .await
        .unwrap()
    {
        v11::Message::ManageCollectionSubscriptionResponse(r) => r,
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_content_results_and_subscriptions() {
    let cluster = PgCluster::start();
    let url = cluster.database("shared");
    let work = tempfile::tempdir().unwrap();
    let mut a = Instance::start(work.path(), "a", Some(&url));
    let b = Instance::start(work.path(), "b", Some(&url));
    let c = client();

    // Pushed via A, polled via B.
    push(&c, &a, "<b n=\"0\"/>").await;
    assert_eq!(contents(&poll_until(&c, &b, 1).await), vec!["<b n=\"0\"/>"]);

    // A multi-part result made on A (2 blocks a part), parts 2 and 3 fulfilled via B.
    for n in 1..5 {
        push(&c, &b, &format!("<b n=\"{n}\"/>")).await;
    }
    let first = poll_until(&c, &a, 5).await;
    assert_eq!(first.more, Some(true));
    let result = first.result_id.clone().unwrap();
    let mut all = contents(&first);
    for part in 2..=3 {
        let p = fulfill(&c, &b, &result, part).await;
        assert_eq!(p.result_part_number, Some(part));
        all.extend(contents(&p));
    }
    let expected: Vec<String> = (0..5).map(|n| format!("<b n=\"{n}\"/>")).collect();
    assert_eq!(all, expected);

    // A subscription made on A, paused and queried on B.
    let made = manage(&c, &a, SubscriptionAction::Subscribe, None, None).await;
    let sub = made.subscriptions[0].subscription_id.clone();
    manage(&c, &b, SubscriptionAction::Pause, Some(&sub), None).await;
    let queried = manage(&c, &b, SubscriptionAction::Status, Some(&sub), None).await;
    assert_eq!(queried.subscriptions.len(), 1);
    assert_eq!(
        queried.subscriptions[0].status,
        Some(SubscriptionStatus::Paused)
    );

    // An asynchronous result made on A (PENDING), fetched via B.
    let mut params = PollParameters::default();
    params.allow_asynch = Some(true);
    let req = PollRequest::new(id(), uri("default"), PollSelection::PollParameters(params));
    let pending = status(&c, &a.url("/services/poll"), req.into()).await;
    assert_eq!(pending.status_type, StatusType::Pending);
    let result = pending.result_id().unwrap();
    let part1 = fulfill(&c, &b, &result, 1).await;
    assert_eq!(part1.record_count.map(|r| r.count), Some(5));
    assert_eq!(contents(&part1), expected[..2]);

    // A is killed right after a SUCCESS; B serves the block.
    push(&c, &a, "<b n=\"killed\"/>").await;
    a.kill();
    let after = collect_parts(&c, &b, poll_until(&c, &b, 6).await).await;
    assert_eq!(after.last().map(String::as_str), Some("<b n=\"killed\"/>"));
    assert_eq!(after.len(), 6);
}

/// Every block of `default` via `at`, across all parts.
async fn fulfill_all(c: &Client, at: &Instance) -> Vec<String> {
    collect_parts(c, at, poll(c, at).await).await
}

/// The blocks of `first` and of the parts after it.
async fn collect_parts(c: &Client, at: &Instance, first: v11::PollResponse) -> Vec<String> {
    let mut all = contents(&first);
    let mut part = 1;
    while first.more == Some(true) {
        part += 1;
        let p = fulfill(c, at, first.result_id.as_ref().unwrap(), part).await;
        all.extend(contents(&p));
        if p.more != Some(true) {
            break;
        }
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_from_two_instances_arrive_exactly_once() {
    let cluster = PgCluster::start();
    let url = cluster.database("pushes");
    let work = tempfile::tempdir().unwrap();
    let receiver = Instance::start(work.path(), "receiver", None);
    let a = Instance::start(work.path(), "a", Some(&url));
    let b = Instance::start(work.path(), "b", Some(&url));
    let c = client();
    manage(
        &c,
        &a,
        SubscriptionAction::Subscribe,
        None,
        Some(&receiver.url("/services/inbox")),
    )
    .await;
    for n in 0..20 {
        let at = if n % 2 == 0 { &a } else { &b };
        push(&c, at, &format!("<p n=\"{n}\"/>")).await;
    }
    for _ in 0..600 {
        if fulfill_all(&c, &receiver).await.len() >= 20 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Let any duplicate that would come arrive before counting; then every block once.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut got = fulfill_all(&c, &receiver).await;
    got.sort();
    let mut expected: Vec<String> = (0..20).map(|n| format!("<p n=\"{n}\"/>")).collect();
    expected.sort();
    assert_eq!(got, expected, "each push delivered exactly once");
    let sent: u64 = [&a, &b]
        .iter()
        .map(|i| metric(&i.url("/metrics"), "taxii_push_deliveries_sent_total"))
        .sum();
    assert_eq!(sent, 20, "sent once between the two instances");
    assert_eq!(
        cluster.psql("pushes", "SELECT count(*) FROM taxii_deliveries"),
        "0"
    );
}

/// Runs `taxii serve --database URL` expecting it to refuse to start: exit status 1 and
/// one line on stderr containing `expected`.
fn refuses_to_start(url: &str, expected: &str) {
    let work = tempfile::tempdir().unwrap();
    let port = free_port();
    let out = Command::new(env!("CARGO_BIN_EXE_taxii"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(work.path().join("data"))
        .args(["--database", url])
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(
        !work.path().join("data").exists(),
        "nothing half-started: {stderr}"
    );
}

#[test]
fn serve_refuses_a_bad_url_an_unreachable_database_and_a_newer_schema() {
    refuses_to_start("postgres://taxii@127.0.0.1:70000/x", "port \"70000\"");
    let closed = free_port();
    refuses_to_start(
        &format!("postgres://taxii:secret@127.0.0.1:{closed}/x"),
        "cannot connect to postgres://taxii:***@127.0.0.1",
    );
    let cluster = PgCluster::start();
    let url = cluster.database("newer");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(taxii::store_pg::PgStore::open(&url, Vec::new()))
        .unwrap();
    cluster.psql("newer", "UPDATE taxii_schema SET version = version + 1");
    refuses_to_start(&url, "is newer than this build's");
}

/// The value of a metric without labels, read from `/metrics` at `url`.
fn metric(url: &str, name: &str) -> u64 {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest.split_at(rest.find('/').unwrap());
    let mut s = TcpStream::connect(authority).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("{name} not in {text}"))
}

/// Group commit loses nothing: A is killed with SIGKILL while eight clients push to it at
/// once, and every block A answered with SUCCESS is in the database.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sigkill_during_concurrent_pushes_loses_nothing_acknowledged() {
    let cluster = PgCluster::start();
    let url = cluster.database("kill");
    let dir = tempfile::tempdir().unwrap();
    let mut a = Instance::start(dir.path(), "a", Some(&url));
    let inbox = a.url("/services/inbox");
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let pushers: Vec<_> = (0..8)
        .map(|t| {
            let (inbox, acked) = (inbox.clone(), acked.clone());
            tokio::spawn(async move {
                let c = client();
                for i in 0.. {
                    let content = format!("<b n=\"{t}-{i}\"/>");
                    let mut m = v11::InboxMessage::new(id());
                    m.destination_collection_names.push(uri("default"));
                    m.content_blocks.push(ContentBlock::new(
                        uri("urn:stix.mitre.org:xml:1.1.1"),
                        RawXml::new(content.as_bytes().to_vec(), vec![]).unwrap(),
                    ));
                    match c.exchange11(&inbox, m.into()).await {
                        Ok(v11::Message::StatusMessage(s))
                            if s.status_type == StatusType::Success =>
                        {
                            acked.lock().unwrap().push(content)
                        }
                        _ => return,
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < 100 {
        assert!(Instant::now() < deadline, "pushes too slow");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    a.kill();
    for p in pushers {
        p.await.unwrap();
    }
    let stored = cluster.psql(
        "kill",
        "SELECT convert_from(body, 'UTF8') FROM taxii_records",
    );
    let stored: std::collections::HashSet<&str> = stored.lines().collect();
    let acked = acked.lock().unwrap();
    let lost: Vec<&String> = acked
        .iter()
        .filter(|b| !stored.contains(b.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged blocks lost: {lost:?}",
        lost.len(),
        acked.len()
    );
}
