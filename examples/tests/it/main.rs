//! Integration tests of the taxii command.

mod concurrency;
mod hostile_clients;
