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
mod v10_errors;
mod v10_kat;
mod v10_props;
mod v10_samples;
mod v10_wire;
mod wire_and_samples;
