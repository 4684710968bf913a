//! TAXII 1.1: the eleven messages of the XML Message Binding 1.1 (checklist §2).

mod collection;
mod common;
mod context;
mod discovery;
mod inbox;
mod poll;
mod status;
mod subscription;
pub(crate) mod text;
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

use crate::ids::MessageId;
use crate::namespaces::{Ns, DEFAULT_QUERY, TAXII_10, TAXII_11};
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

/// The Services Version ID of TAXII 1.1 (VID-2).
pub const SERVICES_VERSION: &str = services::V11;
/// The Message Binding Version ID of the TAXII 1.1 XML binding (VID-4).
pub const MESSAGE_BINDING: &str = message_binding::XML_11;

/// The kind of a TAXII 1.1 service (EN-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum ServiceType {
    /// Discovery service.
    Discovery,
    /// Collection management service.
    CollectionManagement,
    /// Inbox service.
    Inbox,
    /// Poll service.
    Poll,
}

impl ServiceType {
    /// The wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::Discovery => "DISCOVERY",
            ServiceType::CollectionManagement => "COLLECTION_MANAGEMENT",
            ServiceType::Inbox => "INBOX",
            ServiceType::Poll => "POLL",
        }
    }

    /// Reads the wire form.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "DISCOVERY" => ServiceType::Discovery,
            "COLLECTION_MANAGEMENT" => ServiceType::CollectionManagement,
            "INBOX" => ServiceType::Inbox,
            "POLL" => ServiceType::Poll,
            _ => return None,
        })
    }
}

macro_rules! messages {
    ($($variant:ident($ty:ident) = $root:literal,)*) => {
        /// Any TAXII 1.1 message.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(tag = "message_type"))]
        #[allow(clippy::large_enum_variant)]
        pub enum Message {
            $(
                #[doc = concat!("`", $root, "`")]
                $variant($ty),
            )*
        }

        /// The root element names of the TAXII 1.1 messages.
        pub const ROOT_ELEMENTS: &[&str] = &[$($root),*];

        impl Message {
            /// The root element name, e.g. `Poll_Response`.
            pub fn root_element(&self) -> &'static str {
                match self {
                    $(Message::$variant(_) => $root,)*
                }
            }

            /// This message's id.
            pub fn message_id(&self) -> &MessageId {
                match self {
                    $(Message::$variant(m) => &m.message_id,)*
                }
            }

            /// This message's id, to change it in place.
            pub fn message_id_mut(&mut self) -> &mut MessageId {
                match self {
                    $(Message::$variant(m) => &mut m.message_id,)*
                }
            }

            pub(crate) fn decode_root<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
                match el.local {
                    $($root => Ok(Message::$variant($ty::decode(c, el)?)),)*
                    _ => Err(c.error_in(&el, crate::DecodeErrorKind::UnknownMessage {
                        namespace: TAXII_11.to_owned(),
                        name: el.local.to_owned(),
                    })),
                }
            }

            /// Appends the XML encoding to `out`.
            pub fn encode_into(&self, out: &mut Vec<u8>) {
                let mut w = XmlWriter::new(out, "taxii_11:");
                match self {
                    $(Message::$variant(m) => {
                        w.root($root, ROOT_BINDINGS);
                        m.encode(&mut w);
                        w.end($root);
                    })*
                }
            }

            /// The XML encoding.
            pub fn to_xml(&self) -> String {
                let mut out = Vec::with_capacity(512);
                self.encode_into(&mut out);
                String::from_utf8(out).unwrap_or_default()
            }
        }

        $(
            impl From<$ty> for Message {
                fn from(m: $ty) -> Self {
                    Message::$variant(m)
                }
            }
        )*
    };
}

messages! {
    StatusMessage(StatusMessage) = "Status_Message",
    DiscoveryRequest(DiscoveryRequest) = "Discovery_Request",
    DiscoveryResponse(DiscoveryResponse) = "Discovery_Response",
    CollectionInformationRequest(CollectionInformationRequest) = "Collection_Information_Request",
    CollectionInformationResponse(CollectionInformationResponse) = "Collection_Information_Response",
    ManageCollectionSubscriptionRequest(ManageCollectionSubscriptionRequest) = "Subscription_Management_Request",
    ManageCollectionSubscriptionResponse(ManageCollectionSubscriptionResponse) = "Subscription_Management_Response",
    PollRequest(PollRequest) = "Poll_Request",
    PollResponse(PollResponse) = "Poll_Response",
    InboxMessage(InboxMessage) = "Inbox_Message",
    PollFulfillmentRequest(PollFulfillmentRequest) = "Poll_Fulfillment",
}

/// The declarations every encoded 1.1 message carries on its root (libtaxii's set).
const ROOT_BINDINGS: &[(&str, &str)] = &[
    ("taxii", TAXII_10),
    ("taxii_11", TAXII_11),
    ("tdq", DEFAULT_QUERY),
];

impl Message {
    /// The request's id, for responses (`None` for requests).
    pub fn in_response_to(&self) -> Option<&MessageId> {
        match self {
            Message::StatusMessage(m) => Some(&m.in_response_to),
            Message::DiscoveryResponse(m) => Some(&m.in_response_to),
            Message::CollectionInformationResponse(m) => Some(&m.in_response_to),
            Message::ManageCollectionSubscriptionResponse(m) => Some(&m.in_response_to),
            Message::PollResponse(m) => Some(&m.in_response_to),
            _ => None,
        }
    }

    /// The request's id, to change it in place (`None` for requests).
    pub fn in_response_to_mut(&mut self) -> Option<&mut MessageId> {
        match self {
            Message::StatusMessage(m) => Some(&mut m.in_response_to),
            Message::DiscoveryResponse(m) => Some(&mut m.in_response_to),
            Message::CollectionInformationResponse(m) => Some(&mut m.in_response_to),
            Message::ManageCollectionSubscriptionResponse(m) => Some(&mut m.in_response_to),
            Message::PollResponse(m) => Some(&mut m.in_response_to),
            _ => None,
        }
    }

    /// Whether this is a request (has no `in_response_to`).
    pub fn is_request(&self) -> bool {
        self.in_response_to().is_none()
    }
}

pub(crate) const NS: Ns = Ns::Taxii11;
