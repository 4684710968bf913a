//! The push delivery queue: deliveries wait in the store and are claimed once.

use std::future::Future;

use taxii_messages::Timestamp;

use super::StoreError;
use crate::push::Delivery;

/// A queued delivery's id, unique within the queue.
pub type DeliveryId = u64;

/// A claim's fencing token: it changes whenever the delivery is claimed again or
/// settled, so an operation carrying an older token is refused.
pub type LeaseToken = u64;

/// A delivery claimed by a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueuedDelivery {
    /// Its id in the queue.
    pub id: DeliveryId,
    /// What to send, and where.
    pub delivery: Delivery,
    /// Attempts made before this claim.
    pub attempts: u32,
    /// This claim's token, for [`DeliveryQueue::renew`] and [`DeliveryQueue::settle`].
    pub lease: LeaseToken,
}

impl QueuedDelivery {
    /// A queued delivery.
    pub fn new(id: DeliveryId, delivery: Delivery, attempts: u32) -> Self {
        QueuedDelivery {
            id,
            delivery,
            attempts,
            lease: 0,
        }
    }

    /// The same, claimed under `lease`.
    pub fn with_lease(mut self, lease: LeaseToken) -> Self {
        self.lease = lease;
        self
    }
}

/// What to do with a delivery whose attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryDecision {
    /// Try again, not before this time.
    RetryAt(Timestamp),
    /// Stop trying: the delivery is kept as failed and counted, never dropped silently.
    GiveUp,
}

/// How the attempt made under a claim ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    /// Delivered: the delivery is removed.
    Delivered,
    /// Failed: released for a retry, or kept as finally failed.
    Failed(RetryDecision),
}

/// Push deliveries waiting in the store.
///
/// A delivery is claimable when it is pending, its `not_before` (and retry time) has
/// passed and no unexpired lease holds it. [`DeliveryQueue::claim`] leases each delivery
/// to one claimant only, even with many instances claiming at once.
///
/// Leases are fenced. Each claim carries a token ([`QueuedDelivery::lease`]) that stays
/// valid until the delivery is claimed again or settled; [`DeliveryQueue::renew`] and
/// [`DeliveryQueue::settle`] with an older token change nothing and say so. A worker
/// renews the leases of the deliveries it holds well before they run out and sends a
/// delivery only while its renewal succeeds; should it stall past its lease anyway,
/// another claimant may take the delivery, and the stale worker's acknowledgement is
/// refused rather than settling the new claim.
pub trait DeliveryQueue: Send + Sync {
    /// Queues deliveries (after the inbox commit that produced them); returns their ids.
    fn enqueue(
        &self,
        deliveries: Vec<Delivery>,
    ) -> impl Future<Output = Result<Vec<DeliveryId>, StoreError>> + Send;

    /// Leases up to `limit` claimable deliveries at `now` to `worker` until
    /// `lease_until`, oldest first.
    fn claim(
        &self,
        worker: &str,
        limit: usize,
        now: &Timestamp,
        lease_until: &Timestamp,
    ) -> impl Future<Output = Result<Vec<QueuedDelivery>, StoreError>> + Send;

    /// Extends the lease of the claim `lease` on delivery `id` to `lease_until`; whether
    /// that claim still holds the delivery. `false` (nothing changed) once the delivery
    /// was claimed again, settled or removed: the caller must not send it.
    fn renew(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        lease_until: &Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Records how the attempt under the claim `lease` ended (a failure counts an
    /// attempt); whether it was recorded. Refused (`false`, nothing changed) once the
    /// delivery was claimed again or already settled under that claim. A lease that ran
    /// out (even swept) but was not claimed again still settles: nobody else holds it.
    fn settle(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        outcome: Settlement,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Releases leases that expired at or before `now` (their worker died); returns how
    /// many. Safe to run on every instance at once.
    fn sweep(&self, now: &Timestamp) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// How many deliveries finally failed (kept, counted).
    fn failed_count(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// How many deliveries are pending or leased.
    fn pending_count(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;
}
