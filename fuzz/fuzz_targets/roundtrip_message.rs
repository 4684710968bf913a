//! Fuzz target `roundtrip_message`: the body is `taxii_fuzz::targets::roundtrip_message`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| taxii_fuzz::targets::roundtrip_message(data));
