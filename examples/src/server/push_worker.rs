//! The push worker of one instance: deliveries wait in the store's queue (in PostgreSQL
//! shared by every instance), are claimed under a lease by one instance only, sent by the
//! [`Pusher`](super::push::Pusher)'s per-destination lanes, and settled in the store by
//! the library's [`Courier`](taxii_services::push::Courier): removed when delivered, kept
//! as failed (and counted) when they finally fail, handed back for later when their
//! destination is busy here. Leases of an instance that died are released by the sweep
//! every instance runs.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use taxii_messages::Timestamp;
use taxii_services::push::Delivery;
use taxii_services::store::DeliveryQueue;
use taxii_services::Backlog;
use tokio::sync::Notify;

use super::push::Report;
use super::state::State;

/// Deliveries one instance holds at once (waiting in lanes or being sent).
const CAPACITY: usize = 256;

/// How often the queue is looked at without being woken (deliveries queued by other
/// instances, retries coming due).
const IDLE_POLL: Duration = Duration::from_secs(1);

/// How often expired leases are released.
const SWEEP_EVERY: Duration = Duration::from_secs(30);

/// Wakes this instance's worker.
pub type Wake = Arc<Notify>;

/// Queues `deliveries` in the store (after the exchange that produced them committed)
/// and wakes the worker. A delivery the store cannot take is logged and counted failed.
pub async fn enqueue(state: &State, deliveries: Vec<Delivery>) {
    if deliveries.is_empty() {
        return;
    }
    let n = deliveries.len();
    match state.engine.store().enqueue(deliveries).await {
        Ok(_) => state.push_wake.notify_one(),
        Err(e) => {
            for _ in 0..n {
                state.metrics.delivery_failed();
            }
            tracing::error!(error = %e, count = n, "cannot queue push deliveries");
        }
    }
}

/// Queues what a resumed subscription owes, one page of records per delivery, so a long
/// pause holds one page in memory. A store failure ends the backlog there, logged.
pub async fn enqueue_backlog(state: &State, mut backlog: Backlog) {
    loop {
        match state.engine.backlog_page(&mut backlog).await {
            Ok(Some(delivery)) => enqueue(state, vec![delivery]).await,
            Ok(None) => return,
            Err(e) => {
                state.metrics.delivery_failed();
                tracing::error!(
                    error = %e,
                    subscription = %backlog.subscription_id(),
                    "cannot read a resumed subscription's backlog"
                );
                return;
            }
        }
    }
}

/// Starts this instance's worker (once; later calls do nothing). It stops when the
/// state is dropped.
pub fn spawn(state: &Arc<State>) {
    let Some(mut reports) = state.pusher.take_reports() else {
        return;
    };
    let weak: Weak<State> = Arc::downgrade(state);
    let wake = state.push_wake.clone();
    let worker = format!("taxii-{}", uuid::Uuid::new_v4());
    tokio::spawn(async move {
        let mut settled: Vec<Report> = Vec::new();
        let mut last_sweep: Option<Instant> = None;
        let mut last_renewal = Instant::now();
        loop {
            let more = {
                let Some(state) = weak.upgrade() else {
                    return;
                };
                while let Ok(r) = reports.try_recv() {
                    settled.push(r);
                }
                for report in settled.drain(..) {
                    settle(&state, report).await;
                }
                if last_renewal.elapsed() >= state.pusher.courier().timings().lease / 3 {
                    last_renewal = Instant::now();
                    renew(&state).await;
                }
                if last_sweep.is_none_or(|t| t.elapsed() >= SWEEP_EVERY) {
                    last_sweep = Some(Instant::now());
                    if let Err(e) = state.engine.store().sweep(&Timestamp::now()).await {
                        tracing::warn!(error = %e, "push lease sweep failed");
                    }
                }
                claim(&state, &worker).await
            };
            if more {
                continue;
            }
            tokio::select! {
                _ = wake.notified() => {}
                r = reports.recv() => match r {
                    Some(r) => settled.push(r),
                    None => return,
                },
                _ = tokio::time::sleep(IDLE_POLL) => {}
            }
        }
    });
}

/// Claims what this instance has room for and hands it to the lanes; whether the claim
/// was full (more may wait).
async fn claim(state: &State, worker: &str) -> bool {
    let free = CAPACITY.saturating_sub(state.pusher.held());
    if free == 0 {
        return false;
    }
    let store = state.engine.store();
    match state
        .pusher
        .courier()
        .claim(store, worker, free, &Timestamp::now())
        .await
    {
        Ok(claimed) => {
            let full = claimed.len() == free;
            state.pusher.submit(claimed);
            full
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot claim push deliveries");
            false
        }
    }
}

/// Records a job's outcome in the store under its claim.
async fn settle(state: &State, (id, lease, outcome): Report) {
    let store = state.engine.store();
    let done = state
        .pusher
        .courier()
        .settle(store, id, lease, &outcome, &Timestamp::now())
        .await;
    match done {
        Ok(true) => {}
        Ok(false) => tracing::warn!(id, ?outcome, "push claim lost before it settled"),
        Err(e) => tracing::warn!(error = %e, id, ?outcome, "cannot settle a push delivery"),
    }
}

/// Extends the claims of the deliveries held here; one lost to another claimant is
/// dropped unsent.
async fn renew(state: &State) {
    let store = state.engine.store();
    let now = Timestamp::now();
    for (id, lease) in state.pusher.held_leases() {
        match state.pusher.courier().renew(store, id, lease, &now).await {
            Ok(true) => {}
            Ok(false) => state.pusher.forget(id),
            Err(e) => tracing::warn!(error = %e, id, "cannot renew a push claim"),
        }
    }
}
