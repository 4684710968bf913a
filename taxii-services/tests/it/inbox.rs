//! Inbox (SV-4, EX-5, EX-6, ERR-8, ERR-15, ERR-18).

use taxii_messages::v11::{self, ContentBinding, PushParameters, QueryParameters, ServiceType};
use taxii_messages::{Message, StatusType};
use taxii_services::config::{
    DestinationRule, InboxSettings, ServerConfig, ServiceDefinition, MESSAGE_BINDING_11,
    PROTOCOL_HTTP, STIX_111,
};
use taxii_services::store::StoreError;

use crate::support::*;

#[test]
fn err18_accepted_content_is_stored_then_success() {
    let f = Fixture::new();
    let m = requests().inbox(vec![stix_block("in")], vec![coll_a()]);
    let o = f.send("inbox-a", &test_user(), m);
    assert_status(&o, StatusType::Success);
    let stored = f.engine.store().all_records(&coll_a());
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].label(),
        ts(START),
        "labelled with the clock's time"
    );
}

#[test]
fn err15_ex6_required_destination_missing_lists_acceptable_destinations() {
    let f = Fixture::new();
    let o = f.send(
        "inbox-a",
        &test_user(),
        requests().inbox(vec![stix_block("x")], vec![]),
    );
    let s = assert_status(&o, StatusType::DestinationCollectionError);
    // only collections this caller may write to are offered
    assert_eq!(s.acceptable_destinations(), ["collection-a"]);
    assert!(f.engine.store().all_records(&coll_a()).is_empty());
}

#[test]
fn err15_prohibited_or_unknown_destination() {
    let mut inbox = InboxSettings::feeding(vec![coll_a()]);
    inbox.destination_rule = DestinationRule::Prohibited;
    let mut svcs = services();
    svcs.push(
        ServiceDefinition::new("inbox-p", ServiceType::Inbox, "http://h/p").with_inbox(inbox),
    );
    let f = Fixture::with(ServerConfig::new(svcs), policy());
    let o = f.send(
        "inbox-p",
        &test_user(),
        requests().inbox(vec![stix_block("x")], vec![coll_a()]),
    );
    assert_status(&o, StatusType::DestinationCollectionError);
    // without names the inbox routes to what it feeds
    let o = f.send(
        "inbox-p",
        &test_user(),
        requests().inbox(vec![stix_block("x")], vec![]),
    );
    assert_status(&o, StatusType::Success);
    assert_eq!(f.engine.store().all_records(&coll_a()).len(), 1);
    let o = f.send(
        "inbox-a",
        &test_user(),
        requests().inbox(vec![stix_block("x")], vec![uri("nowhere")]),
    );
    assert_status(&o, StatusType::DestinationCollectionError);
}

#[test]
fn err2_read_only_collection_is_unauthorized() {
    // wire 006: push to collection-b where the user may only read
    let f = Fixture::new();
    let o = f.send(
        "inbox-a",
        &test_user(),
        requests().inbox(vec![stix_block("x")], vec![coll_b()]),
    );
    assert_status(&o, StatusType::Unauthorized);
    assert!(f.engine.store().all_records(&coll_b()).is_empty());
}

#[test]
fn err8_ex5_unaccepted_binding_rejects_the_whole_message() {
    let mut inbox = InboxSettings::feeding(vec![coll_a()]);
    inbox.accepted_content = vec![ContentBinding::new(uri(STIX_111))];
    let mut svcs = services();
    svcs.push(
        ServiceDefinition::new("inbox-s", ServiceType::Inbox, "http://h/s").with_inbox(inbox),
    );
    let f = Fixture::with(ServerConfig::new(svcs), policy());
    let m = requests().inbox(vec![stix_block("ok"), other_block()], vec![]);
    let o = f.send("inbox-s", &test_user(), m);
    let s = assert_status(&o, StatusType::UnsupportedContent);
    assert_eq!(s.supported_content(), [STIX_111]);
    assert!(
        f.engine.store().all_records(&coll_a()).is_empty(),
        "nothing of it is kept"
    );
}

