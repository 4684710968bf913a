//! Engine invariants under arbitrary request sequences from several callers: no panic,
//! every response encodes and decodes, answers its request (MID-1), Poll never answers
//! SUCCESS (SV-5), a Status reply to subscription management changes nothing (SUB-6),
//! and a non-SUCCESS inbox reply stores nothing (EX-5).

use pollster::FutureExt as _;
use proptest::prelude::*;
use taxii_messages::v11::{self, PushParameters, QueryParameters, SubscriptionAction};
use taxii_messages::{Message, StatusType, Uri};
use taxii_services::config::{MESSAGE_BINDING_11, PROTOCOL_HTTP};
use taxii_services::store::SubscriptionStore;
use taxii_services::Identity;

use crate::support::*;

#[derive(Debug, Clone)]
enum Op {
    Inbox(u8, bool),
    Poll(u8, bool, u8),
    Fulfil(u8, u64),
    Subscribe(u8, bool),
    Manage(u8, u8, u8),
    Discover,
    Tick,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..3, any::<bool>()).prop_map(|(c, d)| Op::Inbox(c, d)),
        (0u8..3, any::<bool>(), 0u8..4).prop_map(|(c, s, b)| Op::Poll(c, s, b)),
        (0u8..4, 0u64..5).prop_map(|(r, n)| Op::Fulfil(r, n)),
        (0u8..3, any::<bool>()).prop_map(|(c, p)| Op::Subscribe(c, p)),
        (0u8..4, 0u8..4, 0u8..3).prop_map(|(a, s, c)| Op::Manage(a, s, c)),
        Just(Op::Discover),
        Just(Op::Tick),
    ]
}

fn coll(i: u8) -> Uri {
    [coll_a(), coll_b(), uri("collection-z")][usize::from(i % 3)].clone()
}

fn who(i: usize) -> Identity {
    [test_user(), reader(), Identity::Anonymous][i % 3].clone()
}

fn sub_count(f: &Fixture) -> usize {
    [coll_a(), coll_b()]
        .iter()
        .map(|c| f.engine.store().subscriptions(c).block_on().unwrap().len())
        .sum()
}

fn records(f: &Fixture) -> usize {
    [coll_a(), coll_b()]
        .iter()
        .map(|c| f.engine.store().all_records(c).len())
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn engine_invariants(ops in prop::collection::vec((op(), 0usize..3), 1..30)) {
        let f = Fixture::new();
        let mut r = requests();
        let mut result_ids: Vec<Uri> = vec![uri("bogus")];
        let mut sub_ids: Vec<Uri> = vec![uri("ghost")];
        for (op, caller) in ops {
            let caller = who(caller);
            let (svc, msg): (&str, v11::Message) = match &op {
                Op::Inbox(c, d) => {
                    let dest = if *d { vec![coll(*c)] } else { vec![] };
                    ("inbox-a", r.inbox(vec![stix_block("p"), other_block()], dest).into())
                }
                Op::Poll(c, s, _) if *s => ("poll-b", r.poll_subscription(&coll(*c), sub_ids.last().unwrap()).into()),
                Op::Poll(c, _, b) => {
                    let now = taxii_services::store::Clock::now(&f.clock);
                    let begin = [None, Some(ts("2025-01-01T00:00:00Z")), Some(now), Some(ts("2031-01-01T00:00:00Z"))][usize::from(*b)];
                    ("poll-b", r.poll(&coll(*c), Default::default(), begin, None).into())
                }
                Op::Fulfil(i, n) => {
                    let rid = &result_ids[usize::from(*i) % result_ids.len()];
                    ("poll-b", r.fulfillment(&coll_a(), rid, *n).into())
                }
                Op::Subscribe(c, p) => {
                    let push = p.then(|| PushParameters::new(uri(PROTOCOL_HTTP), "http://s.example.com/", uri(MESSAGE_BINDING_11)));
                    ("collection-management-a", r.subscribe(&coll(*c), QueryParameters::default(), push).into())
                }
                Op::Manage(a, s, c) => {
                    let action = [SubscriptionAction::Unsubscribe, SubscriptionAction::Pause, SubscriptionAction::Resume, SubscriptionAction::Status][usize::from(*a)];
                    let id = &sub_ids[usize::from(*s) % sub_ids.len()];
                    ("collection-management-a", r.manage(action, &coll(*c), Some(id)).into())
                }
                Op::Discover => ("discovery-a", r.discovery().into()),
                Op::Tick => { f.clock.advance_secs(1); continue; }
            };
            let req_id = msg.message_id().clone();
            let (subs_before, recs_before) = (sub_count(&f), records(&f));
            let out = f.send(svc, &caller, msg);
            let Message::V11(resp) = wire_roundtrip(&out.response) else { panic!() };
            prop_assert_eq!(resp.in_response_to(), Some(&req_id));
            let status = out.status_type().cloned();
            match &op {
                Op::Poll(..) | Op::Fulfil(..) => prop_assert_ne!(status, Some(StatusType::Success)),
                Op::Subscribe(..) | Op::Manage(..) if status.is_some() => {
                    prop_assert_eq!(sub_count(&f), subs_before, "SUB-6");
                }
                Op::Inbox(..) if status != Some(StatusType::Success) => {
                    prop_assert_eq!(records(&f), recs_before, "EX-5");
                }
                _ => {}
            }
            for d in &out.deliveries {
                wire_roundtrip(&d.message);
            }
            if let v11::Message::PollResponse(p) = &resp {
                if let Some(id) = &p.result_id { result_ids.push(id.clone()); }
            }
            if let v11::Message::ManageCollectionSubscriptionResponse(m) = &resp {
                for s in &m.subscriptions { sub_ids.push(s.subscription_id.clone()); }
            }
        }
    }
}
