//! Client side: build requests, check responses, page through poll results, and run the
//! two sharing models of the TAXII overview (source/subscriber and peer-to-peer).
//!
//! Everything here is sans-IO: requests go out and responses come in as values; the
//! sharing helpers take an [`Exchanger`] (blocking) or an [`AsyncExchanger`] the caller
//! implements over its own HTTP client: it sends a request and returns the answer. An
//! async task owns its [`PollPager`] and feeds it ids from any
//! [`taxii_messages::MessageIdGenerator`] ([`PollPager::next_request_with`]), so nothing
//! needs a lock; [`merge_parts`] joins the parts of a multi-part result.

mod exchange;
mod exchanger;
mod merge;
mod pager;
mod requests;
mod sharing;

pub use exchange::{read_poll, read_reply, read_success, ExchangeError, PollReply, Reply};
pub use exchanger::{AsyncExchanger, Exchanger};
pub use merge::{merge_parts, MergeError};
pub use pager::{PagerError, PagerLimits, PagerStep, PollPager};
pub use requests::Requests;
pub use sharing::{
    poll_all, poll_all_async, push_to_peers, push_to_peers_async, subscribe_and_poll,
    subscribe_and_poll_async, PeerDelivery, SessionError, SessionOptions, SubscriberSession,
};
