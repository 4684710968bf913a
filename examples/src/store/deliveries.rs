//! The push delivery queue in SQLite: deliveries survive a restart, each is leased to one
//! worker at a time, and those that finally fail stay, counted.

use rusqlite::{params, OptionalExtension};
use taxii_messages::v11::PushParameters;
use taxii_messages::{Timestamp, Uri};
use taxii_services::push::{check_destination, Delivery};
use taxii_services::store::{DeliveryId, LeaseToken, QueuedDelivery, RetryDecision, Settlement};

use super::clock::{to_micros, to_timestamp};
use super::{Context, Store, StoreError};

/// A delivery as stored (the message as XML; the destination is parsed again on read).
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    push: PushParameters,
    subscription_id: Option<String>,
    result_id: Option<String>,
    not_before: i64,
    xml: String,
}

fn encode(d: &Delivery) -> String {
    let stored = Stored {
        push: d.push.clone(),
        subscription_id: d.subscription_id.as_ref().map(|u| u.as_str().to_owned()),
        result_id: d.result_id.as_ref().map(|u| u.as_str().to_owned()),
        not_before: to_micros(&d.not_before),
        xml: d.message.to_xml(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The delivery a stored row holds; `None` if it no longer decodes.
fn decode(text: &str) -> Option<Delivery> {
    let s: Stored = serde_json::from_str(text).ok()?;
    // The address passed the engine's check when the delivery was made.
    let destination = check_destination(&s.push.address, true).ok()?;
    let message = taxii_messages::decode(s.xml.as_bytes()).ok()?;
    let mut d = Delivery::new(s.push, destination, to_timestamp(s.not_before), message);
    d.subscription_id = s.subscription_id.and_then(|u| Uri::new(u).ok());
    d.result_id = s.result_id.and_then(|u| Uri::new(u).ok());
    Some(d)
}

impl Store {
    /// Queues deliveries durably; returns their ids.
    pub fn enqueue(&self, deliveries: &[Delivery]) -> Result<Vec<DeliveryId>, StoreError> {
        let mut w = self.writer();
        let tx = w.conn.transaction().ctx("begin enqueue")?;
        let mut ids = Vec::with_capacity(deliveries.len());
        {
            let mut s = tx
                .prepare_cached("INSERT INTO deliveries (message, due) VALUES (?1, ?2)")
                .ctx("prepare enqueue")?;
            for d in deliveries {
                s.execute(params![encode(d), to_micros(&d.not_before)])
                    .ctx("enqueue")?;
                ids.push(tx.last_insert_rowid().max(0) as u64);
            }
        }
        tx.commit().ctx("commit enqueue")?;
        Ok(ids)
    }

    /// Leases up to `limit` due, unleased deliveries to the caller until `lease_until`.
    pub fn claim(
        &self,
        limit: usize,
        now: &Timestamp,
        lease_until: &Timestamp,
    ) -> Result<Vec<QueuedDelivery>, StoreError> {
        let mut w = self.writer();
        let tx = w.conn.transaction().ctx("begin claim")?;
        let now = to_micros(now);
        let rows: Vec<(i64, String, i64, i64)> = {
            let mut s = tx
                .prepare_cached(
                    "SELECT id, message, attempts, token + 1 FROM deliveries
                     WHERE failed = 0 AND due <= ?1 AND (lease IS NULL OR lease <= ?1)
                     ORDER BY due, id LIMIT ?2",
                )
                .ctx("prepare claim")?;
            let rows = s
                .query_map(params![now, limit as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .ctx("claim")?;
            rows.collect::<Result<_, _>>().ctx("read claim")?
        };
        let mut out = Vec::new();
        for (id, text, attempts, token) in rows {
            tx.execute(
                "UPDATE deliveries SET lease = ?2, token = ?3 WHERE id = ?1",
                params![id, to_micros(lease_until), token],
            )
            .ctx("lease")?;
            match decode(&text) {
                Some(d) => out.push(
                    QueuedDelivery::new(id as u64, d, attempts as u32).with_lease(token as u64),
                ),
                None => {
                    // kept and counted as failed rather than dropped
                    tx.execute("UPDATE deliveries SET failed = 1 WHERE id = ?1", [id])
                        .ctx("mark undecodable")?;
                }
            }
        }
        tx.commit().ctx("commit claim")?;
        Ok(out)
    }

    /// Extends the lease of claim `token` on delivery `id`; whether that claim holds it.
    pub fn renew(
        &self,
        id: DeliveryId,
        token: LeaseToken,
        lease_until: &Timestamp,
    ) -> Result<bool, StoreError> {
        let w = self.writer();
        let n = w
            .conn
            .execute(
                "UPDATE deliveries SET lease = ?3 WHERE id = ?1 AND token = ?2 AND failed = 0",
                params![id as i64, token as i64, to_micros(lease_until)],
            )
            .ctx("renew delivery")?;
        Ok(n == 1)
    }

    /// Settles the attempt under claim `token` (any claim when `None`); whether it did.
    pub fn settle(
        &self,
        id: DeliveryId,
        token: LeaseToken,
        outcome: Settlement,
    ) -> Result<bool, StoreError> {
        let token = token as i64;
        let w = self.writer();
        let n = match outcome {
            Settlement::Delivered => w.conn.execute(
                "DELETE FROM deliveries
                 WHERE id = ?1 AND failed = 0 AND token = ?2",
                params![id as i64, token],
            ),
            Settlement::Failed(decision) => {
                let due = match decision {
                    RetryDecision::RetryAt(t) => Some(to_micros(&t)),
                    _ => None,
                };
                w.conn.execute(
                    "UPDATE deliveries SET attempts = attempts + 1, lease = NULL,
                     token = token + 1, due = COALESCE(?3, due), failed = ?3 IS NULL
                     WHERE id = ?1 AND failed = 0 AND token = ?2",
                    params![id as i64, token, due],
                )
            }
        }
        .ctx("settle delivery")?;
        Ok(n == 1)
    }

    /// Releases leases expired at `now`; returns how many.
    pub fn sweep(&self, now: &Timestamp) -> Result<u64, StoreError> {
        let w = self.writer();
        let n = w
            .conn
            .execute(
                "UPDATE deliveries SET lease = NULL WHERE lease IS NOT NULL AND lease <= ?1",
                [to_micros(now)],
            )
            .ctx("sweep deliveries")?;
        Ok(n as u64)
    }

    /// Deliveries with `failed` as given (failed for good, or pending and leased).
    pub fn deliveries_counted(&self, failed: bool) -> Result<u64, StoreError> {
        self.read(|c| {
            let n: Option<i64> = c
                .query_row(
                    "SELECT COUNT(*) FROM deliveries WHERE failed = ?1",
                    [failed],
                    |r| r.get(0),
                )
                .optional()
                .ctx("count deliveries")?;
            Ok(n.unwrap_or(0).max(0) as u64)
        })
    }
}
