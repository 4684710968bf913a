//! The server-side exchange engine: a decoded request, the service it arrived at and the
//! caller's identity in; the response message (and any push work) out.

mod backlog;
mod collection;
mod discovery;
mod fault;
mod inbox;
mod parts;
mod poll;
mod select;
mod stream;
mod subscription;
mod v10;

use std::sync::atomic::AtomicU64;
use std::sync::Mutex;

use taxii_messages::v11::{self, ServiceType};
use taxii_messages::{
    DecodeError, Message, MessageId, MessageIdGenerator, StatusType, Timestamp, Uri,
};

use crate::config::{ServerConfig, ServiceDefinition, ServiceId};
use crate::identity::Identity;
use crate::push::Delivery;
use crate::store::{Clock, Policy, Store};

pub use backlog::Backlog;
pub(crate) use fault::Fault;
pub use stream::{Answer, PollStream};

/// What the engine answers: the response message and any deliveries the runtime must
/// carry out (subscription pushes, asynchronous results).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Outcome {
    /// The response to send back.
    pub response: Message,
    /// Inbox messages to push, in order.
    pub deliveries: Vec<Delivery>,
    /// What a resumed subscription owes, pushed after `deliveries`: the runtime turns it
    /// into deliveries with [`Engine::backlog_page`], one page at a time.
    pub backlog: Option<Backlog>,
}

impl Outcome {
    /// The response's status type when it is a Status Message.
    pub fn status_type(&self) -> Option<&StatusType> {
        match &self.response {
            Message::V11(v11::Message::StatusMessage(s)) => Some(&s.status_type),
            Message::V10(taxii_messages::v10::Message::StatusMessage(s)) => Some(&s.status_type),
            _ => None,
        }
    }
}

/// The TAXII services of one deployment over its store, policy, clock and message ids.
///
/// Every method takes `&self`; the engine is `Sync` when its parts are, so a runtime can
/// share it between tasks. Exchanges are `async`: they await the store, hold at most one
/// page of records at a time, and run on any executor (the futures are `Send`).
pub struct Engine<S, P> {
    config: ServerConfig,
    store: S,
    policy: P,
    clock: Box<dyn Clock + Send + Sync>,
    ids: Mutex<Box<dyn MessageIdGenerator + Send>>,
    ids10: AtomicU64,
}

impl<S, P> std::fmt::Debug for Engine<S, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Per-request facts the handlers share.
pub(crate) struct Ctx<'a> {
    pub service: &'a ServiceDefinition,
    pub caller: &'a Identity,
    pub now: Timestamp,
    pub version: Version,
}

/// The TAXII version a request came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V10,
    V11,
}

/// A handler's success: the response, deliveries and any backlog.
pub(crate) struct Reply {
    pub message: v11::Message,
    pub deliveries: Vec<Delivery>,
    pub backlog: Option<Backlog>,
}

impl Reply {
    /// A response with deliveries to push.
    pub fn pushing(message: v11::Message, deliveries: Vec<Delivery>) -> Self {
        Reply {
            message,
            deliveries,
            backlog: None,
        }
    }
}

