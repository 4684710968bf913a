//! What a deployment declares: its service instances and the engine's policies.

use std::fmt;

use taxii_messages::v11::{
    content_binding, message_binding, protocol, ContentBinding, ServiceContact, ServiceType,
    SupportedQuery,
};
use taxii_messages::Uri;

/// The protocol binding id of HTTP (VID-5).
pub const PROTOCOL_HTTP: &str = protocol::HTTP;
/// The protocol binding id of HTTPS (VID-6).
pub const PROTOCOL_HTTPS: &str = protocol::HTTPS;
/// The TAXII 1.1 XML message binding id.
pub const MESSAGE_BINDING_11: &str = message_binding::XML_11;
/// The TAXII 1.0 XML message binding id.
pub const MESSAGE_BINDING_10: &str = message_binding::XML_10;
/// The STIX 1.1.1 content binding id.
pub const STIX_111: &str = content_binding::STIX_XML_111;

/// The name a deployment gives one service instance (e.g. `"poll-a"`); the runtime maps
/// the request's address to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId(String);

impl ServiceId {
    /// A service id.
    pub fn new(id: impl Into<String>) -> Self {
        ServiceId(id.into())
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ServiceId {
    fn from(s: &str) -> Self {
        ServiceId::new(s)
    }
}

/// Whether an inbox wants `Destination_Collection_Name`s (checklist EX-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DestinationRule {
    /// Names may be given; without them content goes to every collection the inbox feeds.
    #[default]
    Optional,
    /// At least one name is required.
    Required,
    /// Names are refused; content goes to every collection the inbox feeds.
    Prohibited,
}

/// Inbox-specific settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct InboxSettings {
    /// Accepted content bindings; empty accepts all.
    pub accepted_content: Vec<ContentBinding>,
    /// Destination collection names: required, optional or prohibited.
    pub destination_rule: DestinationRule,
    /// Collections this inbox feeds; empty means every collection.
    pub collections: Vec<Uri>,
}

impl InboxSettings {
    /// An inbox feeding `collections`, accepting any content, names optional.
    pub fn feeding(collections: Vec<Uri>) -> Self {
        InboxSettings {
            collections,
            ..InboxSettings::default()
        }
    }
}

impl InboxSettings {
    /// Whether this inbox adds content to `collection` (no list: every collection).
    pub fn feeds(&self, collection: &Uri) -> bool {
        self.collections.is_empty() || self.collections.contains(collection)
    }
}

/// One service instance: its type, where it listens and, per type, its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceDefinition {
    /// The deployment's name for it.
    pub id: ServiceId,
    /// Discovery, collection management, poll or inbox.
    pub service_type: ServiceType,
    /// Protocol binding, address and message bindings advertised.
    pub contact: ServiceContact,
    /// Whether it is advertised as available.
    pub available: bool,
    /// Poll services: supported query formats (empty: no query support).
    pub supported_queries: Vec<SupportedQuery>,
    /// Poll services: records per part, overriding [`PollPolicy::max_records_per_part`].
    pub max_records_per_part: Option<usize>,
    /// Inbox services: what they accept and where it goes.
    pub inbox: InboxSettings,
    /// Human-readable description for discovery.
    pub message: Option<String>,
}

impl ServiceDefinition {
    /// A service of `service_type` at `address`, advertising the TAXII 1.1 and 1.0 XML
    /// bindings (the engine answers both) over HTTPS when `address` is an `https:` URL,
    /// else over HTTP (VID-5, VID-6).
    pub fn new(id: impl Into<ServiceId>, service_type: ServiceType, address: &str) -> Self {
        let https = address
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
        let protocol = if https { PROTOCOL_HTTPS } else { PROTOCOL_HTTP };
        let mut contact = ServiceContact::new(uri(protocol), address, uri(MESSAGE_BINDING_11));
        contact.message_bindings.push(uri(MESSAGE_BINDING_10));
        ServiceDefinition {
            id: id.into(),
            service_type,
            contact,
            available: true,
            supported_queries: Vec::new(),
            max_records_per_part: None,
            inbox: InboxSettings::default(),
            message: None,
        }
    }

