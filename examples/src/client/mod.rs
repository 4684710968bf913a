//! The TAXII client: one exchange at a time ([`Client`]) plus the conversations that take
//! several (a poll that follows multi-part and asynchronous results).

mod dest;
mod poll;
mod transport;

pub use dest::DestDir;
pub use poll::{poll_all, PollEvent};
pub use transport::{status_for, Auth, Client, ClientError, ClientOptions};
