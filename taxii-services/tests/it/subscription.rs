//! Subscription management: actions SUB-1..SUB-5 and processing order items 1-7,
//! SUB-6..SUB-8, EX-7, S8.

use taxii_messages::v11::{
    self, ContentBinding, ManageCollectionSubscriptionResponse, PushParameters, Query,
    QueryParameters, SubscriptionAction, SubscriptionStatus,
};
use taxii_messages::{Message, RawXml, StatusType, Uri};
use taxii_services::config::{
    ServerConfig, MESSAGE_BINDING_10, MESSAGE_BINDING_11, PROTOCOL_HTTP, PROTOCOL_HTTPS,
};
use taxii_services::Identity;

use crate::support::*;

const CM: &str = "collection-management-a";

fn reply(o: &taxii_services::Outcome) -> &ManageCollectionSubscriptionResponse {
    match &o.response {
        Message::V11(v11::Message::ManageCollectionSubscriptionResponse(r)) => r,
        other => panic!("{}", other.to_xml()),
    }
}

fn push(address: &str) -> PushParameters {
    PushParameters::new(uri(PROTOCOL_HTTP), address, uri(MESSAGE_BINDING_11))
}

fn subscribe(f: &Fixture, push: Option<PushParameters>) -> Uri {
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&coll_a(), QueryParameters::default(), push),
    );
    let r = reply(&o);
    assert_eq!(r.subscriptions.len(), 1);
    r.subscriptions[0].subscription_id.clone()
}

fn manage(f: &Fixture, action: SubscriptionAction, id: Option<&Uri>) -> taxii_services::Outcome {
    f.send(CM, &test_user(), requests().manage(action, &coll_a(), id))
}

#[test]
fn sub1_subscribe_poll_only_gets_active_with_poll_instances() {
    let f = Fixture::new();
    let mut p = QueryParameters::default();
    p.response_type = Some(v11::ResponseType::Full);
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&coll_a(), p.clone(), None),
    );
    let s = &reply(&o).subscriptions[0];
    assert_eq!(s.status, Some(SubscriptionStatus::Active));
    assert_eq!(s.subscription_parameters.as_ref(), Some(&p));
    assert_eq!(s.push_parameters, None);
    assert_eq!(s.poll_instances.len(), 2);
    wire_roundtrip(&o.response);
}

#[test]
fn sub1_subscribe_with_push_echoes_push_parameters() {
    let f = Fixture::new();
    let pp = push("http://subscriber.example.net/inbox");
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&coll_a(), QueryParameters::default(), Some(pp.clone())),
    );
    assert_eq!(
        reply(&o).subscriptions[0].push_parameters.as_ref(),
        Some(&pp)
    );
}

#[test]
fn sub2_unsubscribe_deletes_and_item3_unknown_is_success() {
    let f = Fixture::new();
    let id = subscribe(&f, None);
    let o = manage(&f, SubscriptionAction::Unsubscribe, Some(&id));
    assert_eq!(
        reply(&o).subscriptions[0].status,
        Some(SubscriptionStatus::Unsubscribed)
    );
    let o = manage(&f, SubscriptionAction::Status, None);
    assert!(reply(&o).subscriptions.is_empty());
    let o = manage(
        &f,
        SubscriptionAction::Unsubscribe,
        Some(&uri("never-existed")),
    );
    assert_eq!(
        reply(&o).subscriptions[0].status,
        Some(SubscriptionStatus::Unsubscribed)
    );
}

#[test]
fn sub3_sub4_item6_pause_and_resume_are_idempotent() {
    let f = Fixture::new();
    let id = subscribe(&f, None);
    for _ in 0..2 {
        let o = manage(&f, SubscriptionAction::Pause, Some(&id));
        assert_eq!(
            reply(&o).subscriptions[0].status,
            Some(SubscriptionStatus::Paused)
        );
    }
    for _ in 0..2 {
        let o = manage(&f, SubscriptionAction::Resume, Some(&id));
        assert_eq!(
            reply(&o).subscriptions[0].status,
            Some(SubscriptionStatus::Active)
        );
    }
}

