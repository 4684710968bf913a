//! A clock whose readings never repeat or go back: timestamp labels are unique and
//! increasing even when the system clock steps backwards.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use taxii_messages::Timestamp;

/// Microseconds since the epoch, strictly increasing across readings; clones share state.
#[derive(Debug, Clone, Default)]
pub struct MonotonicClock(Arc<AtomicI64>);

impl MonotonicClock {
    /// A clock that will never answer `floor` or earlier.
    pub fn starting_after(floor: i64) -> Self {
        MonotonicClock(Arc::new(AtomicI64::new(floor)))
    }

    /// Makes every later reading greater than `micros`.
    pub fn advance_past(&self, micros: i64) {
        self.0.fetch_max(micros, Ordering::AcqRel);
    }

    /// The next reading, in microseconds since the epoch.
    pub fn now_micros(&self) -> i64 {
        let system = chrono::Utc::now().timestamp_micros();
        let prev = self
            .0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |last| {
                Some(system.max(last + 1))
            })
            .unwrap_or(system);
        system.max(prev + 1)
    }
}

impl taxii_services::store::Clock for MonotonicClock {
    fn now(&self) -> Timestamp {
        to_timestamp(self.now_micros())
    }
}

/// The timestamp label of `micros` microseconds since the epoch.
pub fn to_timestamp(micros: i64) -> Timestamp {
    let utc = chrono::DateTime::from_timestamp_micros(micros).unwrap_or_default();
    Timestamp::new(utc.fixed_offset())
}

/// Microseconds since the epoch of a timestamp.
pub fn to_micros(t: &Timestamp) -> i64 {
    t.to_utc().timestamp_micros()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_strictly_increase_even_from_the_future() {
        let future = chrono::Utc::now().timestamp_micros() + 10_000_000;
        let c = MonotonicClock::starting_after(future);
        let a = c.now_micros();
        let b = c.clone().now_micros();
        assert_eq!(a, future + 1);
        assert_eq!(b, future + 2);
        assert_eq!(to_micros(&to_timestamp(a)), a);
    }
}
