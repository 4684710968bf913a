//! `taxii json FILE` and `taxii json --to-xml FILE`: messages as JSON and back.

use std::io::{Read, Write};

use super::input::{display_name, read_input};
use super::Document;
use super::{INVALID, OK};

/// Writes the message in `file` (XML) as pretty JSON to `out`.
pub fn json(file: &str, stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let name = display_name(file);
    let Some(bytes) = read(file, stdin, err) else {
        return INVALID;
    };
    let m = match Document::decode(&bytes) {
        Ok(m) => m,
        Err(e) => {
            let _ = writeln!(err, "{name}:{e}");
            return INVALID;
        }
    };
    match m.to_json() {
        Ok(text) => finish(writeln!(out, "{text}"), err),
        Err(e) => {
            let _ = writeln!(err, "{name}: cannot write JSON: {e}");
            INVALID
        }
    }
}

/// Reads a JSON message from `file` and writes it to `out` as XML.
pub fn json_to_xml(
    file: &str,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let name = display_name(file);
    let Some(bytes) = read(file, stdin, err) else {
        return INVALID;
    };
    match Document::from_json(&bytes) {
        Ok(m) => {
            let mut xml = Vec::new();
            m.encode_into(&mut xml);
            xml.push(b'\n');
            finish(out.write_all(&xml), err)
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "{name}:{}:{}: invalid JSON message: {e}",
                e.line(),
                e.column()
            );
            INVALID
        }
    }
}

fn read(file: &str, stdin: &mut dyn Read, err: &mut dyn Write) -> Option<bytes::Bytes> {
    match read_input(file, stdin) {
        Ok(b) => Some(b),
        Err(e) => {
            let _ = writeln!(err, "{}: cannot read: {e}", display_name(file));
            None
        }
    }
}

fn finish(result: std::io::Result<()>, err: &mut dyn Write) -> u8 {
    match result {
        Ok(()) => OK,
        Err(e) => {
            let _ = writeln!(err, "taxii: cannot write: {e}");
            INVALID
        }
    }
}
