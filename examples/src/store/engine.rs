//! The services store traits of `taxii-services` over the SQLite store: collections from
//! the configuration, records in SQLite (durable before the engine answers SUCCESS),
//! subscriptions and multi-part result sets in memory (bounded).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use taxii_messages::namespaces::{DEFAULT_QUERY, TAXII_10, TAXII_11};
use taxii_messages::v11::{CollectionType, ContentBinding, ContentInstanceBinding};
use taxii_messages::{NamespaceBinding, RawXml, Uri};
use taxii_services::store::{
    CollectionDefinition, CollectionStore, Record, ResultSet, ResultStore, StoreError,
    Subscription, SubscriptionStore, Window,
};

use super::clock::{to_micros, to_timestamp};
use super::{NewBlock, Store};
use crate::config::Config;

/// Most result sets kept at once; the oldest is forgotten first.
const MAX_RESULT_SETS: usize = 256;
/// Most content bytes held by kept result sets; the oldest are forgotten first.
const MAX_RESULT_BYTES: usize = 128 * 1024 * 1024;

fn result_bytes(r: &ResultSet) -> usize {
    r.parts
        .iter()
        .flat_map(|p| &p.records)
        .map(|rec| rec.content.as_bytes().len() + 64)
        .sum()
}

/// The store the engine runs on.
#[derive(Debug)]
pub struct EngineStore {
    db: Arc<Store>,
    collections: Vec<CollectionDefinition>,
    subscriptions: Mutex<HashMap<Uri, Subscription>>,
    results: Mutex<VecDeque<(ResultSet, usize)>>,
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
        EngineStore {
            db,
            collections,
            subscriptions: Mutex::new(HashMap::new()),
            results: Mutex::new(VecDeque::new()),
        }
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

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
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
            .filter_map(|row| {
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
            })
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
        let mut v: Vec<Subscription> = lock(&self.subscriptions)
            .values()
            .filter(|s| &s.collection == collection)
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            a.created
                .cmp(&b.created)
                .then_with(|| a.id.as_str().cmp(b.id.as_str()))
        });
        Ok(v)
    }

    fn subscription(&self, id: &Uri) -> Result<Option<Subscription>, StoreError> {
        Ok(lock(&self.subscriptions).get(id).cloned())
    }

    fn put_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        lock(&self.subscriptions).insert(s.id.clone(), s.clone());
        Ok(())
    }

    fn remove_subscription(&self, id: &Uri) -> Result<(), StoreError> {
        lock(&self.subscriptions).remove(id);
        Ok(())
    }
}

impl ResultStore for EngineStore {
    fn put_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        let mut results = lock(&self.results);
        results.retain(|(o, _)| !(o.collection == r.collection && o.id == r.id));
        results.push_back((r.clone(), result_bytes(r)));
        // Bounded by count and by bytes; a result larger than the budget on its own is
        // still kept (alone) so its parts can be fetched.
        let mut bytes: usize = results.iter().map(|(_, b)| b).sum();
        while results.len() > 1 && (results.len() > MAX_RESULT_SETS || bytes > MAX_RESULT_BYTES) {
            if let Some((_, b)) = results.pop_front() {
                bytes -= b;
            }
        }
        Ok(())
    }

    fn result(&self, collection: &Uri, id: &Uri) -> Result<Option<ResultSet>, StoreError> {
        Ok(lock(&self.results)
            .iter()
            .find(|(r, _)| &r.collection == collection && &r.id == id)
            .map(|(r, _)| r.clone()))
    }

    fn remove_result(&self, collection: &Uri, id: &Uri) -> Result<(), StoreError> {
        lock(&self.results).retain(|(r, _)| !(&r.collection == collection && &r.id == id));
        Ok(())
    }

    fn remove_expired_results(&self, now: &taxii_messages::Timestamp) -> Result<usize, StoreError> {
        let mut results = lock(&self.results);
        let before = results.len();
        results.retain(|(r, _)| r.expires_at > *now);
        Ok(before - results.len())
    }
}
