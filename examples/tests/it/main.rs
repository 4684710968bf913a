//! Integration tests of the `taxii` command, run as a process.

mod tools;
