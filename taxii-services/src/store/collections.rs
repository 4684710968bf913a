//! Collections, their records, and paged reads by keyset.

use std::future::Future;

use taxii_messages::v11::{CollectionType, ContentBinding, ContentInstanceBinding, PushMethod};
use taxii_messages::{RawXml, Timestamp, Uri};

use super::StoreError;

/// One collection (TAXII 1.1) or feed (1.0) and what it offers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CollectionDefinition {
    /// Its name.
    pub name: Uri,
    /// Human-readable description.
    pub description: String,
    /// Data feed (ordered by timestamp label) or data set.
    pub kind: CollectionType,
    /// Whether it is currently available.
    pub available: bool,
    /// Content bindings it holds; empty means any.
    pub content_bindings: Vec<ContentBinding>,
    /// Whether it can be polled.
    pub pollable: bool,
    /// Whether subscriptions are offered.
    pub subscribable: bool,
    /// How it can push to subscribers; empty means no push.
    pub push_methods: Vec<PushMethod>,
}

impl CollectionDefinition {
    /// A pollable, subscribable data feed accepting any content, without push.
    pub fn feed(name: Uri, description: impl Into<String>) -> Self {
        CollectionDefinition {
            name,
            description: description.into(),
            kind: CollectionType::DataFeed,
            available: true,
            content_bindings: Vec::new(),
            pollable: true,
            subscribable: true,
            push_methods: Vec::new(),
        }
    }
}

/// Where a record sits in its store: ordered by `label`, then `seq`.
///
/// Assigned by the store at commit. `seq` is unique within the store (a row id); labels
/// are unique and strictly increasing in commit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordKey {
    /// The timestamp label (microsecond precision).
    pub label: Timestamp,
    /// The store-wide sequence number.
    pub seq: u64,
}

impl RecordKey {
    /// The key `(label, seq)`.
    pub fn new(label: Timestamp, seq: u64) -> Self {
        RecordKey { label, seq }
    }
}

/// A stored content block with its collection and key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Record {
    /// The collection holding it.
    pub collection: Uri,
    /// Its key; `key.label` is its timestamp label.
    pub key: RecordKey,
    /// Its binding (and subtype).
    pub binding: ContentInstanceBinding,
    /// The payload, verbatim (as decoded: the same XML).
    pub content: RawXml,
    /// A message that came with it.
    pub message: Option<String>,
}

impl Record {
    /// A record of `content` in `collection` at `key`.
    pub fn new(
        collection: Uri,
        key: RecordKey,
        binding: ContentInstanceBinding,
        content: RawXml,
    ) -> Self {
        Record {
            collection,
            key,
            binding,
            content,
            message: None,
        }
    }

    /// Its timestamp label.
    pub fn label(&self) -> Timestamp {
        self.key.label
    }
}

/// A content block to store: the store assigns its key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewRecord {
    /// The collection to add it to.
    pub collection: Uri,
    /// Its binding (and subtype).
    pub binding: ContentInstanceBinding,
    /// The payload, verbatim.
    pub content: RawXml,
    /// A message that came with it.
    pub message: Option<String>,
}

impl NewRecord {
    /// A block of `content` for `collection`.
    pub fn new(collection: Uri, binding: ContentInstanceBinding, content: RawXml) -> Self {
        NewRecord {
            collection,
            binding,
            content,
            message: None,
        }
    }

    /// The record this becomes once stored at `key`.
    pub fn into_record(self, key: RecordKey) -> Record {
        Record {
            collection: self.collection,
            key,
            binding: self.binding,
            content: self.content,
            message: self.message,
        }
    }
}

/// A range of timestamp labels: exclusive begin, inclusive end; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Window {
    /// Labels must be after this.
    pub exclusive_begin: Option<Timestamp>,
    /// Labels must be at or before this.
    pub inclusive_end: Option<Timestamp>,
}

impl Window {
    /// A window from its bounds.
    pub fn new(exclusive_begin: Option<Timestamp>, inclusive_end: Option<Timestamp>) -> Self {
        Window {
            exclusive_begin,
            inclusive_end,
        }
    }

    /// Every label.
    pub fn all() -> Self {
        Window::default()
    }

    /// Whether `label` lies inside.
    pub fn contains(&self, label: &Timestamp) -> bool {
        self.exclusive_begin.is_none_or(|b| *label > b)
            && self.inclusive_end.is_none_or(|e| *label <= e)
    }
}

/// Which content bindings a read wants; pushed down to the store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RecordFilter {
    /// Wanted bindings (id, and subtypes when listed); empty means any.
    pub bindings: Vec<ContentBinding>,
}

