//! Shared helpers of the taxii-rs fuzz targets.
//!
//! Every target in `fuzz_targets/` is one line over a function here, so the same checks
//! run under libFuzzer (nightly or `RUSTC_BOOTSTRAP=1`) and as ordinary tests on stable
//! (`tests/replay.rs` feeds them the seed corpus and every saved crash).
//!
//! | module | what |
//! | --- | --- |
//! | [`check`] | the properties: decode never panics; what decodes encodes and decodes back equal |
//! | [`build`] | valid messages and Default Queries built from fuzzer bytes (structured targets) |
//! | [`http`] | HTTP requests and responses for the binding's server and client sides |
//! | [`pager`] | a hostile server's answers for the client poll pager |
//! | [`seeds`] | the seed corpus, extracted from the project's `testdata/` |
//! | [`stream`] | the streaming reader compared with the whole-buffer decoder |
//! | [`targets`] | the target bodies, by name |
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod build;
pub mod check;
pub mod http;
pub mod pager;
pub mod seeds;
pub mod stream;
pub mod targets;
