//! Integration tests of taxii-http-binding (one binary, modules per area).

mod bodies;
mod negotiation;
mod props;
mod rejections;
mod requests;
mod responses;
mod seed004;
mod support;
mod tables;
mod vocabulary;
mod wire;
