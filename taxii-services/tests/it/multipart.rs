//! Multi-part results and Poll Fulfillment (MP-1..MP-8, MID-6).

use taxii_messages::v11::PollResponse;
use taxii_messages::{StatusType, Timestamp};
use taxii_services::config::ServerConfig;

use crate::support::*;

fn first_part(f: &Fixture) -> PollResponse {
    let o = f.send(
        "poll-b",
        &test_user(),
        requests().poll(&coll_a(), Default::default(), None, None),
    );
    poll_response(&o).clone()
}

fn fulfil(f: &Fixture, result_id: &taxii_messages::Uri, n: u64) -> taxii_services::Outcome {
    f.send(
        "poll-b",
        &test_user(),
        requests().fulfillment(&coll_a(), result_id, n),
    )
}

#[test]
fn mp2_mp3_mp4_parts_are_numbered_and_fetched_by_fulfillment() {
    let f = Fixture::new();
    for t in ["one", "two", "three"] {
        f.add(&coll_a(), t);
    }
    let p1 = first_part(&f);
    assert_eq!(p1.result_part_number, Some(1));
    assert_eq!(p1.more, Some(true));
    let rid = p1.result_id.clone().expect("MP-2: result_id on part 1");
    assert_eq!(titles(&p1), ["one"]);
    let o2 = fulfil(&f, &rid, 2);
    let p2 = poll_response(&o2);
    assert_eq!((p2.result_part_number, p2.more), (Some(2), Some(true)));
    assert_eq!(titles(p2), ["two"]);
    let o3 = fulfil(&f, &rid, 3);
    let p3 = poll_response(&o3);
    assert_eq!((p3.result_part_number, p3.more), (Some(3), Some(false)));
    assert_eq!(titles(p3), ["three"]);
    // MP-3: any valid part may be fetched again
    let again = fulfil(&f, &rid, 1);
    assert_eq!(titles(poll_response(&again)), ["one"]);
    // every part reports the whole result's count
    assert_eq!(p3.record_count.as_ref().unwrap().count, 3);
}

#[test]
fn mp1_small_results_are_not_split() {
    let f = Fixture::new();
    f.add(&coll_a(), "only");
    let p = first_part(&f);
    assert_eq!(p.result_id, None);
    assert!(!p.has_more());
}

#[test]
fn mp5_err13_part_past_the_end_is_invalid_response_part() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let rid = first_part(&f).result_id.unwrap();
    let s = fulfil(&f, &rid, 3);
    let s = assert_status(&s, StatusType::InvalidResponsePart);
    assert_eq!(s.max_part_number(), Some(2));
    // MP-6: the erroneous request did not invalidate the result set
    let o = fulfil(&f, &rid, 2);
    assert_eq!(titles(poll_response(&o)), ["two"]);
}

#[test]
fn mp6_unknown_or_expired_result_set_is_not_found() {
    let mut config = ServerConfig::new(services());
    config.poll.result_ttl_secs = 60;
    let f = Fixture::with(config, policy());
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let rid = first_part(&f).result_id.unwrap();
    let s = fulfil(&f, &uri("no-such-result"), 1);
    assert_eq!(
        assert_status(&s, StatusType::NotFound).item().as_deref(),
        Some("no-such-result")
    );
    f.clock.advance_secs(61);
    let s = fulfil(&f, &rid, 2);
    assert_status(&s, StatusType::NotFound);
    assert_eq!(
        f.engine.store().result_count(),
        0,
        "expired sets are dropped"
    );
}

#[test]
fn as6_result_sets_belong_to_the_requester() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let rid = first_part(&f).result_id.unwrap();
    let o = f.send(
        "poll-b",
        &reader(),
        requests().fulfillment(&coll_a(), &rid, 2),
    );
    assert_status(&o, StatusType::NotFound);
}

#[test]
fn mid6_fulfillment_response_answers_the_fulfillment() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let rid = first_part(&f).result_id.unwrap();
    let req = requests().fulfillment(&coll_a(), &rid, 2);
    let id = req.message_id.clone();
    let o = f.send("poll-b", &test_user(), req);
    assert_eq!(poll_response(&o).in_response_to, id);
}

