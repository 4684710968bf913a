//! The TAXII client: one exchange at a time ([`Client`]) plus the conversations that take
//! several (a poll that follows multi-part and asynchronous results).

mod dest;
mod jwt;
mod key;
mod poll;
mod proxy;
mod save;
mod spool;
mod transport;

pub use dest::DestDir;
pub use jwt::token_of;
pub use key::{decrypt_pem, load_client_key};
pub use poll::{poll_all, poll_to_dir, PollError, PollEvent, PollTotals};
pub use proxy::{Proxy, ProxySetting};
pub use save::{save_blocks, SaveError};
pub use spool::{PollStream, Spooled, Spooled10};
pub use transport::{Auth, Client, ClientError, ClientOptions};
