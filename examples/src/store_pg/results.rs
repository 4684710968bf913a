//! Result sets: descriptions only (scope, snapshot and part cursors), one row each.

use taxii_messages::{Timestamp, Uri};
use taxii_services::store::{ResultSet, ResultStore, StoreError};
use taxii_services::Identity;

use super::codec::{micros, owner, result, result_json};
use super::{failed, PgStore};

impl ResultStore for PgStore {
    async fn put_result(&self, r: &ResultSet) -> Result<(), StoreError> {
        let body = result_json(r)?;
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO taxii_results (collection, id, owner, asynchronous, expires_at, body)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (collection, id) DO UPDATE
                 SET owner = $3, asynchronous = $4, expires_at = $5, body = $6",
                &[
                    &r.collection.as_str(),
                    &r.id.as_str(),
                    &owner(&r.owner),
                    &r.asynchronous,
                    &micros(&r.expires_at),
                    &body,
                ],
            )
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn result(&self, collection: &Uri, id: &Uri) -> Result<Option<ResultSet>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT owner, asynchronous, body FROM taxii_results
                 WHERE collection = $1 AND id = $2",
                &[&collection.as_str(), &id.as_str()],
            )
            .await
            .map_err(failed)?;
        row.map(|r| {
            result(
                id.as_str(),
                collection.as_str(),
                r.get(0),
                r.get(1),
                r.get(2),
            )
        })
        .transpose()
    }

    async fn remove_result(&self, collection: &Uri, id: &Uri) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM taxii_results WHERE collection = $1 AND id = $2",
                &[&collection.as_str(), &id.as_str()],
            )
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn remove_expired_results(&self, now: &Timestamp) -> Result<usize, StoreError> {
        // One statement: instances sweeping at once each delete a disjoint share.
        let client = self.client().await?;
        let n = client
            .execute(
                "DELETE FROM taxii_results WHERE expires_at <= $1",
                &[&micros(now)],
            )
            .await
            .map_err(failed)?;
        Ok(n as usize)
    }

    async fn results_owned(
        &self,
        who: &Identity,
        asynchronous: bool,
        now: &Timestamp,
    ) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let n: i64 = client
            .query_one(
                "SELECT count(*) FROM taxii_results
                 WHERE owner = $1 AND (asynchronous OR NOT $2) AND expires_at > $3",
                &[&owner(who), &asynchronous, &micros(now)],
            )
            .await
            .map_err(failed)?
            .get(0);
        Ok(n as u64)
    }
}
