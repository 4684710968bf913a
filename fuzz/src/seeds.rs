//! The seed corpus, extracted from the project's test vectors (`testdata/`).
//!
//! Nothing large is committed under `fuzz/`: `cargo run --example seed_corpus` writes
//! these seeds to `fuzz/corpus/<target>/`, and `tests/replay.rs` feeds them to the
//! targets directly.

use std::path::{Path, PathBuf};

/// `testdata/` at the repository root.
pub fn testdata_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// A named seed.
#[derive(Debug, Clone)]
pub struct Seed {
    /// Where it came from, e.g. `wire/009_taxii11_poll.http#2`.
    pub name: String,
    /// The bytes.
    pub data: Vec<u8>,
}

/// Every XML message in `testdata/`: the files under `samples/` and the bodies of the
/// HTTP requests and responses under `wire/`.
pub fn messages(testdata: &Path) -> std::io::Result<Vec<Seed>> {
    let mut out = Vec::new();
    for path in sorted_files(&testdata.join("samples"))? {
        if path.extension().is_some_and(|e| e == "xml") {
            out.push(Seed {
                name: format!("samples/{}", file_name(&path)),
                data: std::fs::read(&path)?,
            });
        }
    }
    for path in sorted_files(&testdata.join("seed-samples"))? {
        if path.extension().is_some_and(|e| e == "xml") {
            out.push(Seed {
                name: format!("seed-samples/{}", file_name(&path)),
                data: std::fs::read(&path)?,
            });
        }
    }
    for path in sorted_files(&testdata.join("wire"))? {
        let bytes = std::fs::read(&path)?;
        for (i, body) in http_bodies(&bytes).into_iter().enumerate() {
            if body.trim_ascii_start().starts_with(b"<") {
                out.push(Seed {
                    name: format!("wire/{}#{}", file_name(&path), i + 1),
                    data: body.to_vec(),
                });
            }
        }
    }
    Ok(out)
}

/// Seeds of `decode_draft1`: the Draft 1 figures under `testdata/draft1/` (XML documents
/// as they are, and the query strings of the `GET` requests).
pub fn draft1(testdata: &Path) -> std::io::Result<Vec<Seed>> {
    let mut out = Vec::new();
    for path in sorted_files(&testdata.join("draft1"))? {
        let bytes = std::fs::read(&path)?;
        let data = match path.extension().and_then(|e| e.to_str()) {
            Some("xml") => bytes,
            Some("http") => {
                let text = String::from_utf8_lossy(&bytes);
                let line = text.lines().next().unwrap_or("");
                let target = line.split(' ').nth(1).unwrap_or("");
                match target.split_once('?') {
                    Some((_, query)) => query.as_bytes().to_vec(),
                    None => continue,
                }
            }
            _ => continue,
        };
        out.push(Seed {
            name: format!("draft1/{}", file_name(&path)),
            data,
        });
    }
    Ok(out)
}

/// Seeds of the structured HTTP targets: a few choice bytes (header sets, method,
/// status) followed by a message as the body.
pub fn http(messages: &[Seed]) -> Vec<Seed> {
    let mut out = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        let prefix = [[0u8; 16], [0xFF; 16], [0x80; 16]][i % 3];
        let mut data = prefix.to_vec();
        data.extend_from_slice(&m.data);
        out.push(Seed {
            name: format!("{}+choices{}", m.name, i % 3),
            data,
        });
    }
    out
}

