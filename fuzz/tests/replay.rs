//! Replays, as ordinary tests on stable: the seed corpus built from `testdata/`, every
//! saved crash (`regressions/<target>/*`, and `artifacts/<target>/*` when present), and
//! a deterministic stream of pseudo-random inputs through the structured targets.

#![forbid(unsafe_code)]

use std::path::Path;

use taxii_fuzz::seeds;
use taxii_fuzz::targets::{self, TARGETS};
use taxii_messages::{decode, Message};

fn message_seeds() -> Vec<seeds::Seed> {
    let s = seeds::messages(&seeds::testdata_dir()).expect("testdata/ is readable");
    assert!(s.len() >= 40, "too few seeds extracted: {}", s.len());
    s
}

#[test]
fn seed_messages_replay_through_decode_message() {
    let seeds = message_seeds();
    let mut decoded = 0;
    for s in &seeds {
        targets::decode_message(&s.data);
        if decode(&s.data).is_ok() {
            decoded += 1;
        }
    }
    // Every TAXII 1.1 vector must decode (1.0 ones wait for the 1.0 decoder).
    let v11: Vec<_> = seeds
        .iter()
        .filter(|s| {
            s.data
                .windows(27)
                .any(|w| w == b"taxii_xml_binding-1.1\" mess")
                || s.name.contains("taxii11")
        })
        .collect();
    for s in &v11 {
        if let Err(e) = decode(&s.data) {
            // Status messages from 1.0 exchanges carry the 1.0 namespace; only 1.1 roots count.
            let root_is_11 = std::str::from_utf8(&s.data)
                .is_ok_and(|t| t.trim_start().starts_with("<taxii_11:"));
            assert!(!root_is_11, "{}: {e}", s.name);
        }
    }
    assert!(decoded >= 20, "only {decoded} seeds decoded");
}

#[test]
fn seed_messages_replay_through_convert_message() {
    for s in &message_seeds() {
        targets::convert_message(&s.data);
    }
}

#[test]
fn seed_messages_stream_like_they_decode_at_every_read_size() {
    // security-and-interop.md §3.3 item 24: 1-, 2-, 3-, 7-byte read windows and more.
    for s in message_seeds().iter().filter(|s| s.data.len() < 8192) {
        for cap in [0u8, 1, 2, 6, 63, 255] {
            targets::stream_message(&[&[cap][..], &s.data].concat());
        }
    }
}

#[test]
fn draft1_seeds_replay_through_decode_draft1() {
    let seeds = seeds::draft1(&seeds::testdata_dir()).expect("testdata/draft1 is readable");
    assert!(seeds.len() >= 10, "too few Draft 1 seeds: {}", seeds.len());
    let mut decoded = 0;
    for s in &seeds {
        targets::decode_draft1(&s.data);
        let xml_ok = taxii_messages::draft1::decode(&s.data).is_ok();
        let query_ok = std::str::from_utf8(&s.data)
            .is_ok_and(|q| taxii_messages::draft1::request_from_query(q).is_ok());
        assert!(xml_ok || query_ok, "{} decodes neither way", s.name);
        decoded += 1;
    }
    assert_eq!(decoded, seeds.len());
}

#[test]
fn http_seeds_replay_through_both_binding_sides() {
    for s in &seeds::http(&message_seeds()) {
        targets::http_request(&s.data);
        targets::http_response(&s.data);
    }
}

#[test]
fn seed_queries_replay_through_decode_default_query() {
    let queries = seeds::default_queries(&message_seeds());
    assert!(queries.len() >= 4, "too few query seeds: {}", queries.len());
    for q in &queries {
        targets::decode_default_query(&q.data);
        // Each seed is a valid query: wrapped, it must decode (checked inside the target
        // only when it does), so decode it here and demand success.
        let mut u = q.data.clone();
        u.remove(0);
        let text = String::from_utf8(u).expect("seeds are UTF-8");
        let wrapped = if q.data[0] == 0 {
            format!(
                "<taxii_11:Poll_Request xmlns:taxii_11=\"http://taxii.mitre.org/messages/taxii_xml_binding-1.1\" \
                 xmlns:tdq=\"http://taxii.mitre.org/query/taxii_default_query-1\" message_id=\"1\" collection_name=\"c\">\
                 <taxii_11:Poll_Parameters><taxii_11:Query format_id=\"urn:taxii.mitre.org:query:default:1.0\">{text}\
                 </taxii_11:Query></taxii_11:Poll_Parameters></taxii_11:Poll_Request>"
            )
        } else {
            continue;
        };
        let m = decode(wrapped.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", q.name));
        assert!(matches!(m, Message::V11(_)));
    }
}

/// Every file under `dir/<target>/` through that target.
fn replay_dir(dir: &Path) -> usize {
    let mut n = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(dir.join(name)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files.iter().filter(|f| f.is_file()) {
            let data = std::fs::read(f).expect("readable");
            eprintln!("replaying {}", f.display());
            target(&data);
            n += 1;
        }
    }
    n
}

#[test]
fn saved_crashes_replay() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let saved = replay_dir(&root.join("regressions"));
    replay_dir(&root.join("artifacts"));
    assert!(saved >= 1, "regressions/ holds no saved input");
}

/// xorshift64*: a fixed, dependency-free stream of bytes.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = (self.next() as usize) % max;
        (0..len).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn structured_targets_on_a_fixed_random_stream() {
    let mut s = Stream(0x7A11_5EED);
    for _ in 0..1500 {
        targets::roundtrip_message(&s.bytes(4096));
        targets::roundtrip_default_query(&s.bytes(1024));
        targets::poll_pager(&s.bytes(512));
        targets::http_request(&s.bytes(512));
        targets::http_response(&s.bytes(512));
    }
}

#[test]
fn truncated_and_flipped_seeds_never_panic() {
    // Checklist §3.3 item 23 on a small scale: cut a valid Poll Response at many offsets,
    // and flip single bytes; the fuzzers do this exhaustively.
    let seeds = message_seeds();
    let poll = seeds
        .iter()
        .find(|s| s.name.contains("016_taxii11_poll_multipart.http#2"))
        .expect("the multipart poll response is a seed");
    let step = (poll.data.len() / 200).max(1);
    for cut in (0..poll.data.len()).step_by(step) {
        targets::decode_message(&poll.data[..cut]);
    }
    let mut s = Stream(42);
    for _ in 0..300 {
        let mut d = poll.data.clone();
        let i = (s.next() as usize) % d.len();
        d[i] = s.next() as u8;
        targets::decode_message(&d);
    }
}

/// http_response (structured stream): an answer whose body holds characters
/// XML cannot carry (here NUL and U+001D in the body) became a Status Message that did not encode
/// to well-formed XML; the text now carries U+FFFD instead.
#[test]
fn regression_http_answer_with_control_characters_reads_as_a_valid_status_message() {
    use taxii_http_binding::{inspect_response, ClientPolicy};
    let resp = http::Response::builder()
        .status(502)
        .body(bytes::Bytes::from_static(
            b"<html>\x00bad gateway\x1d</html>",
        ))
        .unwrap();
    let id = taxii_messages::MessageId::new("1").unwrap();
    let read = inspect_response(&resp, &id, &ClientPolicy::default());
    assert!(read.not_taxii.is_some());
    let xml = read.message.to_xml();
    assert!(xml.contains("\u{FFFD}bad gateway\u{FFFD}"), "{xml}");
    taxii_fuzz::check::roundtrip(&read.message);
}
