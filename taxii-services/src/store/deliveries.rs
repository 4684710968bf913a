//! The push delivery queue: deliveries wait in the store and are claimed once.

use std::future::Future;

use taxii_messages::Timestamp;

use super::StoreError;
use crate::push::Delivery;

/// A queued delivery's id, unique within the queue.
pub type DeliveryId = u64;

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
}

impl QueuedDelivery {
    /// A queued delivery.
    pub fn new(id: DeliveryId, delivery: Delivery, attempts: u32) -> Self {
        QueuedDelivery {
            id,
            delivery,
            attempts,
        }
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

/// Push deliveries waiting in the store.
///
/// A delivery is claimable when it is pending, its `not_before` (and retry time) has
/// passed and no unexpired lease holds it. [`DeliveryQueue::claim`] leases each delivery
/// to one claimant only, even with many instances claiming at once.
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

    /// Removes a delivered delivery.
    fn complete(&self, id: DeliveryId) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Records a failed attempt: release it for a retry, or keep it as finally failed.
    fn fail(
        &self,
        id: DeliveryId,
        decision: RetryDecision,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Releases leases that expired at or before `now` (their worker died); returns how
    /// many. Safe to run on every instance at once.
    fn sweep(&self, now: &Timestamp) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// How many deliveries finally failed (kept, counted).
    fn failed_count(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// How many deliveries are pending or leased.
    fn pending_count(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;
}
