//! The password verification cache is keyed by the stored hash as well as the password:
//! an entry made before the password changed never lets the old password in.

use taxii::config::Account;
use taxii::server::auth::{hash_password, Accounts, Credentials};

fn alice(password: &str) -> Account {
    Account {
        username: "alice".into(),
        password_hash: Some(hash_password(password, 1000)),
        token_sha256: None,
        cert_sha256: None,
        read: vec!["*".into()],
        write: vec![],
    }
}

fn basic(password: &str) -> Credentials {
    Credentials::Basic {
        username: "alice".into(),
        password: password.into(),
    }
}

#[test]
fn a_cached_verification_does_not_survive_a_password_change() {
    let before = Accounts::new(&[alice("old")]).unwrap();
    assert!(before.authenticate(&basic("old")).is_some());
    assert!(before.is_cached("alice"));
    // The password changes; the cache is carried over, as a reload keeps it.
    let after = Accounts::new(&[alice("new")])
        .unwrap()
        .keeping_cache_of(&before);
    assert!(after.is_cached("alice"), "the old entry is still there");
    assert!(after.authenticate_cached(&basic("old")).is_none());
    assert!(after.authenticate(&basic("old")).is_none());
    assert!(after.authenticate(&basic("new")).is_some());
}

#[test]
fn a_carried_cache_still_serves_an_unchanged_password() {
    let before = Accounts::new(&[alice("same")]).unwrap();
    assert!(before.authenticate(&basic("same")).is_some());
    // Same password, fresh salt: a different stored hash, so a miss, then verified again.
    let rehashed = Accounts::new(&[alice("same")])
        .unwrap()
        .keeping_cache_of(&before);
    assert!(rehashed.authenticate_cached(&basic("same")).is_none());
    assert!(rehashed.authenticate(&basic("same")).is_some());
    assert!(rehashed.authenticate_cached(&basic("same")).is_some());
}
