//! Rebuilding subscriptions and result sets from stored fields (what a database-backed
//! store does after a restart): every field round-trips, bad combinations are refused.

use taxii_messages::v11::{ContentInstanceBinding, PushParameters, QueryParameters};
use taxii_messages::RawXml;
use taxii_services::store::legacy::{
    RebuildError, Record, ResultPart, ResultSet, Subscription, SubscriptionState, Window,
};

use crate::support::{coll_a, test_user, ts, uri};

fn record(label: &str) -> Record {
    Record::new(
        coll_a(),
        ts(label),
        ContentInstanceBinding::new(uri("urn:stix.mitre.org:xml:1.1.1")),
        RawXml::from_text("<x/>"),
    )
}

// SUB-1 / SUB-5: a stored subscription rebuilds with push parameters and paused state.
#[test]
fn subscription_rebuilds_every_field() {
    let push = PushParameters::new(
        uri("urn:taxii.mitre.org:protocol:https:1.0"),
        "https://example.org/inbox",
        uri("urn:taxii.mitre.org:message:xml:1.1"),
    );
    let paused = SubscriptionState::Paused {
        since: ts("2026-01-02T00:00:00Z"),
    };
    let s = Subscription::new(
        uri("urn:sub:1"),
        coll_a(),
        test_user(),
        QueryParameters::default(),
        ts("2026-01-01T00:00:00Z"),
    )
    .with_push(push.clone())
    .with_state(paused);
    assert_eq!(s.id, uri("urn:sub:1"));
    assert_eq!(s.collection, coll_a());
    assert_eq!(s.owner, test_user());
    assert_eq!(s.push, Some(push));
    assert_eq!(s.state, paused);
    assert_eq!(s.created, ts("2026-01-01T00:00:00Z"));
    let fresh = Subscription::new(
        uri("urn:sub:2"),
        coll_a(),
        test_user(),
        QueryParameters::default(),
        ts("2026-01-01T00:00:00Z"),
    );
    assert_eq!(fresh.state, SubscriptionState::Active);
    assert_eq!(fresh.push, None);
}

fn window(b: Option<&str>, e: Option<&str>) -> Window {
    Window::new(b.map(ts), e.map(ts))
}

// MP-7: a part holds only records inside its window, in label order.
#[test]
fn part_refuses_record_outside_window_or_unordered() {
    let w = window(Some("2026-01-01T00:00:00Z"), Some("2026-01-02T00:00:00Z"));
    assert!(ResultPart::new(w, vec![record("2026-01-01T12:00:00Z")]).is_ok());
    let outside = ResultPart::new(w, vec![record("2026-01-03T00:00:00Z")]).unwrap_err();
    assert!(matches!(
        outside,
        RebuildError::RecordOutsideWindow { record: 0, .. }
    ));
    let unordered = ResultPart::new(
        w,
        vec![
            record("2026-01-01T13:00:00Z"),
            record("2026-01-01T12:00:00Z"),
        ],
    )
    .unwrap_err();
    assert_eq!(unordered, RebuildError::Unordered { part: 0, record: 1 });
}

fn base_set() -> ResultSet {
    ResultSet::new(
        uri("urn:result:1"),
        coll_a(),
        test_user(),
        ts("2026-01-01T00:00:00Z"),
        ts("2026-01-01T01:00:00Z"),
    )
    .unwrap()
}

// MP-7 / MP-8 / AS-6: a multi-part set rebuilds with every field.
#[test]
fn result_set_rebuilds_every_field() {
    let p1 = ResultPart::new(
        window(None, Some("2026-01-01T00:00:01Z")),
        vec![record("2026-01-01T00:00:01Z")],
    )
    .unwrap();
    let p2 = ResultPart::new(
        window(Some("2026-01-01T00:00:01Z"), None),
        vec![record("2026-01-01T00:00:02Z")],
    )
    .unwrap();
    let set = base_set()
        .with_subscription(uri("urn:sub:1"))
        .with_flags(true, true, false)
        .with_parts(vec![p1.clone(), p2.clone()], 2)
        .unwrap();
    assert_eq!(set.subscription_id, Some(uri("urn:sub:1")));
    assert!(set.asynchronous && set.will_push && !set.count_only);
    assert_eq!(set.parts, vec![p1, p2]);
    assert_eq!(set.record_count, 2);
    assert_eq!(set.owner, test_user());
    assert_eq!(set.expires_at, ts("2026-01-01T01:00:00Z"));
}

// MP-7: parts of a feed follow each other; counts cover the held records.
#[test]
fn result_set_refuses_overlap_low_count_and_early_expiry() {
    let p1 = ResultPart::new(window(None, Some("2026-01-01T00:00:05Z")), vec![]).unwrap();
    let p2 = ResultPart::new(window(Some("2026-01-01T00:00:03Z"), None), vec![]).unwrap();
    assert_eq!(
        base_set().with_parts(vec![p1, p2], 0).unwrap_err(),
        RebuildError::PartsOverlap { part: 2 }
    );
    let full = ResultPart::new(Window::all(), vec![record("2026-01-01T00:00:01Z")]).unwrap();
    assert!(matches!(
        base_set().with_parts(vec![full.clone()], 0).unwrap_err(),
        RebuildError::CountTooLow { count: 0, held: 1 }
    ));
    // Count-only sets may count more than they hold; data-set parts are unbounded.
    let ok = base_set().with_parts(vec![full.clone(), full], 10).unwrap();
    assert_eq!(ok.record_count, 10);
    let early = ResultSet::new(
        uri("urn:result:2"),
        coll_a(),
        test_user(),
        ts("2026-01-02T00:00:00Z"),
        ts("2026-01-01T00:00:00Z"),
    )
    .unwrap_err();
    assert!(matches!(early, RebuildError::ExpiresBeforeReady { .. }));
    assert!(early.to_string().contains("expires"));
}
