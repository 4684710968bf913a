//! Group commit: inserts that arrive while another is being committed wait, and the next
//! writer commits all of them in one transaction (one hold of the clock row, one WAL
//! flush). Each caller is answered only after that COMMIT, with its own outcome: under a
//! savepoint of its own, an insert that fails fails alone.
//!
//! The write runs in a task of its own, so a caller that goes away (its client hung up)
//! never leaves the others' inserts half done.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use deadpool_postgres::Transaction;
use taxii_services::store::{NewRecord, RecordKey, StoreError};
use tokio::sync::oneshot;
use tokio_postgres::types::ToSql;

use super::codec::timestamp;
use super::{failed, PgStore};

/// Takes `n` labels from the clock row: the row stays locked until COMMIT, so labels
/// increase in commit order on every instance; returns the last one.
const TAKE_LABELS: &str = "
UPDATE taxii_clock
SET last = greatest(
        (extract(epoch FROM clock_timestamp()) * 1000000)::bigint,
        last + 1
    ) + $1 - 1
WHERE id = 1
RETURNING last";

/// Rows written by one INSERT statement (9 parameters each, far below the protocol's
/// 65,535).
const ROWS_PER_INSERT: usize = 100;

/// An INSERT of `rows` rows, returning their keys in the order given.
fn insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let p: Vec<String> = (1..=9).map(|c| format!("${}", r * 9 + c)).collect();
            format!("({})", p.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO taxii_records (collection, label, binding, outer_binding, subtype, \
         message, ns_prefixes, ns_uris, body) VALUES {} RETURNING label, seq",
        values.join(", ")
    )
}

type Outcome = Result<Vec<RecordKey>, StoreError>;

/// One caller's insert, waiting for a commit.
struct Job {
    batch: Vec<NewRecord>,
    done: oneshot::Sender<Outcome>,
}

/// The inserts of one instance waiting for a group commit.
#[derive(Default)]
pub(super) struct Group {
    queue: Mutex<Vec<Job>>,
    writer: Arc<tokio::sync::Mutex<()>>,
    submitted: AtomicU64,
    commits: AtomicU64,
}

impl Group {
    fn queue(&self) -> std::sync::MutexGuard<'_, Vec<Job>> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl PgStore {
    /// Inserts `batch` in the next group commit; its keys once that COMMIT returned.
    pub(super) async fn insert_grouped(&self, batch: Vec<NewRecord>) -> Outcome {
        let (done, mut answer) = oneshot::channel();
        self.group.queue().push(Job { batch, done });
        self.group.submitted.fetch_add(1, Ordering::Relaxed);
        let writer = self.group.writer.clone().lock_owned().await;
        match answer.try_recv() {
            Ok(outcome) => return outcome,
            Err(oneshot::error::TryRecvError::Closed) => return Err(lost()),
            Err(oneshot::error::TryRecvError::Empty) => {}
        }
        // Everything queued, this caller's insert included (its content is in memory
        // already; how many wait is bounded by the server's connection limit).
        let jobs: Vec<Job> = std::mem::take(&mut *self.group.queue());
        let store = self.clone();
        tokio::spawn(async move {
            store.commit_group(jobs).await;
            drop(writer);
        });
        answer.await.unwrap_or_else(|_| Err(lost()))
    }

    /// Inserts submitted for a group commit so far.
    pub fn inserts_submitted(&self) -> u64 {
        self.group.submitted.load(Ordering::Relaxed)
    }

    /// Transactions that committed inserts (each may carry several inbox messages).
    pub fn insert_commits(&self) -> u64 {
        self.group.commits.load(Ordering::Relaxed)
    }

    /// Writes `jobs` in one transaction and answers each.
    async fn commit_group(&self, jobs: Vec<Job>) {
        let (batches, senders): (Vec<_>, Vec<_>) =
            jobs.into_iter().map(|j| (j.batch, j.done)).unzip();
        let outcomes = match self.write_group(&batches).await {
            Ok(outcomes) => {
                self.group.commits.fetch_add(1, Ordering::Relaxed);
                outcomes
            }
            Err(e) => batches.iter().map(|_| Err(e.clone())).collect(),
        };
        for (done, outcome) in senders.into_iter().zip(outcomes) {
            let _ = done.send(outcome);
        }
    }

