//! The libtaxii-generated TAXII 1.0 samples (testdata/samples/taxii10_*) round-trip.

use taxii_messages::{decode, v10, Message};

use crate::v10::wire::testdata;

#[test]
fn taxii10_samples_roundtrip() {
    let mut seen = 0;
    for e in std::fs::read_dir(testdata("samples")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("taxii10_") {
            continue;
        }
        seen += 1;
        let bytes = std::fs::read(&p).unwrap();
        let m = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Message::V10(v10::Message::PollResponse(r)) = &m else {
            panic!("{name}: not a 1.0 Poll_Response")
        };
        let expected = if name.contains("100blocks") { 100 } else { 1 };
        assert_eq!(r.content_blocks.len(), expected, "{name}");
        let again = decode(m.to_xml().as_bytes()).unwrap();
        assert_eq!(m, again, "{name}");
    }
    assert_eq!(seen, 2);
}

/// The content path is zero-copy: block payloads share the decoded buffer.
#[test]
fn taxii10_content_is_a_slice_of_the_input() {
    let bytes = bytes::Bytes::from(
        std::fs::read(testdata("samples/taxii10_poll_response_1block.xml")).unwrap(),
    );
    let m = taxii_messages::decode_bytes(bytes.clone()).unwrap();
    let Message::V10(v10::Message::PollResponse(r)) = m else {
        panic!()
    };
    let content = r.content_blocks[0].content.as_bytes();
    let start = content.as_ptr() as usize;
    let base = bytes.as_ptr() as usize;
    assert!(start >= base && start + content.len() <= base + bytes.len());
}
