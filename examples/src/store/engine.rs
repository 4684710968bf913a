//! The services store traits of `taxii-services` over the SQLite store: collections from
//! the configuration, records in SQLite (durable before the engine answers SUCCESS),
//! subscriptions, result-set descriptions and queued pushes in SQLite too, so they
//! survive a restart.
//!
//! SQLite calls block, so they never run on the async executor's threads: inside a tokio
//! runtime each runs on its blocking pool; elsewhere (a test driving the store with a
//! plain executor) it runs inline.

use std::sync::Arc;

use taxii_messages::namespaces::{DEFAULT_QUERY, TAXII_10, TAXII_11};
use taxii_messages::v11::{CollectionType, ContentBinding, ContentInstanceBinding};
use taxii_messages::Timestamp;
use taxii_messages::{NamespaceBinding, RawXml, Uri};
use taxii_services::push::Delivery;
use taxii_services::store::{
    CollectionDefinition, CollectionStore, DeliveryId, DeliveryQueue, LeaseToken, NewRecord,
    QueuedDelivery, Record, RecordKey, ResultSet, ResultStore, Scope, Settlement, StoreError,
    Subscription, SubscriptionStore,
};
use taxii_services::Identity;

use super::clock::{to_micros, to_timestamp};
use super::{BlockKey, BlockScope, NewBlock, Store, StoredBlock};
use crate::config::Config;

/// The store the engine runs on.
#[derive(Debug)]
pub struct EngineStore {
    db: Arc<Store>,
    collections: Vec<CollectionDefinition>,
}

impl EngineStore {
    /// The collections of `config` over `db`.
    pub fn new(config: &Config, db: Arc<Store>) -> Self {
        EngineStore {
            db,
            collections: definitions(config),
        }
    }

    /// The SQLite store.
    pub fn db(&self) -> &Store {
        &self.db
    }
}

/// The collections `config` defines, as the store traits describe them.
pub fn definitions(config: &Config) -> Vec<CollectionDefinition> {
    config
        .collections
        .iter()
        .filter_map(|c| {
            let mut d =
                CollectionDefinition::feed(Uri::new(c.name.as_str()).ok()?, c.description.clone());
            d.push_methods = config.push.methods();
            if c.kind == "DATA_SET" {
                d.kind = CollectionType::DataSet;
            }
            d.content_bindings = c
                .content_bindings
                .iter()
                .filter_map(|b| Uri::new(b.as_str()).ok())
                .map(ContentBinding::new)
                .collect();
            Some(d)
        })
        .collect()
}

fn failed(e: impl std::fmt::Display) -> StoreError {
    tracing::error!(error = %e, "store failure");
    StoreError::Failed(e.to_string())
}

/// The engine's view of a stored block of `collection`; `None` if its stored binding is
/// not a URI.
pub(super) fn to_record(collection: &Uri, key: BlockKey, row: StoredBlock) -> Option<Record> {
    let b = row.block;
    let mut binding = ContentInstanceBinding::new(Uri::new(b.binding).ok()?);
    binding.subtype = b.subtype.and_then(|s| Uri::new(s).ok());
    let ns = b
        .namespaces
        .into_iter()
        .map(|(p, u)| NamespaceBinding::new(p, u))
        .collect();
    let mut r = Record::new(
        collection.clone(),
        record_key(key),
        binding,
        RawXml::new_unchecked(b.body, ns),
    );
    r.message = b.message;
    Some(r)
}

fn record_key(k: BlockKey) -> RecordKey {
    RecordKey::new(to_timestamp(k.ts), k.id.max(0) as u64)
}

fn block_key(k: &RecordKey) -> BlockKey {
    BlockKey {
        ts: to_micros(&k.label),
        id: i64::try_from(k.seq).unwrap_or(i64::MAX),
    }
}

/// The SQLite form of `scope`, after `after`.
fn block_scope(scope: &Scope, after: Option<RecordKey>) -> BlockScope {
    BlockScope {
        collection: scope.collection.as_str().to_owned(),
        after: after.as_ref().map(block_key),
        upto: scope.upto.as_ref().map(block_key),
        begin: scope.window.exclusive_begin.as_ref().map(to_micros),
        end: scope.window.inclusive_end.as_ref().map(to_micros),
        bindings: scope
            .filter
            .bindings
            .iter()
            .map(|b| {
                let subtypes = b.subtypes.iter().map(|s| s.as_str().to_owned()).collect();
                (b.binding_id.as_str().to_owned(), subtypes)
            })
            .collect(),
    }
}

/// The block to insert for `r` (the store labels it).
fn new_block(r: NewRecord) -> (String, i64, NewBlock) {
    let block = NewBlock {
        binding: r.binding.binding_id.as_str().to_owned(),
        subtype: r.binding.subtype.as_ref().map(|s| s.as_str().to_owned()),
        message: r.message,
        namespaces: r
            .content
            .namespaces()
            .iter()
            .filter(|n| ![TAXII_10, TAXII_11, DEFAULT_QUERY].contains(&n.uri.as_str()))
            .map(|n| (n.prefix.clone(), n.uri.clone()))
            .collect(),
        body: r.content.as_bytes().to_vec(),
    };
    (r.collection.as_str().to_owned(), 0, block)
}

impl EngineStore {
    /// Runs `f` on the SQLite store off the executor's threads (see the module docs).
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, super::StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let db = self.db.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => rt
                .spawn_blocking(move || f(&db))
                .await
                .map_err(failed)?
                .map_err(failed),
            Err(_) => f(&db).map_err(failed),
        }
    }
}

