//! The PostgreSQL schema and its versions.
//!
//! `taxii_schema.version` records the version. A new database is created at the current
//! version; an older one is migrated in order, each step in its own transaction under an
//! advisory lock so that instances starting together migrate once. A newer version than
//! this build knows is refused.

use tokio_postgres::Client;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 2;

/// Key of the advisory lock held while migrating.
const MIGRATION_LOCK: i64 = 0x7461_7869_6970_6701;

/// Version 1: records with a store-wide clock, subscriptions, result sets, the push queue.
///
/// Labels and keys are microseconds since 1970 (`bigint`). `taxii_clock` is one row:
/// every insert locks it, takes `greatest(database time, last + 1 µs)` and holds the lock
/// to COMMIT, so labels are unique and increase in commit order across all instances.
const V1: &str = "
CREATE TABLE taxii_clock (
    id smallint PRIMARY KEY CHECK (id = 1),
    last bigint NOT NULL
);
INSERT INTO taxii_clock VALUES (1, 0);
CREATE TABLE taxii_records (
    seq bigserial PRIMARY KEY,
    collection text NOT NULL,
    label bigint NOT NULL,
    binding text NOT NULL,
    outer_binding text NOT NULL,
    subtype text,
    message text,
    ns_prefixes text[] NOT NULL,
    ns_uris text[] NOT NULL,
    body bytea NOT NULL
);
CREATE UNIQUE INDEX taxii_records_by_key ON taxii_records (collection, label, seq);
CREATE UNIQUE INDEX taxii_records_by_label ON taxii_records (label);
CREATE TABLE taxii_subscriptions (
    id text PRIMARY KEY,
    collection text NOT NULL,
    owner text NOT NULL,
    is_push boolean NOT NULL,
    paused_since bigint,
    created bigint NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX taxii_subscriptions_by_collection ON taxii_subscriptions (collection, created);
CREATE INDEX taxii_subscriptions_by_owner ON taxii_subscriptions (owner);
CREATE TABLE taxii_results (
    collection text NOT NULL,
    id text NOT NULL,
    owner text NOT NULL,
    asynchronous boolean NOT NULL,
    expires_at bigint NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE INDEX taxii_results_by_owner ON taxii_results (owner, asynchronous, expires_at);
CREATE INDEX taxii_results_by_expiry ON taxii_results (expires_at);
CREATE TABLE taxii_deliveries (
    id bigserial PRIMARY KEY,
    state text NOT NULL CHECK (state IN ('pending', 'failed')),
    due bigint NOT NULL,
    lease_owner text,
    lease_until bigint,
    attempts integer NOT NULL DEFAULT 0,
    body bytea NOT NULL
);
CREATE INDEX taxii_deliveries_due ON taxii_deliveries (due, id) WHERE state = 'pending';
";

/// Version 2: a fencing token per delivery, bumped by every claim and settlement, so a
/// worker whose lease ran out cannot settle a later claim.
const V2: &str = "
ALTER TABLE taxii_deliveries ADD COLUMN lease_token bigint NOT NULL DEFAULT 0;
";

/// Why the schema cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// Written by a newer build.
    #[error(
        "database schema version {found} is newer than this build's {SCHEMA_VERSION}: \
         upgrade taxii or use another database"
    )]
    Newer {
        /// The version found.
        found: i32,
    },
    /// The database refused a statement.
    #[error("cannot migrate the database schema: {0}")]
    Database(#[from] tokio_postgres::Error),
}

/// Brings the schema to [`SCHEMA_VERSION`], or refuses a newer one.
pub async fn migrate(client: &mut Client) -> Result<(), SchemaError> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS taxii_schema (version integer NOT NULL)")
        .await?;
    let found: Option<i32> = tx
        .query_opt("SELECT max(version) FROM taxii_schema", &[])
        .await?
        .and_then(|r| r.get(0));
    let found = found.unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(SchemaError::Newer { found });
    }
    if found < 1 {
        tx.batch_execute(V1).await?;
    }
    if found < 2 {
        tx.batch_execute(V2).await?;
    }
    if found < SCHEMA_VERSION {
        tx.execute("DELETE FROM taxii_schema", &[]).await?;
        tx.execute(
            "INSERT INTO taxii_schema (version) VALUES ($1)",
            &[&SCHEMA_VERSION],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
