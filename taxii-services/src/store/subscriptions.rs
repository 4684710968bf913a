//! Subscriptions and their store.

use std::future::Future;

use taxii_messages::v11::{PushParameters, QueryParameters};
use taxii_messages::{Timestamp, Uri};

use super::StoreError;
use crate::identity::Identity;

/// The state of a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionState {
    /// Delivering.
    Active,
    /// Paused since the given time; pushes wait for RESUME.
    Paused {
        /// When it was paused.
        since: Timestamp,
    },
}

/// A subscription to a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Subscription {
    /// Its id.
    pub id: Uri,
    /// The collection subscribed to.
    pub collection: Uri,
    /// Who subscribed; only they may manage or poll it.
    pub owner: Identity,
    /// Response type, content bindings and query.
    pub parameters: QueryParameters,
    /// Where content is pushed; `None` for a poll-only subscription.
    pub push: Option<PushParameters>,
    /// Active or paused.
    pub state: SubscriptionState,
    /// When it was created.
    pub created: Timestamp,
}

impl Subscription {
    /// An active, poll-only subscription; add push parameters with [`Subscription::with_push`]
    /// and a paused state with [`Subscription::with_state`].
    pub fn new(
        id: Uri,
        collection: Uri,
        owner: Identity,
        parameters: QueryParameters,
        created: Timestamp,
    ) -> Self {
        Subscription {
            id,
            collection,
            owner,
            parameters,
            push: None,
            state: SubscriptionState::Active,
            created,
        }
    }

    /// The same subscription delivering by push to `push`.
    pub fn with_push(mut self, push: PushParameters) -> Self {
        self.push = Some(push);
        self
    }

    /// The same subscription in `state`.
    pub fn with_state(mut self, state: SubscriptionState) -> Self {
        self.state = state;
        self
    }

    /// Whether it is active and pushes.
    pub fn is_active_push(&self) -> bool {
        self.push.is_some() && self.state == SubscriptionState::Active
    }
}

/// Subscriptions.
pub trait SubscriptionStore: Send + Sync {
    /// Every subscription to `collection` (management answers; not on the inbox path).
    fn subscriptions(
        &self,
        collection: &Uri,
    ) -> impl Future<Output = Result<Vec<Subscription>, StoreError>> + Send;

    /// The subscriptions of `owner` to `collection`.
    fn subscriptions_of(
        &self,
        collection: &Uri,
        owner: &Identity,
    ) -> impl Future<Output = Result<Vec<Subscription>, StoreError>> + Send {
        async move {
            let mut all = self.subscriptions(collection).await?;
            all.retain(|s| &s.owner == owner);
            Ok(all)
        }
    }

    /// The ACTIVE subscriptions to `collection` that push ([`Subscription::is_active_push`]):
    /// what the inbox path reads after storing content.
    fn push_subscriptions(
        &self,
        collection: &Uri,
    ) -> impl Future<Output = Result<Vec<Subscription>, StoreError>> + Send;

    /// The subscription with id `id`.
    fn subscription(
        &self,
        id: &Uri,
    ) -> impl Future<Output = Result<Option<Subscription>, StoreError>> + Send;

    /// How many subscriptions `owner` holds, over every collection (per-account quota).
    fn subscriptions_owned(
        &self,
        owner: &Identity,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Inserts or replaces (by id).
    fn put_subscription(
        &self,
        subscription: &Subscription,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Deletes; deleting an unknown id is not an error.
    fn remove_subscription(&self, id: &Uri) -> impl Future<Output = Result<(), StoreError>> + Send;
}
