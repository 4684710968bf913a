//! The PostgreSQL store against the store conformance suite of `taxii-services` (the same
//! checks `MemoryStore` and SQLite run), each on a fresh database of one throwaway cluster.

use taxii::store_pg::PgStore;
use taxii_messages::Uri;
use taxii_services::conformance as check;

use super::pg_cluster::PgCluster;

fn coll(name: &str) -> Uri {
    Uri::new(name).unwrap()
}

/// Runs `f` on a fresh database of its own cluster.
fn on_postgres<F, Fut>(name: &str, f: F)
where
    F: FnOnce(PgStore) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let cluster = PgCluster::start();
    let url = cluster.database(name);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = PgStore::open(&url, Vec::new()).await.unwrap();
        f(store).await;
    });
}

#[test]
fn pg_keys_follow_commit_order() {
    on_postgres("keys", |s| async move {
        check::keys_follow_commit_order(&s, &coll("default")).await
    });
}

#[test]
fn pg_pages_partition_scopes() {
    on_postgres("pages", |s| async move {
        for seed in [1u64, 7, 42, 1234, 99_999] {
            check::pages_partition_scopes(&s, &coll(&format!("c{seed}")), seed).await;
        }
    });
}

#[test]
fn pg_snapshot_holds_while_inserting() {
    on_postgres("snapshot", |s| async move {
        for seed in [3u64, 11, 2024] {
            check::snapshot_holds_while_inserting(&s, &coll(&format!("c{seed}")), seed).await;
        }
    });
}

#[test]
fn pg_result_sets_round_trip() {
    on_postgres("results", |s| async move {
        check::result_sets_round_trip(&s, &coll("default")).await
    });
}

#[test]
fn pg_subscriptions_by_owner_and_push() {
    on_postgres("subscriptions", |s| async move {
        check::subscriptions_by_owner_and_push(&s, &coll("default")).await
    });
}

#[test]
fn pg_delivery_queue_claims_once() {
    on_postgres("deliveries", |s| async move {
        check::delivery_queue_claims_once(&s).await
    });
}

#[test]
fn pg_delivery_leases_are_fenced() {
    on_postgres("leases", |s| async move {
        check::delivery_leases_are_fenced(&s).await
    });
}
