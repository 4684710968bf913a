//! Resource limits applied while decoding untrusted input.

/// Bounds on what a decoder accepts; every decode checks them before doing the work.
///
/// The defaults suit real TAXII traffic (feeds of tens of thousands of STIX packages);
/// raise a field when a trusted peer needs more:
///
/// ```
/// let limits = taxii_messages::Limits { max_input_bytes: 1 << 30, ..Default::default() };
/// assert!(limits.max_depth >= 64);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input, in bytes (default 256 MiB).
    pub max_input_bytes: usize,
    /// Deepest element nesting, counting the root as 1 and including content (default 256).
    pub max_depth: usize,
    /// Most attributes on one element (default 256).
    pub max_attributes: usize,
    /// Most namespace declarations in scope at once (default 256).
    pub max_namespace_bindings: usize,
    /// Longest element or attribute name, in bytes (default 1024).
    pub max_name_bytes: usize,
    /// Longest attribute value or envelope text value, in bytes (default 1 MiB).
    pub max_value_bytes: usize,
    /// Most elements in the whole document, content included (default 50 million).
    pub max_elements: usize,
    /// Most content blocks in one message (default 1 million).
    pub max_content_blocks: usize,
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
        }
    }
}
