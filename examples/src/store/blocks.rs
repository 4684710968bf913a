//! Content blocks by keyset: pages, counts, the newest key, and interned namespace
//! bindings.
//!
//! A block's key is `(ts, id)`: its label and row id. Reads select a key range of one
//! collection over the index `(collection, ts, id)`, with the binding filter pushed into
//! the query, and never use OFFSET. Namespace bindings are stored once each in
//! `namespaces`; a block's `namespaces` column lists the ids it uses (`[3,7]`). Rows of
//! schema 2 and earlier hold the bindings inline (`[["p","uri"]]`) and read as they are.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::{Context, NewBlock, Store, StoreError, StoredBlock};

pub(super) const INSERT: &str =
    "INSERT INTO content (collection, ts, binding, subtype, message, namespaces, body)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// A stored block's key: label (microseconds since the epoch), then row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlockKey {
    /// The label.
    pub ts: i64,
    /// The row id (unique in the store).
    pub id: i64,
}

/// Which blocks a read selects: one collection, keys in `(after, upto]`, labels in
/// `(begin, end]`, and bindings (id, subtypes) of which one must match (none: any).
#[derive(Debug, Clone, Default)]
pub struct BlockScope {
    /// The collection.
    pub collection: String,
    /// Keys after this.
    pub after: Option<BlockKey>,
    /// Keys at or before this.
    pub upto: Option<BlockKey>,
    /// Labels after this.
    pub begin: Option<i64>,
    /// Labels at or before this.
    pub end: Option<i64>,
    /// Accepted bindings: id and subtypes (empty subtypes: any).
    pub bindings: Vec<(String, Vec<String>)>,
}

impl BlockScope {
    /// The `WHERE` clause and its parameters: ?1 collection, ?2/?3 the lower key bound
    /// (exclusive), ?4/?5 the upper one (inclusive), then the binding filter.
    fn clause(&self) -> (String, Vec<Value>) {
        let lower = [
            self.after,
            self.begin.map(|ts| BlockKey { ts, id: i64::MAX }),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(BlockKey {
            ts: i64::MIN,
            id: i64::MIN,
        });
        let upper = [self.upto, self.end.map(|ts| BlockKey { ts, id: i64::MAX })]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(BlockKey {
                ts: i64::MAX,
                id: i64::MAX,
            });
        let mut sql =
            String::from("collection = ?1 AND (ts, id) > (?2, ?3) AND (ts, id) <= (?4, ?5)");
        let mut values: Vec<Value> = vec![
            self.collection.clone().into(),
            lower.ts.into(),
            lower.id.into(),
            upper.ts.into(),
            upper.id.into(),
        ];
        if !self.bindings.is_empty() {
            let mut alternatives = Vec::new();
            for (id, subtypes) in &self.bindings {
                values.push(id.clone().into());
                let n = values.len();
                // the id itself, or the outermost id of a nested `a|b` binding
                let mut one = format!(
                    "(binding = ?{n} OR substr(binding, 1, length(?{n}) + 1) = ?{n} || '|')"
                );
                if !subtypes.is_empty() {
                    let mut marks = Vec::new();
                    for s in subtypes {
                        values.push(s.clone().into());
                        marks.push(format!("?{}", values.len()));
                    }
                    one.push_str(&format!(
                        " AND (subtype IS NULL OR subtype IN ({}))",
                        marks.join(", ")
                    ));
                }
                alternatives.push(format!("({one})"));
            }
            sql.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
        }
        (sql, values)
    }
}

/// Interns `bindings` and returns the JSON list of their ids.
pub(super) fn intern(c: &Connection, bindings: &[(String, String)]) -> Result<String, StoreError> {
    let mut ids = Vec::with_capacity(bindings.len());
    for (prefix, uri) in bindings {
        c.prepare_cached("INSERT OR IGNORE INTO namespaces (prefix, uri) VALUES (?1, ?2)")
            .ctx("prepare intern")?
            .execute(params![prefix, uri])
            .ctx("intern namespace")?;
        let id: i64 = c
            .prepare_cached("SELECT id FROM namespaces WHERE prefix = ?1 AND uri = ?2")
            .ctx("prepare namespace id")?
            .query_row(params![prefix, uri], |r| r.get(0))
            .ctx("namespace id")?;
        ids.push(id);
    }
    Ok(serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()))
}

