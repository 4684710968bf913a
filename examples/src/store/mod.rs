//! The embedded SQLite store: content blocks per collection, subscriptions and the result
//! sets of multi-part polls.
//!
//! One writer connection (WAL, `synchronous=FULL`): a write returns only once it is on
//! disk, so an inbox message acknowledged with SUCCESS survives a crash. Readers use their
//! own connections from a small pool and never block the writer. Statements are prepared
//! once per connection (`prepare_cached`).
//!
//! Every block gets a timestamp label (microseconds since the epoch) strictly greater than
//! every label before it, assigned by the single writer; a poll reports as its end the
//! newest label it could see, so consecutive windows neither skip nor repeat a block.

mod schema;
mod subscriptions;

pub use subscriptions::{Subscription, SubscriptionState};

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

/// A store error (SQLite or IO), with what was being done.
#[derive(Debug, thiserror::Error)]
#[error("store: {what}: {source}")]
pub struct StoreError {
    what: &'static str,
    #[source]
    source: rusqlite::Error,
}

pub(crate) trait Context<T> {
    fn ctx(self, what: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn ctx(self, what: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError { what, source })
    }
}

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

/// Which blocks a poll selects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// Collection name.
    pub collection: String,
    /// Exclusive lower bound of the timestamp label.
    pub after: Option<i64>,
    /// Inclusive upper bound of the timestamp label.
    pub until: Option<i64>,
    /// Content binding ids accepted; empty accepts all.
    pub bindings: Vec<String>,
}

/// A multi-part poll result kept for Poll_Fulfillment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultSet {
    /// Result id.
    pub id: String,
    /// The selection, with `until` fixed when the result was made.
    pub selection: Selection,
    /// Blocks in the whole result.
    pub total: u64,
}

/// The store.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    writer: Mutex<Writer>,
    readers: Mutex<Vec<Connection>>,
}

#[derive(Debug)]
struct Writer {
    conn: Connection,
    last_ts: i64,
}

impl Store {
    /// Opens (creating if needed) the store in directory `dir`.
    pub fn open(dir: &Path) -> Result<Store, Box<dyn std::error::Error + Send + Sync>> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))?;
        let path = dir.join("taxii.sqlite3");
        let conn = Connection::open(&path).ctx("open")?;
        schema::prepare_writer(&conn)?;
        let last_ts: i64 = conn
            .query_row("SELECT COALESCE(MAX(ts), 0) FROM content", [], |r| r.get(0))
            .ctx("read newest label")?;
        Ok(Store {
            path,
            writer: Mutex::new(Writer { conn, last_ts }),
            readers: Mutex::new(Vec::new()),
        })
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

    /// Adds `blocks` to every collection in `collections` in one durable transaction;
    /// returns the labels given to the blocks (same for each collection).
    pub fn insert(
        &self,
        collections: &[String],
        blocks: &[NewBlock],
        now_micros: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let mut w = self.writer();
        let mut ts = Vec::with_capacity(blocks.len());
        let mut next = now_micros.max(w.last_ts + 1);
        let tx = w.conn.transaction().ctx("begin insert")?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO content (collection, ts, binding, subtype, message, namespaces, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .ctx("prepare insert")?;
            for b in blocks {
                let ns = serde_json::to_string(&b.namespaces).unwrap_or_else(|_| "[]".into());
                for c in collections {
                    stmt.execute(params![
                        c, next, b.binding, b.subtype, b.message, ns, b.body
                    ])
                    .ctx("insert block")?;
                }
                ts.push(next);
                next += 1;
            }
        }
        tx.commit().ctx("commit insert")?;
        if let Some(&last) = ts.last() {
            w.last_ts = last;
        }
        Ok(ts)
    }

    /// The newest label in the store (0 when empty): the end of any poll made now.
    pub fn newest(&self) -> Result<i64, StoreError> {
        self.read(|c| {
            c.prepare_cached("SELECT COALESCE(MAX(ts), 0) FROM content")
                .and_then(|mut s| s.query_row([], |r| r.get(0)))
                .ctx("read newest label")
        })
    }

    /// How many blocks `sel` selects.
    pub fn count(&self, sel: &Selection) -> Result<u64, StoreError> {
        let bindings = bindings_json(sel);
        self.read(|c| {
            let mut s = c
                .prepare_cached(
                    "SELECT COUNT(*) FROM content WHERE collection = ?1
                     AND (?2 IS NULL OR ts > ?2) AND (?3 IS NULL OR ts <= ?3)
                     AND (?4 IS NULL OR binding IN (SELECT value FROM json_each(?4)))",
                )
                .ctx("prepare count")?;
            let n: i64 = s
                .query_row(
                    params![sel.collection, sel.after, sel.until, bindings],
                    |r| r.get(0),
                )
                .ctx("count")?;
            Ok(n as u64)
        })
    }

    /// Up to `limit` blocks of `sel`, oldest first, skipping the first `offset`.
    pub fn fetch(
        &self,
        sel: &Selection,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<StoredBlock>, StoreError> {
        let bindings = bindings_json(sel);
        self.read(|c| {
            let mut s = c
                .prepare_cached(
                    "SELECT ts, binding, subtype, message, namespaces, body FROM content
                     WHERE collection = ?1
                     AND (?2 IS NULL OR ts > ?2) AND (?3 IS NULL OR ts <= ?3)
                     AND (?4 IS NULL OR binding IN (SELECT value FROM json_each(?4)))
                     ORDER BY ts, id LIMIT ?5 OFFSET ?6",
                )
                .ctx("prepare fetch")?;
            let rows = s
                .query_map(
                    params![
                        sel.collection,
                        sel.after,
                        sel.until,
                        bindings,
                        limit as i64,
                        offset as i64
                    ],
                    |r| {
                        let ns: String = r.get(4)?;
                        Ok(StoredBlock {
                            ts: r.get(0)?,
                            block: NewBlock {
                                binding: r.get(1)?,
                                subtype: r.get(2)?,
                                message: r.get(3)?,
                                namespaces: serde_json::from_str(&ns).unwrap_or_default(),
                                body: r.get(5)?,
                            },
                        })
                    },
                )
                .ctx("fetch")?;
            rows.collect::<Result<Vec<_>, _>>().ctx("read block")
        })
    }

    /// Records a multi-part result for later fulfillment.
    pub fn save_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        let w = self.writer();
        let sel = &r.selection;
        w.conn
            .prepare_cached(
                "INSERT INTO result_sets (id, collection, after, until, bindings, total)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    r.id,
                    sel.collection,
                    sel.after,
                    sel.until,
                    serde_json::to_string(&sel.bindings).unwrap_or_default(),
                    r.total as i64
                ])
            })
            .ctx("save result set")?;
        Ok(())
    }

    /// A result saved by [`Store::save_result`].
    pub fn result(&self, id: &str) -> Result<Option<ResultSet>, StoreError> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT collection, after, until, bindings, total FROM result_sets WHERE id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([id], |r| {
                    let bindings: String = r.get(3)?;
                    Ok(ResultSet {
                        id: id.to_owned(),
                        selection: Selection {
                            collection: r.get(0)?,
                            after: r.get(1)?,
                            until: r.get(2)?,
                            bindings: serde_json::from_str(&bindings).unwrap_or_default(),
                        },
                        total: r.get::<_, i64>(4)? as u64,
                    })
                })
                .optional()
            })
            .ctx("read result set")
        })
    }
}

fn bindings_json(sel: &Selection) -> Option<String> {
    (!sel.bindings.is_empty()).then(|| serde_json::to_string(&sel.bindings).unwrap_or_default())
}
