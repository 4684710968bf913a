//! Writes the seed corpus of every target to `fuzz/corpus/<target>/` (or the directory
//! given as the first argument), from the project's `testdata/`.
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --example seed_corpus`

#![forbid(unsafe_code)]

use std::path::PathBuf;

use taxii_fuzz::seeds;

fn main() -> std::io::Result<()> {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    let messages = seeds::messages(&seeds::testdata_dir())?;
    let queries = seeds::default_queries(&messages);
    let write = |target: &str, seeds: &[seeds::Seed]| -> std::io::Result<()> {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir)?;
        for (i, s) in seeds.iter().enumerate() {
            std::fs::write(dir.join(format!("seed-{i:03}")), &s.data)?;
        }
        println!("{}: {} seeds", dir.display(), seeds.len());
        Ok(())
    };
    write("decode_message", &messages)?;
    write("convert_message", &messages)?;
    let chunked: Vec<seeds::Seed> = messages
        .iter()
        .enumerate()
        .map(|(i, s)| seeds::Seed {
            name: s.name.clone(),
            data: [&[(i * 37 % 256) as u8][..], &s.data].concat(),
        })
        .collect();
    write("stream_message", &chunked)?;
    write("decode_draft1", &seeds::draft1(&seeds::testdata_dir())?)?;
    let http = seeds::http(&messages);
    write("http_request", &http)?;
    write("http_response", &http)?;
    write("decode_default_query", &queries)?;
    // The structured targets read bytes as choices: any bytes make a start.
    let choices: Vec<seeds::Seed> = messages
        .iter()
        .take(8)
        .map(|s| seeds::Seed {
            name: s.name.clone(),
            data: s.data.iter().take(512).copied().collect(),
        })
        .collect();
    write("roundtrip_message", &choices)?;
    write("roundtrip_default_query", &choices)?;
    write("poll_pager", &choices)?;
    Ok(())
}
