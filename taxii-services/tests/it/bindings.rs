//! Content-binding subtypes and nesting (CB1/ERR-8, EX-5, EX-6): where an inbox or a
//! collection accepts a binding, where a poll asks whether any binding is supported, and
//! `outer|inner` nesting expressions.

use taxii_messages::v11::{ContentBinding, ContentBlock, PollParameters, ServiceType};
use taxii_messages::{RawXml, StatusType};
use taxii_services::config::{InboxSettings, ServerConfig, ServiceDefinition, STIX_111};
use taxii_services::store::{CollectionDefinition, Operation};

use crate::support::*;

const SUB_A: &str = "urn:example:subtype:a";
const SUB_B: &str = "urn:example:subtype:b";

fn stix_with(subtype: Option<&str>) -> ContentBinding {
    let mut b = ContentBinding::new(uri(STIX_111));
    b.subtypes = subtype.into_iter().map(uri).collect();
    b
}

fn block(binding: &str, subtype: Option<&str>) -> ContentBlock {
    let mut b = ContentBlock::new(uri(binding), RawXml::from_text("payload"));
    b.content_binding.subtype = subtype.map(uri);
    b
}

/// A fixture with an inbox `inbox-s` accepting only `accepted`, feeding collection-a.
fn inbox_accepting(accepted: Vec<ContentBinding>) -> Fixture {
    let mut inbox = InboxSettings::feeding(vec![coll_a()]);
    inbox.accepted_content = accepted;
    let mut svcs = services();
    svcs.push(
        ServiceDefinition::new("inbox-s", ServiceType::Inbox, "http://h/s").with_inbox(inbox),
    );
    Fixture::with(ServerConfig::new(svcs), policy())
}

fn push_to_inbox_s(f: &Fixture, b: ContentBlock) -> StatusType {
    let o = f.send("inbox-s", &test_user(), requests().inbox(vec![b], vec![]));
    status(&o).status_type.clone()
}

#[test]
fn err8_an_inbox_accepting_one_subtype_refuses_another() {
    let f = inbox_accepting(vec![stix_with(Some(SUB_A))]);
    assert_eq!(
        push_to_inbox_s(&f, block(STIX_111, Some(SUB_B))),
        StatusType::UnsupportedContent
    );
    assert!(f.engine.store().all_records(&coll_a()).is_empty());
    assert_eq!(
        push_to_inbox_s(&f, block(STIX_111, Some(SUB_A))),
        StatusType::Success
    );
    // A block that claims no subtype is of the binding, so accepted.
    assert_eq!(
        push_to_inbox_s(&f, block(STIX_111, None)),
        StatusType::Success
    );
    assert_eq!(f.engine.store().all_records(&coll_a()).len(), 2);
}

#[test]
fn ex6_a_collection_holding_one_subtype_receives_only_that_subtype() {
    let mut svcs = services();
    svcs.push(
        ServiceDefinition::new("inbox-any", ServiceType::Inbox, "http://h/any")
            .with_inbox(InboxSettings::feeding(vec![coll_a(), coll_b()])),
    );
    let policy = policy().grant(test_user(), &coll_b(), &[Operation::Write]);
    let f = Fixture::with(ServerConfig::new(svcs), policy);
    let mut b = CollectionDefinition::feed(coll_b(), "STIX 1.1.1, subtype a only");
    b.content_bindings = vec![stix_with(Some(SUB_A))];
    f.engine.store().add_collection(b);
    let o = f.send(
        "inbox-any",
        &test_user(),
        requests().inbox(
            vec![block(STIX_111, Some(SUB_A)), block(STIX_111, Some(SUB_B))],
            vec![],
        ),
    );
    assert_status(&o, StatusType::Success);
    assert_eq!(f.engine.store().all_records(&coll_a()).len(), 2);
    let held = f.engine.store().all_records(&coll_b());
    assert_eq!(held.len(), 1, "collection-b holds subtype a only");
    assert_eq!(held[0].binding.subtype, Some(uri(SUB_A)));
}

#[test]
fn err8_a_poll_for_a_subtype_the_collection_does_not_hold_is_unsupported() {
    let f = Fixture::new();
    let mut b = CollectionDefinition::feed(coll_b(), "STIX 1.1.1, subtype a only");
    b.content_bindings = vec![stix_with(Some(SUB_A))];
    f.engine.store().add_collection(b);
    let poll = |subtype: &str| {
        let mut p = PollParameters::default();
        p.query_parameters.content_bindings = vec![stix_with(Some(subtype))];
        f.send(
            "poll-a",
            &test_user(),
            requests().poll(&coll_b(), p, None, None),
        )
    };
    // No subtype asked: the binding is held, whatever its subtypes.
    let mut p = PollParameters::default();
    p.query_parameters.content_bindings = vec![stix_with(None)];
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_b(), p, None, None),
    );
    assert!(poll_response(&o).content_blocks.is_empty());
    let refused = poll(SUB_B);
    let s = assert_status(&refused, StatusType::UnsupportedContent);
    assert_eq!(s.supported_content(), [STIX_111]);
    assert!(poll_response(&poll(SUB_A)).content_blocks.is_empty());
}

#[test]
fn err8_a_collection_holding_every_subtype_supports_any_subtype_asked() {
    // collection-b holds STIX 1.1.1 without subtype restriction.
    let f = Fixture::new();
    let mut p = PollParameters::default();
    p.query_parameters.content_bindings = vec![stix_with(Some(SUB_B))];
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_b(), p, None, None),
    );
    assert!(poll_response(&o).content_blocks.is_empty());
}

#[test]
fn cb1_a_nested_binding_is_accepted_by_its_outer_binding() {
    let f = inbox_accepting(vec![ContentBinding::new(uri("urn:example:envelope"))]);
    assert_eq!(
        push_to_inbox_s(&f, block("urn:example:envelope|urn:example:inner", None)),
        StatusType::Success
    );
    // The inner id alone does not make a block acceptable.
    assert_eq!(
        push_to_inbox_s(&f, block("urn:example:other|urn:example:envelope", None)),
        StatusType::UnsupportedContent
    );
    let held = f.engine.store().all_records(&coll_a());
    assert_eq!(held.len(), 1);
    assert_eq!(
        held[0].binding.binding_id.as_str(),
        "urn:example:envelope|urn:example:inner"
    );
}
