//! Integration tests of the `taxii` command: the message tools run as a process, the
//! server and client run in-process on an ephemeral loopback port.

mod amplification;
mod answer_cache;
mod auth_cache;
mod auth_login;
mod client_diagnostics;
mod client_flags;
mod concurrency;
mod dest_dir_stream;
mod dest_dir_write_error;
mod group_commit;
mod hostile_clients;
mod ops_endpoints;
mod persistence;
mod pg_cluster;
mod pg_conformance;
mod pg_group_commit;
mod pg_instances;
mod pg_keyset;
mod pg_open;
mod pg_store;
mod push_fairness;
mod serve;
mod serve_auth_first;
mod serve_cli;
mod serve_kill;
mod serve_query;
mod serve_read_only;
mod serve_rejections;
mod serve_security;
mod serve_support;
mod serve_tls;
mod sqlite_store;
mod sqlite_store_edges;
mod tls_alert;
mod tools;
