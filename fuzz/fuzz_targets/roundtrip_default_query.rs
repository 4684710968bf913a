//! Fuzz target `roundtrip_default_query`: the body is `taxii_fuzz::targets::roundtrip_default_query`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| taxii_fuzz::targets::roundtrip_default_query(data));
