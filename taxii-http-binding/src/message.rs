//! What this crate needs to know about a [`Message`]: its binding and services version,
//! and how to make a Status Message of a given TAXII version.

use taxii_messages::{v10, v11, Message, MessageId, Requirement, StatusType};

use crate::version::{MessageBinding, ServicesVersion};

/// The message binding a message is encoded in (`None` for a version this crate does
/// not know).
pub fn binding_of(message: &Message) -> Option<MessageBinding> {
    match message {
        Message::V11(_) => Some(MessageBinding::Xml11),
        Message::V10(_) => Some(MessageBinding::Xml10),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// The message bindings the message decoder of this build reads, newest first.
pub fn decodable_bindings() -> Vec<MessageBinding> {
    vec![MessageBinding::Xml11, MessageBinding::Xml10]
}

/// A Status Message of `services`: TAXII 1.0 for services 1.0, else TAXII 1.1.
///
/// Details become 1.1 `Status_Detail/Detail` entries; in 1.0 the values of the first
/// detail name are joined with spaces into the plain-text `Status_Detail` (ST10-9..ST10-11).
pub fn status_message(
    services: &ServicesVersion,
    message_id: MessageId,
    in_response_to: MessageId,
    status_type: StatusType,
    details: &[(&str, String)],
    text: Option<String>,
) -> Message {
    if *services == ServicesVersion::V10 {
        let status_type = if status_type.in_taxii_10() {
            status_type
        } else {
            StatusType::Failure
        };
        let mut s = v10::StatusMessage::new(message_id, in_response_to, status_type);
        if let Some((first, _)) = details.first() {
            let values: Vec<&str> = details
                .iter()
                .filter(|(n, _)| n == first)
                .map(|(_, v)| v.as_str())
                .collect();
            s.status_detail = Some(values.join(" "));
        }
        s.message = text;
        return Message::V10(v10::Message::StatusMessage(s));
    }
    let mut s = v11::StatusMessage::new(message_id, in_response_to, status_type);
    for (name, value) in details {
        s = s.with_detail(name, value);
    }
    if let Some(t) = text {
        s = s.with_message(t);
    }
    let message = Message::V11(v11::Message::StatusMessage(s));
    match message
        .validate()
        .iter()
        .any(|d| d.level == Requirement::Must)
    {
        // A status whose required details are unknown here (e.g. the scopes of an
        // UNSUPPORTED_TARGETING_EXPRESSION, TST-2) is sent as BAD_MESSAGE: never invalid.
        true => match message {
            Message::V11(v11::Message::StatusMessage(mut s)) => {
                s.status_type = StatusType::BadMessage;
                s.details.clear();
                Message::V11(v11::Message::StatusMessage(s))
            }
            other => other,
        },
        false => message,
    }
}

/// The status type and text of a Status Message (of any version).
pub fn as_status(message: &Message) -> Option<(&StatusType, Option<&str>)> {
    match message {
        Message::V11(v11::Message::StatusMessage(s)) => {
            Some((&s.status_type, s.message.as_deref()))
        }
        Message::V10(v10::Message::StatusMessage(s)) => {
            Some((&s.status_type, s.message.as_deref()))
        }
        _ => None,
    }
}
