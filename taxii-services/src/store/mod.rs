//! The traits a deployment implements: storage, policy and time.
//!
//! # Async, runtime-free
//!
//! Every store method returns `impl Future<Output = Result<T, StoreError>> + Send`, and
//! every store trait is `Send + Sync`. The library runs no executor: a memory store
//! answers with ready futures, a database store awaits its driver (or moves blocking work
//! off the caller's threads). Async traits rather than a sans-IO step API: an exchange is
//! a handful of store calls, which read naturally as `.await`s, and a PostgreSQL store is
//! async by nature; a memory store costs nothing for it. A method returns [`StoreError`]
//! when the backend fails; the engine answers `RETRY` or `FAILURE` and never reports
//! success for something a store did not confirm.
//!
//! # The record contract (every implementation)
//!
//! - **Keys.** Each stored record has a [`RecordKey`] `(label, seq)` assigned by the store
//!   when it commits ([`CollectionStore::add_records`]). `seq` is unique within the store;
//!   labels are unique and strictly increasing in commit order across every writer of the
//!   store (one clock owned by the store: never a caller's clock). Keys order records.
//! - **Durability.** `add_records` returning `Ok` means the batch is durably committed,
//!   all or none; the engine answers `SUCCESS` only after it.
//! - **Snapshot.** [`CollectionStore::snapshot`] is the greatest committed key. Because
//!   label order is commit order, every record at or below it is final: a [`Scope`]
//!   bounded by `upto = snapshot` never gains a record later.
//! - **Pages.** [`CollectionStore::page`] returns the records of a scope after a keyset
//!   cursor, ordered by key, at most `limit` of them; [`CollectionStore::count`] counts a
//!   scope. Both push the scope's collection, window, binding filter and snapshot bound
//!   down to the backend (an index on `(collection, label, seq)`; no OFFSET scans), so
//!   their cost follows the page, not the collection.
//! - **Bounds.** A caller holds at most one page of records at a time; nothing in these
//!   traits returns a whole collection's content. A result set notes one cursor per part
//!   (`record_count / per_part` keys).
//! - **Namespaces.** A record's content keeps only the namespace bindings it uses
//!   ([`keep_used_namespaces`], applied by the engine before `add_records`); a store
//!   should keep each distinct binding once rather than once per record, so stored size
//!   follows the body whatever the message root declares.
//!
//! Result sets ([`ResultSet`]) describe a snapshot scope and its part cursors; they never
//! hold content. Push deliveries wait in a [`DeliveryQueue`] claimed once across
//! instances.

mod collections;
mod deliveries;
mod namespaces;
mod policy;
mod results;
mod subscriptions;

pub(crate) use collections::binding_accepts;
pub use collections::{
    CollectionDefinition, CollectionStore, NewRecord, Record, RecordFilter, RecordKey, Scope,
    Window,
};
pub use deliveries::{
    DeliveryId, DeliveryQueue, LeaseToken, QueuedDelivery, RetryDecision, Settlement,
};
pub use namespaces::keep_used_namespaces;
pub use policy::{Clock, Decision, Operation, Policy, Quotas};
pub use results::{ResultSet, ResultStore};
pub use subscriptions::{Subscription, SubscriptionState, SubscriptionStore};

/// A backend failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Temporarily unable (locked, overloaded); answered with `RETRY` (ERR-11).
    #[error("store busy, retry in {retry_after_secs} s")]
    Busy {
        /// Seconds the caller should wait.
        retry_after_secs: u64,
    },
    /// Anything else; answered with `FAILURE` without the detail (ERR-17).
    #[error("store failure: {0}")]
    Failed(String),
}

/// Everything the engine stores: collections and records, subscriptions, result sets.
pub trait Store: CollectionStore + SubscriptionStore + ResultStore {}

impl<T: CollectionStore + SubscriptionStore + ResultStore> Store for T {}
