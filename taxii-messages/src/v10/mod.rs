//! TAXII 1.0: the ten messages of the XML Message Binding 1.0 (checklist §5).
//!
//! The model follows the 1.0 specifications, not 1.1: feeds instead of collections,
//! digit-only message ids (G10-2), subscription ids as attributes (DIF-9), content bindings
//! as plain text (DIF-15) and one free-text status detail (DIF-7). [`crate::convert`]
//! translates to and from [`crate::v11`].
//!
//! # Strictness
//!
//! OpenTAXII and libtaxii send a `Feed` without `Content_Binding` (checklist AMB-27, LT-22),
//! which the 1.0 XSD forbids. The default decode ([`crate::decode`]) accepts it and reads
//! the empty list as "any content" so that real feeds work; [`crate::DecodeLevel::Schema`]
//! and stricter levels report it. The encoder writes what the model holds; build feeds
//! with at least one binding to produce schema-valid output.

mod common;
mod discovery;
mod feed;
mod inbox;
mod poll;
mod poll_stream;
mod status;
mod subscription;

pub use common::*;
pub use discovery::*;
pub use feed::*;
pub use inbox::*;
pub use poll::*;
pub use status::*;
pub use subscription::*;

pub(crate) use crate::decode::{foreign_element, wrong_version_or_unknown};
use crate::namespaces::{Ns, ROOT_BINDINGS};
use crate::xml::cursor::{Cursor, Element, Result};

/// The Services Version ID of TAXII 1.0 (VID-1).
pub const SERVICES_VERSION: &str = "urn:taxii.mitre.org:services:1.0";
/// The Message Binding Version ID of the TAXII 1.0 XML binding (VID-3).
pub const MESSAGE_BINDING: &str = "urn:taxii.mitre.org:message:xml:1.0";

pub(crate) const NS: Ns = Ns::Taxii10;

crate::wire_enum::wire_enum! {
    /// The kind of a TAXII 1.0 service (EN-1).
    pub enum ServiceType {
        Discovery = "DISCOVERY",
        FeedManagement = "FEED_MANAGEMENT",
        Inbox = "INBOX",
        Poll = "POLL",
    }
    trimmed: "DISCOVERY, FEED_MANAGEMENT, INBOX or POLL (EN-1)", "DRs10-4",
        "COLLECTION_MANAGEMENT" =>
        "DISCOVERY, FEED_MANAGEMENT, INBOX or POLL (COLLECTION_MANAGEMENT is TAXII 1.1)"
}

crate::message_enum::message_enum! {
    version: "TAXII 1.0",
    root_example: "Feed_Information_Response",
    prefix: "taxii:",
    unknown: unknown_message,
    StatusMessage = "Status_Message" in_response_to,
    DiscoveryRequest = "Discovery_Request",
    DiscoveryResponse = "Discovery_Response" in_response_to,
    FeedInformationRequest = "Feed_Information_Request",
    FeedInformationResponse = "Feed_Information_Response" in_response_to,
    ManageFeedSubscriptionRequest = "Subscription_Management_Request",
    ManageFeedSubscriptionResponse = "Subscription_Management_Response" in_response_to,
    PollRequest = "Poll_Request",
    PollResponse = "Poll_Response" in_response_to,
    InboxMessage = "Inbox_Message",
}

/// The error for a root element in the 1.0 namespace that names no 1.0 message.
fn unknown_message(c: &Cursor<'_>, el: &Element<'_>) -> crate::DecodeError {
    wrong_version_or_unknown(c, el, NS)
}

impl Message {
    pub(crate) fn decode_root<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        Self::decode_named(c, el).map_err(|e| foreign_element(c, e, NS))
    }
}
