//! The TAXII server: HTTP in front, exchanges in the middle, the SQLite store behind.

pub mod auth;
pub mod exchange;
pub mod http;
pub mod listen;
pub mod state;
pub mod tls;

pub use listen::Server;
pub use state::State;
