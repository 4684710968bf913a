//! Discovery advertises only what the caller may use (SV-1, security note S7).

use taxii_messages::v11::{self, DiscoveryResponse, ServiceType};
use taxii_messages::{Message, StatusType, Uri};
use taxii_services::client::read_reply;
use taxii_services::Identity;

use crate::support::*;

fn discover(f: &Fixture, who: &Identity) -> DiscoveryResponse {
    let req = requests().discovery();
    let id = req.message_id.clone();
    read_reply(&id, f.send("discovery-a", who, req).response).unwrap()
}

fn types(r: &DiscoveryResponse) -> Vec<(ServiceType, String)> {
    r.service_instances
        .iter()
        .map(|s| (s.service_type, s.contact.address.clone()))
        .collect()
}

#[test]
fn sv1_full_access_sees_every_service() {
    let f = Fixture::new();
    let r = discover(&f, &test_user());
    assert_eq!(r.service_instances.len(), 5);
    let poll_a = r
        .service_instances
        .iter()
        .find(|s| s.contact.address.ends_with("poll-a"))
        .unwrap();
    assert_eq!(
        poll_a.supported_queries.len(),
        1,
        "poll-a advertises its query support"
    );
    assert_eq!(poll_a.available, Some(true));
}

#[test]
fn s7_read_only_caller_is_not_offered_the_inbox() {
    let f = Fixture::new();
    let r = discover(&f, &reader());
    let t = types(&r);
    assert!(t.iter().all(|(t, _)| *t != ServiceType::Inbox), "{t:?}");
    assert!(t.iter().any(|(t, _)| *t == ServiceType::Poll));
}

#[test]
fn s7_anonymous_sees_only_discovery() {
    let f = Fixture::new();
    let r = discover(&f, &Identity::Anonymous);
    assert!(r
        .service_instances
        .iter()
        .all(|s| s.service_type == ServiceType::Discovery));
}

/// S7 matrix: for every principal and service, advertised iff a request there works.
#[test]
fn s7_advertised_iff_usable() {
    let f = Fixture::new();
    f.add(&coll_a(), "seed");
    for who in [
        test_user(),
        reader(),
        Identity::Anonymous,
        Identity::user("nobody"),
    ] {
        let advertised = types(&discover(&f, &who));
        let mut r = requests();
        let probes: Vec<(&str, v11::Message)> = vec![
            ("collection-management-a", r.collection_information().into()),
            (
                "poll-a",
                r.poll(&coll_a(), Default::default(), None, None).into(),
            ),
            (
                "inbox-a",
                r.inbox(vec![stix_block("m")], vec![coll_a()]).into(),
            ),
        ];
        for (svc, msg) in probes {
            let o = f.send(svc, &who, msg);
            let works = match &o.response {
                Message::V11(v11::Message::StatusMessage(s)) => {
                    s.status_type == StatusType::Success
                }
                Message::V11(v11::Message::CollectionInformationResponse(c)) => {
                    !c.collections.is_empty()
                }
                _ => true,
            };
            let shown = advertised.iter().any(|(_, a)| a.ends_with(svc));
            assert_eq!(shown, works, "{who} at {svc}");
        }
    }
}

/// An inbox's instance lists the content it accepts.
#[test]
fn an_inbox_advertises_the_content_it_accepts() {
    let mut svcs = services();
    let inbox = svcs
        .iter_mut()
        .find(|s| s.service_type == ServiceType::Inbox)
        .unwrap();
    let stix = v11::ContentBinding::new(Uri::new(taxii_services::config::STIX_111).unwrap());
    let mut settings = inbox.inbox.clone();
    settings.accepted_content = vec![stix.clone()];
    *inbox = inbox.clone().with_inbox(settings);
    let f = Fixture::with(taxii_services::config::ServerConfig::new(svcs), policy());
    let r = discover(&f, &test_user());
    let advertised = r
        .service_instances
        .iter()
        .find(|s| s.service_type == ServiceType::Inbox)
        .unwrap();
    assert_eq!(advertised.inbox_accepted_content, vec![stix]);
}
