//! A complete in-memory deployment: store, delivery queue, clock and policies. Good for
//! tests, examples and small servers; everything is behind a mutex, nothing persists.
//! Every future it returns is ready at once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use std::sync::{Arc, Mutex, MutexGuard};

use taxii_messages::{Timestamp, Uri};

use crate::identity::Identity;
use crate::push::Delivery;
use crate::store::{
    Clock, CollectionDefinition, CollectionStore, Decision, DeliveryId, DeliveryQueue, LeaseToken,
    NewRecord, Operation, Policy, QueuedDelivery, Quotas, Record, RecordKey, ResultSet,
    ResultStore, RetryDecision, Scope, Settlement, StoreError, Subscription, SubscriptionStore,
};

/// One queued delivery and its state.
#[derive(Debug)]
struct Queued {
    delivery: Delivery,
    attempts: u32,
    /// Not claimable before this (retry time or `not_before`).
    due: Timestamp,
    /// Leased until this time.
    lease: Option<Timestamp>,
    /// The current claim's token: bumped by every claim and settlement.
    token: LeaseToken,
    failed: bool,
}

impl Queued {
    /// Records a failed attempt and ends the claim.
    fn fail(&mut self, decision: RetryDecision) {
        self.attempts += 1;
        self.lease = None;
        self.token += 1;
        match decision {
            RetryDecision::RetryAt(t) => self.due = t,
            RetryDecision::GiveUp => self.failed = true,
        }
    }
}

#[derive(Debug, Default)]
struct Inner {
    collections: Vec<CollectionDefinition>,
    records: BTreeMap<(Uri, RecordKey), Record>,
    last: Option<RecordKey>,
    subscriptions: BTreeMap<Uri, Subscription>,
    results: BTreeMap<(Uri, Uri), ResultSet>,
    deliveries: BTreeMap<DeliveryId, Queued>,
    next_delivery: DeliveryId,
    failure: Option<StoreError>,
}

/// Collections, records, subscriptions, result sets and queued deliveries in memory.
///
/// Labels come from the store's clock (the system clock unless [`MemoryStore::with_clock`]
/// gives another): `max(now, previous label + 1 µs)`, so they are unique and increase in
/// commit order.
pub struct MemoryStore {
    inner: Mutex<Inner>,
    clock: Box<dyn Clock + Send + Sync>,
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore").finish_non_exhaustive()
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new()
    }
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from(chrono::Utc::now())
    }
}

/// The label after `last` at `now`: `max(now, last + 1 µs)`.
pub fn next_label(now: Timestamp, last: Option<Timestamp>) -> Timestamp {
    match last {
        Some(l) if now <= l => {
            let d = chrono::TimeDelta::microseconds(1);
            Timestamp::from(l.to_utc().checked_add_signed(d).unwrap_or(l.to_utc()))
        }
        _ => now,
    }
}

impl MemoryStore {
    /// An empty store labelling with the system clock.
    pub fn new() -> Self {
        MemoryStore {
            inner: Mutex::new(Inner::default()),
            clock: Box::new(SystemClock),
        }
    }

    /// The same store labelling records with `clock`.
    pub fn with_clock(mut self, clock: impl Clock + Send + Sync + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn guard(&self) -> Result<MutexGuard<'_, Inner>, StoreError> {
        let g = self.lock();
        match &g.failure {
            Some(e) => Err(e.clone()),
            None => Ok(g),
        }
    }

    /// Adds (or replaces, by name) a collection.
    pub fn add_collection(&self, c: CollectionDefinition) {
        let mut g = self.lock();
        g.collections.retain(|x| x.name != c.name);
        g.collections.push(c);
    }

    /// The same store with a collection added.
    pub fn with_collection(self, c: CollectionDefinition) -> Self {
        self.add_collection(c);
        self
    }

    /// Makes every later call fail with `error` (`None` heals), to test failure paths.
    pub fn fail_with(&self, error: Option<StoreError>) {
        self.lock().failure = error;
    }

    /// Every record of `collection`, in key order.
    pub fn all_records(&self, collection: &Uri) -> Vec<Record> {
        self.lock()
            .records
            .values()
            .filter(|r| &r.collection == collection)
            .cloned()
            .collect()
    }

    /// How many result sets are held.
    pub fn result_count(&self) -> usize {
        self.lock().results.len()
    }
}

/// The records of `scope` after `after`, in key order.
fn scoped<'a>(
    g: &'a Inner,
    scope: &'a Scope,
    after: Option<RecordKey>,
) -> impl Iterator<Item = &'a Record> + 'a {
    let begin = scope
        .window
        .exclusive_begin
        .map(|b| RecordKey::new(b, u64::MAX));
    let start = match after.max(begin) {
        Some(k) => Bound::Excluded((scope.collection.clone(), k)),
        None => {
            let first = Timestamp::from(chrono::DateTime::<chrono::Utc>::MIN_UTC);
            Bound::Included((scope.collection.clone(), RecordKey::new(first, 0)))
        }
    };
    g.records
        .range((start, Bound::Unbounded))
        .map(|(_, r)| r)
        .take_while(move |r| {
            r.collection == scope.collection
                && scope.upto.is_none_or(|u| r.key <= u)
                && scope.window.inclusive_end.is_none_or(|e| r.key.label <= e)
        })
        .filter(move |r| scope.filter.accepts(&r.binding))
}

