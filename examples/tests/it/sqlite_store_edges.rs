//! The SQLite store where the conformance suite does not look (issue 20's mutation run):
//! labels given by the caller and kept across a reopen, namespace bindings, the
//! collections of the configuration, and the delivery queue's counts.

use std::sync::Arc;

use pollster::block_on;
use taxii::config::{Collection, Config};
use taxii::store::engine::{definitions, EngineStore};
use taxii::store::{BlockScope, NewBlock, Store};
use taxii_messages::namespaces::TAXII_11;
use taxii_messages::v11::{self, CollectionType, ContentInstanceBinding, PushParameters};
use taxii_messages::{Message, MessageId, NamespaceBinding, RawXml, Timestamp, Uri};
use taxii_services::push::{check_destination, Delivery};
use taxii_services::store::{
    CollectionStore, DeliveryQueue, NewRecord, RetryDecision, Scope, Settlement, Window,
};

const STIX: &str = "urn:stix.mitre.org:xml:1.1.1";
/// A label far ahead of the system clock (year 2100).
const FUTURE: i64 = 4_102_444_800_000_000;

fn block(body: &str, namespaces: &[(&str, &str)]) -> NewBlock {
    NewBlock {
        binding: STIX.into(),
        subtype: None,
        message: None,
        namespaces: namespaces
            .iter()
            .map(|(p, u)| (p.to_string(), u.to_string()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

fn row(label: i64, body: &str) -> Vec<(String, i64, NewBlock)> {
    vec![("default".into(), label, block(body, &[]))]
}

// CB1-4: a label the caller gives ahead of the clock holds back every later label,
// across writes and through the clock the store shares.
#[test]
fn a_label_ahead_of_the_clock_pushes_later_labels_past_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let ahead = store.insert_records(row(FUTURE, "<a/>")).unwrap();
    assert_eq!(ahead[0].ts, FUTURE, "the label given is kept");
    let next = store.insert_records(row(0, "<b/>")).unwrap();
    assert!(next[0].ts > FUTURE, "{} after {FUTURE}", next[0].ts);
    assert!(store.clock().now_micros() > next[0].ts);
}

// A reopened store knows its newest key: the snapshot reads as before and new labels
// follow the stored ones even when those are ahead of the system clock.
#[test]
fn a_reopened_store_keeps_its_snapshot_and_labels_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let last = {
        let store = Store::open(dir.path()).unwrap();
        store.insert_records(row(0, "<a/>")).unwrap();
        store.insert_records(row(FUTURE, "<b/>")).unwrap()[0]
    };
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.snapshot(), Some(last));
    let next = store.insert_records(row(0, "<c/>")).unwrap()[0];
    assert!(next > last && next.ts > FUTURE, "{next:?} after {last:?}");
}

// Namespace bindings a block's content relies on are read back with it, by every read
// path, each binding stored once however many blocks use it.
#[test]
fn namespace_bindings_read_back_and_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let shared = [("stix", "urn:stix"), ("ex", "urn:example")];
    let rows = vec![
        ("default".to_owned(), 0, block("<a/>", &shared)),
        ("default".to_owned(), 0, block("<b/>", &shared)),
        (
            "default".to_owned(),
            0,
            block("<c/>", &[("ex", "urn:other")]),
        ),
    ];
    let want: Vec<NewBlock> = rows.iter().map(|r| r.2.clone()).collect();
    store.insert_records(rows).unwrap();
    let records: Vec<NewBlock> = store
        .records("default", None, None)
        .unwrap()
        .into_iter()
        .map(|r| r.block)
        .collect();
    assert_eq!(records, want);
    let scope = BlockScope {
        collection: "default".into(),
        ..BlockScope::default()
    };
    let page: Vec<NewBlock> = store
        .page(&scope, 10)
        .unwrap()
        .into_iter()
        .map(|(_, r)| r.block)
        .collect();
    assert_eq!(page, want);
    drop(store);
    let c = rusqlite::Connection::open(dir.path().join("taxii.sqlite3")).unwrap();
    let n: i64 = c
        .query_row("SELECT COUNT(*) FROM namespaces", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3, "three distinct bindings");
}

// The engine's records keep the bindings their content declares, less the TAXII
// envelope's own, which the content never needs.
#[test]
fn engine_records_keep_content_namespaces_not_taxii_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Store::open(dir.path()).unwrap());
    let store = EngineStore::new(&Config::default(), db);
    let coll = Uri::new("default").unwrap();
    let content = RawXml::new_unchecked(
        b"<stix:Package/>".to_vec(),
        vec![
            NamespaceBinding::new("taxii_11", TAXII_11),
            NamespaceBinding::new("stix", "urn:stix"),
        ],
    );
    let binding = ContentInstanceBinding::new(Uri::new(STIX).unwrap());
    block_on(store.add_records(vec![NewRecord::new(coll.clone(), binding, content)])).unwrap();
    let page = block_on(store.page(&Scope::new(coll, Window::all()), None, 10)).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(
        page[0].content.namespaces(),
        &[NamespaceBinding::new("stix", "urn:stix")]
    );
}