    /// One transaction for `batches`: labels for all of them, each under a savepoint when
    /// there are several; the outcomes once committed.
    async fn write_group(&self, batches: &[Vec<NewRecord>]) -> Result<Vec<Outcome>, StoreError> {
        let mut client = self.client().await?;
        let mut tx = client.transaction().await.map_err(failed)?;
        let total: i64 = batches.iter().map(|b| b.len() as i64).sum();
        let last: i64 = tx
            .query_one(TAKE_LABELS, &[&total])
            .await
            .map_err(failed)?
            .get(0);
        let mut label = last - total + 1;
        let mut outcomes = Vec::with_capacity(batches.len());
        for batch in batches {
            let first = label;
            label += batch.len() as i64;
            if batches.len() == 1 {
                outcomes.push(Ok(insert_rows(&tx, batch, first).await?));
                continue;
            }
            let sp = tx.savepoint("job").await.map_err(failed)?;
            match insert_rows(&sp, batch, first).await {
                Ok(keys) => {
                    sp.commit().await.map_err(failed)?;
                    outcomes.push(Ok(keys));
                }
                Err(e) => {
                    sp.rollback().await.map_err(failed)?;
                    outcomes.push(Err(e));
                }
            }
        }
        tx.commit().await.map_err(failed)?;
        Ok(outcomes)
    }
}

/// Inserts `batch` labelled from `first` on, a chunk of rows per statement; their keys.
async fn insert_rows(tx: &Transaction<'_>, batch: &[NewRecord], first: i64) -> Outcome {
    let mut keys = Vec::with_capacity(batch.len());
    for (c, chunk) in batch.chunks(ROWS_PER_INSERT).enumerate() {
        let first = first + (c * ROWS_PER_INSERT) as i64;
        let rows: Vec<Row<'_>> = chunk
            .iter()
            .enumerate()
            .map(|(i, r)| Row::of(r, first + i as i64))
            .collect();
        let params: Vec<&(dyn ToSql + Sync)> = rows.iter().flat_map(Row::params).collect();
        let insert = tx
            .prepare_cached(&insert_sql(chunk.len()))
            .await
            .map_err(failed)?;
        let mut stored: Vec<(i64, i64)> = tx
            .query(&insert, &params)
            .await
            .map_err(failed)?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        // labels are given in row order: sorted by label, the keys are in row order too
        stored.sort_unstable();
        for (label, seq) in stored {
            keys.push(RecordKey::new(timestamp(label)?, seq as u64));
        }
    }
    Ok(keys)
}

/// The columns of one record as the INSERT takes them.
struct Row<'a> {
    collection: &'a str,
    label: i64,
    binding: &'a str,
    outer: &'a str,
    subtype: Option<&'a str>,
    message: &'a Option<String>,
    prefixes: Vec<&'a str>,
    uris: Vec<&'a str>,
    body: &'a [u8],
}

impl<'a> Row<'a> {
    fn of(r: &'a NewRecord, label: i64) -> Row<'a> {
        let binding = r.binding.binding_id.as_str();
        let (prefixes, uris) = r
            .content
            .namespaces()
            .iter()
            .map(|n| (n.prefix.as_str(), n.uri.as_str()))
            .unzip();
        Row {
            collection: r.collection.as_str(),
            label,
            binding,
            outer: binding.split('|').next().unwrap_or(binding),
            subtype: r.binding.subtype.as_ref().map(|s| s.as_str()),
            message: &r.message,
            prefixes,
            uris,
            body: r.content.as_bytes(),
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 9] {
        [
            &self.collection,
            &self.label,
            &self.binding,
            &self.outer,
            &self.subtype,
            self.message,
            &self.prefixes,
            &self.uris,
            &self.body,
        ]
    }
}

/// The answer of an insert whose writer went away before answering: not acknowledged.
fn lost() -> StoreError {
    StoreError::Busy {
        retry_after_secs: 1,
    }
}
