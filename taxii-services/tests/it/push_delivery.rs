//! The push delivery cycle (MID-5, EX-7, S8): deliveries built one page at a time by the
//! engine, queued in the MemoryStore, claimed, sent with a fake sender, settled.

use std::collections::VecDeque;
use std::future::{ready, Future};
use std::sync::Mutex;
use std::time::Duration;

use taxii_messages::v11::{
    self, PushParameters, QueryParameters, StatusMessage, SubscriptionAction,
};
use taxii_messages::{Message, MessageId, StatusType, Timestamp};
use taxii_services::config::{ServerConfig, MESSAGE_BINDING_11, PROTOCOL_HTTP};
use taxii_services::push::{
    check_destination, Admission, Courier, Delivery, Lanes, Outcome, PushSender, PushTimings,
    SendError,
};
use taxii_services::store::{Clock, DeliveryQueue, QueuedDelivery};

use crate::support::*;

const CM: &str = "collection-management-a";
const WORKER: &str = "worker-1";

/// How the fake subscriber answers one attempt.
#[derive(Debug, Clone)]
enum Answer {
    Status(StatusType),
    Unanswered,
    Refused,
}

/// A subscriber that answers from a script (then SUCCESS), recording what it was sent
/// and the pauses it was asked to wait.
#[derive(Default)]
struct FakeSender {
    script: Mutex<VecDeque<Answer>>,
    sent: Mutex<Vec<Message>>,
    waits: Mutex<Vec<Duration>>,
}

impl FakeSender {
    fn answering(script: &[Answer]) -> Self {
        FakeSender {
            script: Mutex::new(script.iter().cloned().collect()),
            ..FakeSender::default()
        }
    }
}

impl PushSender for FakeSender {
    fn send(&self, d: &Delivery) -> impl Future<Output = Result<Message, SendError>> + Send {
        self.sent.lock().unwrap().push(d.message.clone());
        let answer = self.script.lock().unwrap().pop_front();
        let status = |t| {
            let id = MessageId::new("answer").unwrap();
            let s = StatusMessage::new(id, d.message.message_id().clone(), t);
            Ok(Message::V11(v11::Message::StatusMessage(s)))
        };
        ready(
            match answer.unwrap_or(Answer::Status(StatusType::Success)) {
                Answer::Status(t) => status(t),
                Answer::Unanswered => Err(SendError::Unanswered("connection refused".into())),
                Answer::Refused => Err(SendError::Refused("resolves to 10.0.0.7".into())),
            },
        )
    }

    fn wait(&self, pause: Duration) -> impl Future<Output = ()> + Send {
        self.waits.lock().unwrap().push(pause);
        ready(())
    }
}

fn push_to(address: &str) -> PushParameters {
    PushParameters::new(uri(PROTOCOL_HTTP), address, uri(MESSAGE_BINDING_11))
}

/// A fixture answering polls and pushes in pages of two records.
fn paged_fixture() -> Fixture {
    let mut config = ServerConfig::new(services());
    config.poll.max_records_per_part = 2;
    Fixture::with(config, policy())
}

/// Queues the deliveries of five records that arrived while a push subscription was
/// paused (EX-7): the engine builds them one page at a time.
fn queue_backfill(f: &Fixture) -> usize {
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(
            &coll_a(),
            QueryParameters::default(),
            Some(push_to("https://sub.example.org/inbox")),
        ),
    );
    let Message::V11(v11::Message::ManageCollectionSubscriptionResponse(r)) = &o.response else {
        panic!("{}", o.response.to_xml())
    };
    let id = r.subscriptions[0].subscription_id.clone();
    let manage = |action| {
        f.send(
            CM,
            &test_user(),
            requests().manage(action, &coll_a(), Some(&id)),
        )
    };
    manage(SubscriptionAction::Pause);
    f.clock.advance_secs(1);
    for n in 0..5 {
        f.add(&coll_a(), &format!("while-paused-{n}"));
    }
    let o = manage(SubscriptionAction::Resume);
    let n = o.deliveries.len();
    block_on(f.engine.store().enqueue(o.deliveries)).unwrap();
    n
}

fn blocks(m: &Message) -> usize {
    match m {
        Message::V11(v11::Message::InboxMessage(m)) => m.content_blocks.len(),
        other => panic!("{}", other.to_xml()),
    }
}

fn counts(f: &Fixture) -> (u64, u64) {
    let q = f.engine.store();
    (
        block_on(q.pending_count()).unwrap(),
        block_on(q.failed_count()).unwrap(),
    )
}

