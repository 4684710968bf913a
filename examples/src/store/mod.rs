//! The embedded SQLite store of content blocks.
//!
//! One writer connection (WAL, `synchronous=FULL`): a write returns only once it is on
//! disk, so an inbox message acknowledged with SUCCESS survives a crash. Readers use their
//! own connections from a small pool and never block the writer. Statements are prepared
//! once per connection (`prepare_cached`).
//!
//! Writes are group-committed: inserts waiting for the writer go into one transaction
//! (one savepoint each, so a bad one fails alone) and one sync, and each caller is
//! answered only after that sync.
//!
//! Labels are assigned here, under the one writer: a block is stored with a label later
//! than every label handed out before ([`MonotonicClock`]), so labels are unique and
//! increase in commit order, and a key `(ts, id)` orders blocks. The snapshot (greatest
//! committed key) is read after the write in progress, so everything at or below it is
//! final. Reads go by keyset over the index `(collection, ts, id)`, a page at a time
//! (`Store::page`, `Store::count`); namespace bindings are interned, each block referring
//! to the ones its content uses.

mod blocks;
mod clock;
mod deliveries;
pub mod engine;
mod group;
mod results;
mod schema;
mod subscriptions;

pub use blocks::{BlockKey, BlockScope};
pub use clock::{to_micros, to_timestamp, MonotonicClock};
pub use schema::{NewerSchema, SCHEMA_VERSION};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, Transaction};

use group::GroupCommit;

/// A store error (SQLite or IO), with what was being done.
#[derive(Debug, Clone, thiserror::Error)]
#[error("store: {what}: {source}")]
pub struct StoreError {
    what: &'static str,
    #[source]
    source: Arc<rusqlite::Error>,
}

impl StoreError {
    /// A write abandoned before it reached SQLite's verdict.
    fn aborted(why: &'static str) -> StoreError {
        let code = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ABORT);
        StoreError {
            what: why,
            source: Arc::new(rusqlite::Error::SqliteFailure(code, None)),
        }
    }
}

pub(crate) trait Context<T> {
    fn ctx(self, what: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn ctx(self, what: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError {
            what,
            source: Arc::new(source),
        })
    }
}

/// Rows to insert: (collection, label, block).
type Rows = Vec<(String, i64, NewBlock)>;

/// A content block to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBlock {
    /// Content binding id.
    pub binding: String,
    /// Content binding subtype.
    pub subtype: Option<String>,
    /// The block's message.
    pub message: Option<String>,
    /// Namespace bindings (prefix, URI) the content relies on.
    pub namespaces: Vec<(String, String)>,
    /// The content, exactly as received.
    pub body: Vec<u8>,
}

/// A stored content block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlock {
    /// Its timestamp label, microseconds since the epoch.
    pub ts: i64,
    /// The block as stored.
    pub block: NewBlock,
}

/// The store.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    writer: Mutex<Writer>,
    readers: Mutex<Vec<Connection>>,
    clock: MonotonicClock,
    pending: GroupCommit<Rows, Vec<BlockKey>>,
    commits: AtomicU64,
    /// The greatest committed key, updated under the writer.
    last: Mutex<Option<BlockKey>>,
}

