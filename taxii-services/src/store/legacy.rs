//! The synchronous, whole-window store traits the engine used before the paged ones
//! (kept while callers move to [`super`]); hidden from the docs, going away.
#![allow(missing_docs)]

use taxii_messages::v11::ContentInstanceBinding;
use taxii_messages::{RawXml, Timestamp, Uri};

pub use super::{
    Clock, CollectionDefinition, Decision, Operation, Policy, StoreError, Subscription,
    SubscriptionState, Window,
};
use crate::identity::Identity;

/// A stored content block with its collection and timestamp label.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Record {
    /// The collection holding it.
    pub collection: Uri,
    /// When it was added; orders a data feed.
    pub label: Timestamp,
    /// Its binding (and subtype).
    pub binding: ContentInstanceBinding,
    /// The payload, verbatim.
    pub content: RawXml,
    /// A message that came with it.
    pub message: Option<String>,
}

impl Record {
    /// The same content as a keyed record (sequence 0).
    pub fn to_current(&self) -> super::Record {
        let mut r = super::Record::new(
            self.collection.clone(),
            super::RecordKey::new(self.label, 0),
            self.binding.clone(),
            self.content.clone(),
        );
        r.message = self.message.clone();
        r
    }

    /// A record of `content` in `collection`, labelled `label`.
    pub fn new(
        collection: Uri,
        label: Timestamp,
        binding: ContentInstanceBinding,
        content: RawXml,
    ) -> Self {
        Record {
            collection,
            label,
            binding,
            content,
            message: None,
        }
    }
}

/// Collections and their content.
pub trait CollectionStore {
    /// Every collection.
    fn collections(&self) -> Result<Vec<CollectionDefinition>, StoreError>;

    /// The collection named `name`, if any.
    fn collection(&self, name: &Uri) -> Result<Option<CollectionDefinition>, StoreError> {
        Ok(self.collections()?.into_iter().find(|c| &c.name == name))
    }

    /// The records of `collection` whose labels lie in `window`, ordered by label.
    fn records(&self, collection: &Uri, window: &Window) -> Result<Vec<Record>, StoreError>;

    /// Stores every record (each names its collection), all or none. Returning `Ok`
    /// means they are stored: the engine answers `SUCCESS` only after it.
    fn add_records(&self, records: &[Record]) -> Result<(), StoreError>;
}

/// Subscriptions.
pub trait SubscriptionStore {
    /// Every subscription to `collection`.
    fn subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError>;

    /// The subscription with id `id`.
    fn subscription(&self, id: &Uri) -> Result<Option<Subscription>, StoreError>;

    /// Inserts or replaces (by id).
    fn put_subscription(&self, subscription: &Subscription) -> Result<(), StoreError>;

    /// Deletes; deleting an unknown id is not an error.
    fn remove_subscription(&self, id: &Uri) -> Result<(), StoreError>;
}

/// One part of a result set: a contiguous label range and every record in it (MP-7).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResultPart {
    /// The range this part covers.
    pub window: Window,
    /// Its records.
    pub records: Vec<Record>,
}

/// A poll result kept for Poll_Fulfillment: multi-part results and deferred ones.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResultSet {
    /// The result id.
    pub id: Uri,
    /// The collection polled.
    pub collection: Uri,
    /// Who polled; only they may collect it (AS-6).
    pub owner: Identity,
    /// The subscription polled through, if any.
    pub subscription_id: Option<Uri>,
    /// Answered PENDING at first (errors then use `ASYNCHRONOUS_POLL_ERROR`).
    pub asynchronous: bool,
    /// The result is also pushed to the requester's inbox (`WILL_PUSH`).
    pub will_push: bool,
    /// When parts may be collected.
    pub ready_at: Timestamp,
    /// When it is forgotten.
    pub expires_at: Timestamp,
    /// Total records over all parts.
    pub record_count: u64,
    /// Count only: no content is returned.
    pub count_only: bool,
    /// The parts, numbered from 1.
    pub parts: Vec<ResultPart>,
}

/// Why a part or result set could not be built from stored fields.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RebuildError {
    /// A record's label lies outside its part's window (MP-7).
    #[error("part {part}: record {record} labelled {label} lies outside the part's window")]
    RecordOutsideWindow {
        /// The part, numbered from 1 (0 when building a lone part).
        part: usize,
        /// The record's index in the part, from 0.
        record: usize,
        /// Its label.
        label: Timestamp,
    },
    /// Records of a part are not ordered by label.
    #[error("part {part}: record {record} is labelled before the record preceding it")]
    Unordered {
        /// The part, numbered from 1 (0 when building a lone part).
        part: usize,
        /// The record's index in the part, from 0.
        record: usize,
    },
    /// A part's window begins before the previous part's window ends (MP-7).
    #[error("part {part}: window overlaps or precedes part {}", part - 1)]
    PartsOverlap {
        /// The part, numbered from 1.
        part: usize,
    },
    /// The set expires before it is ready.
    #[error("result set expires ({expires_at}) before it is ready ({ready_at})")]
    ExpiresBeforeReady {
        /// When it is ready.
        ready_at: Timestamp,
        /// When it expires.
        expires_at: Timestamp,
    },
    /// The record count is below the number of records the parts hold.
    #[error("record count {count} is below the {held} records the parts hold")]
    CountTooLow {
        /// The count given.
        count: u64,
        /// Records held by the parts.
        held: u64,
    },
}

