//! Push delivery: from the engine's work items to a subscriber's inbox.
//!
//! The engine answers an exchange that produces content for a subscription with push
//! parameters (or an asynchronous poll result for the client's inbox) with [`Delivery`]
//! work items, each an Inbox_Message built from one page of records, so a delivery holds
//! at most one page. The runtime queues them in the store's
//! [`DeliveryQueue`](crate::store::DeliveryQueue) once the exchange has committed; a
//! [`Courier`] then runs the delivery cycle over that queue:
//!
//! 1. **claim** ([`Courier::claim`]) leases due deliveries to one worker, once across
//!    every instance sharing the store;
//! 2. **deliver** ([`Courier::deliver`]) checks the destination again, waits for the
//!    delivery's `not_before`, sends it with the caller's [`PushSender`] and reads the
//!    subscriber's answer: only a `SUCCESS` Status Message delivers. An unanswered attempt
//!    is repeated after the [`PushTimings::retry_pauses`]; a refusal is final;
//! 3. **settle** ([`Courier::settle`]) removes a delivered delivery, keeps a finally failed
//!    one as failed (counted by [`DeliveryQueue::failed_count`](crate::store::DeliveryQueue::failed_count),
//!    never dropped unseen), and hands a deferred one back for later.
//!
//! [`Courier::run_once`] runs the three steps in sequence, for a gateway that needs no
//! concurrency. [`Lanes`] keeps deliveries fair between destinations: each destination
//! (scheme, host, port) has its own few slots and a bounded wait list, so a slow or dead
//! subscriber delays only its own deliveries; the caller starts the deliveries it admits
//! on its own tasks.
//!
//! # The HTTP POST stays with the caller
//!
//! [`PushSender`] is an async trait in the manner of the client's
//! [`AsyncExchanger`](crate::client::AsyncExchanger): methods take `&self` (one HTTP client
//! pool serves every task), futures are `Send`, and the runtime's sleep comes in through
//! [`PushSender::wait`]. A delivery is one request, its answer and pauses between
//! attempts, which read naturally as `.await`s; a sans-IO step API would make every
//! caller write the same loop. Behind the trait stay what needs a runtime: the HTTP client
//! and TLS, resolving a host name and checking every address it resolves to with
//! [`check_ip`] before connecting to that checked address (DNS rebinding), following no
//! redirects, and bounding each attempt's time and answer size.
//!
//! # Destinations (security note S8)
//!
//! [`check_destination`] parses a push address and refuses internal destinations
//! (loopback, private, link-local and the like); the engine applies it when a
//! subscription is made and when a delivery is built, and [`Courier::deliver`] applies it
//! again before sending.

mod courier;
mod destination;
mod lanes;

pub use courier::{Attempts, Courier, Outcome, PushSender, PushTimings, SendError};
pub use destination::{
    check_destination, check_ip, embedded_v4, Destination, DestinationError, Host, Scheme,
};
pub use lanes::{Admission, Lanes};

use taxii_messages::v11::PushParameters;
use taxii_messages::{Message, Timestamp, Uri};

/// An Inbox_Message the runtime should send, and where.
///
/// The engine has checked the address literally ([`check_destination`]); after resolving a
/// host name the runtime must check every resolved address with [`check_ip`] before it
/// connects, follow no redirects, and bound time and response size.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// Protocol binding, address and message binding to use.
    pub push: PushParameters,
    /// The parsed, checked address.
    pub destination: Destination,
    /// Do not send before this time.
    pub not_before: Timestamp,
    /// The subscription this delivers for, if any.
    pub subscription_id: Option<Uri>,
    /// The asynchronous poll result this delivers, if any.
    pub result_id: Option<Uri>,
    /// The message to send (an Inbox_Message, a request with its own message id).
    pub message: Message,
}

impl Delivery {
    /// A delivery of `message` to `destination` (checked from `push.address`), not
    /// before `not_before`, for no subscription or result.
    pub fn new(
        push: PushParameters,
        destination: Destination,
        not_before: Timestamp,
        message: Message,
    ) -> Self {
        Delivery {
            push,
            destination,
            not_before,
            subscription_id: None,
            result_id: None,
            message,
        }
    }
}