#[test]
fn mid5_pages_become_deliveries_each_delivered_and_acked_once() {
    let f = paged_fixture();
    assert_eq!(queue_backfill(&f), 3, "five records in pages of two");
    let courier = Courier::new(FakeSender::default());
    let done = block_on(courier.run_once(f.engine.store(), WORKER, 10, || f.clock.now())).unwrap();
    assert_eq!(done.len(), 3);
    assert!(done
        .iter()
        .all(|(_, a)| a.outcome == Outcome::Delivered && a.retries == 0));
    let sent = courier.sender().sent.lock().unwrap().clone();
    assert_eq!(sent.iter().map(blocks).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(counts(&f), (0, 0), "acked deliveries leave the queue");
    f.clock.advance_secs(3600);
    let again = block_on(courier.run_once(f.engine.store(), WORKER, 10, || f.clock.now())).unwrap();
    assert!(again.is_empty());
    assert_eq!(
        courier.sender().sent.lock().unwrap().len(),
        3,
        "sent once each"
    );
}

#[test]
fn an_unanswered_delivery_is_retried_then_kept_failed_and_counted() {
    let f = paged_fixture();
    queue_backfill(&f);
    let sender =
        FakeSender::answering(&[Answer::Unanswered, Answer::Unanswered, Answer::Unanswered]);
    let courier = Courier::new(sender);
    let done = block_on(courier.run_once(f.engine.store(), WORKER, 1, || f.clock.now())).unwrap();
    assert_eq!(done.len(), 1);
    let attempts = &done[0].1;
    assert!(
        matches!(attempts.outcome, Outcome::Failed(_)),
        "{attempts:?}"
    );
    assert_eq!(attempts.retries, 2);
    assert_eq!(courier.sender().sent.lock().unwrap().len(), 3);
    assert_eq!(
        *courier.sender().waits.lock().unwrap(),
        PushTimings::default().retry_pauses
    );
    assert_eq!(counts(&f), (2, 1), "the failed one is kept and counted");
    // The failed delivery is never claimed again; the other two are.
    let rest = block_on(courier.run_once(f.engine.store(), WORKER, 10, || f.clock.now())).unwrap();
    assert_eq!(rest.len(), 2);
    assert_eq!(counts(&f), (0, 1));
}

#[test]
fn a_delivery_answered_on_a_later_attempt_is_delivered() {
    let f = paged_fixture();
    queue_backfill(&f);
    let courier = Courier::new(FakeSender::answering(&[Answer::Unanswered]));
    let done = block_on(courier.run_once(f.engine.store(), WORKER, 1, || f.clock.now())).unwrap();
    assert_eq!(done[0].1.outcome, Outcome::Delivered);
    assert_eq!(done[0].1.retries, 1);
    assert_eq!(counts(&f), (2, 0));
}

#[test]
fn sv4_an_answer_other_than_success_is_final() {
    let f = paged_fixture();
    queue_backfill(&f);
    let courier = Courier::new(FakeSender::answering(&[
        Answer::Status(StatusType::Denied),
        Answer::Refused,
    ]));
    let done = block_on(courier.run_once(f.engine.store(), WORKER, 2, || f.clock.now())).unwrap();
    for (_, a) in &done {
        assert!(matches!(a.outcome, Outcome::Failed(_)), "{a:?}");
        assert_eq!(a.retries, 0);
    }
    assert_eq!(courier.sender().sent.lock().unwrap().len(), 2, "no retry");
    assert_eq!(counts(&f), (1, 2));
}

#[test]
fn s8_a_destination_refused_by_the_filter_is_never_contacted() {
    let f = paged_fixture();
    let push = push_to("http://127.0.0.1:9/inbox");
    // Accepted where internal destinations were allowed, refused where they are not.
    let destination = check_destination(&push.address, true).unwrap();
    let message = inbox("7");
    let d = Delivery::new(push, destination, f.clock.now(), message);
    block_on(f.engine.store().enqueue(vec![d])).unwrap();
    let courier = Courier::new(FakeSender::default());
    let done = block_on(courier.run_once(f.engine.store(), WORKER, 10, || f.clock.now())).unwrap();
    assert!(matches!(&done[0].1.outcome, Outcome::Failed(why) if why.contains("127.0.0.1")));
    assert!(courier.sender().sent.lock().unwrap().is_empty());
    assert_eq!(counts(&f), (0, 1));
}

#[test]
fn a_delivery_waits_for_its_not_before_time() {
    let f = paged_fixture();
    queue_backfill(&f);
    let now = f.clock.now();
    let claimed =
        block_on(Courier::new(FakeSender::default()).claim(f.engine.store(), WORKER, 1, &now))
            .unwrap();
    let mut d = claimed[0].delivery.clone();
    d.not_before = later(&now, 7);
    let courier = Courier::new(FakeSender::default());
    let a = block_on(courier.deliver(&d, &now));
    assert_eq!(a.outcome, Outcome::Delivered);
    assert_eq!(
        *courier.sender().waits.lock().unwrap(),
        [Duration::from_secs(7)]
    );
}

fn inbox(id: &str) -> Message {
    let m = v11::InboxMessage::new(MessageId::new(id).unwrap());
    Message::V11(v11::Message::InboxMessage(m))
}

fn later(t: &Timestamp, secs: i64) -> Timestamp {
    Timestamp::new(t.value() + chrono::Duration::seconds(secs))
}

fn job(id: u64, address: &str) -> QueuedDelivery {
    let push = push_to(address);
    let destination = check_destination(address, false).unwrap();
    let message = inbox("1");
    let d = Delivery::new(push, destination, ts(START), message);
    QueuedDelivery::new(id, d, 0)
}

#[test]
fn lanes_keep_a_busy_destination_to_itself() {
    let mut lanes = Lanes::new(1, 1);
    let slow = "http://slow.example.org/inbox";
    let fast = "http://fast.example.org:8080/inbox";
    assert!(matches!(lanes.admit(job(1, slow)), Admission::Start(j) if j.id == 1));
    assert!(matches!(lanes.admit(job(2, slow)), Admission::Waiting));
    assert!(matches!(lanes.admit(job(3, slow)), Admission::Deferred(j) if j.id == 3));
    assert!(
        matches!(lanes.admit(job(4, fast)), Admission::Start(j) if j.id == 4),
        "another destination is not held up"
    );
    assert_eq!(lanes.held(), 3);
    let slow_dest = job(0, slow).delivery.destination;
    assert_eq!(lanes.finish(&slow_dest).map(|j| j.id), Some(2));
    assert_eq!(lanes.held(), 2);
    assert!(lanes.finish(&slow_dest).is_none());
    assert!(matches!(lanes.admit(job(5, slow)), Admission::Start(_)));
}

/// A destination with two slots keeps counting the one still sending after the other ends.
#[test]
fn lanes_count_the_slots_still_in_use_after_one_finishes() {
    let mut lanes = Lanes::new(2, 1);
    let slow = "http://slow.example.org/inbox";
    assert!(matches!(lanes.admit(job(1, slow)), Admission::Start(_)));
    assert!(matches!(lanes.admit(job(2, slow)), Admission::Start(_)));
    assert!(lanes.finish(&job(0, slow).delivery.destination).is_none());
    assert!(matches!(lanes.admit(job(3, slow)), Admission::Start(_)));
    assert!(
        matches!(lanes.admit(job(4, slow)), Admission::Waiting),
        "two are in flight"
    );
}

#[test]
fn a_deferred_delivery_is_claimable_again_after_the_defer_time() {
    let f = paged_fixture();
    queue_backfill(&f);
    let courier = Courier::new(FakeSender::default());
    let now = f.clock.now();
    let claimed = block_on(courier.claim(f.engine.store(), WORKER, 1, &now)).unwrap();
    block_on(courier.settle(
        f.engine.store(),
        claimed[0].id,
        claimed[0].lease,
        &Outcome::Deferred,
        &now,
    ))
    .unwrap();
    let ids = |at: &Timestamp| {
        block_on(courier.claim(f.engine.store(), "worker-2", 10, at))
            .unwrap()
            .into_iter()
            .map(|q| q.id)
            .collect::<Vec<_>>()
    };
    assert!(!ids(&later(&now, 4)).contains(&claimed[0].id));
    assert!(ids(&later(&now, 5)).contains(&claimed[0].id));
    assert_eq!(counts(&f), (3, 0));
}

#[test]
fn a_claim_lost_to_another_worker_is_neither_renewed_nor_settled() {
    let f = paged_fixture();
    queue_backfill(&f);
    let store = f.engine.store();
    let courier = Courier::new(FakeSender::default());
    let now = f.clock.now();
    let first = block_on(courier.claim(store, WORKER, 1, &now)).unwrap();
    let (id, stale) = (first[0].id, first[0].lease);
    // The 15-minute lease runs out and a second worker claims the same delivery.
    let after = later(&now, 16 * 60);
    let second = block_on(courier.claim(store, "worker-2", 10, &after)).unwrap();
    let taken = second.iter().find(|q| q.id == id).expect("claimed again");
    assert!(!block_on(courier.renew(store, id, stale, &after)).unwrap());
    assert!(!block_on(courier.settle(store, id, stale, &Outcome::Delivered, &after)).unwrap());
    assert!(block_on(courier.renew(store, id, taken.lease, &after)).unwrap());
    assert!(block_on(courier.settle(store, id, taken.lease, &Outcome::Delivered, &after)).unwrap());
}

/// A courier reports the timings it was given (the push worker renews leases by them).
#[test]
fn a_courier_reports_the_timings_it_was_given() {
    let mut timings = PushTimings::default();
    timings.lease = Duration::from_secs(42);
    let courier = Courier::new(FakeSender::default()).with_timings(timings.clone());
    assert_eq!(courier.timings(), &timings);
    assert_eq!(
        Courier::new(FakeSender::default()).timings(),
        &PushTimings::default()
    );
}
