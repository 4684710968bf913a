//! Payload capture: `xs:any` slots and content kept verbatim, checked but not resolved.

use std::io::BufRead;

use bytes::Bytes;
use quick_xml::events::{BytesStart, Event};

use super::tokenize::{local_of, subslice};
use super::{Cursor, Element, Result};
use crate::error::DecodeErrorKind as K;
use crate::raw_xml::RawXml;
use crate::xml::content_tags::{TagFault, TagLimits};
use crate::xml::fast_skip::{clean_prefix, SkipLimits};

impl<'a> Cursor<'a> {
    /// Captures everything inside `el` verbatim and closes it. Inside, markup is only
    /// tokenized: depth, element count and references are checked, DTDs refused, and
    /// namespaces are not resolved.
    pub fn raw_content(&mut self, el: Element<'a>) -> Result<RawXml> {
        self.no_more_attrs(&el)?;
        let bindings = self.ns.snapshot();
        self.check_binding_copies(el.offset)?;
        if el.empty {
            self.pop_level();
            return Ok(RawXml::captured(Bytes::new(), bindings));
        }
        let start = self.pos();
        let end = self.skip_inner()?;
        self.pop_level();
        Ok(RawXml::captured(self.bytes.slice(start..end), bindings))
    }

    /// Captures `el` itself (start tag to end tag) verbatim and closes it.
    pub fn raw_element(&mut self, el: Element<'a>) -> Result<RawXml> {
        let bindings = self.ns.snapshot_outer();
        self.check_binding_copies(el.offset)?;
        let start = el.offset;
        if !el.empty {
            self.skip_inner()?;
        }
        let end = self.pos();
        self.pop_level();
        Ok(RawXml::captured(self.bytes.slice(start..end), bindings))
    }

    /// Captured payloads carry the bindings in scope; their copies stay within
    /// `max_binding_copy_bytes` (identical scopes share one copy).
    pub(super) fn check_binding_copies(&self, at: usize) -> Result<()> {
        let max = self.limits.max_binding_copy_bytes;
        if self.ns.materialized() > max {
            return Err(self.limit(at, "max_binding_copy_bytes", max));
        }
        Ok(())
    }

    /// Skips to the end tag of the current element; returns where that end tag starts.
    pub(super) fn skip_inner(&mut self) -> Result<usize> {
        let base = self.levels.len();
        if self.fast_skip {
            self.fast_forward(base);
        }
        self.content_tags.clear();
        // Names of the content elements open, for error paths.
        let mut open: Vec<&'a str> = Vec::new();
        loop {
            let at = self.pos();
            match self.next_event()? {
                Event::Start(s) => {
                    self.count_inner(at, base + open.len() + 1)?;
                    let name = self.check_inner_tag(&s, at, &open)?;
                    open.push(name);
                }
                Event::Empty(s) => {
                    self.count_inner(at, base + open.len() + 1)?;
                    self.check_inner_tag(&s, at, &open)?;
                    self.content_tags.end(open.len() + 1);
                }
                Event::End(_) => {
                    if open.is_empty() {
                        return Ok(at);
                    }
                    self.content_tags.end(open.len());
                    open.pop();
                }
                Event::GeneralRef(r) => {
                    self.check_reference(&r, at)?;
                }
                Event::Text(t) => self.check_char_data(t[..].as_bytes(), at)?,
                Event::CData(_) | Event::Comment(_) | Event::PI(_) => {}
                Event::DocType(_) => return Err(self.error_at(at, K::DoctypeForbidden)),
                Event::Decl(_) => {
                    return Err(self.error_at(at, K::Syntax("misplaced XML declaration".into())))
                }
                Event::Eof => {
                    return Err(self.error_at(at, K::Syntax("unexpected end of input".into())))
                }
            }
        }
    }

    /// Counts a content element at `depth` against `max_depth` and `max_elements`.
    fn count_inner(&mut self, at: usize, depth: usize) -> Result<()> {
        self.elements += 1;
        if depth > self.limits.max_depth {
            return Err(self.limit(at, "max_depth", self.limits.max_depth));
        }
        if self.elements > self.limits.max_elements {
            return Err(self.limit(at, "max_elements", self.limits.max_elements));
        }
        Ok(())
    }

    /// Moves the reader over the clean prefix of the content (see `fast_skip`).
    pub(super) fn fast_forward(&mut self, base_depth: usize) {
        let limits = SkipLimits {
            base_depth,
            max_depth: self.limits.max_depth,
            max_name_bytes: self.limits.max_name_bytes,
            tags: self.tag_limits(),
            elements_left: self.limits.max_elements.saturating_sub(self.elements),
        };
        let rest: &'a [u8] = self.reader.get_ref();
        let (len, elements) = clean_prefix(
            rest,
            &limits,
            &mut self.skip_stack,
            &mut self.content_tags,
            &self.ns,
        );
        if len > 0 {
            self.reader.stream().consume(len);
            self.elements += elements;
        }
    }

    pub(super) fn tag_limits(&self) -> TagLimits {
        TagLimits {
            max_attributes: self.limits.max_attributes,
            max_name_bytes: self.limits.max_name_bytes,
            max_value_bytes: self.limits.max_value_bytes,
        }
    }

    /// Checks a start tag inside raw content (see `content_tags`); `open` names the
    /// content elements around it. Returns the tag's name.
    pub(super) fn check_inner_tag(
        &mut self,
        s: &BytesStart<'_>,
        at: usize,
        open: &[&'a str],
    ) -> Result<&'a str> {
        let input = self.input;
        let unreadable = || self.error_at(at, K::Syntax("tag could not be read".into()));
        let name = subslice(input, s.name().0).ok_or_else(unreadable)?;
        let attrs = subslice(input, s.attributes_raw()).ok_or_else(unreadable)?;
        if name.len() > self.limits.max_name_bytes {
            return Err(self.limit(at, "max_name_bytes", self.limits.max_name_bytes));
        }
        let limits = self.tag_limits();
        let checked = self.content_tags.start(
            name.as_bytes(),
            attrs.as_bytes(),
            open.len() + 1,
            limits,
            &self.ns,
        );
        let checked = checked.and_then(|end| match end == attrs.len() {
            true => Ok(()),
            false => Err(TagFault {
                at: Some(end),
                kind: K::Syntax(format!(
                    "unexpected `{}` in a start tag",
                    char::from(attrs.as_bytes()[end])
                )),
                rule: "XML 1.0 [40] STag",
            }),
        });
        match checked {
            Ok(()) => Ok(name),
            Err(TagFault {
                at: off,
                kind,
                rule,
            }) => {
                let offset = off.map_or(at, |o| offset_of(input, attrs) + o);
                let mut e = self.error_at(offset, kind).with_rule(rule);
                for el in open.iter().chain([&name]) {
                    e = e.in_child(local_of(el));
                }
                Err(e)
            }
        }
    }
}

/// Where `part` (a slice of `whole`) starts in `whole`.
fn offset_of(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}
