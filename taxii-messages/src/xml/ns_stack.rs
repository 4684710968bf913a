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
        let mut visible: Vec<NamespaceBinding> = Vec::with_capacity(self.bindings.len());
        for (i, b) in self.bindings.iter().enumerate() {
            let shadowed = self.bindings[i + 1..].iter().any(|l| l.prefix == b.prefix);
            let undeclares_default = b.prefix.is_empty() && b.uri.is_empty();
            if !shadowed && !undeclares_default {
                visible.push(b.clone());
            }
        }
        let snap: Arc<[NamespaceBinding]> = visible.into();
        self.snapshot = Some(snap.clone());
        snap
    }
}
