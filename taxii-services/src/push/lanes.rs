//! Fairness between destinations: each has its own slots and wait list.

use std::collections::{HashMap, VecDeque};

use super::destination::{Destination, Host, Scheme};
use crate::store::QueuedDelivery;

/// Where a delivery goes, as far as fairness is concerned.
type LaneKey = (Scheme, Host, u16);

fn key_of(d: &Destination) -> LaneKey {
    (d.scheme, d.host.clone(), d.port)
}

/// One destination's deliveries: waiting in arrival order, and how many are being sent.
#[derive(Debug, Default)]
struct Lane {
    waiting: VecDeque<QueuedDelivery>,
    running: usize,
}

/// What to do with a claimed delivery handed to [`Lanes::admit`].
#[derive(Debug)]
#[must_use]
#[non_exhaustive]
pub enum Admission {
    /// Its destination has a free slot: send it now, then call [`Lanes::finish`].
    Start(QueuedDelivery),
    /// It waits behind earlier deliveries to the same destination;
    /// [`Lanes::finish`] hands it out when its turn comes.
    Waiting,
    /// Its destination already has enough waiting: settle it as
    /// [`Outcome::Deferred`](super::Outcome::Deferred) so it is claimed again later.
    Deferred(QueuedDelivery),
}

/// Deliveries queued per destination (scheme, host, port), each destination with at most
/// `per_destination` in flight and `max_waiting` waiting, so a slow or dead subscriber
/// holds only its own slots. Runtime-free bookkeeping: the caller starts what it is told
/// to start, on its own tasks.
#[derive(Debug)]
pub struct Lanes {
    lanes: HashMap<LaneKey, Lane>,
    per_destination: usize,
    max_waiting: usize,
    held: usize,
}

impl Lanes {
    /// Lanes with `per_destination` slots (at least one) and room for `max_waiting`
    /// waiting deliveries per destination.
    pub fn new(per_destination: usize, max_waiting: usize) -> Self {
        Lanes {
            lanes: HashMap::new(),
            per_destination: per_destination.max(1),
            max_waiting,
            held: 0,
        }
    }

    /// Takes a claimed delivery, behind earlier ones to the same destination only.
    pub fn admit(&mut self, job: QueuedDelivery) -> Admission {
        let lane = self
            .lanes
            .entry(key_of(&job.delivery.destination))
            .or_default();
        if lane.running < self.per_destination {
            lane.running += 1;
            self.held += 1;
            Admission::Start(job)
        } else if lane.waiting.len() < self.max_waiting {
            lane.waiting.push_back(job);
            self.held += 1;
            Admission::Waiting
        } else {
            Admission::Deferred(job)
        }
    }

    /// Frees the slot of a delivery to `destination` that ended; the next one waiting for
    /// that destination, to start now.
    pub fn finish(&mut self, destination: &Destination) -> Option<QueuedDelivery> {
        let key = key_of(destination);
        let lane = self.lanes.get_mut(&key)?;
        if let Some(next) = lane.waiting.pop_front() {
            self.held -= 1;
            return Some(next);
        }
        lane.running = lane.running.saturating_sub(1);
        self.held = self.held.saturating_sub(1);
        if lane.running == 0 {
            self.lanes.remove(&key);
        }
        None
    }

    /// Deliveries admitted and not yet finished (waiting or being sent).
    pub fn held(&self) -> usize {
        self.held
    }
}
