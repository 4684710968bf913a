//! Helpers over raw markup: is it text, what text does it hold, make it standalone.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::namespaces::NamespaceBinding;

/// Byte offset of the first element start tag in `markup`, if any.
pub(crate) fn first_element(markup: &str) -> Option<usize> {
    let mut reader = Reader::from_str(markup);
    loop {
        let at = usize::try_from(reader.buffer_position()).ok()?;
        match reader.read_event() {
            Ok(Event::Start(_)) | Ok(Event::Empty(_)) => return Some(at),
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// Text with references resolved and CDATA unwrapped, when `markup` has no element.
pub(crate) fn flatten_text(markup: &str) -> Option<String> {
    let mut reader = Reader::from_str(markup);
    let mut out = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Text(t) => out.push_str(&t.xml10_content()),
            Event::CData(c) => out.push_str(&c.xml10_content()),
            Event::GeneralRef(r) => out.push(crate::xml::chars::resolve_reference(&r).ok()?),
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => return Some(out),
            _ => return None,
        }
    }
}

/// `markup` with the bindings it lacks declared on its first element.
pub(crate) fn standalone(markup: &str, bindings: &[NamespaceBinding]) -> String {
    let Some(at) = first_element(markup) else {
        return markup.to_owned();
    };
    let rest = &markup[at..];
    let name_end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    let tag_end = rest.find('>').unwrap_or(rest.len());
    let own = &rest[..tag_end];
    let mut out = String::with_capacity(markup.len() + 64 * bindings.len());
    out.push_str(&markup[..at + name_end]);
    for b in bindings {
        let decl = if b.prefix.is_empty() {
            "xmlns=".to_owned()
        } else {
            format!("xmlns:{}=", b.prefix)
        };
        if own.contains(&decl) {
            continue;
        }
        let mut value = Vec::new();
        crate::xml::chars::escape_attr_into(&b.uri, &mut value);
        out.push(' ');
        out.push_str(&decl);
        out.push('"');
        out.push_str(std::str::from_utf8(&value).unwrap_or_default());
        out.push('"');
    }
    out.push_str(&rest[name_end..]);
    out
}
