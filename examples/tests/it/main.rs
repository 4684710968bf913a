//! Integration tests of the `taxii` command: the message tools run as a process, the
//! server and client run in-process on an ephemeral loopback port.

mod concurrency;
mod group_commit;
mod hostile_clients;
mod serve;
mod serve_cli;
mod serve_security;
mod serve_support;
mod serve_tls;
mod sharing_models;
mod tools;
