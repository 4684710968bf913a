//! Table definitions, schema versions and connection settings.
//!
//! `PRAGMA user_version` records the schema version. Version 0 is a data directory of
//! the first release (content only) or a new file; it is migrated in place to the
//! current version by adding the subscription and result tables. A newer version than
//! this build knows is refused with a clear error rather than misread.

use rusqlite::Connection;

use super::{Context, StoreError};

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 2;

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
CREATE INDEX IF NOT EXISTS content_by_collection ON content (collection, ts);
";

/// Version 2: subscriptions and poll result sets (parts as window + record labels).
const SUBSCRIPTIONS_AND_RESULTS: &str = "
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
CREATE TABLE IF NOT EXISTS result_sets (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    collection TEXT NOT NULL,
    owner TEXT,
    subscription_id TEXT,
    asynchronous INTEGER NOT NULL,
    will_push INTEGER NOT NULL,
    ready_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    record_count INTEGER NOT NULL,
    count_only INTEGER NOT NULL,
    UNIQUE (collection, id)
);
CREATE TABLE IF NOT EXISTS result_parts (
    collection TEXT NOT NULL,
    result_id TEXT NOT NULL,
    part INTEGER NOT NULL,
    win_begin INTEGER,
    win_end INTEGER,
    labels TEXT NOT NULL,
    PRIMARY KEY (collection, result_id, part)
);
";

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
    c.execute_batch(&format!(
        "BEGIN IMMEDIATE; {CONTENT} {SUBSCRIPTIONS_AND_RESULTS} \
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
