//! Services of other servers that this server's discovery service lists (`[[advertise]]`
//! entries): a communal discovery service for a peer-to-peer group, or a pointer to
//! services hosted elsewhere. They are only listed; requests go to their own addresses.

use serde::Deserialize;
use taxii_messages::v11::ServiceType;
use taxii_services::config::{ServiceDefinition, PROTOCOL_HTTPS};
use taxii_services::push::{check_destination, Scheme};

/// One service hosted elsewhere.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvertisedService {
    /// `DISCOVERY`, `COLLECTION_MANAGEMENT`, `POLL` or `INBOX`.
    #[serde(rename = "type")]
    pub kind: AdvertisedType,
    /// Absolute http(s) address of the service.
    pub address: String,
    /// Text shown with the service in discovery answers.
    #[serde(default)]
    pub message: Option<String>,
}

/// The type of an advertised service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AdvertisedType {
    /// A discovery service.
    Discovery,
    /// A collection management service.
    CollectionManagement,
    /// A poll service.
    Poll,
    /// An inbox service.
    Inbox,
}

impl AdvertisedService {
    /// Why the entry cannot be used, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        check_destination(&self.address, true)
            .map(|_| ())
            .map_err(|e| format!("advertised service: {e}"))
    }

    /// The service definition listed by discovery.
    pub fn definition(&self, index: usize) -> ServiceDefinition {
        let kind = match self.kind {
            AdvertisedType::Discovery => ServiceType::Discovery,
            AdvertisedType::CollectionManagement => ServiceType::CollectionManagement,
            AdvertisedType::Poll => ServiceType::Poll,
            AdvertisedType::Inbox => ServiceType::Inbox,
        };
        let mut d = ServiceDefinition::new(format!("advertised-{index}"), kind, &self.address);
        if let Some(m) = &self.message {
            d = d.with_message(m.clone());
        }
        if check_destination(&self.address, true).is_ok_and(|dest| dest.scheme == Scheme::Https) {
            d.contact.protocol_binding =
                taxii_messages::Uri::new(PROTOCOL_HTTPS).expect("constant URI");
        }
        d
    }
}

/// The definitions of every advertised service, in order.
pub fn definitions(advertised: &[AdvertisedService]) -> Vec<ServiceDefinition> {
    advertised
        .iter()
        .enumerate()
        .map(|(i, a)| a.definition(i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_become_listed_services() {
        let a: AdvertisedService = toml::from_str(
            "type = \"INBOX\"\naddress = \"https://peer.example:8443/inbox\"\nmessage = \"peer B\"",
        )
        .unwrap();
        assert!(a.check().is_ok());
        let d = &definitions(&[a])[0];
        assert_eq!(d.service_type, ServiceType::Inbox);
        assert_eq!(d.contact.address, "https://peer.example:8443/inbox");
        assert_eq!(d.contact.protocol_binding.as_str(), PROTOCOL_HTTPS);
        assert_eq!(d.message.as_deref(), Some("peer B"));
    }

    #[test]
    fn a_bad_address_or_type_is_refused() {
        let bad = AdvertisedService {
            kind: AdvertisedType::Poll,
            address: "ftp://x/poll".into(),
            message: None,
        };
        assert!(bad
            .check()
            .unwrap_err()
            .contains("not an absolute http(s) URL"));
        let err =
            toml::from_str::<AdvertisedService>("type = \"MAILBOX\"\naddress = \"http://a/\"")
                .unwrap_err()
                .to_string();
        assert!(err.contains("MAILBOX"), "{err}");
    }
}
