//! Table definitions and connection settings.

use rusqlite::Connection;

use super::{Context, StoreError};

const SCHEMA: &str = "
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

/// Settings and schema for the single writer: WAL, full sync on commit.
pub(super) fn prepare_writer(c: &Connection) -> Result<(), StoreError> {
    c.busy_timeout(std::time::Duration::from_secs(10))
        .ctx("set busy timeout")?;
    c.pragma_update(None, "journal_mode", "WAL")
        .ctx("enable WAL")?;
    c.pragma_update(None, "synchronous", "FULL")
        .ctx("set synchronous")?;
    c.execute_batch(SCHEMA).ctx("create tables")?;
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