#[test]
fn mp7_feed_parts_cover_contiguous_ranges_with_store_labels() {
    let f = Fixture::new();
    let begin = ts("2025-12-31T00:00:00Z");
    let a = f.add(&coll_a(), "a");
    // Stored at the same clock time, they still get distinct labels from the store
    // (no ties to keep together any more), one part each.
    for t in ["b1", "b2"] {
        f.add_block(&coll_a(), stix_block(t));
    }
    f.clock.advance_secs(1);
    f.add(&coll_a(), "c");
    let req = requests().poll(&coll_a(), Default::default(), Some(begin), None);
    let o = f.send("poll-b", &test_user(), req);
    let p1 = poll_response(&o).clone();
    let rid = p1.result_id.clone().unwrap();
    let mut parts = vec![p1];
    while parts.last().unwrap().has_more() {
        let n = parts.len() as u64 + 1;
        parts.push(poll_response(&fulfil(&f, &rid, n)).clone());
    }
    let grouped: Vec<Vec<String>> = parts.iter().map(titles).collect();
    assert_eq!(grouped, vec![vec!["a"], vec!["b1"], vec!["b2"], vec!["c"]]);
    assert_eq!(parts[0].exclusive_begin_timestamp, Some(begin));
    assert_eq!(parts[0].inclusive_end_timestamp, Some(a));
    for w in parts.windows(2) {
        assert_eq!(w[0].inclusive_end_timestamp, w[1].exclusive_begin_timestamp);
    }
    for p in &parts {
        for b in &p.content_blocks {
            let l: Timestamp = b.timestamp_label.unwrap();
            assert!(Some(l) > p.exclusive_begin_timestamp && Some(l) <= p.inclusive_end_timestamp);
        }
    }
}

#[test]
fn mp8_result_sets_get_distinct_ids() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let a = first_part(&f).result_id.unwrap();
    let b = first_part(&f).result_id.unwrap();
    assert_ne!(a, b);
}

mod props {
    use proptest::prelude::*;
    use taxii_messages::v11::ServiceType;
    use taxii_services::config::{ServerConfig, ServiceDefinition};

    use super::super::support::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// MP-1, MP-7: for any labels (with ties) and part size, the parts together hold
        /// exactly the unsplit result, in order; each part's records lie inside its window;
        /// windows chain; ties never straddle a cut.
        #[test]
        fn parts_partition_the_result(gaps in prop::collection::vec(0u8..3, 0..40), size in 1usize..7) {
            let mut svcs = services();
            svcs.push(ServiceDefinition::new("poll-n", ServiceType::Poll, "http://h/n").with_part_size(size));
            svcs.push(ServiceDefinition::new("poll-all", ServiceType::Poll, "http://h/all").with_part_size(usize::MAX));
            let f = Fixture::with(ServerConfig::new(svcs), policy());
            for (i, gap) in gaps.iter().enumerate() {
                f.clock.advance_secs(i64::from(*gap));
                let b = stix_block(&format!("r{i}"));
                f.add_block(&coll_a(), b);
            }
            f.clock.advance_secs(1);
            let all = poll_response(&f.send("poll-all", &test_user(), requests().poll(&coll_a(), Default::default(), None, None))).clone();
            let first = poll_response(&f.send("poll-n", &test_user(), requests().poll(&coll_a(), Default::default(), None, None))).clone();
            let mut parts = vec![first];
            while parts.last().unwrap().has_more() {
                let rid = parts[0].result_id.clone().unwrap();
                let n = parts.len() as u64 + 1;
                prop_assert!(n <= gaps.len() as u64 + 1);
                parts.push(poll_response(&f.send("poll-n", &test_user(), requests().fulfillment(&coll_a(), &rid, n))).clone());
            }
            let joined: Vec<String> = parts.iter().flat_map(titles).collect();
            prop_assert_eq!(joined, titles(&all));
            prop_assert_eq!(parts[0].exclusive_begin_timestamp, all.exclusive_begin_timestamp);
            prop_assert_eq!(parts.last().unwrap().inclusive_end_timestamp, all.inclusive_end_timestamp);
            for w in parts.windows(2) {
                prop_assert_eq!(w[0].inclusive_end_timestamp, w[1].exclusive_begin_timestamp);
            }
            for p in &parts {
                for b in &p.content_blocks {
                    let l = b.timestamp_label;
                    prop_assert!(p.exclusive_begin_timestamp.is_none_or(|x| l > Some(x)));
                    prop_assert!(l <= p.inclusive_end_timestamp);
                }
            }
        }
    }
}

