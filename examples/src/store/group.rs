//! Group commit: writes that arrive while another is in progress queue up, and the next
//! writer commits the whole queue at once, so many inbox messages share one sync.
//!
//! A caller is answered only once the batch holding its write has been committed (or has
//! failed), each with its own outcome.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

use super::StoreError;

/// Most writes committed together; later arrivals wait for the next batch.
const MAX_BATCH: usize = 256;

/// A queue of pending writes of type `J`, written in batches by whichever caller finds no
/// batch in progress.
#[derive(Debug)]
pub(super) struct GroupCommit<J, O = ()> {
    state: Mutex<State<J, O>>,
    settled: Condvar,
}

#[derive(Debug)]
struct State<J, O> {
    queue: Vec<(u64, J)>,
    outcomes: HashMap<u64, Result<O, StoreError>>,
    next_id: u64,
    writing: bool,
}

impl<J, O> Default for GroupCommit<J, O> {
    fn default() -> Self {
        GroupCommit {
            state: Mutex::new(State {
                queue: Vec::new(),
                outcomes: HashMap::new(),
                next_id: 0,
                writing: false,
            }),
            settled: Condvar::new(),
        }
    }
}

impl<J, O> GroupCommit<J, O> {
    fn lock(&self) -> MutexGuard<'_, State<J, O>> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Jobs submitted so far (a job counted here is queued or being written).
    pub(super) fn submitted(&self) -> u64 {
        self.lock().next_id
    }

    /// Queues `job` and returns its outcome once a batch holding it has been written.
    /// `write` receives a batch in arrival order and returns one outcome per job.
    pub(super) fn submit(
        &self,
        job: J,
        write: &dyn Fn(Vec<J>) -> Vec<Result<O, StoreError>>,
    ) -> Result<O, StoreError> {
        let mut state = self.lock();
        let id = state.next_id;
        state.next_id += 1;
        state.queue.push((id, job));
        loop {
            if let Some(outcome) = state.outcomes.remove(&id) {
                return outcome;
            }
            if state.writing {
                state = self.settled.wait(state).unwrap_or_else(|p| p.into_inner());
                continue;
            }
            state.writing = true;
            let take = state.queue.len().min(MAX_BATCH);
            let (ids, jobs): (Vec<u64>, Vec<J>) = state.queue.drain(..take).unzip();
            drop(state);
            let mut batch = Batch {
                group: self,
                leader: id,
                ids,
                outcomes: None,
            };
            batch.outcomes = Some(write(jobs));
            drop(batch);
            state = self.lock();
        }
    }
}

/// A batch being written; dropping it (also on panic) hands out the outcomes and lets the
/// next writer start.
struct Batch<'a, J, O> {
    group: &'a GroupCommit<J, O>,
    /// The caller writing the batch: if it panics, nobody is left to collect its outcome.
    leader: u64,
    ids: Vec<u64>,
    outcomes: Option<Vec<Result<O, StoreError>>>,
}

impl<J, O> Drop for Batch<'_, J, O> {
    fn drop(&mut self) {
        let mut outcomes = self.outcomes.take().unwrap_or_default().into_iter();
        let mut state = self.group.lock();
        for id in self.ids.drain(..) {
            if id == self.leader && std::thread::panicking() {
                continue;
            }
            let outcome = outcomes
                .next()
                .unwrap_or_else(|| Err(StoreError::aborted("batch write did not finish")));
            state.outcomes.insert(id, outcome);
        }
        state.writing = false;
        drop(state);
        self.group.settled.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn each_caller_gets_its_own_outcome_and_writes_are_batched() {
        let group = Arc::new(GroupCommit::<u32>::default());
        let batches = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..16u32)
            .map(|n| {
                let (group, batches) = (group.clone(), batches.clone());
                std::thread::spawn(move || {
                    let write = |jobs: Vec<u32>| {
                        // The first batch is written once every other job has queued.
                        if batches.fetch_add(1, Ordering::SeqCst) == 0 {
                            while group.submitted() < 16 {
                                std::thread::yield_now();
                            }
                        }
                        jobs.into_iter()
                            .map(|j| match j % 3 {
                                0 => Err(StoreError::aborted("multiple of three")),
                                _ => Ok(()),
                            })
                            .collect()
                    };
                    (n, group.submit(n, &write).is_ok())
                })
            })
            .collect();
        for t in threads {
            let (n, ok) = t.join().unwrap();
            assert_eq!(ok, n % 3 != 0, "job {n}");
        }
        // Everything queued behind the first batch went in one second batch.
        assert!(batches.load(Ordering::SeqCst) <= 2);
    }

    #[test]
    fn a_panicking_writer_fails_its_batch_and_frees_the_queue() {
        let group = GroupCommit::<u32>::default();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            group.submit(1, &|_| panic!("writer failed"))
        }));
        assert!(r.is_err());
        assert!(group
            .submit(2, &|jobs| jobs.iter().map(|_| Ok(())).collect())
            .is_ok());
        assert!(group.lock().outcomes.is_empty());
    }
}
