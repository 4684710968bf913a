//! Fuzz target `poll_pager`: the body is `taxii_fuzz::targets::poll_pager`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| taxii_fuzz::targets::poll_pager(data));