#[test]
fn mp6_a_huge_retention_never_expires_at_once() {
    let mut config = ServerConfig::new(services());
    config.poll.result_ttl_secs = u64::MAX;
    let f = Fixture::with(config, policy());
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let rid = first_part(&f).result_id.unwrap();
    f.clock.advance_secs(86_400 * 365);
    assert_eq!(titles(poll_response(&fulfil(&f, &rid, 2))), ["two"]);
}

/// cabby 0.1.23 ignores `more` and asks for parts until an empty one: with the
/// compatibility switch, the part after the last is an empty final part; further parts
/// are still INVALID_RESPONSE_PART (MP-5).
#[test]
fn mp5_cabby_compatible_empty_part_after_the_last() {
    let mut config = ServerConfig::new(services());
    config.poll.empty_part_after_last = true;
    let f = Fixture::with(config, policy());
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let rid = first_part(&f).result_id.unwrap();
    let o = fulfil(&f, &rid, 3);
    let p = poll_response(&o);
    assert!(p.content_blocks.is_empty());
    assert_eq!((p.result_part_number, p.more), (Some(3), Some(false)));
    wire_roundtrip(&o.response);
    assert_status(&fulfil(&f, &rid, 4), StatusType::InvalidResponsePart);
}

/// PR-4 and MP-4: every part of a data set's result is unbounded in time; a feed's parts
/// end at their last record, but the last part ends where the whole result does.
#[test]
fn mp4_pr4_part_windows_of_sets_and_feeds() {
    let f = Fixture::new();
    f.add(&coll_b(), "one");
    f.add(&coll_b(), "two");
    let o = f.send(
        "poll-b",
        &test_user(),
        requests().poll(&coll_b(), Default::default(), None, None),
    );
    let p1 = poll_response(&o).clone();
    assert!(p1.has_more());
    let rid = p1.result_id.clone().unwrap();
    let o = f.send(
        "poll-b",
        &test_user(),
        requests().fulfillment(&coll_b(), &rid, 2),
    );
    for p in [&p1, poll_response(&o)] {
        assert_eq!(p.exclusive_begin_timestamp, None);
        assert_eq!(p.inclusive_end_timestamp, None);
    }

    // A feed: the last STIX record is followed by one the binding filter leaves out.
    let t1 = f.add(&coll_a(), "one");
    let t2 = f.add(&coll_a(), "two");
    f.add_block(&coll_a(), other_block());
    let mut p = taxii_messages::v11::PollParameters::default();
    p.query_parameters.content_bindings = vec![taxii_messages::v11::ContentBinding::new(uri(
        taxii_services::config::STIX_111,
    ))];
    let o = f.send(
        "poll-b",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    let p1 = poll_response(&o).clone();
    assert_eq!(
        p1.inclusive_end_timestamp,
        Some(t1),
        "part 1 ends at its last record"
    );
    let o = fulfil(&f, p1.result_id.as_ref().unwrap(), 2);
    let p2 = poll_response(&o);
    assert_eq!(titles(p2), ["two"]);
    assert_eq!(p2.exclusive_begin_timestamp, Some(t1));
    let end = p2.inclusive_end_timestamp.expect("a feed part has an end");
    assert!(
        end > t2,
        "the last part ends where the result does ({end}), not at {t2}"
    );
}
