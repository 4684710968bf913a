//! The `taxii` command as a library: the server, the client and their store, so that
//! integration tests and examples can run them in-process.

/// The repository README's examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod cli;
pub mod client;
pub mod config;
pub mod server;
pub mod store;
pub mod store_pg;
