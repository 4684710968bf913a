//! Group commit in the SQLite store (issue 9): inserts that wait for the writer share one
//! transaction and one sync, yet each is acknowledged only once durable, a bad one fails
//! alone, and labels stay distinct and increasing (PRq11-4, PRs11-6: polls by label window).

use std::collections::HashSet;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use rusqlite::Connection;
use taxii::store::{NewBlock, Store};

const PUSHERS: usize = 12;
const MESSAGES_EACH: usize = 8;
const BLOCKS_EACH: usize = 3;
/// Content binding of blocks the test trigger rejects.
const REJECTED: &str = "urn:example:rejected";

fn block(binding: &str, body: String) -> NewBlock {
    NewBlock {
        binding: binding.to_owned(),
        subtype: None,
        message: None,
        namespaces: vec![("ex".into(), "urn:example".into())],
        body: body.into_bytes(),
    }
}

/// The rows of one inbox message: `BLOCKS_EACH` blocks, the last one rejected if `bad`.
fn message(store: &Store, pusher: usize, n: usize, bad: bool) -> Vec<(String, i64, NewBlock)> {
    let clock = store.clock();
    (0..BLOCKS_EACH)
        .map(|k| {
            let binding = if bad && k == BLOCKS_EACH - 1 {
                REJECTED
            } else {
                "urn:stix.mitre.org:xml:1.1.1"
            };
            let label = clock.now_micros();
            (
                "default".to_owned(),
                label,
                block(binding, format!("<b id=\"{pusher}-{n}-{k}\"/>")),
            )
        })
        .collect()
}

/// Makes SQLite refuse any block with binding `REJECTED`, as a stand-in for a write failing.
fn reject_marked_blocks(db: &std::path::Path) {
    let c = Connection::open(db.join("taxii.sqlite3")).unwrap();
    c.execute_batch(&format!(
        "CREATE TRIGGER reject BEFORE INSERT ON content WHEN NEW.binding = '{REJECTED}'
         BEGIN SELECT RAISE(ABORT, 'rejected by test'); END;"
    ))
    .unwrap();
}

/// Runs `PUSHERS` threads each inserting `MESSAGES_EACH` messages (every fifth one bad);
/// returns the ids of the blocks acknowledged and those refused.
fn push_concurrently(store: &Arc<Store>) -> (HashSet<String>, HashSet<String>) {
    let start = Arc::new(Barrier::new(PUSHERS));
    let threads: Vec<_> = (0..PUSHERS)
        .map(|p| {
            let (store, start) = (store.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let mut outcomes = Vec::new();
                for n in 0..MESSAGES_EACH {
                    let bad = (p * MESSAGES_EACH + n) % 5 == 0;
                    let rows = message(&store, p, n, bad);
                    let ok = store.insert_records(rows.clone()).is_ok();
                    assert_eq!(ok, !bad, "message {p}-{n}");
                    let ids = (0..BLOCKS_EACH).map(|k| format!("{p}-{n}-{k}"));
                    outcomes.extend(ids.map(|id| (id, ok)));
                }
                outcomes
            })
        })
        .collect();
    let (mut acked, mut refused) = (HashSet::new(), HashSet::new());
    for t in threads {
        for (id, ok) in t.join().unwrap() {
            if ok { &mut acked } else { &mut refused }.insert(id);
        }
    }
    (acked, refused)
}

/// The block id in a stored body `<b id="..."/>`.
fn id_of(body: &[u8]) -> String {
    let s = std::str::from_utf8(body).unwrap();
    s.split('"').nth(1).unwrap().to_owned()
}

#[test]
fn concurrent_inserts_are_batched_and_every_acknowledged_block_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Arc::new(Store::open(&data).unwrap());
    reject_marked_blocks(&data);

    // Hold SQLite's write lock for a moment so that inserts pile up behind the writer.
    let holder = Connection::open(data.join("taxii.sqlite3")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        holder.execute_batch("COMMIT").unwrap();
    });
    let (acked, refused) = push_concurrently(&store);
    release.join().unwrap();

    let messages = (PUSHERS * MESSAGES_EACH) as u64;
    let commits = store.commits();
    assert!(commits >= 1, "nothing committed");
    assert!(
        commits < messages,
        "{commits} commits for {messages} messages: no batching"
    );
    assert_eq!(
        acked.len() + refused.len(),
        PUSHERS * MESSAGES_EACH * BLOCKS_EACH
    );
    assert!(!refused.is_empty() && !acked.is_empty());

    // Labels handed out after the inserts are later than every stored label.
    let later = store.clock().now_micros();
    drop(store);

    let reopened = Store::open(&data).unwrap();
    let stored = reopened.records("default", None, None).unwrap();
    let ids: Vec<String> = stored.iter().map(|s| id_of(&s.block.body)).collect();
    let present: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(present.len(), ids.len(), "a block was stored twice");
    assert_eq!(
        present, acked,
        "stored blocks differ from acknowledged ones"
    );
    assert!(present.is_disjoint(&refused));

    // Labels strictly increase in storage order, and each message's blocks keep their order.
    assert!(
        stored.windows(2).all(|w| w[0].ts < w[1].ts),
        "labels repeat"
    );
    assert!(stored.iter().all(|s| s.ts < later));
    for p in 0..PUSHERS {
        for n in 0..MESSAGES_EACH {
            let pos: Vec<usize> = (0..BLOCKS_EACH)
                .filter_map(|k| ids.iter().position(|i| *i == format!("{p}-{n}-{k}")))
                .collect();
            assert!(pos.windows(2).all(|w| w[0] + 1 == w[1]), "{p}-{n}: {pos:?}");
        }
    }
    // A reopened store labels after everything it holds.
    let next = reopened.clock().now_micros();
    assert!(stored.iter().all(|s| s.ts < next));
}

#[test]
fn a_failing_message_fails_alone_within_its_batch() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Arc::new(Store::open(&data).unwrap());
    reject_marked_blocks(&data);

    let holder = Connection::open(data.join("taxii.sqlite3")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    // One good message first (it becomes the writer and waits for the lock), then a bad
    // and a good one that queue behind it and are written together.
    let spawn = |p: usize, bad: bool, store: Arc<Store>| {
        std::thread::spawn(move || {
            let rows = message(&store, p, 0, bad);
            store
                .insert_records(rows.clone())
                .map_err(|e| e.to_string())
        })
    };
    let submitted = |n: u64| {
        while store.inserts_submitted() < n {
            std::thread::yield_now();
        }
    };
    let first = spawn(0, false, store.clone());
    submitted(1); // the first is the writer, held by the lock
    let bad = spawn(1, true, store.clone());
    let good = spawn(2, false, store.clone());
    submitted(3); // both queued behind it
    holder.execute_batch("COMMIT").unwrap();

    assert!(first.join().unwrap().is_ok());
    let err = bad.join().unwrap().unwrap_err();
    assert!(
        err.contains("insert block") && err.contains("rejected by test"),
        "{err}"
    );
    assert!(good.join().unwrap().is_ok());
    assert_eq!(
        store.commits(),
        2,
        "the bad and the later good message share a batch"
    );

    let ids: Vec<String> = store
        .records("default", None, None)
        .unwrap()
        .iter()
        .map(|s| id_of(&s.block.body))
        .collect();
    assert_eq!(ids, ["0-0-0", "0-0-1", "0-0-2", "2-0-0", "2-0-1", "2-0-2"]);
}
