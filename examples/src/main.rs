//! The taxii command.
fn main() {}
