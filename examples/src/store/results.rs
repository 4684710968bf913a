//! Poll result sets in SQLite, so Poll_Fulfillment of later parts works after a restart.
//!
//! A set is its description: scope (window, bindings, snapshot key), query, part size,
//! counts and the part cursors learned so far. No content is copied. Sets are counted
//! per owner for the quota; none is ever evicted to make room for another.

use rusqlite::{params, Row};
use taxii_messages::v11::{ContentBinding, Query};
use taxii_messages::Timestamp;
use taxii_services::store::{RecordFilter, RecordKey, ResultSet, Scope, Window};
use taxii_services::Identity;

use super::clock::{to_micros, to_timestamp};
use super::subscriptions::{bad_column, json, owner_column, owner_from, uri_at};
use super::{Context, Store, StoreError};

const COLUMNS: &str = "id, collection, owner, subscription_id, asynchronous, will_push, \
    count_only, ready_at, expires_at, win_begin, win_end, bindings, upto_ts, upto_id, query, \
    per_part, record_count, partial_count, part_starts";

fn from_json<T: serde::de::DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| bad_column(idx, e))
}

fn key(ts: i64, id: i64) -> RecordKey {
    RecordKey::new(to_timestamp(ts), id.max(0) as u64)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<ResultSet> {
    let window = Window::new(
        row.get::<_, Option<i64>>(9)?.map(to_timestamp),
        row.get::<_, Option<i64>>(10)?.map(to_timestamp),
    );
    let bindings: Vec<ContentBinding> = from_json(row, 11)?;
    let upto = match (
        row.get::<_, Option<i64>>(12)?,
        row.get::<_, Option<i64>>(13)?,
    ) {
        (Some(ts), Some(id)) => Some(key(ts, id)),
        _ => None,
    };
    let scope = Scope::new(uri_at(row, 1)?, window)
        .with_filter(RecordFilter::bindings(bindings))
        .upto(upto);
    let mut set = ResultSet::new(
        uri_at(row, 0)?,
        owner_from(row.get(2)?),
        scope,
        to_timestamp(row.get(7)?),
        to_timestamp(row.get(8)?),
    );
    if row.get::<_, Option<String>>(3)?.is_some() {
        set.subscription_id = Some(uri_at(row, 3)?);
    }
    set.asynchronous = row.get(4)?;
    set.will_push = row.get(5)?;
    set.count_only = row.get(6)?;
    set.query = match row.get::<_, Option<String>>(14)? {
        Some(q) => Some(serde_json::from_str::<Query>(&q).map_err(|e| bad_column(14, e))?),
        None => None,
    };
    set.per_part = usize::try_from(row.get::<_, i64>(15)?).unwrap_or(usize::MAX);
    set.record_count = row.get::<_, i64>(16)?.max(0) as u64;
    set.partial_count = row.get(17)?;
    let starts: Vec<Option<(i64, i64)>> = from_json(row, 18)?;
    set.part_starts = starts
        .into_iter()
        .map(|s| s.map(|(t, i)| key(t, i)))
        .collect();
    Ok(set)
}

fn columns(k: &RecordKey) -> (i64, i64) {
    (
        to_micros(&k.label),
        i64::try_from(k.seq).unwrap_or(i64::MAX),
    )
}

impl Store {
    /// Stores (or replaces, by collection and id) a result set, durably.
    pub fn put_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        let bindings = json(&r.scope.filter.bindings).ctx("encode bindings")?;
        let query = r.query.as_ref().map(json).transpose().ctx("encode query")?;
        let starts: Vec<Option<(i64, i64)>> = r
            .part_starts
            .iter()
            .map(|s| s.as_ref().map(columns))
            .collect();
        let starts = json(&starts).ctx("encode part cursors")?;
        let upto = r.scope.upto.as_ref().map(columns);
        let w = self.writer();
        w.conn
            .prepare_cached(&format!(
                "INSERT OR REPLACE INTO results ({COLUMNS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
                 ?18, ?19)"
            ))
            .ctx("prepare put result")?
            .execute(params![
                r.id.as_str(),
                r.collection.as_str(),
                owner_column(&r.owner),
                r.subscription_id.as_ref().map(|s| s.as_str()),
                r.asynchronous,
                r.will_push,
                r.count_only,
                to_micros(&r.ready_at),
                to_micros(&r.expires_at),
                r.scope.window.exclusive_begin.as_ref().map(to_micros),
                r.scope.window.inclusive_end.as_ref().map(to_micros),
                bindings,
                upto.map(|u| u.0),
                upto.map(|u| u.1),
                query,
                i64::try_from(r.per_part).unwrap_or(i64::MAX),
                i64::try_from(r.record_count).unwrap_or(i64::MAX),
                r.partial_count,
                starts,
            ])
            .ctx("put result")?;
        Ok(())
    }

    /// The result set `id` of `collection`, if any.
    pub fn result(&self, collection: &str, id: &str) -> Result<Option<ResultSet>, StoreError> {
        self.read(|c| {
            let sql = format!("SELECT {COLUMNS} FROM results WHERE collection = ?1 AND id = ?2");
            let mut s = c.prepare_cached(&sql).ctx("prepare result")?;
            let mut rows = s
                .query_map(params![collection, id], from_row)
                .ctx("read result")?;
            rows.next().transpose().ctx("decode result")
        })
    }

    /// Forgets a result set; an unknown id is not an error.
    pub fn remove_result(&self, collection: &str, id: &str) -> Result<(), StoreError> {
        let w = self.writer();
        w.conn
            .prepare_cached("DELETE FROM results WHERE collection = ?1 AND id = ?2")
            .ctx("prepare remove result")?
            .execute(params![collection, id])
            .ctx("remove result")?;
        Ok(())
    }

    /// Forgets every set expired at or before `now`; returns how many.
    pub fn remove_expired_results(&self, now: &Timestamp) -> Result<usize, StoreError> {
        let w = self.writer();
        let n = w
            .conn
            .prepare_cached("DELETE FROM results WHERE expires_at <= ?1")
            .ctx("prepare expire results")?
            .execute([to_micros(now)])
            .ctx("expire results")?;
        Ok(n)
    }

    /// Unexpired sets of `owner` at `now` (only asynchronous ones if `asynchronous`).
    pub fn results_owned(
        &self,
        owner: &Identity,
        asynchronous: bool,
        now: &Timestamp,
    ) -> Result<u64, StoreError> {
        self.read(|c| {
            let n: i64 = c
                .prepare_cached(
                    "SELECT COUNT(*) FROM results WHERE owner IS ?1 AND expires_at > ?2
                     AND (?3 = 0 OR asynchronous = 1)",
                )
                .ctx("prepare results owned")?
                .query_row(
                    params![owner_column(owner), to_micros(now), asynchronous],
                    |r| r.get(0),
                )
                .ctx("count results owned")?;
            Ok(n.max(0) as u64)
        })
    }
}
