//! The store conformance suite (feature `conformance`) against `MemoryStore`: the same
//! checks the SQLite and PostgreSQL stores run.

use pollster::block_on;
use proptest::prelude::*;
use taxii_services::conformance as check;
use taxii_services::memory::MemoryStore;

use super::support::{coll_a, coll_b};

#[test]
fn memory_keys_follow_commit_order() {
    block_on(check::keys_follow_commit_order(
        &MemoryStore::new(),
        &coll_a(),
    ));
}

#[test]
fn memory_result_sets_round_trip() {
    block_on(check::result_sets_round_trip(
        &MemoryStore::new(),
        &coll_a(),
    ));
}

#[test]
fn memory_subscriptions_by_owner_and_push() {
    block_on(check::subscriptions_by_owner_and_push(
        &MemoryStore::new(),
        &coll_a(),
    ));
}

#[test]
fn memory_delivery_queue_claims_once() {
    block_on(check::delivery_queue_claims_once(&MemoryStore::new()));
}

#[test]
fn memory_delivery_leases_are_fenced() {
    block_on(check::delivery_leases_are_fenced(&MemoryStore::new()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// Pages of random windows, sizes and binding filters concatenate to the scope.
    #[test]
    fn memory_pages_partition_scopes(seed in any::<u64>()) {
        let store = MemoryStore::new();
        // another collection's blocks interleave and must never show up
        block_on(check::pages_partition_scopes(&store, &coll_b(), seed ^ 1));
        block_on(check::pages_partition_scopes(&store, &coll_a(), seed));
    }

    /// A snapshot scope reads the same records while blocks are committed between pages.
    #[test]
    fn memory_snapshot_holds_while_inserting(seed in any::<u64>()) {
        block_on(check::snapshot_holds_while_inserting(&MemoryStore::new(), &coll_a(), seed));
    }
}
