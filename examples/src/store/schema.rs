//! Table definitions, schema versions and connection settings.
//!
//! `PRAGMA user_version` records the schema version. Version 0 is a data directory of
//! the first release (content only) or a new file; versions 0 to 2 are migrated in place
//! to the current version: subscription tables are added, content gains the keyset index
//! `(collection, ts, id)` and interned namespace bindings (rows written before keep
//! their inline bindings and read as they are), and result sets become descriptions
//! (sets of version 2, which held record labels, are dropped: they expire within the
//! hour anyway); version 4 gives each queued delivery a fencing token. A newer version than this build knows is refused with a clear error
//! rather than misread.

use rusqlite::Connection;

use super::{Context, StoreError};

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 4;

/// Version 0/1: content blocks.
const CONTENT: &str = "
CREATE TABLE IF NOT EXISTS content (
    id INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    ts INTEGER NOT NULL,
    binding TEXT NOT NULL,
    subtype TEXT,
    message TEXT,
    namespaces TEXT NOT NULL,
    body BLOB NOT NULL
);
";

/// Version 2: subscriptions.
const SUBSCRIPTIONS: &str = "
CREATE TABLE IF NOT EXISTS subscriptions (
    id TEXT PRIMARY KEY,
    collection TEXT NOT NULL,
    owner TEXT,
    parameters TEXT NOT NULL,
    push TEXT,
    paused_since INTEGER,
    created INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS subscriptions_by_collection ON subscriptions (collection, created);
";

/// Version 3: keyset index, interned namespace bindings, result sets as descriptions
/// (scope, query, cursors), the push delivery queue.
const PAGED: &str = "
CREATE INDEX IF NOT EXISTS content_by_key ON content (collection, ts, id);
DROP INDEX IF EXISTS content_by_collection;
CREATE INDEX IF NOT EXISTS subscriptions_by_owner ON subscriptions (owner);
CREATE TABLE IF NOT EXISTS namespaces (
    id INTEGER PRIMARY KEY,
    prefix TEXT NOT NULL,
    uri TEXT NOT NULL,
    UNIQUE (prefix, uri)
);
DROP TABLE IF EXISTS result_parts;
DROP TABLE IF EXISTS result_sets;
CREATE TABLE IF NOT EXISTS results (
    id TEXT NOT NULL,
    collection TEXT NOT NULL,
    owner TEXT,
    subscription_id TEXT,
    asynchronous INTEGER NOT NULL,
    will_push INTEGER NOT NULL,
    count_only INTEGER NOT NULL,
    ready_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    win_begin INTEGER,
    win_end INTEGER,
    bindings TEXT NOT NULL,
    upto_ts INTEGER,
    upto_id INTEGER,
    query TEXT,
    per_part INTEGER NOT NULL,
    record_count INTEGER NOT NULL,
    partial_count INTEGER NOT NULL,
    part_starts TEXT NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE INDEX IF NOT EXISTS results_by_owner ON results (owner, expires_at);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY,
    message TEXT NOT NULL,
    due INTEGER NOT NULL,
    lease INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (failed, due);
";

/// Version 4: a fencing token per delivery, bumped by every claim and settlement.
const FENCED: &str = "ALTER TABLE deliveries ADD COLUMN token INTEGER NOT NULL DEFAULT 0;";

/// A data directory written by a newer build.
#[derive(Debug, thiserror::Error)]
#[error(
    "data file {path} has schema version {found}; this taxii knows versions up to \
     {SCHEMA_VERSION}: use a newer taxii or another data directory"
)]
pub struct NewerSchema {
    /// The database file.
    pub path: String,
    /// The version found.
    pub found: i64,
}

/// Settings and schema for the single writer: WAL, full sync on commit; migrates an
/// older schema in place and refuses a newer one.
pub(super) fn prepare_writer(
    c: &Connection,
    path: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    c.busy_timeout(std::time::Duration::from_secs(10))
        .ctx("set busy timeout")?;
    c.pragma_update(None, "journal_mode", "WAL")
        .ctx("enable WAL")?;
    c.pragma_update(None, "synchronous", "FULL")
        .ctx("set synchronous")?;
    let found: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .ctx("read schema version")?;
    if found > SCHEMA_VERSION {
        return Err(NewerSchema {
            path: path.display().to_string(),
            found,
        }
        .into());
    }
    let fenced = if found < 4 { FENCED } else { "" };
    c.execute_batch(&format!(
        "BEGIN IMMEDIATE; {CONTENT} {SUBSCRIPTIONS} {PAGED} {fenced} \
         PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
    ))
    .ctx("create or migrate tables")?;
    Ok(())
}

/// Settings for a reader connection.
pub(super) fn prepare_reader(c: &Connection) -> Result<(), StoreError> {
    c.busy_timeout(std::time::Duration::from_secs(10))
        .ctx("set busy timeout")?;
    c.pragma_update(None, "query_only", true)
        .ctx("set query_only")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_syncs_every_commit_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        let c = Connection::open(&path).unwrap();
        prepare_writer(&c, &path).unwrap();
        // 2 = FULL: a commit returns only once it is on disk, which a kill -9 cannot show.
        let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(sync, 2);
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
