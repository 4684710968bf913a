//! The message tools of the `taxii` command: `validate`, `fmt` and `json`, for TAXII 1.1,
//! 1.0 and 1.0 Draft 1 documents.
//!
//! Each tool is a function over explicit input and output streams that returns the process
//! exit code: [`OK`] when everything was valid, [`INVALID`] when a message (or a file) was
//! not. A file argument `-` means standard input. The command line is clap's (a wrong one
//! exits 2).

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
/// The message tools, as subcommands of `taxii`.
#[derive(Debug, clap::Subcommand)]
pub enum Tool {
    /// Decode messages and print the spec rules each breaks (exit 1 if one does not
    /// decode; with --strict, also if one breaks a MUST rule).
    #[command(after_help = VALIDATE_HELP)]
    Validate(ValidateArgs),
    /// Decode a message and encode it again; XML on stdout.
    Fmt(FileArg),
    /// A message as JSON on stdout, or with --to-xml a JSON message as XML.
    Json(JsonArgs),
}

const VALIDATE_HELP: &str = "\
Decoding accepts what the official XSDs accept (plus the documented deviations of real
peers); the rules the specifications add beyond the XSDs are printed as diagnostics, one
line each: `FILE: LEVEL RULE at PATH: TEXT`, LEVEL being MUST or SHOULD and RULE a row of
the conformance checklist. A file that does not decode is reported on stderr as
`FILE:LINE:COLUMN (byte N) at PATH: what [rule]`.

Exit status: 0 when every file decodes (and, with --strict, breaks no MUST rule); 1
otherwise; 2 for a wrong command line.";

/// `taxii validate` arguments.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files to check (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Exit 1 when a message breaks a MUST rule.
    #[arg(long)]
    pub strict: bool,
}

/// One FILE argument.
#[derive(Debug, clap::Args)]
pub struct FileArg {
    /// The message (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// `taxii json` arguments.
#[derive(Debug, clap::Args)]
pub struct JsonArgs {
    /// Read a JSON message and write it as XML.
    #[arg(long)]
    pub to_xml: bool,
    /// The message (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// Runs `tool`; returns the exit code.
pub fn run(tool: &Tool, stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match tool {
        Tool::Validate(a) => validate(&a.files, a.strict, stdin, out, err),
        Tool::Fmt(a) => fmt(&a.file, stdin, out, err),
        Tool::Json(a) if a.to_xml => json_to_xml(&a.file, stdin, out, err),
        Tool::Json(a) => json(&a.file, stdin, out, err),
    }
}
