//! Integration tests of the `taxii` command: the message tools run as a process, the
//! server and client run in-process on an ephemeral loopback port.

mod amplification;
mod auth_login;
mod client_diagnostics;
mod client_flags;
mod concurrency;
mod dest_dir_stream;
mod group_commit;
mod hostile_clients;
mod persistence;
mod serve;
mod serve_cli;
mod serve_kill;
mod serve_query;
mod serve_rejections;
mod serve_security;
mod serve_support;
mod serve_tls;
mod sharing_models;
mod sqlite_store;
mod tls_alert;
mod tools;
