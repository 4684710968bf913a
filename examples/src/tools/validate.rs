//! `taxii validate FILE...`: decode every file and report each result.

use std::io::{Read, Write};

use super::input::{display_name, read_input};
use super::Document;
use super::{INVALID, OK};

/// Validates each file: one line per valid file on `out` (`NAME: ok ROOT (version)`), one
/// line per invalid file on `err` (`NAME:LINE:COLUMN (byte N) at PATH: what [rule]`).
/// Returns [`OK`] when all are valid, else [`INVALID`].
pub fn validate(
    files: &[String],
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut code = OK;
    for file in files {
        let name = display_name(file);
        let bytes = match read_input(file, stdin) {
            Ok(b) => b,
            Err(e) => {
                let _ = writeln!(err, "{name}: cannot read: {e}");
                code = INVALID;
                continue;
            }
        };
        match Document::decode(&bytes) {
            Ok(d) => {
                let _ = writeln!(
                    out,
                    "{name}: ok {} (TAXII {})",
                    d.root_element(),
                    d.version()
                );
            }
            Err(e) => {
                let _ = writeln!(err, "{name}:{e}");
                code = INVALID;
            }
        }
    }
    code
}
