//! The poll pager against honest and adversarial servers (MP-2..MP-5, AS-3; cabby's
//! endless loop on `more="true"`).

use proptest::prelude::*;
use taxii_messages::v11::{self, PollResponse, StatusMessage};
use taxii_messages::{Message, MessageId, StatusType, Uri};
use taxii_services::client::{PagerError, PagerLimits, PollPager};

use crate::support::*;

/// One scripted server answer.
#[derive(Debug, Clone)]
enum Answer {
    /// A part: number (None: the one requested; Some(n): that number), more, result id.
    Part(Option<u64>, Option<bool>, Option<u8>),
    Pending(u64, u8),
    Status,
    WrongId,
}

fn rid(n: u8) -> Uri {
    uri(&format!("result-{n}"))
}

fn answer(req: &Message, a: &Answer, n: u64) -> Message {
    let Message::V11(m) = req else { panic!() };
    let id = m.message_id().clone();
    let requested = match m {
        v11::Message::PollFulfillmentRequest(f) => f.result_part_number,
        _ => 1,
    };
    let mid = MessageId::new(format!("s{n}")).unwrap();
    let msg: v11::Message = match a {
        Answer::Part(part, more, r) => {
            let mut p = PollResponse::new(mid, id, coll_a());
            p.result_part_number = Some(part.unwrap_or(requested));
            p.more = *more;
            p.result_id = r.map(rid);
            p.into()
        }
        Answer::Pending(wait, r) => StatusMessage::pending(mid, id, *wait, &rid(*r), false).into(),
        Answer::Status => StatusMessage::new(mid, id, StatusType::InvalidResponsePart)
            .with_detail(v11::detail::MAX_PART_NUMBER, "1")
            .into(),
        Answer::WrongId => StatusMessage::new(
            mid,
            MessageId::new("elsewhere").unwrap(),
            StatusType::Success,
        )
        .into(),
    };
    msg.into()
}

/// Runs the pager; after the script ends the server says "more" forever (cabby's case).
fn run(script: &[Answer], limits: PagerLimits) -> (Vec<u64>, Result<u64, PagerError>, usize) {
    let mut r = requests();
    let first = r.poll(&coll_a(), Default::default(), None, None);
    let mut pager = PollPager::new(first, limits);
    let mut asked = Vec::new();
    let mut rounds = 0usize;
    let endless = Answer::Part(None, Some(true), Some(0));
    while let Some(req) = pager.next_request(&mut r) {
        if let Message::V11(v11::Message::PollFulfillmentRequest(f)) = &req {
            asked.push(f.result_part_number);
        }
        let a = script.get(rounds).unwrap_or(&endless);
        rounds += 1;
        match pager.receive(answer(&req, a, rounds as u64)) {
            Ok(_) => {}
            Err(e) => return (asked, Err(e), rounds),
        }
        assert!(rounds < 10_000, "pager must stop");
    }
    (asked, Ok(pager.parts_received()), rounds)
}

#[test]
fn mp2_follows_an_honest_multi_part_result() {
    let script = [
        Answer::Part(Some(1), Some(true), Some(1)),
        Answer::Part(Some(2), Some(true), Some(1)),
        Answer::Part(Some(3), Some(false), Some(1)),
    ];
    let (asked, res, _) = run(&script, PagerLimits::default());
    assert_eq!(asked, [2, 3]);
    assert_eq!(res.unwrap(), 3);
}

#[test]
fn single_response_needs_no_fulfillment() {
    let (asked, res, rounds) = run(&[Answer::Part(None, None, None)], PagerLimits::default());
    assert!(asked.is_empty());
    assert_eq!((res.unwrap(), rounds), (1, 1));
}

#[test]
fn as3_pending_then_fulfillment_from_part_one() {
    let script = [
        Answer::Pending(5, 7),
        Answer::Pending(2, 7),
        Answer::Part(Some(1), Some(true), Some(7)),
        Answer::Part(Some(2), Some(false), Some(7)),
    ];
    let (asked, res, _) = run(&script, PagerLimits::default());
    assert_eq!(asked, [1, 1, 2]);
    assert_eq!(res.unwrap(), 2);
}