#[test]
fn ex7_paused_push_subscription_gets_nothing_then_backfill_on_resume() {
    let f = Fixture::new();
    let id = subscribe(&f, Some(push("http://subscriber.example.net/inbox")));
    manage(&f, SubscriptionAction::Pause, Some(&id));
    f.clock.advance_secs(1);
    let o = f.send(
        "inbox-a",
        &test_user(),
        requests().inbox(vec![stix_block("while-paused")], vec![coll_a()]),
    );
    assert_status(&o, StatusType::Success);
    assert!(o.deliveries.is_empty(), "no pushes while paused");
    f.clock.advance_secs(1);
    let o = manage(&f, SubscriptionAction::Resume, Some(&id));
    assert_eq!(
        o.deliveries.len(),
        1,
        "accumulated content is delivered on resume"
    );
    let Message::V11(v11::Message::InboxMessage(m)) = &o.deliveries[0].message else {
        panic!()
    };
    assert_eq!(m.content_blocks.len(), 1);
    // polling a paused subscription is still served
    manage(&f, SubscriptionAction::Pause, Some(&id));
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll_subscription(&coll_a(), &id),
    );
    assert_eq!(poll_response(&o).content_blocks.len(), 1);
}

#[test]
fn sub5_status_lists_own_subscriptions_or_the_named_one() {
    let f = Fixture::new();
    let a = subscribe(&f, None);
    let b = subscribe(&f, Some(push("http://subscriber.example.net/inbox")));
    assert_ne!(a, b);
    let o = manage(&f, SubscriptionAction::Status, None);
    let subs = &reply(&o).subscriptions;
    assert_eq!(subs.len(), 2);
    assert!(subs.iter().all(|s| s.subscription_parameters.is_some()));
    let o = manage(&f, SubscriptionAction::Status, Some(&b));
    assert_eq!(reply(&o).subscriptions.len(), 1);
    assert_eq!(reply(&o).subscriptions[0].subscription_id, b);
    // another identity sees none of them
    let o = f.send(
        CM,
        &Identity::user("other"),
        requests().manage(SubscriptionAction::Status, &coll_a(), None),
    );
    assert_status(&o, StatusType::Unauthorized);
}

#[test]
fn item7_pause_resume_status_of_unknown_subscription_is_not_found() {
    let f = Fixture::new();
    for action in [
        SubscriptionAction::Pause,
        SubscriptionAction::Resume,
        SubscriptionAction::Status,
    ] {
        let o = manage(&f, action, Some(&uri("ghost")));
        let s = assert_status(&o, StatusType::NotFound);
        assert_eq!(s.item().as_deref(), Some("ghost"));
    }
}

#[test]
fn item1_authorization_wins_item2_unknown_collection() {
    let f = Fixture::new();
    let o = f.send(
        CM,
        &Identity::Anonymous,
        requests().subscribe(&uri("nope"), QueryParameters::default(), None),
    );
    assert_status(&o, StatusType::Unauthorized);
    let policy = policy().grant(
        test_user(),
        &uri("nope"),
        &[taxii_services::store::Operation::Subscribe],
    );
    let f = Fixture::with(ServerConfig::new(services()), policy);
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&uri("nope"), QueryParameters::default(), None),
    );
    assert_status(&o, StatusType::NotFound);
}

#[test]
fn item4_err6_unsupported_push_protocol() {
    let f = Fixture::new();
    let pp = PushParameters::new(
        uri(PROTOCOL_HTTPS),
        "https://x.example/",
        uri(MESSAGE_BINDING_11),
    );
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&coll_a(), QueryParameters::default(), Some(pp)),
    );
    let s = assert_status(&o, StatusType::UnsupportedProtocol);
    assert_eq!(s.supported_protocols(), [PROTOCOL_HTTP]);
}

#[test]
fn item4_err7_unsupported_delivery_message_binding() {
    let f = Fixture::new();
    let pp = PushParameters::new(
        uri(PROTOCOL_HTTP),
        "http://x.example/",
        uri(MESSAGE_BINDING_10),
    );
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&coll_a(), QueryParameters::default(), Some(pp)),
    );
    let s = assert_status(&o, StatusType::UnsupportedMessage);
    assert_eq!(s.supported_bindings(), [MESSAGE_BINDING_11]);
}

#[test]
fn item4_err8_err9_unsupported_content_and_query() {
    let f = Fixture::new();
    let mut p = QueryParameters::default();
    p.content_bindings = vec![ContentBinding::new(uri("urn:example:pdf"))];
    let o = f.send(CM, &test_user(), requests().subscribe(&coll_b(), p, None));
    assert_status(&o, StatusType::UnsupportedContent);
    let mut p = QueryParameters::default();
    p.query = Some(Query::Other {
        format_id: uri("urn:example:q"),
        body: RawXml::from_text("q"),
    });
    let o = f.send(CM, &test_user(), requests().subscribe(&coll_a(), p, None));
    assert_status(&o, StatusType::UnsupportedQuery);
}

