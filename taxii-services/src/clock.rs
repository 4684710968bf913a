//! The wall clock, for deployments.

use taxii_messages::Timestamp;

use crate::store::Clock;

/// The system's clock in UTC: what a deployment gives the engine (tests use
/// [`crate::memory::ManualClock`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_clock_moves_forward_from_the_present() {
        let before = Timestamp::parse("2020-01-01T00:00:00Z").unwrap();
        let a = SystemClock.now();
        let b = SystemClock.now();
        assert!(a > before);
        assert!(b >= a);
    }
}
