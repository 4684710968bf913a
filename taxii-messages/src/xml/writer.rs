//! A small XML writer into a caller's buffer: escaping, prefixes, raw passthrough.

use crate::namespaces::NamespaceBinding;
use crate::raw_xml::RawXml;
use crate::xml::chars::{escape_attr_into, escape_text_into};
use crate::xml::text::standalone;

pub(crate) struct XmlWriter<'b> {
    out: &'b mut Vec<u8>,
    prefix: &'static str,
    tag_open: bool,
    /// Bindings declared on the root, visible everywhere below it.
    root_bindings: &'static [(&'static str, &'static str)],
}

impl<'b> XmlWriter<'b> {
    pub fn new(out: &'b mut Vec<u8>, prefix: &'static str) -> Self {
        XmlWriter {
            out,
            prefix,
            tag_open: false,
            root_bindings: &[],
        }
    }

    /// Opens the root element and declares `bindings` on it.
    pub fn root(&mut self, local: &str, bindings: &'static [(&'static str, &'static str)]) {
        self.start(local);
        for (p, uri) in bindings {
            self.xmlns(p, uri);
        }
        self.root_bindings = bindings;
    }

    fn close_tag(&mut self) {
        if self.tag_open {
            self.out.push(b'>');
            self.tag_open = false;
        }
    }

    /// Writes with `prefix` instead of the writer's own (elements of another namespace).
    pub fn with_prefix(&mut self, prefix: &'static str, f: impl FnOnce(&mut Self)) {
        let own = std::mem::replace(&mut self.prefix, prefix);
        f(self);
        self.prefix = own;
    }

    /// `<prefix:local`
    pub fn start(&mut self, local: &str) {
        self.close_tag();
        self.out.push(b'<');
        self.out.extend_from_slice(self.prefix.as_bytes());
        self.out.extend_from_slice(local.as_bytes());
        self.tag_open = true;
    }

    /// `/>` or `</prefix:local>`
    pub fn end(&mut self, local: &str) {
        if self.tag_open {
            self.out.extend_from_slice(b"/>");
            self.tag_open = false;
        } else {
            self.out.extend_from_slice(b"</");
            self.out.extend_from_slice(self.prefix.as_bytes());
            self.out.extend_from_slice(local.as_bytes());
            self.out.push(b'>');
        }
    }

    pub fn xmlns(&mut self, prefix: &str, uri: &str) {
        if prefix.is_empty() {
            self.attr("xmlns", uri);
        } else {
            self.out.extend_from_slice(b" xmlns:");
            self.out.extend_from_slice(prefix.as_bytes());
            self.out.extend_from_slice(b"=\"");
            escape_attr_into(uri, self.out);
            self.out.push(b'"');
        }
    }

    pub fn attr(&mut self, name: &str, value: &str) {
        debug_assert!(self.tag_open);
        self.out.push(b' ');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"=\"");
        escape_attr_into(value, self.out);
        self.out.push(b'"');
    }

    pub fn text(&mut self, text: &str) {
        self.close_tag();
        escape_text_into(text, self.out);
    }

    /// `<p:local>text</p:local>`
    pub fn text_element(&mut self, local: &str, text: &str) {
        self.start(local);
        self.text(text);
        self.end(local);
    }

    pub fn opt_text_element(&mut self, local: &str, text: Option<&str>) {
        if let Some(t) = text {
            self.text_element(local, t);
        }
    }

    fn in_scope(&self, b: &NamespaceBinding) -> bool {
        self.root_bindings
            .iter()
            .any(|(p, u)| *p == b.prefix && *u == b.uri)
    }

    /// `<p:local ...>raw</p:local>`: `raw` written unchanged, with the namespace
    /// declarations it needs (and are not in scope) on the wrapper.
    pub fn raw_element(&mut self, local: &str, attrs: &[(&str, &str)], raw: &RawXml) {
        let own = self.prefix.trim_end_matches(':');
        let conflict = (raw.namespaces().iter()).any(|b| b.prefix == own && !self.in_scope(b));
        // The payload rebinds our prefix: name the wrapper through a fresh prefix.
        let wrapper_prefix = if conflict { "wrap_:" } else { self.prefix };
        let own_prefix = std::mem::replace(&mut self.prefix, wrapper_prefix);
        self.start(local);
        if conflict {
            let uri = self.root_bindings.iter().find(|(p, _)| *p == own);
            self.xmlns("wrap_", uri.map_or("", |(_, u)| *u));
        }
        for (k, v) in attrs {
            self.attr(k, v);
        }
        for b in raw.namespaces() {
            // Under a `wrap_` wrapper the payload's binding of our prefix is declared too,
            // but not the `wrap_` binding a payload decoded from under one carries.
            let own_rebound = b.prefix == own && !conflict;
            let wrapper = conflict && b.prefix == "wrap_" && b.is_standard();
            if !(self.in_scope(b) || own_rebound || wrapper) {
                self.xmlns(&b.prefix, &b.uri);
            }
        }
        if !raw.as_bytes().is_empty() {
            self.close_tag();
            self.out.extend_from_slice(raw.as_bytes());
        }
        self.end(local);
        self.prefix = own_prefix;
    }

    /// A raw element (e.g. `ds:Signature`) written unchanged, its start tag gaining the
    /// declarations it needs.
    pub fn raw_whole_element(&mut self, raw: &RawXml) {
        self.close_tag();
        let missing = raw.namespaces().iter().filter(|b| !self.in_scope(b));
        let text = standalone(raw.as_str(), missing);
        self.out.extend_from_slice(text.as_bytes());
    }
}
