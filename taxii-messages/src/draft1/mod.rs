//! TAXII 1.0 Draft 1: the format of the November 2012 drafts and of the "Sample Usage of
//! TAXII" document (checklist §1.6, §8), namespace `http://taxii.mitre.org/messages/xml/1`.
//!
//! Draft 1 differs from final TAXII 1.0 throughout (checklist §8.3): `TAXII_Xxx` roots,
//! hyphenated children and attributes, GUID message ids, STIX-only payloads with one
//! message-level `content-binding`, and short identifiers such as `TAXII_1.0` or
//! `STIX_XML_1.0`. Messages decode with [`decode`] (not [`crate::decode`]: Draft 1 ids are
//! not TAXII message ids), encode with [`Message::to_xml`], and convert to TAXII 1.0 with
//! [`Message::into_v10`] where TAXII 1.0 has a counterpart.
//!
//! `TAXII_SubscriptionAlert`, which only the Draft XSD defines, is read and written too.
//!
//! Deviations of the sample document that are accepted and kept (§8.4, §8.5):
//! subscription records without the XSD's `<protect>` (so `protect` is optional here),
//! message ids of any length with spaces, a `STATUS` action (the prose; the XSD says
//! `QUERY`; both are read), and whitespace inside element text (kept verbatim).
//! Discovery and Feed Information requests of the seed travel as HTTP `GET` query
//! parameters: [`request_from_query`] reads them.

mod alert;
mod common;
mod discovery;
mod error_message;
mod feed;
mod poll;
mod query;
mod subscription;

pub use alert::*;
pub use common::*;
pub use discovery::*;
pub use error_message::*;
pub use feed::*;
pub use poll::*;
pub use query::*;
pub use subscription::*;

use bytes::Bytes;

use crate::namespaces::{Ns, DRAFT1};
use crate::{DecodeError, DecodeOptions};

/// Draft 1 Services Version ID (D1-ID-1).
pub const SERVICES_VERSION: &str = "TAXII_1.0";
/// Draft 1 XML Message Binding ID (D1-ID-2).
pub const MESSAGE_BINDING: &str = "TAXII_XML_BINDING_1.0";
/// Draft 1 HTTP Protocol Binding ID (D1-ID-3).
pub const HTTP_BINDING: &str = "TAXII_HTTP_BINDING_1.0";
/// Draft 1 HTTPS Protocol Binding ID (D1-ID-3).
pub const HTTPS_BINDING: &str = "TAXII_HTTPS_BINDING_1.0";
/// The `delivery-method` meaning "via a Poll service" (D1-ID-6).
pub const POLL_DELIVERY: &str = "POLL";

pub(crate) const NS: Ns = Ns::Draft1;

crate::message_enum::message_enum! {
    version: "TAXII 1.0 Draft 1",
    root_example: "TAXII_PollRequest",
    prefix: "",
    unknown: crate::unknown_root,
    id: /// The header: message id, in-response-to, extended headers.
    fn header() -> Header { header },
    id_mut: /// The header, to change it in place.
    fn header_mut,
    ErrorMessage = "TAXII_ErrorMessage",
    DiscoveryRequest = "TAXII_DiscoveryRequest",
    DiscoveryResponse = "TAXII_DiscoveryResponse",
    FeedInformationRequest = "TAXII_FeedInformationRequest",
    FeedInformationResponse = "TAXII_FeedInformationResponse",
    SubscriptionManagementRequest = "TAXII_SubscriptionManagementRequest",
    SubscriptionManagementResponse = "TAXII_SubscriptionManagementResponse",
    PollRequest = "TAXII_PollRequest",
    PollResponse = "TAXII_PollResponse",
    StixMessage = "TAXII_STIXMessage",
    SubscriptionAlert = "TAXII_SubscriptionAlert",
}

/// Draft 1 documents use the Draft namespace as the default namespace, like the seed.
const ROOT_BINDINGS: &[(&str, &str)] = &[("", DRAFT1)];

/// Decodes a Draft 1 message (copied once into a shared buffer), default options.
pub fn decode(input: &[u8]) -> std::result::Result<Message, DecodeError> {
    decode_with(Bytes::copy_from_slice(input), &DecodeOptions::default())
}

/// Decodes a Draft 1 message with explicit options; payloads share `input`.
pub fn decode_with(
    input: Bytes,
    options: &DecodeOptions,
) -> std::result::Result<Message, DecodeError> {
    crate::decode_document(input, options, |c, root| match root.ns {
        Ns::Draft1 => Message::decode_named(c, root),
        _ => Err(crate::unknown_root(c, &root)),
    })
}
