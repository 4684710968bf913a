//! What a server accepts and how a client reads answers.

use taxii_messages::DecodeOptions;

use crate::body::BodyLimits;
use crate::message::decodable_bindings;
use crate::version::{MessageBinding, ProtocolBinding, ServicesVersion, Transport};

/// What a server accepts: bindings, versions, transport, limits and strictness.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerPolicy {
    /// Message bindings the server reads and answers in, most preferred first.
    pub bindings: Vec<MessageBinding>,
    /// Services versions the server implements.
    pub services: Vec<ServicesVersion>,
    /// The transport the server listens on; `X-TAXII-Protocol` must agree with it (H-5).
    /// A request whose URI is absolute is judged by its scheme instead.
    pub transport: Transport,
    /// Body limits, applied before decoding.
    pub body: BodyLimits,
    /// Message decoding options.
    pub decode: DecodeOptions,
    /// Reject requests without `X-TAXII-Protocol` (H-5 says MUST; OpenTAXII does not
    /// require it, HI-3). Default `true`.
    pub require_protocol_header: bool,
}

impl ServerPolicy {
    /// A policy for a server on `transport` that supports every binding and services
    /// version this build decodes, with default limits.
    pub fn new(transport: Transport) -> ServerPolicy {
        let bindings = decodable_bindings();
        let services = bindings
            .iter()
            .filter_map(|b| b.services_version())
            .collect();
        ServerPolicy {
            bindings,
            services,
            transport,
            body: BodyLimits::default(),
            decode: DecodeOptions::default(),
            require_protocol_header: true,
        }
    }

    /// The protocol bindings accepted on `transport` (VID-5 or VID-6).
    pub fn protocols(&self, transport: Transport) -> Vec<ProtocolBinding> {
        vec![transport.protocol_binding()]
    }
}

/// How a client reads responses.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientPolicy {
    /// Body limits, applied before decoding.
    pub body: BodyLimits,
    /// Message decoding options.
    pub decode: DecodeOptions,
    /// The TAXII version of Status Messages made from non-TAXII responses (Table 2).
    pub services: ServicesVersion,
    /// How many bytes of a non-TAXII body are copied into the Status Message text.
    pub max_echo_bytes: usize,
}

impl ClientPolicy {
    /// A policy for a client speaking `services`, with default limits.
    pub fn new(services: ServicesVersion) -> ClientPolicy {
        ClientPolicy {
            body: BodyLimits::default(),
            decode: DecodeOptions::default(),
            services,
            max_echo_bytes: 4096,
        }
    }
}

impl Default for ClientPolicy {
    /// A TAXII 1.1 client.
    fn default() -> Self {
        ClientPolicy::new(ServicesVersion::V11)
    }
}
