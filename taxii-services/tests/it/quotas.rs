//! Per-account quotas (security findings 4 and 5): result sets, subscriptions in number
//! and size. A full quota is answered DENIED; another account's state is never evicted.
//! Also the paged data path: parts of a result set are a snapshot (later blocks never
//! appear), and a Default Query is evaluated page by page with an exact count.

use taxii_messages::v11::{ContentBinding, QueryParameters};
use taxii_messages::StatusType;
use taxii_services::config::ServerConfig;
use taxii_services::store::Quotas;

use crate::support::*;

fn with_quotas(q: Quotas) -> Fixture {
    use taxii_services::store::Operation::{Read, Subscribe};
    let policy = policy()
        .grant(reader_sub(), &coll_a(), &[Read, Subscribe])
        .with_quotas(q);
    Fixture::with(ServerConfig::new(services()), policy)
}

fn poll_b(f: &Fixture, who: &taxii_services::Identity) -> taxii_services::Outcome {
    f.send(
        "poll-b",
        who,
        requests().poll(&coll_a(), Default::default(), None, None),
    )
}

// Finding 4: one account filling its result-set quota gets DENIED; the other account's
// multi-part result stays collectable.
#[test]
fn result_set_quota_is_per_account_and_never_evicts_another_accounts_result() {
    let f = with_quotas(Quotas::new(3, 1, 100, 64 * 1024));
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let mine = poll_response(&poll_b(&f, &test_user())).clone();
    let rid = mine.result_id.clone().expect("multi-part");
    for _ in 0..3 {
        assert!(poll_response(&poll_b(&f, &reader())).has_more());
    }
    let refused = poll_b(&f, &reader());
    let s = assert_status(&refused, StatusType::Denied);
    assert!(
        s.message.as_deref().unwrap_or("").contains("quota"),
        "{s:?}"
    );
    let part2 = f.send(
        "poll-b",
        &test_user(),
        requests().fulfillment(&coll_a(), &rid, 2),
    );
    assert_eq!(titles(poll_response(&part2)), ["two"]);
    // Expired sets free the quota.
    f.clock.advance_secs(4000);
    assert!(poll_response(&poll_b(&f, &reader())).has_more());
}

fn subscribe(f: &Fixture, who: &taxii_services::Identity, p: QueryParameters) -> StatusType {
    let o = f.send(
        "collection-management-a",
        who,
        requests().subscribe(&coll_a(), p, None),
    );
    o.status_type().cloned().unwrap_or(StatusType::Success)
}

fn distinct(n: usize) -> QueryParameters {
    let mut p = QueryParameters::default();
    p.content_bindings = vec![ContentBinding::new(uri(&format!("urn:example:b{n}")))];
    p
}

// Finding 5: subscriptions are limited in number per account, and in size.
#[test]
fn subscription_quota_counts_per_account_and_limits_parameter_size() {
    let f = with_quotas(Quotas::new(64, 16, 2, 2048));
    assert_eq!(
        subscribe(&f, &test_user(), distinct(1)),
        StatusType::Success
    );
    assert_eq!(
        subscribe(&f, &test_user(), distinct(2)),
        StatusType::Success
    );
    assert_eq!(subscribe(&f, &test_user(), distinct(3)), StatusType::Denied);
    // the same subscription again is not a new one
    assert_eq!(
        subscribe(&f, &test_user(), distinct(2)),
        StatusType::Success
    );
    // another account's quota is its own
    assert_eq!(
        subscribe(&f, &reader_sub(), distinct(3)),
        StatusType::Success
    );
    let f2 = with_quotas(Quotas::new(64, 16, 2, 2048));
    let mut big = QueryParameters::default();
    big.content_bindings = (0..200)
        .map(|n| ContentBinding::new(uri(&format!("urn:example:binding:{n}"))))
        .collect();
    assert_eq!(subscribe(&f2, &test_user(), big), StatusType::Denied);
}

