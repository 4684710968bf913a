//! The TAXII server: HTTP (through `taxii-http-binding`) in front, the `taxii-services`
//! engine in the middle, the SQLite store behind.

pub mod advertise;
pub mod auth;
pub mod dump;
pub mod http;
pub mod listen;
pub mod login;
pub mod password_pool;
pub mod per_ip;
pub mod policy;
pub mod push;
pub mod query;
pub mod state;
pub mod tls;

pub use listen::Server;
pub use state::State;
