//! The TAXII server: HTTP in front, exchanges in the middle, the SQLite store behind.

pub mod auth;
pub mod exchange;
pub mod state;