impl ResultPart {
    /// A part of `records` covering `window`; every record must lie inside the window,
    /// in label order.
    pub fn new(window: Window, records: Vec<Record>) -> Result<Self, RebuildError> {
        check_part(0, &window, &records)?;
        Ok(ResultPart { window, records })
    }
}

fn check_part(part: usize, window: &Window, records: &[Record]) -> Result<(), RebuildError> {
    for (i, r) in records.iter().enumerate() {
        if !window.contains(&r.label) {
            return Err(RebuildError::RecordOutsideWindow {
                part,
                record: i,
                label: r.label,
            });
        }
        if i > 0 && records[i - 1].label > r.label {
            return Err(RebuildError::Unordered { part, record: i });
        }
    }
    Ok(())
}

impl ResultSet {
    /// A synchronous, full (not count-only) result set without parts, owned by `owner`;
    /// complete it with the `with_*` methods.
    pub fn new(
        id: Uri,
        collection: Uri,
        owner: Identity,
        ready_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<Self, RebuildError> {
        if expires_at < ready_at {
            return Err(RebuildError::ExpiresBeforeReady {
                ready_at,
                expires_at,
            });
        }
        Ok(ResultSet {
            id,
            collection,
            owner,
            subscription_id: None,
            asynchronous: false,
            will_push: false,
            ready_at,
            expires_at,
            record_count: 0,
            count_only: false,
            parts: Vec::new(),
        })
    }

    /// The same set, polled through subscription `id`.
    pub fn with_subscription(mut self, id: Uri) -> Self {
        self.subscription_id = Some(id);
        self
    }

    /// The same set with the asynchronous, will-push and count-only flags given.
    pub fn with_flags(mut self, asynchronous: bool, will_push: bool, count_only: bool) -> Self {
        self.asynchronous = asynchronous;
        self.will_push = will_push;
        self.count_only = count_only;
        self
    }

    /// The same set holding `parts` (numbered from 1) and counting `record_count`
    /// records. Each part is checked as in [`ResultPart::new`]; data-feed parts
    /// (bounded windows) must follow each other; the count must cover the held records
    /// (it may exceed them for count-only sets).
    pub fn with_parts(
        mut self,
        parts: Vec<ResultPart>,
        record_count: u64,
    ) -> Result<Self, RebuildError> {
        let mut held = 0u64;
        for (i, p) in parts.iter().enumerate() {
            check_part(i + 1, &p.window, &p.records)?;
            held += p.records.len() as u64;
            if i > 0 {
                let prev_end = parts[i - 1].window.inclusive_end;
                let begin = p.window.exclusive_begin;
                let bounded = prev_end.is_some() || begin.is_some();
                if bounded && (prev_end.is_none() || begin.is_none_or(|b| Some(b) < prev_end)) {
                    return Err(RebuildError::PartsOverlap { part: i + 1 });
                }
            }
        }
        if record_count < held {
            return Err(RebuildError::CountTooLow {
                count: record_count,
                held,
            });
        }
        self.parts = parts;
        self.record_count = record_count;
        Ok(self)
    }
}

/// Result sets awaiting Poll_Fulfillment.
pub trait ResultStore {
    /// Stores a result set (ids are unique per collection, MP-8).
    fn put_result(&self, result: &ResultSet) -> Result<(), StoreError>;

    /// The result set `id` of `collection`.
    fn result(&self, collection: &Uri, id: &Uri) -> Result<Option<ResultSet>, StoreError>;

    /// Forgets a result set; unknown ids are not an error.
    fn remove_result(&self, collection: &Uri, id: &Uri) -> Result<(), StoreError>;

    /// Forgets every result set that expired at or before `now`; returns how many.
    /// (Expired sets are refused anyway; this only frees space. Default: nothing.)
    fn remove_expired_results(&self, now: &Timestamp) -> Result<usize, StoreError> {
        let _ = now;
        Ok(0)
    }
}

/// Everything the engine stores.
pub trait Store: CollectionStore + SubscriptionStore + ResultStore {}

impl<T: CollectionStore + SubscriptionStore + ResultStore> Store for T {}
