//! Requests with fresh message ids; responses checked against their request.

use taxii_messages::v11::{
    self, CollectionInformationRequest, CollectionInformationResponse, ContentBlock,
    DiscoveryRequest, DiscoveryResponse, InboxMessage, ManageCollectionSubscriptionRequest,
    ManageCollectionSubscriptionResponse, PollFulfillmentRequest, PollParameters, PollRequest,
    PollResponse, PollSelection, PushParameters, QueryParameters, StatusMessage,
    SubscriptionAction,
};
use taxii_messages::{Message, MessageId, MessageIdGenerator, StatusType, Timestamp, Uri};

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
    /// A response in a TAXII version this client does not speak.
    #[error("response in an unsupported TAXII version")]
    UnsupportedVersion,
}

impl ExchangeError {
    /// The status type, when the server answered with a Status Message.
    pub fn status_type(&self) -> Option<&StatusType> {
        match self {
            ExchangeError::Status(s) => Some(&s.status_type),
            _ => None,
        }
    }
}

/// A response type a request expects.
pub trait Reply: Sized {
    /// Its root element name.
    const NAME: &'static str;
    /// Takes it out of a message, if it is one.
    fn take(m: v11::Message) -> Result<Self, Box<v11::Message>>;
}

macro_rules! reply {
    ($($t:ident),*) => {$(
        impl Reply for $t {
            const NAME: &'static str = stringify!($t);
            fn take(m: v11::Message) -> Result<Self, Box<v11::Message>> {
                match m {
                    v11::Message::$t(r) => Ok(r),
                    other => Err(Box::new(other)),
                }
            }
        }
    )*};
}
reply!(
    DiscoveryResponse,
    CollectionInformationResponse,
    ManageCollectionSubscriptionResponse,
    PollResponse
);

fn v11(response: Message) -> Result<v11::Message, ExchangeError> {
    match response {
        Message::V11(m) => Ok(m),
        _ => Err(ExchangeError::UnsupportedVersion),
    }
}

