//! The peer-to-peer sharing model of the TAXII overview, run over loopback: a communal
//! discovery service lists the inbox services of three peers; Peer B discovers them there
//! and pushes its content to each; every receiving peer shows what it stored.
//!
//! `cargo run -p taxii-sharing-models --example peer_to_peer [-- [--xml] [--save-bodies DIR]]`

use std::process::ExitCode;

use taxii_sharing_models::{log_to_stderr, peer_to_peer, sample_blocks, Narration};

fn main() -> ExitCode {
    log_to_stderr();
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("peer_to_peer: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let data = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("peer_to_peer: cannot create a data directory: {e}");
            return ExitCode::FAILURE;
        }
    };
    let story = match Narration::from_args(std::env::args().skip(1)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("peer_to_peer: {e}\nusage: peer_to_peer [--xml] [--save-bodies DIR]");
            return ExitCode::from(2);
        }
    };
    let blocks = sample_blocks();
    let receivers = ["Peer A", "Peer C", "Peer D"];
    match peer_to_peer(
        rt.handle(),
        data.path(),
        "Peer B",
        &receivers,
        &blocks,
        &story,
    ) {
        Ok(report) => {
            println!();
            let mut all = true;
            for (address, result) in &report.deliveries {
                match result {
                    Ok(()) => println!("push to {address}: SUCCESS"),
                    Err(e) => {
                        all = false;
                        println!("push to {address}: failed: {e}");
                    }
                }
            }
            for (peer, got) in &report.received {
                let same = *got == report.pushed;
                all &= same;
                println!(
                    "{peer} received {} of {} block(s), byte for byte: {}",
                    got.len(),
                    report.pushed.len(),
                    if same { "yes" } else { "NO" }
                );
            }
            all &= report.received.len() == receivers.len();
            if all {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("peer_to_peer: {e}");
            ExitCode::FAILURE
        }
    }
}
