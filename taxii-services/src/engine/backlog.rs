//! The pushes a resumed subscription owes (EX-7), produced one page of records at a time.

use taxii_messages::{Timestamp, Uri};

use super::select::Selection;
use super::Engine;
use crate::push::Delivery;
use crate::store::{Policy, RecordKey, Scope, Store, StoreError, SubscriptionState, Window};

/// What a resumed push subscription still owes: the records of its collection that
/// arrived while it was paused. It holds no records; [`Engine::backlog_page`] reads them
/// one page at a time, so a long pause costs no more memory than a short one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlog {
    collection: Uri,
    subscription: Uri,
    window: Window,
    upto: Option<RecordKey>,
    after: Option<RecordKey>,
    now: Timestamp,
    done: bool,
}

impl Backlog {
    /// What `subscription` to `collection` owes for `window`, up to the store's `upto`,
    /// as of `now`.
    pub(super) fn new(
        collection: Uri,
        subscription: Uri,
        window: Window,
        upto: Option<RecordKey>,
        now: Timestamp,
    ) -> Self {
        Backlog {
            collection,
            subscription,
            window,
            upto,
            after: None,
            now,
            done: upto.is_none(),
        }
    }

    /// The subscription this backlog is for.
    pub fn subscription_id(&self) -> &Uri {
        &self.subscription
    }

    /// The time range of the content it covers (the pause).
    pub fn window(&self) -> Window {
        self.window
    }
}

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    /// The next delivery `backlog` owes, built from one page of records
    /// (`max_records_per_part` of them); `None` once it owes nothing more, or when the
    /// subscription was removed, paused again or can no longer be pushed to. After a
    /// store error the same page is read again by the next call.
    pub async fn backlog_page(
        &self,
        backlog: &mut Backlog,
    ) -> Result<Option<Delivery>, StoreError> {
        if backlog.done {
            return Ok(None);
        }
        let page = self.owed(backlog).await?;
        match page {
            Some((delivery, last, full)) => {
                backlog.after = Some(last);
                backlog.done = !full;
                Ok(Some(delivery))
            }
            None => {
                backlog.done = true;
                Ok(None)
            }
        }
    }

    /// The delivery of the page after `backlog.after`, its last key, and whether the
    /// page was full (more may follow).
    async fn owed(
        &self,
        backlog: &Backlog,
    ) -> Result<Option<(Delivery, RecordKey, bool)>, StoreError> {
        let Some(coll) = self.store.collection(&backlog.collection).await? else {
            return Ok(None);
        };
        let Some(sub) = self.store.subscription(&backlog.subscription).await? else {
            return Ok(None);
        };
        if sub.state != SubscriptionState::Active {
            return Ok(None);
        }
        let Ok(sel) = Selection::new(&sub.parameters, &coll, &self.all_supported_queries()) else {
            return Ok(None);
        };
        let scope = Scope::new(coll.name.clone(), backlog.window)
            .with_filter(sel.filter.clone())
            .upto(backlog.upto);
        let per = self.config.poll.max_records_per_part.max(1);
        let records = self.read_matches(&scope, &sel, backlog.after, per).await?;
        let Some(last) = records.last().map(|r| r.key) else {
            return Ok(None);
        };
        let delivery = self.push_to(backlog.now, &coll, &sub, &records, Some(backlog.window));
        Ok(delivery.map(|d| (d, last, records.len() == per)))
    }
}
