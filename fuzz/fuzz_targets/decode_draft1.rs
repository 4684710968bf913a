//! Fuzz target `decode_draft1`: the body is `taxii_fuzz::targets::decode_draft1`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| taxii_fuzz::targets::decode_draft1(data));
