//! The TAXII client: one exchange at a time ([`Client`]) plus the conversations that take
//! several (a poll that follows multi-part and asynchronous results).

mod dest;
mod poll;
mod save;
mod spool;
mod transport;

pub use dest::DestDir;
pub use poll::{poll_all, poll_to_dir, PollError, PollEvent};
pub use save::{save_blocks, SaveError};
pub use spool::{PollStream, Spooled, Spooled10};
pub use transport::{Auth, Client, ClientError, ClientOptions};
