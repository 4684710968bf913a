//! The store the server runs on: SQLite in the data directory (the default) or a shared
//! PostgreSQL database; every operation is timed into the metrics.

use std::sync::Arc;
use std::time::Instant;

use taxii_messages::{Timestamp, Uri};
use taxii_services::push::Delivery;
use taxii_services::store::{
    CollectionDefinition, CollectionStore, DeliveryId, DeliveryQueue, LeaseToken, NewRecord,
    QueuedDelivery, Record, RecordKey, ResultSet, ResultStore, Scope, Settlement, StoreError,
    Subscription, SubscriptionStore,
};
use taxii_services::Identity;

use super::metrics::Metrics;
use crate::store::engine::EngineStore;
use crate::store_pg::PgStore;

/// Which database holds the server's state.
#[derive(Debug)]
pub enum Database {
    /// SQLite in the data directory (one instance).
    Sqlite(EngineStore),
    /// PostgreSQL, shared by any number of instances.
    Postgres(PgStore),
}

/// The server's store: a database and the metrics its operations are timed into.
#[derive(Debug)]
pub struct Backend {
    db: Database,
    metrics: Arc<Metrics>,
}

impl Backend {
    /// `db`, timed into `metrics`.
    pub fn new(db: Database, metrics: Arc<Metrics>) -> Self {
        Backend { db, metrics }
    }

    /// The database.
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// The SQLite store, when that is the database.
    pub fn sqlite(&self) -> Option<&crate::store::Store> {
        match &self.db {
            Database::Sqlite(s) => Some(s.db()),
            Database::Postgres(_) => None,
        }
    }
}

/// Runs `$call` on whichever store `$self` holds, timed as operation `$op`.
macro_rules! timed {
    ($self:ident, $op:literal, $s:ident => $call:expr) => {{
        let started = Instant::now();
        let result = match &$self.db {
            Database::Sqlite($s) => $call.await,
            Database::Postgres($s) => $call.await,
        };
        $self.metrics.store_op($op, started.elapsed());
        result
    }};
}

impl CollectionStore for Backend {
    async fn collections(&self) -> Result<Vec<CollectionDefinition>, StoreError> {
        timed!(self, "collections", s => s.collections())
    }

    async fn collection(&self, name: &Uri) -> Result<Option<CollectionDefinition>, StoreError> {
        timed!(self, "collection", s => s.collection(name))
    }

    async fn add_records(&self, batch: Vec<NewRecord>) -> Result<Vec<RecordKey>, StoreError> {
        timed!(self, "add_records", s => s.add_records(batch))
    }

    async fn snapshot(&self) -> Result<Option<RecordKey>, StoreError> {
        timed!(self, "snapshot", s => s.snapshot())
    }

    async fn count(&self, scope: &Scope) -> Result<u64, StoreError> {
        timed!(self, "count", s => s.count(scope))
    }

    async fn page(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        timed!(self, "page", s => s.page(scope, after, limit))
    }

    async fn keys(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> Result<Vec<RecordKey>, StoreError> {
        timed!(self, "keys", s => s.keys(scope, after, limit))
    }
}

impl SubscriptionStore for Backend {
    async fn subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        timed!(self, "subscriptions", s => s.subscriptions(collection))
    }

    async fn subscriptions_of(
        &self,
        collection: &Uri,
        owner: &Identity,
    ) -> Result<Vec<Subscription>, StoreError> {
        timed!(self, "subscriptions_of", s => s.subscriptions_of(collection, owner))
    }

    async fn push_subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        timed!(self, "push_subscriptions", s => s.push_subscriptions(collection))
    }

    async fn subscription(&self, id: &Uri) -> Result<Option<Subscription>, StoreError> {
        timed!(self, "subscription", s => s.subscription(id))
    }

    async fn subscriptions_owned(&self, owner: &Identity) -> Result<u64, StoreError> {
        timed!(self, "subscriptions_owned", s => s.subscriptions_owned(owner))
    }

    async fn put_subscription(&self, subscription: &Subscription) -> Result<(), StoreError> {
        timed!(self, "put_subscription", s => s.put_subscription(subscription))
    }

    async fn remove_subscription(&self, id: &Uri) -> Result<(), StoreError> {
        timed!(self, "remove_subscription", s => s.remove_subscription(id))
    }
}

impl ResultStore for Backend {
    async fn put_result(&self, result: &ResultSet) -> Result<(), StoreError> {
        timed!(self, "put_result", s => s.put_result(result))
    }

    async fn result(&self, collection: &Uri, id: &Uri) -> Result<Option<ResultSet>, StoreError> {
        timed!(self, "result", s => s.result(collection, id))
    }

    async fn remove_result(&self, collection: &Uri, id: &Uri) -> Result<(), StoreError> {
        timed!(self, "remove_result", s => s.remove_result(collection, id))
    }

    async fn remove_expired_results(&self, now: &Timestamp) -> Result<usize, StoreError> {
        timed!(self, "remove_expired_results", s => s.remove_expired_results(now))
    }

    async fn results_owned(
        &self,
        owner: &Identity,
        asynchronous: bool,
        now: &Timestamp,
    ) -> Result<u64, StoreError> {
        timed!(self, "results_owned", s => s.results_owned(owner, asynchronous, now))
    }
}

impl DeliveryQueue for Backend {
    async fn enqueue(&self, deliveries: Vec<Delivery>) -> Result<Vec<DeliveryId>, StoreError> {
        timed!(self, "enqueue", s => s.enqueue(deliveries))
    }

    async fn claim(
        &self,
        worker: &str,
        limit: usize,
        now: &Timestamp,
        lease_until: &Timestamp,
    ) -> Result<Vec<QueuedDelivery>, StoreError> {
        timed!(self, "claim", s => s.claim(worker, limit, now, lease_until))
    }

    async fn renew(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        lease_until: &Timestamp,
    ) -> Result<bool, StoreError> {
        timed!(self, "renew", s => s.renew(id, lease, lease_until))
    }

    async fn settle(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        outcome: Settlement,
    ) -> Result<bool, StoreError> {
        timed!(self, "settle", s => s.settle(id, lease, outcome))
    }

    async fn sweep(&self, now: &Timestamp) -> Result<u64, StoreError> {
        timed!(self, "sweep", s => s.sweep(now))
    }

    async fn failed_count(&self) -> Result<u64, StoreError> {
        timed!(self, "failed_count", s => s.failed_count())
    }

    async fn pending_count(&self) -> Result<u64, StoreError> {
        timed!(self, "pending_count", s => s.pending_count())
    }
}
