//! The TAXII client: one exchange at a time ([`Client`]) plus the conversations that take
//! several (a poll that follows multi-part and asynchronous results).

mod dest;
mod poll;
mod transport;

pub use dest::DestDir;
pub use poll::{poll_all, PollError, PollEvent};
pub use transport::{Auth, Client, ClientError, ClientOptions};
