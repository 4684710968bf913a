//! EX-7: what arrived while a push subscription was paused is owed on RESUME as a
//! `Backlog`, read one page of records per delivery, so a long pause costs one page of
//! memory; a runtime (here the tests' fixture and the tower service) turns it into
//! deliveries.

use taxii_messages::v11::{self, PushParameters, QueryParameters, SubscriptionAction};
use taxii_messages::{Message, Timestamp, Uri};
use taxii_services::config::{ServerConfig, MESSAGE_BINDING_11, PROTOCOL_HTTP};
use taxii_services::push::Delivery;
use taxii_services::store::{Clock, Window};
use taxii_services::{Backlog, Outcome};

use crate::support::*;

const CM: &str = "collection-management-a";

/// A fixture pushing in pages of two records.
fn paged() -> Fixture {
    let mut config = ServerConfig::new(services());
    config.poll.max_records_per_part = 2;
    Fixture::with(config, policy())
}

/// A push subscription to collection A, paused while `n` records arrived; its id and
/// when it was paused.
fn paused_with(f: &Fixture, n: usize) -> (Uri, Timestamp) {
    let push = PushParameters::new(
        uri(PROTOCOL_HTTP),
        "https://sub.example.org/inbox",
        uri(MESSAGE_BINDING_11),
    );
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&coll_a(), QueryParameters::default(), Some(push)),
    );
    let Message::V11(v11::Message::ManageCollectionSubscriptionResponse(r)) = &o.response else {
        panic!("{}", o.response.to_xml())
    };
    let id = r.subscriptions[0].subscription_id.clone();
    let paused_at = f.clock.now();
    manage(f, SubscriptionAction::Pause, &id);
    f.clock.advance_secs(1);
    for k in 0..n {
        f.add(&coll_a(), &format!("while-paused-{k}"));
    }
    (id, paused_at)
}

fn manage(f: &Fixture, action: SubscriptionAction, id: &Uri) -> Outcome {
    f.answer(
        CM,
        &test_user(),
        requests().manage(action, &coll_a(), Some(id)),
    )
}

fn inbox(d: &Delivery) -> &v11::InboxMessage {
    match &d.message {
        Message::V11(v11::Message::InboxMessage(m)) => m,
        other => panic!("{}", other.to_xml()),
    }
}

/// Block counts of the deliveries `backlog` yields until it owes nothing.
fn drain(f: &Fixture, backlog: &mut Backlog) -> Vec<usize> {
    let mut sizes = Vec::new();
    while let Some(d) = block_on(f.engine.backlog_page(backlog)).unwrap() {
        sizes.push(inbox(&d).content_blocks.len());
    }
    sizes
}

#[test]
fn ex7_resume_owes_a_backlog_read_one_page_per_delivery() {
    let f = paged();
    let (id, paused_at) = paused_with(&f, 5);
    let mut o = manage(&f, SubscriptionAction::Resume, &id);
    assert!(
        o.deliveries.is_empty(),
        "nothing is built before it is asked"
    );
    let mut backlog = o
        .backlog
        .take()
        .expect("a resumed push subscription owes its pause");
    assert_eq!(backlog.subscription_id(), &id);
    assert_eq!(
        backlog.window(),
        Window::new(Some(paused_at), Some(f.clock.now()))
    );
    let first = block_on(f.engine.backlog_page(&mut backlog))
        .unwrap()
        .expect("a first page");
    let m = inbox(&first);
    assert_eq!(m.content_blocks.len(), 2, "one page of records");
    let source = m.source_subscription.as_ref().expect("Source_Subscription");
    assert_eq!(source.subscription_id, id);
    assert_eq!(source.exclusive_begin_timestamp, Some(paused_at));
    assert_eq!(
        drain(&f, &mut backlog),
        [2, 1],
        "the rest, a page at a time"
    );
    assert!(block_on(f.engine.backlog_page(&mut backlog))
        .unwrap()
        .is_none());
}

#[test]
fn ex7_a_backlog_leaves_out_what_arrived_after_the_resume() {
    let f = paged();
    let (id, _) = paused_with(&f, 3);
    let mut backlog = manage(&f, SubscriptionAction::Resume, &id).backlog.unwrap();
    f.clock.advance_secs(1);
    for k in 0..4 {
        f.add(&coll_a(), &format!("after-resume-{k}"));
    }
    assert_eq!(drain(&f, &mut backlog), [2, 1]);
}

#[test]
fn ex7_a_backlog_ends_when_its_subscription_is_paused_again_or_removed() {
    let f = paged();
    let (id, _) = paused_with(&f, 5);
    let mut backlog = manage(&f, SubscriptionAction::Resume, &id).backlog.unwrap();
    assert!(block_on(f.engine.backlog_page(&mut backlog))
        .unwrap()
        .is_some());
    manage(&f, SubscriptionAction::Pause, &id);
    assert_eq!(drain(&f, &mut backlog.clone()), Vec::<usize>::new());
    manage(&f, SubscriptionAction::Resume, &id);
    assert_eq!(
        drain(&f, &mut backlog.clone()),
        [2, 1],
        "active again: owed again"
    );
    manage(&f, SubscriptionAction::Unsubscribe, &id);
    assert_eq!(drain(&f, &mut backlog), Vec::<usize>::new());
}

#[test]
fn ex7_resuming_an_active_or_poll_only_subscription_owes_nothing() {
    let f = paged();
    let (id, _) = paused_with(&f, 2);
    assert!(manage(&f, SubscriptionAction::Resume, &id)
        .backlog
        .is_some());
    assert!(
        manage(&f, SubscriptionAction::Resume, &id)
            .backlog
            .is_none(),
        "already active"
    );
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&coll_a(), QueryParameters::default(), None),
    );
    let Message::V11(v11::Message::ManageCollectionSubscriptionResponse(r)) = &o.response else {
        panic!()
    };
    let poll_only = r.subscriptions[0].subscription_id.clone();
    manage(&f, SubscriptionAction::Pause, &poll_only);
    f.add(&coll_a(), "while-paused");
    let mut backlog = manage(&f, SubscriptionAction::Resume, &poll_only)
        .backlog
        .unwrap();
    assert_eq!(
        drain(&f, &mut backlog),
        Vec::<usize>::new(),
        "nothing to push to"
    );
}

#[cfg(feature = "tower")]
#[test]
fn ex7_the_tower_service_hands_a_backlog_over_one_page_per_call() {
    use std::sync::{Arc, Mutex};
    use taxii_http_binding::{ServerPolicy, Transport};
    use taxii_services::tower::TaxiiService;

    let f = paged();
    let (id, _) = paused_with(&f, 5);
    let calls: Arc<Mutex<Vec<Vec<usize>>>> = Arc::default();
    let sink = calls.clone();
    let mut svc = TaxiiService::new(f.engine, ServerPolicy::new(Transport::Http))
        .with_identity(|_| test_user())
        .with_deliveries(move |ds| {
            let sizes = ds.iter().map(|d| inbox(d).content_blocks.len()).collect();
            sink.lock().unwrap().push(sizes);
        });
    let resume = requests().manage(SubscriptionAction::Resume, &coll_a(), Some(&id));
    let answer = crate::tower::exchange(
        &mut svc,
        "/services/collection-management-a",
        &Message::V11(resume.into()),
    );
    assert!(
        matches!(
            answer,
            Message::V11(v11::Message::ManageCollectionSubscriptionResponse(_))
        ),
        "{answer:?}"
    );
    assert_eq!(*calls.lock().unwrap(), [vec![2], vec![2], vec![1]]);
}
