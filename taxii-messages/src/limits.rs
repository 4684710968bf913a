//! Resource limits applied while decoding untrusted input.

/// Bounds on what a decoder accepts, applied to untrusted input as it is read.
///
/// Every decode runs under a [`Limits`]; the defaults are safe for a server that
/// accepts messages from anyone and still fit real TAXII traffic (poll responses carrying
/// tens of thousands of STIX packages). A limit that is crossed stops the decode at that
/// point with [`DecodeErrorKind::LimitExceeded`](crate::DecodeErrorKind::LimitExceeded),
/// naming the field of [`Limits`] and its value, at the byte offset and element path
/// where it happened. Nothing is kept between decodes, so a rejection never affects the
/// next call.
///
/// Some things are refused whatever the limits say, because no setting makes them safe:
/// a `<!DOCTYPE` anywhere (so no entity is ever declared or expanded and no external DTD,
/// entity, schema, stylesheet or XInclude target is ever fetched: the decoder does no IO),
/// entity references other than the five predefined ones, character references to
/// characters XML forbids, raw C0 control characters and U+FFFE/U+FFFF, and any encoding
/// but UTF-8.
///
/// Content (and other raw payloads) is not copied or unescaped: a text node inside
/// `Content` is bounded only by `max_input_bytes`, and its references are checked, not
/// expanded.
///
/// # Raising a limit
///
/// Build the limits from the defaults, change the field a trusted peer needs, and decode
/// with [`DecodeOptions::with_limits`](crate::DecodeOptions::with_limits):
///
/// ```
/// use taxii_messages::{decode_with, DecodeErrorKind, DecodeOptions, Limits};
///
/// let xml = br#"<taxii_11:Discovery_Request
///     xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"
///     message_id="42"/>"#;
///
/// // Tight limits refuse it, naming the limit that was crossed …
/// let tight = Limits { max_input_bytes: 64, ..Limits::default() };
/// let err = decode_with(xml.to_vec().into(), &DecodeOptions::with_limits(tight)).unwrap_err();
/// assert_eq!(
///     err.kind(),
///     &DecodeErrorKind::LimitExceeded { limit: "max_input_bytes", max: 64 }
/// );
///
/// // … and raised ones (here 1 GiB bodies, deeper content) accept it.
/// let roomy = Limits { max_input_bytes: 1 << 30, max_depth: 1024, ..Limits::default() };
/// let msg = decode_with(xml.to_vec().into(), &DecodeOptions::with_limits(roomy)).unwrap();
/// assert_eq!(msg.message_id().as_str(), "42");
/// ```
///
/// The HTTP binding applies its own body-size limit before a message reaches the
/// decoder; raise both when a peer sends large poll responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input, in bytes, checked before anything is read (default 256 MiB).
    pub max_input_bytes: usize,
    /// Deepest element nesting, counting the root as 1 and including content, checked at
    /// each start tag and empty-element tag (default 256).
    pub max_depth: usize,
    /// Most attributes on one element, declarations included, in the envelope and in
    /// content (default 256).
    pub max_attributes: usize,
    /// Most namespace declarations in scope at once in the envelope (default 256).
    pub max_namespace_bindings: usize,
    /// Longest element or attribute name, in bytes, in the envelope and in content
    /// (default 1024).
    pub max_name_bytes: usize,
    /// Longest attribute value (envelope and content) or envelope text value after
    /// references are resolved, in bytes (default 1 MiB).
    pub max_value_bytes: usize,
    /// Most elements in the whole document, content included, checked at each start tag
    /// (default 50 million).
    pub max_elements: usize,
    /// Most content blocks in one message, checked at each block (default 1 million).
    pub max_content_blocks: usize,
    /// Most bytes of namespace bindings copied into captured payloads (content, headers,
    /// details, signatures) over one message (default 64 MiB). Each payload keeps the
    /// bindings in scope where it appeared; payloads under the same scope share one copy,
    /// and a copy costs 48 bytes per binding plus its prefix and URI.
    pub max_binding_copy_bytes: usize,
    /// Deepest nesting of Default Query `Criteria`, checked at each one (default 32). Each
    /// level is a recursive call (a few KiB of stack in debug builds), so raise it only
    /// where threads have the stack to spare.
    pub max_query_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 << 20,
            max_depth: 256,
            max_attributes: 256,
            max_namespace_bindings: 256,
            max_name_bytes: 1024,
            max_value_bytes: 1 << 20,
            max_elements: 50_000_000,
            max_content_blocks: 1_000_000,
            max_binding_copy_bytes: 64 << 20,
            max_query_depth: 32,
        }
    }
}
