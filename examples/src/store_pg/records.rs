//! Collections and records: inserts labelled by the database clock, keyset pages and
//! counts with the scope pushed down into SQL.

use taxii_messages::v11::ContentInstanceBinding;
use taxii_messages::{NamespaceBinding, RawXml};
use taxii_services::store::{
    CollectionDefinition, CollectionStore, NewRecord, Record, RecordKey, Scope, StoreError,
};
use tokio_postgres::types::ToSql;

use super::codec::{micros, timestamp, uri};
use super::{failed, PgStore};

/// A scope as SQL conditions over `taxii_records` and their parameters.
struct Conditions {
    sql: String,
    params: Vec<Box<dyn ToSql + Sync + Send>>,
}

impl Conditions {
    fn push(&mut self, v: impl ToSql + Sync + Send + 'static) -> String {
        self.params.push(Box::new(v));
        format!("${}", self.params.len())
    }

    fn and(&mut self, clause: &str) {
        self.sql.push_str(" AND ");
        self.sql.push_str(clause);
    }

    /// Collection, window, snapshot bound and binding filter of `scope`; keys after
    /// `after`.
    fn of(scope: &Scope, after: Option<&RecordKey>) -> Conditions {
        let mut c = Conditions {
            sql: String::new(),
            params: Vec::new(),
        };
        let p = c.push(scope.collection.as_str().to_owned());
        c.sql = format!("collection = {p}");
        if let Some(b) = &scope.window.exclusive_begin {
            let p = c.push(micros(b));
            c.and(&format!("label > {p}"));
        }
        if let Some(e) = &scope.window.inclusive_end {
            let p = c.push(micros(e));
            c.and(&format!("label <= {p}"));
        }
        if let Some(u) = &scope.upto {
            let (l, s) = (c.push(micros(&u.label)), c.push(u.seq as i64));
            c.and(&format!("(label, seq) <= ({l}, {s})"));
        }
        if let Some(a) = after {
            let (l, s) = (c.push(micros(&a.label)), c.push(a.seq as i64));
            c.and(&format!("(label, seq) > ({l}, {s})"));
        }
        if !scope.filter.bindings.is_empty() {
            let mut any = Vec::new();
            for b in &scope.filter.bindings {
                let id = c.push(b.binding_id.as_str().to_owned());
                let mut clause = format!("(binding = {id} OR outer_binding = {id})");
                if !b.subtypes.is_empty() {
                    let subtypes: Vec<String> =
                        b.subtypes.iter().map(|s| s.as_str().to_owned()).collect();
                    let p = c.push(subtypes);
                    clause = format!("({clause} AND (subtype IS NULL OR subtype = ANY({p})))");
                }
                any.push(clause);
            }
            c.and(&format!("({})", any.join(" OR ")));
        }
        c
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| p.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

/// Planner settings for keyset reads, local to their transaction: the only plan left is
/// a scan of `taxii_records_by_key` from the cursor, stopping at the limit. Without them a
/// stale or missing statistic (right after a bulk ingest, before autovacuum analyses the
/// table) makes the planner read every row after the cursor and sort them for each page.
const KEYSET_PLAN: &str = "
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SET LOCAL enable_sort = off;
SET LOCAL enable_incremental_sort = off";

impl PgStore {
    /// `columns` of the records of `scope` after `after`, in key order, at most `limit`;
    /// or, with `explain`, the plan of that read.
    async fn select(
        &self,
        columns: &str,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
        explain: bool,
    ) -> Result<Vec<tokio_postgres::Row>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let mut c = Conditions::of(scope, after.as_ref());
        let lim = c.push(i64::try_from(limit).unwrap_or(i64::MAX));
        let sql = format!(
            "{}SELECT {columns} FROM taxii_records WHERE {} ORDER BY label, seq LIMIT {lim}",
            if explain { "EXPLAIN " } else { "" },
            c.sql
        );
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(failed)?;
        tx.batch_execute(KEYSET_PLAN).await.map_err(failed)?;
        let rows = tx.query(&sql, &c.refs()).await.map_err(failed)?;
        tx.commit().await.map_err(failed)?;
        Ok(rows)
    }

    /// The plan of a page read (`EXPLAIN` text), to check that pages are read by keyset.
    pub async fn page_plan(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> Result<String, StoreError> {
        let rows = self.select(PAGE_COLUMNS, scope, after, limit, true).await?;
        Ok(rows
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect::<Vec<_>>()
            .join("\n"))
    }
}

/// The columns a page reads.
const PAGE_COLUMNS: &str = "seq, label, binding, subtype, message, ns_prefixes, ns_uris, body";

impl CollectionStore for PgStore {
    async fn collections(&self) -> Result<Vec<CollectionDefinition>, StoreError> {
        Ok(self.collections.as_ref().clone())
    }

    async fn add_records(&self, batch: Vec<NewRecord>) -> Result<Vec<RecordKey>, StoreError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        self.insert_grouped(batch).await
    }

    async fn snapshot(&self) -> Result<Option<RecordKey>, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(failed)?;
        // Waits for an insert holding the clock row: what it writes is then visible, and
        // any later insert is labelled after everything read here.
        tx.execute("SELECT last FROM taxii_clock WHERE id = 1 FOR SHARE", &[])
            .await
            .map_err(failed)?;
        let row = tx
            .query_opt(
                "SELECT label, seq FROM taxii_records ORDER BY label DESC LIMIT 1",
                &[],
            )
            .await
            .map_err(failed)?;
        tx.commit().await.map_err(failed)?;
        row.map(|r| {
            let seq: i64 = r.get(1);
            Ok(RecordKey::new(timestamp(r.get(0))?, seq as u64))
        })
        .transpose()
    }

    async fn count(&self, scope: &Scope) -> Result<u64, StoreError> {
        let c = Conditions::of(scope, None);
        let sql = format!("SELECT count(*) FROM taxii_records WHERE {}", c.sql);
        let client = self.client().await?;
        let n: i64 = client
            .query_one(&sql, &c.refs())
            .await
            .map_err(failed)?
            .get(0);
        Ok(n as u64)
    }

    async fn page(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        let rows = self
            .select(PAGE_COLUMNS, scope, after, limit, false)
            .await?;
        rows.into_iter()
            .map(|r| {
                let seq: i64 = r.get(0);
                let key = RecordKey::new(timestamp(r.get(1))?, seq as u64);
                let mut binding = ContentInstanceBinding::new(uri(r.get(2))?);
                binding.subtype = r.get::<_, Option<&str>>(3).map(uri).transpose()?;
                let prefixes: Vec<String> = r.get(5);
                let uris: Vec<String> = r.get(6);
                let ns = prefixes
                    .into_iter()
                    .zip(uris)
                    .map(|(p, u)| NamespaceBinding::new(p, u))
                    .collect();
                let body: Vec<u8> = r.get(7);
                let mut record = Record::new(
                    scope.collection.clone(),
                    key,
                    binding,
                    RawXml::new_unchecked(body, ns),
                );
                record.message = r.get(4);
                Ok(record)
            })
            .collect()
    }

    async fn keys(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> Result<Vec<RecordKey>, StoreError> {
        // Without a binding filter the (collection, label, seq) index answers alone.
        let rows = self
            .select("seq, label", scope, after, limit, false)
            .await?;
        rows.iter()
            .map(|r| {
                let seq: i64 = r.get(0);
                Ok(RecordKey::new(timestamp(r.get(1))?, seq as u64))
            })
            .collect()
    }
}