impl CollectionStore for MemoryStore {
    async fn collections(&self) -> Result<Vec<CollectionDefinition>, StoreError> {
        Ok(self.guard()?.collections.clone())
    }

    async fn add_records(&self, batch: Vec<NewRecord>) -> Result<Vec<RecordKey>, StoreError> {
        let mut g = self.guard()?;
        let mut keys = Vec::with_capacity(batch.len());
        for r in batch {
            let label = next_label(self.clock.now(), g.last.map(|k| k.label));
            let key = RecordKey::new(label, g.last.map_or(1, |k| k.seq + 1));
            g.last = Some(key);
            g.records
                .insert((r.collection.clone(), key), r.into_record(key));
            keys.push(key);
        }
        Ok(keys)
    }

    async fn snapshot(&self) -> Result<Option<RecordKey>, StoreError> {
        Ok(self.guard()?.last)
    }

    async fn count(&self, scope: &Scope) -> Result<u64, StoreError> {
        let g = self.guard()?;
        Ok(scoped(&g, scope, None).count() as u64)
    }

    async fn page(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        let g = self.guard()?;
        Ok(scoped(&g, scope, after).take(limit).cloned().collect())
    }
}

impl SubscriptionStore for MemoryStore {
    async fn subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        Ok(self
            .guard()?
            .subscriptions
            .values()
            .filter(|s| &s.collection == collection)
            .cloned()
            .collect())
    }

    async fn push_subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        Ok(self
            .guard()?
            .subscriptions
            .values()
            .filter(|s| &s.collection == collection && s.is_active_push())
            .cloned()
            .collect())
    }

    async fn subscription(&self, id: &Uri) -> Result<Option<Subscription>, StoreError> {
        Ok(self.guard()?.subscriptions.get(id).cloned())
    }

    async fn subscriptions_owned(&self, owner: &Identity) -> Result<u64, StoreError> {
        let g = self.guard()?;
        Ok(g.subscriptions
            .values()
            .filter(|s| &s.owner == owner)
            .count() as u64)
    }

    async fn put_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        self.guard()?.subscriptions.insert(s.id.clone(), s.clone());
        Ok(())
    }

    async fn remove_subscription(&self, id: &Uri) -> Result<(), StoreError> {
        self.guard()?.subscriptions.remove(id);
        Ok(())
    }
}

impl ResultStore for MemoryStore {
    async fn put_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        self.guard()?
            .results
            .insert((r.collection.clone(), r.id.clone()), r.clone());
        Ok(())
    }

    async fn result(&self, collection: &Uri, id: &Uri) -> Result<Option<ResultSet>, StoreError> {
        Ok(self
            .guard()?
            .results
            .get(&(collection.clone(), id.clone()))
            .cloned())
    }

    async fn remove_result(&self, collection: &Uri, id: &Uri) -> Result<(), StoreError> {
        self.guard()?
            .results
            .remove(&(collection.clone(), id.clone()));
        Ok(())
    }

    async fn remove_expired_results(&self, now: &Timestamp) -> Result<usize, StoreError> {
        let mut g = self.guard()?;
        let before = g.results.len();
        g.results.retain(|_, r| r.expires_at > *now);
        Ok(before - g.results.len())
    }

    async fn results_owned(
        &self,
        owner: &Identity,
        asynchronous: bool,
        now: &Timestamp,
    ) -> Result<u64, StoreError> {
        let g = self.guard()?;
        Ok(g.results
            .values()
            .filter(|r| &r.owner == owner && r.expires_at > *now)
            .filter(|r| !asynchronous || r.asynchronous)
            .count() as u64)
    }
}

impl DeliveryQueue for MemoryStore {
    async fn enqueue(&self, deliveries: Vec<Delivery>) -> Result<Vec<DeliveryId>, StoreError> {
        let mut g = self.guard()?;
        let mut ids = Vec::with_capacity(deliveries.len());
        for delivery in deliveries {
            g.next_delivery += 1;
            let id = g.next_delivery;
            let due = delivery.not_before;
            g.deliveries.insert(
                id,
                Queued {
                    delivery,
                    attempts: 0,
                    due,
                    lease: None,
                    token: 0,
                    failed: false,
                },
            );
            ids.push(id);
        }
        Ok(ids)
    }

    async fn claim(
        &self,
        _worker: &str,
        limit: usize,
        now: &Timestamp,
        lease_until: &Timestamp,
    ) -> Result<Vec<QueuedDelivery>, StoreError> {
        let mut g = self.guard()?;
        let mut out = Vec::new();
        for (id, q) in g.deliveries.iter_mut() {
            if out.len() >= limit {
                break;
            }
            let leased = q.lease.is_some_and(|l| l > *now);
            if q.failed || leased || q.due > *now {
                continue;
            }
            q.lease = Some(*lease_until);
            q.token += 1;
            out.push(QueuedDelivery::new(*id, q.delivery.clone(), q.attempts).with_lease(q.token));
        }
        Ok(out)
    }

