//! Decode and encode throughput of the standard TAXII 1.1 messages and TAXII 1.0 poll
//! responses and inbox messages (`v10_` cases).
//!
//! Times are the benchmark thread's CPU time (see `thread_cpu`); set `TAXII_BENCH_WALL=1`
//! for wall-clock time.

mod thread_cpu;

use std::hint::black_box;

use bytes::Bytes;
use criterion::measurement::Measurement;
use criterion::{BenchmarkId, Criterion, Throughput};
use taxii_benches as gen;
use taxii_messages::stream::MessageStream;
use taxii_messages::{decode_bytes, Message};

/// The cases: name and the encoded message.
fn cases() -> Vec<(String, Bytes)> {
    let mut v = vec![
        (
            "discovery_response_20svc".to_owned(),
            Bytes::from_static(gen::DISCOVERY_RESPONSE_20.as_bytes()),
        ),
        (
            "inbox_message_1block".to_owned(),
            Bytes::from(gen::inbox_message(1)),
        ),
        (
            "status_message".to_owned(),
            Bytes::from_static(gen::STATUS_MESSAGE.as_bytes()),
        ),
        (
            "poll_request_default_query".to_owned(),
            Bytes::from_static(gen::DEFAULT_QUERY_POLL_REQUEST.as_bytes()),
        ),
    ];
    for blocks in [1, 100, 10_000] {
        v.push((
            format!("poll_response_{blocks}blocks"),
            Bytes::from(gen::poll_response(blocks)),
        ));
    }
    v.push((
        "v10_inbox_message_1block".to_owned(),
        Bytes::from(gen::inbox_message_10(1)),
    ));
    for blocks in [1, 100, 10_000] {
        v.push((
            format!("v10_poll_response_{blocks}blocks"),
            Bytes::from(gen::poll_response_10(blocks)),
        ));
    }
    v
}

fn decode<M: Measurement>(c: &mut Criterion<M>) {
    let mut g = c.benchmark_group("decode");
    for (name, xml) in cases() {
        if xml.len() > 1 << 20 {
            g.sample_size(20);
        }
        g.throughput(Throughput::Bytes(xml.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&name), &xml, |b, xml| {
            b.iter(|| decode_bytes(black_box(xml.clone())).unwrap())
        });
    }
    g.finish();
}

fn encode<M: Measurement>(c: &mut Criterion<M>) {
    let mut g = c.benchmark_group("encode");
    for (name, xml) in cases() {
        let msg: Message = decode_bytes(xml).unwrap();
        let mut out = Vec::new();
        msg.encode_into(&mut out);
        if out.len() > 1 << 20 {
            g.sample_size(20);
        }
        g.throughput(Throughput::Bytes(out.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&name), &msg, |b, msg| {
            b.iter(|| {
                out.clear();
                black_box(msg).encode_into(&mut out);
                black_box(out.len())
            })
        });
    }
    g.finish();
}

fn stream<M: Measurement>(c: &mut Criterion<M>) {
    let mut g = c.benchmark_group("stream");
    for blocks in [100, 10_000] {
        let xml = gen::poll_response(blocks);
        if blocks > 1000 {
            g.sample_size(20);
        }
        g.throughput(Throughput::Bytes(xml.len() as u64));
        let name = format!("poll_response_{blocks}blocks");
        g.bench_with_input(BenchmarkId::from_parameter(name), &xml, |b, xml| {
            b.iter(|| {
                let mut s = MessageStream::new(black_box(&xml[..])).unwrap();
                let mut n = 0;
                while let Some(block) = s.next_block().unwrap() {
                    n += block.content().as_bytes().len();
                }
                n
            })
        });
    }
    g.finish();
}

fn run<M: Measurement>(mut c: Criterion<M>) {
    decode(&mut c);
    encode(&mut c);
    stream(&mut c);
    c.final_summary();
}

fn main() {
    if std::env::var_os("TAXII_BENCH_WALL").is_some() {
        run(Criterion::default().configure_from_args());
    } else {
        run(Criterion::default()
            .with_measurement(thread_cpu::ThreadCpu)
            .configure_from_args());
    }
}
