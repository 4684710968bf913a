//! The delivery cycle over the store's queue: claim, deliver, settle.

use std::future::Future;
use std::time::Duration;

use taxii_messages::{Message, Timestamp};

use super::destination::check_destination;
use super::Delivery;
use crate::client::read_success;
use crate::store::{
    DeliveryId, DeliveryQueue, LeaseToken, QueuedDelivery, RetryDecision, Settlement, StoreError,
};

/// Sends one delivery's Inbox_Message to its destination and returns the subscriber's
/// answer: the HTTP POST, which stays with the caller's runtime (see the
/// [module documentation](super)).
///
/// An implementation connects only to addresses that pass
/// [`check_ip`](super::check_ip) (resolving a host name once and checking every answer),
/// follows no redirects, and bounds each attempt's time and answer size.
pub trait PushSender: Send + Sync {
    /// One attempt to send `delivery.message` to `delivery.destination` with
    /// `delivery.push`'s bindings; the subscriber's answer, decoded.
    fn send(&self, delivery: &Delivery) -> impl Future<Output = Result<Message, SendError>> + Send;

    /// Waits `pause` (the runtime's sleep): before a delivery's `not_before` and between
    /// attempts.
    fn wait(&self, pause: Duration) -> impl Future<Output = ()> + Send;
}

/// Why an attempt to send a delivery failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// No TAXII answer (lookup, connection or time limit failed): worth another attempt.
    #[error("no answer: {0}")]
    Unanswered(String),
    /// Must not or cannot be sent (a resolved address is internal): final.
    #[error("refused: {0}")]
    Refused(String),
}

/// The times of the delivery cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PushTimings {
    /// Pauses before the second, third, … attempt of a delivery left unanswered; after
    /// the last one the delivery fails (default: 1 s, then 4 s).
    pub retry_pauses: Vec<Duration>,
    /// How long a claim holds a delivery: longer than it may wait in [`super::Lanes`] and
    /// be tried (default: 15 minutes).
    pub lease: Duration,
    /// When a deferred delivery may be claimed again (default: 5 s).
    pub defer: Duration,
    /// Longest a delivery waits for its `not_before` time (default: 5 minutes).
    pub max_delay: Duration,
}

impl Default for PushTimings {
    fn default() -> Self {
        PushTimings {
            retry_pauses: vec![Duration::from_secs(1), Duration::from_secs(4)],
            lease: Duration::from_secs(15 * 60),
            defer: Duration::from_secs(5),
            max_delay: Duration::from_secs(300),
        }
    }
}

/// What became of a claimed delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The subscriber answered `SUCCESS`: removed from the queue.
    Delivered,
    /// Refused, answered with something other than `SUCCESS`, or unanswered after every
    /// attempt: kept in the queue as failed, with the reason.
    Failed(String),
    /// Not tried (its destination is busy here): claimable again after
    /// [`PushTimings::defer`].
    Deferred,
}

/// The attempts made at one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempts {
    /// How it ended.
    pub outcome: Outcome,
    /// Attempts repeated after an unanswered one.
    pub retries: u32,
}

/// Runs the delivery cycle over a [`DeliveryQueue`] with a [`PushSender`].
#[derive(Debug, Clone)]
pub struct Courier<S> {
    sender: S,
    timings: PushTimings,
    allow_internal: bool,
}

impl<S: PushSender> Courier<S> {
    /// A courier sending with `sender`, with the default timings, refusing internal
    /// destinations.
    pub fn new(sender: S) -> Self {
        Courier {
            sender,
            timings: PushTimings::default(),
            allow_internal: false,
        }
    }

    /// The same courier with these timings.
    pub fn with_timings(mut self, timings: PushTimings) -> Self {
        self.timings = timings;
        self
    }

    /// The same courier, sending to internal destinations too when `allow` (only when
    /// every account is trusted).
    pub fn allow_internal(mut self, allow: bool) -> Self {
        self.allow_internal = allow;
        self
    }

    /// The sender.
    pub fn sender(&self) -> &S {
        &self.sender
    }

    /// The timings.
    pub fn timings(&self) -> &PushTimings {
        &self.timings
    }

    /// Leases up to `limit` due deliveries to `worker` for [`PushTimings::lease`].
    pub async fn claim<Q: DeliveryQueue>(
        &self,
        queue: &Q,
        worker: &str,
        limit: usize,
        now: &Timestamp,
    ) -> Result<Vec<QueuedDelivery>, StoreError> {
        let lease_until = later(now, self.timings.lease);
        queue.claim(worker, limit, now, &lease_until).await
    }