fn check_id(request_id: &MessageId, m: &v11::Message) -> Result<(), ExchangeError> {
    match m.in_response_to() {
        Some(got) if got == request_id => Ok(()),
        // MID-4: a server that could not read our id answers "0"; its status still counts.
        Some(got) if got.as_str() == "0" && matches!(m, v11::Message::StatusMessage(_)) => Ok(()),
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

/// Checks `response` to the request `request_id` and extracts an `R`; a Status Message
/// becomes [`ExchangeError::Status`].
pub fn read_reply<R: Reply>(request_id: &MessageId, response: Message) -> Result<R, ExchangeError> {
    let m = v11(response)?;
    check_id(request_id, &m)?;
    R::take(m).map_err(|m| match *m {
        v11::Message::StatusMessage(s) => ExchangeError::Status(Box::new(s)),
        other => ExchangeError::UnexpectedResponse {
            expected: R::NAME,
            got: other.root_element(),
        },
    })
}

/// Checks an Inbox exchange: only a `SUCCESS` Status Message is `Ok` (SV-4).
pub fn read_success(
    request_id: &MessageId,
    response: Message,
) -> Result<StatusMessage, ExchangeError> {
    let m = v11(response)?;
    check_id(request_id, &m)?;
    match m {
        v11::Message::StatusMessage(s) if s.status_type == StatusType::Success => Ok(s),
        v11::Message::StatusMessage(s) => Err(ExchangeError::Status(Box::new(s))),
        other => Err(ExchangeError::UnexpectedResponse {
            expected: "Status_Message",
            got: other.root_element(),
        }),
    }
}

/// What a poll or fulfillment got back.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Checks a Poll or Poll Fulfillment exchange (SV-5: `SUCCESS` is not a valid answer).
pub fn read_poll(request_id: &MessageId, response: Message) -> Result<PollReply, ExchangeError> {
    let m = v11(response)?;
    check_id(request_id, &m)?;
    match m {
        v11::Message::PollResponse(r) => Ok(PollReply::Response(Box::new(r))),
        v11::Message::StatusMessage(s) if s.status_type == StatusType::Pending => {
            match (s.result_id(), s.estimated_wait()) {
                (Some(result_id), Some(estimated_wait)) => Ok(PollReply::Pending {
                    result_id,
                    estimated_wait,
                    will_push: s.will_push().unwrap_or(false),
                }),
                _ => Err(ExchangeError::Status(Box::new(s))),
            }
        }
        v11::Message::StatusMessage(s) => Err(ExchangeError::Status(Box::new(s))),
        other => Err(ExchangeError::UnexpectedResponse {
            expected: "Poll_Response",
            got: other.root_element(),
        }),
    }
}

/// Builds TAXII 1.1 requests, each with a fresh message id (MID-1, MID-2).
#[derive(Debug, Clone)]
pub struct Requests<G> {
    ids: G,
}

impl<G: MessageIdGenerator> Requests<G> {
    /// Requests numbered by `ids`.
    pub fn new(ids: G) -> Self {
        Requests { ids }
    }

    /// A fresh message id.
    pub fn next_id(&mut self) -> MessageId {
        self.ids.next_id()
    }

    /// A Discovery_Request.
    pub fn discovery(&mut self) -> DiscoveryRequest {
        DiscoveryRequest::new(self.next_id())
    }

    /// A Collection_Information_Request.
    pub fn collection_information(&mut self) -> CollectionInformationRequest {
        CollectionInformationRequest::new(self.next_id())
    }

    /// A Poll_Request over `(begin, end]` with `params`.
    pub fn poll(
        &mut self,
        collection: &Uri,
        params: PollParameters,
        exclusive_begin: Option<Timestamp>,
        inclusive_end: Option<Timestamp>,
    ) -> PollRequest {
        let mut r = PollRequest::new(
            self.next_id(),
            collection.clone(),
            PollSelection::PollParameters(params),
        );
        r.exclusive_begin_timestamp = exclusive_begin;
        r.inclusive_end_timestamp = inclusive_end;
        r
    }

    /// A Poll_Request through a subscription.
    pub fn poll_subscription(&mut self, collection: &Uri, subscription_id: &Uri) -> PollRequest {
        PollRequest::new(
            self.next_id(),
            collection.clone(),
            PollSelection::SubscriptionId(subscription_id.clone()),
        )
    }

    /// A Poll_Fulfillment for part `part` of `result_id`.
    pub fn fulfillment(
        &mut self,
        collection: &Uri,
        result_id: &Uri,
        part: u64,
    ) -> PollFulfillmentRequest {
        PollFulfillmentRequest::new(self.next_id(), collection.clone(), result_id.clone(), part)
    }

    /// A SUBSCRIBE request (push when `push` is given).
    pub fn subscribe(
        &mut self,
        collection: &Uri,
        params: QueryParameters,
        push: Option<PushParameters>,
    ) -> ManageCollectionSubscriptionRequest {
        let mut r = ManageCollectionSubscriptionRequest::new(
            self.next_id(),
            SubscriptionAction::Subscribe,
            collection.clone(),
        );
        r.subscription_parameters = Some(params);
        r.push_parameters = push;
        r
    }

    /// An UNSUBSCRIBE, PAUSE, RESUME or STATUS request.
    pub fn manage(
        &mut self,
        action: SubscriptionAction,
        collection: &Uri,
        subscription_id: Option<&Uri>,
    ) -> ManageCollectionSubscriptionRequest {
        let mut r =
            ManageCollectionSubscriptionRequest::new(self.next_id(), action, collection.clone());
        r.subscription_id = subscription_id.cloned();
        r
    }

    /// An Inbox_Message carrying `blocks` to `destinations` (none: the inbox decides).
    pub fn inbox(&mut self, blocks: Vec<ContentBlock>, destinations: Vec<Uri>) -> InboxMessage {
        let mut m = InboxMessage::new(self.next_id());
        m.content_blocks = blocks;
        m.destination_collection_names = destinations;
        m
    }
}
