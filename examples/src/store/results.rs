//! Poll result sets in SQLite, so Poll_Fulfillment of later parts works after a restart.
//!
//! Content is not copied: a part is kept as its window boundaries and the labels of its
//! records (labels are unique and content is never deleted), and rebuilt from the content
//! table. The newest [`MAX_RESULT_SETS`] sets are kept; older ones are forgotten.

use rusqlite::{params, Row};
use taxii_messages::Timestamp;
use taxii_services::store::legacy::{Record, ResultPart, ResultSet, Window};

use super::clock::{to_micros, to_timestamp};
use super::subscriptions::{bad_column, owner_column, owner_from, uri_at};
use super::{Context, Store, StoreError};

/// Most result sets kept at once; the oldest is forgotten first.
pub const MAX_RESULT_SETS: usize = 256;

/// A stored part: window bounds (micros) and record labels.
#[derive(Debug)]
struct PartRow {
    begin: Option<i64>,
    end: Option<i64>,
    labels: Vec<i64>,
}

/// A stored set before its parts are rebuilt.
#[derive(Debug)]
struct SetRow {
    set: ResultSet,
    record_count: u64,
}

/// Why a stored result set cannot be rebuilt.
#[derive(Debug, thiserror::Error)]
#[error("result set {id}: {why}")]
struct Unrebuildable {
    id: String,
    why: String,
}

fn set_from_row(row: &Row<'_>) -> rusqlite::Result<SetRow> {
    let set = ResultSet::new(
        uri_at(row, 0)?,
        uri_at(row, 1)?,
        owner_from(row.get(2)?),
        to_timestamp(row.get(6)?),
        to_timestamp(row.get(7)?),
    )
    .map_err(|e| bad_column(7, e))?
    .with_flags(row.get(4)?, row.get(5)?, row.get(9)?);
    let set = match row.get::<_, Option<String>>(3)? {
        Some(_) => set.with_subscription(uri_at(row, 3)?),
        None => set,
    };
    Ok(SetRow {
        set,
        record_count: row.get::<_, i64>(8)?.max(0) as u64,
    })
}

fn part_from_row(row: &Row<'_>) -> rusqlite::Result<PartRow> {
    let labels: String = row.get(2)?;
    Ok(PartRow {
        begin: row.get(0)?,
        end: row.get(1)?,
        labels: serde_json::from_str(&labels).map_err(|e| bad_column(2, e))?,
    })
}

/// The smallest window covering every part.
fn cover(parts: &[PartRow]) -> (Option<i64>, Option<i64>) {
    let begin = parts
        .iter()
        .map(|p| p.begin)
        .collect::<Option<Vec<_>>>()
        .and_then(|v| v.into_iter().min());
    let end = parts
        .iter()
        .map(|p| p.end)
        .collect::<Option<Vec<_>>>()
        .and_then(|v| v.into_iter().max());
    (begin, end)
}