    async fn renew(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        lease_until: &Timestamp,
    ) -> Result<bool, StoreError> {
        let mut g = self.guard()?;
        let held = g
            .deliveries
            .get_mut(&id)
            .filter(|q| !q.failed && q.token == lease);
        Ok(held.map(|q| q.lease = Some(*lease_until)).is_some())
    }

    async fn settle(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        outcome: Settlement,
    ) -> Result<bool, StoreError> {
        let mut g = self.guard()?;
        let Some(q) = g
            .deliveries
            .get_mut(&id)
            .filter(|q| !q.failed && q.token == lease)
        else {
            return Ok(false);
        };
        match outcome {
            Settlement::Failed(d) => q.fail(d),
            Settlement::Delivered => drop(g.deliveries.remove(&id)),
        }
        Ok(true)
    }

    async fn sweep(&self, now: &Timestamp) -> Result<u64, StoreError> {
        let mut g = self.guard()?;
        let mut n = 0;
        for q in g.deliveries.values_mut() {
            if q.lease.is_some_and(|l| l <= *now) {
                q.lease = None;
                n += 1;
            }
        }
        Ok(n)
    }

    async fn failed_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .guard()?
            .deliveries
            .values()
            .filter(|q| q.failed)
            .count() as u64)
    }

    async fn pending_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .guard()?
            .deliveries
            .values()
            .filter(|q| !q.failed)
            .count() as u64)
    }
}

/// A clock the caller sets and advances; clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<Timestamp>>);

impl ManualClock {
    /// A clock showing `start`.
    pub fn new(start: Timestamp) -> Self {
        ManualClock(Arc::new(Mutex::new(start)))
    }

    /// Sets the time.
    pub fn set(&self, t: Timestamp) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = t;
    }

    /// Moves the time forward by `micros` microseconds.
    pub fn advance_micros(&self, micros: i64) {
        let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let d = chrono::TimeDelta::microseconds(micros);
        *g = Timestamp::from(g.to_utc() + d);
    }

    /// Moves the time forward by `secs` seconds.
    pub fn advance_secs(&self, secs: i64) {
        self.advance_micros(secs.saturating_mul(1_000_000));
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Everyone, anonymous included, may do everything (private push targets excepted).
#[derive(Debug, Clone, Copy, Default)]
pub struct AllowAll;

impl Policy for AllowAll {
    fn authorize(&self, _: &Identity, _: Operation, _: &Uri) -> Decision {
        Decision::Allow
    }
}

/// Grants per identity and collection; anything not granted is `UNAUTHORIZED`.
#[derive(Debug, Clone, Default)]
pub struct GrantPolicy {
    grants: HashMap<Identity, HashMap<Uri, BTreeSet<OperationKey>>>,
    subscription_required: BTreeSet<Uri>,
    quota: Option<usize>,
    quotas: Quotas,
    private_destinations: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct OperationKey(u8);

fn key(op: Operation) -> OperationKey {
    OperationKey(match op {
        Operation::Read => 0,
        Operation::Write => 1,
        Operation::Subscribe => 2,
    })
}

impl GrantPolicy {
    /// No grants.
    pub fn new() -> Self {
        GrantPolicy::default()
    }

    /// Grants `ops` on `collection` to `who`.
    pub fn grant(mut self, who: Identity, collection: &Uri, ops: &[Operation]) -> Self {
        let set = self
            .grants
            .entry(who)
            .or_default()
            .entry(collection.clone())
            .or_default();
        set.extend(ops.iter().map(|o| key(*o)));
        self
    }

    /// Polling `collection` requires a subscription.
    pub fn require_subscription(mut self, collection: &Uri) -> Self {
        self.subscription_required.insert(collection.clone());
        self
    }

    /// At most `n` subscriptions per identity.
    pub fn with_quota(mut self, n: usize) -> Self {
        self.quota = Some(n);
        self
    }

    /// The per-account store quotas of everyone.
    pub fn with_quotas(mut self, quotas: Quotas) -> Self {
        self.quotas = quotas;
        self
    }

    /// Allows pushes to loopback, private and link-local addresses.
    pub fn allow_private_destinations(mut self) -> Self {
        self.private_destinations = true;
        self
    }
}

impl Policy for GrantPolicy {
    fn authorize(&self, who: &Identity, op: Operation, collection: &Uri) -> Decision {
        let granted = self
            .grants
            .get(who)
            .and_then(|m| m.get(collection))
            .is_some_and(|s| s.contains(&key(op)));
        if granted {
            Decision::Allow
        } else {
            Decision::Unauthorized
        }
    }

    fn requires_subscription(&self, _: &Identity, collection: &Uri) -> bool {
        self.subscription_required.contains(collection)
    }

    fn max_subscriptions(&self, _: &Identity) -> Option<usize> {
        self.quota
    }

    fn quotas(&self, _: &Identity) -> Quotas {
        self.quotas
    }

    fn allow_private_destinations(&self, _: &Identity) -> bool {
        self.private_destinations
    }
}