// CIRs11-5, CIRs11-10: the collections the engine sees are the configuration's, with
// their type, accepted bindings and (when push is on) push methods.
#[test]
fn engine_collections_follow_the_configuration() {
    let mut config = Config::default();
    let mut set = Collection::named("reports");
    set.kind = "DATA_SET".into();
    set.content_bindings = vec![STIX.into()];
    config.collections = vec![Collection::named("feed"), set];
    let defs = definitions(&config);
    let kinds: Vec<_> = defs.iter().map(|d| (d.name.as_str(), d.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("feed", CollectionType::DataFeed),
            ("reports", CollectionType::DataSet)
        ]
    );
    assert!(defs[0].content_bindings.is_empty());
    assert_eq!(defs[1].content_bindings[0].binding_id.as_str(), STIX);
    assert!(defs[0].push_methods.is_empty(), "push is off by default");
    config.push.enabled = true;
    assert!(!definitions(&config)[0].push_methods.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Store::open(dir.path()).unwrap());
    let store = EngineStore::new(&config, db);
    assert_eq!(block_on(store.collections()).unwrap(), definitions(&config));
}

fn delivery(n: u64, not_before: Timestamp) -> Delivery {
    let push = PushParameters::new(
        Uri::new("urn:taxii.mitre.org:protocol:http:1.0").unwrap(),
        "http://push.example.org/inbox",
        Uri::new("urn:taxii.mitre.org:message:xml:1.1").unwrap(),
    );
    let destination = check_destination(&push.address, false).unwrap();
    let msg = v11::InboxMessage::new(MessageId::new(n.to_string()).unwrap());
    let mut d = Delivery::new(push, destination, not_before, Message::V11(msg.into()));
    d.subscription_id = Some(Uri::new(format!("urn:sub:{n}")).unwrap());
    d
}

// The push queue's counts and sweeps count every delivery, not just one.
#[test]
fn delivery_counts_and_sweeps_count_every_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Store::open(dir.path()).unwrap());
    let q = EngineStore::new(&Config::default(), db);
    let t = |s: &str| Timestamp::parse(s).unwrap();
    let now = t("2026-01-01T00:00:00Z");
    let lease = t("2026-01-01T00:01:00Z");
    let all: Vec<_> = (1..=3).map(|n| delivery(n, now)).collect();
    block_on(q.enqueue(all.clone())).unwrap();
    assert_eq!(block_on(q.pending_count()).unwrap(), 3);
    assert_eq!(block_on(q.failed_count()).unwrap(), 0);
    let claimed = block_on(q.claim("w", 10, &now, &lease)).unwrap();
    let got: Vec<_> = claimed.iter().map(|c| c.delivery.clone()).collect();
    assert_eq!(got, all, "read back whole, subscription included");
    assert_eq!(block_on(q.sweep(&now)).unwrap(), 0, "leases still held");
    assert_eq!(block_on(q.sweep(&lease)).unwrap(), 3);
    for c in &claimed[..2] {
        let gave_up = Settlement::Failed(RetryDecision::GiveUp);
        assert!(block_on(q.settle(c.id, c.lease, gave_up)).unwrap());
    }
    assert_eq!(block_on(q.failed_count()).unwrap(), 2);
    assert_eq!(block_on(q.pending_count()).unwrap(), 1);
}

// A result set bounded by a snapshot key and made for a subscription reads back whole
// (a later part is read up to the same key, and pushed for the same subscription).
#[test]
fn a_snapshot_bounded_subscription_result_set_round_trips() {
    use taxii_services::store::{RecordKey, ResultSet, ResultStore};
    use taxii_services::Identity;

    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Store::open(dir.path()).unwrap());
    let store = EngineStore::new(&Config::default(), db);
    let coll = Uri::new("default").unwrap();
    let t = |s: &str| Timestamp::parse(s).unwrap();
    let upto = RecordKey::new(t("2026-01-01T00:00:00.000042Z"), 17);
    let scope = Scope::new(coll.clone(), Window::all()).upto(Some(upto));
    let mut set = ResultSet::new(
        Uri::new("urn:result:1").unwrap(),
        Identity::Anonymous,
        scope,
        t("2026-01-01T00:00:00Z"),
        t("2026-01-01T01:00:00Z"),
    );
    set.subscription_id = Some(Uri::new("urn:sub:1").unwrap());
    set.per_part = 5;
    block_on(store.put_result(&set)).unwrap();
    assert_eq!(block_on(store.result(&coll, &set.id)).unwrap(), Some(set));
}
