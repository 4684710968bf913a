//! Integration tests of taxii-http-binding (one binary, modules per area).

mod support;
mod wire;
