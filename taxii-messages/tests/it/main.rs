//! Integration tests of taxii-messages.

mod smoke;
mod stream;
