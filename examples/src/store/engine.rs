//! The services store traits of `taxii-services` over the SQLite store: collections from
//! the configuration, records in SQLite (durable before the engine answers SUCCESS),
//! subscriptions and multi-part result sets in SQLite too, so they survive a restart.

use std::sync::Arc;

use taxii_messages::namespaces::{DEFAULT_QUERY, TAXII_10, TAXII_11};
use taxii_messages::v11::{CollectionType, ContentBinding, ContentInstanceBinding};
use taxii_messages::{NamespaceBinding, RawXml, Uri};
use taxii_services::store::legacy::{
    CollectionDefinition, CollectionStore, Record, ResultSet, ResultStore, StoreError,
    Subscription, SubscriptionStore, Window,
};

use super::clock::{to_micros, to_timestamp};
use super::{NewBlock, Store, StoredBlock};
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
        let collections = config
            .collections
            .iter()
            .filter_map(|c| {
                let mut d = CollectionDefinition::feed(
                    Uri::new(c.name.as_str()).ok()?,
                    c.description.clone(),
                );
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
            .collect();
        EngineStore { db, collections }
    }

    /// The SQLite store.
    pub fn db(&self) -> &Store {
        &self.db
    }
}

fn failed(e: impl std::fmt::Display) -> StoreError {
    tracing::error!(error = %e, "store failure");
    StoreError::Failed(e.to_string())
}

/// The engine's view of a stored block of `collection`; `None` if its stored binding is
/// not a URI.
pub(super) fn to_record(collection: &Uri, row: StoredBlock) -> Option<Record> {
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
        to_timestamp(row.ts),
        binding,
        RawXml::new(b.body, ns),
    );
    r.message = b.message;
    Some(r)
}

impl CollectionStore for EngineStore {
    fn collections(&self) -> Result<Vec<CollectionDefinition>, StoreError> {
        Ok(self.collections.clone())
    }

    fn records(&self, collection: &Uri, window: &Window) -> Result<Vec<Record>, StoreError> {
        let rows = self
            .db
            .records(
                collection.as_str(),
                window.exclusive_begin.as_ref().map(to_micros),
                window.inclusive_end.as_ref().map(to_micros),
            )
            .map_err(failed)?;
        Ok(rows
            .into_iter()
            .filter_map(|row| to_record(collection, row))
            .collect())
    }

    fn add_records(&self, records: &[Record]) -> Result<(), StoreError> {
        let rows: Vec<(String, i64, NewBlock)> = records
            .iter()
            .map(|r| {
                let block = NewBlock {
                    binding: r.binding.binding_id.as_str().to_owned(),
                    subtype: r.binding.subtype.as_ref().map(|s| s.as_str().to_owned()),
                    message: r.message.clone(),
                    namespaces: r
                        .content
                        .namespaces()
                        .iter()
                        .filter(|n| ![TAXII_10, TAXII_11, DEFAULT_QUERY].contains(&n.uri.as_str()))
                        .map(|n| (n.prefix.clone(), n.uri.clone()))
                        .collect(),
                    body: r.content.as_bytes().to_vec(),
                };
                (r.collection.as_str().to_owned(), to_micros(&r.label), block)
            })
            .collect();
        self.db.insert_records(&rows).map_err(failed)
    }
}

impl SubscriptionStore for EngineStore {
    fn subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        self.db.subscriptions(collection.as_str()).map_err(failed)
    }

    fn subscription(&self, id: &Uri) -> Result<Option<Subscription>, StoreError> {
        self.db.subscription(id.as_str()).map_err(failed)
    }

    fn put_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        self.db.put_subscription(s).map_err(failed)
    }

    fn remove_subscription(&self, id: &Uri) -> Result<(), StoreError> {
        self.db.remove_subscription(id.as_str()).map_err(failed)
    }
}

impl ResultStore for EngineStore {
    fn put_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        self.db.put_result(r).map_err(failed)
    }

    fn result(&self, collection: &Uri, id: &Uri) -> Result<Option<ResultSet>, StoreError> {
        self.db
            .result(collection.as_str(), id.as_str())
            .map_err(failed)
    }

    fn remove_result(&self, collection: &Uri, id: &Uri) -> Result<(), StoreError> {
        self.db
            .remove_result(collection.as_str(), id.as_str())
            .map_err(failed)
    }

    fn remove_expired_results(&self, now: &taxii_messages::Timestamp) -> Result<usize, StoreError> {
        self.db.remove_expired_results(now).map_err(failed)
    }
}
