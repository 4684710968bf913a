//! Structures shared by the TAXII 1.0 and 1.1 bindings, and small value codecs.

use crate::ids::Uri;
use crate::namespaces::Ns;
use crate::raw_xml::RawXml;
use crate::timestamp::Timestamp;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;

/// One extended header: a URI name and a value of any XML (checklist EH-1..EH-3).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ExtendedHeader {
    /// The header name (a URI, ideally with an authority part).
    pub name: Uri,
    /// The value: text and/or elements, kept verbatim.
    pub value: RawXml,
}

impl ExtendedHeader {
    /// A header whose value is plain text.
    pub fn text(name: Uri, value: &str) -> Self {
        ExtendedHeader::new(name, RawXml::from_text(value))
    }

    /// A header with any XML value.
    pub fn new(name: Uri, value: RawXml) -> Self {
        ExtendedHeader { name, value }
    }
}

/// Decodes an optional `Extended_Headers` container.
pub(crate) fn decode_extended_headers<'a>(
    c: &mut Cursor<'a>,
    parent: &Element<'a>,
    ns: Ns,
) -> Result<Vec<ExtendedHeader>> {
    let Some(list) = c.child(parent, ns, "Extended_Headers")? else {
        return Ok(Vec::new());
    };
    let headers = c.children(&list, ns, "Extended_Header", |c, mut el| {
        let name = uri_attr(c, &mut el, "name")?;
        let value = c.raw_content(el)?;
        Ok(ExtendedHeader { name, value })
    })?;
    if headers.is_empty() {
        let kind = crate::DecodeErrorKind::MissingElement("Extended_Header");
        return Err(c.error_in(&list, kind));
    }
    c.end(list)?;
    Ok(headers)
}

pub(crate) fn encode_extended_headers(w: &mut XmlWriter<'_>, headers: &[ExtendedHeader]) {
    if headers.is_empty() {
        return;
    }
    w.start("Extended_Headers");
    for h in headers {
        w.raw_element("Extended_Header", &[("name", h.name.as_str())], &h.value);
    }
    w.end("Extended_Headers");
}

/// Decodes an optional trailing `ds:Signature` (kept raw, never verified).
pub(crate) fn decode_signature<'a>(
    c: &mut Cursor<'a>,
    parent: &Element<'a>,
) -> Result<Option<RawXml>> {
    let el = c.child(parent, Ns::Dsig, "Signature")?;
    el.map(|el| c.raw_element(el)).transpose()
}

/// Decodes any number of trailing `ds:Signature` elements.
pub(crate) fn decode_signatures<'a>(
    c: &mut Cursor<'a>,
    parent: &Element<'a>,
) -> Result<Vec<RawXml>> {
    c.children(parent, Ns::Dsig, "Signature", |c, el| c.raw_element(el))
}

pub(crate) fn encode_signature(w: &mut XmlWriter<'_>, sig: Option<&RawXml>) {
    if let Some(sig) = sig {
        w.raw_whole_element(sig);
    }
}

/// An element or attribute name, as errors carry it.
pub(crate) type Name = &'static str;

// ---- value codecs ---------------------------------------------------------------------

fn collapse(v: &str) -> &str {
    v.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

pub(crate) fn uri_attr<'a>(c: &Cursor<'a>, el: &mut Element<'a>, name: Name) -> Result<Uri> {
    let v = c.required_attr(el, name)?;
    to_uri(c, el, name, &v)
}

pub(crate) fn to_uri(c: &Cursor<'_>, el: &Element<'_>, field: Name, v: &str) -> Result<Uri> {
    Uri::new(v).map_err(|_| c.invalid(el, field, v, "a non-empty URI without whitespace"))
}

pub(crate) fn parse_bool(v: &str) -> Option<bool> {
    match collapse(v) {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

pub(crate) fn parse_u64(v: &str) -> Option<u64> {
    let v = collapse(v);
    let v = v.strip_prefix('+').unwrap_or(v);
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// The text of `el` read by `parse`; an error names `field`, the value, what `parse`
/// expected and the rule it gives.
pub(crate) fn parse_text<'a, T>(
    c: &mut Cursor<'a>,
    el: Element<'a>,
    field: Name,
    parse: impl FnOnce(&str) -> std::result::Result<T, (&'static str, Option<&'static str>)>,
) -> Result<T> {
    let offset = el.offset;
    let text = c.text(el)?;
    parse(&text).map_err(|(expected, rule)| {
        let value = crate::error::excerpt(&text);
        let e = c.error_at(
            offset,
            crate::DecodeErrorKind::InvalidValue {
                field,
                value,
                expected,
            },
        );
        match rule {
            Some(rule) => e.with_rule(rule),
            None => e,
        }
    })
}

pub(crate) fn uri_text<'a>(c: &mut Cursor<'a>, el: Element<'a>, field: Name) -> Result<Uri> {
    parse_text(c, el, field, |t| {
        Uri::new(t).map_err(|_| ("a non-empty URI without whitespace", None))
    })
}

/// An `xs:string` element: text kept as written.
pub(crate) fn opt_string_element<'a>(
    c: &mut Cursor<'a>,
    parent: &Element<'a>,
    ns: Ns,
    local: Name,
) -> Result<Option<String>> {
    let el = c.child(parent, ns, local)?;
    el.map(|el| Ok(c.text(el)?.into_owned())).transpose()
}

pub(crate) fn timestamp_text<'a>(
    c: &mut Cursor<'a>,
    el: Element<'a>,
    field: Name,
) -> Result<Timestamp> {
    let parsed = parse_text(c, el, field, |t| {
        Timestamp::parse(t).map_err(|e| match e {
            crate::TimestampError::MissingZone => ("a time-zone designator", Some("TS-2")),
            crate::TimestampError::TooPrecise => ("at most 6 fractional digits", Some("TS-3")),
            _ => ("YYYY-MM-DDThh:mm:ss[.ffffff](Z|+hh:mm)", Some("TS-1")),
        })
    });
    parsed.map_err(|e| e.in_child(field))
}

pub(crate) fn u64_text<'a>(c: &mut Cursor<'a>, el: Element<'a>, field: Name) -> Result<u64> {
    let parsed = parse_text(c, el, field, |t| {
        parse_u64(t).ok_or(("a non-negative integer", None))
    });
    parsed.map_err(|e| e.in_child(field))
}
