//! Fuzz target `http_request`: the body is `taxii_fuzz::targets::http_request`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| taxii_fuzz::targets::http_request(data));