// Finding 5: a subscription request exactly at the size limit is accepted, one a byte
// over it is denied.
#[test]
fn subscription_parameters_exactly_at_the_size_limit_are_accepted() {
    let request = requests().subscribe(&coll_a(), distinct(1), None);
    let size = taxii_messages::v11::Message::from(request).to_xml().len();
    let at_limit = with_quotas(Quotas::new(64, 16, 2, size));
    assert_eq!(
        subscribe(&at_limit, &test_user(), distinct(1)),
        StatusType::Success
    );
    let under = with_quotas(Quotas::new(64, 16, 2, size - 1));
    assert_eq!(
        subscribe(&under, &test_user(), distinct(1)),
        StatusType::Denied
    );
}

/// An account that may subscribe to collection A.
fn reader_sub() -> taxii_services::Identity {
    taxii_services::Identity::user("subscriber")
}

// Snapshot: blocks stored after a multi-part result was made never appear in its parts,
// and the parts together are exactly the blocks that existed, in label order.
#[test]
fn later_blocks_never_appear_in_an_earlier_result() {
    let f = Fixture::new();
    for t in ["one", "two", "three"] {
        f.add(&coll_a(), t);
    }
    let first = poll_response(&poll_b(&f, &test_user())).clone();
    let rid = first.result_id.clone().unwrap();
    let mut got = titles(&first);
    f.add(&coll_a(), "late");
    let mut n = 2;
    loop {
        let o = f.send(
            "poll-b",
            &test_user(),
            requests().fulfillment(&coll_a(), &rid, n),
        );
        let p = poll_response(&o).clone();
        got.extend(titles(&p));
        if !p.has_more() {
            break;
        }
        n += 1;
    }
    assert_eq!(got, ["one", "two", "three"]);
}

// Default Query while paging: the query is evaluated page by page (more records than one
// store read), the Record_Count is exact (partial_count="false"), and the parts together
// are exactly the matching records in label order.
#[test]
fn a_query_is_evaluated_page_by_page_with_an_exact_count() {
    use taxii_messages::query::{Criteria, Criterion, DefaultQuery, Operator, Test};
    use taxii_messages::v11::{PollParameters, Query};
    use taxii_services::config::STIX_111;
    use taxii_services::query::REGEX;

    let f = Fixture::new();
    let mut want = Vec::new();
    for i in 0..600 {
        let title = if i % 3 == 0 {
            format!("keep-{i}")
        } else {
            format!("drop-{i}")
        };
        if i % 3 == 0 {
            want.push(title.clone());
        }
        f.add_block(&coll_a(), stix_block(&title));
    }
    f.clock.advance_secs(1);
    let test = Test::new(
        uri(REGEX),
        "matches",
        vec![("value".to_string(), "^keep".to_string())],
    );
    let criteria = Criteria::new(
        Operator::And,
        vec![],
        vec![Criterion::new("**/Title", test)],
    );
    let mut p = PollParameters::default();
    p.query_parameters.query = Some(Query::Default(DefaultQuery::new(uri(STIX_111), criteria)));
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    let first = poll_response(&o).clone();
    let count = first.record_count.unwrap();
    assert_eq!(count.count, 200, "exact count of matches");
    assert_eq!(count.partial_count, Some(false));
    let rid = first.result_id.clone().unwrap();
    let mut got = titles(&first);
    let mut n = 2;
    while got.len() < 200 {
        let o = f.send(
            "poll-a",
            &test_user(),
            requests().fulfillment(&coll_a(), &rid, n),
        );
        let part = poll_response(&o).clone();
        assert_eq!(part.content_blocks.len(), 10, "part {n} is full");
        got.extend(titles(&part));
        assert_eq!(part.has_more(), n < 20, "part {n} of 20");
        n += 1;
    }
    assert_eq!(got, want);
}

/// What a policy that only authorizes leaves at its defaults: no subscription needed, no
/// subscription cap of its own, default quotas, no private push destinations (S8).
#[test]
fn a_policy_defaults_to_the_safe_limits() {
    use taxii_services::memory::AllowAll;
    use taxii_services::store::Policy;
    let who = test_user();
    assert!(!AllowAll.requires_subscription(&who, &coll_a()));
    assert_eq!(AllowAll.max_subscriptions(&who), None);
    assert_eq!(AllowAll.quotas(&who), Quotas::default());
    assert!(!AllowAll.allow_private_destinations(&who));
}