/// Seeds of `decode_default_query`: a selector byte (0: `Query`, 1: `Supported_Query`)
/// and a `tdq:Default_Query` or `tdq:Default_Query_Info` element, cut from the messages
/// and written by hand.
pub fn default_queries(messages: &[Seed]) -> Vec<Seed> {
    let mut out = Vec::new();
    for (selector, open, close) in [
        (0u8, "<tdq:Default_Query ", "</tdq:Default_Query>"),
        (1u8, "<tdq:Default_Query_Info", "</tdq:Default_Query_Info>"),
    ] {
        for m in messages {
            let Ok(text) = std::str::from_utf8(&m.data) else {
                continue;
            };
            let mut rest = text;
            let mut n = 0;
            while let Some(start) = rest.find(open) {
                let Some(len) = rest[start..].find(close) else {
                    break;
                };
                let end = start + len + close.len();
                n += 1;
                let mut data = vec![selector];
                data.extend_from_slice(&rest.as_bytes()[start..end]);
                out.push(Seed {
                    name: format!("{}#q{n}", m.name),
                    data,
                });
                rest = &rest[end..];
            }
        }
    }
    for (i, q) in HAND_WRITTEN_QUERIES.iter().enumerate() {
        out.push(Seed {
            name: format!("hand-written#{}", i + 1),
            data: q.to_vec(),
        });
    }
    out
}

/// Default Query shapes the test vectors lack: nesting, negation, `OR`, query info with
/// both scope kinds.
const HAND_WRITTEN_QUERIES: &[&[u8]] = &[
    b"\x00<tdq:Default_Query targeting_expression_id=\"urn:stix.mitre.org:xml:1.1.1\">\
<tdq:Criteria operator=\"OR\"><tdq:Criteria operator=\"AND\"><tdq:Criterion negate=\"true\">\
<tdq:Target>STIX_Package/Indicators/Indicator/@id</tdq:Target>\
<tdq:Test capability_id=\"urn:taxii.mitre.org:query:capability:core-1\" relationship=\"exists\"/>\
</tdq:Criterion></tdq:Criteria><tdq:Criterion><tdq:Target>**/@timestamp</tdq:Target>\
<tdq:Test capability_id=\"urn:taxii.mitre.org:query:capability:timestamp-1\" relationship=\"greater_than\">\
<tdq:Parameter name=\"value\">2024-01-01T00:00:00Z</tdq:Parameter></tdq:Test></tdq:Criterion>\
</tdq:Criteria></tdq:Default_Query>",
    b"\x01<tdq:Default_Query_Info><tdq:Targeting_Expression_Info targeting_expression_id=\"urn:stix.mitre.org:xml:1.1.1\">\
<tdq:Preferred_Scope>STIX_Package/Indicators/**</tdq:Preferred_Scope><tdq:Allowed_Scope>**</tdq:Allowed_Scope>\
</tdq:Targeting_Expression_Info>\
<tdq:Capability_Module>urn:taxii.mitre.org:query:capability:core-1</tdq:Capability_Module>\
<tdq:Capability_Module>urn:taxii.mitre.org:query:capability:regex-1</tdq:Capability_Module>\
</tdq:Default_Query_Info>",
];

/// The bodies of the HTTP/1.1 messages recorded one after another in a wire file
/// (each header block ends with an empty line; `Content-Length` gives the body length,
/// or the body runs to the next start line).
pub fn http_bodies(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let Some((head_len, sep)) = find_header_end(rest) else {
            break;
        };
        let head = String::from_utf8_lossy(&rest[..head_len]);
        let body_start = head_len + sep;
        let declared = head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())
                .flatten()
        });
        let body_end = match declared {
            Some(n) => (body_start + n).min(rest.len()),
            None => next_start_line(rest, body_start).unwrap_or(rest.len()),
        };
        out.push(&rest[body_start..body_end]);
        rest = &rest[body_end..];
        while rest.first().is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            rest = &rest[1..];
        }
    }
    out
}

fn find_header_end(b: &[u8]) -> Option<(usize, usize)> {
    let crlf = b.windows(4).position(|w| w == b"\r\n\r\n").map(|p| (p, 4));
    let lf = b.windows(2).position(|w| w == b"\n\n").map(|p| (p, 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn next_start_line(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(p) = b[i..].iter().position(|&c| c == b'\n') {
        let line = i + p + 1;
        if b[line..].starts_with(b"HTTP/1.") || b[line..].starts_with(b"POST ") {
            return Some(line);
        }
        i = line;
    }
    None
}

fn sorted_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    v.retain(|p| p.is_file());
    v.sort();
    Ok(v)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