#[derive(Debug)]
struct Writer {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the store in directory `dir`.
    pub fn open(dir: &Path) -> Result<Store, Box<dyn std::error::Error + Send + Sync>> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))?;
        let path = dir.join("taxii.sqlite3");
        let conn = Connection::open(&path).ctx("open")?;
        schema::prepare_writer(&conn, &path)?;
        let last = blocks::newest(&conn)?;
        let last_ts = last.map_or(0, |k| k.ts);
        Ok(Store {
            path,
            writer: Mutex::new(Writer { conn }),
            readers: Mutex::new(Vec::new()),
            clock: MonotonicClock::starting_after(last_ts),
            pending: GroupCommit::default(),
            commits: AtomicU64::new(0),
            last: Mutex::new(last),
        })
    }

    /// The clock labelling this store's content (share it with whoever assigns labels).
    pub fn clock(&self) -> MonotonicClock {
        self.clock.clone()
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, Writer> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on a pooled reader connection.
    fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let pooled = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let c = Connection::open(&self.path).ctx("open reader")?;
                schema::prepare_reader(&c)?;
                c
            }
        };
        let out = f(&conn);
        let mut pool = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < 8 {
            pool.push(conn);
        }
        out
    }

    /// Stores `(collection, label, block)` rows durably and all-or-nothing, returning
    /// once they are on disk, with their keys in row order. Labels are raised, if needed,
    /// above every label the clock gave out before the write started and made distinct
    /// and increasing in row order (give 0 to let the store label them).
    pub fn insert_records(&self, rows: Rows) -> Result<Vec<BlockKey>, StoreError> {
        self.pending.submit(rows, &|batch| self.write_batch(batch))
    }

    /// The greatest committed key, after any write in progress.
    pub fn snapshot(&self) -> Option<BlockKey> {
        let _w = self.writer();
        *self.last.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The snapshot, or `None` while a write is in progress (it never waits, so it may
    /// run on an executor thread).
    pub fn snapshot_now(&self) -> Option<Option<BlockKey>> {
        let _w = match self.writer.try_lock() {
            Ok(w) => w,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        Some(*self.last.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Transactions committed by this store since it was opened (several inserts may
    /// share one).
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Inserts submitted to the writer queue since the store was opened (a test hook).
    pub fn inserts_submitted(&self) -> u64 {
        self.pending.submitted()
    }

    /// Writes `batch` in one transaction, one savepoint per entry; one outcome each.
    fn write_batch(&self, batch: Vec<Rows>) -> Vec<Result<Vec<BlockKey>, StoreError>> {
        let mut w = self.writer();
        let mut tx = match w.conn.transaction().ctx("begin insert") {
            Ok(tx) => tx,
            Err(e) => return batch.iter().map(|_| Err(e.clone())).collect(),
        };
        let mut next = self.clock.now_micros();
        let mut outcomes: Vec<_> = batch
            .iter()
            .map(|rows| {
                let start = next;
                let outcome = insert_rows(&mut tx, rows, &mut next);
                if outcome.is_err() {
                    next = start;
                }
                outcome
            })
            .collect();
        if outcomes.iter().any(Result::is_ok) {
            match tx.commit().ctx("commit insert") {
                Ok(()) => {
                    self.commits.fetch_add(1, Ordering::Relaxed);
                    let newest = outcomes.iter().flatten().flat_map(|k| k.last()).max();
                    let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
                    *last = (*last).max(newest.copied());
                }
                Err(e) => outcomes
                    .iter_mut()
                    .filter(|o| o.is_ok())
                    .for_each(|o| *o = Err(e.clone())),
            }
        }
        self.clock.advance_past(next - 1);
        outcomes
    }

    /// The blocks of `collection` labelled after `after` and up to `until`, oldest first.
    pub fn records(
        &self,
        collection: &str,
        after: Option<i64>,
        until: Option<i64>,
    ) -> Result<Vec<StoredBlock>, StoreError> {
        // Let a write in progress finish first: its labels may fall inside the window.
        drop(self.writer());
        self.read(|c| {
            let mut s = c
                .prepare_cached(
                    "SELECT ts, binding, subtype, message, namespaces, body FROM content
                     WHERE collection = ?1
                     AND (?2 IS NULL OR ts > ?2) AND (?3 IS NULL OR ts <= ?3)
                     ORDER BY ts, id",
                )
                .ctx("prepare records")?;
            let rows = s
                .query_map(params![collection, after, until], |r| {
                    let ns: String = r.get(4)?;
                    Ok(StoredBlock {
                        ts: r.get(0)?,
                        block: NewBlock {
                            binding: r.get(1)?,
                            subtype: r.get(2)?,
                            message: r.get(3)?,
                            namespaces: blocks::namespaces(c, &ns)?,
                            body: r.get(5)?,
                        },
                    })
                })
                .ctx("read records")?;
            rows.collect::<Result<Vec<_>, _>>().ctx("read block")
        })
    }
}

/// Inserts `rows` inside a savepoint of `tx` (undone if any row fails), labelling them
/// from `next` on; returns their keys.
fn insert_rows(
    tx: &mut Transaction<'_>,
    rows: &Rows,
    next: &mut i64,
) -> Result<Vec<BlockKey>, StoreError> {
    let sp = tx.savepoint().ctx("begin savepoint")?;
    let mut keys = Vec::with_capacity(rows.len());
    {
        let mut stmt = sp.prepare_cached(blocks::INSERT).ctx("prepare insert")?;
        for (collection, label, b) in rows {
            let ns = blocks::intern(&sp, &b.namespaces)?;
            // Distinct, increasing labels in the order given.
            let ts = (*label).max(*next);
            *next = ts + 1;
            stmt.execute(params![
                collection, ts, b.binding, b.subtype, b.message, ns, b.body
            ])
            .ctx("insert block")?;
            keys.push(BlockKey {
                ts,
                id: sp.last_insert_rowid(),
            });
        }
    }
    sp.commit().ctx("release savepoint")?;
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block() -> NewBlock {
        NewBlock {
            binding: "urn:stix.mitre.org:xml:1.1.1".into(),
            subtype: None,
            message: None,
            namespaces: Vec::new(),
            body: b"<a/>".to_vec(),
        }
    }

    #[test]
    fn the_snapshot_is_read_at_once_only_when_no_write_is_in_progress() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.snapshot_now(), Some(None));
        let keys = store
            .insert_records(vec![("default".into(), 0, block())])
            .unwrap();
        assert_eq!(store.snapshot_now(), Some(keys.last().copied()));
        assert_eq!(store.snapshot_now(), Some(store.snapshot()));
        let writing = store.writer();
        assert_eq!(store.snapshot_now(), None);
        drop(writing);
        assert_eq!(store.snapshot_now(), Some(keys.last().copied()));
    }
}