    /// The same service with inbox settings.
    pub fn with_inbox(mut self, inbox: InboxSettings) -> Self {
        self.inbox = inbox;
        self
    }

    /// The same poll service cutting results into parts of `n` records.
    pub fn with_part_size(mut self, n: usize) -> Self {
        self.max_records_per_part = Some(n);
        self
    }

    /// The same service with a description.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The same service with query support.
    pub fn with_queries(mut self, queries: Vec<SupportedQuery>) -> Self {
        self.supported_queries = queries;
        self
    }
}

impl From<String> for ServiceId {
    fn from(s: String) -> Self {
        ServiceId(s)
    }
}

/// How polls are answered: part size, asynchronous answers, result retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollPolicy {
    /// Records per Poll_Response part; larger results become multi-part (MP-1).
    pub max_records_per_part: usize,
    /// With `allow_asynch`, answer PENDING when the result has more records than this.
    pub defer_above_records: Option<usize>,
    /// Seconds until a deferred result is ready (the `ESTIMATED_WAIT` given).
    pub estimated_wait_secs: u64,
    /// Seconds a multi-part or deferred result set is kept after it is created.
    pub result_ttl_secs: u64,
    /// Answer a Poll_Fulfillment for the part just after the last with an empty final
    /// part instead of `INVALID_RESPONSE_PART` (MP-5). cabby 0.1.23 ignores `more` and
    /// asks for parts until one comes back empty, as OpenTAXII serves them; off by default.
    pub empty_part_after_last: bool,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            max_records_per_part: 100,
            defer_above_records: None,
            estimated_wait_secs: 5,
            result_ttl_secs: 3600,
            empty_part_after_last: false,
        }
    }
}

/// Everything the engine needs to know about the deployment besides its store.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The service instances.
    pub services: Vec<ServiceDefinition>,
    /// Poll behaviour.
    pub poll: PollPolicy,
    /// Content bindings a TAXII 1.0 Feed lists when its collection declares none (1.0
    /// requires at least one, where 1.1 reads an empty list as "any"); default STIX 1.1.1.
    pub v10_feed_bindings: Vec<Uri>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig::new(Vec::new())
    }
}

impl ServerConfig {
    /// A configuration with these services and the default poll policy.
    pub fn new(services: Vec<ServiceDefinition>) -> Self {
        ServerConfig {
            services,
            poll: PollPolicy::default(),
            v10_feed_bindings: vec![uri(STIX_111)],
        }
    }

    /// The service named `id`.
    pub fn service(&self, id: &ServiceId) -> Option<&ServiceDefinition> {
        self.services.iter().find(|s| &s.id == id)
    }

    /// The services of one type.
    pub fn of_type(&self, t: ServiceType) -> impl Iterator<Item = &ServiceDefinition> {
        self.services.iter().filter(move |s| s.service_type == t)
    }
}

/// A `Uri` from a constant known to be valid (no whitespace, not empty).
pub(crate) fn uri(s: &str) -> Uri {
    Uri::new(s).expect("constant URIs are valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_scheme_picks_the_protocol_binding_vid5_vid6() {
        let https = ServiceDefinition::new("p", ServiceType::Poll, "HTTPS://example.org/poll");
        assert_eq!(https.contact.protocol_binding.as_str(), PROTOCOL_HTTPS);
        let http = ServiceDefinition::new("p", ServiceType::Poll, "http://example.org/poll");
        assert_eq!(http.contact.protocol_binding.as_str(), PROTOCOL_HTTP);
        let relative = ServiceDefinition::new("p", ServiceType::Poll, "/poll");
        assert_eq!(relative.contact.protocol_binding.as_str(), PROTOCOL_HTTP);
    }
}
