//! Test-vector helpers: reading files under testdata/ and the known-answer + inverse check.

use std::path::{Path, PathBuf};

use taxii_messages::{decode, Message};

/// The repository's testdata directory.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// The files in `testdata/<dir>` whose names end with `suffix`, sorted.
pub fn files(dir: &str, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(testdata().join(dir))
        .unwrap_or_else(|e| panic!("testdata/{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no {suffix} files in testdata/{dir}");
    out
}

/// Reads a file as bytes.
pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes, encodes, decodes again: the two decoded values must be equal, and encoding
/// the second must give the same bytes as encoding the first.
pub fn known_answer_and_inverse(name: &str, bytes: &[u8]) -> Message {
    let first = decode(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let xml = first.to_xml();
    let second = decode(xml.as_bytes()).unwrap_or_else(|e| panic!("{name} re-encoded: {e}\n{xml}"));
    assert_eq!(first, second, "{name}: decode(encode(m)) != m");
    assert_eq!(xml, second.to_xml(), "{name}: encoding is not stable");
    first
}

/// The decode contract for a rule beyond the XSDs: the message decodes (permissive and
/// schema levels) and re-encodes unchanged, `validate` reports `rule` at `path` as MUST,
/// and strict decoding refuses it with that rule and path.
pub fn spec_rule(xml: &str, path: &str, rule: &str) -> Message {
    let m = known_answer_and_inverse(rule, xml.as_bytes());
    let schema = taxii_messages::DecodeOptions::schema();
    taxii_messages::decode_with(xml.as_bytes().to_vec().into(), &schema)
        .unwrap_or_else(|e| panic!("{rule}, schema level: {e}"));
    let found = m.validate();
    assert!(
        found.iter().any(|d| d.rule == rule
            && d.path == path
            && d.level == taxii_messages::Requirement::Must),
        "{rule} at {path} not in {found:?}"
    );
    let strict = taxii_messages::DecodeOptions::strict();
    let e = taxii_messages::decode_with(xml.as_bytes().to_vec().into(), &strict)
        .expect_err("strict decoding refuses a MUST diagnostic");
    assert_eq!(e.rule(), Some(found[0].rule), "{e}");
    assert_eq!(e.path(), found[0].path, "{e}");
    m
}
