//! What this crate needs to know about a [`Message`]: its binding and services version,
//! and how to make a Status Message of a given TAXII version.

use taxii_messages::{v11, Message, MessageId, StatusType};

use crate::version::{MessageBinding, ServicesVersion};

/// The message binding a message is encoded in (`None` for a version this crate does
/// not know).
pub fn binding_of(message: &Message) -> Option<MessageBinding> {
    match message {
        Message::V11(_) => Some(MessageBinding::Xml11),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// The message bindings the message decoder of this build reads, newest first.
pub fn decodable_bindings() -> Vec<MessageBinding> {
    vec![MessageBinding::Xml11]
}

/// A Status Message of `services` (TAXII 1.1 when that version has no Status Message here).
pub fn status_message(
    services: &ServicesVersion,
    message_id: MessageId,
    in_response_to: MessageId,
    status_type: StatusType,
    details: &[(&str, String)],
    text: Option<String>,
) -> Message {
    let _ = services;
    let mut s = v11::StatusMessage::new(message_id, in_response_to, status_type);
    for (name, value) in details {
        s = s.with_detail(name, value);
    }
    if let Some(t) = text {
        s = s.with_message(t);
    }
    Message::V11(v11::Message::StatusMessage(s))
}

/// The status type and text of a Status Message (of any version).
pub fn as_status(message: &Message) -> Option<(&StatusType, Option<&str>)> {
    match message {
        Message::V11(v11::Message::StatusMessage(s)) => {
            Some((&s.status_type, s.message.as_deref()))
        }
        _ => None,
    }
}
