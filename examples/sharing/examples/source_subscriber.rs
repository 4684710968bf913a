//! The source/subscriber sharing model of the TAXII overview, run over loopback: a Source
//! server, a Subscriber with its own inbox server; discovery, collection information, a
//! subscription with push parameters, content published at the Source and pushed to the
//! Subscriber's inbox, then polled through the subscription too.
//!
//! `cargo run -p taxii-sharing-models --example source_subscriber [-- [--xml] [--save-bodies DIR]]`

use std::process::ExitCode;

use taxii_sharing_models::{log_to_stderr, sample_blocks, source_subscriber, Narration};

fn main() -> ExitCode {
    log_to_stderr();
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("source_subscriber: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let data = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("source_subscriber: cannot create a data directory: {e}");
            return ExitCode::FAILURE;
        }
    };
    let story = match Narration::from_args(std::env::args().skip(1)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "source_subscriber: {e}\nusage: source_subscriber [--xml] [--save-bodies DIR]"
            );
            return ExitCode::from(2);
        }
    };
    let blocks = sample_blocks();
    match source_subscriber(rt.handle(), data.path(), &blocks, &story) {
        Ok(report) => {
            let pushed = report.delivered == report.published;
            let polled = report.polled == report.published;
            println!(
                "\nSubscription {}: {} block(s) published; pushed to the Subscriber's inbox \
                 byte for byte: {}; polled back byte for byte: {}",
                report.subscription_id,
                report.published.len(),
                yes(pushed),
                yes(polled)
            );
            if pushed && polled {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("source_subscriber: {e}");
            ExitCode::FAILURE
        }
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "NO"
    }
}
