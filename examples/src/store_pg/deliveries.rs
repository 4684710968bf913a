//! The push delivery queue: rows claimed with `FOR UPDATE SKIP LOCKED` under a lease, so
//! each delivery goes to one instance; a finally failed delivery stays as `failed`.

use serde::{Deserialize, Serialize};
use taxii_messages::v11::PushParameters;
use taxii_messages::{Message, Timestamp, Uri};
use taxii_services::push::{check_destination, Delivery};
use taxii_services::store::{
    DeliveryId, DeliveryQueue, LeaseToken, QueuedDelivery, RetryDecision, Settlement, StoreError,
};

use super::codec::micros;
use super::{failed, PgStore};

/// A delivery as stored (its destination is parsed again from `push.address`, which the
/// engine checked before queueing it).
#[derive(Serialize, Deserialize)]
struct DeliveryJson {
    push: PushParameters,
    not_before: Timestamp,
    subscription_id: Option<Uri>,
    result_id: Option<Uri>,
    message: Message,
}

fn encode(d: &Delivery) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(&DeliveryJson {
        push: d.push.clone(),
        not_before: d.not_before,
        subscription_id: d.subscription_id.clone(),
        result_id: d.result_id.clone(),
        message: d.message.clone(),
    })
    .map_err(|e| StoreError::Failed(format!("encode delivery: {e}")))
}

fn decode(body: &[u8]) -> Result<Delivery, StoreError> {
    let j: DeliveryJson = serde_json::from_slice(body)
        .map_err(|e| StoreError::Failed(format!("decode stored delivery: {e}")))?;
    let destination = check_destination(&j.push.address, true)
        .map_err(|e| StoreError::Failed(format!("stored delivery: {e}")))?;
    let mut d = Delivery::new(j.push, destination, j.not_before, j.message);
    d.subscription_id = j.subscription_id;
    d.result_id = j.result_id;
    Ok(d)
}

const CLAIM: &str = "
WITH claimable AS (
    SELECT id FROM taxii_deliveries
    WHERE state = 'pending' AND due <= $1 AND (lease_until IS NULL OR lease_until <= $1)
    ORDER BY due, id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
UPDATE taxii_deliveries d
SET lease_owner = $3, lease_until = $4, lease_token = d.lease_token + 1
FROM claimable WHERE d.id = claimable.id
RETURNING d.id, d.attempts, d.body, d.lease_token";

/// A failed attempt: due again at `$2`, or (when `$2` is NULL) failed for good; ends the
/// claim. Fenced by `$3`, the claim's token, unless it is NULL.
const FAIL: &str = "
UPDATE taxii_deliveries
SET state = CASE WHEN $2::bigint IS NULL THEN 'failed' ELSE 'pending' END,
    due = coalesce($2, due), attempts = attempts + 1,
    lease_owner = NULL, lease_until = NULL, lease_token = lease_token + 1
WHERE id = $1 AND state = 'pending' AND lease_token = $3";

impl DeliveryQueue for PgStore {
    async fn enqueue(&self, deliveries: Vec<Delivery>) -> Result<Vec<DeliveryId>, StoreError> {
        if deliveries.is_empty() {
            return Ok(Vec::new());
        }
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(failed)?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO taxii_deliveries (state, due, body) VALUES ('pending', $1, $2)
                 RETURNING id",
            )
            .await
            .map_err(failed)?;
        let mut ids = Vec::with_capacity(deliveries.len());
        for d in &deliveries {
            let body = encode(d)?;
            let id: i64 = tx
                .query_one(&insert, &[&micros(&d.not_before), &body])
                .await
                .map_err(failed)?
                .get(0);
            ids.push(id as DeliveryId);
        }
        tx.commit().await.map_err(failed)?;
        Ok(ids)
    }

    async fn claim(
        &self,
        worker: &str,
        limit: usize,
        now: &Timestamp,
        lease_until: &Timestamp,
    ) -> Result<Vec<QueuedDelivery>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let client = self.client().await?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = client
            .query(
                CLAIM,
                &[&micros(now), &limit, &worker, &micros(lease_until)],
            )
            .await
            .map_err(failed)?;
        rows.sort_by_key(|r| r.get::<_, i64>(0));
        rows.iter()
            .map(|r| {
                let id: i64 = r.get(0);
                let attempts: i32 = r.get(1);
                let token: i64 = r.get(3);
                let q = QueuedDelivery::new(
                    id as DeliveryId,
                    decode(r.get(2))?,
                    attempts.max(0) as u32,
                );
                Ok(q.with_lease(token as LeaseToken))
            })
            .collect()
    }

    async fn renew(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        lease_until: &Timestamp,
    ) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let n = client
            .execute(
                "UPDATE taxii_deliveries SET lease_until = $3
                 WHERE id = $1 AND state = 'pending' AND lease_token = $2",
                &[&(id as i64), &(lease as i64), &micros(lease_until)],
            )
            .await
            .map_err(failed)?;
        Ok(n == 1)
    }

    async fn settle(
        &self,
        id: DeliveryId,
        lease: LeaseToken,
        outcome: Settlement,
    ) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let (id, lease) = (id as i64, lease as i64);
        let n = match outcome {
            Settlement::Delivered => {
                client
                    .execute(
                        "DELETE FROM taxii_deliveries
                         WHERE id = $1 AND state = 'pending' AND lease_token = $2",
                        &[&id, &lease],
                    )
                    .await
            }
            Settlement::Failed(decision) => {
                client
                    .execute(FAIL, &[&id, &retry_at(decision), &lease])
                    .await
            }
        }
        .map_err(failed)?;
        Ok(n == 1)
    }

    async fn sweep(&self, now: &Timestamp) -> Result<u64, StoreError> {
        // One statement: instances sweeping at once each release a disjoint share.
        let client = self.client().await?;
        client
            .execute(
                "UPDATE taxii_deliveries SET lease_owner = NULL, lease_until = NULL
                 WHERE state = 'pending' AND lease_until <= $1",
                &[&micros(now)],
            )
            .await
            .map_err(failed)
    }

    async fn failed_count(&self) -> Result<u64, StoreError> {
        self.count_state("failed").await
    }

    async fn pending_count(&self) -> Result<u64, StoreError> {
        self.count_state("pending").await
    }
}

/// When a failed delivery is due again; `None`: never (failed for good).
fn retry_at(decision: RetryDecision) -> Option<i64> {
    match decision {
        RetryDecision::RetryAt(t) => Some(micros(&t)),
        _ => None,
    }
}

impl PgStore {
    async fn count_state(&self, state: &str) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let n: i64 = client
            .query_one(
                "SELECT count(*) FROM taxii_deliveries WHERE state = $1",
                &[&state],
            )
            .await
            .map_err(failed)?
            .get(0);
        Ok(n as u64)
    }
}
