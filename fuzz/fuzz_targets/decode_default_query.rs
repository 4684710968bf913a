//! Fuzz target `decode_default_query`: the body is `taxii_fuzz::targets::decode_default_query`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| taxii_fuzz::targets::decode_default_query(data));
