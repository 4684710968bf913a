//! Replays files through a target on stable, without libFuzzer: a corpus, a crash.
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --example replay -- TARGET PATH...`
//! (a PATH may be a directory). Exits non-zero, with the panic, on the first input
//! that fails.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use taxii_fuzz::targets::TARGETS;

fn files(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        for e in std::fs::read_dir(path)? {
            files(&e?.path(), out)?;
        }
    } else {
        out.push(path.to_owned());
    }
    Ok(())
}

fn main() -> std::io::Result<ExitCode> {
    let mut args = std::env::args().skip(1);
    let Some(name) = args.next() else {
        eprintln!("usage: replay TARGET PATH...");
        return Ok(ExitCode::from(2));
    };
    let Some((_, target)) = TARGETS.iter().find(|(n, _)| *n == name) else {
        let names: Vec<_> = TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!("unknown target `{name}`; targets: {}", names.join(", "));
        return Ok(ExitCode::from(2));
    };
    let mut list = Vec::new();
    for p in args {
        files(Path::new(&p), &mut list)?;
    }
    list.sort();
    for f in &list {
        let data = std::fs::read(f)?;
        if std::panic::catch_unwind(|| target(&data)).is_err() {
            eprintln!("failed: {}", f.display());
            return Ok(ExitCode::FAILURE);
        }
    }
    println!("{name}: {} inputs replayed", list.len());
    Ok(ExitCode::SUCCESS)
}