    /// Sends `delivery` once its `not_before` has come (`now` being the time), again
    /// while unanswered; a destination the filter refuses is never contacted.
    pub async fn deliver(&self, delivery: &Delivery, now: &Timestamp) -> Attempts {
        let mut retries = 0;
        let failed = |reason: String, retries| Attempts {
            outcome: Outcome::Failed(reason),
            retries,
        };
        if let Err(e) = check_destination(&delivery.push.address, self.allow_internal) {
            return failed(e.to_string(), retries);
        }
        let early = (delivery.not_before.to_utc() - now.to_utc()).to_std();
        if let Ok(wait) = early.map(|w| w.min(self.timings.max_delay)) {
            if !wait.is_zero() {
                self.sender.wait(wait).await;
            }
        }
        let mut pauses = self.timings.retry_pauses.iter();
        loop {
            match self.sender.send(delivery).await {
                Ok(answer) => {
                    return match read_success(delivery.message.message_id(), answer) {
                        Ok(()) => Attempts {
                            outcome: Outcome::Delivered,
                            retries,
                        },
                        Err(e) => failed(e.to_string(), retries),
                    };
                }
                Err(SendError::Unanswered(e)) => match pauses.next() {
                    Some(pause) => {
                        retries += 1;
                        self.sender.wait(*pause).await;
                    }
                    None => return failed(e, retries),
                },
                Err(e @ SendError::Refused(_)) => return failed(e.to_string(), retries),
            }
        }
    }

    /// Extends the claim `lease` on delivery `id` by [`PushTimings::lease`] from `now`;
    /// whether the claim still holds it. A delivery whose claim is refused was claimed
    /// again elsewhere (or settled) and must not be sent.
    pub async fn renew<Q: DeliveryQueue>(
        &self,
        queue: &Q,
        id: DeliveryId,
        lease: LeaseToken,
        now: &Timestamp,
    ) -> Result<bool, StoreError> {
        queue
            .renew(id, lease, &later(now, self.timings.lease))
            .await
    }

    /// Records `outcome` of delivery `id` under the claim `lease` in `queue` (`now` being
    /// the time); whether it was recorded (`false`: the claim was lost to another
    /// claimant, who now settles it).
    pub async fn settle<Q: DeliveryQueue>(
        &self,
        queue: &Q,
        id: DeliveryId,
        lease: LeaseToken,
        outcome: &Outcome,
        now: &Timestamp,
    ) -> Result<bool, StoreError> {
        let settlement = match outcome {
            Outcome::Delivered => Settlement::Delivered,
            Outcome::Failed(_) => Settlement::Failed(RetryDecision::GiveUp),
            Outcome::Deferred => {
                Settlement::Failed(RetryDecision::RetryAt(later(now, self.timings.defer)))
            }
        };
        queue.settle(id, lease, settlement).await
    }

    /// Claims up to `limit` deliveries for `worker`, delivers them one after the other
    /// (each only if its claim still holds, renewed just before) and settles each; what
    /// became of each one sent. The current time comes from `clock`, read before the
    /// claim and before each renewal, delivery and settlement.
    pub async fn run_once<Q: DeliveryQueue>(
        &self,
        queue: &Q,
        worker: &str,
        limit: usize,
        clock: impl Fn() -> Timestamp,
    ) -> Result<Vec<(DeliveryId, Attempts)>, StoreError> {
        let claimed = self.claim(queue, worker, limit, &clock()).await?;
        let mut out = Vec::with_capacity(claimed.len());
        for job in claimed {
            if !self.renew(queue, job.id, job.lease, &clock()).await? {
                continue;
            }
            let attempts = self.deliver(&job.delivery, &clock()).await;
            self.settle(queue, job.id, job.lease, &attempts.outcome, &clock())
                .await?;
            out.push((job.id, attempts));
        }
        Ok(out)
    }
}

/// `t` plus `by` (saturating).
fn later(t: &Timestamp, by: Duration) -> Timestamp {
    let by = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
    let max = chrono::DateTime::<chrono::Utc>::MAX_UTC.fixed_offset();
    Timestamp::new(t.value().checked_add_signed(by).unwrap_or(max))
}
