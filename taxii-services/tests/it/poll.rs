//! Poll: windows (PR-1..PR-4), count only, content bindings, subscriptions, errors.

use pollster::FutureExt as _;
use taxii_messages::query::{Criteria, Criterion, DefaultQuery, Operator, Test};
use taxii_messages::v11::{
    detail, ContentBinding, PollParameters, Query, QueryParameters, ResponseType,
};
use taxii_messages::{RawXml, StatusType};
use taxii_services::config::{ServerConfig, STIX_111};
use taxii_services::query::CORE;
use taxii_services::Identity;

use crate::support::*;

fn params() -> PollParameters {
    PollParameters::default()
}

#[test]
fn pr1_exclusive_begin_inclusive_end() {
    let f = Fixture::new();
    let t1 = f.add(&coll_a(), "one");
    let t2 = f.add(&coll_a(), "two");
    let t3 = f.add(&coll_a(), "three");
    let _t4 = f.add(&coll_a(), "four");
    let req = requests().poll(&coll_a(), params(), Some(t1), Some(t3));
    let o = f.send("poll-a", &test_user(), req);
    let r = poll_response(&o);
    assert_eq!(titles(r), ["two", "three"], "begin excluded, end included");
    assert_eq!(r.content_blocks[0].timestamp_label, Some(t2));
    // PR-2: the range considered is reported
    assert_eq!(r.exclusive_begin_timestamp, Some(t1));
    assert_eq!(r.inclusive_end_timestamp, Some(t3));
    assert_eq!(r.record_count.as_ref().unwrap().count, 2);
}

#[test]
fn pr3_upper_bound_is_reported_and_never_in_the_future() {
    let f = Fixture::new();
    let t1 = f.add(&coll_a(), "one");
    let now = taxii_services::store::Clock::now(&f.clock);
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), params(), None, None),
    );
    let r = poll_response(&o);
    let end = r
        .inclusive_end_timestamp
        .expect("a feed always reports an upper bound");
    assert!(end >= t1 && end < now, "newest label <= end < next label");
    let future = ts("2099-01-01T00:00:00Z");
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), params(), None, Some(future)),
    );
    assert_eq!(poll_response(&o).inclusive_end_timestamp, Some(end));
    // content stored in the same instant as the poll is found by the next poll
    let t2 = f.add(&coll_a(), "two");
    assert_eq!(t2, now);
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), params(), Some(end), None),
    );
    assert_eq!(titles(poll_response(&o)), ["two"]);
}

#[test]
fn pr4_data_sets_ignore_timestamp_bounds() {
    let f = Fixture::new();
    let t1 = f.add(&coll_b(), "one");
    f.add(&coll_b(), "two");
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_b(), params(), Some(t1), Some(t1)),
    );
    let r = poll_response(&o);
    assert_eq!(titles(r).len(), 2);
    assert_eq!(r.exclusive_begin_timestamp, None);
    assert_eq!(r.inclusive_end_timestamp, None);
}

#[test]
fn en4_count_only_returns_the_count_without_content() {
    let f = Fixture::new();
    for t in ["a", "b", "c"] {
        f.add(&coll_a(), t);
    }
    let mut p = params();
    p.query_parameters.response_type = Some(ResponseType::CountOnly);
    // poll-b has one record per part: count only is never split
    let o = f.send(
        "poll-b",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    let r = poll_response(&o);
    assert!(r.content_blocks.is_empty());
    assert_eq!(r.record_count.as_ref().unwrap().count, 3);
    assert!(!r.has_more());
}

#[test]
fn content_binding_filter_selects_matching_records() {
    let f = Fixture::new();
    f.add(&coll_a(), "stix");
    let other = other_block();
    f.add_block(&coll_a(), other);
    f.clock.advance_secs(1);
    let mut p = params();
    p.query_parameters.content_bindings = vec![ContentBinding::new(uri(STIX_111))];
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    assert_eq!(titles(poll_response(&o)), ["stix"]);
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), params(), None, None),
    );
    assert_eq!(poll_response(&o).content_blocks.len(), 2);
}

#[test]
fn err8_unsupported_content_names_supported_bindings() {
    let f = Fixture::new();
    let mut p = params();
    p.query_parameters.content_bindings = vec![ContentBinding::new(uri("urn:example:text"))];
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_b(), p, None, None),
    );
    let s = assert_status(&o, StatusType::UnsupportedContent);
    assert_eq!(s.supported_content(), [STIX_111]);
}

#[test]
fn err4_unknown_collection_is_not_found_with_item() {
    let policy = policy().grant(
        test_user(),
        &uri("no-such-collection"),
        &[taxii_services::store::Operation::Read],
    );
    let f2 = Fixture::with(ServerConfig::new(services()), policy);
    let o = f2.send(
        "poll-a",
        &test_user(),
        requests().poll(&uri("no-such-collection"), params(), None, None),
    );
    let s = assert_status(&o, StatusType::NotFound);
    assert_eq!(s.item().as_deref(), Some("no-such-collection"));
}

