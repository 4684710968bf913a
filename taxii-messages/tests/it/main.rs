//! Integration tests of taxii-messages: test vectors from files, property tests, errors.

mod errors;
mod files;
mod query;
mod roundtrip;
mod seed_samples;
mod status;
mod wire_and_samples;
