//! Integration tests of taxii-messages: test vectors from files, property tests, errors.
//! Grouped by area; `support` holds the shared helpers.

mod decode_contract;
mod escaping;
mod gateway_api;
mod query;
mod stream;
#[cfg(feature = "chrono")]
mod timestamp;

mod support {
    pub(crate) mod files;
    pub(crate) mod hostile;
}

mod v11 {
    mod errors;
    #[cfg(feature = "serde")]
    mod json;
    mod model;
    mod roundtrip;
    mod status;
    mod wire_and_samples;
}

mod v10 {
    mod errors;
    mod json;
    mod kat;
    pub(crate) mod props;
    mod samples;
    pub(crate) mod wire;
}

mod draft1 {
    mod convert;
    mod messages;
    mod props;
    mod seed_samples;
}

mod convert {
    mod messages;
    mod props;
}

mod hostile {
    mod content_wellformed;
    mod dtd;
    mod fuzz_regressions;
    mod size;
    mod stream;
    mod taxii;
    pub(crate) mod wellformed;
    mod xml_holes;
}
