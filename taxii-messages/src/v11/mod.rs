//! TAXII 1.1: the eleven messages of the XML Message Binding 1.1 (checklist §2).

mod collection;
mod common;
mod context;
mod discovery;
mod inbox;
mod poll;
mod status;
mod subscription;
mod text;
mod vocabulary;

pub use collection::*;
pub use common::*;
pub use context::ContextError;
pub use discovery::*;
pub use inbox::*;
pub use poll::*;
pub use status::*;
pub use subscription::*;
pub use vocabulary::{content_binding, message_binding, protocol, services};

use crate::namespaces::{Ns, ROOT_BINDINGS, TAXII_11};
use crate::xml::cursor::{Cursor, Element, Result};

/// The Services Version ID of TAXII 1.1 (VID-2).
pub const SERVICES_VERSION: &str = services::V11;
/// The Message Binding Version ID of the TAXII 1.1 XML binding (VID-4).
pub const MESSAGE_BINDING: &str = message_binding::XML_11;

crate::wire_enum::wire_enum! {
    /// The kind of a TAXII 1.1 service (EN-1).
    pub enum ServiceType {
        Discovery = "DISCOVERY",
        CollectionManagement = "COLLECTION_MANAGEMENT",
        Inbox = "INBOX",
        Poll = "POLL",
    }
    expected: "DISCOVERY, COLLECTION_MANAGEMENT, INBOX or POLL (EN-1)"
}

crate::message_enum::message_enum! {
    version: "TAXII 1.1",
    root_example: "Poll_Response",
    prefix: "taxii_11:",
    unknown: unknown_message,
    StatusMessage = "Status_Message" in_response_to,
    DiscoveryRequest = "Discovery_Request",
    DiscoveryResponse = "Discovery_Response" in_response_to,
    CollectionInformationRequest = "Collection_Information_Request",
    CollectionInformationResponse = "Collection_Information_Response" in_response_to,
    ManageCollectionSubscriptionRequest = "Subscription_Management_Request",
    ManageCollectionSubscriptionResponse = "Subscription_Management_Response" in_response_to,
    PollRequest = "Poll_Request",
    PollResponse = "Poll_Response" in_response_to,
    InboxMessage = "Inbox_Message",
    PollFulfillmentRequest = "Poll_Fulfillment",
}

/// The error for a root element in the 1.1 namespace that names no 1.1 message.
fn unknown_message(c: &Cursor<'_>, el: &Element<'_>) -> crate::DecodeError {
    c.error_in(
        el,
        crate::DecodeErrorKind::UnknownMessage {
            namespace: TAXII_11.to_owned(),
            name: el.local.to_owned(),
        },
    )
}

impl Message {
    pub(crate) fn decode_root<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        Self::decode_named(c, el)
    }
}

pub(crate) const NS: Ns = Ns::Taxii11;
