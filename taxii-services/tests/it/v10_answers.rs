//! What the TAXII 1.0 translations of the engine's answers carry: the message bindings
//! of service contacts and push methods, an inbox's accepted content (SV-1, SV-2), and
//! the ids of 1.0 Status Messages (MID-3).

use taxii_messages::v11::{ContentBinding, ServiceType};
use taxii_messages::{v10, Message, StatusType, Uri};
use taxii_services::config::{
    InboxSettings, ServerConfig, ServiceDefinition, MESSAGE_BINDING_10, MESSAGE_BINDING_11,
};

use crate::support::*;

fn send10(f: &Fixture, service: &str, m: v10::Message) -> v10::Message {
    let request = Message::V10(m);
    match block_on(f.engine.handle(&request, &service.into(), &test_user())).response {
        Message::V10(m) => m,
        other => panic!("{}", other.to_xml()),
    }
}

fn both_bindings() -> Vec<Uri> {
    vec![uri(MESSAGE_BINDING_11), uri(MESSAGE_BINDING_10)]
}

/// SV-1: 1.0 service contacts keep the message bindings the 1.1 ones name.
#[test]
fn sv1_v10_contacts_keep_their_message_bindings() {
    let f = Fixture::new();
    let v10::Message::DiscoveryResponse(d) =
        send10(&f, "discovery-a", requests().discovery_v10().into())
    else {
        panic!("not a discovery response")
    };
    assert!(!d.service_instances.is_empty());
    for s in &d.service_instances {
        assert_eq!(s.contact.message_bindings, both_bindings(), "{s:?}");
    }
}

/// SV-2: a 1.0 feed's push methods keep their message bindings, and so do its polling
/// and subscription services.
#[test]
fn sv2_v10_feeds_keep_push_and_service_message_bindings() {
    let f = Fixture::new();
    let v10::Message::FeedInformationResponse(info) = send10(
        &f,
        "collection-management-a",
        requests().feed_information().into(),
    ) else {
        panic!("not a feed information response")
    };
    let a = &info.feeds[0];
    assert_eq!(a.feed_name, coll_a());
    assert_eq!(a.push_methods.len(), 1);
    assert_eq!(
        a.push_methods[0].message_bindings,
        vec![uri(MESSAGE_BINDING_11)]
    );
    let services = a.polling_services.iter().chain(&a.subscription_services);
    for contact in services {
        assert_eq!(contact.message_bindings, both_bindings());
    }
}

/// SV-1 (DRs10-8): a 1.0 inbox lists the content it accepts.
#[test]
fn sv1_v10_inbox_lists_its_accepted_content() {
    let accepted = "urn:example.com:content:one";
    let mut settings = InboxSettings::feeding(vec![coll_a()]);
    settings.accepted_content = vec![ContentBinding::new(uri(accepted))];
    let mut svcs = services();
    svcs.push(
        ServiceDefinition::new("inbox-picky", ServiceType::Inbox, "http://h/inbox-picky")
            .with_inbox(settings),
    );
    let f = Fixture::with(ServerConfig::new(svcs), policy());
    let v10::Message::DiscoveryResponse(d) =
        send10(&f, "discovery-a", requests().discovery_v10().into())
    else {
        panic!("not a discovery response")
    };
    let picky = d
        .service_instances
        .iter()
        .find(|s| s.contact.address == "http://h/inbox-picky")
        .expect("the inbox is listed");
    assert_eq!(picky.inbox_accepted_content, vec![uri(accepted)]);
}

/// MID-3: a 1.0 Status Message answering a refused request has a fresh digit id, never
/// the "0" that stands for an unknown id.
#[test]
fn mid3_v10_refusals_have_a_fresh_digit_id() {
    let f = Fixture::new();
    let poll = requests().poll_v10(&uri("secret"), None, None, None);
    let v10::Message::StatusMessage(s) = send10(&f, "poll-a", poll.into()) else {
        panic!("not a status")
    };
    assert_eq!(s.status_type, StatusType::Unauthorized);
    let id = s.message_id.as_str();
    assert!(id != "0" && id.bytes().all(|b| b.is_ascii_digit()), "{id}");
}
