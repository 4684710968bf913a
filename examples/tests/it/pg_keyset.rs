//! Pages on PostgreSQL are read by keyset whatever the planner's statistics say: right
//! after a bulk ingest, before autovacuum has analysed the table, a page read must still
//! be an index scan from its cursor, not a read and sort of every row after it (which
//! made each part of a 100 k-block poll cost a scan of the rest of the collection).

use taxii::store_pg::PgStore;
use taxii_messages::{Timestamp, Uri};
use taxii_services::store::{CollectionStore, Scope, Window};

use super::pg_cluster::PgCluster;

/// Rows written straight in SQL, as a bulk ingest leaves them: labels 1..=ROWS µs after
/// `BASE`, alternating between two collections.
const ROWS: i64 = 20_000;
const BASE: i64 = 1_765_000_000_000_000;

fn at(micros: i64) -> Timestamp {
    let t = chrono::DateTime::from_timestamp_micros(micros).unwrap();
    Timestamp::new(t.fixed_offset())
}

fn assert_keyset(plan: &str) {
    assert!(
        plan.contains("Index Scan using taxii_records_by_key"),
        "not a keyset scan:\n{plan}"
    );
    assert!(
        !plan.contains("Sort") && !plan.contains("Bitmap") && !plan.contains("Seq Scan"),
        "reads past the page:\n{plan}"
    );
}

#[test]
fn pages_are_read_by_keyset_with_or_without_statistics() {
    let cluster = PgCluster::start();
    let url = cluster.database("keyset");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(PgStore::open(&url, Vec::new())).unwrap();
    cluster.psql(
        "keyset",
        &format!(
            "ALTER TABLE taxii_records SET (autovacuum_enabled = false); \
             INSERT INTO taxii_records (collection, label, binding, outer_binding, \
                 ns_prefixes, ns_uris, body) \
             SELECT CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END, {BASE} + i, 'urn:b', \
                 'urn:b', '{{}}', '{{}}', convert_to(repeat(md5(i::text), 40), 'UTF8') \
             FROM generate_series(1, {ROWS}) i; \
             DELETE FROM pg_statistic WHERE starelid = 'taxii_records'::regclass"
        ),
    );
    let snapshot = rt.block_on(store.snapshot()).unwrap().unwrap();
    let a = Uri::new("a").unwrap();
    let window = Window::new(Some(at(BASE)), Some(at(BASE + ROWS)));
    let scope = Scope::new(a, window).upto(Some(snapshot));
    let first = rt.block_on(store.page(&scope, None, 100)).unwrap();
    let cursor = first.last().map(|r| r.key);
    for analysed in [false, true] {
        if analysed {
            cluster.psql("keyset", "ANALYZE taxii_records");
        }
        assert_keyset(&rt.block_on(store.page_plan(&scope, cursor, 100)).unwrap());
    }
    let next = rt.block_on(store.page(&scope, cursor, 100)).unwrap();
    let labels: Vec<i64> = next
        .iter()
        .map(|r| r.key.label.to_utc().timestamp_micros() - BASE)
        .collect();
    let want: Vec<i64> = (101..=200).map(|i| 2 * i).collect();
    assert_eq!(labels, want, "the page after the cursor, in key order");
}