impl From<v11::Message> for Reply {
    fn from(message: v11::Message) -> Self {
        Reply::pushing(message, Vec::new())
    }
}

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    /// An engine over `store` and `policy`, with the clock and id source to use.
    pub fn new(
        config: ServerConfig,
        store: S,
        policy: P,
        clock: impl Clock + Send + Sync + 'static,
        ids: impl MessageIdGenerator + Send + 'static,
    ) -> Self {
        Engine {
            config,
            store,
            policy,
            clock: Box::new(clock),
            ids: Mutex::new(Box::new(ids)),
            ids10: AtomicU64::new(1),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The policy.
    pub fn policy(&self) -> &P {
        &self.policy
    }

    /// Numbers TAXII 1.0 message ids (digits only, MID-3) from `first` on; they start at 1.
    pub fn with_v10_ids_from(self, first: u64) -> Self {
        self.ids10
            .store(first, std::sync::atomic::Ordering::Relaxed);
        self
    }

    /// A fresh message id.
    pub fn next_message_id(&self) -> MessageId {
        let mut ids = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        ids.next_id()
    }

    /// A fresh id for a subscription or result set.
    pub(crate) fn next_uri(&self) -> Uri {
        let id = self.next_message_id();
        Uri::new(id.into_string()).unwrap_or_else(|_| Uri::new("urn:taxii-rs:id").expect("valid"))
    }

    /// The service at `address` that takes `request` (several service types may share one
    /// address, EX-3: the message type decides); the first service at that address when
    /// none takes it (its answer is then the EX-2 `FAILURE`); `None` for an unknown address.
    pub fn route(&self, address: &str, request: &Message) -> Option<&ServiceId> {
        use taxii_messages::v10::Message as M10;
        use v11::Message as M11;
        let wanted = match request {
            Message::V11(M11::DiscoveryRequest(_)) | Message::V10(M10::DiscoveryRequest(_)) => {
                Some(ServiceType::Discovery)
            }
            Message::V11(M11::CollectionInformationRequest(_))
            | Message::V11(M11::ManageCollectionSubscriptionRequest(_))
            | Message::V10(M10::FeedInformationRequest(_))
            | Message::V10(M10::ManageFeedSubscriptionRequest(_)) => {
                Some(ServiceType::CollectionManagement)
            }
            Message::V11(M11::PollRequest(_))
            | Message::V11(M11::PollFulfillmentRequest(_))
            | Message::V10(M10::PollRequest(_)) => Some(ServiceType::Poll),
            Message::V11(M11::InboxMessage(_)) | Message::V10(M10::InboxMessage(_)) => {
                Some(ServiceType::Inbox)
            }
            _ => None,
        };
        let mut here = self
            .config
            .services
            .iter()
            .filter(|s| s.contact.address == address);
        let first = here.clone().next()?;
        Some(
            &here
                .find(|s| Some(s.service_type) == wanted)
                .unwrap_or(first)
                .id,
        )
    }

    /// Answers `request`, which arrived at the service `service`, from `caller`.
    ///
    /// A request the service does not handle gets `FAILURE` (checklist EX-2, as OpenTAXII);
    /// an unknown service id (a deployment bug) also gets `FAILURE`. A TAXII 1.0 poll is
    /// answered with every block in memory: a server answers it with [`Engine::answer`],
    /// which streams it from the store page by page.
    pub async fn handle(
        &self,
        request: &Message,
        service: &ServiceId,
        caller: &Identity,
    ) -> Outcome {
        match request {
            Message::V11(m) => self.handle_v11(m, service, caller).await,
            Message::V10(m) => match self.answer_v10(m.clone(), service, caller).await {
                Answer::Whole(outcome) => outcome,
                Answer::Poll10(stream) => self.whole10(stream).await,
            },
            other => Outcome {
                response: self.status_v11(
                    other.message_id().clone(),
                    Fault::new(StatusType::Failure, "unsupported TAXII version"),
                ),
                deliveries: Vec::new(),
                backlog: None,
            },
        }
    }

    /// The Status Message answering a request that could not be decoded: the status the
    /// error maps to (normally `BAD_MESSAGE`, ERR-1) and `in_response_to="0"` (MID-4).
    pub fn reject(&self, error: &DecodeError) -> Message {
        let status = StatusType::from(error);
        self.status_v11(MessageId::unknown(), Fault::new(status, error.to_string()))
    }

    /// [`Engine::reject`] for a request sent in the TAXII 1.0 binding: a 1.0 Status
    /// Message with a digit-only id.
    pub fn reject_v10(&self, error: &DecodeError) -> Message {
        let status = StatusType::from(error);
        let s = Fault::new(status, error.to_string())
            .into_status(MessageId::unknown(), MessageId::unknown());
        let now = self.clock.now();
        Message::V10(taxii_messages::v10::Message::StatusMessage(
            self.status10(s, &now),
        ))
    }

    /// Forgets expired result sets (call it now and then); returns how many.
    pub async fn purge_expired_results(&self) -> Result<usize, crate::store::StoreError> {
        self.store.remove_expired_results(&self.clock.now()).await
    }

    fn status_v11(&self, in_response_to: MessageId, fault: Fault) -> Message {
        Message::V11(v11::Message::StatusMessage(
            fault.into_status(self.next_message_id(), in_response_to),
        ))
    }

    async fn handle_v11(
        &self,
        request: &v11::Message,
        service: &ServiceId,
        caller: &Identity,
    ) -> Outcome {
        let request_id = request.message_id().clone();
        let result = match self.config.service(service) {
            None => Err(Fault::new(
                StatusType::Failure,
                format!("no service {service:?} is configured"),
            )),
            Some(svc) => {
                let ctx = Ctx {
                    service: svc,
                    caller,
                    now: self.clock.now(),
                    version: Version::V11,
                };
                self.dispatch_v11(&ctx, request).await
            }
        };
        match result {
            Ok(reply) => Outcome {
                response: Message::V11(reply.message),
                deliveries: reply.deliveries,
                backlog: reply.backlog,
            },
            Err(fault) => Outcome {
                response: self.status_v11(request_id, fault),
                deliveries: Vec::new(),
                backlog: None,
            },
        }
    }

    /// Which service accepts which request (checklist SV-1..SV-5, EX-2, EX-3).
    async fn dispatch_v11(&self, ctx: &Ctx<'_>, request: &v11::Message) -> Result<Reply, Fault> {
        use v11::Message as M;
        fault::check(self.policy.may_use_service(ctx.caller, ctx.service))?;
        match (ctx.service.service_type, request) {
            (ServiceType::Discovery, M::DiscoveryRequest(r)) => self.discovery(ctx, r).await,
            (ServiceType::CollectionManagement, M::CollectionInformationRequest(r)) => {
                self.collection_information(ctx, r).await
            }
            (ServiceType::CollectionManagement, M::ManageCollectionSubscriptionRequest(r)) => {
                self.manage_subscription(ctx, r).await
            }
            (ServiceType::Poll, M::PollRequest(r)) => self.poll(ctx, r).await,
            (ServiceType::Poll, M::PollFulfillmentRequest(r)) => self.fulfill(ctx, r).await,
            (ServiceType::Inbox, M::InboxMessage(r)) => self.inbox(ctx, r).await,
            (t, m) => Err(Fault::new(
                StatusType::Failure,
                format!(
                    "Message not supported by this service: {} sent to a {} service",
                    m.root_element(),
                    t.as_str()
                ),
            )),
        }
    }
}
