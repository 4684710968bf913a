//! Subscriptions: who follows which collection, with what parameters, and where their
//! polls left off.

use rusqlite::{params, OptionalExtension};

use super::{Context, Store, StoreError};

/// A subscription's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionState {
    /// Delivering.
    Active,
    /// Temporarily stopped.
    Paused,
    /// Ended.
    Unsubscribed,
}

impl SubscriptionState {
    fn as_str(self) -> &'static str {
        match self {
            SubscriptionState::Active => "ACTIVE",
            SubscriptionState::Paused => "PAUSED",
            SubscriptionState::Unsubscribed => "UNSUBSCRIBED",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "ACTIVE" => SubscriptionState::Active,
            "PAUSED" => SubscriptionState::Paused,
            _ => SubscriptionState::Unsubscribed,
        }
    }
}

/// A stored subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Subscription id.
    pub id: String,
    /// Collection followed.
    pub collection: String,
    /// Account that made it (`None` on an open server).
    pub account: Option<String>,
    /// Current state.
    pub state: SubscriptionState,
    /// Content binding ids requested (empty: all).
    pub bindings: Vec<String>,
    /// Whether polls answer with a count only.
    pub count_only: bool,
}

impl Store {
    /// Stores a new subscription.
    pub fn add_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        let w = self.writer();
        w.conn
            .prepare_cached(
                "INSERT INTO subscriptions (id, collection, account, state, bindings, count_only)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    s.id,
                    s.collection,
                    s.account,
                    s.state.as_str(),
                    serde_json::to_string(&s.bindings).unwrap_or_default(),
                    s.count_only
                ])
            })
            .ctx("add subscription")?;
        Ok(())
    }

    /// Changes a subscription's state.
    pub fn set_subscription_state(
        &self,
        id: &str,
        state: SubscriptionState,
    ) -> Result<(), StoreError> {
        let w = self.writer();
        w.conn
            .prepare_cached("UPDATE subscriptions SET state = ?2 WHERE id = ?1")
            .and_then(|mut st| st.execute(params![id, state.as_str()]))
            .ctx("update subscription")?;
        Ok(())
    }

    /// The subscription with this id.
    pub fn subscription(&self, id: &str) -> Result<Option<Subscription>, StoreError> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT id, collection, account, state, bindings, count_only
                 FROM subscriptions WHERE id = ?1",
            )
            .and_then(|mut st| st.query_row([id], row).optional())
            .ctx("read subscription")
        })
    }

    /// The subscriptions of `account` to `collection`.
    pub fn subscriptions(
        &self,
        collection: &str,
        account: Option<&str>,
    ) -> Result<Vec<Subscription>, StoreError> {
        self.read(|c| {
            let mut st = c
                .prepare_cached(
                    "SELECT id, collection, account, state, bindings, count_only
                     FROM subscriptions WHERE collection = ?1 AND account IS ?2 ORDER BY rowid",
                )
                .ctx("prepare subscriptions")?;
            let rows = st
                .query_map(params![collection, account], row)
                .ctx("list subscriptions")?;
            rows.collect::<Result<Vec<_>, _>>().ctx("read subscription")
        })
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Subscription> {
    let state: String = r.get(3)?;
    let bindings: String = r.get(4)?;
    Ok(Subscription {
        id: r.get(0)?,
        collection: r.get(1)?,
        account: r.get(2)?,
        state: SubscriptionState::parse(&state),
        bindings: serde_json::from_str(&bindings).unwrap_or_default(),
        count_only: r.get(5)?,
    })
}