#[test]
fn err2_unauthorized_wins_over_not_found() {
    let f = Fixture::new();
    let o = f.send(
        "poll-a",
        &Identity::Anonymous,
        requests().poll(&coll_a(), params(), None, None),
    );
    assert_status(&o, StatusType::Unauthorized);
    let o = f.send(
        "poll-a",
        &reader(),
        requests().poll(&uri("secret"), params(), None, None),
    );
    assert_status(&o, StatusType::Unauthorized);
}

#[test]
fn err3_subscription_required_is_denied() {
    let f = Fixture::with(
        ServerConfig::new(services()),
        policy().require_subscription(&coll_a()),
    );
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), params(), None, None),
    );
    assert_status(&o, StatusType::Denied);
}

#[test]
fn subscription_poll_uses_its_parameters_and_names_it() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    let mut r = requests();
    let mut qp = QueryParameters::default();
    qp.response_type = Some(ResponseType::CountOnly);
    let o = f.send(
        "collection-management-a",
        &test_user(),
        r.subscribe(&coll_a(), qp, None),
    );
    let sub_id = match &o.response {
        taxii_messages::Message::V11(
            taxii_messages::v11::Message::ManageCollectionSubscriptionResponse(m),
        ) => m.subscriptions[0].subscription_id.clone(),
        other => panic!("{}", other.to_xml()),
    };
    let o = f.send(
        "poll-a",
        &test_user(),
        r.poll_subscription(&coll_a(), &sub_id),
    );
    let resp = poll_response(&o);
    assert_eq!(resp.subscription_id.as_ref(), Some(&sub_id));
    assert!(
        resp.content_blocks.is_empty(),
        "subscription asked for COUNT_ONLY"
    );
    assert_eq!(resp.record_count.as_ref().unwrap().count, 1);
    // someone else's subscription is not found (ERR-4)
    let o = f.send("poll-a", &reader(), r.poll_subscription(&coll_a(), &sub_id));
    assert_status(&o, StatusType::NotFound);
}

fn title_query(value: &str) -> Query {
    let test = Test::new(
        uri(CORE),
        "equals",
        vec![
            ("match_type".into(), "case_sensitive_string".into()),
            ("value".into(), value.into()),
        ],
    );
    Query::Default(DefaultQuery::new(
        uri(STIX_111),
        Criteria::new(
            Operator::And,
            vec![],
            vec![Criterion::new("STIX_Package/STIX_Header/Title", test)],
        ),
    ))
}

#[test]
fn query_selects_matching_records() {
    let f = Fixture::new();
    f.add(&coll_a(), "alpha");
    f.add(&coll_a(), "beta");
    let mut p = params();
    p.query_parameters.query = Some(title_query("beta"));
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    assert_eq!(titles(poll_response(&o)), ["beta"]);
}

#[test]
fn err9_no_query_support_is_unsupported_query_without_formats() {
    let f = Fixture::new();
    let mut p = params();
    p.query_parameters.query = Some(title_query("beta"));
    let o = f.send(
        "poll-b",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    let s = assert_status(&o, StatusType::UnsupportedQuery);
    assert!(s.supported_queries().is_empty());
}

#[test]
fn err9_unknown_query_format_lists_supported_formats() {
    let f = Fixture::new();
    let mut p = params();
    p.query_parameters.query = Some(Query::Other {
        format_id: uri("urn:example:query"),
        body: RawXml::from_text("x"),
    });
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    let s = assert_status(&o, StatusType::UnsupportedQuery);
    assert_eq!(
        s.detail_values(detail::SUPPORTED_QUERY).collect::<Vec<_>>(),
        ["urn:taxii.mitre.org:query:default:1.0"]
    );
}

#[test]
fn c11_2_begin_at_or_after_now_still_reports_a_well_formed_range() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    let future = ts("2030-01-01T00:00:00Z");
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), params(), Some(future), None),
    );
    let r = poll_response(&o);
    assert!(r.content_blocks.is_empty());
    assert!(r.inclusive_end_timestamp.unwrap() > future);
    wire_roundtrip(&o.response);
    let mut req = taxii_messages::v10::PollRequest::new(
        taxii_messages::MessageId::new("9").unwrap(),
        coll_a(),
    );
    req.exclusive_begin_timestamp = Some(future);
    let out = f
        .engine
        .handle(
            &taxii_messages::Message::V10(req.into()),
            &"poll-a".into(),
            &test_user(),
        )
        .block_on();
    wire_roundtrip(&out.response);
}
