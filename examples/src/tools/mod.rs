//! The message tools of the `taxii` command: `validate`, `fmt` and `json`, for TAXII 1.1,
//! 1.0 and 1.0 Draft 1 documents.
//!
//! Each tool is a function over explicit input and output streams that returns the process
//! exit code: [`OK`] when everything was valid, [`INVALID`] when a message (or a file) was
//! not, [`USAGE`] when the arguments were wrong. A file argument `-` means standard input.

mod document;
mod fmt;
mod input;
mod json;
mod validate;

use std::io::{Read, Write};

use document::Document;
pub use fmt::fmt;
pub use json::{json, json_to_xml};
pub use validate::validate;

/// Exit code: all inputs valid.
pub const OK: u8 = 0;
/// Exit code: an input was invalid or unreadable.
pub const INVALID: u8 = 1;
/// Exit code: the command line was wrong.
pub const USAGE: u8 = 2;

/// The usage text of the message tools.
pub const USAGE_TEXT: &str = "\
usage: taxii validate FILE...      decode and check messages (exit 1 if any is invalid)
       taxii fmt FILE              decode and encode again; XML on stdout
       taxii json FILE             the message as JSON on stdout
       taxii json --to-xml FILE    a JSON message as XML on stdout
FILE may be `-` for standard input.";

/// Runs the tool named by `args[0]` with the remaining arguments.
pub fn run(args: &[String], stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some((tool, rest)) = args.split_first() else {
        return usage(err, "no subcommand given");
    };
    match (tool.as_str(), rest) {
        ("validate", []) => usage(err, "validate needs at least one FILE"),
        ("validate", files) => validate(files, stdin, out, err),
        ("fmt", [file]) => fmt(file, stdin, out, err),
        ("json", [flag, file]) if flag == "--to-xml" => json_to_xml(file, stdin, out, err),
        ("json", [file]) if !is_flag(file) => json(file, stdin, out, err),
        ("fmt" | "json", _) => usage(err, &format!("wrong arguments for `{tool}`")),
        ("-h" | "--help" | "help", _) => {
            let _ = writeln!(out, "{USAGE_TEXT}");
            OK
        }
        (other, _) => usage(err, &format!("unknown subcommand `{other}`")),
    }
}

fn is_flag(arg: &str) -> bool {
    arg.starts_with("--")
}

fn usage(err: &mut dyn Write, why: &str) -> u8 {
    let _ = writeln!(err, "taxii: {why}\n{USAGE_TEXT}");
    USAGE
}
