//! Subscriptions: one row each; the inbox path reads only a collection's active push
//! subscriptions.

use taxii_messages::Uri;
use taxii_services::store::{StoreError, Subscription, SubscriptionStore};
use taxii_services::Identity;
use tokio_postgres::Row;

use super::codec::{micros, owner, subscription, subscription_json};
use super::{failed, PgStore};

const COLUMNS: &str = "id, collection, owner, body";

fn from_row(r: &Row) -> Result<Subscription, StoreError> {
    subscription(r.get(0), r.get(1), r.get(2), r.get(3))
}

impl SubscriptionStore for PgStore {
    async fn subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        let client = self.client().await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM taxii_subscriptions WHERE collection = $1 ORDER BY created, id"
        );
        let rows = client
            .query(&sql, &[&collection.as_str()])
            .await
            .map_err(failed)?;
        rows.iter().map(from_row).collect()
    }

    async fn subscriptions_of(
        &self,
        collection: &Uri,
        who: &Identity,
    ) -> Result<Vec<Subscription>, StoreError> {
        let client = self.client().await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM taxii_subscriptions WHERE collection = $1 AND owner = $2
             ORDER BY created, id"
        );
        let rows = client
            .query(&sql, &[&collection.as_str(), &owner(who)])
            .await
            .map_err(failed)?;
        rows.iter().map(from_row).collect()
    }

    async fn push_subscriptions(&self, collection: &Uri) -> Result<Vec<Subscription>, StoreError> {
        let client = self.client().await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM taxii_subscriptions
             WHERE collection = $1 AND is_push AND paused_since IS NULL ORDER BY created, id"
        );
        let rows = client
            .query(&sql, &[&collection.as_str()])
            .await
            .map_err(failed)?;
        rows.iter().map(from_row).collect()
    }

    async fn subscription(&self, id: &Uri) -> Result<Option<Subscription>, StoreError> {
        let client = self.client().await?;
        let sql = format!("SELECT {COLUMNS} FROM taxii_subscriptions WHERE id = $1");
        let row = client
            .query_opt(&sql, &[&id.as_str()])
            .await
            .map_err(failed)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn subscriptions_owned(&self, who: &Identity) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let n: i64 = client
            .query_one(
                "SELECT count(*) FROM taxii_subscriptions WHERE owner = $1",
                &[&owner(who)],
            )
            .await
            .map_err(failed)?
            .get(0);
        Ok(n as u64)
    }

    async fn put_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        let body = subscription_json(s)?;
        let paused = match s.state {
            taxii_services::store::SubscriptionState::Active => None,
            taxii_services::store::SubscriptionState::Paused { since } => Some(micros(&since)),
        };
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO taxii_subscriptions
                     (id, collection, owner, is_push, paused_since, created, body)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (id) DO UPDATE SET collection = $2, owner = $3, is_push = $4,
                     paused_since = $5, created = $6, body = $7",
                &[
                    &s.id.as_str(),
                    &s.collection.as_str(),
                    &owner(&s.owner),
                    &s.push.is_some(),
                    &paused,
                    &micros(&s.created),
                    &body,
                ],
            )
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn remove_subscription(&self, id: &Uri) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM taxii_subscriptions WHERE id = $1",
                &[&id.as_str()],
            )
            .await
            .map_err(failed)?;
        Ok(())
    }
}
