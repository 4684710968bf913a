//! Reading a FILE argument, where `-` is standard input.

use std::io::{self, Read};

/// The bytes of `path`, or of `stdin` when `path` is `-`.
pub fn read_input(path: &str, stdin: &mut dyn Read) -> io::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        stdin.read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

/// How `path` is named in messages.
pub fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}
