//! The TAXII server: HTTP (through `taxii-http-binding`) in front, the `taxii-services`
//! engine in the middle, the SQLite store behind.

pub mod advertise;
pub mod answer_cache;
pub mod auth;
pub mod backend;
pub mod destination;
pub mod dump;
pub mod exchange_line;
pub mod http;
pub mod ids;
pub mod listen;
pub mod log;
pub mod login;
pub mod metrics;
pub mod ops;
pub mod password_pool;
pub mod per_ip;
pub mod policy;
pub mod push;
pub mod push_worker;
pub mod query;
pub mod state;
pub mod streamed;
pub mod tls;

pub use listen::Server;
pub use state::State;
