//! Integration tests of taxii-messages: test vectors from files, property tests, errors.

mod errors;
mod files;
#[cfg(feature = "serde")]
mod json;
mod model;
mod query;
mod roundtrip;
mod seed_samples;
mod status;
mod stream;
mod wire_and_samples;