impl Store {
    /// Stores `r` (replacing a set with its collection and id), durably; forgets the
    /// oldest sets past [`MAX_RESULT_SETS`].
    pub fn put_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        let coll = r.collection.as_str();
        let id = r.id.as_str();
        let mut w = self.writer();
        let tx = w.conn.transaction().ctx("begin put result")?;
        tx.execute(
            "DELETE FROM result_parts WHERE collection = ?1 AND result_id = ?2",
            [coll, id],
        )
        .ctx("replace result parts")?;
        tx.execute(
            "DELETE FROM result_sets WHERE collection = ?1 AND id = ?2",
            [coll, id],
        )
        .ctx("replace result set")?;
        tx.execute(
            "INSERT INTO result_sets (id, collection, owner, subscription_id, asynchronous,
             will_push, ready_at, expires_at, record_count, count_only)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                coll,
                owner_column(&r.owner),
                r.subscription_id.as_ref().map(|s| s.as_str()),
                r.asynchronous,
                r.will_push,
                to_micros(&r.ready_at),
                to_micros(&r.expires_at),
                i64::try_from(r.record_count).unwrap_or(i64::MAX),
                r.count_only,
            ],
        )
        .ctx("put result set")?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO result_parts (collection, result_id, part, win_begin, win_end, labels)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .ctx("prepare put result part")?;
            for (n, p) in r.parts.iter().enumerate() {
                let labels: Vec<i64> = p.records.iter().map(|rec| to_micros(&rec.label)).collect();
                let labels = serde_json::to_string(&labels).unwrap_or_else(|_| "[]".into());
                stmt.execute(params![
                    coll,
                    id,
                    n as i64 + 1,
                    p.window.exclusive_begin.as_ref().map(to_micros),
                    p.window.inclusive_end.as_ref().map(to_micros),
                    labels,
                ])
                .ctx("put result part")?;
            }
        }
        tx.execute(
            "DELETE FROM result_parts WHERE (collection, result_id) IN (
               SELECT collection, id FROM result_sets ORDER BY seq DESC LIMIT -1 OFFSET ?1)",
            [MAX_RESULT_SETS as i64],
        )
        .ctx("forget oldest result parts")?;
        tx.execute(
            "DELETE FROM result_sets WHERE seq IN (
               SELECT seq FROM result_sets ORDER BY seq DESC LIMIT -1 OFFSET ?1)",
            [MAX_RESULT_SETS as i64],
        )
        .ctx("forget oldest result sets")?;
        tx.commit().ctx("commit put result")
    }

    /// The result set `id` of `collection`, its parts rebuilt from stored content.
    pub fn result(
        &self,
        collection: &str,
        id: &str,
    ) -> Result<Option<ResultSet>, Box<dyn std::error::Error + Send + Sync>> {
        let stored = self.read(|c| {
            let mut s = c
                .prepare_cached(
                    "SELECT id, collection, owner, subscription_id, asynchronous, will_push,
                     ready_at, expires_at, record_count, count_only
                     FROM result_sets WHERE collection = ?1 AND id = ?2",
                )
                .ctx("prepare result set")?;
            let Some(row) = s
                .query_map([collection, id], set_from_row)
                .ctx("read result set")?
                .next()
                .transpose()
                .ctx("decode result set")?
            else {
                return Ok(None);
            };
            let mut p = c
                .prepare_cached(
                    "SELECT win_begin, win_end, labels FROM result_parts
                     WHERE collection = ?1 AND result_id = ?2 ORDER BY part",
                )
                .ctx("prepare result parts")?;
            let parts = p
                .query_map([collection, id], part_from_row)
                .ctx("read result parts")?
                .collect::<Result<Vec<_>, _>>()
                .ctx("decode result part")?;
            Ok(Some((row, parts)))
        })?;
        let Some((row, parts)) = stored else {
            return Ok(None);
        };
        let fail = |why: String| Unrebuildable {
            id: id.to_owned(),
            why,
        };
        let (begin, end) = cover(&parts);
        let mut by_label: std::collections::HashMap<i64, Record> =
            if parts.iter().all(|p| p.labels.is_empty()) {
                Default::default()
            } else {
                self.records(collection, begin, end)?
                    .into_iter()
                    .filter_map(|b| super::engine::to_record(&row.set.collection, b))
                    .map(|r| (to_micros(&r.label), r))
                    .collect()
            };
        let mut rebuilt = Vec::with_capacity(parts.len());
        for (n, p) in parts.into_iter().enumerate() {
            let records = p
                .labels
                .iter()
                .map(|l| {
                    by_label.remove(l).ok_or_else(|| {
                        fail(format!(
                            "part {}: record labelled {l} is no longer stored",
                            n + 1
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let window = Window::new(p.begin.map(to_timestamp), p.end.map(to_timestamp));
            rebuilt.push(
                ResultPart::new(window, records)
                    .map_err(|e| fail(format!("part {}: {e}", n + 1)))?,
            );
        }
        let set = row
            .set
            .with_parts(rebuilt, row.record_count)
            .map_err(|e| fail(e.to_string()))?;
        Ok(Some(set))
    }

    /// Forgets the result set `id` of `collection`; unknown ids are not an error.
    pub fn remove_result(&self, collection: &str, id: &str) -> Result<(), StoreError> {
        let mut w = self.writer();
        let tx = w.conn.transaction().ctx("begin remove result")?;
        tx.execute(
            "DELETE FROM result_parts WHERE collection = ?1 AND result_id = ?2",
            [collection, id],
        )
        .ctx("remove result parts")?;
        tx.execute(
            "DELETE FROM result_sets WHERE collection = ?1 AND id = ?2",
            [collection, id],
        )
        .ctx("remove result set")?;
        tx.commit().ctx("commit remove result")
    }

    /// Forgets every result set expired at or before `now`; returns how many.
    pub fn remove_expired_results(&self, now: &Timestamp) -> Result<usize, StoreError> {
        let now = to_micros(now);
        let mut w = self.writer();
        let tx = w.conn.transaction().ctx("begin expire results")?;
        tx.execute(
            "DELETE FROM result_parts WHERE (collection, result_id) IN (
               SELECT collection, id FROM result_sets WHERE expires_at <= ?1)",
            [now],
        )
        .ctx("expire result parts")?;
        let n = tx
            .execute("DELETE FROM result_sets WHERE expires_at <= ?1", [now])
            .ctx("expire result sets")?;
        tx.commit().ctx("commit expire results")?;
        Ok(n)
    }
}
