//! Subscriptions in SQLite: every field, so STATUS, PAUSE, RESUME (with its backfill from
//! the paused-since time), UNSUBSCRIBE and polls by subscription id work after a restart.
//! Query and push parameters are kept as JSON.

use rusqlite::types::Type;
use rusqlite::{params, Row};
use taxii_messages::Uri;
use taxii_services::store::{Subscription, SubscriptionState};
use taxii_services::Identity;

use super::clock::{to_micros, to_timestamp};
use super::{Context, Store, StoreError};

const COLUMNS: &str = "id, collection, owner, parameters, push, paused_since, created";

/// `Identity` as a nullable column: NULL is anonymous.
pub(super) fn owner_column(who: &Identity) -> Option<&str> {
    who.name()
}

/// The identity an owner column holds.
pub(super) fn owner_from(column: Option<String>) -> Identity {
    column.map_or(Identity::Anonymous, Identity::User)
}

/// A column that does not decode: which one and why.
pub(super) fn bad_column(
    idx: usize,
    e: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))
}

/// A URI column.
pub(super) fn uri_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Uri> {
    Uri::new(row.get::<_, String>(idx)?).map_err(|e| bad_column(idx, e))
}

pub(super) fn json<T: serde::Serialize>(v: &T) -> rusqlite::Result<String> {
    serde_json::to_string(v).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Subscription> {
    let parameters: String = row.get(3)?;
    let parameters = serde_json::from_str(&parameters).map_err(|e| bad_column(3, e))?;
    let push: Option<String> = row.get(4)?;
    let push = push
        .map(|p| serde_json::from_str(&p).map_err(|e| bad_column(4, e)))
        .transpose()?;
    let state = match row.get::<_, Option<i64>>(5)? {
        Some(since) => SubscriptionState::Paused {
            since: to_timestamp(since),
        },
        None => SubscriptionState::Active,
    };
    let mut s = Subscription::new(
        uri_at(row, 0)?,
        uri_at(row, 1)?,
        owner_from(row.get(2)?),
        parameters,
        to_timestamp(row.get(6)?),
    )
    .with_state(state);
    if let Some(p) = push {
        s = s.with_push(p);
    }
    Ok(s)
}

impl Store {
    /// Every subscription to `collection`, oldest first.
    pub fn subscriptions(&self, collection: &str) -> Result<Vec<Subscription>, StoreError> {
        self.subscriptions_where(collection, "?2 IS NULL", None)
    }

    /// The subscriptions to `collection` selected by `filter` (an SQL condition on the
    /// `subscriptions` columns, with `?2` bound to `arg`), oldest first.
    fn subscriptions_where(
        &self,
        collection: &str,
        filter: &str,
        arg: Option<&str>,
    ) -> Result<Vec<Subscription>, StoreError> {
        self.read(|c| {
            let sql = format!(
                "SELECT {COLUMNS} FROM subscriptions WHERE collection = ?1 AND ({filter})
                 ORDER BY created, id"
            );
            let mut s = c.prepare_cached(&sql).ctx("prepare subscriptions")?;
            let rows = s
                .query_map(params![collection, arg], from_row)
                .ctx("read subscriptions")?;
            rows.collect::<Result<Vec<_>, _>>()
                .ctx("decode subscription")
        })
    }

    /// The subscriptions of `owner` to `collection`.
    pub fn subscriptions_of(
        &self,
        collection: &str,
        owner: &Identity,
    ) -> Result<Vec<Subscription>, StoreError> {
        self.subscriptions_where(collection, "owner IS ?2", owner_column(owner))
    }

    /// The active subscriptions to `collection` that push.
    pub fn push_subscriptions(&self, collection: &str) -> Result<Vec<Subscription>, StoreError> {
        self.subscriptions_where(
            collection,
            "push IS NOT NULL AND paused_since IS NULL AND ?2 IS NULL",
            None,
        )
    }

    /// How many subscriptions `owner` holds.
    pub fn subscriptions_owned(&self, owner: &Identity) -> Result<u64, StoreError> {
        self.read(|c| {
            let n: i64 = c
                .prepare_cached("SELECT COUNT(*) FROM subscriptions WHERE owner IS ?1")
                .ctx("prepare subscriptions owned")?
                .query_row([owner_column(owner)], |r| r.get(0))
                .ctx("count subscriptions owned")?;
            Ok(n.max(0) as u64)
        })
    }

    /// The subscription `id`, if any.
    pub fn subscription(&self, id: &str) -> Result<Option<Subscription>, StoreError> {
        self.read(|c| {
            let sql = format!("SELECT {COLUMNS} FROM subscriptions WHERE id = ?1");
            let mut s = c.prepare_cached(&sql).ctx("prepare subscription")?;
            let mut rows = s.query_map([id], from_row).ctx("read subscription")?;
            rows.next().transpose().ctx("decode subscription")
        })
    }

    /// Inserts or replaces (by id) a subscription, durably.
    pub fn put_subscription(&self, sub: &Subscription) -> Result<(), StoreError> {
        let parameters = json(&sub.parameters).ctx("encode query parameters")?;
        let push = sub
            .push
            .as_ref()
            .map(json)
            .transpose()
            .ctx("encode push parameters")?;
        let paused_since = match &sub.state {
            SubscriptionState::Paused { since } => Some(to_micros(since)),
            SubscriptionState::Active => None,
        };
        let w = self.writer();
        w.conn
            .prepare_cached(&format!(
                "INSERT OR REPLACE INTO subscriptions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
            ))
            .ctx("prepare put subscription")?
            .execute(params![
                sub.id.as_str(),
                sub.collection.as_str(),
                owner_column(&sub.owner),
                parameters,
                push,
                paused_since,
                to_micros(&sub.created),
            ])
            .ctx("put subscription")?;
        Ok(())
    }

    /// Deletes the subscription `id`; an unknown id is not an error.
    pub fn remove_subscription(&self, id: &str) -> Result<(), StoreError> {
        let w = self.writer();
        w.conn
            .prepare_cached("DELETE FROM subscriptions WHERE id = ?1")
            .ctx("prepare remove subscription")?
            .execute([id])
            .ctx("remove subscription")?;
        Ok(())
    }
}