/// The bindings a `namespaces` column lists (interned ids, or inline pairs of old rows).
pub(super) fn namespaces(c: &Connection, column: &str) -> rusqlite::Result<Vec<(String, String)>> {
    if let Ok(ids) = serde_json::from_str::<Vec<i64>>(column) {
        let mut s = c.prepare_cached("SELECT prefix, uri FROM namespaces WHERE id = ?1")?;
        return ids
            .into_iter()
            .map(|id| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))))
            .collect();
    }
    Ok(serde_json::from_str(column).unwrap_or_default())
}

/// The greatest key in the store.
pub(super) fn newest(c: &Connection) -> Result<Option<BlockKey>, StoreError> {
    c.query_row(
        "SELECT ts, id FROM content WHERE ts = (SELECT MAX(ts) FROM content)
         ORDER BY id DESC LIMIT 1",
        [],
        |r| {
            Ok(BlockKey {
                ts: r.get(0)?,
                id: r.get(1)?,
            })
        },
    )
    .optional()
    .ctx("read newest key")
}

impl Store {
    /// The blocks of `scope` in key order, at most `limit`.
    pub fn page(
        &self,
        scope: &BlockScope,
        limit: usize,
    ) -> Result<Vec<(BlockKey, StoredBlock)>, StoreError> {
        let (clause, mut values) = scope.clause();
        values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
        let sql = format!(
            "SELECT ts, id, binding, subtype, message, namespaces, body FROM content
             WHERE {clause} ORDER BY ts, id LIMIT ?{}",
            values.len()
        );
        self.read(|c| {
            let mut s = c.prepare_cached(&sql).ctx("prepare page")?;
            let mut names: HashMap<String, Vec<(String, String)>> = HashMap::new();
            let rows = s
                .query_map(params_from_iter(values), |r| {
                    let key = BlockKey {
                        ts: r.get(0)?,
                        id: r.get(1)?,
                    };
                    let column: String = r.get(5)?;
                    let ns = match names.get(&column) {
                        Some(ns) => ns.clone(),
                        None => {
                            let ns = namespaces(c, &column)?;
                            names.insert(column, ns.clone());
                            ns
                        }
                    };
                    Ok((
                        key,
                        StoredBlock {
                            ts: key.ts,
                            block: NewBlock {
                                binding: r.get(2)?,
                                subtype: r.get(3)?,
                                message: r.get(4)?,
                                namespaces: ns,
                                body: r.get(6)?,
                            },
                        },
                    ))
                })
                .ctx("read page")?;
            rows.collect::<Result<Vec<_>, _>>().ctx("read block")
        })
    }

    /// The keys of `scope` in order, at most `limit` (from the index when no binding
    /// filter applies).
    pub fn keys(&self, scope: &BlockScope, limit: usize) -> Result<Vec<BlockKey>, StoreError> {
        let (clause, mut values) = scope.clause();
        values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
        let sql = format!(
            "SELECT ts, id FROM content WHERE {clause} ORDER BY ts, id LIMIT ?{}",
            values.len()
        );
        self.read(|c| {
            let mut s = c.prepare_cached(&sql).ctx("prepare keys")?;
            let rows = s
                .query_map(params_from_iter(values), |r| {
                    Ok(BlockKey {
                        ts: r.get(0)?,
                        id: r.get(1)?,
                    })
                })
                .ctx("read keys")?;
            rows.collect::<Result<Vec<_>, _>>().ctx("read key")
        })
    }

    /// How many blocks `scope` selects.
    pub fn count(&self, scope: &BlockScope) -> Result<u64, StoreError> {
        let (clause, values) = scope.clause();
        let sql = format!("SELECT COUNT(*) FROM content WHERE {clause}");
        self.read(|c| {
            let n: i64 = c
                .prepare_cached(&sql)
                .ctx("prepare count")?
                .query_row(params_from_iter(values), |r| r.get(0))
                .ctx("count")?;
            Ok(n.max(0) as u64)
        })
    }
}
