//! A complete in-memory deployment: store, clock and policies. Good for tests, examples
//! and small servers; everything is behind a mutex, nothing persists.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use taxii_messages::{Timestamp, Uri};

use crate::identity::Identity;
use crate::store::legacy::{
    Clock, CollectionDefinition, CollectionStore, Decision, Operation, Policy, Record, ResultSet,
    ResultStore, StoreError, Subscription, SubscriptionStore, Window,
};

#[derive(Debug, Default)]
struct Inner {
    collections: Vec<CollectionDefinition>,
    records: Vec<Record>,
    subscriptions: BTreeMap<Uri, Subscription>,
    results: BTreeMap<(Uri, Uri), ResultSet>,
    failure: Option<StoreError>,
}

/// Collections, records, subscriptions and result sets in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryStore::default()
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

    /// Every record of `collection`, in label order.
    pub fn all_records(&self, collection: &Uri) -> Vec<Record> {
        let mut v: Vec<Record> = self
            .lock()
            .records
            .iter()
            .filter(|r| &r.collection == collection)
            .cloned()
            .collect();
        v.sort_by_key(|r| r.label);
        v
    }

    /// How many result sets are held.
    pub fn result_count(&self) -> usize {
        self.lock().results.len()
    }
}

impl CollectionStore for MemoryStore {
    fn collections(&self) -> Result<Vec<CollectionDefinition>, StoreError> {
        Ok(self.guard()?.collections.clone())
    }

    fn records(&self, collection: &Uri, window: &Window) -> Result<Vec<Record>, StoreError> {
        let g = self.guard()?;
        let mut v: Vec<Record> = g
            .records
            .iter()
            .filter(|r| &r.collection == collection && window.contains(&r.label))
            .cloned()
            .collect();
        v.sort_by_key(|r| r.label);
        Ok(v)
    }

    fn add_records(&self, records: &[Record]) -> Result<(), StoreError> {
        self.guard()?.records.extend_from_slice(records);
        Ok(())
    }
}

impl SubscriptionStore for MemoryStore {
    fn subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        Ok(self
            .guard()?
            .subscriptions
            .values()
            .filter(|s| &s.collection == collection)
            .cloned()
            .collect())
    }

    fn subscription(&self, id: &Uri) -> Result<Option<Subscription>, StoreError> {
        Ok(self.guard()?.subscriptions.get(id).cloned())
    }

    fn put_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        self.guard()?.subscriptions.insert(s.id.clone(), s.clone());
        Ok(())
    }

    fn remove_subscription(&self, id: &Uri) -> Result<(), StoreError> {
        self.guard()?.subscriptions.remove(id);
        Ok(())
    }
}

impl ResultStore for MemoryStore {
    fn put_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        self.guard()?
            .results
            .insert((r.collection.clone(), r.id.clone()), r.clone());
        Ok(())
    }

    fn result(&self, collection: &Uri, id: &Uri) -> Result<Option<ResultSet>, StoreError> {
        Ok(self
            .guard()?
            .results
            .get(&(collection.clone(), id.clone()))
            .cloned())
    }

    fn remove_expired_results(&self, now: &Timestamp) -> Result<usize, StoreError> {
        let mut g = self.guard()?;
        let before = g.results.len();
        g.results.retain(|_, r| r.expires_at > *now);
        Ok(before - g.results.len())
    }

    fn remove_result(&self, collection: &Uri, id: &Uri) -> Result<(), StoreError> {
        self.guard()?
            .results
            .remove(&(collection.clone(), id.clone()));
        Ok(())
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

    fn allow_private_destinations(&self, _: &Identity) -> bool {
        self.private_destinations
    }
}