impl RecordFilter {
    /// Any binding.
    pub fn any() -> Self {
        RecordFilter::default()
    }

    /// Only the given bindings (empty: any).
    pub fn bindings(bindings: Vec<ContentBinding>) -> Self {
        RecordFilter { bindings }
    }

    /// Whether a block with binding `b` passes: some wanted binding has the same id (or
    /// the id of the outermost binding of a nested `a|b` id), and lists no subtypes, or
    /// lists `b`'s subtype, or `b` has none. Stores must select exactly these records.
    pub fn accepts(&self, b: &ContentInstanceBinding) -> bool {
        binding_accepts(&self.bindings, b)
    }
}

/// Whether a block with binding `b` fits the `accepted` list ([`RecordFilter::accepts`]).
pub(crate) fn binding_accepts(accepted: &[ContentBinding], b: &ContentInstanceBinding) -> bool {
    if accepted.is_empty() {
        return true;
    }
    let outer = b.nesting().next().unwrap_or_default();
    accepted.iter().any(|a| {
        (a.binding_id == b.binding_id || a.binding_id.as_str() == outer)
            && (a.subtypes.is_empty() || b.subtype.as_ref().is_none_or(|s| a.subtypes.contains(s)))
    })
}

/// The records a read may return: one collection, a label window, a binding filter and
/// a snapshot bound.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Scope {
    /// The collection.
    pub collection: Uri,
    /// Labels in this window.
    pub window: Window,
    /// Bindings accepted.
    pub filter: RecordFilter,
    /// Keys at or below this (the snapshot the read belongs to); `None`: no bound.
    pub upto: Option<RecordKey>,
}

impl Scope {
    /// Every record of `collection` in `window`, any binding, no snapshot bound.
    pub fn new(collection: Uri, window: Window) -> Self {
        Scope {
            collection,
            window,
            filter: RecordFilter::any(),
            upto: None,
        }
    }

    /// The same scope keeping only `filter`'s bindings.
    pub fn with_filter(mut self, filter: RecordFilter) -> Self {
        self.filter = filter;
        self
    }

    /// The same scope bounded by the snapshot `upto`.
    pub fn upto(mut self, upto: Option<RecordKey>) -> Self {
        self.upto = upto;
        self
    }

    /// Whether `r` belongs to the scope (what `count` counts and `page` returns).
    pub fn contains(&self, r: &Record) -> bool {
        r.collection == self.collection
            && self.window.contains(&r.key.label)
            && self.upto.is_none_or(|u| r.key <= u)
            && self.filter.accepts(&r.binding)
    }
}

/// Collections and their records (see the module docs for the contract).
pub trait CollectionStore: Send + Sync {
    /// Every collection.
    fn collections(
        &self,
    ) -> impl Future<Output = Result<Vec<CollectionDefinition>, StoreError>> + Send;

    /// The collection named `name`, if any.
    fn collection(
        &self,
        name: &Uri,
    ) -> impl Future<Output = Result<Option<CollectionDefinition>, StoreError>> + Send {
        async move {
            Ok(self
                .collections()
                .await?
                .into_iter()
                .find(|c| &c.name == name))
        }
    }

    /// Stores every record of `batch` (each names its collection), all or none, and
    /// returns their keys in `batch` order. Labels are assigned here, strictly increasing
    /// after every key already committed. `Ok` means durably committed.
    fn add_records(
        &self,
        batch: Vec<NewRecord>,
    ) -> impl Future<Output = Result<Vec<RecordKey>, StoreError>> + Send;

    /// The greatest committed key (`None` while the store is empty).
    fn snapshot(&self) -> impl Future<Output = Result<Option<RecordKey>, StoreError>> + Send;

    /// How many records `scope` holds ([`Scope::contains`]).
    fn count(&self, scope: &Scope) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// The records of `scope` whose keys are greater than `after` (`None`: from the
    /// start), ordered by key, at most `limit` of them. Fewer than `limit` means the
    /// scope holds no more after the last one returned.
    fn page(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Record>, StoreError>> + Send;

    /// The keys of [`CollectionStore::page`]`(scope, after, limit)`, without the content.
    /// The engine steps through a scope with it to find where parts start; a store with
    /// a covering index answers it from the index alone (the default reads pages).
    fn keys(
        &self,
        scope: &Scope,
        after: Option<RecordKey>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<RecordKey>, StoreError>> + Send {
        async move {
            let page = self.page(scope, after, limit).await?;
            Ok(page.into_iter().map(|r| r.key).collect())
        }
    }
}
