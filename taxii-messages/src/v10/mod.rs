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
mod status;
mod subscription;
mod text;

pub use common::*;
pub use discovery::*;
pub use feed::*;
pub use inbox::*;
pub use poll::*;
pub use status::*;
pub use subscription::*;

use crate::ids::MessageId;
use crate::namespaces::{Ns, DEFAULT_QUERY, TAXII_10, TAXII_11};
use crate::xml::cursor::{Cursor, Element, Result};
use crate::DecodeErrorKind as K;

/// The Services Version ID of TAXII 1.0 (VID-1).
pub const SERVICES_VERSION: &str = "urn:taxii.mitre.org:services:1.0";
/// The Message Binding Version ID of the TAXII 1.0 XML binding (VID-3).
pub const MESSAGE_BINDING: &str = "urn:taxii.mitre.org:message:xml:1.0";

pub(crate) const NS: Ns = Ns::Taxii10;

/// The kind of a TAXII 1.0 service (EN-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum ServiceType {
    /// Discovery service.
    Discovery,
    /// Feed management service.
    FeedManagement,
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
            ServiceType::FeedManagement => "FEED_MANAGEMENT",
            ServiceType::Inbox => "INBOX",
            ServiceType::Poll => "POLL",
        }
    }

    /// Reads the wire form.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "DISCOVERY" => ServiceType::Discovery,
            "FEED_MANAGEMENT" => ServiceType::FeedManagement,
            "INBOX" => ServiceType::Inbox,
            "POLL" => ServiceType::Poll,
            _ => return None,
        })
    }
}

crate::message_enum::message_enum! {
    doc: "Any TAXII 1.0 message.",
    roots_doc: "The root element names of the TAXII 1.0 messages.",
    root_example: "Feed_Information_Response",
    prefix: "taxii:",
    unknown: unknown_message,
    id: /// This message's id.
    fn message_id() -> MessageId { message_id },
    StatusMessage(StatusMessage) = "Status_Message",
    DiscoveryRequest(DiscoveryRequest) = "Discovery_Request",
    DiscoveryResponse(DiscoveryResponse) = "Discovery_Response",
    FeedInformationRequest(FeedInformationRequest) = "Feed_Information_Request",
    FeedInformationResponse(FeedInformationResponse) = "Feed_Information_Response",
    ManageFeedSubscriptionRequest(ManageFeedSubscriptionRequest) = "Subscription_Management_Request",
    ManageFeedSubscriptionResponse(ManageFeedSubscriptionResponse) = "Subscription_Management_Response",
    PollRequest(PollRequest) = "Poll_Request",
    PollResponse(PollResponse) = "Poll_Response",
    InboxMessage(InboxMessage) = "Inbox_Message",
}

/// The declarations every encoded 1.0 message carries on its root (libtaxii's set).
const ROOT_BINDINGS: &[(&str, &str)] = &[
    ("taxii", TAXII_10),
    ("taxii_11", TAXII_11),
    ("tdq", DEFAULT_QUERY),
];

/// The error for a root element in the 1.0 namespace that names no 1.0 message.
fn unknown_message(c: &Cursor<'_>, el: &Element<'_>) -> crate::DecodeError {
    wrong_version_or_unknown(c, el, NS)
}

impl Message {
    pub(crate) fn decode_root<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        Self::decode_named(c, el).map_err(|e| foreign_element(c, e, NS))
    }

    /// The request's id, for responses (`None` for requests).
    pub fn in_response_to(&self) -> Option<&MessageId> {
        match self {
            Message::StatusMessage(m) => Some(&m.in_response_to),
            Message::DiscoveryResponse(m) => Some(&m.in_response_to),
            Message::FeedInformationResponse(m) => Some(&m.in_response_to),
            Message::ManageFeedSubscriptionResponse(m) => Some(&m.in_response_to),
            Message::PollResponse(m) => Some(&m.in_response_to),
            _ => None,
        }
    }

    /// Whether this is a request (has no `in_response_to`).
    pub fn is_request(&self) -> bool {
        self.in_response_to().is_none()
    }
}

/// The error for a root element that is not a message of `ns`: when it names a message of
/// the other TAXII version, the error says so (checklist §1.5, DIF-1).
pub(crate) fn wrong_version_or_unknown(
    c: &Cursor<'_>,
    el: &Element<'_>,
    ns: Ns,
) -> crate::DecodeError {
    let (here, here_uri, there, there_list) = match ns {
        Ns::Taxii10 => ("1.0", TAXII_10, "1.1", crate::v11::ROOT_ELEMENTS),
        _ => ("1.1", TAXII_11, "1.0", ROOT_ELEMENTS),
    };
    if there_list.contains(&el.local) {
        c.error_in(
            el,
            K::Constraint(format!(
                "`{}` is a TAXII {there} message but is in the TAXII {here} namespace `{here_uri}`",
                el.local
            )),
        )
        .with_rule("DIF-1")
    } else {
        c.error_in(
            el,
            K::UnknownMessage {
                namespace: here_uri.to_owned(),
                name: el.local.to_owned(),
            },
        )
    }
}

/// Element names TAXII 1.1 introduced (checklist §5.8).
const TAXII_11_ONLY: &[&str] = &[
    "Subscription_ID",
    "Subscription_Parameters",
    "Poll_Parameters",
    "Delivery_Parameters",
    "Response_Type",
    "Record_Count",
    "Destination_Collection_Name",
    "Collection",
    "Collection_Volume",
    "Receiving_Inbox_Service",
    "Supported_Query",
    "Query",
];

/// Rewrites an "unexpected element" error when the element belongs to the other TAXII
/// version (by namespace, or by a 1.1-only name in the 1.0 namespace), so the error says so.
pub(crate) fn foreign_element(
    c: &Cursor<'_>,
    e: crate::DecodeError,
    here: Ns,
) -> crate::DecodeError {
    let crate::DecodeErrorKind::UnexpectedElement { found, .. } = e.kind() else {
        return e;
    };
    let (prefix, local) = found.split_once(':').unwrap_or(("", found));
    let uri = declared_uri(c.input(), prefix);
    let (here_v, there_v, there_uri) = match here {
        Ns::Taxii10 => ("1.0", "1.1", TAXII_11),
        _ => ("1.1", "1.0", TAXII_10),
    };
    let message = if uri == Some(there_uri) {
        format!("`{found}` is a TAXII {there_v} element inside a TAXII {here_v} message")
    } else if here == Ns::Taxii10 && uri == Some(TAXII_10) && TAXII_11_ONLY.contains(&local) {
        format!("`{found}`: `{local}` is a TAXII 1.1 element; TAXII 1.0 has none")
    } else {
        return e;
    };
    crate::DecodeError::new(
        crate::DecodeErrorKind::Constraint(message),
        e.offset(),
        c.input().as_bytes(),
        e.path().to_owned(),
    )
    .with_rule("DIF-1")
}

/// The URI the document binds `prefix` to (its first declaration; for messages).
fn declared_uri<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let decl = if prefix.is_empty() {
        "xmlns=".to_owned()
    } else {
        format!("xmlns:{prefix}=")
    };
    let at = text.find(&decl)? + decl.len();
    let quote = text[at..].chars().next()?;
    let rest = &text[at + 1..];
    rest.split(quote).next()
}