#[test]
fn ex6_collection_binding_limits_what_it_receives() {
    let mut svcs = services();
    svcs.push(
        ServiceDefinition::new("inbox-any", ServiceType::Inbox, "http://h/any")
            .with_inbox(InboxSettings::feeding(vec![coll_a(), coll_b()])),
    );
    let policy = policy().grant(
        test_user(),
        &coll_b(),
        &[taxii_services::store::Operation::Write],
    );
    let f = Fixture::with(ServerConfig::new(svcs), policy);
    let o = f.send(
        "inbox-any",
        &test_user(),
        requests().inbox(vec![stix_block("s"), other_block()], vec![]),
    );
    assert_status(&o, StatusType::Success);
    assert_eq!(f.engine.store().all_records(&coll_a()).len(), 2);
    assert_eq!(
        f.engine.store().all_records(&coll_b()).len(),
        1,
        "collection-b holds STIX only"
    );
}

#[test]
fn ex5_no_success_when_storage_fails() {
    let f = Fixture::new();
    f.engine
        .store()
        .fail_with(Some(StoreError::Failed("full".into())));
    let o = f.send(
        "inbox-a",
        &test_user(),
        requests().inbox(vec![stix_block("x")], vec![coll_a()]),
    );
    assert_status(&o, StatusType::Failure);
    assert!(o.deliveries.is_empty());
}

fn push_sub(f: &Fixture, params: QueryParameters) -> taxii_messages::Uri {
    let push = PushParameters::new(
        uri(PROTOCOL_HTTP),
        "https://sub.example.org/inbox",
        uri(MESSAGE_BINDING_11),
    );
    let o = f.send(
        "collection-management-a",
        &test_user(),
        requests().subscribe(&coll_a(), params, Some(push)),
    );
    match o.response {
        Message::V11(v11::Message::ManageCollectionSubscriptionResponse(r)) => {
            r.subscriptions[0].subscription_id.clone()
        }
        other => panic!("{}", other.to_xml()),
    }
}

#[test]
fn new_content_is_pushed_to_active_subscribers_mid5() {
    let f = Fixture::new();
    let sid = push_sub(&f, QueryParameters::default());
    let o = f.send(
        "inbox-a",
        &test_user(),
        requests().inbox(vec![stix_block("new")], vec![coll_a()]),
    );
    assert_status(&o, StatusType::Success);
    assert_eq!(o.deliveries.len(), 1);
    let d = &o.deliveries[0];
    assert_eq!(d.subscription_id.as_ref(), Some(&sid));
    let Message::V11(v11::Message::InboxMessage(m)) = &d.message else {
        panic!()
    };
    let src = m.source_subscription.as_ref().unwrap();
    assert_eq!(src.subscription_id, sid);
    assert_eq!(src.collection_name, coll_a());
    assert_eq!(m.content_blocks.len(), 1);
    wire_roundtrip(&d.message);
}

#[test]
fn sub9_pushes_only_what_the_subscription_selects() {
    let f = Fixture::new();
    let mut p = QueryParameters::default();
    p.content_bindings = vec![ContentBinding::new(uri("urn:example:text"))];
    push_sub(&f, p);
    let o = f.send(
        "inbox-a",
        &test_user(),
        requests().inbox(vec![stix_block("s")], vec![coll_a()]),
    );
    assert!(o.deliveries.is_empty());
    let o = f.send(
        "inbox-a",
        &test_user(),
        requests().inbox(vec![other_block()], vec![coll_a()]),
    );
    assert_eq!(o.deliveries.len(), 1);
}

#[test]
fn an_inbox_feeding_a_list_feeds_only_those_collections() {
    let inbox = InboxSettings::feeding(vec![coll_a()]);
    assert!(inbox.feeds(&coll_a()));
    assert!(!inbox.feeds(&coll_b()), "a collection not listed");
    assert!(
        InboxSettings::default().feeds(&coll_b()),
        "no list: every collection"
    );
}
