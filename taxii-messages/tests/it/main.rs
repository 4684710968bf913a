//! Integration tests of taxii-messages: test vectors from files, property tests, errors.

mod content_wellformed;
mod convert;
mod convert_props;
mod decode_contract;
mod draft1;
mod draft1_convert;
mod draft1_props;
mod errors;
mod escaping;
mod files;
mod gateway_api;
mod hostile_common;
mod hostile_dtd;
mod hostile_fuzz_regressions;
mod hostile_size;
mod hostile_stream;
mod hostile_taxii;
mod hostile_wellformed;
#[cfg(feature = "serde")]
mod json;
mod model;
mod query;
mod roundtrip;
mod seed_samples;
mod status;
mod stream;
mod v10_errors;
mod v10_json;
mod v10_kat;
mod v10_props;
mod v10_samples;
mod v10_wire;
mod wire_and_samples;
mod xml_holes;
