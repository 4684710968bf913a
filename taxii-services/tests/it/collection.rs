//! Collection information (SV-3) shows only what the caller may use (S7).

use taxii_messages::v11::{CollectionInformationResponse, CollectionType};
use taxii_services::client::read_reply;
use taxii_services::config::STIX_111;
use taxii_services::Identity;

use crate::support::*;

fn info(f: &Fixture, who: &Identity) -> CollectionInformationResponse {
    let req = requests().collection_information();
    let id = req.message_id.clone();
    read_reply(&id, f.send("collection-management-a", who, req).response).unwrap()
}

#[test]
fn sv3_collections_with_their_services() {
    let f = Fixture::new();
    let r = info(&f, &test_user());
    assert_eq!(r.collections.len(), 2);
    let a = &r.collections[0];
    assert_eq!(a.collection_name, coll_a());
    assert_eq!(a.kind(), CollectionType::DataFeed);
    assert_eq!(a.polling_services.len(), 2);
    assert_eq!(a.subscription_services.len(), 1);
    assert_eq!(a.receiving_inbox_services.len(), 1);
    assert_eq!(a.push_methods.len(), 1);
    let b = &r.collections[1];
    assert_eq!(b.kind(), CollectionType::DataSet);
    assert_eq!(b.content_bindings[0].binding_id.as_str(), STIX_111);
    assert!(
        b.receiving_inbox_services.is_empty(),
        "S7: read-only collection advertises no inbox"
    );
}

#[test]
fn s7_reader_sees_only_readable_collections_and_no_inbox_or_subscription() {
    let f = Fixture::new();
    let r = info(&f, &reader());
    assert_eq!(r.collections.len(), 1);
    let a = &r.collections[0];
    assert!(a.receiving_inbox_services.is_empty());
    assert!(a.subscription_services.is_empty());
    assert!(a.push_methods.is_empty());
    assert_eq!(a.polling_services.len(), 2);
}

#[test]
fn s7_anonymous_gets_an_empty_list() {
    let f = Fixture::new();
    assert!(info(&f, &Identity::Anonymous).collections.is_empty());
}
