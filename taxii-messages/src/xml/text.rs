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

/// `markup` with the `bindings` its first element does not declare declared on it.
pub(crate) fn standalone<'b>(
    markup: &str,
    bindings: impl IntoIterator<Item = &'b NamespaceBinding>,
) -> String {
    let Some(at) = first_element(markup) else {
        return markup.to_owned();
    };
    let rest = &markup[at..];
    let name_end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    let own = &rest[..rest.find('>').unwrap_or(rest.len())];
    let mut out = String::with_capacity(markup.len() + 128);
    out.push_str(&markup[..at + name_end]);
    for b in bindings {
        let decl = match b.prefix.as_str() {
            "" => "xmlns=".to_owned(),
            p => format!("xmlns:{p}="),
        };
        if !own.contains(&decl) {
            let mut value = Vec::new();
            crate::xml::chars::escape_attr_into(&b.uri, &mut value);
            let value = std::str::from_utf8(&value).unwrap_or_default();
            out.push_str(&format!(" {decl}\"{value}\""));
        }
    }
    out.push_str(&rest[name_end..]);
    out
}
