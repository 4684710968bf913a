//! The namespace declarations in scope while reading the envelope.

use std::sync::Arc;

use crate::namespaces::{NamespaceBinding, XML};

#[derive(Default)]
pub(crate) struct NsStack {
    bindings: Vec<NamespaceBinding>,
    marks: Vec<usize>,
    snapshot: Option<Arc<[NamespaceBinding]>>,
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

    /// Every binding in scope, innermost declaration winning, in declaration order.
    pub(crate) fn snapshot(&mut self) -> Arc<[NamespaceBinding]> {
        if let Some(s) = &self.snapshot {
            return s.clone();
        }
        let snap = visible(&self.bindings);
        self.snapshot = Some(snap.clone());
        snap
    }

    /// The bindings in scope around the innermost element, without its own declarations
    /// (those travel inside a raw copy of the element itself).
    pub(crate) fn snapshot_outer(&mut self) -> Arc<[NamespaceBinding]> {
        match self.marks.last() {
            Some(&mark) if mark < self.bindings.len() => visible(&self.bindings[..mark]),
            _ => self.snapshot(),
        }
    }
}

fn visible(bindings: &[NamespaceBinding]) -> Arc<[NamespaceBinding]> {
    let mut out: Vec<NamespaceBinding> = Vec::with_capacity(bindings.len());
    for (i, b) in bindings.iter().enumerate() {
        let shadowed = bindings[i + 1..].iter().any(|l| l.prefix == b.prefix);
        let undeclares_default = b.prefix.is_empty() && b.uri.is_empty();
        if !shadowed && !undeclares_default {
            out.push(b.clone());
        }
    }
    out.into()
}
