//! Result sets: descriptions of a snapshot scope cut into parts; never content.

use std::future::Future;

use taxii_messages::v11::Query;
use taxii_messages::{Timestamp, Uri};

use super::{RecordKey, Scope, StoreError};
use crate::identity::Identity;

/// A poll result kept for Poll_Fulfillment (multi-part and asynchronous results).
///
/// It describes what the parts hold: the `scope` (its `upto` is the store snapshot taken
/// when the set was made, so later blocks never appear), the query evaluated on each
/// page, the part size and keyset cursors. Part `n` holds the next `per_part` records
/// of the scope matching the query after `part_starts[n - 1]` (`None`: from the start);
/// the engine records the cursor of part `n + 1` when it reads part `n`. Answering a
/// part is one bounded read. Parts are disjoint and, in order, are exactly the scope's
/// matching records in key order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResultSet {
    /// The result id (unique per collection, MP-8).
    pub id: Uri,
    /// The collection polled.
    pub collection: Uri,
    /// Who polled; only they may collect it (AS-6); quotas count per owner.
    pub owner: Identity,
    /// The subscription polled through, if any.
    pub subscription_id: Option<Uri>,
    /// Answered PENDING at first (errors then use `ASYNCHRONOUS_POLL_ERROR`).
    pub asynchronous: bool,
    /// The result is also pushed to the requester's inbox (`WILL_PUSH`).
    pub will_push: bool,
    /// Count only: no content is returned.
    pub count_only: bool,
    /// When parts may be collected.
    pub ready_at: Timestamp,
    /// When it is forgotten.
    pub expires_at: Timestamp,
    /// The records considered (collection, window, bindings, snapshot bound).
    pub scope: Scope,
    /// The Default Query evaluated on each page, if any.
    pub query: Option<Query>,
    /// Matching records per part (at least 1).
    pub per_part: usize,
    /// Matching records over all parts.
    pub record_count: u64,
    /// `record_count` is a lower bound (`partial_count="true"`).
    pub partial_count: bool,
    /// `part_starts[n - 1]`: the key part `n` begins after (`None`: the start). Holds
    /// the cursors known so far (at least part 1's).
    pub part_starts: Vec<Option<RecordKey>>,
}

impl ResultSet {
    /// A synchronous, full, single-part description of `scope` owned by `owner`.
    pub fn new(
        id: Uri,
        owner: Identity,
        scope: Scope,
        ready_at: Timestamp,
        expires_at: Timestamp,
    ) -> Self {
        ResultSet {
            id,
            collection: scope.collection.clone(),
            owner,
            subscription_id: None,
            asynchronous: false,
            will_push: false,
            count_only: false,
            ready_at,
            expires_at,
            scope,
            query: None,
            per_part: usize::MAX,
            record_count: 0,
            partial_count: false,
            part_starts: vec![None],
        }
    }

    /// How many parts it has: `record_count / per_part` rounded up, at least 1 (a
    /// count-only set has one).
    pub fn part_count(&self) -> u64 {
        if self.count_only {
            return 1;
        }
        let per = self.per_part.max(1) as u64;
        self.record_count.div_ceil(per).max(1)
    }
}

/// Result sets awaiting Poll_Fulfillment.
pub trait ResultStore: Send + Sync {
    /// Stores a result set, or replaces the one with the same collection and id (the
    /// engine does so to record part cursors).
    fn put_result(&self, result: &ResultSet)
        -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The result set `id` of `collection`.
    fn result(
        &self,
        collection: &Uri,
        id: &Uri,
    ) -> impl Future<Output = Result<Option<ResultSet>, StoreError>> + Send;

    /// Forgets a result set; unknown ids are not an error.
    fn remove_result(
        &self,
        collection: &Uri,
        id: &Uri,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Forgets every result set that expired at or before `now`; returns how many.
    fn remove_expired_results(
        &self,
        now: &Timestamp,
    ) -> impl Future<Output = Result<usize, StoreError>> + Send;

    /// How many unexpired result sets `owner` holds at `now` (`asynchronous`: only the
    /// asynchronous ones). The engine refuses a new set past the owner's quota; a store
    /// never evicts one account's set to make room for another's.
    fn results_owned(
        &self,
        owner: &Identity,
        asynchronous: bool,
        now: &Timestamp,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;
}
