//! Group commit on PostgreSQL: inserts that wait for the writer share one transaction,
//! none is acknowledged before that COMMIT, a failing one fails alone, and labels stay
//! distinct and increasing (PRq11-4, PRs11-6: polls by label window).

use std::time::{Duration, Instant};

use taxii::store_pg::PgStore;
use taxii_messages::v11::ContentInstanceBinding;
use taxii_messages::{RawXml, Uri};
use taxii_services::store::{CollectionStore, NewRecord, Scope, Window};
use tokio_postgres::NoTls;

use super::pg_cluster::PgCluster;

const MESSAGES: usize = 10;
const BLOCKS_EACH: usize = 3;
/// Content binding of blocks the test trigger rejects.
const REJECTED: &str = "urn:example:rejected";

fn message(n: usize) -> Vec<NewRecord> {
    let binding = if n == 4 { REJECTED } else { "urn:b" };
    (0..BLOCKS_EACH)
        .map(|k| {
            NewRecord::new(
                Uri::new("c").unwrap(),
                ContentInstanceBinding::new(Uri::new(binding).unwrap()),
                RawXml::from_text(&format!("m{n} b{k}")),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn waiting_inserts_share_one_commit_and_are_answered_after_it() {
    let cluster = PgCluster::start();
    let url = cluster.database("group");
    let store = PgStore::open(&url, Vec::new()).await.unwrap();
    cluster.psql(
        "group",
        &format!(
            "CREATE FUNCTION reject() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'rejected by test'; END $$; \
             CREATE TRIGGER reject BEFORE INSERT ON taxii_records \
             FOR EACH ROW WHEN (NEW.binding = '{REJECTED}') EXECUTE FUNCTION reject()"
        ),
    );
    // Another session holds the clock row, as a long insert of another instance would.
    let (holder, connection) = tokio_postgres::connect(&url, NoTls).await.unwrap();
    tokio::spawn(connection);
    holder
        .batch_execute("BEGIN; SELECT last FROM taxii_clock FOR UPDATE")
        .await
        .unwrap();
    let inserts: Vec<_> = (0..MESSAGES)
        .map(|n| {
            let s = store.clone();
            tokio::spawn(async move { s.add_records(message(n)).await })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    while store.inserts_submitted() < MESSAGES as u64 {
        assert!(Instant::now() < deadline, "inserts never queued");
        tokio::task::yield_now().await;
    }
    assert!(
        inserts.iter().all(|i| !i.is_finished()),
        "nothing is answered before its commit"
    );
    holder.batch_execute("COMMIT").await.unwrap();
    let mut labels = Vec::new();
    for (n, insert) in inserts.into_iter().enumerate() {
        match insert.await.unwrap() {
            Ok(keys) if n != 4 => labels.extend(keys.iter().map(|k| k.label)),
            Err(e) if n == 4 => assert!(e.to_string().contains("rejected by test"), "{e}"),
            other => panic!("message {n}: {other:?}"),
        }
    }
    assert!(
        store.insert_commits() <= 2,
        "{} commits for {MESSAGES} waiting inserts",
        store.insert_commits()
    );
    let stored = store
        .count(&Scope::new(Uri::new("c").unwrap(), Window::all()))
        .await
        .unwrap();
    assert_eq!(
        stored,
        ((MESSAGES - 1) * BLOCKS_EACH) as u64,
        "the rejected one alone is missing"
    );
    let mut sorted = labels.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), labels.len(), "labels are distinct");
    // An insert alone is one commit of its own.
    let before = store.insert_commits();
    assert!(before >= 1);
    store.add_records(message(MESSAGES)).await.unwrap();
    assert_eq!(store.insert_commits(), before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_message_is_stored_in_order_across_insert_statements() {
    let cluster = PgCluster::start();
    let store = PgStore::open(&cluster.database("large"), Vec::new())
        .await
        .unwrap();
    let batch: Vec<NewRecord> = (0..250)
        .map(|n| {
            NewRecord::new(
                Uri::new("c").unwrap(),
                ContentInstanceBinding::new(Uri::new("urn:b").unwrap()),
                RawXml::from_text(&format!("block {n}")),
            )
        })
        .collect();
    let keys = store.add_records(batch).await.unwrap();
    assert_eq!(keys.len(), 250);
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "keys in message order"
    );
    let scope = Scope::new(Uri::new("c").unwrap(), Window::all());
    let read = store.page(&scope, None, 1000).await.unwrap();
    let read_keys: Vec<_> = read.iter().map(|r| r.key).collect();
    assert_eq!(read_keys, keys, "each block under the key returned for it");
    let texts: Vec<String> = read.iter().map(|r| r.content.as_str().to_owned()).collect();
    let want: Vec<String> = (0..250).map(|n| format!("block {n}")).collect();
    assert_eq!(texts, want, "blocks in message order"); // The labels are the range the database clock reserved, ending at its last value.
    let last: i64 = cluster
        .psql("large", "SELECT last FROM taxii_clock")
        .parse()
        .unwrap();
    let labels: Vec<i64> = keys
        .iter()
        .map(|k| k.label.to_utc().timestamp_micros())
        .collect();
    let reserved: Vec<i64> = (last - 249..=last).collect();
    assert_eq!(labels, reserved);
}
