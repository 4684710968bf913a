//! `taxii fmt FILE`: decode and encode again.

use std::io::{Read, Write};

use super::input::{display_name, read_input};
use super::Document;
use super::{INVALID, OK};

/// Writes the re-encoded message to `out`; an invalid or unreadable file is reported on
/// `err` with [`INVALID`].
pub fn fmt(file: &str, stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let name = display_name(file);
    let bytes = match read_input(file, stdin) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "{name}: cannot read: {e}");
            return INVALID;
        }
    };
    match Document::decode(&bytes) {
        Ok(m) => {
            let mut xml = Vec::with_capacity(bytes.len());
            m.encode_into(&mut xml);
            xml.push(b'\n');
            match out.write_all(&xml) {
                Ok(()) => OK,
                Err(e) => {
                    let _ = writeln!(err, "taxii: cannot write: {e}");
                    INVALID
                }
            }
        }
        Err(e) => {
            let _ = writeln!(err, "{name}:{e}");
            INVALID
        }
    }
}
