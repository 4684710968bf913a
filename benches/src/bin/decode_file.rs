//! Decodes (or encodes) TAXII files and prints the rate:
//! `decode_file [--stream | --encode] [--min-secs S] FILE`.
//!
//! Whole mode reads the file into memory and decodes it with `decode_with`, repeating
//! until `S` seconds (default 2) have passed; stream mode reads it through
//! `MessageStream` from a buffered file, once, dropping each block after counting it;
//! encode mode decodes the file once and then encodes the message repeatedly.
//! Output, one line: `mode bytes runs seconds_per_run MB_per_s blocks cpu_seconds_per_run
//! cpu_MB_per_s`, the CPU figures from the thread's CPU clock, which other processes
//! competing for the cores do not inflate.

use std::fs::File;
use std::io::BufReader;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bytes::Bytes;
use cpu_time::ThreadTime;
use taxii_messages::stream::MessageStream;
use taxii_messages::{decode_with, v10, v11, DecodeOptions, Limits, Message};

fn main() -> ExitCode {
    let mut stream = false;
    let mut encode = false;
    let mut min_secs = 2.0f64;
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--stream" => stream = true,
            "--encode" => encode = true,
            "--min-secs" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => min_secs = s,
                None => return usage(),
            },
            _ if file.is_none() => file = Some(a),
            _ => return usage(),
        }
    }
    let Some(file) = file else { return usage() };
    let options = DecodeOptions::with_limits(Limits {
        max_input_bytes: usize::MAX,
        ..Limits::default()
    });
    let result = if stream {
        stream_file(&file, &options)
    } else if encode {
        encode_file(&file, &options, Duration::from_secs_f64(min_secs))
    } else {
        whole_file(&file, &options, Duration::from_secs_f64(min_secs))
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("decode_file: {file}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: decode_file [--stream | --encode] [--min-secs S] FILE");
    ExitCode::from(2)
}

fn whole_file(
    file: &str,
    options: &DecodeOptions,
    min: Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    let input = Bytes::from(std::fs::read(file)?);
    let mut runs = 0u32;
    let mut blocks = 0;
    let start = Clock::start();
    while runs == 0 || start.elapsed() < min {
        let msg = decode_with(input.clone(), options)?;
        blocks = block_count(&msg);
        runs += 1;
    }
    report("whole", input.len(), runs, &start, blocks);
    Ok(())
}

fn encode_file(
    file: &str,
    options: &DecodeOptions,
    min: Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    let msg = decode_with(Bytes::from(std::fs::read(file)?), options)?;
    let mut out = Vec::new();
    let mut runs = 0u32;
    let start = Clock::start();
    while runs == 0 || start.elapsed() < min {
        out.clear();
        msg.encode_into(&mut out);
        runs += 1;
    }
    report("encode", out.len(), runs, &start, block_count(&msg));
    Ok(())
}

fn stream_file(file: &str, options: &DecodeOptions) -> Result<(), Box<dyn std::error::Error>> {
    let len = std::fs::metadata(file)?.len();
    let start = Clock::start();
    let reader = BufReader::with_capacity(1 << 16, File::open(file)?);
    let mut stream = MessageStream::with_options(reader, options)?;
    let mut blocks = 0;
    while let Some(block) = stream.next_block()? {
        blocks += usize::from(!block.content().as_bytes().is_empty());
    }
    report("stream", usize::try_from(len)?, 1, &start, blocks);
    Ok(())
}

fn block_count(msg: &Message) -> usize {
    match msg {
        Message::V11(v11::Message::PollResponse(m)) => m.content_blocks.len(),
        Message::V11(v11::Message::InboxMessage(m)) => m.content_blocks.len(),
        Message::V10(v10::Message::PollResponse(m)) => m.content_blocks.len(),
        Message::V10(v10::Message::InboxMessage(m)) => m.content_blocks.len(),
        _ => 0,
    }
}

/// Wall time and this thread's CPU time since a start.
struct Clock {
    wall: Instant,
    cpu: ThreadTime,
}

impl Clock {
    fn start() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: ThreadTime::now(),
        }
    }

    fn elapsed(&self) -> Duration {
        self.wall.elapsed()
    }

    fn cpu_secs(&self) -> f64 {
        self.cpu.elapsed().as_secs_f64()
    }
}

fn report(mode: &str, bytes: usize, runs: u32, clock: &Clock, blocks: usize) {
    let per_run = clock.elapsed().as_secs_f64() / f64::from(runs);
    let rate = bytes as f64 / per_run / 1e6;
    let cpu_per_run = clock.cpu_secs() / f64::from(runs);
    let cpu_rate = bytes as f64 / cpu_per_run / 1e6;
    println!(
        "{mode} {bytes} {runs} {per_run:.9} {rate:.1} {blocks} {cpu_per_run:.9} {cpu_rate:.1}"
    );
}
