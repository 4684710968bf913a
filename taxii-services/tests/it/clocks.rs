//! The manual clock tests and embedders drive time with.

use taxii_messages::Timestamp;
use taxii_services::memory::ManualClock;
use taxii_services::store::Clock;

#[test]
fn a_manual_clock_shows_what_it_was_set_to_in_every_clone() {
    let t = |s: &str| Timestamp::parse(s).expect("valid");
    let clock = ManualClock::new(t("2026-01-01T00:00:00Z"));
    let shared = clock.clone();
    clock.set(t("2027-06-01T12:00:00Z"));
    assert_eq!(shared.now(), t("2027-06-01T12:00:00Z"));
    shared.advance_micros(1);
    assert_eq!(clock.now(), t("2027-06-01T12:00:00.000001Z"));
}
