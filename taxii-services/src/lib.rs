//! TAXII 1.x services as sans-IO traits and an exchange engine, for servers and clients.
//!
//! # Server side
//!
//! A deployment supplies its storage and policy through small synchronous traits
//! ([`store::CollectionStore`], [`store::SubscriptionStore`], [`store::ResultStore`],
//! [`store::Policy`], [`store::Clock`]) and its service instances in a
//! [`config::ServerConfig`]. The [`Engine`] takes a decoded request, the service it arrived
//! at and the caller's [`Identity`], and returns the response message plus any push
//! deliveries for the runtime to carry out. It enforces the exchange rules of the TAXII
//! Services specification: which service accepts which request, `in_response_to`, the
//! status type and details for every error condition, advertising only what the caller
//! may use, polling windows, multi-part and asynchronous results, subscriptions and inbox
//! storage. [`memory`] holds a complete in-memory implementation of the traits.
//!
//! # Client side
//!
//! [`client`] builds requests with fresh message ids, checks responses (in_response_to,
//! type), turns Status Messages into typed errors, and pages through multi-part and
//! asynchronous poll results with a cap.
//!
//! # Default Query
//!
//! [`query`] evaluates TAXII Default Query 1.0 against STIX 1.x XML content.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod client;
pub mod config;
mod engine;
pub mod identity;
pub mod memory;
pub mod push;
pub mod query;
pub mod store;

pub use engine::{Engine, Outcome};
pub use identity::Identity;
