//! Responses checked against their request: in_response_to, type, status.

use taxii_messages::v10;
use taxii_messages::v11::{self, PollResponse, StatusMessage};
use taxii_messages::{Message, MessageId, StatusType, Uri};

/// What went wrong in an exchange, from the client's point of view.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExchangeError {
    /// The server answered with a Status Message that is not a success.
    #[error("server answered {}: {}", .0.status_type.as_str(), .0.message.as_deref().unwrap_or(""))]
    Status(Box<StatusMessage>),
    /// The response answers another request (MID-1).
    #[error("response answers message {got:?}, not {expected:?}")]
    InResponseTo {
        /// The request's id.
        expected: String,
        /// The response's `in_response_to`.
        got: String,
    },
    /// The response type does not fit the request (EX-1).
    #[error("expected {expected}, got {got}")]
    UnexpectedResponse {
        /// What fits.
        expected: &'static str,
        /// What came.
        got: &'static str,
    },
    /// The server answered with a TAXII 1.0 Status Message that is not a success.
    #[error("server answered {}: {}", .0.status_type.as_str(), .0.message.as_deref().unwrap_or(""))]
    Status10(Box<v10::StatusMessage>),
    /// A response in a TAXII version this client does not speak.
    #[error("response in an unsupported TAXII version")]
    UnsupportedVersion,
}

impl ExchangeError {
    /// The status type, when the server answered with a Status Message.
    pub fn status_type(&self) -> Option<&StatusType> {
        match self {
            ExchangeError::Status(s) => Some(&s.status_type),
            ExchangeError::Status10(s) => Some(&s.status_type),
            _ => None,
        }
    }
}

/// A response type a request expects (TAXII 1.1 or 1.0).
pub trait Reply: Sized {
    /// Its root element name.
    const NAME: &'static str;
    /// Takes it out of a message, if it is one.
    fn take(m: Message) -> Result<Self, Box<Message>>;
}

macro_rules! reply {
    ($variant:ident, $ver:ident: $($t:ident),*) => {$(
        impl Reply for $ver::$t {
            const NAME: &'static str = stringify!($t);
            fn take(m: Message) -> Result<Self, Box<Message>> {
                match m {
                    Message::$variant($ver::Message::$t(r)) => Ok(r),
                    other => Err(Box::new(other)),
                }
            }
        }
    )*};
}

reply!(
    V11,
    v11: DiscoveryResponse,
    CollectionInformationResponse,
    ManageCollectionSubscriptionResponse,
    PollResponse
);
reply!(
    V10,
    v10: DiscoveryResponse,
    FeedInformationResponse,
    ManageFeedSubscriptionResponse,
    PollResponse
);

fn in_response_to(m: &Message) -> Option<&MessageId> {
    match m {
        Message::V11(m) => m.in_response_to(),
        Message::V10(m) => m.in_response_to(),
        _ => None,
    }
}

fn is_status(m: &Message) -> bool {
    matches!(
        m,
        Message::V11(v11::Message::StatusMessage(_)) | Message::V10(v10::Message::StatusMessage(_))
    )
}

fn check_id(request_id: &MessageId, m: &Message) -> Result<(), ExchangeError> {
    match in_response_to(m) {
        Some(got) if got == request_id => Ok(()),
        // MID-4: a server that could not read our id answers "0"; its status still counts.
        Some(got) if got.as_str() == "0" && is_status(m) => Ok(()),
        Some(got) => Err(ExchangeError::InResponseTo {
            expected: request_id.as_str().to_owned(),
            got: got.as_str().to_owned(),
        }),
        None => Err(ExchangeError::UnexpectedResponse {
            expected: "a response",
            got: m.root_element(),
        }),
    }
}

/// The error for a response that is not the expected one.
fn unexpected(m: Message, expected: &'static str) -> ExchangeError {
    match m {
        Message::V11(v11::Message::StatusMessage(s)) => ExchangeError::Status(Box::new(s)),
        Message::V10(v10::Message::StatusMessage(s)) => ExchangeError::Status10(Box::new(s)),
        other => ExchangeError::UnexpectedResponse {
            expected,
            got: other.root_element(),
        },
    }
}

/// Checks `response` to the request `request_id` and extracts an `R`; a Status Message
/// becomes [`ExchangeError::Status`] (or [`ExchangeError::Status10`]).
pub fn read_reply<R: Reply>(request_id: &MessageId, response: Message) -> Result<R, ExchangeError> {
    check_id(request_id, &response)?;
    R::take(response).map_err(|m| unexpected(*m, R::NAME))
}

/// Checks an Inbox exchange: only a `SUCCESS` Status Message is `Ok` (SV-4).
pub fn read_success(request_id: &MessageId, response: Message) -> Result<(), ExchangeError> {
    check_id(request_id, &response)?;
    match &response {
        Message::V11(v11::Message::StatusMessage(s)) if s.status_type == StatusType::Success => {
            Ok(())
        }
        Message::V10(v10::Message::StatusMessage(s)) if s.status_type == StatusType::Success => {
            Ok(())
        }
        _ => Err(unexpected(response, "Status_Message")),
    }
}

/// What a poll or fulfillment got back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PollReply {
    /// Content (maybe one part of several).
    Response(Box<PollResponse>),
    /// PENDING: ask again later (AS-2).
    Pending {
        /// The result id to fulfil.
        result_id: Uri,
        /// Seconds to wait.
        estimated_wait: u64,
        /// Whether the server will push the result.
        will_push: bool,
    },
}

/// Checks a TAXII 1.1 Poll or Poll Fulfillment exchange (SV-5: `SUCCESS` is not a valid
/// answer).
pub fn read_poll(request_id: &MessageId, response: Message) -> Result<PollReply, ExchangeError> {
    check_id(request_id, &response)?;
    match response {
        Message::V11(v11::Message::PollResponse(r)) => Ok(PollReply::Response(Box::new(r))),
        Message::V11(v11::Message::StatusMessage(s)) if s.status_type == StatusType::Pending => {
            match (s.result_id(), s.estimated_wait()) {
                (Some(result_id), Some(estimated_wait)) => Ok(PollReply::Pending {
                    result_id,
                    estimated_wait,
                    will_push: s.will_push().unwrap_or(false),
                }),
                _ => Err(ExchangeError::Status(Box::new(s))),
            }
        }
        other => Err(unexpected(other, "Poll_Response")),
    }
}
