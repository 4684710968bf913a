//! The engine's clock on PostgreSQL: the database's time, never running ahead of it.
//!
//! The engine ends a poll's window just before `now`, trusting that content stored later
//! is labelled after it. Labels come from the database's clock, so `now` must not run
//! ahead of it whatever this host's clock says: it is this host's clock corrected by the
//! offset last measured against the database (taken so that it errs behind), less a small
//! margin for drift between measurements, and it never goes backwards.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use taxii_messages::Timestamp;
use taxii_services::store::Clock;

use super::codec::timestamp;
use super::{one_line, PgStore};

/// Kept behind the measured database time, for drift between measurements.
const MARGIN_MICROS: i64 = 1_000;

/// How often the offset is measured again.
pub const RESYNC_EVERY: Duration = Duration::from_secs(10);

/// Database time as seen from this host (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct DbClock {
    offset: Arc<AtomicI64>,
    last: Arc<AtomicI64>,
}

fn local_micros() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

impl DbClock {
    /// Now in database time, in microseconds since 1970.
    pub fn now_micros(&self) -> i64 {
        let t = local_micros() + self.offset.load(Ordering::Relaxed) - MARGIN_MICROS;
        let previous = self.last.fetch_max(t, Ordering::Relaxed);
        previous.max(t)
    }
}

impl Clock for DbClock {
    fn now(&self) -> Timestamp {
        let m = self.now_micros();
        timestamp(m).unwrap_or_else(|_| Timestamp::now())
    }
}

impl PgStore {
    /// Measures the database's clock against this host's and sets `clock` by it: the
    /// database time read is compared with the local time after the answer arrived, so
    /// the offset errs behind.
    pub async fn sync_clock(&self, clock: &DbClock) -> Result<(), String> {
        let client = self.pool.get().await.map_err(|e| one_line(&e))?;
        let row = client
            .query_one(
                "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint",
                &[],
            )
            .await
            .map_err(|e| one_line(&e))?;
        let db: i64 = row.get(0);
        clock.offset.store(db - local_micros(), Ordering::Relaxed);
        Ok(())
    }

    /// Keeps `clock` synchronised in the background, measuring again `every` so often
    /// (the server uses [`RESYNC_EVERY`]).
    pub fn keep_clock(&self, clock: DbClock, every: Duration) {
        let store = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                if let Err(e) = store.sync_clock(&clock).await {
                    tracing::warn!(error = %e, "cannot read the database clock");
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_follows_the_offset_and_never_goes_back() {
        let c = DbClock::default();
        c.offset.store(-60_000_000, Ordering::Relaxed);
        let behind = c.now_micros();
        assert!(behind < local_micros() - 59_000_000);
        c.offset.store(0, Ordering::Relaxed);
        let now = c.now_micros();
        assert!(now > behind);
        c.offset.store(-120_000_000, Ordering::Relaxed);
        assert!(c.now_micros() >= now, "monotonic");
    }

    #[test]
    fn the_clock_keeps_its_margin_behind_the_database() {
        let c = DbClock::default();
        let t = c.now_micros();
        // Half the margin: room for the host clock being slewed between the two reads.
        assert!(
            t <= local_micros() - MARGIN_MICROS / 2,
            "behind by the margin"
        );
    }
}
