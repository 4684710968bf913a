//! `taxii validate [--strict] FILE...`: decode every file, report each result and the
//! spec rules it breaks.

use std::io::{Read, Write};

use taxii_messages::Requirement;

use super::input::{display_name, read_input};
use super::Document;
use super::{INVALID, OK};

/// Validates each file: one line per decoded file on `out` (`NAME: ok ROOT (version)`,
/// then `NAME: LEVEL RULE at PATH: TEXT` per diagnostic), one line per file that does not
/// decode on `err` (`NAME:LINE:COLUMN (byte N) at PATH: what [rule]`). Returns [`OK`]
/// when all decode (and, when `strict`, break no MUST rule), else [`INVALID`].
pub fn validate(
    files: &[String],
    strict: bool,
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
                for diagnostic in d.validate() {
                    let _ = writeln!(out, "{name}: {diagnostic}");
                    if strict && diagnostic.level == Requirement::Must {
                        code = INVALID;
                    }
                }
            }
            Err(e) => {
                let _ = writeln!(err, "{name}:{e}");
                code = INVALID;
            }
        }
    }
    code
}
