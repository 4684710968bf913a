//! Integration tests of taxii-services. Test names and comments cite checklist row IDs
//! (section 6 of spec/taxii-1x-checklist.md, and S7/S8 of the security note).

mod async_poll;
mod bindings;
mod client;
mod client_async;
mod clocks;
mod collection;
mod discovery;
mod exchange_rules;
#[cfg(feature = "http")]
mod http;
mod inbox;
mod liberal;
mod multipart;
mod pager;
mod poll;
mod poll10_stream;
mod printing;
mod props;
mod push;
mod push_delivery;
mod query;
mod quotas;
mod rebuild;
mod resume_backlog;
mod sharing;
mod store_conformance;
mod subscription;
mod support;
#[cfg(feature = "tower")]
mod tower;
mod v10;
mod v10_answers;
mod wire;
