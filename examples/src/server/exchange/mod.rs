//! TAXII 1.1 exchanges: a request message in, the answer message out. No HTTP here.

mod collections;
mod discovery;
mod inbox;
mod poll;
mod subscription;

use taxii_messages::v11::{self, Message, ServiceType, StatusMessage};
use taxii_messages::{MessageId, StatusType, Timestamp};

use super::state::{new_message_id, State};
use crate::config::Account;
use crate::store::StoreError;

/// One request being answered.
pub struct Exchange<'a> {
    /// Server state.
    pub state: &'a State,
    /// The authenticated account (`None` on an open server).
    pub account: Option<&'a Account>,
    /// The request's message id.
    pub request_id: MessageId,
}

impl Exchange<'_> {
    /// A status message answering the request.
    pub fn status(&self, t: StatusType, message: impl Into<String>) -> StatusMessage {
        StatusMessage::new(new_message_id(), self.request_id.clone(), t).with_message(message)
    }

    fn may_read(&self, collection: &str) -> bool {
        self.account.is_none_or(|a| a.may_read(collection))
    }

    fn may_write(&self, collection: &str) -> bool {
        self.account.is_none_or(|a| a.may_write(collection))
    }

    fn not_found(&self, what: &str, item: &str) -> Message {
        self.status(StatusType::NotFound, format!("no {what} {item}"))
            .with_detail(v11::detail::ITEM, item)
            .into()
    }

    fn store_failed(&self, e: StoreError) -> Message {
        tracing::error!(error = %e, "store failure");
        self.status(StatusType::Failure, "the server could not access its store")
            .into()
    }
}

/// Answers a TAXII 1.1 request that arrived at `service`. Blocking (the store is used).
pub fn answer(
    state: &State,
    service: ServiceType,
    account: Option<&Account>,
    msg: Message,
) -> Message {
    let ex = Exchange {
        state,
        account,
        request_id: msg.message_id().clone(),
    };
    match (service, msg) {
        (ServiceType::Discovery, Message::DiscoveryRequest(_)) => discovery::answer(&ex),
        (ServiceType::CollectionManagement, Message::CollectionInformationRequest(_)) => {
            collections::answer(&ex)
        }
        (ServiceType::CollectionManagement, Message::ManageCollectionSubscriptionRequest(r)) => {
            subscription::answer(&ex, r)
        }
        (ServiceType::Poll, Message::PollRequest(r)) => poll::answer_poll(&ex, r),
        (ServiceType::Poll, Message::PollFulfillmentRequest(r)) => poll::answer_fulfillment(&ex, r),
        (ServiceType::Inbox, Message::InboxMessage(r)) => inbox::answer(&ex, r),
        (service, other) => ex
            .status(
                StatusType::UnsupportedMessage,
                format!(
                    "the {} service does not accept {}",
                    service.as_str(),
                    other.root_element()
                ),
            )
            .with_detail(v11::detail::SUPPORTED_BINDING, v11::MESSAGE_BINDING)
            .into(),
    }
}

/// Microseconds since the epoch of a timestamp label.
pub(crate) fn micros(t: &Timestamp) -> i64 {
    t.to_utc().timestamp_micros()
}

/// The timestamp label of `micros` microseconds since the epoch.
pub(crate) fn label(micros: i64) -> Timestamp {
    let utc = chrono::DateTime::from_timestamp_micros(micros).unwrap_or_default();
    Timestamp::new(utc.fixed_offset())
}
