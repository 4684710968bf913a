//! Integration tests of the taxii command.
