//! The login endpoint of `taxii serve` (issue 17), driven by our own `--jwt-auth` client:
//! a token for good credentials, accepted as Bearer; UNAUTHORIZED for a wrong password or
//! an unknown user; a rotated secret revokes every token. (cabby's `--jwt-auth` against
//! `taxii serve` is in interop/jwt.sh.)

use taxii::client::{Auth, ClientError};
use taxii::config::Account;
use taxii::server::auth::hash_password;
use taxii::server::login::SECRET_FILE;
use taxii_messages::v11::{self, DiscoveryRequest};
use taxii_messages::StatusType;

use crate::serve_support::{client, config, id, start};

fn alice() -> Account {
    Account {
        username: "alice".into(),
        password_hash: Some(hash_password("wonderland", 1000)),
        token_sha256: None,
        cert_sha256: None,
        read: vec!["*".into()],
        write: vec![],
    }
}

async fn discovery_status(c: &taxii::client::Client, url: &str) -> Option<StatusType> {
    match c
        .exchange11(url, DiscoveryRequest::new(id()).into())
        .await
        .unwrap()
    {
        v11::Message::StatusMessage(s) => Some(s.status_type),
        v11::Message::DiscoveryResponse(_) => None,
        other => panic!("unexpected {}", other.root_element()),
    }
}

#[tokio::test]
async fn login_token_is_bearer_until_the_secret_rotates() {
    let (mut cfg, dir) = config();
    cfg.accounts = vec![alice()];
    let data = cfg.data.clone();
    let s = start(cfg.clone(), None).await;
    let (login, discovery) = (s.url("/management/auth"), s.url("/services/discovery"));

    let mut c = client(Auth::None);
    assert_eq!(
        discovery_status(&c, &discovery).await,
        Some(StatusType::Unauthorized)
    );
    c.login_jwt(&login, "alice", "wonderland").await.unwrap();
    let Auth::Bearer(token) = c.options().auth.clone() else {
        panic!("no bearer token after the login");
    };
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");
    assert_eq!(discovery_status(&c, &discovery).await, None);

    for (user, password) in [("alice", "wrong"), ("mallory", "wonderland")] {
        let mut other = client(Auth::None);
        match other.login_jwt(&login, user, password).await {
            Err(ClientError::Login { why, .. }) => assert!(why.contains("401"), "{why}"),
            r => panic!("{user}/{password}: expected a refused login, got {r:?}"),
        }
    }
    // The secret was generated into the data directory; the same one serves a restart.
    assert!(data.join(SECRET_FILE).exists());
    s.stop().await;
    let s = start(cfg.clone(), None).await;
    let discovery = s.url("/services/discovery");
    assert_eq!(discovery_status(&c, &discovery).await, None);
    s.stop().await;

    // A configured secret replaces it: every token issued before is refused.
    cfg.login.secret = Some("x".repeat(40));
    let s = start(cfg, Some(dir)).await;
    let discovery = s.url("/services/discovery");
    assert_eq!(
        discovery_status(&c, &discovery).await,
        Some(StatusType::Unauthorized)
    );
    let mut again = client(Auth::None);
    again
        .login_jwt(&s.url("/management/auth"), "alice", "wonderland")
        .await
        .unwrap();
    assert_eq!(discovery_status(&again, &discovery).await, None);
    s.stop().await;
}

#[tokio::test]
async fn login_path_is_configurable_and_absent_on_an_open_server() {
    let (mut cfg, _dir) = config();
    cfg.accounts = vec![alice()];
    cfg.login.path = "/auth/token".into();
    let s = start(cfg, None).await;
    let mut c = client(Auth::None);
    assert!(c
        .login_jwt(&s.url("/management/auth"), "alice", "wonderland")
        .await
        .is_err());
    c.login_jwt(&s.url("/auth/token"), "alice", "wonderland")
        .await
        .unwrap();
    s.stop().await;

    let (open, _dir) = config();
    let s = start(open, None).await;
    let mut c = client(Auth::None);
    match c.login_jwt(&s.url("/management/auth"), "a", "b").await {
        Err(ClientError::Login { why, .. }) => assert!(why.contains("404"), "{why}"),
        r => panic!("expected 404, got {r:?}"),
    }
    s.stop().await;
}

/// Issue 19 (3): after ten wrong passwords for a user name, even the right password is
/// answered UNAUTHORIZED (without a check) for the rest of the minute; other users are not
/// affected.
#[tokio::test]
async fn failed_logins_are_limited_per_user() {
    let (mut cfg, _dir) = config();
    let mut bob = alice();
    bob.username = "bob".into();
    cfg.accounts = vec![alice(), bob];
    let s = start(cfg, None).await;
    let login = s.url("/management/auth");
    for _ in 0..10 {
        assert!(client(Auth::None)
            .login_jwt(&login, "alice", "wrong")
            .await
            .is_err());
    }
    match client(Auth::None)
        .login_jwt(&login, "alice", "wonderland")
        .await
    {
        Err(ClientError::Login { why, .. }) => assert!(why.contains("401"), "{why}"),
        r => panic!("expected the limit, got {r:?}"),
    }
    client(Auth::None)
        .login_jwt(&login, "bob", "wonderland")
        .await
        .unwrap();
    s.stop().await;
}
