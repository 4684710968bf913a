//! Reading a FILE argument, where `-` is standard input: one read into one buffer, which
//! decoded messages then share (no copy of the input).

use std::io::{self, Read};

use bytes::Bytes;

/// The bytes of `path` (read once into a buffer sized from the file's metadata), or of
/// `stdin` when `path` is `-`.
pub fn read_input(path: &str, stdin: &mut dyn Read) -> io::Result<Bytes> {
    if path == "-" {
        let mut buf = Vec::new();
        stdin.read_to_end(&mut buf)?;
        Ok(Bytes::from(buf))
    } else {
        std::fs::read(path).map(Bytes::from)
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
