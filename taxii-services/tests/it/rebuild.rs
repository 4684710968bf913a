//! Rebuilding subscriptions and result sets from stored fields (what a database-backed
//! store does after a restart): every field round-trips; a result set's parts follow
//! from its counts (MP-1, MP-7).

use taxii_messages::v11::{ContentBinding, PushParameters, QueryParameters};
use taxii_services::store::{
    RecordFilter, RecordKey, ResultSet, Scope, Subscription, SubscriptionState, Window,
};

use crate::support::{coll_a, test_user, ts, uri};

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

fn scope() -> Scope {
    let window = Window::new(
        Some(ts("2026-01-01T00:00:00Z")),
        Some(ts("2026-01-02T00:00:00Z")),
    );
    Scope::new(coll_a(), window)
        .with_filter(RecordFilter::bindings(vec![ContentBinding::new(uri(
            "urn:stix.mitre.org:xml:1.1.1",
        ))]))
        .upto(Some(RecordKey::new(ts("2026-01-01T12:00:00Z"), 7)))
}

// MP-4 / MP-7: a stored description rebuilds with every field, and its part count
// follows the record count and part size.
#[test]
fn result_set_rebuilds_every_field_and_counts_its_parts() {
    let mut set = ResultSet::new(
        uri("urn:result:1"),
        test_user(),
        scope(),
        ts("2026-01-01T00:00:00Z"),
        ts("2026-01-01T01:00:00Z"),
    );
    assert_eq!(set.collection, coll_a(), "the scope's collection");
    assert_eq!(
        set.part_starts,
        vec![None],
        "part 1 starts at the beginning"
    );
    assert_eq!(set.part_count(), 1, "an empty set still has its one part");
    set.per_part = 10;
    for (count, parts) in [(0, 1), (1, 1), (10, 1), (11, 2), (100, 10), (101, 11)] {
        set.record_count = count;
        assert_eq!(set.part_count(), parts, "{count} records");
    }
    set.count_only = true;
    assert_eq!(set.part_count(), 1, "count-only answers in one part");
    assert_eq!(set.scope, scope());
    assert_eq!(set.owner, test_user());
}
