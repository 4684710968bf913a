//! Fuzz target `http_response`: the body is `taxii_fuzz::targets::http_response`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| taxii_fuzz::targets::http_response(data));
