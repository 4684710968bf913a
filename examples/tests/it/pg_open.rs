//! Opening the PostgreSQL store: a bad URL, an unreachable database and a database of a
//! newer schema each fail at once with one clear line; a good one migrates once, an older
//! one in place.

use taxii::store_pg::schema::SCHEMA_VERSION;
use taxii::store_pg::PgStore;

use super::pg_cluster::PgCluster;

fn open_error(url: &str) -> String {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let e = rt
        .block_on(PgStore::open(url, Vec::new()))
        .unwrap_err()
        .to_string();
    assert!(!e.contains('\n'), "one line: {e}");
    e
}

#[test]
fn a_bad_url_is_refused_before_connecting() {
    let e = open_error("postgres://taxii@127.0.0.1:notaport/db");
    assert!(e.contains("port \"notaport\""), "{e}");
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = open_error(&format!("postgres://taxii:hunter2@127.0.0.1:{port}/db"));
    assert!(
        e.starts_with("cannot connect to postgres://taxii:***@127.0.0.1:"),
        "{e}"
    );
    assert!(!e.contains("hunter2"), "{e}");
}

#[test]
fn a_newer_schema_is_refused_and_a_current_one_reopens() {
    let cluster = PgCluster::start();
    let url = cluster.database("schema");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = PgStore::open(&url, Vec::new()).await.unwrap();
        store.ping().await.unwrap();
        PgStore::open(&url, Vec::new()).await.unwrap();
        let shown = format!("{store:?}");
        assert!(
            shown.starts_with("PgStore { url: ") && shown.contains("/schema"),
            "{shown}"
        );
    });
    assert_eq!(
        cluster.psql("schema", "SELECT version FROM taxii_schema"),
        SCHEMA_VERSION.to_string()
    );
    cluster.psql(
        "schema",
        &format!("UPDATE taxii_schema SET version = {}", SCHEMA_VERSION + 1),
    );
    let e = open_error(&url);
    assert!(
        e.contains(&format!("schema version {} is newer", SCHEMA_VERSION + 1)),
        "{e}"
    );
}

#[test]
fn a_version_1_database_gains_delivery_fencing_tokens() {
    let cluster = PgCluster::start();
    let url = cluster.database("v1");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(PgStore::open(&url, Vec::new())).unwrap();
    // Back to what version 1 wrote: no fencing token.
    cluster.psql(
        "v1",
        "ALTER TABLE taxii_deliveries DROP COLUMN lease_token; \
         UPDATE taxii_schema SET version = 1",
    );
    rt.block_on(PgStore::open(&url, Vec::new())).unwrap();
    assert_eq!(
        cluster.psql("v1", "SELECT version FROM taxii_schema"),
        SCHEMA_VERSION.to_string()
    );
    assert_eq!(
        cluster.psql(
            "v1",
            "SELECT count(*) FROM information_schema.columns \
             WHERE table_name = 'taxii_deliveries' AND column_name = 'lease_token'"
        ),
        "1"
    );
}

#[test]
fn ping_fails_once_the_database_is_gone() {
    let cluster = PgCluster::start();
    let url = cluster.database("gone");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(PgStore::open(&url, Vec::new())).unwrap();
    rt.block_on(store.ping())
        .expect("answers while the cluster runs");
    drop(cluster);
    let e = rt
        .block_on(store.ping())
        .expect_err("the cluster is stopped");
    assert!(!e.is_empty() && !e.contains('\n'), "one line: {e}");
}

/// The engine's clock follows the database's, not this host's: a database whose clock
/// is an hour ahead (a `clock_timestamp()` found first on its search path) moves it.
#[test]
fn the_clock_is_set_by_the_database() {
    use taxii::store_pg::clock::DbClock;
    let cluster = PgCluster::start();
    let url = cluster.database("ahead");
    cluster.psql(
        "ahead",
        "CREATE FUNCTION public.clock_timestamp() RETURNS timestamptz LANGUAGE sql \
         AS $$ SELECT pg_catalog.clock_timestamp() + interval '1 hour' $$",
    );
    cluster.psql(
        "ahead",
        "ALTER DATABASE ahead SET search_path = public, pg_catalog",
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(PgStore::open(&url, Vec::new())).unwrap();
    let clock = DbClock::default();
    let host = || chrono::Utc::now().timestamp_micros();
    assert!(
        clock.now_micros() < host(),
        "unsynchronised: the host's time"
    );
    rt.block_on(store.sync_clock(&clock)).unwrap();
    let hour = 3_600_000_000;
    let ahead = clock.now_micros() - host();
    assert!((hour - 60_000_000..hour).contains(&ahead), "{ahead}");
    // Measured again in the background: a fresh clock catches up by itself.
    let kept = DbClock::default();
    let _guard = rt.enter();
    store.keep_clock(kept.clone(), std::time::Duration::from_millis(20));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while kept.now_micros() - host() < hour - 60_000_000 {
        assert!(std::time::Instant::now() < deadline, "never resynchronised");
        rt.block_on(tokio::time::sleep(std::time::Duration::from_millis(20)));
    }
    drop(cluster);
    assert!(rt.block_on(store.sync_clock(&clock)).is_err());
}
