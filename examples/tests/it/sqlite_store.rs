//! The SQLite store against the store conformance suite of `taxii-services` (the checks
//! `MemoryStore` and the PostgreSQL store run), plus what only a real database shows:
//! keyset reads while another thread commits, and stored size against the namespace
//! amplification of security finding 1.

use std::sync::Arc;

use pollster::block_on;
use proptest::prelude::*;
use taxii::config::Config;
use taxii::store::engine::EngineStore;
use taxii::store::Store;
use taxii_messages::Uri;
use taxii_services::conformance as check;
use taxii_services::store::{CollectionStore, Scope, Window};

fn open() -> (EngineStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Store::open(dir.path()).unwrap());
    (EngineStore::new(&Config::default(), db), dir)
}

fn coll(name: &str) -> Uri {
    Uri::new(name).unwrap()
}

#[test]
fn sqlite_keys_follow_commit_order() {
    let (s, _d) = open();
    block_on(check::keys_follow_commit_order(&s, &coll("default")));
}

#[test]
fn sqlite_result_sets_round_trip() {
    let (s, _d) = open();
    block_on(check::result_sets_round_trip(&s, &coll("default")));
}

#[test]
fn sqlite_subscriptions_by_owner_and_push() {
    let (s, _d) = open();
    block_on(check::subscriptions_by_owner_and_push(&s, &coll("default")));
}

#[test]
fn sqlite_delivery_queue_claims_once() {
    let (s, _d) = open();
    block_on(check::delivery_queue_claims_once(&s));
}

#[test]
fn sqlite_delivery_leases_are_fenced() {
    let (s, _d) = open();
    block_on(check::delivery_leases_are_fenced(&s));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    /// Pages of random windows, sizes and binding filters concatenate to the scope.
    #[test]
    fn sqlite_pages_partition_scopes(seed in any::<u64>()) {
        let (s, _d) = open();
        block_on(check::pages_partition_scopes(&s, &coll("other"), seed ^ 1));
        block_on(check::pages_partition_scopes(&s, &coll("default"), seed));
    }

    /// A snapshot scope reads the same records while blocks are committed between pages.
    #[test]
    fn sqlite_snapshot_holds_while_inserting(seed in any::<u64>()) {
        let (s, _d) = open();
        block_on(check::snapshot_holds_while_inserting(&s, &coll("default"), seed));
    }
}

// Paging a snapshot while another thread keeps committing: every part read is exactly
// the snapshot's blocks, none missing, none twice, in key order.
#[test]
fn sqlite_snapshot_pages_hold_while_another_thread_inserts() {
    let (s, _d) = open();
    let s = Arc::new(s);
    let c = coll("default");
    let first: Vec<_> = (0..200).map(|n| check::sample_record(&c, n)).collect();
    block_on(s.add_records(first)).unwrap();
    let snap = block_on(s.snapshot()).unwrap();
    let writer = {
        let (s, c) = (s.clone(), c.clone());
        std::thread::spawn(move || {
            for n in 0..40 {
                let batch = vec![check::sample_record(&c, 1000 + n)];
                block_on(s.add_records(batch)).unwrap();
            }
        })
    };
    let scope = Scope::new(c.clone(), Window::all()).upto(snap);
    let mut keys = Vec::new();
    loop {
        let page = block_on(s.page(&scope, keys.last().copied(), 7)).unwrap();
        let done = page.len() < 7;
        keys.extend(page.iter().map(|r| r.key));
        if done {
            break;
        }
    }
    writer.join().unwrap();
    assert_eq!(keys.len(), 200, "exactly the snapshot's blocks");
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "in key order, none twice"
    );
    assert_eq!(keys.last().copied(), snap);
    assert_eq!(block_on(s.count(&scope)).unwrap(), 200);
}