impl CollectionStore for EngineStore {
    async fn collections(&self) -> Result<Vec<CollectionDefinition>, StoreError> {
        Ok(self.collections.clone())
    }

    async fn add_records(&self, batch: Vec<NewRecord>) -> Result<Vec<RecordKey>, StoreError> {
        let rows: Vec<_> = batch.into_iter().map(new_block).collect();
        let keys = self.blocking(move |db| db.insert_records(rows)).await?;
        Ok(keys.into_iter().map(record_key).collect())
    }

    async fn snapshot(&self) -> Result<Option<RecordKey>, StoreError> {
        // No write in progress: no need to leave the executor's thread.
        let key = match self.db.snapshot_now() {
            Some(key) => key,
            None => self.blocking(|db| Ok(db.snapshot())).await?,
        };
        Ok(key.map(record_key))
    }

    async fn count(&self, scope: &Scope) -> Result<u64, StoreError> {
        let s = block_scope(scope, None);
        self.blocking(move |db| db.count(&s)).await
    }

    async fn page(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        let s = block_scope(scope, after);
        let rows = self.blocking(move |db| db.page(&s, limit)).await?;
        Ok(rows
            .into_iter()
            .filter_map(|(k, row)| to_record(&scope.collection, k, row))
            .collect())
    }

    async fn keys(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> Result<Vec<RecordKey>, StoreError> {
        let s = block_scope(scope, after);
        let keys = self.blocking(move |db| db.keys(&s, limit)).await?;
        Ok(keys.into_iter().map(record_key).collect())
    }
}

impl SubscriptionStore for EngineStore {
    async fn subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        let c = collection.as_str().to_owned();
        self.blocking(move |db| db.subscriptions(&c)).await
    }

    async fn subscriptions_of(
        &self,
        collection: &Uri,
        owner: &Identity,
    ) -> Result<Vec<Subscription>, StoreError> {
        let (c, o) = (collection.as_str().to_owned(), owner.clone());
        self.blocking(move |db| db.subscriptions_of(&c, &o)).await
    }

    async fn push_subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        let c = collection.as_str().to_owned();
        self.blocking(move |db| db.push_subscriptions(&c)).await
    }

    async fn subscription(&self, id: &Uri) -> Result<Option<Subscription>, StoreError> {
        let id = id.as_str().to_owned();
        self.blocking(move |db| db.subscription(&id)).await
    }

    async fn subscriptions_owned(&self, owner: &Identity) -> Result<u64, StoreError> {
        let o = owner.clone();
        self.blocking(move |db| db.subscriptions_owned(&o)).await
    }

    async fn put_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        let s = s.clone();
        self.blocking(move |db| db.put_subscription(&s)).await
    }

    async fn remove_subscription(&self, id: &Uri) -> Result<(), StoreError> {
        let id = id.as_str().to_owned();
        self.blocking(move |db| db.remove_subscription(&id)).await
    }
}

impl ResultStore for EngineStore {
    async fn put_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        let r = r.clone();
        self.blocking(move |db| db.put_result(&r)).await
    }

    async fn result(&self, collection: &Uri, id: &Uri) -> Result<Option<ResultSet>, StoreError> {
        let (c, id) = (collection.as_str().to_owned(), id.as_str().to_owned());
        self.blocking(move |db| db.result(&c, &id)).await
    }

    async fn remove_result(&self, collection: &Uri, id: &Uri) -> Result<(), StoreError> {
        let (c, id) = (collection.as_str().to_owned(), id.as_str().to_owned());
        self.blocking(move |db| db.remove_result(&c, &id)).await
    }

    async fn remove_expired_results(&self, now: &Timestamp) -> Result<usize, StoreError> {
        let now = *now;
        self.blocking(move |db| db.remove_expired_results(&now))
            .await
    }

    async fn results_owned(
        &self,
        owner: &Identity,
        asynchronous: bool,
        now: &Timestamp,
    ) -> Result<u64, StoreError> {
        let (o, now) = (owner.clone(), *now);
        self.blocking(move |db| db.results_owned(&o, asynchronous, &now))
            .await
    }
}

impl DeliveryQueue for EngineStore {
    async fn enqueue(&self, deliveries: Vec<Delivery>) -> Result<Vec<DeliveryId>, StoreError> {
        self.blocking(move |db| db.enqueue(&deliveries)).await
    }

    async fn claim(
        &self,
        _worker: &str,
        limit: usize,
        now: &Timestamp,
        lease_until: &Timestamp,
    ) -> Result<Vec<QueuedDelivery>, StoreError> {
        let (now, until) = (*now, *lease_until);
        self.blocking(move |db| db.claim(limit, &now, &until)).await
    }

    async fn renew(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        lease_until: &Timestamp,
    ) -> Result<bool, StoreError> {
        let until = *lease_until;
        self.blocking(move |db| db.renew(id, lease, &until)).await
    }

    async fn settle(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        outcome: Settlement,
    ) -> Result<bool, StoreError> {
        self.blocking(move |db| db.settle(id, lease, outcome)).await
    }

    async fn sweep(&self, now: &Timestamp) -> Result<u64, StoreError> {
        let now = *now;
        self.blocking(move |db| db.sweep(&now)).await
    }

    async fn failed_count(&self) -> Result<u64, StoreError> {
        self.blocking(|db| db.deliveries_counted(true)).await
    }

    async fn pending_count(&self) -> Result<u64, StoreError> {
        self.blocking(|db| db.deliveries_counted(false)).await
    }
}
