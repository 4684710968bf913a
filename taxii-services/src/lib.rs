//! TAXII 1.x services as sans-IO traits and an exchange engine, for servers and clients.
//!
//! # Server side
//!
//! A deployment supplies its storage through async, runtime-free traits
//! ([`store::CollectionStore`], [`store::SubscriptionStore`], [`store::ResultStore`],
//! [`store::DeliveryQueue`]: paged reads by keyset, snapshots, result sets that describe
//! rather than hold), its [`store::Policy`] and [`store::Clock`], and its service instances in a
//! [`config::ServerConfig`]. The [`Engine`] takes a decoded request, the service it arrived
//! at and the caller's [`Identity`], and returns the response message plus any push
//! deliveries for the runtime to carry out. It enforces the exchange rules of the TAXII
//! Services specification: which service accepts which request, `in_response_to`, the
//! status type and details for every error condition, advertising only what the caller
//! may use, polling windows, multi-part and asynchronous results, subscriptions and inbox
//! storage. Exchanges are `async fn`s holding at most one page of records.
//! [`memory`] holds a complete in-memory implementation of the traits.
//!
//! ```
//! use taxii_messages::v11::{self, ServiceType};
//! use taxii_messages::{Message, MessageId, SequentialGenerator, Timestamp, Uri};
//! use taxii_services::config::{ServerConfig, ServiceDefinition};
//! use taxii_services::memory::{AllowAll, ManualClock, MemoryStore};
//! use taxii_services::store::CollectionDefinition;
//! use taxii_services::{Engine, Identity};
//!
//! let config = ServerConfig::new(vec![
//!     ServiceDefinition::new("discovery", ServiceType::Discovery, "https://taxii.example.org/discovery"),
//!     ServiceDefinition::new("poll", ServiceType::Poll, "https://taxii.example.org/poll"),
//! ]);
//! let store = MemoryStore::new()
//!     .with_collection(CollectionDefinition::feed(Uri::new("default").unwrap(), "All content"));
//! let clock = ManualClock::new(Timestamp::parse("2026-01-01T00:00:00Z").unwrap());
//! let engine = Engine::new(config, store, AllowAll, clock, SequentialGenerator::starting_at(1));
//!
//! // A request decoded by the runtime, the service it arrived at, and who sent it:
//! let request = Message::V11(v11::DiscoveryRequest::new(MessageId::new("42").unwrap()).into());
//! // Any executor drives it; the memory store's futures are ready at once.
//! let outcome = pollster::block_on(engine.handle(&request, &"discovery".into(), &Identity::user("alice")));
//! let Message::V11(v11::Message::DiscoveryResponse(r)) = &outcome.response else { panic!() };
//! assert_eq!(r.in_response_to.as_str(), "42");
//! assert_eq!(r.service_instances.len(), 2);
//! assert!(outcome.deliveries.is_empty());
//! ```
//!
//! A deployment backed by a database implements the store traits over it; blocking
//! drivers move their work off the executor's threads inside the store. Push deliveries come
//! back as [`push::Delivery`] work items (one Inbox_Message per page of records), and what
//! a resumed subscription owes as a [`Backlog`] the runtime reads a delivery at a time with
//! [`Engine::backlog_page`]; the runtime queues them in the store, and a [`push::Courier`] claims, sends (over the
//! caller's [`push::PushSender`], which checks every resolved address with
//! [`push::check_ip`]), retries and settles them, with [`push::Lanes`] keeping
//! destinations fair.
//!
//! | condition | status (checklist 6.7) |
//! | --- | --- |
//! | undecodable request ([`Engine::reject`]) | `BAD_MESSAGE`, `in_response_to="0"` |
//! | request at a service that does not take it | `FAILURE` (EX-2) |
//! | caller lacks access / refused by policy | `UNAUTHORIZED` / `DENIED` |
//! | unknown collection, subscription, result set | `NOT_FOUND` + `ITEM` |
//! | store busy / failing | `RETRY` + `ESTIMATED_WAIT` / `FAILURE` |
//!
//! `examples/memory_server.rs` (feature `http`) is a whole TAXII 1.0 + 1.1 server on
//! `std::net` in about a hundred lines; cabby and libtaxii clients work against it.
//!
//! # Features
//!
//! | feature | what |
//! | --- | --- |
//! | `http` | `Engine::serve_http`: HTTP requests in, HTTP responses out, over `taxii-http-binding` |
//! | `tower` | `tower::TaxiiService`: a `tower_service::Service` for hyper, axum and tower stacks, routing several services at one address, with the body cap and unknown paths left to the caller (exposes `tower-service` 0.3 and `http-body` 1.x types) |
//! | `conformance` | the `conformance` module: the checks every `Store` implementation must pass |
//!
//! # Client side
//!
//! [`client`] builds requests with fresh message ids, checks responses (in_response_to,
//! type), turns Status Messages into typed errors, and pages through multi-part and
//! asynchronous poll results with a cap; the sharing sessions run over a blocking
//! `Exchanger` or an `AsyncExchanger` (whatever sends a TAXII request and returns the
//! answer), and `merge_parts` joins a multi-part result.
//!
//! # Default Query
//!
//! [`query`] evaluates TAXII Default Query 1.0 against STIX 1.x XML content. A poll with
//! a query is evaluated page by page (one page of records held at a time); its
//! `Record_Count` is exact (`partial_count="false"`): the engine reads the scope once to
//! count matches and notes where each part starts, so every part is then one bounded read.
//! Without a query the store counts alone (an index range).
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod client;
mod clock;
pub mod config;
#[cfg(feature = "conformance")]
#[cfg_attr(docsrs, doc(cfg(feature = "conformance")))]
pub mod conformance;
mod engine;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod http;
pub mod identity;
pub mod memory;
pub mod push;
pub mod query;
pub mod store;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;

pub use clock::SystemClock;
pub use engine::{Answer, Backlog, Engine, Outcome, PollStream};
pub use identity::Identity;
