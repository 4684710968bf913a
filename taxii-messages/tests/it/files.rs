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
