//! The namespace declarations in scope while reading the envelope.

use std::sync::Arc;

use crate::namespaces::{NamespaceBinding, XML};
use crate::xml::content_tags::is_ncname;

/// What one copied binding costs besides its text (two `String`s).
pub(crate) const BINDING_OVERHEAD: usize = 48;

#[derive(Default)]
pub(crate) struct NsStack {
    bindings: Vec<NamespaceBinding>,
    marks: Vec<usize>,
    snapshot: Option<Arc<[NamespaceBinding]>>,
    /// The last snapshot built, reused when the visible bindings are the same again.
    last_built: Option<Arc<[NamespaceBinding]>>,
    /// Bytes of bindings copied into distinct snapshots so far.
    materialized: usize,
}

impl NsStack {
    /// Opens a scope for one element.
    pub(crate) fn open(&mut self) {
        self.marks.push(self.bindings.len());
    }

    pub(crate) fn declare(&mut self, prefix: &str, uri: &str) {
        self.snapshot = None;
        self.bindings.push(NamespaceBinding::new(prefix, uri));
    }

    /// Closes the innermost scope, dropping its declarations.
    pub(crate) fn close(&mut self) {
        let mark = self.marks.pop().unwrap_or(0);
        if self.bindings.len() != mark {
            self.snapshot = None;
            self.bindings.truncate(mark);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.bindings.len()
    }

    /// The URI bound to `prefix` (empty prefix: the default namespace).
    pub(crate) fn resolve(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML);
        }
        self.bindings
            .iter()
            .rev()
            .find(|b| b.prefix == prefix)
            .map(|b| b.uri.as_str())
    }

    /// Whether a (non-empty) `prefix` is bound to a namespace.
    pub(crate) fn is_bound(&self, prefix: &[u8]) -> bool {
        let bound = |b: &NamespaceBinding| same(b.prefix.as_bytes(), prefix) && !b.uri.is_empty();
        prefix == b"xml" || self.bindings.iter().rev().any(bound)
    }

    /// Every binding in scope, innermost declaration winning, in declaration order.
    pub(crate) fn snapshot(&mut self) -> Arc<[NamespaceBinding]> {
        if let Some(s) = &self.snapshot {
            return s.clone();
        }
        let snap = self.build(self.bindings.len());
        self.snapshot = Some(snap.clone());
        snap
    }

    /// The bindings in scope around the innermost element, without its own declarations
    /// (those travel inside a raw copy of the element itself).
    pub(crate) fn snapshot_outer(&mut self) -> Arc<[NamespaceBinding]> {
        match self.marks.last() {
            Some(&mark) if mark < self.bindings.len() => self.build(mark),
            _ => self.snapshot(),
        }
    }

    /// Bytes of bindings copied into distinct snapshots so far (per binding: its prefix,
    /// its URI and [`BINDING_OVERHEAD`]): what captured payloads hold beyond the input
    /// itself (a document can redeclare a prefix on every content block).
    pub(crate) fn materialized(&self) -> usize {
        self.materialized
    }

    /// The visible bindings among the first `len` declarations, sharing the last snapshot
    /// built when they are equal to it (a redeclaration repeated on every block).
    fn build(&mut self, len: usize) -> Arc<[NamespaceBinding]> {
        let visible = visible(&self.bindings[..len]);
        if let Some(last) = &self.last_built {
            if last.len() == visible.len() && last.iter().zip(&visible).all(|(a, b)| a == *b) {
                return last.clone();
            }
        }
        let bytes: usize = visible
            .iter()
            .map(|b| BINDING_OVERHEAD + b.prefix.len() + b.uri.len())
            .sum();
        self.materialized = self.materialized.saturating_add(bytes);
        let snap: Arc<[NamespaceBinding]> = visible.into_iter().cloned().collect();
        self.last_built = Some(snap.clone());
        snap
    }
}

/// The namespace bound to the reserved `xmlns` prefix.
const XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// Rule of the reserved prefixes and namespace names, and of prefix undeclaring.
pub(crate) const R_DECL: &str =
    "Namespaces in XML 1.0 NSC: No Prefix Undeclaring, Reserved Prefixes";

/// Whether the attribute `name` declares a namespace: the prefix it binds to `uri` (empty
/// for the default namespace), or why it may not (Namespaces in XML 1.0 §3).
pub(crate) fn declaration<'n>(
    name: &'n [u8],
    uri: &[u8],
) -> Option<Result<&'n [u8], &'static str>> {
    let prefix = match name.strip_prefix(b"xmlns:") {
        Some(p) if !is_ncname(p) => return Some(Err("the prefix is not an NCName")),
        Some(p) => p,
        None if name == b"xmlns" => b"",
        None => return None,
    };
    let xml_uri = uri == XML.as_bytes();
    let fault = if prefix == b"xmlns" {
        "the prefix `xmlns` cannot be declared"
    } else if uri == XMLNS.as_bytes() {
        "the `xmlns` namespace cannot be bound"
    } else if prefix == b"xml" && !xml_uri {
        "the prefix `xml` cannot be bound to another namespace"
    } else if prefix != b"xml" && xml_uri {
        "the XML namespace cannot be bound to another prefix"
    } else if !prefix.is_empty() && uri.is_empty() {
        "a prefix cannot be undeclared"
    } else {
        return Some(Ok(prefix));
    };
    Some(Err(fault))
}

/// Whether two short byte strings are equal (the first byte is compared inline).
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.first() == b.first() && a == b
}

/// The innermost declaration of each prefix, in declaration order. Linear in the number
/// of declarations.
fn visible(bindings: &[NamespaceBinding]) -> Vec<&NamespaceBinding> {
    let mut seen: std::collections::HashSet<&str> =
        std::collections::HashSet::with_capacity(bindings.len());
    let mut out: Vec<&NamespaceBinding> = Vec::with_capacity(bindings.len());
    for b in bindings.iter().rev() {
        let innermost = seen.insert(b.prefix.as_str());
        let undeclares_default = b.prefix.is_empty() && b.uri.is_empty();
        if innermost && !undeclares_default {
            out.push(b);
        }
    }
    out.reverse();
    out
}