#[test]
fn item5_identical_subscribe_returns_the_existing_subscription() {
    let f = Fixture::new();
    let a = subscribe(&f, None);
    let b = subscribe(&f, None);
    assert_eq!(a, b);
    let o = manage(&f, SubscriptionAction::Status, None);
    assert_eq!(reply(&o).subscriptions.len(), 1);
}

#[test]
fn sub7_err5_poll_only_subscription_on_unpollable_collection() {
    let f = Fixture::new();
    let mut c = collections().remove(0);
    c.pollable = false;
    f.engine.store().add_collection(c);
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&coll_a(), QueryParameters::default(), None),
    );
    assert_status(&o, StatusType::PollingUnsupported);
}

#[test]
fn sub8_quota_is_denied_and_sub6_nothing_changes() {
    let f = Fixture::with(ServerConfig::new(services()), policy().with_quota(1));
    subscribe(&f, None);
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(
            &coll_a(),
            QueryParameters::default(),
            Some(push("http://a.example/")),
        ),
    );
    assert_status(&o, StatusType::Denied);
    let o = manage(&f, SubscriptionAction::Status, None);
    assert_eq!(reply(&o).subscriptions.len(), 1);
}

#[test]
fn s8_push_to_internal_addresses_is_denied_unless_allowed() {
    let f = Fixture::new();
    for addr in [
        "http://127.0.0.1:9/inbox",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/",
        "http://localhost/",
        "http://[::1]/",
    ] {
        let o = f.send(
            CM,
            &test_user(),
            requests().subscribe(&coll_a(), QueryParameters::default(), Some(push(addr))),
        );
        assert_status(&o, StatusType::Denied);
    }
    let o = manage(&f, SubscriptionAction::Status, None);
    assert!(
        reply(&o).subscriptions.is_empty(),
        "SUB-6: refusals change nothing"
    );
    let f = Fixture::with(
        ServerConfig::new(services()),
        policy().allow_private_destinations(),
    );
    subscribe(&f, Some(push("http://127.0.0.1:9/inbox")));
}

#[test]
fn missing_subscription_id_is_bad_message() {
    let f = Fixture::new();
    for action in [
        SubscriptionAction::Unsubscribe,
        SubscriptionAction::Pause,
        SubscriptionAction::Resume,
    ] {
        let o = manage(&f, action, None);
        assert_status(&o, StatusType::BadMessage);
    }
}

/// Item 7: a subscription id is found only by its owner and only on its own collection.
#[test]
fn item7_a_subscription_is_found_only_by_its_owner_on_its_collection() {
    use taxii_services::store::Operation;
    let other = Identity::user("other");
    let grants = policy().grant(
        other.clone(),
        &coll_a(),
        &[Operation::Read, Operation::Subscribe],
    );
    let f = Fixture::with(ServerConfig::new(services()), grants);
    let id = subscribe(&f, None);
    let status = |who: &Identity, coll: &Uri| {
        let request = requests().manage(SubscriptionAction::Status, coll, Some(&id));
        f.send(CM, who, request)
    };
    assert_eq!(
        reply(&status(&test_user(), &coll_a())).subscriptions.len(),
        1
    );
    for (who, coll) in [(&test_user(), coll_b()), (&other, coll_a())] {
        let o = status(who, &coll);
        let s = assert_status(&o, StatusType::NotFound);
        assert_eq!(s.item().as_deref(), Some(id.as_str()), "{who:?} on {coll}");
    }
}

/// A TAXII 1.0 poll through a COUNT_ONLY subscription made in 1.1 is answered whole, as
/// the count-only 1.1 answer converted, never streamed with the content.
#[test]
fn a_v10_poll_through_a_count_only_subscription_carries_no_content() {
    use taxii_messages::v10;
    use taxii_messages::v11::ResponseType;
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    f.add(&coll_a(), "two");
    let mut params = QueryParameters::default();
    params.response_type = Some(ResponseType::CountOnly);
    let o = f.send(
        CM,
        &test_user(),
        requests().subscribe(&coll_a(), params, None),
    );
    let id = reply(&o).subscriptions[0].subscription_id.clone();
    let poll = requests().poll_v10(&coll_a(), Some(&id), None, None);
    let out = block_on(
        f.engine
            .handle(&Message::V10(poll.into()), &"poll-a".into(), &test_user()),
    );
    match &out.response {
        Message::V10(v10::Message::PollResponse(p)) => {
            assert!(p.content_blocks.is_empty(), "{}", out.response.to_xml())
        }
        other => panic!("{}", other.to_xml()),
    }
}
