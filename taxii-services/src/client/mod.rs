//! Client side: build requests, check responses, page through poll results, and run the
//! two sharing models of the TAXII overview (source/subscriber and peer-to-peer).
//!
//! Everything here is sans-IO: requests go out and responses come in as values; the
//! sharing helpers take a [`Transport`] the caller implements over its own runtime.

mod exchange;
mod pager;
mod requests;
mod sharing;

pub use exchange::{read_poll, read_reply, read_success, ExchangeError, PollReply, Reply};
pub use pager::{PagerError, PagerLimits, PagerStep, PollPager};
pub use requests::Requests;
pub use sharing::{
    poll_all, push_to_peers, subscribe_and_poll, PeerDelivery, SessionError, SessionOptions,
    SubscriberSession, Transport,
};
