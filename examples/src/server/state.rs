//! What every exchange shares: configuration, accounts and the store.

use std::sync::Arc;

use taxii_messages::v11::{self, ServiceContact, ServiceType};
use taxii_messages::{MessageId, Uri};

use super::auth::Accounts;
use crate::config::Config;
use crate::store::Store;

/// The protocol binding id of plain HTTP.
pub const HTTP_BINDING: &str = "urn:taxii.mitre.org:protocol:http:1.0";
/// The protocol binding id of HTTPS.
pub const HTTPS_BINDING: &str = "urn:taxii.mitre.org:protocol:https:1.0";

/// The server's shared state.
#[derive(Debug)]
pub struct State {
    /// The configuration it runs with.
    pub config: Config,
    /// Accounts and the password cache.
    pub accounts: Accounts,
    /// The store.
    pub store: Store,
}

impl State {
    /// State for `config`, opening the store under `config.data`.
    pub fn open(config: Config) -> Result<Arc<State>, Box<dyn std::error::Error + Send + Sync>> {
        config.check()?;
        let accounts = Accounts::new(&config.accounts)?;
        let store = Store::open(&config.data)?;
        Ok(Arc::new(State {
            config,
            accounts,
            store,
        }))
    }

    /// The protocol binding clients reach this server with.
    pub fn protocol_binding(&self) -> Uri {
        let b = if self.config.tls.is_some() {
            HTTPS_BINDING
        } else {
            HTTP_BINDING
        };
        Uri::new(b).expect("constant URI")
    }

    /// The contact of one of the services.
    pub fn contact(&self, service: ServiceType) -> ServiceContact {
        let s = &self.config.services;
        let path = match service {
            ServiceType::Discovery => &s.discovery,
            ServiceType::CollectionManagement => &s.collection_management,
            ServiceType::Poll => &s.poll,
            ServiceType::Inbox => &s.inbox,
        };
        ServiceContact::new(
            self.protocol_binding(),
            format!("{}{path}", self.config.base_url()),
            Uri::new(v11::MESSAGE_BINDING).expect("constant URI"),
        )
    }

    /// Which service, if any, is at `path`.
    pub fn service_at(&self, path: &str) -> Option<ServiceType> {
        let s = &self.config.services;
        [
            (&s.discovery, ServiceType::Discovery),
            (&s.collection_management, ServiceType::CollectionManagement),
            (&s.poll, ServiceType::Poll),
            (&s.inbox, ServiceType::Inbox),
        ]
        .into_iter()
        .find(|(p, _)| p.trim_end_matches('/') == path.trim_end_matches('/'))
        .map(|(_, t)| t)
    }
}

/// A fresh message id.
pub fn new_message_id() -> MessageId {
    MessageId::new(uuid::Uuid::new_v4().to_string()).expect("a UUID is a valid message id")
}

/// A fresh URI-typed id (subscriptions, result sets).
pub fn new_uri_id() -> Uri {
    Uri::new(format!("urn:uuid:{}", uuid::Uuid::new_v4())).expect("a UUID URN is a valid URI")
}
