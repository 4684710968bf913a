//! The fuzz targets' bodies: `fuzz_targets/NAME.rs` calls `targets::NAME`, and the replay
//! tests call the same functions through [`TARGETS`].

use arbitrary::Unstructured;

/// Bytes → any TAXII message: never panics; what decodes round-trips.
pub fn decode_message(data: &[u8]) {
    crate::check::decode_message(data);
}

/// Bytes → Default Query (or Query information) inside a fixed envelope.
pub fn decode_default_query(data: &[u8]) {
    crate::check::decode_default_query(data);
}

/// Bytes → a valid message of any type → encode → decode → equal.
pub fn roundtrip_message(data: &[u8]) {
    let mut u = Unstructured::new(data);
    if let Ok(msg) = crate::build::message(&mut u) {
        crate::check::roundtrip(&msg);
    }
}

/// Bytes → a valid Default Query → encode → decode → equal.
pub fn roundtrip_default_query(data: &[u8]) {
    let mut u = Unstructured::new(data);
    if let Ok(q) = crate::build::default_query(&mut u) {
        crate::check::roundtrip_query(&q);
    }
}

/// Bytes → a TAXII 1.0 Draft 1 message (and the GET query form of its requests).
pub fn decode_draft1(data: &[u8]) {
    crate::check::decode_draft1(data);
}

/// Bytes → a message → the other TAXII version → encode → decode → equal.
pub fn convert_message(data: &[u8]) {
    crate::check::convert_message(data);
}

/// Bytes → an HTTP request → the binding's server side.
pub fn http_request(data: &[u8]) {
    crate::http::server_reads_request(data);
}

/// Bytes → an HTTP response → the binding's client side.
pub fn http_response(data: &[u8]) {
    crate::http::client_reads_response(data);
}

/// Bytes → a hostile server's answers → the client poll pager.
pub fn poll_pager(data: &[u8]) {
    crate::pager::poll_pager(data);
}

/// Bytes → the streaming reader, compared with the whole-buffer decoder.
pub fn stream_message(data: &[u8]) {
    crate::stream::stream_matches_decode(data);
}

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// Every target by name (the names of the binaries in `fuzz_targets/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("decode_message", decode_message),
    ("decode_default_query", decode_default_query),
    ("roundtrip_message", roundtrip_message),
    ("roundtrip_default_query", roundtrip_default_query),
    ("decode_draft1", decode_draft1),
    ("convert_message", convert_message),
    ("http_request", http_request),
    ("http_response", http_response),
    ("poll_pager", poll_pager),
    ("stream_message", stream_message),
];
