//! Writes a generated message to a file: `gen_message poll|inbox BLOCKS FILE`, or
//! `gen_message poll-bytes BYTES FILE` for a Poll_Response of at least BYTES bytes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use taxii_benches::{blocks_for_size, write_inbox_message, write_poll_response};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, count, path] = &args[..] else {
        eprintln!("usage: gen_message poll|inbox BLOCKS FILE | gen_message poll-bytes BYTES FILE");
        return ExitCode::from(2);
    };
    let Ok(count) = count.parse::<u64>() else {
        eprintln!("gen_message: `{count}` is not a number");
        return ExitCode::from(2);
    };
    let result = File::create(path).and_then(|f| {
        let mut out = BufWriter::with_capacity(1 << 20, f);
        match kind.as_str() {
            "poll" => write_poll_response(&mut out, count)?,
            "poll-bytes" => write_poll_response(&mut out, blocks_for_size(count))?,
            "inbox" => write_inbox_message(&mut out, count)?,
            _ => return Err(std::io::Error::other(format!("unknown kind `{kind}`"))),
        }
        out.flush()
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_message: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