#[test]
fn endless_more_true_stops_at_the_cap() {
    let (_, res, rounds) = run(&[], PagerLimits::new(50, 5));
    match res {
        Err(PagerError::TooManyParts { cap: 50, last }) => {
            assert_eq!(last.result_part_number, Some(50))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(rounds, 50);
}

#[test]
fn mp5_part_past_the_end_surfaces_as_status() {
    let script = [Answer::Part(Some(1), Some(true), Some(1)), Answer::Status];
    let (_, res, _) = run(&script, PagerLimits::default());
    let Err(PagerError::Exchange(e)) = res else {
        panic!("{res:?}")
    };
    assert_eq!(e.status_type(), Some(&StatusType::InvalidResponsePart));
}

#[test]
fn wrong_part_number_missing_result_id_and_changed_result_id_stop() {
    let (_, res, _) = run(
        &[
            Answer::Part(Some(1), Some(true), Some(1)),
            Answer::Part(Some(1), Some(true), Some(1)),
        ],
        PagerLimits::default(),
    );
    assert!(matches!(
        res,
        Err(PagerError::WrongPart {
            requested: 2,
            got: 1
        })
    ));
    let (_, res, _) = run(
        &[Answer::Part(Some(1), Some(true), None)],
        PagerLimits::default(),
    );
    assert!(matches!(res, Err(PagerError::MissingResultId { part: 1 })));
    let (_, res, _) = run(
        &[
            Answer::Part(Some(1), Some(true), Some(1)),
            Answer::Part(Some(2), Some(true), Some(2)),
        ],
        PagerLimits::default(),
    );
    assert!(matches!(res, Err(PagerError::ResultIdChanged { .. })));
    let (_, res, _) = run(&[Answer::WrongId], PagerLimits::default());
    assert!(matches!(res, Err(PagerError::Exchange(_))));
}

#[test]
fn receive_without_request_is_an_error() {
    let mut pager = PollPager::new(
        requests().poll(&coll_a(), Default::default(), None, None),
        PagerLimits::default(),
    );
    let m = answer(
        &v11::Message::from(requests().discovery()).into(),
        &Answer::Part(None, None, None),
        1,
    );
    assert_eq!(pager.receive(m), Err(PagerError::NoRequest));
}

fn any_answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        4 => (prop::option::of(0u64..6), prop::option::of(any::<bool>()), prop::option::of(0u8..3))
            .prop_map(|(p, m, r)| Answer::Part(p, m, r)),
        1 => (0u64..100, 0u8..3).prop_map(|(w, r)| Answer::Pending(w, r)),
        1 => Just(Answer::Status),
        1 => Just(Answer::WrongId),
    ]
}

proptest! {
    /// Whatever the server answers, the pager stops within its caps, never asks for a
    /// part out of sequence, and never reports more parts than the cap.
    #[test]
    fn pager_terminates_against_any_server(script in prop::collection::vec(any_answer(), 0..40),
                                           max_parts in 1u64..20, max_pending in 0u32..5) {
        let limits = PagerLimits::new(max_parts, max_pending);
        let (asked, res, rounds) = run(&script, limits);
        prop_assert!(rounds as u64 <= max_parts + u64::from(max_pending) + 1);
        for w in asked.windows(2) {
            prop_assert!(w[1] == w[0] || w[1] == w[0] + 1, "asked {:?}", asked);
        }
        if let Ok(parts) = res {
            prop_assert!(parts <= max_parts);
        }
    }
}

#[test]
fn as3_pending_answers_are_capped() {
    let pending = [
        Answer::Pending(1, 3),
        Answer::Pending(1, 3),
        Answer::Pending(1, 3),
    ];
    let (_, res, rounds) = run(&pending, PagerLimits::new(50, 2));
    assert!(
        matches!(res, Err(PagerError::TooManyPending { cap: 2 })),
        "{res:?}"
    );
    assert_eq!(rounds, 3);
    let mut script = pending[..2].to_vec();
    script.push(Answer::Part(Some(1), Some(false), Some(3)));
    let (_, res, _) = run(&script, PagerLimits::new(50, 2));
    assert_eq!(
        res.unwrap(),
        1,
        "two pending answers are within a cap of two"
    );
}

#[test]
fn a_pager_is_done_after_the_last_part_only() {
    let mut r = requests();
    let first = r.poll(&coll_a(), Default::default(), None, None);
    let mut pager = PollPager::new(first, PagerLimits::default());
    assert!(!pager.is_done());
    let req = pager.next_request(&mut r).expect("the poll");
    pager
        .receive(answer(&req, &Answer::Part(Some(1), Some(true), Some(1)), 1))
        .unwrap();
    assert!(!pager.is_done(), "more to come");
    let req = pager.next_request(&mut r).expect("part 2");
    pager
        .receive(answer(
            &req,
            &Answer::Part(Some(2), Some(false), Some(1)),
            2,
        ))
        .unwrap();
    assert!(pager.is_done());
    assert!(pager.next_request(&mut r).is_none());
}
