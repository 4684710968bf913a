//! How the library's values print in logs and panics.

use taxii_services::memory::MemoryStore;
use taxii_services::Identity;

#[test]
fn identities_print_as_the_principal_or_anonymous() {
    assert_eq!(Identity::user("alice").to_string(), "alice");
    assert_eq!(Identity::Anonymous.to_string(), "anonymous");
}

#[test]
fn a_memory_store_prints_its_name_not_its_records() {
    assert_eq!(format!("{:?}", MemoryStore::new()), "MemoryStore { .. }");
}
